from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from alliance87.pagecache import public_pages_changed


def require(by, perm: str, obj=None) -> None:
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def save_validated(obj, by) -> None:
    obj.full_clean()
    obj._history_user = by
    obj.save()


__all__ = ["require", "save_validated", "public_pages_changed"]
