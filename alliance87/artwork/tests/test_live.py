"""The tailer: one read and one message per change for any number of screens, positions kept exact, the
nudge on the channel layer, and a screen's outbox that never holds up the others."""

import asyncio
import json

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from websockets.protocol import State
from websockets.server import ServerProtocol

from alliance87.artwork import live, services
from alliance87.artwork.models import Banner
from alliance87.prepared_frames import Prepared

pytestmark = pytest.mark.django_db(transaction=True)
BURGUNDY = "#A21942"


@pytest.fixture(autouse=True)
def _fresh_layer_and_tailers():
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        async_to_sync(layer.flush)()
    live._tailers.clear()
    yield
    live._tailers.clear()


class FakeScreen:
    """A socket as the tailer sees it: an audience, a position, and what it was sent."""

    def __init__(self, audience=live.WALL):
        self.audience = audience
        self.position = None
        self.texts: list[str] = []
        self.prepared: list = []

    def push(self, message) -> None:
        self.prepared.append(message)
        self.texts.append(message.text)

    @property
    def messages(self) -> list[dict]:
        return [json.loads(text) for text in self.texts]


def add(banner, token):
    return services.contribute(banner=banner, device_token=token, colour=BURGUNDY).contribution


def test_announce_nudges_the_banners_group():
    async def scenario():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(live.group_name(7), channel)
        await asyncio.get_running_loop().run_in_executor(None, live.announce, 7, 42)
        return await asyncio.wait_for(layer.receive(channel), 2)

    assert live.group_name(7) == "artwork.banner.7"
    assert async_to_sync(scenario)() == {"type": "log.grew", "seq": 42}


def test_one_pass_serves_every_screen_with_the_same_queries_and_the_same_text(banner, django_assert_max_num_queries):
    add(banner, "p0")

    async def scenario(screens, since, token):
        tailer = live.Tailer(banner.pk)
        for screen in screens:
            tailer.listeners[screen.audience].add(screen)
            tailer.resume(screen, since)
        await tailer._pass()  # stands where the log stands, answers the screens
        await asyncio.get_running_loop().run_in_executor(None, add, banner, token)
        await tailer._pass()

    few = [FakeScreen() for _ in range(2)]
    many = [FakeScreen() for _ in range(300)]
    with django_assert_max_num_queries(12) as few_queries:
        async_to_sync(scenario)(few, 2, "p1")
    with django_assert_max_num_queries(12) as many_queries:
        async_to_sync(scenario)(many, 4, "p2")

    # Counted on the tailer's connection (the contribution is made in another thread): 2 screens or 300, the same.
    assert len(many_queries.captured_queries) == len(few_queries.captured_queries)
    frames = {screen.texts[-1] for screen in many}
    assert len(frames) == 1  # serialised once, the same text for all
    assert len({id(screen.prepared[-1]) for screen in many}) == 1  # and framed once: one object for all
    (frame,) = frames
    assert (json.loads(frame)["from"], json.loads(frame)["to"]) == (5, 6)
    assert {screen.position for screen in many} == {6}


def test_a_screen_that_missed_a_message_is_caught_up_without_a_gap_or_a_repeat(banner):
    add(banner, "p0")

    async def scenario():
        tailer = live.Tailer(banner.pk)
        steady, lagging = FakeScreen(), FakeScreen()
        for screen in (steady, lagging):
            tailer.listeners[live.WALL].add(screen)
            tailer.resume(screen, 2)
        await tailer._pass()
        lagging.position = 1  # as if a message had been lost on the way
        await asyncio.get_running_loop().run_in_executor(None, add, banner, "p1")
        await tailer._pass()  # the steady screen gets 3..4; the lagging one is asked to catch up
        await tailer._pass()  # ...and is: 2..4
        return steady, lagging

    steady, lagging = async_to_sync(scenario)()
    entries = [m for m in lagging.messages if m["type"] == "entries"]
    assert [(m["from"], m["to"]) for m in entries] == [(2, 4)]
    assert [e["seq"] for m in entries for e in m["entries"]] == [2, 4]
    assert lagging.position == steady.position == 4


def test_the_console_gets_entries_at_once_and_the_wall_after_the_delay(banner):
    Banner.objects.filter(pk=banner.pk).update(wall_delay_seconds=3600)

    async def scenario():
        tailer = live.Tailer(banner.pk)
        wall, console = FakeScreen(), FakeScreen(live.CONSOLE)
        for screen in (wall, console):
            tailer.listeners[screen.audience].add(screen)
            tailer.resume(screen, 0)
        await tailer._pass()
        await asyncio.get_running_loop().run_in_executor(None, add, banner, "p1")
        await tailer._pass()
        return tailer, wall, console

    tailer, wall, console = async_to_sync(scenario)()
    assert [(m["from"], m["to"]) for m in console.messages if m["type"] == "entries"] == [(1, 2)]
    assert [m["type"] for m in wall.messages] == ["state"]  # nothing released yet
    assert (tailer.wall_through, [row["seq"] for row in tailer.held]) == (0, [1, 2])


