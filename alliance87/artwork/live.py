"""Following a banner's log live: one tailer per banner and process, pushing to every local socket.

The log in the database is the truth; the channel layer only carries nudges. Every change appends to
the log and, once committed, ``announce`` sends ``{"type": "log.grew", "seq": n}`` to the banner's group.
In each server process one ``Tailer`` per banner (an asyncio task, started with its first socket and
stopped a little after its last) is the group's only member there. On a nudge, or every
``POLL_SECONDS`` in case a nudge was lost, it reads the new entries once, builds one message for the
consoles and one for the walls (``snapshot.console_entries``, ``snapshot.wall_entries``), serialises each
once and frames it once (``prepared_frames.Prepared``), and hands the same bytes to every local socket.
So 2,000 screens cost one query, one ``json.dumps`` and one framing per change, not 2,000; with Redis
(``REDIS_URL``) every process gets the nudges and tails the database itself.

Entries that arrive close together go out together: a tailer sends at most one message per
``BATCH_SECONDS`` to each audience, or fewer when pushing one to every socket takes long (it keeps
that work under ``DUTY`` of the process's time, up to ``BATCH_MAX_SECONDS`` apart): the cost is per
message and socket, not per entry. The wall's messages follow ``snapshot``'s rules (the delay, the
freeze, moderation first): the tailer keeps the entries it has read but not yet released, and releases
them in order as they come of age.

Every socket has a position, the last number it has been sent. A message covers a range of numbers
``from``..``to``; a socket gets it only if it continues exactly where the socket stands. A socket asks
for ``{"since": N}`` when it connects (the number of the snapshot it loaded) and after a reconnection;
the tailer answers from the database, in the same task as the live messages so nothing can slip between
the two: what the socket missed up to where the tailer is, then the live messages. A socket too far
behind (more than ``snapshot.LOG_PAGE`` numbers) is told to reload the snapshot.

Each socket has its own outbox. Under ``make run``'s server the outbox writes the prepared frame
straight to the socket's connection (``FramedOutbox``): no trip through the application and the ASGI
server per socket, and the write never waits; a screen that leaves more than ``MAX_BUFFERED`` bytes
unread is closed. Under another server, messages go through ASGI (``Outbox``), a send that has to wait
becomes the socket's own task, and a screen ``MAX_BACKLOG`` messages behind is closed. Either way one
slow or stalled screen never holds up the others, and a closed one reconnects and resumes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
import types
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import DatabaseError, connection
from django.utils import timezone

from alliance87 import prepared_frames
from alliance87.prepared_frames import Prepared

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.25  # read the log this often even without a nudge
BATCH_SECONDS = 0.15  # at most one message per audience this often...
BATCH_MAX_SECONDS = 0.25  # ...or less often, up to this, when pushing to every socket takes long:
DUTY = 0.4  # the pushes take at most this share of the process's time (measured with 2,000 screens)
IDLE_SECONDS = 30.0  # keep a tailer this long after its last socket (reconnections come back to it)
MAX_BACKLOG = 200  # messages queued for one socket (the ASGI way) before it is closed as too slow
MAX_BUFFERED = 256 * 1024  # bytes left unread by one socket (prepared frames) before it is closed as too slow
CLOSE_TOO_SLOW = 4408
PUSH_SWITCH_SECONDS = 0.0005  # the interpreter's switch interval while a tailer pushes (see ``pushing``)
YIELD_EVERY = 20  # sockets served between two turns of the event loop
READ_LIMIT = 5000  # entries read per pass: a long backlog is read over several passes
REGROUP_SECONDS = 3600.0  # join the group again this often (channel layers expire group members)

WALL, CONSOLE = "wall", "console"


def reload_text(seq: int) -> str:
    """Load a snapshot again; ``seq`` is where this process stands (for screens with no snapshot to load)."""
    return f'{{"type":"reload","seq":{int(seq)}}}'


PONG = Prepared('{"type":"pong"}')


def group_name(banner_id: int) -> str:
    return f"artwork.banner.{banner_id}"


_pending_nudges: set = set()
_server_loop: asyncio.AbstractEventLoop | None = None  # the event loop the tailers run in (set by the first)


def announce(banner_id: int, seq: int) -> None:
    """Nudge the banner's tailers (after the commit). Never raises: the change is saved, and a tailer that
    misses the nudge reads it at its next poll.

    From a request's thread in a server process, the nudge is handed to the server's event loop without
    waiting: this process's tailer is woken directly, and the other processes (Redis) through the group.
    Elsewhere (a management command, a test) it goes through the channel layer and waits for it.
    """
    loop = _server_loop
    if loop is not None and loop.is_running():
        try:
            if _running_loop() is loop:
                _nudge(banner_id, seq)
            else:
                loop.call_soon_threadsafe(_nudge, banner_id, seq)
            return
        except RuntimeError:  # the loop closed in between: fall through to the channel layer
            pass
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "log.grew", "seq": seq}
    try:
        running = _running_loop()
        if running is None:
            async_to_sync(layer.group_send)(group_name(banner_id), message)
        else:  # called from an event loop's own thread: send without blocking it
            _keep(running.create_task(layer.group_send(group_name(banner_id), message)))
    except Exception:  # noqa: BLE001 -- see the docstring: the poll covers a lost nudge
        logger.warning("artwork: could not nudge the tailers of banner %s", banner_id, exc_info=True)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _keep(task: asyncio.Task) -> None:
    _pending_nudges.add(task)
    task.add_done_callback(_pending_nudges.discard)


def _nudge(banner_id: int, seq: int) -> None:
    """In the server's loop: wake this process's tailer; tell the other processes through the layer."""
    tailer = _tailers.get(banner_id)
    if tailer is not None and seq > tailer.read_through:
        tailer.wake.set()
    layer = get_channel_layer()
    if layer is not None and not isinstance(layer, InMemoryChannelLayer):  # in memory: this process is all
        _keep(
            asyncio.get_running_loop().create_task(
                layer.group_send(group_name(banner_id), {"type": "log.grew", "seq": seq})
            )
        )


# --- Database work, off the event loop --------------------------------------------------------

_executor: ThreadPoolExecutor | None = None


def _in_memory_database() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


async def run_db(function, *args):
    """Run ``function`` (database work) in the tailers' own thread, so the log is read while every
    request thread is busy. With an in-memory SQLite database (tests), where only the connection that
    made it sees it, in Django's usual thread instead."""
    global _executor  # noqa: PLW0603 -- one thread per process, made on first use
    if _in_memory_database():
        return await sync_to_async(function, thread_sensitive=True)(*args)
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="artwork-tailer")
    return await asyncio.get_running_loop().run_in_executor(_executor, _guarded, function, args)


