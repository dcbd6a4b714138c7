"""The run-of-show under load: 200 screens follow the side event's clock; how soon does each see an advance?

The target (issue 4): "200 run-of-show screens follow an advance within 200 ms p99".

What it does, in a throwaway directory (the real database and settings are never touched): migrate,
load the Alliance's facts and the side event (``load_side_event``), create a moderator of it with a
signed-in session, then for each channel layer start uvicorn as ``make run`` does, open 200 WebSocket
clients (the ``websockets`` package) to ``/ws/events/<slug>/run/`` as anonymous followers, and one
more as the moderator. The moderator's socket sends ``start`` then ``next`` and ``back`` in turn; for
each step, every follower's delay is the time from sending the action to receiving the snapshot with
the new version. A follower that has not received a version 3 s after it was sent counts it as lost.

Channel layers: ``in-memory`` (the default: one uvicorn process) always; ``redis`` (two uvicorn
workers sharing the channel layer, the followers spread over both by the kernel) when ``REDIS_URL``
is set. The clients run in this one Python process on the same cores as the server, so the delays
include the clients' own scheduling: a ceiling, not a floor.

``.venv/bin/python bench/runofshow.py`` prints the markdown table; ``--write-docs`` also writes it to
docs/benchmarks.md between the ``<!-- bench:runofshow:start -->`` and ``<!-- bench:runofshow:end -->``
markers. Knobs (environment): BENCH_RUN_CLIENTS (default 200), BENCH_RUN_ADVANCES (default 40),
BENCH_RUN_GAP (seconds between steps, default 0.25), BENCH_RUN_LAYERS (e.g. "redis"; default: all). The
whole run stays under 2 minutes. A missed target is a FAIL in the table, not an error: the script exits
non-zero only when it could not measure.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import run  # bench/run.py: the server, the environment, the machine details and the docs writer
from run import BenchError, log

START, END = "<!-- bench:runofshow:start -->", "<!-- bench:runofshow:end -->"
CLIENTS = int(os.environ.get("BENCH_RUN_CLIENTS", "200"))
ADVANCES = int(os.environ.get("BENCH_RUN_ADVANCES", "40"))
GAP = float(os.environ.get("BENCH_RUN_GAP", "0.25"))
TARGET_P99_MS = 200.0
LOST_AFTER = 3.0  # seconds
CONNECT_BATCH = 25
BUDGET_SECONDS = 115
MODE_SECONDS = 25  # the least time left worth starting a layer's run in (connect, then at least ~20 steps)
STATE_VERSION = re.compile(r'^\{"type":"state","version":(\d+),')  # how live.broadcast's JSON begins

# Run inside ``manage.py shell``: the Alliance's facts and the side event (one process: each start of
# Django costs seconds on a busy machine), a moderator of it, signed in; prints the slug and the session.
MODERATOR = """
from django.core.management import call_command
call_command("load_alliance_data", verbosity=0)
call_command("load_side_event", verbosity=0)
from django.conf import settings
from django.test import Client
from alliance87.accounts.models import Role, User
from alliance87.accounts.services import role_grant
from alliance87.events.models import Event
event = Event.objects.get(source="concept-note-alliance87-side-event.txt")
user = User.objects.filter(email="bench.moderator@example.org").first()
if user is None:
    user = User.objects.create_user("bench.moderator@example.org", None, name="Bench moderator")
    role_grant(user=user, role=Role.MODERATOR, scope=event)
