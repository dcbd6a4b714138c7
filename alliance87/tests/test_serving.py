"""The two serving changes beyond stock Django: SQLite writers of a process take turns
(``alliance87/db/sqlite3``), and request threads live on with their connections (``request_threads``).
Both on real SQLite files and a real ASGI application."""

import asyncio
import threading
import time

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from alliance87.db.sqlite3 import base as writers
from alliance87.request_threads import RequestThreads


def _wrapper(path, timeout=5):
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "alliance87.db.sqlite3",
                "NAME": str(path),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": timeout},
            }
        }
    )
    connection = handler["default"]
    connection.ensure_connection()  # as transaction.atomic does before it begins
    return connection


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """A SQLite file of its own (not the tests' in-memory database, which the lock leaves alone)."""
    path = tmp_path / "writers.sqlite3"
    with django_db_blocker.unblock():
        connection = _wrapper(path)
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE mark (who TEXT, at REAL)")
        connection.close()
        yield path


def test_a_second_writer_waits_for_the_first_to_commit(database):
    started, order = threading.Event(), []

    def first():
        connection = _wrapper(database)
        connection._start_transaction_under_autocommit()
        order.append(("process lock held", writers._WRITERS.locked()))
        started.set()
        time.sleep(0.3)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO mark VALUES ('first', ?)", [time.monotonic()])
        connection.commit()
        order.append(("first committed", time.monotonic()))
        connection.close()

    def second():
        started.wait(5)
        connection = _wrapper(database)
        connection._start_transaction_under_autocommit()
        order.append(("second began", time.monotonic()))
        connection.rollback()
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert order[0] == ("process lock held", True)  # taken before SQLite's own
    assert [name for name, _at in sorted(order[1:], key=lambda pair: pair[1])] == ["first committed", "second began"]
    assert writers._WRITERS.acquire(blocking=False), "the lock is free after a commit and a rollback"
    writers._WRITERS.release()


def test_a_writer_that_waits_too_long_gets_sqlites_message(database):
    holder = _wrapper(database)
    holder._start_transaction_under_autocommit()
    try:
        waiting = _wrapper(database, timeout=0.2)
        outcome = []

        def wait():
            try:
                waiting._start_transaction_under_autocommit()
            except OperationalError as error:
                outcome.append(str(error))

        thread = threading.Thread(target=wait)
        thread.start()
        thread.join(5)
        assert outcome == ["database is locked"]
    finally:
        holder.rollback()
        holder.close()
    assert writers._WRITERS.acquire(blocking=False)
    writers._WRITERS.release()


def test_requests_share_a_few_long_lived_threads():
    seen = []

    async def app(scope, receive, send):
        from asgiref.sync import sync_to_async

        seen.append(await sync_to_async(threading.get_ident)())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    wrapped = RequestThreads(app, size=2)

    async def one():
        async def receive():
            return {"type": "http.request", "body": b""}

        async def send(message):
            pass

        await wrapped({"type": "http"}, receive, send)

    async def many():
        for _ in range(10):  # one after another: the same pooled thread each time
            await one()
        await asyncio.gather(*(one() for _ in range(6)))  # at once: the pool's 2, then threads of their own

    thread = threading.Thread(target=asyncio.run, args=(many(),))  # a loop of its own, whatever runs here
    thread.start()
    thread.join(30)
    assert len(set(seen[:10])) == 1
    assert wrapped.made == 2 and len(wrapped.idle) == 2