def _guarded(function, args):
    try:
        return function(*args)
    except DatabaseError:
        connection.close()  # a broken connection (a database restart): the next pass opens a new one
        raise


# --- The interpreter while pushing ---------------------------------------------------------------

_pushing = 0  # tailers pushing now (their pushes interleave at each turn of the loop)
_switch_before = 0.0


@contextlib.contextmanager
def pushing():
    """While a tailer pushes, a thread waiting for the interpreter gets it within ``PUSH_SWITCH_SECONDS``.

    A push to 2,000 sockets holds the interpreter for tens of milliseconds (uvloop writes without letting
    it go), and a request thread waits Python's switch interval (5 ms) for it after every query it makes:
    a contribution's POST answered during a push took 50-100 ms. A shorter interval while pushing lets
    those threads in between; the usual one comes back when the last push ends.
    """
    global _pushing, _switch_before  # noqa: PLW0603 -- one interpreter setting, shared by every tailer
    if _pushing == 0:
        _switch_before = sys.getswitchinterval()
        sys.setswitchinterval(PUSH_SWITCH_SECONDS)
    _pushing += 1
    try:
        yield
    finally:
        _pushing -= 1
        if _pushing == 0:
            sys.setswitchinterval(_switch_before)


# --- The tailer ---------------------------------------------------------------------------------


class Listener:
    """What a tailer needs of a socket (the consumers implement it)."""

    audience: str
    position: int | None  # the last number sent; None until the socket says where it stands

    def push(self, message: Prepared) -> None:  # pragma: no cover -- an interface
        raise NotImplementedError