client = Client()
client.force_login(user)
cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
print("RESULT", event.slug, settings.SESSION_COOKIE_NAME, cookie)
"""


@dataclass
class Result:
    layer: str
    workers: int
    clients: int = 0
    advances: int = 0
    delays_ms: list[float] = field(default_factory=list)
    lost: int = 0
    server_cpu_ms: float = 0.0  # per advance: user + system time of the uvicorn processes
    client_cpu_ms: float = 0.0  # per advance: this process (the 201 clients)
    errors: list[str] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        if not self.delays_ms:
            return 0.0
        ordered = sorted(self.delays_ms)
        return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]  # nearest rank

    @property
    def p50(self) -> float:
        return statistics.median(self.delays_ms) if self.delays_ms else 0.0

    @property
    def p99(self) -> float:
        return self.percentile(0.99)

    @property
    def max(self) -> float:
        return max(self.delays_ms, default=0.0)

    @property
    def passed(self) -> bool:
        return not self.errors and not self.lost and bool(self.delays_ms) and self.p99 < TARGET_P99_MS


# ---------------------------------------------------------------------------------------------
# The clients


async def _connect(url: str, origin: str, headers: dict | None = None):
    from websockets.asyncio.client import connect  # noqa: PLC0415 -- the venv's package; imported when used

    return await connect(url, origin=origin, additional_headers=headers, proxy=None, open_timeout=20, max_queue=None)


class Screens:
    """The followers and the moderator's console, as WebSocket clients of one server."""

    def __init__(self, base: str, slug: str, cookie: tuple[str, str], result: Result):
        self.url = f"{base.replace('http://', 'ws://')}/ws/events/{slug}/run/"
        self.origin, self.cookie, self.result = base, cookie, result
        self.arrivals: list[dict[int, float]] = []  # per follower: version → when it arrived
        self.counts: dict[int, int] = {}
        self.complete: dict[int, asyncio.Event] = {}
        self.followers, self.tasks = [], []
        self.controller = None
        self.latest: dict = {}
        self.answers: asyncio.Queue = asyncio.Queue()

    def _arrived(self, index: int, version: int) -> None:
        self.arrivals[index][version] = time.perf_counter()
        self.counts[version] = self.counts.get(version, 0) + 1
        if self.counts[version] == len(self.followers):
            self.complete.setdefault(version, asyncio.Event()).set()

    async def _follow(self, index: int, socket) -> None:
        # Only the version is needed: read it without decoding the whole snapshot, so the 200 clients
        # take as little as possible of the CPU they share with the server.
        async for raw in socket:
            if match := STATE_VERSION.search(raw):
                self._arrived(index, int(match.group(1)))

    async def _answers(self) -> None:
        async for raw in self.controller:
            await self.answers.put(json.loads(raw))

    async def open(self) -> None:
        for start in range(0, CLIENTS, CONNECT_BATCH):
            size = min(CLIENTS, start + CONNECT_BATCH) - start
            for socket in await asyncio.gather(*(_connect(self.url, self.origin) for _ in range(size))):
                first = json.loads(await asyncio.wait_for(socket.recv(), 10))
                if first.get("type") != "state":
                    raise BenchError(f"a follower got {first} on connect")
                self.followers.append(socket)
        self.arrivals = [{} for _ in self.followers]
        self.result.clients = len(self.followers)
        log(f"  {len(self.followers)} followers connected")
        self.tasks = [asyncio.create_task(self._follow(i, socket)) for i, socket in enumerate(self.followers)]
        name, value = self.cookie
        self.controller = await _connect(self.url, self.origin, {"Cookie": f"{name}={value}"})
        self.latest = json.loads(await asyncio.wait_for(self.controller.recv(), 10))
        if not self.latest.get("private"):
            raise BenchError("the moderator's socket is not signed in (no private snapshot)")
        self.tasks.append(asyncio.create_task(self._answers()))

    async def step(self, action: str) -> None:
        """Send one action; record when each follower received its new state (or that it did not)."""
        version = self.latest["version"]
        expected = version + 1
        done = self.complete.setdefault(expected, asyncio.Event())
        sent = time.perf_counter()
        await self.controller.send(json.dumps({"type": "action", "action": action, "version": version}))
        answer = await asyncio.wait_for(self.answers.get(), LOST_AFTER)
        if answer.get("type") != "state":
            raise BenchError(f"the server refused {action!r}: {answer}")
        self.latest = answer
        try:
            await asyncio.wait_for(done.wait(), LOST_AFTER)
        except TimeoutError:
            pass  # counted as lost below
        for got in self.arrivals:
            if expected in got:
                self.result.delays_ms.append((got[expected] - sent) * 1000)
            else:
                self.result.lost += 1
        self.result.advances += 1

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        sockets = [*self.followers, *([self.controller] if self.controller else [])]
        await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)


async def measure(
    base: str, slug: str, cookie: tuple[str, str], result: Result, *, server_pgid: int, deadline: float
) -> Result:
    """Open the screens, take ``ADVANCES`` steps (start, then next and back in turn), and close them.

    Stops stepping early at ``deadline`` (``time.monotonic()``), so the whole run stays bounded on a busy
    machine; the table then shows how many advances were measured."""
    screens = Screens(base, slug, cookie, result)
    try:
        await screens.open()
        if screens.latest["state"] != "ready":
            await screens.step("reset")
            result.delays_ms.clear()
            result.advances = result.lost = 0
        server_cpu, client_cpu = run.group_cpu_seconds(server_pgid), time.process_time()
        await screens.step("start")
        count = screens.latest["count"]
        moves = ["next"] * (count - 1) + ["back"] * (count - 1)
        for number in range(ADVANCES - 1):
            if time.monotonic() + GAP + LOST_AFTER > deadline:
                log(f"  stopped after {result.advances} advances: the run would exceed {BUDGET_SECONDS} s")
                break
            await asyncio.sleep(GAP)
            await screens.step(moves[number % len(moves)])
        result.server_cpu_ms = (run.group_cpu_seconds(server_pgid) - server_cpu) * 1000 / result.advances
        result.client_cpu_ms = (time.process_time() - client_cpu) * 1000 / result.advances
    finally:
        await screens.close()
    return result


# ---------------------------------------------------------------------------------------------
# The run


