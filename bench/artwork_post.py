"""The artwork's contribution POST alone: the server's CPU per contribution, without any wall screen.

``bench/artwork.py`` measures the wall end to end; there the POST is most of the server's CPU. This
script measures that part on its own: a fresh SQLite database (production-like settings, DEBUG off, as
``bench/artwork.py`` starts its servers), the bench's banner (colour-only marks approved at once), and
``BENCH_POST_COUNT`` colour-only contributions sent one after the other through the real ASGI
application (``alliance87.asgi:application``: every ASGI wrapper and the whole middleware stack, the
request threads, the commit, the nudge to the tailers), each from its own device token, as the bench's
submitter sends them. No HTTP server: what uvicorn spends parsing HTTP is not in the figure.

CPU: ``time.process_time()`` of the process over the loop (every thread: the request threads too),
divided by the contributions. ``BENCH_POST_APPS`` (colon-separated directories, default this tree) runs
the same loop on each tree in turn, ``BENCH_POST_ROUNDS`` times alternating, so a before/after pair
(``git worktree add /tmp/before HEAD~n``) is compared in one run on the same machine; the table gives
each tree's best and median round and the ratio to the first tree. ``BENCH_POST_PROFILE=1`` prints a
cProfile of one more round of the last tree (cumulative time, the top 45).

``.venv/bin/python bench/artwork_post.py`` (about 30 s).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import run  # bench/run.py: the environment, the yardstick
from run import BenchError, log

COUNT = int(os.environ.get("BENCH_POST_COUNT", "1000"))
ROUNDS = int(os.environ.get("BENCH_POST_ROUNDS", "3"))
PROFILE = os.environ.get("BENCH_POST_PROFILE", "0") == "1"
APPS = [Path(p) for p in os.environ.get("BENCH_POST_APPS", str(run.ROOT)).split(":") if p]

SETUP = """
from alliance87.artwork.models import Banner
Banner.objects.filter(slug="bench-wall").delete()
Banner.objects.create(title="Bench wall", slug="bench-wall", columns=120, rows=40, cooldown_seconds=60,
    address_limit_per_minute=0, auto_approve_colour_only=True, wall_delay_seconds=0)
"""

# Runs in a fresh interpreter with the tree's directory first on the path.
LOOP = r"""
import asyncio, cProfile, io, json, os, pstats, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")
from alliance87.asgi import application
import django
from django.db import connection

COUNT, PROFILE, TAG = int(sys.argv[1]), sys.argv[2] == "1", sys.argv[3]
profilers = []  # one per thread: the event loop's, and each request thread's (made when the thread starts)
if PROFILE:
    import threading

    def _profile_this_thread(frame, event, arg):
        sys.setprofile(None)
        profiler = cProfile.Profile(time.thread_time)  # CPU, not the waits
        profilers.append(profiler)
        profiler.enable()

    threading.setprofile(_profile_this_thread)
BODY = json.dumps({"colour": "#A21942"}).encode()


async def post(number):
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/api/artwork/bench-wall/contributions", "raw_path": b"/api/artwork/bench-wall/contributions",
        "query_string": b"", "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json"),
                    (b"content-length", str(len(BODY)).encode()), (b"accept-encoding", b"identity"),
                    (b"x-device-token", f"bench-{TAG}-{number}".encode())],
        "client": ("127.0.0.1", 50000 + number % 1000), "server": ("127.0.0.1", 8000),
    }
    sent, asked = [], []
    async def receive():
        if not asked:
            asked.append(1)
            return {"type": "http.request", "body": BODY, "more_body": False}
        await asyncio.Event().wait()  # the client stays: Django stops listening when it has answered
    async def send(message):
        sent.append(message)
    await application(scope, receive, send)
    status = sent[0]["status"]
    if status != 201:
        raise SystemExit(f"HTTP {status}: {b''.join(m.get('body', b'') for m in sent[1:])[:500]!r}")