class Tailer:
    def __init__(self, banner_id: int):
        global _server_loop  # noqa: PLW0603 -- the loop announce() hands nudges to
        self.banner_id = banner_id
        self.loop = _server_loop = asyncio.get_running_loop()
        self.listeners: dict[str, set] = {WALL: set(), CONSOLE: set()}
        self.resumes: dict = {}  # socket → the number it asked to resume from (the latest request wins)
        self.wake = asyncio.Event()
        self.ready = False
        self.read_through = 0  # the last number read from the log
        self.wall_through = 0  # the last number released to the walls
        self.held: list[dict] = []  # entries read, not yet released to the walls (in order)
        self.frozen: tuple[int, object] | None = None  # the freeze entry (number, time) while frozen
        self.announced_frozen = False
        self.more_to_read = False
        self.delay = 0
        self.idle_since: float | None = None
        self.task: asyncio.Task | None = None
        self.receiver: asyncio.Task | None = None
        self.channel: str | None = None
        self.last_sent = 0.0
        self.interval = BATCH_SECONDS

    # Called from the consumers, in the event loop.

    def add(self, listener) -> None:
        self.listeners[listener.audience].add(listener)
        self.idle_since = None
        if self.task is None or self.task.done():
            self.task = self.loop.create_task(self._run(), name=f"artwork-tailer-{self.banner_id}")

    def remove(self, listener) -> None:
        self.listeners[listener.audience].discard(listener)
        self.resumes.pop(listener, None)
        if not any(self.listeners.values()):
            self.idle_since = time.monotonic()

    def resume(self, listener, since: int) -> None:
        """``listener`` stands at ``since``: send it what follows (from the next pass, in order)."""
        listener.position = None  # nothing live until it has caught up
        self.resumes[listener] = since
        self.wake.set()

    # The task.

    async def _run(self) -> None:
        try:
            await self._join()
            while True:
                if self.idle_since is not None and time.monotonic() - self.idle_since > IDLE_SECONDS:
                    return
                try:
                    await asyncio.wait_for(self.wake.wait(), POLL_SECONDS)
                except TimeoutError:
                    pass
                # Let entries that come close together go out together.
                pause = self.last_sent + self.interval - time.monotonic()
                if pause > 0:
                    await asyncio.sleep(pause)
                self.wake.clear()
                try:
                    await self._pass()
                except DatabaseError:
                    logger.warning("artwork tailer %s: database unavailable, retrying", self.banner_id, exc_info=True)
                    await asyncio.sleep(1.0)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("artwork tailer %s stopped", self.banner_id)
            raise
        finally:
            await self._leave()
            self.ready = False  # a later start reads where the log and the wall stand then

    async def _join(self) -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        self.channel = await layer.new_channel()
        await layer.group_add(group_name(self.banner_id), self.channel)
        self.receiver = self.loop.create_task(self._receive(layer))

    async def _receive(self, layer) -> None:
        joined = time.monotonic()
        while True:
            try:
                message = await layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 -- a layer hiccup (Redis restarting): the poll covers it
                await asyncio.sleep(1.0)
                continue
            if message.get("seq", 0) > self.read_through:
                self.wake.set()
            if time.monotonic() - joined > REGROUP_SECONDS:
                await layer.group_add(group_name(self.banner_id), self.channel)
                joined = time.monotonic()

    async def _leave(self) -> None:
        if self.receiver is not None:
            self.receiver.cancel()
        layer = get_channel_layer()
        if layer is not None and self.channel is not None:
            try:
                await layer.group_discard(group_name(self.banner_id), self.channel)
            except Exception:  # noqa: BLE001 -- leaving a group on the way out: nothing else to do
                logger.debug("artwork tailer %s: could not leave the group", self.banner_id, exc_info=True)

    async def _pass(self) -> None:
        resumes, self.resumes = self.resumes, {}
        requests = [
            (listener, since) for listener, since in resumes.items() if listener in self.listeners[listener.audience]
        ]
        result = await run_db(self._read, requests, bool(self.listeners[CONSOLE]))
        with pushing():
            sent, busy = await self._deliver(result)
        if sent:
            self.last_sent = time.monotonic()
            # Each message costs every socket a send, whatever it carries: with thousands of screens,
            # fewer and fuller messages leave the process time for the contributions themselves. What
            # counts is the push's own time, not the turns it gave the rest of the loop in between.
            self.interval = min(BATCH_MAX_SECONDS, max(BATCH_SECONDS, busy / DUTY))
        if self.more_to_read:
            self.wake.set()  # more to read than one pass takes

    # The pass's database work, in the tailers' thread: reads, decides, serialises; sends nothing.

    def _read(self, requests: list, consoles: bool) -> dict:
        from . import snapshot
        from .models import Banner
        from .vocab import LogKind

        banner = Banner.objects.filter(pk=self.banner_id).values("last_seq", "frozen", "wall_delay_seconds").first()
        out = {"console": None, "wall": None, "state": None, "replies": []}
        if banner is None:
            return out
        self.delay = banner["wall_delay_seconds"]
        if not self.ready:
            self._start()
        # New entries: to the consoles at once, and into the walls' waiting line.
        new_rows = []
        if banner["last_seq"] > self.read_through:
            new_rows = snapshot.entry_rows(self.banner_id, self.read_through, banner["last_seq"], limit=READ_LIMIT)
        self.more_to_read = bool(new_rows) and new_rows[-1]["seq"] < banner["last_seq"]
        if new_rows:
            first = self.read_through + 1
            self.read_through = new_rows[-1]["seq"]
            self.held.extend(new_rows)
            if consoles:
                entries = snapshot.console_entries(self.banner_id, new_rows)
                text = snapshot.frame_json(first, self.read_through, entries)
                out["console"] = (first - 1, self.read_through, Prepared(text), False)
            for row in new_rows:
                if row["kind"] == LogKind.FROZEN:
                    self.frozen = (row["seq"], row["at"])
                elif row["kind"] == LogKind.UNFROZEN:
                    self.frozen = None
        # Release to the walls what has come of age (or, frozen, what had come of age at the freeze).
        target = self._release_target()
        if target > self.wall_through:
            released = [row for row in self.held if row["seq"] <= target]
            self.held = [row for row in self.held if row["seq"] > target]
            reload = target - self.wall_through > snapshot.LOG_PAGE
            if reload:
                text = reload_text(target)  # a long freeze let much through at once: a snapshot is cheaper
            else:
                entries = snapshot.wall_entries(self.banner_id, released)
                text = snapshot.frame_json(self.wall_through + 1, target, entries)
            out["wall"] = (self.wall_through, target, Prepared(text), reload)
            self.wall_through = target
        if (self.frozen is not None) != self.announced_frozen:
            self.announced_frozen = self.frozen is not None
            out["state"] = self._state()
        out["replies"] = self._catch_up(requests, banner["last_seq"])
        return out

    def _state(self) -> Prepared:
        from . import snapshot

        return Prepared(snapshot.dumps({"type": "state", "frozen": self.frozen is not None, "seq": self.wall_through}))

    def _start(self) -> None:
        """The first pass: stand where the log and the wall stand now."""
        from . import snapshot
        from .models import Banner

        fresh = Banner.objects.get(pk=self.banner_id)
        self.read_through = fresh.last_seq
        self.wall_through = snapshot.public_through(fresh)
        self.held = snapshot.entry_rows(self.banner_id, self.wall_through, self.read_through, limit=READ_LIMIT)
        if self.held:
            self.read_through = self.held[-1]["seq"]
        self.frozen = snapshot.freeze_entry(self.banner_id) if fresh.frozen else None
        self.announced_frozen = self.frozen is not None
        self.ready = True

    def _release_target(self) -> int:
        """The wall's next number: the first held entry too young holds back everything after it."""
        if self.frozen is not None:
            seq, at = self.frozen
            cutoff = at - timedelta(seconds=self.delay)
            ceiling = seq
        else:
            cutoff = timezone.now() - timedelta(seconds=self.delay)
            ceiling = self.read_through
        target = self.wall_through
        for row in self.held:
            if row["seq"] > ceiling or row["at"] > cutoff:
                break
            target = row["seq"]
        return target

    def _catch_up(self, requests: list, last_seq: int) -> list:
        """For each socket that asked: the entries it missed, up to where this tailer stands."""
        from . import snapshot

        replies = []
        for audience in (WALL, CONSOLE):
            asked = [(listener, since) for listener, since in requests if listener.audience == audience]
            if not asked:
                continue
            through = self.wall_through if audience == WALL else self.read_through
            lead = [self._state()] if audience == WALL else []
            behind = [since for _listener, since in asked if 0 <= since < through]
            rows = []
            if behind:
                lowest = max(min(behind), through - snapshot.LOG_PAGE)
                rows = snapshot.entry_rows(self.banner_id, lowest, through, limit=snapshot.LOG_PAGE)
            shaped = (snapshot.wall_entries if audience == WALL else snapshot.console_entries)(self.banner_id, rows)
            texts: dict[int, Prepared] = {}
            reload = None
            for listener, since in asked:
                if since < 0 or since > last_seq or through - since > snapshot.LOG_PAGE:
                    # A number this log never had, or too far behind: start again from a snapshot.
                    reload = reload or Prepared(reload_text(through))
                    replies.append((listener, [reload], None))
                elif since >= through:
                    # Up to date (a wall ahead of this process's tailer waits for it to get there).
                    replies.append((listener, lead, since))
                else:
                    if since not in texts:
                        entries = [entry for entry in shaped if entry["seq"] > since]
                        texts[since] = Prepared(snapshot.frame_json(since + 1, through, entries))
                    replies.append((listener, [*lead, texts[since]], through))
        return replies

    # Back in the event loop: hand the prepared messages to the sockets.

    async def _deliver(self, result: dict) -> tuple[bool, float]:
        """Push this pass's messages: whether any socket got one, and the seconds the pushing itself took.
        Every ``YIELD_EVERY`` sockets it lets the event loop run (requests, other banners), so 2,000 screens
        do not hold it for one long stretch; those turns are not counted in the seconds."""
        sent = False
        pushed = 0
        busy = 0.0
        started = time.monotonic()
        for audience, key in ((CONSOLE, "console"), (WALL, "wall")):
            if result[key] is None:
                continue
            before, through, message, reload = result[key]
            for listener in list(self.listeners[audience]):
                pushed += 1
                if pushed % YIELD_EVERY == 0:
                    busy += time.monotonic() - started
                    await asyncio.sleep(0)
                    started = time.monotonic()
                position = listener.position
                if position is None or position >= through:
                    continue  # catching up (its reply covers this), or it has it already
                if reload:
                    listener.position = None
                    listener.push(message)
                elif position == before:
                    listener.push(message)
                    listener.position = through
                else:
                    self.resume(listener, position)  # not where this message starts: catch it up
                sent = True
        if result["state"] is not None:
            for listener in self.listeners[WALL]:
                listener.push(result["state"])
        for listener, messages, position in result["replies"]:
            if listener not in self.listeners[listener.audience]:
                continue
            for message in messages:
                listener.push(message)
            listener.position = position
            sent = True
        return sent, busy + time.monotonic() - started