def test_a_stalled_screen_does_not_hold_up_the_others_and_is_closed_when_too_far_behind():
    async def scenario():
        stalled = asyncio.Event()
        received, closed = [], []

        async def never(message):
            await stalled.wait()

        async def fine(message):
            received.append(message["text"])

        slow = live.Outbox(never, lambda: closed.append("slow"))
        quick = live.Outbox(fine, lambda: closed.append("quick"))
        for number in range(live.MAX_BACKLOG + 2):
            slow.push(Prepared(str(number)))
            quick.push(Prepared(str(number)))
            await asyncio.sleep(0)
        slow.cancel()
        return received, closed

    received, closed = async_to_sync(scenario)()
    assert received == [str(n) for n in range(live.MAX_BACKLOG + 2)]
    assert closed == ["slow"]


class StuckTransport:
    """A connection's transport whose screen reads nothing: everything written stays in its buffer."""

    def __init__(self):
        self.written: list[bytes] = []
        self.closing = False

    def write(self, frame: bytes) -> None:
        self.written.append(frame)

    def get_write_buffer_size(self) -> int:
        return sum(len(frame) for frame in self.written)

    def is_closing(self) -> bool:
        return self.closing


def framed_outbox(transport, closed: list, state=State.OPEN):
    connection = ServerProtocol()
    connection.state = state
    return live.FramedOutbox(connection, transport, live.MAX_BUFFERED, lambda: closed.append("slow"))


def test_a_framed_outbox_closes_a_screen_that_leaves_too_much_unread_but_never_for_one_large_catch_up():
    transport, closed = StuckTransport(), []
    outbox = framed_outbox(transport, closed)
    large = Prepared("x" * (live.MAX_BUFFERED * 2))
    outbox.push(large)  # a catch-up larger than the limit, on an empty buffer
    assert closed == []
    outbox.push(Prepared("next"))  # now more than the limit was waiting before it
    assert closed == ["slow"]
    outbox.push(Prepared("after"))  # closed: nothing more is written, and it is not closed twice
    assert (len(transport.written), closed) == (2, ["slow"])
    assert transport.written[0] is large.frame  # the frame prepared once, not a copy


def test_a_framed_outbox_writes_nothing_to_a_closing_socket_and_keeps_its_peace():
    closed = []
    closing = StuckTransport()
    closing.closing = True  # the connection is going away
    after_close_frame = StuckTransport()  # the transport is open, but a close frame went out (CLOSING)
    outboxes = [framed_outbox(closing, closed), framed_outbox(after_close_frame, closed, state=State.CLOSING)]
    for _ in range(live.MAX_BACKLOG * 2):
        for outbox in outboxes:
            outbox.push(Prepared("x" * 4096))
    assert closed == []  # its disconnect cleans up
    assert closing.written == after_close_frame.written == []


def test_pushing_shortens_the_switch_interval_until_the_last_of_two_interleaved_pushes_ends():
    usual = live.sys.getswitchinterval()
    seen = []

    async def push(name, first_pause, second_pause):
        with live.pushing():
            await asyncio.sleep(first_pause)
            seen.append((name, live.sys.getswitchinterval()))
            await asyncio.sleep(second_pause)

    async def two_banners():
        # The first starts, the second starts during it, the first ends, then the second: what the second
        # found on entering (the short interval) must not be what is put back.
        await asyncio.gather(push("first", 0.01, 0.0), push("second", 0.0, 0.05))
        seen.append(("after", live.sys.getswitchinterval()))

    asyncio.run(two_banners())
    assert dict(seen) == {"first": live.PUSH_SWITCH_SECONDS, "second": live.PUSH_SWITCH_SECONDS, "after": usual}
    assert usual > live.PUSH_SWITCH_SECONDS


def test_a_pass_counts_its_own_pushing_time_not_the_turns_it_gave_the_loop(banner):
    add(banner, "p0")
    screens = [FakeScreen() for _ in range(3 * live.YIELD_EVERY)]

    async def scenario():
        tailer = live.Tailer(banner.pk)
        for screen in screens:
            tailer.listeners[screen.audience].add(screen)
            tailer.resume(screen, 0)
        await tailer._pass()
        await asyncio.get_running_loop().run_in_executor(None, add, banner, "p1")
        result = await live.run_db(tailer._read, [], False)

        async def neighbour():  # runs at each turn the push gives the loop, 100 ms each time
            for _ in range(3):
                await asyncio.sleep(0)
                live.time.sleep(0.1)

        neighbour_task = asyncio.get_running_loop().create_task(neighbour())
        started = live.time.monotonic()
        sent, busy = await tailer._deliver(result)
        elapsed = live.time.monotonic() - started
        await neighbour_task
        return sent, busy, elapsed

    sent, busy, elapsed = async_to_sync(scenario)()
    assert sent
    assert len({screen.position for screen in screens}) == 1
    assert elapsed >= 0.2  # the neighbour ran in the push's turns (at least two of its three)...
    assert busy < 0.1  # ...and its time is the loop's, not the push's (60 fake screens take microseconds)
