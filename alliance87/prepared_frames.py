"""One message framed once, written to thousands of WebSockets: the server's side.

Through ASGI, every message to every socket is a trip through the application and the server: a
``websocket.send`` dict, the server's ``send`` coroutine, the text encoded to UTF-8 and framed again by
``websockets``' ``ServerProtocol`` (and compressed again, per socket, when the browser asked for
permessage-deflate), then written. The wall sends the same message to every screen, so all of that but
the write is the same work done once per screen.

``WebSocketProtocol`` is uvicorn's ``websockets-sansio`` protocol (uvicorn is pinned in pyproject.toml)
with one addition: an ASGI extension in the socket's scope, ``scope["extensions"][EXTENSION]["outbox"]``:
``outbox(limit, on_overflow)`` makes a ``FramedOutbox`` for the socket, whose ``push(message)`` writes the
frame the application prepared once (``Prepared``) straight to the socket's transport, and when more than
``limit`` bytes were left unread before it, stops writing and calls ``on_overflow()`` (the caller closes
the socket). Nothing is written to a socket that is closing or closed.

The server runs with it as ``--ws alliance87.prepared_frames:WebSocketProtocol`` (``make run``); under
another server the extension is absent and the application sends through ASGI as before.

Why the outbox is here, touching the transport and the connection itself: the wall pushes each message
to thousands of sockets, and what a socket costs the process beyond the kernel's write is the Python
calls and the objects each one touches (``bench/wsfanout.py``: through a writer function on the protocol,
two calls, 2-3 µs a socket more than a bare ``transport.write``; in one call, as here, no measurable
difference). ``websockets``' own ``broadcast`` does not fit: it takes that package's connections, not uvicorn's
protocol, and frames (and compresses) the message once per connection.

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
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State

EXTENSION = "alliance87.websocket.prepared_frames"
_OPEN = State.OPEN  # read once per frame written, thousands of times per message: a module constant


class Prepared:
    """A text message for many sockets: ``text`` (for the ASGI way) and ``frame``, encoded and framed once
    (an unmasked, unfragmented text frame, by ``websockets``' own serialiser)."""

    __slots__ = ("frame", "text")

    def __init__(self, text: str):
        self.text = text
        self.frame = Frame(Opcode.TEXT, text.encode()).serialize(mask=False)

    def __repr__(self) -> str:
        return f"Prepared({self.text[:60]!r})"


def outbox(scope: dict, *, limit: int, on_overflow: Callable[[], Any]) -> FramedOutbox | None:
    """The socket's ``FramedOutbox``, or None when its server offers none (then send through ASGI)."""
    extension = (scope.get("extensions") or {}).get(EXTENSION)
    return extension["outbox"](limit, on_overflow) if extension else None


class FramedOutbox:
    """Prepared messages for one socket, each written as its frame straight to the socket's transport.

    The transport's own buffer is the queue, so a push never waits and makes no task. More than ``limit``
    bytes left unread before a message means the screen is not keeping up: nothing more is written and
    ``on_overflow()`` is called once (one large message never counts against a screen that was keeping
    up). A closing or closed socket takes nothing (never a frame after a close frame); its disconnect
    cleans up.
    """

    __slots__ = ("_conn", "_limit", "_on_overflow", "_transport")

    def __init__(self, conn, transport, limit: int, on_overflow: Callable[[], Any]):
        self._conn = conn  # the connection's websockets protocol: its state says whether a frame may go
        self._transport = transport  # None once cancelled
        self._limit = limit
        self._on_overflow = on_overflow

    def push(self, message: Prepared) -> None:
        # One call per screen and message, touching only the transport and the connection's state.
        transport = self._transport
        if transport is None or self._conn.state is not _OPEN or transport.is_closing():
            return
        frame = message.frame
        transport.write(frame)
        if transport.get_write_buffer_size() - len(frame) > self._limit:
            self._transport = None
            self._on_overflow()

    def cancel(self) -> None:
        self._transport = None


class WebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets-sansio protocol, offering ``EXTENSION`` to the application."""

    async def run_asgi(self) -> None:
        self.scope["extensions"][EXTENSION] = {"outbox": self.framed_outbox}
        await super().run_asgi()

    def framed_outbox(self, limit: int, on_overflow: Callable[[], Any]) -> FramedOutbox:
        """A ``FramedOutbox`` on this connection (see the module's docstring)."""
        return FramedOutbox(self.conn, self.transport, limit, on_overflow)
