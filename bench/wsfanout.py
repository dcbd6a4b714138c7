"""What one message to every wall costs the server per screen: the ASGI way against prepared frames.

``.venv/bin/python bench/wsfanout.py`` starts uvicorn (uvloop, httptools, permessage-deflate accepted: as
``make run``) with a bare ASGI application (this module's ``app``) once per row of ``PATHS``:

- *asgi*: ``--ws websockets-sansio``, every screen's message through ASGI (``artwork.live.Outbox``), the
  clients asking for no compression;
- *asgi, deflate asked*: the same with clients that ask for permessage-deflate, as every browser does:
  the server then compresses each message once per screen;
- *frames, deflate asked*: ``--ws alliance87.prepared_frames:WebSocketProtocol``, the message framed once
  and written to each screen (``artwork.live.FramedOutbox``), never compressed, whatever the clients ask;
- *one write per socket*: the same server, the application writing the frame with one
  ``transport.write`` per socket and nothing else: the least any server in Python can do per screen.

A client process opens ``BENCH_FANOUT_SOCKETS`` (2,000) lean WebSockets (``bench/wsclient.py``); the
server sends one wall-sized message (about 400 bytes) to every socket every 100 ms, through
``live.outbox`` as the wall's consumer does, and measures its own CPU (user and system, ``getrusage``)
over each round. Printed: µs per socket and message, best of ``BENCH_FANOUT_ROUNDS`` × 3 batches, every
row measured ``BENCH_FANOUT_REPEAT`` (2) times in turn (the machine's load moves between rows; compare
rows within one run). No database, no tailer: the push alone.

On the loopback the system part includes the receiving side's TCP work (about two fifths of the write,
profiled with ``perf``: the receiving socket's softirq and the client's wake-up), which a real network
takes off the server. The split between user and system is the kernel's, sampled at each clock tick:
the total is the firmer figure.
"""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run  # bench/run.py: the paths, a free port

SOCKETS = int(os.environ.get("BENCH_FANOUT_SOCKETS", "2000"))
ROUNDS = int(os.environ.get("BENCH_FANOUT_ROUNDS", "40"))
REPEAT = int(os.environ.get("BENCH_FANOUT_REPEAT", "2"))
FRAMES = "alliance87.prepared_frames:WebSocketProtocol"
# row → (uvicorn's --ws, whether the clients ask for permessage-deflate, how the application pushes)
PATHS = {
    "asgi": ("websockets-sansio", False, "outbox"),
    "asgi, deflate asked": ("websockets-sansio", True, "outbox"),
    "frames, deflate asked": (FRAMES, True, "outbox"),
    "one write per socket": (FRAMES, False, "transport"),
}
PUSH = os.environ.get("BENCH_FANOUT_PUSH", "outbox")  # in the server: the row's way of pushing
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
    if PUSH == "transport":  # the floor: the socket's transport, one write each, no check, no outbox
        _outboxes[:] = [outbox._transport for outbox in _outboxes]  # noqa: SLF001 -- a yardstick
        kinds = {"transport.write"}
    best = None
    for _batch in range(3):
        user = system = 0.0
        for _round in range(ROUNDS):
            await asyncio.sleep(0.1)
            user0, system0 = _cpu()
            message = Prepared(TEXT)  # once per message, as the tailer does
            if PUSH == "transport":
                frame = message.frame
                for transport in _outboxes:
                    transport.write(frame)
            else:
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


async def _clients(port: int, seconds: float, deflate: bool) -> None:
    import wsclient  # noqa: PLC0415 -- bench/wsclient.py

    got = [0]

    def count(_socket, _text):
        got[0] += 1

    sockets = []
    for start in range(0, SOCKETS, 100):
        batch = [
            wsclient.connect(f"ws://127.0.0.1:{port}/", "http://127.0.0.1", count, deflate=deflate)
            for _ in range(min(100, SOCKETS - start))
        ]
        sockets += await asyncio.gather(*batch)
    await asyncio.sleep(seconds)
    for client in sockets:
        client.close()


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "clients":
        import uvloop  # noqa: PLC0415

        # Until the server has reported (then this process is ended), or ten minutes.
        uvloop.run(_clients(int(sys.argv[2]), 600, sys.argv[3] == "deflate"))
        return 0
    rows = []
    workdir = Path(tempfile.mkdtemp(prefix="a87-bench-fanout-"))
    env = run.bench_env(workdir)  # production-like settings; no database is opened
    for repeat in range(REPEAT):
        for name, (ws, deflate, push) in PATHS.items():
            row = _measure(env, ws, deflate, push)
            if row is None:
                shutil.rmtree(workdir, ignore_errors=True)
                print(f"bench: the server on the {name} path reported nothing", file=sys.stderr)
                return 1
            kind, total, user, system = row
            rows.append((name, repeat + 1, kind, total, user, system))
            run.log(
                f"{name} ({kind}), run {repeat + 1}: {total} µs a socket and message (user {user}, system {system})"
            )
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nOne message ({len(TEXT)} bytes) to {SOCKETS:,} sockets, server CPU per socket, best of 3 × {ROUNDS}:")
    print("| path | run | outbox | µs per socket | of which user | of which system |")
    print("|---|---:|---|---:|---:|---:|")
    for name, repeat, kind, total, user, system in sorted(rows, key=lambda row: list(PATHS).index(row[0])):
        print(f"| {name} | {repeat} | `{kind}` | {total:.1f} | {user:.1f} | {system:.1f} |")
    print(f"\nMachine: Python yardstick {run.yardstick_ms():.0f} ms, load average {os.getloadavg()[0]:.2f}.")
    return 0


def _measure(env: dict, ws: str, deflate: bool, push: str) -> tuple[str, float, float, float] | None:
    """One row: (the outbox's kind, µs per socket in all, of which user, of which system), or None."""
    port = run.free_port()
    cmd = [str(run.UVICORN), "wsfanout:app", "--app-dir", str(Path(__file__).parent), "--port", str(port)]
    cmd += ["--loop", "uvloop", "--http", "httptools", "--ws", ws]  # permessage-deflate accepted, as make run
    cmd += ["--log-level", "warning", "--backlog", "4096", "--lifespan", "on"]
    server = subprocess.Popen(
        cmd, cwd=run.ROOT, env={**env, "BENCH_FANOUT_PUSH": push}, stdout=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60  # a busy machine takes a while to start uvicorn
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    asked = "deflate" if deflate else "plain"
    clients = subprocess.Popen([str(run.PYTHON), __file__, "clients", str(port), asked], cwd=run.ROOT)
    line = ""
    for line in server.stdout:
        if line.startswith("RESULT"):
            break
    clients.terminate()
    clients.wait()
    server.terminate()
    server.wait()
    if not line.startswith("RESULT"):
        return None
    _tag, kind, total, user, system = line.split()
    return kind, float(total), float(user), float(system)


if __name__ == "__main__":
    sys.exit(main())
