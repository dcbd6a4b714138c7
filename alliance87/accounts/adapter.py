from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Anyone may create an account; roles are granted by the secretariat.
        return settings.ACCOUNT_SIGNUP_OPEN
