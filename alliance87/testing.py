"""Helpers the tests share (the root conftest and the browser tests import them from here, by name, so
that which ``conftest`` pytest loaded first never matters)."""

from alliance87.accounts.models import User
from alliance87.accounts.services import role_grant, user_create

PASSWORD = "correct horse battery staple"


def make_user(email: str, role: str | None = None, scope=None, name: str = "") -> User:
    """A user who can sign in with ``PASSWORD``, holding ``role`` (for ``scope``) if given."""
    user = user_create(
        email=email, password=PASSWORD, name=name or email.split("@", maxsplit=1)[0], email_verified=True
    )
    if role:
        role_grant(user=user, role=role, scope=scope)
    return User.objects.get(pk=user.pk)
