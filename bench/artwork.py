"""The artwork under load: thousands of wall screens, 50 contributions a second, and the print of 20,000 cells.

The targets (issue 5, tightened by issue 14): with SQLite and one server process, 2,000 connected wall
clients and 50 contributions per second for 60 s, p99 from submission to display on every client under
300 ms, none lost or duplicated, 49 of the 50 a second taken; with PostgreSQL, Redis and two server
processes, the same with 5,000 clients split across both and p99 under 500 ms, one process killed with
SIGKILL in the middle (every acknowledged contribution still there after the restart, every client caught
up); the PDF of a banner with 20,000 contributions in under 10 s. Each row prints the machine's
yardstick (``run.yardstick_ms``) measured just before it: the delays grow with it.

What it does, in a throwaway directory (the real database and settings are never touched):

1. **one process** (always): migrate a fresh SQLite database, make a 120 × 40 banner (colour-only marks
   approved at once, no wall delay, no per-address ceiling: one submitter sends them all), start uvicorn
   as ``make run`` does (uvloop, httptools; DEBUG off). ``BENCH_ART_CLIENT_PROCS`` client processes
   (many clients per asyncio loop, each a lean WebSocket client, ``bench/wsclient.py``) load the snapshot
   once each, open the wall's WebSocket for every client and send ``{"since": n}``. The submitter
   (threads in this process) posts colour-only contributions to the API at ``BENCH_ART_RATE`` a second,
   each from its own device token, for ``BENCH_ART_DURATION`` seconds. Every client notes when each
   approval reaches it; the delay is from just before the POST to that moment (monotonic clocks, the
   same machine). Lost: an acknowledged contribution a client never got; duplicated: one it got twice.
   Then the same at ``BENCH_ART_RATE_REF`` (20 a second) for ``BENCH_ART_DURATION_REF`` (20 s): a
   reference row, to tell the wall's own delay from a server that cannot take the contributions as fast
   as they come (then they queue, and every delay includes the queue).
2. **two processes, PostgreSQL and Redis** (when ``DATABASE_URL`` and ``REDIS_URL`` are set): a
   throwaway database made on that server (and dropped after), two uvicorn processes on two ports,
   ``BENCH_ART_CLIENTS_2`` clients split between them, the submitter alternating. Halfway through, one
   process gets SIGKILL and is started again 2 s later on its port; its clients reconnect and resume
   with ``{"since": n}``. Then: every acknowledged contribution must be in the database, approved, and
   every client must have reached the last number. The target is on what was submitted up to
   ``KILL_SHADOW_SECONDS`` (1 s) before the kill, while both processes served; what came after, and in
   that last second (whose way to the killed process's screens the kill cut), is told apart.
3. **the print**: 20,000 contributions (a 200 × 100 banner; 1 in 10 with a message, 1 in 20 with a
   drawing) written straight into the database, then ``printing.banner_pdf`` timed with and without the
   legend.

The contribution POST alone (the server's CPU per contribution, no screens, before/after two trees in one
run): ``bench/artwork_post.py``.

``.venv/bin/python bench/artwork.py`` prints the markdown table; ``--write-docs`` also writes it to
docs/benchmarks.md between ``<!-- bench:artwork:start -->`` and ``<!-- bench:artwork:end -->``. It
takes about 4 minutes (2 more with PostgreSQL and Redis). Knobs (environment): BENCH_ART_CLIENTS
(2000), BENCH_ART_CLIENTS_2 (5000), BENCH_ART_RATE (50 a second), BENCH_ART_DURATION (60 s),
BENCH_ART_RATE_REF (20), BENCH_ART_DURATION_REF (20 s), BENCH_ART_CLIENT_PROCS (2), BENCH_ART_PDF (20000;
0 skips), BENCH_ART_MODES ("one,ref,two,pdf"), BENCH_ART_APP (the ASGI application, default
``alliance87.asgi:application``) and BENCH_ART_APP_DIR, BENCH_ART_DEFLATE (1: the clients ask for
permessage-deflate as browsers do and the servers accept it, uvicorn's default and ``make run``'s; off by
default here, see below), BENCH_ART_KEEP (keep the throwaway directory), BENCH_ART_WS (the
WebSocket paths to run each mode with, in turn: ``frames``, as ``make run``: each message framed once and
written to every socket, ``alliance87.prepared_frames``; ``asgi``: the old path, every message through the
consumer and uvicorn's ``websockets-sansio`` one socket at a time; default ``frames``, ``frames,asgi`` to
compare them in one run), BENCH_ART_WINDOW (the log's delays per this many seconds of submissions, 10;
1 for a close look). A missed target is a FAIL in the table, not an error: the script exits
non-zero only when it could not measure.

By default the clients do not ask for compression and the servers run with ``--ws-per-message-deflate
false``: on the ``asgi`` path, compressing each message for each socket costs 8-10 µs per screen and
message (``bench/wsfanout.py``), about what sending it costs, so those rows compare the two paths' sending
alone. Browsers always
ask for it, and ``make run`` accepts it: ``BENCH_ART_DEFLATE=1`` measures the wall as real screens meet it
(prepared frames are never compressed, whatever the screen asks).

The clients run on the same two cores as the server (and the submitter): the delays include their own
scheduling, so they are a ceiling, not a floor. That is why they are lean: with the ``websockets``
package they spent 2.5 times the server's CPU (about 25 µs of Python per message, and the JSON); with
``bench/wsclient.py`` and orjson, a fifth of it. The log prints both processes' CPU.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import math
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from array import array
from dataclasses import dataclass, field
from pathlib import Path

try:
    from orjson import loads as _loads
except ImportError:
    from json import loads as _loads

import run  # bench/run.py: the environment, the machine details, the docs writer
import wsclient  # bench/wsclient.py: the clients' WebSocket
from run import BenchError, log

START, END = "<!-- bench:artwork:start -->", "<!-- bench:artwork:end -->"
CLIENTS = int(os.environ.get("BENCH_ART_CLIENTS", "2000"))
CLIENTS_2 = int(os.environ.get("BENCH_ART_CLIENTS_2", "5000"))
RATE = float(os.environ.get("BENCH_ART_RATE", "50"))
DURATION = float(os.environ.get("BENCH_ART_DURATION", "60"))
RATE_REF = float(os.environ.get("BENCH_ART_RATE_REF", "20"))  # the reference row: a rate one process sustains
DURATION_REF = float(os.environ.get("BENCH_ART_DURATION_REF", "20"))
CLIENT_PROCS = int(os.environ.get("BENCH_ART_CLIENT_PROCS", "2"))
PDF_CONTRIBUTIONS = int(os.environ.get("BENCH_ART_PDF", "20000"))
APP = os.environ.get("BENCH_ART_APP", "alliance87.asgi:application")
APP_DIR = os.environ.get("BENCH_ART_APP_DIR", "")
MODES = {m.strip() for m in os.environ.get("BENCH_ART_MODES", "one,ref,two,pdf").split(",") if m.strip()}
DEFLATE = os.environ.get("BENCH_ART_DEFLATE", "0") == "1"  # permessage-deflate: zlib per socket per message
TARGET_P99_MS = {"one": 300.0, "two": 500.0}  # one process, 2,000 screens; two processes, 5,000
TAKEN_SHARE = 0.98  # of the contributions asked a second, the share the servers must take
WS_PATHS = {  # the bench's name for each WebSocket path → uvicorn's --ws
    "frames": "alliance87.prepared_frames:WebSocketProtocol",
    "asgi": "websockets-sansio",
}
PATHS = [path.strip() for path in os.environ.get("BENCH_ART_WS", "frames").split(",") if path.strip()]
TARGET_PDF_S = 10.0
DRAIN_SECONDS = 5.0  # after the last submission, how long the clients may take to get it
SUBMITTERS = 12  # threads posting contributions
CONNECT_BATCH = 100
SLUG = "bench-wall"
NAME_ONE = "SQLite, in-memory layer, one process"
NAME_REF = "the same at a lower rate (reference)"
NAME_TWO = "PostgreSQL + Redis, two processes, SIGKILL"
HISTOGRAM_MS = 120_000  # delays counted per millisecond up to two minutes
# The delays are also told per this many seconds of submissions (in the log; BENCH_ART_WINDOW=1 for a close look).
WINDOW_SECONDS = float(os.environ.get("BENCH_ART_WINDOW", "10"))
# A contribution submitted this close before the SIGKILL is counted with the kill's: its way to the killed
# process's screens is cut by the kill (they get it after the restart, seconds later), so it says nothing
# of how fast the wall follows while both processes serve.
KILL_SHADOW_SECONDS = 1.0

SETUP = f"""
from alliance87.artwork.models import Banner
banner = Banner.objects.create(title="Bench wall", slug="{SLUG}", columns=120, rows=40, cooldown_seconds=60,
    address_limit_per_minute=0, auto_approve_colour_only=True, wall_delay_seconds=0)
