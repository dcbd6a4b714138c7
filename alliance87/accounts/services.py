"""Every write to accounts: roles and API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rights_changed
from .models import ROLE_SCOPES, ApiToken, Role, RoleAssignment, User, hash_token


@transaction.atomic
def user_create(*, email: str, password: str | None, name: str = "", email_verified: bool = False) -> User:
    """A new account; ``email_verified`` when whoever creates it vouches for the address (the demo's
    loader, the tests' cast). Sign-in needs a verified address (``ACCOUNT_EMAIL_VERIFICATION``): an
    account made otherwise is sent a confirmation link at its first sign-in.

    Side effects: the user, and allauth's record of its address.
    """
    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- allauth's models need the apps loaded

    user = User.objects.create_user(email, password, name=name)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user


@transaction.atomic
def role_grant(*, user: User, role: str, scope: models.Model | None = None) -> RoleAssignment:
    """Give ``user`` the ``role`` (for ``scope`` where the role is scoped). Idempotent.

    Raises ValidationError when a scoped role has no scope, or a global role is given one.
    """
    expected = ROLE_SCOPES.get(role)
    expected_label = expected.split(".")[-1] if expected else ""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role “%(role)s”.") % {"role": role}})
    if expected and scope is None:
        raise ValidationError({"scope": _("This role is held for one %(kind)s; choose it.") % {"kind": expected_label}})
    if scope is not None:
        if not expected or scope._meta.label_lower != expected:
            raise ValidationError({"scope": _("This role cannot be held for that object.")})
        content_type = ContentType.objects.get_for_model(scope)
        assignment, _created = RoleAssignment.objects.get_or_create(
            user=user, role=role, content_type=content_type, object_id=scope.pk
        )
    else:
        assignment, _created = RoleAssignment.objects.get_or_create(
            user=user, role=role, content_type=None, object_id=None
        )
    user.__dict__.pop("_role_assignments", None)
    return assignment


@transaction.atomic
def role_revoke(*, user: User, role: str, scope: models.Model | None = None) -> int:
    """Take ``role`` away from ``user``; returns how many assignments were removed.

    Side effects: after the commit, tells every server process (``rights_changed.announce``), so the
    user's open sockets check their right again and close if it is gone.
    """
    qs = RoleAssignment.objects.filter(user=user, role=role)
    if scope is not None:
        qs = qs.filter(content_type=ContentType.objects.get_for_model(scope), object_id=scope.pk)
    deleted, _details = qs.delete()
    user.__dict__.pop("_role_assignments", None)
    if deleted:
        user_id = user.pk
        transaction.on_commit(lambda: rights_changed.announce(user_id=user_id))
    return deleted


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with its secret, which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the system that will use it.")})
    raw = "a87_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[4:10], key_hash=hash_token(raw))
    return token, raw


def token_expires_at(*, token: ApiToken):
    """When ``token`` stops working: None for most accounts, ``SECRETARIAT_TOKEN_DAYS`` after it was made
    for an account that must confirm a second factor."""
    from .twofactor import requires_second_factor  # noqa: PLC0415 -- twofactor imports channels

    if not requires_second_factor(token.user):
        return None
    return token.created_at + timedelta(days=settings.SECRETARIAT_TOKEN_DAYS)


def token_expired(*, token: ApiToken) -> bool:
    expires_at = token_expires_at(token=token)
    return expires_at is not None and expires_at <= timezone.now()


def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def api_token_authenticate(*, raw: str) -> User | None:
    """The active user behind a token secret, or None. Records when the token was last used.

    A token acts with all of its owner's roles (there are no scopes: a token of a partner editor can do
    what that editor can do on the pages). A token of an account that must confirm a second factor (the
    secretariat) works for ``SECRETARIAT_TOKEN_DAYS`` after it was made, no longer: the code was
    confirmed when it was made, and a token that outlives that confirmation by months is a key left
    under the mat.
    """
    token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_token(raw.strip())).first()
    if token is None or not token.user.is_active:
        return None
    if token_expired(token=token):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
