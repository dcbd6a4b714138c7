"""Helpers the tests share (the root conftest and the browser tests import them from here, by name, so
that which ``conftest`` pytest loaded first never matters)."""

import io
from unittest import mock

from asgiref.testing import ApplicationCommunicator

from alliance87.accounts.models import User
from alliance87.accounts.services import role_grant, user_create

PASSWORD = "correct horse battery staple"


def make_user(email: str, role: str | None = None, scope=None, name: str = "") -> User:
    """A user who can sign in with ``PASSWORD``, holding ``role`` (for ``scope``) if given."""
    user = user_create(
        email=email, password=PASSWORD, name=name or email.split("@", maxsplit=1)[0], email_verified=True
    )
    if role:
        role_grant(user=user, role=role, scope=scope)
    return User.objects.get(pk=user.pk)


class SocketClient(ApplicationCommunicator):
    """One WebSocket client of an ASGI application: what ``channels.testing.WebsocketCommunicator`` does
    (which cannot be imported without Daphne, which the project does not install: it serves with uvicorn).
    The consumer tests add what each needs (connecting, JSON) on top."""

    def __init__(self, application, path: str, headers: list[tuple[bytes, bytes]]):
        route, _sep, query = path.partition("?")
        scope = {"type": "websocket", "path": route, "query_string": query.encode(), "headers": headers}
        super().__init__(application, scope)

    # As channels' communicator: the test's database connection is kept between messages.
    async def send_input(self, message):
        with mock.patch("channels.db.close_old_connections", lambda: None):
            return await super().send_input(message)

    async def receive_output(self, timeout=1):
        with mock.patch("channels.db.close_old_connections", lambda: None):
            return await super().receive_output(timeout)


def pdf_fonts(pdf) -> set[str]:
    """The fonts embedded in a PDF (its bytes or a ``pypdf.PdfReader``), without their subset tags
    (``ABCDEF+Noto-Sans`` -> ``Noto-Sans``)."""
    from pypdf import PdfReader

    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names
