import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from alliance87 import first_language

from . import twofactor

# allauth's pages a session that still owes its code may open: signing in and out, giving the code,
# confirming an address and resetting a forgotten password (both need the mailbox). Not the pages that
# change the account (its e-mail addresses, password, authenticators, recovery codes): with the password
# alone, someone could otherwise turn the owner's authenticator off and set up their own.
OPEN_WHILE_CODE_OWED = {
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_confirm_login_code",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "mfa_authenticate",
    "mfa_reauthenticate",
}


def _open_prefixes() -> re.Pattern:
    """Static files and the API (which takes bearer tokens only, never the session). Prefixes only:
    ``/admin/static/…`` or ``/admin/api/…`` are not open."""
    static = re.escape(settings.STATIC_URL.lstrip("/"))
    return re.compile(rf"^/{static}|^/api/")


class RequireSecretariatTwoFactorMiddleware:
    """The secretariat holds the keys to everything: every session of theirs is confirmed by a code.

    A secretariat member without an authenticator is sent to set one up; one whose session was not
    confirmed with a code (a password-only sign-in, or just after setting it up) is asked for one.
    Until then the user is marked (``twofactor``), so no rule grants them the secretariat's rights on
    the pages left open either. Other roles may turn two-factor on by choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_prefixes = _open_prefixes()

    def __call__(self, request):
        user = getattr(request, "user", None)
        if twofactor.mark_session_user(user, request.session) and not self._open(request.path_info, user):
            query = urlencode({"next": request.get_full_path()})
            if not self._has_authenticator(user):
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)

    def _open(self, path: str, user) -> bool:
        if self.open_prefixes.match(path):
            return True
        try:
            match = resolve(path)  # allauth's pages, under any language prefix
        except Resolver404:
            return False
        if not match.func.__module__.startswith("allauth."):
            return False
        name = match.url_name
        if name in ("mfa_activate_totp", "account_reauthenticate"):
            # Setting up the first authenticator (allauth asks for the password again first); never
            # replacing one.
            return not self._has_authenticator(user)
        return name in OPEN_WHILE_CODE_OWED

    @staticmethod
    def _has_authenticator(user) -> bool:
        from allauth.mfa.models import Authenticator  # noqa: PLC0415 -- apps are loaded by now

        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RememberLanguageMiddleware:
    """Keeps ``User.language`` as the language the person last read a page in, so that what the
    platform e-mails them (``alliance87.notify``) is in that language, and an unprefixed page opened
    on a device that has no language cookie yet is shown in it (``first_language``). One write when it
    changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if first_language.session_without_choice(request.COOKIES):
            language = first_language.redirect_language(
                method=request.method,
                path=request.path_info,
                remembered=first_language.remembered_language(user.language)
                if user and user.is_authenticated
                else None,
                accept_language=request.headers.get("Accept-Language", ""),
                htmx=bool(request.headers.get("HX-Request")),
            )
            if language:
                return first_language.redirect(language, request)
        response = self.get_response(request)
        first_language.vary(request, response)
        language = getattr(request, "LANGUAGE_CODE", "")
        if (
            request.method == "GET"
            and user is not None
            and user.is_authenticated
            and language
            and user.language != language
            and response.status_code == 200
        ):
            get_user_model().objects.filter(pk=user.pk).update(language=language)
            user.language = language
        return response