def prepare(workdir: Path) -> tuple[dict, str, tuple[str, str]]:
    env = run.bench_env(workdir)
    log("migrate")
    run.manage(env, "migrate", "--noinput", "--verbosity", "0")
    # The server's readiness check loads the home page, which needs the static files' manifest. The
    # sockets use no static file: collect only when there is no manifest yet (``make bench`` has one).
    if not (run.ROOT / "staticfiles" / "staticfiles.json").exists():
        log("collectstatic")
        run.manage(env, "collectstatic", "--noinput", "--verbosity", "0", timeout=300)
    log("load_alliance_data, load_side_event, a moderator")
    line = next(row for row in run.manage(env, "shell", "-c", MODERATOR).splitlines() if row.startswith("RESULT "))
    _tag, slug, name, value = line.split()
    return env, slug, (name, value)


def layers() -> list[tuple[str, dict, int]]:
    """(name, extra environment, uvicorn workers) for each channel layer to measure (BENCH_RUN_LAYERS picks)."""
    modes = [("in-memory", {}, 1)]
    if redis_url := os.environ.get("REDIS_URL"):
        modes.append(("redis", {"REDIS_URL": redis_url}, 2))
    wanted = [name.strip() for name in os.environ.get("BENCH_RUN_LAYERS", "").split(",") if name.strip()]
    return [mode for mode in modes if not wanted or mode[0] in wanted]


def render(results: list[Result], info: dict[str, str]) -> str:
    lines = [
        "## Run-of-show: screens following an advance (`bench/runofshow.py`)",
        "",
        f"{CLIENTS} WebSocket clients follow the side event's run-of-show; the moderator's socket sends "
        f"`start`, then `next` and `back` in turn, one every {GAP:g} s. Delay: from sending the action to each "
        f"client receiving the new state; a state not received within {LOST_AFTER:g} s is lost. uvicorn as in "
        "`make run`, DEBUG off, SQLite; the clients run in one Python process on the same cores.",
        "",
        "| channel layer | uvicorn workers | clients | advances | p50 ms | p99 ms | max ms | lost messages "
        "| server CPU ms/advance | target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        verdict = ("pass" if r.passed else "FAIL") + (f" ({'; '.join(r.errors)})" if r.errors else "")
        lines.append(
            f"| {r.layer} | {r.workers} | {r.clients} | {r.advances} | {r.p50:.1f} | {r.p99:.1f} | {r.max:.1f} "
            f"| {r.lost} | {r.server_cpu_ms:.1f} | p99 <{TARGET_P99_MS:.0f} ms, none lost | {verdict} |"
        )
    if not os.environ.get("REDIS_URL"):
        lines += ["", "Redis was not measured: set `REDIS_URL` to add its row (two workers sharing the layer)."]
    lines += [
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items() if k != "wrk") + ".",
        "",
        "*Server CPU ms/advance* (user + system time of the uvicorn processes from the first step to the last, "
        "divided by the steps) moves less with the machine's other load than the delays do: it is what one "
        f"advance to {CLIENTS} screens costs. The clients' own process spent "
        + ", ".join(f"{r.client_cpu_ms:.0f} ms ({r.layer})" for r in results)
        + " of CPU per advance on the same cores.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, run.terminate)
    signal.signal(signal.SIGHUP, run.terminate)
    started = time.monotonic()
    if not run.UVICORN.exists():
        print(f"bench: {run.UVICORN} is missing (make install)", file=sys.stderr)
        return 2
    info = run.machine_info()
    workdir = Path(tempfile.mkdtemp(prefix="a87-bench-run-"))
    results: list[Result] = []
    try:
        env, slug, cookie = prepare(workdir)
        for name, extra, workers in layers():
            if time.monotonic() - started > BUDGET_SECONDS - MODE_SECONDS:
                results.append(Result(name, workers, errors=["skipped (time budget)"]))
                continue
            server = run.Server({**env, **extra}, workers, workdir / f"uvicorn-{name}.log")
            log(f"{name}: starting uvicorn ({workers} worker{'s' if workers > 1 else ''}) on port {server.port}")
            server.start()
            try:
                result = asyncio.run(
                    measure(
                        server.base,
                        slug,
                        cookie,
                        Result(name, workers),
                        server_pgid=server.proc.pid,
                        deadline=started + BUDGET_SECONDS - 5,
                    )
                )
            except (BenchError, OSError, TimeoutError) as error:
                result = Result(name, workers, errors=[str(error) or type(error).__name__])
            finally:
                server.stop()
            results.append(result)
            log(
                f"  {result.advances} advances: p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms, "
                f"max {result.max:.1f} ms, lost {result.lost}, server CPU {result.server_cpu_ms:.1f} ms/advance, "
                f"clients' CPU {result.client_cpu_ms:.1f} ms/advance" + (f" ({result.errors})" if result.errors else "")
            )
    except (BenchError, OSError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    section = render(results, info)
    print(section)
    if "--write-docs" in argv:
        run.write_docs(section, START, END)
        log(f"written to {run.DOCS.relative_to(run.ROOT)}")
    log(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
