from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .rules import is_secretariat


class RequireSecretariatTwoFactorMiddleware:
    """The secretariat holds the keys to everything: every session of theirs is confirmed by a code.

    A secretariat member without an authenticator is sent to set one up; one whose session was not
    confirmed with a code (a password-only sign-in, or just after setting it up) is asked for one.
    Other roles may turn two-factor on by choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not self._exempt(request.path_info)
            and is_secretariat(user)
            and not self._confirmed_with_code(request, user)
        ):
            from allauth.mfa.models import Authenticator  # noqa: PLC0415 -- apps are loaded by now

            query = urlencode({"next": request.get_full_path()})
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _confirmed_with_code(request, user) -> bool:
        from allauth.account.internal.flows.login import get_authentication_records  # noqa: PLC0415

        return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))

    @staticmethod
    def _exempt(path: str) -> bool:
        return any(part in path for part in ("/accounts/", "/static/", "/i18n/")) or path.startswith("/api/")
