"""What every WebSocket of the platform does with a client's frame, and how any failure ends.

A screen sends small JSON objects (``{"type": "ping"}``, ``{"since": 12}``). Anything else is answered
``{"type": "error", "code": "bad_message", "message": ...}`` and the socket stays open: an empty or binary
frame, text that is not JSON, JSON that is not an object, an array nested thousands deep (Python's json
raises RecursionError for it, not ValueError), a frame longer than ``MAX_MESSAGE_CHARS``, a NUL character
(raw or as ``\\u0000``: PostgreSQL refuses it in text, so the server never acts on it).

A failure the consumer did not foresee is logged, answered ``server_error`` and closed with
``CLOSE_SERVER_ERROR`` (1011, "internal error"), rather than left to the ASGI server (which drops the
connection: 1006 on the client). Whatever ends a consumer (a close, a failure in ``connect`` or in a
handler, its task cancelled), its ``forget`` runs, so no relay or tailer keeps a dead screen: they push
to every socket they hold, so each one left behind would cost every later broadcast.
"""

import json
import logging

from channels.exceptions import StopConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2048  # a screen's largest message is under 100 characters
CLOSE_SERVER_ERROR = 1011


class BadFrame(Exception):
    """A frame the server will not act on; ``reason``: "binary", "too_long", "nul", or None (the consumer's
    own "not understood" text, which names what it expects)."""

    def __init__(self, reason: str | None = None):
        super().__init__(reason)
        self.reason = reason

    def text(self) -> str | None:
        """What to tell the screen, in the active language (None: the consumer's "not understood")."""
        if self.reason == "binary":
            return _("This socket takes text messages (JSON), not binary ones.")
        if self.reason == "too_long":
            return _("This message is too long: at most %(count)d characters.") % {"count": MAX_MESSAGE_CHARS}
        if self.reason == "nul":
            return _("This message contains a NUL character, which is not allowed.")
        return None


def read_frame(message: dict) -> dict:
    """The JSON object a ``websocket.receive`` message carries; raises BadFrame for anything else."""
    text = message.get("text")
    if text is None:
        raise BadFrame("binary" if message.get("bytes") is not None else None)
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadFrame("too_long")
    if "\x00" in text or "\\u0000" in text:
        raise BadFrame("nul")
    try:
        content = json.loads(text)
    except (ValueError, RecursionError):
        raise BadFrame from None
    if not isinstance(content, dict):
        raise BadFrame
    return content


class GuardedSocket:
    """Put before channels' ``AsyncWebsocketConsumer`` (or its JSON variant) in a consumer's bases.

    The consumer overrides ``receive_message(content: dict)`` (called with the JSON object of each
    well-formed frame, in whatever language is active: it picks the screen's for its own messages; by
    default every frame is answered "not understood"), ``not_understood()`` (its "did not understand"
    text, naming what it expects) and ``forget()`` (leave every relay, tailer and watch it joined; called
    more than once, so idempotent; by default there is nothing to leave), and sets ``language`` in
    ``connect``.
    """

    language = settings.LANGUAGE_CODE
    accepted = False
    closing = False

    async def __call__(self, scope, receive, send):
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.forget()

    async def accept(self, *args, **kwargs):
        await super().accept(*args, **kwargs)
        self.accepted = True

    async def close(self, code=None, reason=None):
        self.closing = True
        await super().close(code=code, reason=reason)

    async def websocket_connect(self, message):
        try:
            await super().websocket_connect(message)
        except StopConsumer:
            raise
        except Exception:
            log.exception("websocket %s: connecting failed", self.scope.get("path"))
            await self.fail()

    async def websocket_receive(self, message):
        if self.closing:
            return  # closed by the server: frames still in flight get no answer (the socket cannot take it)
        try:
            try:
                content = read_frame(message)
            except BadFrame as bad:
                with translation.override(self.language):
                    await self.send_error("bad_message", bad.text() or self.not_understood())
                return
            await self.receive_message(content)
        except StopConsumer:
            raise
        except Exception:
            log.exception("websocket %s: a message could not be handled", self.scope.get("path"))
            await self.fail()

    async def send_error(self, code: str, message: str) -> None:
        await self.send(text_data=json.dumps({"type": "error", "code": code, "message": str(message)}))

    async def fail(self) -> None:
        """End the socket cleanly after an unexpected failure: tell the screen, close with 1011."""
        self.forget()
        try:
            if self.accepted and not self.closing:
                with translation.override(self.language):
                    text = _("The server failed to handle this; reconnect to carry on.")
                await self.send_error("server_error", text)
            if not self.closing:
                await self.close(code=CLOSE_SERVER_ERROR)
        except Exception:  # noqa: BLE001 -- the connection is already gone: nothing left to tell it
            log.debug("websocket %s: could not close after a failure", self.scope.get("path"), exc_info=True)

    # For the consumer.

    async def receive_message(self, content: dict) -> None:
        """A well-formed frame. Here: not understood; each consumer answers the messages it knows."""
        with translation.override(self.language):
            await self.send_error("bad_message", self.not_understood())

    def not_understood(self) -> str:
        return _("The server did not understand this message.")

    def forget(self) -> None:
        """Leave every relay, tailer and watch the socket joined: here, none."""
