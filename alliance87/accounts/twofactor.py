"""The secretariat's second factor, checked the same way at every door: pages, the admin and sockets.

The secretariat holds the keys to everything, so a secretariat session counts as the secretariat only
once it was confirmed with a code. Each entry point marks the signed-in user of a session that still
owes its code (``second_factor_pending``); ``accounts.rules.is_secretariat`` is false for such a user,
so every rule built on it (the admin, every service, every consumer) refuses until the code is given.

The entry points that mark the user:
- pages: ``RequireSecretariatTwoFactorMiddleware`` (which also sends the person to give the code);
- sockets: ``SecondFactorSocketMiddleware``, inside channels' ``AuthMiddlewareStack``;
- the API: bearer tokens only (no session); a token is made on ``/me/tokens/``, a page that needs the
  confirmed code, and a secretariat account's token works for ``SECRETARIAT_TOKEN_DAYS`` only
  (``services.api_token_authenticate``).
"""

from types import SimpleNamespace

from channels.db import database_sync_to_async

from .models import Role

PENDING = "second_factor_pending"


def requires_second_factor(user) -> bool:
    """Whether this account must confirm a code before acting (the secretariat, and superusers)."""
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or any(a.role == Role.SECRETARIAT for a in user.role_assignments))
    )


def confirmed_with_code(session, user) -> bool:
    """Whether ``session`` was confirmed with a second factor for ``user`` (allauth's record of it)."""
    from allauth.account.internal.flows.login import get_authentication_records  # noqa: PLC0415 -- apps loaded

    if session is None:
        return False
    records = get_authentication_records(SimpleNamespace(session=session), user)
    return any(record.get("method") == "mfa" for record in records)


def mark_session_user(user, session) -> bool:
    """Mark ``user`` (the session's) as owing its code where it does; returns whether it does."""
    if user is None or not user.is_authenticated:
        return False
    pending = requires_second_factor(user) and not confirmed_with_code(session, user)
    setattr(user, PENDING, pending)
    return pending


def is_pending(user) -> bool:
    return bool(getattr(user, PENDING, False))


class SecondFactorSocketMiddleware:
    """For sockets: mark the scope's user as the page middleware does (inside ``AuthMiddlewareStack``,
    which has resolved ``scope["user"]`` and ``scope["session"]`` by now)."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is not None and user.is_authenticated:
            await database_sync_to_async(mark_session_user)(user, scope.get("session"))
        return await self.inner(scope, receive, send)
