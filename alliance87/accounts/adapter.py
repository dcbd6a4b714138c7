from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Anyone may create an account; roles are granted by the secretariat.
        return settings.ACCOUNT_SIGNUP_OPEN

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The failed sign-ins' count is per account *and* network address: five wrong passwords from a
        stranger lock that stranger out of the account for five minutes, not the owner, who signs in from
        elsewhere. (allauth keys it by account alone, so anyone who knows the secretariat's address could
        keep it locked out.) The per-address ceiling in ``ACCOUNT_RATE_LIMITS`` still holds."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"
