"""A secretariat signed in with the second factor confirmed, for the browser tests to hand to a tab (the
middleware sends a secretariat session without it to the code page)."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.test import Client, RequestFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def secretariat_session(user) -> str:
    """A session key of ``user`` with the second factor confirmed, as after entering the code at sign-in."""
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "mfa", type="totp")
    request.session.save()
    return request.session.session_key


def secretariat_cookie(user, site: str) -> dict:
    """The cookie of ``secretariat_session(user)`` for the live server at ``site``."""
    return {"name": settings.SESSION_COOKIE_NAME, "value": secretariat_session(user), "url": site}