_tailers: dict[int, Tailer] = {}


def tailer_for(banner_id: int) -> Tailer:
    """This process's tailer for the banner, in the running event loop (made on first use)."""
    tailer = _tailers.get(banner_id)
    if tailer is None or tailer.loop is not asyncio.get_running_loop() or tailer.loop.is_closed():
        tailer = _tailers[banner_id] = Tailer(banner_id)
    return tailer


# --- A socket's outbox ----------------------------------------------------------------------------


def outbox(scope: dict, send, on_overflow) -> FramedOutbox | Outbox:
    """The socket's outbox: prepared frames written straight to the connection when its server offers it
    (``prepared_frames.FramedOutbox``: a screen that leaves more than ``MAX_BUFFERED`` bytes unread is not
    keeping up), else ``send``, the server's ASGI send. ``on_overflow()``: the screen is not keeping up
    (close it)."""
    framed = prepared_frames.outbox(scope, limit=MAX_BUFFERED, on_overflow=on_overflow)
    return framed if framed is not None else Outbox(send, on_overflow)


FramedOutbox = prepared_frames.FramedOutbox  # the connection's buffer is the queue; see prepared_frames


@types.coroutine
def _carry_on(coroutine, future):
    """Finish ``coroutine``, which stopped at its first step waiting on ``future`` (as a task would)."""
    yield future
    return (yield from coroutine)


