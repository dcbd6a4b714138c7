from alliance87.pagecache import public_pages_changed
from alliance87.writes import require, save_validated

__all__ = ["require", "save_validated", "public_pages_changed"]