print("RESULT", banner.last_seq)
"""

PDF = """
import random, time
from datetime import timedelta
from django.utils import timezone
from alliance87.artwork import printing, services
from alliance87.artwork.models import Banner, Contribution, LogEntry
from alliance87.artwork.vocab import LogKind, Status
COUNT = {count}
columns, rows = 200, max(1, -(-COUNT // 200))
banner = Banner.objects.create(title="Bench print", slug="bench-print", columns=columns, rows=rows)
rnd = random.Random(87)
words = "ten years of partnership and action together we end child labour forced labour modern slavery".split()
now = timezone.now() - timedelta(hours=1)
cells = [(x, y) for y in range(rows) for x in range(columns)][:COUNT]
made = []
for index, (x, y) in enumerate(cells):
    message = " ".join(rnd.choice(words) for _ in range(rnd.randint(3, 12)))[:80] if index % 10 == 0 else ""
    drawing = [[[round(rnd.random(), 3), round(rnd.random(), 3)] for _ in range(rnd.randint(2, 20))]
               for _ in range(rnd.randint(1, 3))] if index % 20 == 5 else []
    made.append(Contribution(banner=banner, x=x, y=y, colour=rnd.choice(banner.colours), message=message,
        drawing=drawing, first_name=rnd.choice(["", "Amina", "José", "Léa"]),
        country=rnd.choice(["", "KE", "MX", "FR"]), device=f"bench-{{index}}", status=Status.APPROVED,
        created_at=now, decided_at=now))
Contribution.objects.bulk_create(made, batch_size=1000)
entries, seq = [], 0
for c in Contribution.objects.filter(banner=banner).order_by("pk"):
    entries.append(LogEntry(banner=banner, seq=seq + 1, kind=LogKind.CONTRIBUTED, contribution=c,
        data={{"x": c.x, "y": c.y}}, at=now))
    entries.append(LogEntry(banner=banner, seq=seq + 2, kind=LogKind.APPROVED, contribution=c,
        data=services.public_data(c), at=now))
    seq += 2
LogEntry.objects.bulk_create(entries, batch_size=2000)
Banner.objects.filter(pk=banner.pk).update(last_seq=seq)
banner = Banner.objects.get(pk=banner.pk)
printing.banner_pdf(banner, legend=False)  # the fonts load once per process (about a second): not the export's cost
for legend in (False, True):
    started = time.perf_counter()
    pdf = printing.banner_pdf(banner, legend=legend)
    print("RESULT", int(legend), round(time.perf_counter() - started, 3), len(pdf))
"""


@dataclass
class Result:
    mode: str
    servers: int
    path: str = "frames"
    target_p99_ms: float = 500.0
    yardstick_ms: float = 0.0  # the machine's yardstick just before the row (run.yardstick_ms)
    clients: int = 0
    target_rate: float = 0.0
    connected: int = 0
    acknowledged: int = 0
    refused: int = 0
    histogram: list[int] = field(default_factory=lambda: [0] * (HISTOGRAM_MS + 1))
    after: list[int] = field(default_factory=lambda: [0] * (HISTOGRAM_MS + 1))  # submitted after the kill
    windows: dict[int, list[int]] = field(default_factory=dict)  # delays (10 ms steps) per WINDOW_SECONDS
    acks: list[float] = field(default_factory=list)  # each acknowledged POST's answer time, seconds, sorted
    killed_at: float | None = None
    lost: int = 0
    duplicated: int = 0
    reconnects: int = 0
    reloads: int = 0
    behind: int = 0  # clients that had not reached the last number at the end
    missing_in_db: int = 0  # acknowledged contributions not in the database after the restart
    killed: bool = False
    rate: float = 0.0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0  # the client processes' CPU over the same time (they share the cores)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def percentile(self, share: float, histogram: list[int] | None = None) -> float:
        histogram = self.histogram if histogram is None else histogram
        total = sum(histogram)
        if not total:
            return 0.0
        rank, seen = max(1, math.ceil(share * total)), 0
        for ms, count in enumerate(histogram):
            seen += count
            if seen >= rank:
                return float(ms)
        return float(HISTOGRAM_MS)

    def ack_ms(self, share: float) -> float:
        """The POST's answer time at this share of the acknowledged contributions, in milliseconds."""
        if not self.acks:
            return 0.0
        return self.acks[min(len(self.acks) - 1, max(0, math.ceil(share * len(self.acks)) - 1))] * 1000

    @property
    def deliveries(self) -> int:
        return sum(self.histogram) + sum(self.after)

    def top(self, histogram: list[int] | None = None) -> float:
        histogram = self.histogram if histogram is None else histogram
        return float(max((ms for ms, count in enumerate(histogram) if count), default=0))

    @property
    def max(self) -> float:
        return self.top()

    @property
    def passed(self) -> bool:
        return (
            not self.errors
            and self.connected == self.clients
            and self.acknowledged > 0
            and not self.lost
            and not self.duplicated
            and not self.behind
            and not self.missing_in_db
            and self.percentile(0.99) < self.target_p99_ms
            and self.rate >= TAKEN_SHARE * self.target_rate
        )

    @property
    def cpu_us_per_delivery(self) -> float:
        """The servers' CPU while submitting, per approval delivered to a screen (POSTs included)."""
        return self.server_cpu_s * 1e6 / self.deliveries if self.deliveries else 0.0


# ---------------------------------------------------------------------------------------------
# The servers


class ServerProcess:
    """One uvicorn process on a fixed port, in its own process group (so it can be killed and restarted)."""

    def __init__(self, env: dict, port: int, logfile: Path, path: str):
        self.env, self.port, self.logfile, self.path = env, port, logfile, path
        self.proc: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{port}"

    def start(self) -> None:
        cmd = [str(run.UVICORN), APP, "--host", "127.0.0.1", "--port", str(self.port), "--loop", "uvloop"]
        cmd += ["--http", "httptools", "--ws", WS_PATHS[self.path], "--no-access-log", "--backlog", "4096"]
        cmd += ["--log-level", "warning"]  # not two lines per WebSocket opened
        if not DEFLATE:
            cmd += ["--ws-per-message-deflate", "false"]
        if APP_DIR:
            cmd += ["--app-dir", APP_DIR]
        log_file = self.logfile.open("a")
        self.proc = subprocess.Popen(
            cmd, cwd=run.ROOT, env=self.env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        log_file.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"uvicorn exited with {self.proc.returncode}:\n{self.logfile.read_text()[-3000:]}")
            try:
                if run.fetch(f"{self.base}/artwork/{SLUG}/snapshot.json", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"uvicorn did not answer within 60 s:\n{self.logfile.read_text()[-3000:]}")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
            except ProcessLookupError:
                pass
        self.proc = None

    def cpu_seconds(self) -> float:
        return run.group_cpu_seconds(self.proc.pid) if self.proc is not None else 0.0


# ---------------------------------------------------------------------------------------------
# The clients (each client process runs this in its own asyncio loop)


def clients_main(conn, bases: list[str], count: int, first: int, capacity: int) -> None:
    """``count`` wall clients (numbered from ``first``), spread over ``bases`` (one per server)."""
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(ClientPool(conn, bases, count, first, capacity).run())


class ClientPool:
    """Many wall clients in one asyncio loop; each notes when every approval reaches it.

    ``arrivals[i][id - 1]`` is when client ``i`` got contribution ``id``'s approval (monotonic seconds; 0
    not yet): a flat array per client, so 2,500 clients × 3,000 contributions fit in memory.
    """

    def __init__(self, conn, bases: list[str], count: int, first: int, capacity: int):
        self.conn, self.bases, self.count, self.first, self.capacity = conn, bases, count, first, capacity
        self.since = [0] * count
        self.arrivals = [array("d", bytes(8 * capacity)) for _ in range(count)]
        self.duplicated = self.reconnects = self.reloads = self.connected = 0
        self.errors: list[str] = []
        self.waiting: list[list | None] = [None] * count  # messages that came while reloading the snapshot
        self.tasks: set = set()
        self.stop = asyncio.Event()
        self.ready = asyncio.Event()

    def base(self, index: int) -> str:
        return self.bases[(self.first + index) % len(self.bases)]

    def take(self, index: int, raw) -> str:
        """Note what a message brings; returns its type."""
        message = _loads(raw)
        kind = message.get("type")
        if kind == "entries":
            since = self.since[index]
            if message["from"] <= since:  # the server sent numbers this client already had
                self.duplicated += sum(1 for entry in message["entries"] if entry["seq"] <= since)
            now = time.monotonic()
            mine = self.arrivals[index]
            for entry in message["entries"]:
                if entry["kind"] == "approved" and entry["seq"] > since:
                    slot = entry["data"]["id"] - 1
                    if 0 <= slot < self.capacity:
                        if mine[slot]:
                            self.duplicated += 1
                        else:
                            mine[slot] = now
            self.since[index] = max(since, message["to"])
        elif kind == "reload":
            self.reloads += 1
        return kind

    async def reload(self, index: int, socket) -> None:
        """As a wall screen does when told to: load the snapshot (what it shows is displayed now), then
        follow from its number. Messages that come meanwhile wait for it, in order."""
        loop = asyncio.get_running_loop()
        url = f"{self.base(index)}/artwork/{SLUG}/snapshot.json"
        try:
            state = json.loads((await loop.run_in_executor(None, run.fetch, url))[2])
        except OSError:
            socket.close()  # the server went away: reconnect and resume from where it stood
            return
        now = time.monotonic()
        mine = self.arrivals[index]
        for contribution in state["contributions"]:
            slot = contribution["id"] - 1
            if 0 <= slot < self.capacity and not mine[slot]:
                mine[slot] = now
        self.since[index] = state["last_seq"]
        socket.send(json.dumps({"since": state["last_seq"]}))
        waiting, self.waiting[index] = self.waiting[index], None
        for raw in waiting or ():
            self.receive(index, socket, raw)

    def receive(self, index: int, socket, raw: str) -> None:
        """A message for client ``index``, as it arrives (in the loop's turn that read it)."""
        if self.waiting[index] is not None:  # reloading: after the snapshot
            self.waiting[index].append(raw)
        elif self.take(index, raw) == "reload":
            self.waiting[index] = []
            self.tasks.add(task := asyncio.get_running_loop().create_task(self.reload(index, socket)))
            task.add_done_callback(self.tasks.discard)

    async def client(self, index: int) -> None:
        base = self.base(index)
        url = base.replace("http://", "ws://") + f"/ws/artwork/{SLUG}/wall/"
        attempt = 0
        while not self.stop.is_set():
            socket = None
            try:
                socket = await wsclient.connect(
                    url, base, lambda socket, raw: self.receive(index, socket, raw), deflate=DEFLATE
                )
                self.waiting[index] = None
                socket.send(json.dumps({"since": self.since[index]}))  # resume where it stood
                if attempt == 0:
                    self.connected += 1
                    if self.connected == self.count:
                        self.ready.set()
                attempt = 0
                await socket.closed
                raise wsclient.ConnectionClosed(socket.close_code)
            except (OSError, ValueError, TimeoutError) as error:
                if self.stop.is_set():
                    return
                if attempt == 0 and self.connected < self.count and not isinstance(error, wsclient.ConnectionClosed):
                    self.errors.append(f"{type(error).__name__}: {error}"[:200])
                self.reconnects += 1
                attempt += 1
                await asyncio.sleep(min(2.0, 0.2 * attempt))
            finally:
                if socket is not None:
                    socket.close()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for base in self.bases:  # a screen loads the snapshot once, then follows from its number
            last_seq = json.loads(run.fetch(f"{base}/artwork/{SLUG}/snapshot.json", timeout=30)[2])["last_seq"]
            self.since = [last_seq if self.base(i) == base else seq for i, seq in enumerate(self.since)]
        tasks = []
        for start in range(0, self.count, CONNECT_BATCH):
            tasks += [loop.create_task(self.client(i)) for i in range(start, min(self.count, start + CONNECT_BATCH))]
            await asyncio.sleep(0.05)
        try:
            await asyncio.wait_for(self.ready.wait(), 240)
        except TimeoutError:
            pass
        self.reconnects = 0
        self.conn.send(("ready", self.connected))
        # The parent asks where the clients stand until they are all there (or it stops waiting), then
        # says "finish". The pipe blocks: read it on a thread.
        while (await loop.run_in_executor(None, self.conn.recv)) == "positions":
            self.conn.send(("positions", list(self.since)))
        self.stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        submitted, killed_at = await loop.run_in_executor(None, self.conn.recv)
        self.conn.send(("result", self.report(submitted, killed_at)))

    def report(self, submitted: list[tuple[int, float]], killed_at: float | None) -> dict:
        """Delays per millisecond for the acknowledged contributions (before a kill, and after it: then the
        killed process's clients wait for its restart), and those a client never got."""
        before = [0] * (HISTOGRAM_MS + 1)
        after = [0] * (HISTOGRAM_MS + 1)
        first = min((sent for _id, sent in submitted), default=0.0)
        windows: dict[int, list[int]] = {}  # WINDOW_SECONDS of submissions → delays in 10 ms steps
        lost = 0
        for mine in self.arrivals:
            for contribution_id, sent in submitted:
                got = mine[contribution_id - 1] if 0 < contribution_id <= self.capacity else 0
                if not got:
                    lost += 1
                    continue
                bucket = after if killed_at is not None and sent >= killed_at - KILL_SHADOW_SECONDS else before
                ms = min(HISTOGRAM_MS, max(0, int((got - sent) * 1000)))
                bucket[ms] += 1
                window = windows.setdefault(int((sent - first) // WINDOW_SECONDS), [0] * (HISTOGRAM_MS // 10 + 1))
                window[ms // 10] += 1
        return {
            "histogram": before,
            "after": after,
            "windows": windows,
            "lost": lost,
            "duplicated": self.duplicated,
            "reconnects": self.reconnects,
            "reloads": self.reloads,
            "connected": self.connected,
            "errors": self.errors[:5],
        }


# ---------------------------------------------------------------------------------------------
# The submitter


class Submitter:
    """Threads posting colour-only contributions at a steady rate, each from its own device token."""

    def __init__(self, bases: list[str], rate: float, seconds: float, run_id: str):
        self.bases, self.rate, self.seconds, self.run_id = bases, rate, seconds, run_id
        self.sent: list[tuple[int, float]] = []  # (contribution id, monotonic time just before the POST)
        self.acks: list[float] = []  # seconds from just before each acknowledged POST to its answer
        self.refused = 0
        self.failed = 0
        self.lock = threading.Lock()
        self.counter = 0
        self.started = 0.0
        self.down: set[str] = set()

    def _next(self) -> int | None:
        with self.lock:
            number = self.counter
            self.counter += 1
        return number if number < int(self.rate * self.seconds) else None

    def _worker(self) -> None:
        connections: dict[str, http.client.HTTPConnection] = {}
        while (number := self._next()) is not None:
            due = self.started + number / self.rate
            if (wait := due - time.monotonic()) > 0:
                time.sleep(wait)
            body = json.dumps({"colour": "#A21942"})
            token = f"bench-{self.run_id}-{number}"
            for attempt in range(len(self.bases) * 2):
                base = self.bases[(number + attempt) % len(self.bases)]
                if base in self.down and attempt < len(self.bases) * 2 - 1:
                    continue
                host = urllib.parse.urlsplit(base)
                connection = connections.get(base)
                if connection is None:
                    connection = connections[base] = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
                sent = time.monotonic()
                try:
                    connection.request(
                        "POST",
                        f"/api/artwork/{SLUG}/contributions",
                        body=body,
                        headers={"Content-Type": "application/json", "X-Device-Token": token},
                    )
                    response = connection.getresponse()
                    payload = response.read()
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connections.pop(base, None)
                    continue  # not acknowledged: try the other server
                if response.status == 201:
                    with self.lock:
                        self.sent.append((json.loads(payload)["id"], sent))
                        self.acks.append(time.monotonic() - sent)
                else:
                    with self.lock:
                        self.refused += 1
                break
            else:
                with self.lock:
                    self.failed += 1

    def run(self) -> None:
        self.started = time.monotonic() + 0.2
        threads = [threading.Thread(target=self._worker, daemon=True) for _ in range(SUBMITTERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


# ---------------------------------------------------------------------------------------------
# One run


def start_clients(servers: list[ServerProcess], clients: int) -> tuple[list, list]:
    """The client processes (spawned: a fresh interpreter each), clients shared out between them."""
    capacity = int(max(RATE * DURATION, RATE_REF * DURATION_REF) * 1.2) + 1000
    context = multiprocessing.get_context("spawn")
    procs, pipes, first = [], [], 0
    bases = [server.base for server in servers]
    for index in range(CLIENT_PROCS):
        share = clients // CLIENT_PROCS + (1 if index < clients % CLIENT_PROCS else 0)
        parent, child = context.Pipe()
        proc = context.Process(target=clients_main, args=(child, bases, share, first, capacity), daemon=True)
        proc.start()
        procs.append(proc)
        pipes.append(parent)
        first += share
    return procs, pipes


def wait_for_positions(pipes: list, last_seq: int, seconds: float) -> int:
    """Let the clients get the last entries; the number still behind ``last_seq`` when the time is up."""
    deadline = time.monotonic() + seconds
    while True:
        time.sleep(1.0)
        positions = []
        for pipe in pipes:
            pipe.send("positions")
            positions += pipe.recv()[1]
        behind = sum(1 for seq in positions if seq < last_seq)
        if not behind or time.monotonic() > deadline:
            return behind


def collect(pipes: list, submitter: Submitter, result: Result) -> None:
    for pipe in pipes:
        pipe.send("finish")
        pipe.send((submitter.sent, result.killed_at))
    for pipe in pipes:
        if not pipe.poll(900):  # each client process goes through every client × contribution: minutes when busy
            raise BenchError("a client process did not report within 15 minutes")
        _tag, stats = pipe.recv()
        result.histogram = [a + b for a, b in zip(result.histogram, stats["histogram"], strict=True)]
        for index, counts in stats["windows"].items():
            mine = result.windows.setdefault(index, [0] * len(counts))
            result.windows[index] = [a + b for a, b in zip(mine, counts, strict=True)]
        result.after = [a + b for a, b in zip(result.after, stats["after"], strict=True)]
        result.lost += stats["lost"]
        result.duplicated += stats["duplicated"]
        result.reconnects += stats["reconnects"]
        result.reloads += stats["reloads"]
        result.errors += stats["errors"]


def measure(
    mode: str, servers: list[ServerProcess], clients: int, *, kill: bool, env: dict, rate: float, seconds: float
) -> Result:
    result = Result(
        mode, len(servers), servers[0].path, TARGET_P99_MS["two" if len(servers) > 1 else "one"], run.yardstick_ms()
    )
    result.clients, result.target_rate = clients, rate
    procs, pipes = start_clients(servers, clients)
    try:
        for pipe in pipes:
            if not pipe.poll(300):
                raise BenchError("the clients did not connect within 5 minutes")
            result.connected += pipe.recv()[1]
        log(f"  {result.connected} of {clients} clients connected; submitting {rate:g}/s for {seconds:g} s")
        cpu_before = sum(server.cpu_seconds() for server in servers)
        clients_before = sum(run.process_cpu_seconds(proc.pid) for proc in procs)
        submitter = Submitter([server.base for server in servers], rate, seconds, mode)
        killer = threading.Thread(
            target=_kill_and_restart, args=(servers[0], submitter, result, seconds / 2), daemon=True
        )
        if kill:
            killer.start()
        started = time.monotonic()
        submitter.run()
        result.seconds = time.monotonic() - started
        if kill:
            killer.join()
        result.server_cpu_s = sum(server.cpu_seconds() for server in servers) - cpu_before
        result.client_cpu_s = sum(run.process_cpu_seconds(proc.pid) for proc in procs) - clients_before
        result.acknowledged, result.refused = len(submitter.sent), submitter.refused + submitter.failed
        result.acks = sorted(submitter.acks)
        result.rate = result.acknowledged / result.seconds if result.seconds else 0.0
        result.behind = wait_for_positions(pipes, _last_public_seq(servers), DRAIN_SECONDS * (3 if kill else 1))
        collect(pipes, submitter, result)
        if kill:
            result.missing_in_db = _missing_in_db(env, [i for i, _ in submitter.sent])
    finally:
        for proc in procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
    return result


def _kill_and_restart(server: ServerProcess, submitter: Submitter, result: Result, after: float) -> None:
    time.sleep(after)
    log(f"  SIGKILL to the server on port {server.port}")
    submitter.down.add(server.base)
    result.killed_at = time.monotonic()
    server.kill()
    result.killed = True
    time.sleep(2.0)
    server.start()
    submitter.down.discard(server.base)
    log(f"  the server on port {server.port} is back")


def _last_public_seq(servers: list[ServerProcess]) -> int:
    problems = []
    for server in servers:
        try:
            status, _headers, body = run.fetch(f"{server.base}/artwork/{SLUG}/log.json?since=0", timeout=30)
        except OSError as error:
            problems.append(f"{server.port}: {error}")
            continue
        if status == 200:
            return json.loads(body)["last_seq"]
        problems.append(f"{server.port}: HTTP {status}")
    raise BenchError(f"no server answered for the last number ({'; '.join(problems)})")


def _missing_in_db(env: dict, ids: list[int]) -> int:
    script = (
        "import json, sys; from alliance87.artwork.models import Contribution; "
        f"ids = json.load(open({str(env['BENCH_IDS'])!r})); "
        "found = set(Contribution.objects.filter(pk__in=ids, status='approved').values_list('pk', flat=True)); "
        "print('RESULT', len(set(ids) - found))"
    )
    Path(env["BENCH_IDS"]).write_text(json.dumps(ids))
    try:
        out = run.manage(env, "shell", "-c", script)
    except BenchError as error:
        raise BenchError("checking the database after the restart failed: " + str(error)[-600:]) from error
    return int(next(line for line in out.splitlines() if line.startswith("RESULT")).split()[1])


# ---------------------------------------------------------------------------------------------
# Setting up


def prepare(env: dict) -> None:
    """A migrated database; with SQLite, a copy of it that ``fresh_banner`` puts back before each row."""
    log("migrate")
    run.manage(env, "migrate", "--noinput", "--verbosity", "0", timeout=300)
    if "DATABASE_URL" not in env:
        shutil.copyfile(env["SQLITE_PATH"], env["SQLITE_PATH"] + ".migrated")


def fresh_banner(env: dict) -> None:
    """The bench's banner on a database as just migrated: each row starts from nothing, and its contributions
    are numbered from 1 (the clients note arrivals by number)."""
    if "DATABASE_URL" not in env:
        for suffix in ("-wal", "-shm"):
            Path(env["SQLITE_PATH"] + suffix).unlink(missing_ok=True)
        shutil.copyfile(env["SQLITE_PATH"] + ".migrated", env["SQLITE_PATH"])
    run.manage(env, "shell", "-c", SETUP)


def postgres_database(url: str) -> tuple[str, str]:
    """A throwaway database on the server of ``url``: (its URL, its name)."""
    import psycopg

    name = f"a87_bench_{os.getpid()}"
    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), name


def drop_postgres_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure_pdf(env: dict) -> list[tuple[str, float, int]]:
    if PDF_CONTRIBUTIONS <= 0:
        return []
    log(f"print: {PDF_CONTRIBUTIONS:,} contributions on a 200 × {math.ceil(PDF_CONTRIBUTIONS / 200)} banner")
    out = run.manage(env, "shell", "-c", PDF.format(count=PDF_CONTRIBUTIONS), timeout=600)
    rows = []
    for line in out.splitlines():
        if line.startswith("RESULT"):
            _tag, legend, seconds, size = line.split()
            rows.append(("with the legend" if legend == "1" else "banner only", float(seconds), int(size)))
    return rows


# ---------------------------------------------------------------------------------------------
# The report


def render(results: list[Result], pdf_rows, info: dict[str, str]) -> str:
    lines = [
        "## The artwork: wall screens following 50 contributions a second (`bench/artwork.py`)",
        "",
        f"WebSocket clients ({CLIENT_PROCS} client processes, many sockets in one asyncio loop each, a lean "
        "RFC 6455 client: `bench/wsclient.py`) follow one banner's wall; "
        f"a submitter posts colour-only contributions to the API ({RATE:g} a second for {DURATION:g} s; the reference "
        f"row {RATE_REF:g} a second for {DURATION_REF:g} s), each from its own device token, on an empty banner "
        "in a fresh database for each row (approved at once, no wall delay). Delay: from just before the POST to the "
        "approval's arrival at a client, for every client and every acknowledged contribution. uvicorn as in "
        "`make run` (uvloop, httptools), DEBUG off. WebSocket path: *frames*, as `make run` serves it (each "
        "message framed once and written to every socket, `alliance87.prepared_frames`); *asgi*, the path "
        "before it (every message through the consumer and uvicorn's `websockets-sansio`, one socket at a "
        "time). "
        + (
            "The clients ask for permessage-deflate, as browsers do, and the servers accept it (as `make run`): "
            "the *asgi* path compresses each message for each screen; prepared frames are never compressed. "
            if DEFLATE
            else "The clients do not ask for compression (browsers do: `BENCH_ART_DEFLATE=1`). "
        )
        + "Yardstick: the machine's (1M squares summed in Python, best of 5) just before the row; the "
        "delays grow with it. Server CPU per delivery: the servers' CPU while submitting (the POSTs "
        "included) over the approvals delivered to screens.",
        "",
        "| mode | WebSocket path | yardstick ms | server processes | clients (connected) "
        "| rate asked / acknowledged per s | deliveries | p50 ms | p99 ms "
        "| max ms | POST answered p50 / p99 ms | lost | duplicated | behind at the end | server CPU s "
        "| server CPU µs per delivery | target | result |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        notes = list(r.errors[:3])
        if r.killed:
            notes.append(
                f"delays of what was submitted up to {KILL_SHADOW_SECONDS:g} s before the kill; from then on "
                f"p99 {r.percentile(0.99, r.after):.0f} ms, max "
                f"{r.top(r.after):.0f} ms (the killed process's clients wait for its restart); "
                f"{r.reconnects} reconnections; {r.missing_in_db} acknowledged missing from the database"
            )
        if r.reloads:
            notes.append(f"{r.reloads} reloads")
        if r.refused:
            notes.append(f"{r.refused} submissions refused or failed")
        if r.mode == NAME_REF:
            verdict = "reference" + (f" ({'; '.join(notes)})" if notes else "")
        else:
            verdict = ("pass" if r.passed else "FAIL") + (f" ({'; '.join(notes)})" if notes else "")
        lines.append(
            f"| {r.mode} | {r.path} | {r.yardstick_ms:.0f} | {r.servers} | {r.clients:,} ({r.connected:,}) "
            f"| {r.target_rate:g} / {r.rate:.1f} "
            f"| {r.deliveries:,} | {r.percentile(0.5):.0f} | {r.percentile(0.99):.0f} | {r.max:.0f} "
            f"| {r.ack_ms(0.5):.0f} / {r.ack_ms(0.99):.0f} | {r.lost:,} "
            f"| {r.duplicated:,} | {r.behind:,} | {r.server_cpu_s:.1f} | {r.cpu_us_per_delivery:.1f} "
            f"| p99 <{r.target_p99_ms:.0f} ms, none lost or duplicated, ≥{TAKEN_SHARE * r.target_rate:g} a second "
            f"taken | {verdict} |"
        )
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        lines += ["", "PostgreSQL + Redis with two processes was not measured: set `DATABASE_URL` and `REDIS_URL`."]
    if pdf_rows:
        lines += [
            "",
            f"The print: `printing.banner_pdf` of a 200 × {math.ceil(PDF_CONTRIBUTIONS / 200)} banner with "
            f"{PDF_CONTRIBUTIONS:,} contributions (1 in 10 with a message, 1 in 20 with a drawing), SQLite.",
            "",
            "| PDF | seconds | bytes | target | result |",
            "|---|---:|---:|---|---|",
        ]
        for name, seconds, size in pdf_rows:
            verdict = "pass" if seconds < TARGET_PDF_S else "FAIL"
            lines.append(f"| {name} | {seconds:.2f} | {size:,} | <{TARGET_PDF_S:.0f} s | {verdict} |")
    lines += ["", "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items() if k != "wrk") + "."]
    return "\n".join(lines) + "\n"


def run_one(env: dict, workdir: Path, *, rate: float, seconds: float, name: str, path: str) -> Result:
    fresh_banner(env)
    server = ServerProcess(env, run.free_port(), workdir / "uvicorn-1.log", path)
    log(f"{name}, {path}: uvicorn on port {server.port}")
    server.start()
    try:
        return measure(name, [server], CLIENTS, kill=False, env=env, rate=rate, seconds=seconds)
    except (BenchError, OSError) as error:
        return Result(name, 1, path, clients=CLIENTS, target_rate=rate, errors=[str(error)[:300]])
    finally:
        server.stop()


def run_two(env: dict, workdir: Path, database_url: str, redis_url: str, path: str) -> Result:
    url, name = postgres_database(database_url)
    servers = []
    try:
        env = {**env, "DATABASE_URL": url, "REDIS_URL": redis_url, "BENCH_IDS": str(workdir / "acknowledged.json")}
        prepare(env)
        fresh_banner(env)
        servers = [ServerProcess(env, run.free_port(), workdir / f"uvicorn-pg-{i}.log", path) for i in (1, 2)]
        log(f"two processes (PostgreSQL, Redis), {path}: ports {servers[0].port} and {servers[1].port}")
        for server in servers:
            server.start()
        return measure(NAME_TWO, servers, CLIENTS_2, kill=True, env=env, rate=RATE, seconds=DURATION)
    except (BenchError, OSError) as error:
        return Result(NAME_TWO, 2, path, clients=CLIENTS_2, target_rate=RATE, errors=[str(error)[:300]])
    finally:
        for server in servers:
            server.stop()
        drop_postgres_database(database_url, name)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, run.terminate)
    signal.signal(signal.SIGHUP, run.terminate)
    started = time.monotonic()
    if not run.UVICORN.exists():
        print(f"bench: {run.UVICORN} is missing (make install)", file=sys.stderr)
        return 2
    if not PATHS or set(PATHS) - set(WS_PATHS):
        print(f"bench: BENCH_ART_WS takes {', '.join(WS_PATHS)} (comma-separated)", file=sys.stderr)
        return 2
    info = run.machine_info()
    workdir = Path(tempfile.mkdtemp(prefix="a87-bench-artwork-"))
    results: list[Result] = []
    pdf_rows = []
    try:
        env = run.bench_env(workdir)
        prepare(env)
        # Each mode on every path in turn, so the paths meet the same moment of a shared machine.
        if "one" in MODES:
            for path in PATHS:
                results.append(run_one(env, workdir, rate=RATE, seconds=DURATION, name=NAME_ONE, path=path))
                _log_result(results[-1])
        if "ref" in MODES:
            for path in PATHS:
                results.append(run_one(env, workdir, rate=RATE_REF, seconds=DURATION_REF, name=NAME_REF, path=path))
                _log_result(results[-1])
        database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
        if database_url and redis_url and "two" in MODES:
            for path in PATHS:
                results.append(run_two(env, workdir, database_url, redis_url, path))
                _log_result(results[-1])
        pdf_rows = measure_pdf(env) if "pdf" in MODES else []
        for name, seconds, size in pdf_rows:
            log(f"  PDF {name}: {seconds:.2f} s, {size:,} bytes")
    except (BenchError, OSError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        if os.environ.get("BENCH_ART_KEEP"):
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    section = render(results, pdf_rows, info)
    print(section)
    if "--write-docs" in argv:
        run.write_docs(section, START, END)
        log(f"written to {run.DOCS.relative_to(run.ROOT)}")
    log(f"done in {time.monotonic() - started:.0f} s")
    return 0


def _log_result(r: Result) -> None:
    log(
        f"  [{r.path}, yardstick {r.yardstick_ms:.0f} ms] {r.acknowledged} acknowledged, "
        f"{r.deliveries} deliveries: p50 {r.percentile(0.5):.0f} ms, "
        f"p99 {r.percentile(0.99):.0f} ms, max {r.max:.0f} ms, lost {r.lost}, duplicated {r.duplicated}, "
        f"behind {r.behind}" + (f" ({r.errors[:2]})" if r.errors else "")
    )
    if r.acks:
        log(f"  POST answered: p50 {r.ack_ms(0.5):.0f} ms, p99 {r.ack_ms(0.99):.0f} ms, max {r.acks[-1] * 1000:.0f} ms")
    log(
        f"  CPU while submitting: servers {r.server_cpu_s:.1f} s ({r.cpu_us_per_delivery:.1f} µs per delivery), "
        f"clients {r.client_cpu_s:.1f} s, in {r.seconds:.0f} s"
    )
    for index in sorted(r.windows):
        counts = r.windows[index]
        p50, p99 = (r.percentile(share, counts) * 10 for share in (0.5, 0.99))
        window = f"{index * WINDOW_SECONDS:3g}-{(index + 1) * WINDOW_SECONDS:3g} s"
        log(f"    submitted {window}: p50 {p50:.0f} ms, p99 {p99:.0f} ms")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
