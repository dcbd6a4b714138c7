"""The steps every Pathfinder service shares: who may act, validated saves, public pages. (E-mail:
``alliance87.notify``.)"""

from alliance87.pagecache import public_pages_changed
from alliance87.writes import require, save_validated

__all__ = ["require", "save_validated", "public_pages_changed"]
