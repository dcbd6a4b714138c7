"""A lean WebSocket client (RFC 6455) for the load generator: thousands of sockets in one asyncio loop.

The bench's clients stand for thousands of separate screens, each with a processor of its own; here
they share the server's two cores, so whatever a client spends on a message is taken from the server
and shows up in every delay. The ``websockets`` package spends about 25 µs of Python on each message
it receives (a frame parser generator, a queue, a future per ``recv``); this client spends a few: an
``asyncio.Protocol`` whose ``data_received`` cuts the server's frames out of the bytes and hands each
text message to a callback, in the same turn of the loop.

It speaks the protocol for real: the HTTP upgrade with ``Sec-WebSocket-Key`` and a checked
``Sec-WebSocket-Accept``, masked frames to the server, unmasked ones from it, fragmented messages
joined, pings answered, the closing handshake. With ``deflate=True`` it also asks for permessage-deflate
(RFC 7692) as every browser does, and inflates the messages the server compressed: a server that
compresses for each socket pays for it, as it would with real screens (the bench's own messages to the
server go uncompressed, which the extension allows). It is the bench's, not the platform's: the wall's
own client is the browser.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct
import zlib
from collections.abc import Callable

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, BINARY, CONTINUATION, CLOSE, PING, PONG = 0x1, 0x2, 0x0, 0x8, 0x9, 0xA


class HandshakeError(OSError):
    """The server did not switch protocols (or answered with the wrong key)."""


class ConnectionClosed(OSError):
    """The socket closed: ``code`` is the close code the server sent (1006 when none came)."""

    def __init__(self, code: int, reason: str = ""):
        super().__init__(f"closed with {code} {reason}".strip())
        self.code, self.reason = code, reason


def _mask(payload: bytes) -> bytes:
    key = os.urandom(4)
    masked = bytes(b ^ key[i & 3] for i, b in enumerate(payload))  # the client's messages are short
    return key + masked


def frame(opcode: int, payload: bytes) -> bytes:
    """A client frame: FIN set, masked, as RFC 6455 section 5.2 says."""
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    return header + _mask(payload)


class WallSocket(asyncio.Protocol):
    """One connection. ``on_text(socket, text)`` is called for every text message, in order, in the loop."""

    def __init__(
        self, host: str, path: str, origin: str, on_text: Callable[[WallSocket, str], None], deflate: bool = False
    ):
        self.host, self.path, self.origin, self.on_text = host, path, origin, on_text
        self.deflate = deflate  # ask for permessage-deflate, as browsers do
        self.inflater = None  # the server's compression context, once it agreed to compress
        self.fresh_context = False  # the server compresses each message alone (server_no_context_takeover)
        self.fragments_compressed = 0
        self.key = base64.b64encode(os.urandom(16))
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.open = False
        self.fragments: list[bytes] | None = None
        self.opened: asyncio.Future = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future = asyncio.get_running_loop().create_future()
        self.close_code = 1006

    # asyncio.Protocol

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(
            b"GET " + self.path.encode() + b" HTTP/1.1\r\n"
            b"Host: " + self.host.encode() + b"\r\n"
            b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: " + self.key + b"\r\n"
            b"Sec-WebSocket-Version: 13\r\n"
            + (b"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" if self.deflate else b"")
            + b"Origin: "
            + self.origin.encode()
            + b"\r\n\r\n"
        )

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.open and not self._handshake():
            return
        self._frames()

    def connection_lost(self, exc) -> None:
        self.open = False
        if not self.opened.done():
            self.opened.set_exception(HandshakeError("the connection closed during the handshake"))
        if not self.closed.done():
            self.closed.set_result(self.close_code)

    # Sending

    def send(self, text: str) -> None:
        if self.open and self.transport is not None and not self.transport.is_closing():
            self.transport.write(frame(TEXT, text.encode()))

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            if self.open:
                self.transport.write(frame(CLOSE, struct.pack("!H", 1000)))
            self.transport.close()

    # Receiving

    def _handshake(self) -> bool:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self.buffer) > 16384:
                self._fail(HandshakeError("the server's answer to the upgrade has no end"))
            return False
        head = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
        del self.buffer[: end + 4]
        status = head[0].split(" ", 2)
        headers = {
            name.strip().lower(): value.strip() for name, _sep, value in (line.partition(":") for line in head[1:])
        }
        expected = base64.b64encode(hashlib.sha1(self.key + GUID).digest()).decode()  # noqa: S324 -- RFC 6455
        if len(status) < 2 or status[1] != "101":
            self._fail(HandshakeError(f"the server answered {head[0]!r}"))
            return False
        if headers.get("sec-websocket-accept") != expected:
            self._fail(HandshakeError("the server's Sec-WebSocket-Accept does not match the key"))
            return False
        extensions = headers.get("sec-websocket-extensions", "")
        if "permessage-deflate" in extensions:
            if not self.deflate:
                self._fail(HandshakeError(f"the server chose an extension not asked for: {extensions!r}"))
                return False
            self.inflater = zlib.decompressobj(wbits=-15)
            self.fresh_context = "server_no_context_takeover" in extensions
        self.open = True
        self.opened.set_result(True)
        return True

    def _fail(self, error: Exception) -> None:
        if not self.opened.done():
            self.opened.set_exception(error)
        if self.transport is not None:
            self.transport.close()

    def _frames(self) -> None:
        buffer = self.buffer
        start = 0
        size = len(buffer)
        while size - start >= 2:
            first, second = buffer[start], buffer[start + 1]
            length = second & 0x7F
            offset = start + 2
            if length == 126:
                if size - offset < 2:
                    break
                (length,) = struct.unpack_from("!H", buffer, offset)
                offset += 2
            elif length == 127:
                if size - offset < 8:
                    break
                (length,) = struct.unpack_from("!Q", buffer, offset)
                offset += 8
            if second & 0x80:  # a server never masks its frames (RFC 6455 section 5.1)
                self._fail(ConnectionClosed(1002, "masked frame from the server"))
                return
            if size - offset < length:
                break
            payload = bytes(buffer[offset : offset + length])
            start = offset + length
            self._frame(first & 0x80, first & 0x0F, payload, first & 0x40)
        if start:
            del buffer[:start]

    def _frame(self, fin: int, opcode: int, payload: bytes, compressed: int = 0) -> None:
        if compressed and (self.inflater is None or opcode not in (TEXT, BINARY)):
            self._fail(ConnectionClosed(1002, "a compressed frame without permessage-deflate"))
            return
        if opcode in (TEXT, BINARY):
            if fin:
                if opcode == TEXT:
                    self.on_text(self, (self._inflate(payload) if compressed else payload).decode())
            else:
                self.fragments = [payload] if opcode == TEXT else None
                self.fragments_compressed = compressed
        elif opcode == CONTINUATION:
            if self.fragments is not None:
                self.fragments.append(payload)
                if fin:
                    data, self.fragments = b"".join(self.fragments), None
                    self.on_text(self, (self._inflate(data) if self.fragments_compressed else data).decode())
        elif opcode == PING:
            if self.transport is not None and not self.transport.is_closing():
                self.transport.write(frame(PONG, payload))
        elif opcode == CLOSE:
            self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
            if self.transport is not None and not self.transport.is_closing():
                self.transport.write(frame(CLOSE, payload[:2]))
                self.transport.close()
            self.open = False

    def _inflate(self, data: bytes) -> bytes:
        """A compressed message's bytes (RFC 7692 section 7.2.2: the sender dropped the final empty block)."""
        if self.fresh_context:
            self.inflater = zlib.decompressobj(wbits=-15)
        return self.inflater.decompress(data + b"\x00\x00\xff\xff")


async def connect(
    url: str, origin: str, on_text: Callable[[WallSocket, str], None], timeout: float = 30.0, deflate: bool = False
) -> WallSocket:
    """Open ``ws://host:port/path`` and finish the handshake; the socket calls ``on_text(socket, text)``.
    ``deflate``: ask for permessage-deflate, as browsers do."""
    rest = url.removeprefix("ws://")
    hostport, _sep, path = rest.partition("/")
    host, _sep, port = hostport.partition(":")
    loop = asyncio.get_running_loop()
    _transport, socket = await asyncio.wait_for(
        loop.create_connection(
            lambda: WallSocket(hostport, "/" + path, origin, on_text, deflate), host, int(port or 80)
        ),
        timeout,
    )
    try:
        await asyncio.wait_for(asyncio.shield(socket.opened), timeout)
    except BaseException:
        socket.close()
        raise
    return socket
