"""The wall as ``make run`` serves it: uvicorn with ``prepared_frames.WebSocketProtocol``, real TCP sockets and a
real WebSocket client (``websockets``, which asks for permessage-deflate as browsers do).

Each test runs the server in its own event loop (``async_to_sync``), so the consumers' and the tailer's
database work runs on the test's thread, with its connection (SQLite in memory or PostgreSQL alike).
"""

import asyncio
import contextlib
import json
import socket

import pytest
import uvicorn
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from alliance87.artwork import consumers, live, services
from alliance87.artwork.models import Banner
from alliance87.artwork.vocab import Status
from alliance87.prepared_frames import FramedOutbox, WebSocketProtocol

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 10
ORIGIN = "http://testserver"
BURGUNDY = "#A21942"


@pytest.fixture(autouse=True)
def _fresh_tailers():
    live._tailers.clear()
    consumers._wall_banners.clear()
    yield
    live._tailers.clear()
    consumers._wall_banners.clear()


@contextlib.asynccontextmanager
async def serving():
    """The platform's ASGI application under uvicorn, in this event loop; yields the walls' address prefix and
    the server."""
    from alliance87.asgi import application  # noqa: PLC0415 -- Django is set up by now

    config = uvicorn.Config(
        application, host="127.0.0.1", port=0, ws=WebSocketProtocol, lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    task = asyncio.get_running_loop().create_task(server.serve())
    async with asyncio.timeout(TIMEOUT):
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"ws://127.0.0.1:{port}/ws/artwork/", server
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, TIMEOUT)


async def wall(base: str, banner, since: int, **options):
    """A wall screen that has loaded the snapshot at ``since``."""
    screen = await connect(f"{base}{banner.slug}/wall/", origin=ORIGIN, **options)
    await screen.send(json.dumps({"since": since}))
    return screen


async def entries_until(screen, last: int) -> list[dict]:
    """Every "entries" message until one reaches ``last`` (other messages skipped)."""
    messages = []
    async with asyncio.timeout(TIMEOUT):
        while not messages or messages[-1]["to"] < last:
            message = json.loads(await screen.recv())
            if message["type"] == "entries":
                messages.append(message)
    return messages


@database_sync_to_async
def add(banner, token: str, **fields):
    fields.setdefault("colour", BURGUNDY)
    return services.contribute(banner=banner, device_token=token, **fields).contribution


@database_sync_to_async
def moderate(contribution, by, status):
    return services.moderate(contribution=contribution, by=by, status=status)


@database_sync_to_async
def last_seq(banner) -> int:
    return Banner.objects.values_list("last_seq", flat=True).get(pk=banner.pk)


def wall_sockets(banner) -> list:
    tailer = live._tailers.get(banner.pk)
    return list(tailer.listeners[live.WALL]) if tailer else []


def following(banner, count: int):
    """A condition: ``count`` walls with the tailer, each where it asked to stand (its resume answered)."""
    return lambda: sum(1 for screen in wall_sockets(banner) if screen.position is not None) == count


async def until(condition):
    async with asyncio.timeout(TIMEOUT):
        while not condition():
            await asyncio.sleep(0.02)


def approved_ids(messages) -> list[int]:
    return [e["data"]["id"] for m in messages for e in m["entries"] if e["kind"] == "approved"]


def test_every_wall_gets_every_approved_contribution_as_one_frame_written_to_each(banner, moderator, monkeypatch):
    written: list[bytes] = []  # every frame written, the object itself (one object per message framed)
    push = FramedOutbox.push

    def spy(self, message):
        written.append(message.frame)
        return push(self, message)

    monkeypatch.setattr(FramedOutbox, "push", spy)
    walls = 8

    async def scenario():
        async with serving() as (base, _server):
            start = await last_seq(banner)
            screens = [await wall(base, banner, start) for _ in range(walls)]
            await until(following(banner, walls))
            outboxes = {type(screen.outbox) for screen in wall_sockets(banner)}
            colour = [await add(banner, f"p{i}") for i in range(4)]
            message = await add(banner, "words", message="Ten years together")
            rejected = await add(banner, "no", message="Not this")
            await moderate(message, moderator, Status.APPROVED)
            await moderate(rejected, moderator, Status.REJECTED)
            last = await last_seq(banner)
            seen = [await entries_until(screen, last) for screen in screens]
            for screen in screens:
                await screen.close()
            return start, outboxes, [c.pk for c in colour], message.pk, seen, last

    start, outboxes, colour, message, seen, last = async_to_sync(scenario)()

    assert outboxes == {live.FramedOutbox}  # the prepared-frames path, not ASGI
    for messages in seen:
        numbers = [n for m in messages for n in range(m["from"], m["to"] + 1)]
        assert numbers == list(range(start + 1, last + 1))  # no gap, no repeat
        assert approved_ids(messages) == [*colour, message]  # each once, in order; the rejected one never
    carrying = [frame for frame in written if b'"kind":"approved"' in frame]
    assert carrying
    writes_per_frame = {id(frame): sum(1 for other in carrying if other is frame) for frame in carrying}
    assert set(writes_per_frame.values()) == {walls}  # each message framed once, written to every wall