async def main():
    from alliance87.artwork import live
    live._server_loop = asyncio.get_running_loop()  # as when a wall's tailer runs: the nudge is handed to the loop
    if os.environ.get("BENCH_POST_STUB"):  # the rest of the request alone: the service answers at once
        from alliance87.artwork import services
        from alliance87.artwork.models import Contribution
        services.contribute = lambda **kw: services.Receipt(Contribution(pk=1, x=0, y=0, status="approved"), 1)
    for number in range(20):  # warm up: imports, the first connection, the caches
        await post(-1 - number)
    if PROFILE:
        for profiler in profilers:  # the warm-up is not counted
            profiler.disable()
            profiler.clear()
            profiler.enable()
        profilers.append(cProfile.Profile(time.thread_time))
        profilers[-1].enable()
    cpu, wall = time.process_time(), time.perf_counter()
    for number in range(COUNT):
        await post(number)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print("RESULT", cpu, wall)
    if PROFILE:
        profilers[-1].disable()
        stats = pstats.Stats(profilers[-1], stream=(out := io.StringIO()))
        for profiler in profilers[:-1]:
            profiler.create_stats()
            stats.add(profiler)
        stats.sort_stats("cumulative").print_stats(70)
        stats.sort_stats("tottime").print_stats(40)
        print(out.getvalue().replace(os.getcwd() + "/", "").replace(sys.prefix + "/lib/python3.11/site-packages/", ""))


try:
    import uvloop
    uvloop.install()
except ImportError:
    pass
asyncio.run(main())
"""


def loop(env: dict, app: Path, tag: str, *, profile: bool = False) -> tuple[float, float, str]:
    # An empty banner each round (the cell search as the bench meets it), by this tree's own manage.py.
    setup = subprocess.run(
        [str(run.PYTHON), "manage.py", "shell", "-c", SETUP],
        cwd=app,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if setup.returncode != 0:
        raise BenchError(f"the banner could not be made in {app}:\n{setup.stderr[-3000:]}")
    proc = subprocess.run(
        [str(run.PYTHON), "-c", LOOP, str(COUNT), "1" if profile else "0", tag],
        cwd=app,
        env={**env, "PYTHONPATH": str(app)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(f"the loop failed in {app}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    line = next(line for line in proc.stdout.splitlines() if line.startswith("RESULT"))
    _tag, cpu, wall = line.split()
    return float(cpu), float(wall), proc.stdout


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="a87-post-") as tmp:
        workdir = Path(tmp)
        env = run.bench_env(workdir)
        log("migrate")
        run.manage(env, "migrate", "--noinput", "--verbosity", "0", timeout=300)
        rounds: dict[Path, list[tuple[float, float]]] = {app: [] for app in APPS}
        for index in range(ROUNDS):
            for app in APPS:
                cpu, wall, _out = loop(env, app, f"{index}-{app.name}")
                rounds[app].append((cpu, wall))
                log(f"  {app}: {cpu * 1e3 / COUNT:.2f} ms CPU, {wall * 1e3 / COUNT:.2f} ms wall per contribution")
        yardstick = run.yardstick_ms()
        first = min(cpu for cpu, _wall in rounds[APPS[0]])
        print(f"\n{COUNT} contributions per round, {ROUNDS} rounds; yardstick {yardstick:.0f} ms\n")
        print("| tree | CPU ms per contribution, best | median | wall ms, best | ratio to the first (best) |")
        print("|---|---:|---:|---:|---:|")
        for app, measured in rounds.items():
            best = min(cpu for cpu, _wall in measured)
            median = statistics.median(cpu for cpu, _wall in measured)
            wall = min(wall for _cpu, wall in measured)
            print(
                f"| {app} | {best * 1e3 / COUNT:.2f} | {median * 1e3 / COUNT:.2f} | {wall * 1e3 / COUNT:.2f} "
                f"| {first / best:.2f}× |"
            )
        if PROFILE:
            print(loop(env, APPS[-1], "profile", profile=True)[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
