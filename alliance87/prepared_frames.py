"""One message framed once, written to thousands of WebSockets: the server's side.

Through ASGI, every message to every socket is a trip through the application and the server: a
``websocket.send`` dict, the server's ``send`` coroutine, the text encoded to UTF-8 and framed again by
``websockets``' ``ServerProtocol`` (and compressed again, per socket, when the browser asked for
permessage-deflate), then written. The wall sends the same message to every screen, so all of that but
the write is the same work done once per screen.

``WebSocketProtocol`` is uvicorn's ``websockets-sansio`` protocol (uvicorn is pinned in pyproject.toml)
with one addition: an ASGI extension in the socket's scope, ``scope["extensions"][EXTENSION]["write"]``,
a plain function that writes a frame the application prepared once (``Prepared``) straight to the
socket's transport, and returns how many bytes the socket has not yet taken (None when the socket is
closing or closed: nothing is written then). What to do about a socket that does not keep up is the
caller's to decide (``artwork.live``: close it). The server runs with it as ``--ws
alliance87.prepared_frames:WebSocketProtocol`` (``make run``); under another server the extension is
absent and the application sends through ASGI as before.

Why a frame may skip the protocol object: a server's data frame is not masked, and uvicorn never
fragments, so a whole frame written between two of the protocol's own (every write is synchronous, in
the event loop) cannot interleave with them. Prepared frames are not compressed (RSV1 clear), which
RFC 7692 allows on a connection that negotiated permessage-deflate, and the protocol's compression
context stays as it was. Written only while the protocol's state is OPEN: never before the handshake's
101 nor after a close frame.

No Django here: uvicorn imports this module before it loads the application.
"""

from __future__ import annotations

from collections.abc import Callable

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State

EXTENSION = "alliance87.websocket.prepared_frames"
_OPEN = State.OPEN  # read once per frame written, thousands of times per message: a module constant

Writer = Callable[[bytes], "int | None"]


class Prepared:
    """A text message for many sockets: ``text`` (for the ASGI way) and ``frame``, encoded and framed once
    (an unmasked, unfragmented text frame, by ``websockets``' own serialiser)."""

    __slots__ = ("frame", "text")

    def __init__(self, text: str):
        self.text = text
        self.frame = Frame(Opcode.TEXT, text.encode()).serialize(mask=False)

    def __repr__(self) -> str:
        return f"Prepared({self.text[:60]!r})"


def writer(scope: dict) -> Writer | None:
    """The socket's prepared-frame writer, or None when its server offers none (then send through ASGI)."""
    extension = (scope.get("extensions") or {}).get(EXTENSION)
    return extension["write"] if extension else None


class WebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets-sansio protocol, offering ``EXTENSION`` to the application."""

    async def run_asgi(self) -> None:
        self.scope["extensions"][EXTENSION] = {"write": self.write_prepared}
        await super().run_asgi()

    def write_prepared(self, frame: bytes) -> int | None:
        """Write ``frame`` (a whole frame, from ``Prepared``); the bytes still waiting in the socket's
        buffer, or None if the socket is closing or closed (nothing written)."""
        transport = self.transport
        if self.conn.state is not _OPEN or transport.is_closing():
            return None
        transport.write(frame)
        return transport.get_write_buffer_size()
