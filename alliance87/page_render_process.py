"""A process beside the server's that renders the new copies of stale public pages (pagecache.py).

When a cached public page goes stale (its time is up, or a write moved the version), the page cache
serves the stale copy to everyone and has one render made. Made in the serving process, that render
(about 70 ms of CPU for the 300-item programme) held the interpreter while the event loop answered the
stale copies, and every answer of the moment waited behind it: p99 363 ms in a run crossing an expiry
against 8 ms for plain hits (docs/benchmarks.md). Here it is made in a process of its own, so the
serving process only ever sends copies; on a machine with two cores the render takes the other one.

``RenderProcess`` starts that process at the server's first stale page: a fresh interpreter, not a fork
of the serving one with its threads and event loop, at a lower priority once set up. (Started with the
server instead, its start-up weighed on the first pages served, and a server whose cache is off or
whose pages never go stale does not need it.) It hands it a ``pagecache.RenderOrder``: the page's
address and the request's headers. The process renders the page through Django's whole handler, as
the request would have been rendered in the server, and sends back what the page cache keeps
(``pagecache.copy_to_keep``), which the server stores. It reads the database itself (another
connection, as a second server process's would be), and with a cache in each process's memory (no
``REDIS_URL``) it is told the server's version of the public pages, so what it keeps of its own (the
shared fragments) follows the server's writes.

``PUBLIC_PAGE_RENDER_PROCESS`` turns it off (the tests do: their database lives in the test process's
memory). When the process fails or does not answer within the render lock's time, renders are made in
the serving process for a minute, as without it, and the process is started again after that.
"""

from __future__ import annotations

import asyncio
import io
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings

from alliance87.pagecache import RENDER_ELSEWHERE_KEY, RENDER_LOCK_SECONDS, RenderOrder

logger = logging.getLogger(__name__)

RESTING_SECONDS = 60  # after a failure, renders are made in the serving process this long
# The render process yields the processor to the serving one when both want it: a stale copy served a little
# longer costs nobody anything, an answer held up costs a visitor.
NICENESS = 5


class RenderProcess:
    """Renders ordered by the page cache, in one process of its own (see the module's docstring)."""

    def __init__(self, *, render: Callable[[RenderOrder], object] | None = None):
        # ``render`` runs in the other process: a module-level function, found there by its name.
        self._render = render or render_order
        # The longest a render may take (the process's start included): the render lock's time, since past it
        # another request would order the page again.
        self.seconds: float = RENDER_LOCK_SECONDS
        self._pool: ProcessPoolExecutor | None = None
        self._resting_until = 0.0

    def available(self) -> bool:
        return settings.PUBLIC_PAGE_RENDER_PROCESS and time.monotonic() >= self._resting_until

    async def render(self, order: RenderOrder):
        """What the page cache keeps of the page ``order`` names, rendered in the other process.

        Side effects: starts the process when none runs. On a failure, raises it and rests
        (``available`` is False) for RESTING_SECONDS; when the process died or did not answer in time, also
        stops it.
        """
        pending = asyncio.get_running_loop().run_in_executor(self._started(), self._render, order)
        try:
            return await asyncio.wait_for(pending, self.seconds)
        except Exception as error:
            # Whatever failed may fail again: the serving process renders for a while, as without this.
            self._resting_until = time.monotonic() + RESTING_SECONDS
            if isinstance(error, (BrokenProcessPool, TimeoutError)):
                self.stop()  # it died, or hangs
            raise

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=start_render_process
            )
        return self._pool

    def stop(self) -> None:
        """Stop the process (a new one starts with the next render)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # A render that hangs would keep its process: end it, with SIGKILL since it leaves SIGTERM to the server.
        # (Python 3.14 has kill_workers() for this.)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)


def start_render_process() -> None:
    """Set up Django in the render process, once (its initializer)."""
    import django  # noqa: PLC0415 -- in the new process only

    # Ctrl-C in `make run`, or a stop signal to the whole process group, reaches this process too: it leaves
    # the stopping to the server, which ends it once the render in hand is sent (rather than losing it).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=end_with, args=(os.getppid(),), name="end-with-the-server", daemon=True).start()
    django.setup()
    from alliance87.gctune import tune  # noqa: PLC0415 -- after setup, as the servers' entry points do

    tune()
    # Only now: set up at a lower priority on a busy machine, it was not ready for ten seconds after the server.
    os.nice(NICENESS)


def end_with(server: int) -> None:
    """End this process once the server that started it is gone, however it ended (killed, it could not say
    so: this process holds both ends of its pipes, so it would wait for work forever)."""
    while os.getppid() == server:
        time.sleep(1)
    os._exit(0)


_handler = None


def render_order(order: RenderOrder) -> tuple[tuple, float | None] | None:
    """Render the page ``order`` names through Django's whole handler; what the page cache keeps of it,
    or None when it is not a page to keep (runs in the render process).

    Side effects: with a cache in each process's memory, sets this process's version of the public pages to
    the server's.
    """
    global _handler  # noqa: PLW0603 -- one handler (its middleware loaded once) for the process's life
    from django.core import signals  # noqa: PLC0415 -- Django is set up by then
    from django.core.cache import caches  # noqa: PLC0415
    from django.core.cache.backends.locmem import LocMemCache  # noqa: PLC0415
    from django.core.handlers.wsgi import WSGIHandler, WSGIRequest  # noqa: PLC0415

    from alliance87.pagecache import VERSION_KEY, copy_to_keep  # noqa: PLC0415

    if isinstance(caches["default"], LocMemCache):
        # Not shared with the server: what this process keeps (the shared fragments) must be checked against
        # the server's version. A shared cache has it already, and setting it here could undo a newer write.
        caches["default"].set(VERSION_KEY, order.version, None)
    if _handler is None:
        _handler = WSGIHandler()
    environ = wsgi_environ(order)
    # As a WSGI server's request: database connections past their age are closed before and after.
    signals.request_started.send(sender=RenderProcess, environ=environ)
    response = _handler.get_response(WSGIRequest(environ))
    try:
        return copy_to_keep("GET", response)
    finally:
        response.close()


def wsgi_environ(order: RenderOrder) -> dict:
    """The WSGI environ of a GET of the order's page, with the headers of the request that ordered it."""
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": order.root_path,
        "PATH_INFO": order.path.removeprefix(order.root_path) or "/",
        "QUERY_STRING": order.query,
        # Django reads the host from the Host header, which a cached page's request always has (pagecache).
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "443" if order.scheme == "https" else "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": order.client[0] if order.client else "",
        "wsgi.url_scheme": order.scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        RENDER_ELSEWHERE_KEY: True,
    }
    for raw_name, raw_value in order.headers:
        header = raw_name.decode("latin-1").upper().replace("-", "_")
        if header in ("CONTENT_LENGTH", "CONTENT_TYPE"):
            continue  # a GET has none
        key, value = f"HTTP_{header}", raw_value.decode("latin-1")
        if key in environ:  # a repeated header, joined as Django's ASGI handler joins it (cookies with "; ")
            value = environ[key] + ("; " if header == "COOKIE" else ",") + value
        environ[key] = value
    return environ
