from django.shortcuts import redirect
from django.urls import reverse

from .rules import is_secretariat


class RequireSecretariatTwoFactorMiddleware:
    """The secretariat holds the keys to everything: it must set up two-factor before going on.

    allauth then asks for the code at every sign-in. Other roles may turn two-factor on by choice.
    """

    session_key = "a87_mfa_ok"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.session.get(self.session_key):
            if is_secretariat(user):
                from allauth.mfa.models import Authenticator  # noqa: PLC0415 -- apps are loaded by now

                if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                    request.session[self.session_key] = True
                elif not self._exempt(request.path_info):
                    return redirect(reverse("mfa_activate_totp") + "?required=1")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        return any(part in path for part in ("/accounts/", "/static/", "/i18n/")) or path.startswith("/api/")
