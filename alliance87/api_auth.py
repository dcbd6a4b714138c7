from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer

from alliance87.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer a87_…``, a token its owner made on their account page."""

    def authenticate(self, request, token: str):
        user = api_token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


class OptionalTokenAuth(TokenAuth):
    """A bearer token when one is given (a wrong one is still a 401); anonymous without one."""

    def __call__(self, request):
        if not request.headers.get(self.header):
            return AnonymousUser()
        return super().__call__(request)
