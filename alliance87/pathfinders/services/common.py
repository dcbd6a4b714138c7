"""The steps every Pathfinder service shares: who may act, validated saves, public pages, and a record's
text in its reader's language. (E-mail: ``alliance87.notify``.)"""

from django.utils.functional import lazy

from alliance87.pagecache import public_pages_changed
from alliance87.translations import localised
from alliance87.writes import require, save_validated


def _localised_str(obj, field: str) -> str:
    return str(localised(obj, field))


# ``obj``'s ``field`` in the language active when the text is read, not when it is made: an e-mail's
# context, which ``notify`` formats in each recipient's language (a cycle's title in French for a
# French focal point, in English for the reviewer).
localised_lazy = lazy(_localised_str, str)

__all__ = ["require", "save_validated", "public_pages_changed", "localised", "localised_lazy"]
