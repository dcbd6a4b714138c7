from ninja.security import HttpBearer

from alliance87.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer a87_…``, a token its owner made on their account page."""

    def authenticate(self, request, token: str):
        user = api_token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user
