"""The steps every service takes around a write: check who acts, validate, record who in the history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def require(by, perm: str, obj=None) -> None:
    """Raise PermissionDenied unless ``by`` holds ``perm`` (for ``obj``), as the apps' rules.py say."""
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def refuse_nul(obj) -> None:
    """Raise ValidationError naming each text field of ``obj`` that holds a NUL character.

    The request middleware (``text_input``) refuses NUL in what a request brings; this catches text that
    reaches a service another way (a file's contents, a command), before PostgreSQL refuses it.
    """
    errors = {
        field.name: _("Text may not contain NUL characters.")
        for field in obj._meta.concrete_fields
        if isinstance(getattr(obj, field.attname, None), str) and "\x00" in getattr(obj, field.attname)
    }
    if errors:
        raise ValidationError(errors)


def save_validated(obj, by) -> None:
    """Validate every field (errors name the field), then save with ``by`` as the history's author."""
    refuse_nul(obj)
    obj.full_clean()
    obj._history_user = by
    obj.save()
