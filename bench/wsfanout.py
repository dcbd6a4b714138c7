"""What one message to every wall costs the server per screen: the ASGI way against prepared frames.

``.venv/bin/python bench/wsfanout.py`` starts uvicorn (uvloop, httptools, as ``make run``) with a bare ASGI
application (this module's ``app``) twice: with ``--ws websockets-sansio`` (every screen's message through
ASGI: ``artwork.live.Outbox``) and with ``--ws alliance87.prepared_frames:WebSocketProtocol`` (the message
framed once, written to each screen: ``artwork.live.FramedOutbox``). A client process opens
``BENCH_FANOUT_SOCKETS`` (2,000) lean WebSockets (``bench/wsclient.py``); the server sends one wall-sized
message (about 400 bytes) to every socket every 100 ms, through ``live.outbox`` as the wall's consumer does,
and measures its own CPU (user and system, ``getrusage``) over each round. Printed: µs per socket and
message, best of ``BENCH_FANOUT_ROUNDS`` × 3 batches. No database, no tailer: the push alone.

On the loopback the system part includes the receiving side's TCP work, which a real network takes off
the server; the user part is what the process itself spends.
"""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run  # bench/run.py: the paths, a free port

SOCKETS = int(os.environ.get("BENCH_FANOUT_SOCKETS", "2000"))
ROUNDS = int(os.environ.get("BENCH_FANOUT_ROUNDS", "40"))
PATHS = {"asgi": "websockets-sansio", "frames": "alliance87.prepared_frames:WebSocketProtocol"}
ENTRY = (
    '{"seq":%d,"kind":"approved","at":"2026-02-11T16:30:00.123456+00:00",'
    '"data":{"id":%d,"x":12,"y":30,"colour":"#A21942","country":"KE"}}'
)
TEXT = '{"type":"entries","from":1,"to":6,"entries":[' + ",".join(ENTRY % (i, i) for i in range(1, 4)) + "]}"

# --- The server side (imported by uvicorn as bench/wsfanout.py:app) ---------------------------------

_outboxes: list = []


def _cpu() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


async def _pusher() -> None:
    from alliance87.prepared_frames import Prepared  # noqa: PLC0415

    while len(_outboxes) < SOCKETS:
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)
    kinds = {type(outbox).__name__ for outbox in _outboxes}
    best = None
    for _batch in range(3):
        user = system = 0.0
        for _round in range(ROUNDS):
            await asyncio.sleep(0.1)
            user0, system0 = _cpu()
            message = Prepared(TEXT)  # once per message, as the tailer does
            for outbox in _outboxes:
                outbox.push(message)
            user1, system1 = _cpu()
            user, system = user + user1 - user0, system + system1 - system0
        per = (user + system) / ROUNDS / len(_outboxes) * 1e6
        if best is None or per < best[0]:
            best = (per, user / ROUNDS / len(_outboxes) * 1e6, system / ROUNDS / len(_outboxes) * 1e6)
    print(f"RESULT {'/'.join(sorted(kinds))} {best[0]:.2f} {best[1]:.2f} {best[2]:.2f}", flush=True)


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        import django  # noqa: PLC0415

        await receive()  # lifespan.startup
        django.setup()
        task = asyncio.get_running_loop().create_task(_pusher())
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        task.cancel()
        await send({"type": "lifespan.shutdown.complete"})
        return
    if scope["type"] != "websocket":
        return
    from alliance87.artwork import live  # noqa: PLC0415

    await receive()  # websocket.connect
    await send({"type": "websocket.accept"})
    _outboxes.append(live.outbox(scope, send, lambda: None))
    while (await receive())["type"] != "websocket.disconnect":
        pass


# --- The clients ------------------------------------------------------------------------------------


async def _clients(port: int, seconds: float) -> None:
    import wsclient  # noqa: PLC0415 -- bench/wsclient.py

    got = [0]

    def count(_socket, _text):
        got[0] += 1

    sockets = []
    for start in range(0, SOCKETS, 100):
        batch = [
            wsclient.connect(f"ws://127.0.0.1:{port}/", "http://127.0.0.1", count)
            for _ in range(min(100, SOCKETS - start))
        ]
        sockets += await asyncio.gather(*batch)
    await asyncio.sleep(seconds)
    for socket in sockets:
        socket.close()


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "clients":
        import uvloop  # noqa: PLC0415

        uvloop.run(_clients(int(sys.argv[2]), ROUNDS * 0.1 * 3 + 10))
        return 0
    rows = []
    workdir = Path(tempfile.mkdtemp(prefix="a87-bench-fanout-"))
    env = run.bench_env(workdir)  # production-like settings; no database is opened
    for name, ws in PATHS.items():
        port = run.free_port()
        cmd = [str(run.UVICORN), "wsfanout:app", "--app-dir", str(Path(__file__).parent), "--port", str(port)]
        cmd += ["--loop", "uvloop", "--http", "httptools", "--ws", ws, "--ws-per-message-deflate", "false"]
        cmd += ["--log-level", "warning", "--backlog", "4096", "--lifespan", "on"]
        server = subprocess.Popen(cmd, cwd=run.ROOT, env=env, stdout=subprocess.PIPE, text=True)
        time.sleep(3)
        clients = subprocess.Popen([str(run.PYTHON), __file__, "clients", str(port)], cwd=run.ROOT)
        line = ""
        for line in server.stdout:
            if line.startswith("RESULT"):
                break
        clients.wait()
        server.terminate()
        server.wait()
        if not line.startswith("RESULT"):
            shutil.rmtree(workdir, ignore_errors=True)
            print(f"bench: the server on the {name} path reported nothing", file=sys.stderr)
            return 1
        _tag, kind, total, user, system = line.split()
        rows.append((name, kind, float(total), float(user), float(system)))
        run.log(f"{name} ({kind}): {total} µs a socket and message (user {user}, system {system})")
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nOne message ({len(TEXT)} bytes) to {SOCKETS:,} sockets, server CPU per socket, best of 3 × {ROUNDS}:")
    print("| path | outbox | µs per socket | of which user | of which system |")
    print("|---|---|---:|---:|---:|")
    for name, kind, total, user, system in rows:
        print(f"| {name} | `{kind}` | {total:.1f} | {user:.1f} | {system:.1f} |")
    print(f"\nMachine: Python yardstick {run.yardstick_ms():.0f} ms, load average {os.getloadavg()[0]:.2f}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
