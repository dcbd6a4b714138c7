"""The steps every service takes around a write: check who acts, validate, record who in the history."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require(by, perm: str, obj=None) -> None:
    """Raise PermissionDenied unless ``by`` holds ``perm`` (for ``obj``), as the apps' rules.py say."""
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def save_validated(obj, by) -> None:
    """Validate every field (errors name the field), then save with ``by`` as the history's author."""
    obj.full_clean()
    obj._history_user = by
    obj.save()
