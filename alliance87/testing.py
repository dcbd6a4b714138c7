"""Helpers the tests share (the root conftest and the browser tests import them from here, by name, so
that which ``conftest`` pytest loaded first never matters)."""

from alliance87.accounts.models import User
from alliance87.accounts.services import role_grant

PASSWORD = "correct horse battery staple"


def make_user(email: str, role: str | None = None, scope=None, name: str = "") -> User:
    """A user who can sign in with ``PASSWORD``, holding ``role`` (for ``scope``) if given."""
    user = User.objects.create_user(email, PASSWORD, name=name or email.split("@", maxsplit=1)[0])
    if role:
        role_grant(user=user, role=role, scope=scope)
    return User.objects.get(pk=user.pk)
