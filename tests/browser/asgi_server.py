"""A real ASGI server for browser tests that need WebSockets: the platform's application under uvicorn.

pytest-django's ``live_server`` is WSGI and cannot upgrade a connection to a WebSocket. This session
fixture runs ``alliance87.asgi:application`` (HTTP and WebSockets, as ``make run`` serves it) in a
thread of the test process, on a free port, against the test database. Import the fixture into a test
module (``from asgi_server import asgi_server``: tests/browser is on the path); use it with ``transactional_db`` so
what the test writes is committed and seen by the server.

With SQLite the test database lives in memory: as Django's own live server does, every thread of the
server uses the test thread's connection (the database would otherwise look empty to them). With
PostgreSQL (``DATABASE_URL``) each thread opens its own connection, as in production.
"""

import socket
import threading
import time

import pytest
import uvicorn
from django.db import connections

from alliance87.prepared_frames import WebSocketProtocol

START_TIMEOUT = 10.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_sharing = {"count": 0, "undo": None}  # several fixtures of the session may ask; the first one shares


def _share_in_memory_connections():
    """Make new threads use this thread's in-memory SQLite connections; return the undo.

    Re-entrant: every caller gets an undo, and the sharing ends with the last of them.
    """
    _sharing["count"] += 1
    if _sharing["count"] == 1:
        _sharing["undo"] = _share()

    def undo():
        _sharing["count"] -= 1
        if _sharing["count"] == 0:
            _sharing["undo"]()

    return undo


def _share():
    shared = {}
    for alias in connections:
        connection = connections[alias]
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            shared[alias] = connection
    if not shared:
        return lambda: None
    create = connections.create_connection

    def create_connection(alias):
        return shared.get(alias) or create(alias)

    connections.create_connection = create_connection

    def undo():
        connections.create_connection = create
        for connection in shared.values():
            connection.dec_thread_sharing()

    return undo


@pytest.fixture(scope="session")
def asgi_server(django_db_setup, django_db_blocker) -> str:
    """The address of uvicorn serving the platform (HTTP and WebSockets) for the whole session."""
    from alliance87.asgi import application  # noqa: PLC0415 -- Django is set up by now

    with django_db_blocker.unblock():
        undo = _share_in_memory_connections()
    port = _free_port()
    config = uvicorn.Config(
        application,
        host="127.0.0.1",
        port=port,
        ws=WebSocketProtocol,  # as make run: websockets-sansio with prepared frames
        lifespan="off",
        log_level="warning",
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="asgi-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the ASGI test server (uvicorn) did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=START_TIMEOUT)
    undo()