def test_a_hidden_contribution_leaves_every_wall(banner, moderator):
    async def scenario():
        async with serving() as (base, _server):
            start = await last_seq(banner)
            screens = [await wall(base, banner, start) for _ in range(3)]
            await until(following(banner, 3))
            contribution = await add(banner, "phone", message="Hello")
            await moderate(contribution, moderator, Status.APPROVED)
            shown = [await entries_until(screen, await last_seq(banner)) for screen in screens]
            await moderate(contribution, moderator, Status.HIDDEN)
            gone = [await entries_until(screen, await last_seq(banner)) for screen in screens]
            for screen in screens:
                await screen.close()
            return contribution.pk, shown, gone

    contribution, shown, gone = async_to_sync(scenario)()
    for before, after in zip(shown, gone, strict=True):
        assert approved_ids(before) == [contribution]
        hidden = [e for m in after for e in m["entries"]]
        assert [(e["kind"], e["data"]["id"]) for e in hidden] == [("hidden", contribution)]
        assert "reason" not in hidden[0]["data"]


def test_a_wall_that_stops_reading_is_closed_and_the_others_carry_on(banner, monkeypatch):
    """A screen that reads nothing fills its connection's buffer: past ``MAX_BUFFERED`` it leaves the tailer at
    once and is told it fell behind (4408) after what it had not read; the other walls never wait for it."""
    monkeypatch.setattr(live, "MAX_BUFFERED", 4096)

    async def scenario():
        async with serving() as (base, server):
            start = await last_seq(banner)
            others = [await wall(base, banner, start) for _ in range(2)]
            slow = await wall(base, banner, start, max_queue=1)  # reads one message, then nothing until asked
            await until(following(banner, 3))
            # A slow network: the kernel holds little for this screen, so what it leaves unread stays in the
            # server's buffer (on the loopback, the kernel would otherwise take megabytes first).
            slow.transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
            (its,) = [c for c in server.server_state.connections if c.client == slow.local_address[:2]]
            its.transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
            # Every ping is answered through the outbox; unread, the answers pile up until the server gives up.
            for _ in range(20_000):
                if len(wall_sockets(banner)) < 3:
                    break
                await slow.send('{"type": "ping"}')
                await asyncio.sleep(0)
            held = len(wall_sockets(banner))
            later = await add(banner, "after")
            fine = [approved_ids(await entries_until(screen, await last_seq(banner))) for screen in others]
            async with asyncio.timeout(TIMEOUT):  # now it reads: what was written, then why it is closed
                last = None
                with contextlib.suppress(ConnectionClosed):
                    while True:
                        last = json.loads(await slow.recv())
            for screen in others:
                await screen.close()
            return held, later.pk, fine, last, slow.close_code

    held, later, fine, last, code = async_to_sync(scenario)()
    assert held == 2  # the stuck wall left the tailer; the others stayed
    assert fine == [[later], [later]]
    assert last["code"] == "too_slow"
    assert code == live.CLOSE_TOO_SLOW


def test_a_wall_that_vanishes_costs_the_others_nothing(banner):
    async def scenario():
        async with serving() as (base, _server):
            start = await last_seq(banner)
            screens = [await wall(base, banner, start) for _ in range(3)]
            await until(following(banner, 3))
            screens[0].transport.abort()  # gone without a closing handshake (a screen switched off)
            first = await add(banner, "p1")
            await until(lambda: len(wall_sockets(banner)) == 2)  # the vanished wall let go
            second = await add(banner, "p2")
            got = [approved_ids(await entries_until(screen, await last_seq(banner))) for screen in screens[1:]]
            for screen in screens[1:]:
                await screen.close()
            return [first.pk, second.pk], got

    added, got = async_to_sync(scenario)()
    assert got == [added, added]


def test_bad_frames_leave_the_wall_and_the_server_working(banner):
    """Frames the wall does not understand are answered and the socket stays; a frame that breaks the
    protocol (text that is not UTF-8) closes only that socket (1007); every other wall carries on."""

    async def scenario():
        async with serving() as (base, _server):
            start = await last_seq(banner)
            odd, other = await wall(base, banner, start), await wall(base, banner, start)
            broken = await wall(base, banner, start)
            await until(following(banner, 3))
            answers = []
            for frame in ("", "not json", "[1]", '{"since": "x"}', "[" * 5000, '{"since": "\\u0000"}', b"\x00\x01"):
                await odd.send(frame)
                async with asyncio.timeout(TIMEOUT):
                    while (answer := json.loads(await odd.recv()))["type"] != "error":
                        pass
                answers.append(answer["code"])
            await broken.send(b"\xff\xfe not utf-8", text=True)
            with contextlib.suppress(ConnectionClosed):
                async with asyncio.timeout(TIMEOUT):
                    while True:
                        await broken.recv()
            contribution = await add(banner, "p1")
            got = [approved_ids(await entries_until(screen, await last_seq(banner))) for screen in (odd, other)]
            await odd.send('{"type": "ping"}')
            async with asyncio.timeout(TIMEOUT):
                while (pong := json.loads(await odd.recv()))["type"] != "pong":
                    pass
            for screen in (odd, other):
                await screen.close()
            return answers, broken.close_code, contribution.pk, got, pong

    answers, broken_code, contribution, got, pong = async_to_sync(scenario)()
    assert answers == ["bad_message"] * 7
    assert broken_code == 1007
    assert got == [[contribution], [contribution]]
    assert pong == {"type": "pong"}
