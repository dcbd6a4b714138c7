import re

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import twofactor


def _exempt_paths() -> re.Pattern:
    """Where a secretariat session that owes its code may go: allauth's own pages (signing in, giving
    the code, setting an authenticator up, signing out), under the optional language prefix; static
    files; and the API, which takes bearer tokens only, never the session.

    Prefixes of the path only: a path that merely *contains* ``/accounts/`` (``/admin/accounts/…``) is
    not exempt.
    """
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    static = re.escape(settings.STATIC_URL.lstrip("/"))
    return re.compile(rf"^/(?:(?:{languages})/)?accounts/|^/{static}|^/api/")


class RequireSecretariatTwoFactorMiddleware:
    """The secretariat holds the keys to everything: every session of theirs is confirmed by a code.

    A secretariat member without an authenticator is sent to set one up; one whose session was not
    confirmed with a code (a password-only sign-in, or just after setting it up) is asked for one.
    Until then the user is marked (``twofactor``), so no rule grants them the secretariat's rights,
    on exempt paths too. Other roles may turn two-factor on by choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = _exempt_paths()

    def __call__(self, request):
        user = getattr(request, "user", None)
        if twofactor.mark_session_user(user, request.session) and not self.exempt.match(request.path_info):
            from allauth.mfa.models import Authenticator  # noqa: PLC0415 -- apps are loaded by now

            query = urlencode({"next": request.get_full_path()})
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)