class Outbox:
    """Messages for one socket through ASGI (a server without prepared frames), sent in order, without
    holding up anyone else.

    A send to a socket that keeps up completes at once: the server writes the frame to the connection
    and nothing waits, so ``push`` runs it to the end right there, with no task (a task per socket per
    message would double the cost of 2,000 screens). Only a send that has to wait (the connection's
    buffer is full) becomes a task, and later messages queue behind it; ``MAX_BACKLOG`` of them waiting
    means the screen is not keeping up, and ``on_overflow`` closes it.
    """

    def __init__(self, send, on_overflow):
        self._send = send  # the server's ASGI send
        self._on_overflow = on_overflow
        self._queue: deque[dict] = deque()
        self._task: asyncio.Task | None = None

    def push(self, prepared: Prepared) -> None:
        message = {"type": "websocket.send", "text": prepared.text}
        if self._task is not None:
            if len(self._queue) >= MAX_BACKLOG:
                self.cancel()
                self._on_overflow()
            else:
                self._queue.append(message)
            return
        coroutine = self._send(message)
        try:
            future = coroutine.send(None)
        except StopIteration:
            return  # sent
        except Exception:  # noqa: BLE001 -- the socket went away: its disconnect cleans up
            return
        self._task = asyncio.get_running_loop().create_task(self._finish(coroutine, future))

    async def _finish(self, coroutine, future) -> None:
        try:
            await _carry_on(coroutine, future)
            while self._queue:
                await self._send(self._queue.popleft())
        except Exception:  # noqa: BLE001 -- the socket went away mid-send: its disconnect cleans up
            self._queue.clear()
        finally:
            self._task = None

    def cancel(self) -> None:
        self._queue.clear()
        if self._task is not None:
            self._task.cancel()
            self._task = None
