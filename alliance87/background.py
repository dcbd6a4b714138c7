"""Long work in a thread of the server process, with a heartbeat on its row: one way for every app.

Three kinds of work run like this: a consultation's theme run (``engagement/themes.py``), an indicator
import's landing (``indicators/imports.py``) and the ten-year report's build (``stocktake/report.py``).
Each writes its progress to its own row as it goes; while it is inside one long call that says nothing
(clustering, a PDF's layout, a large insert), a ticker beside it keeps the row's ``heartbeat_at`` fresh.
A row still under way whose heartbeat is older than its app's limit lost its process (a restart, a
crash): its page says "interrupted" and offers to start again, and nothing half-done is kept, since
each app saves its result in one transaction.

Why threads of the server and not a task queue: the platform runs on one machine with SQLite or on a
few processes with PostgreSQL, and these are a handful of jobs a day started by the secretariat; a
queue would add a broker and a worker to run and watch for them. The heartbeat makes a lost thread
visible, which is what a queue's retry would otherwise hide or repeat.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import DatabaseError, connection

log = logging.getLogger(__name__)

T = TypeVar("T")


def start(work: Callable[[], object], *, name: str) -> None:
    """``work()`` in a new daemon thread of this process; the thread's database connection is closed after."""

    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    threading.Thread(target=run, name=name, daemon=True).start()


def with_heartbeat(work: Callable[[], T], *, beat: Callable[[], object], every: float, name: str) -> T:
    """``work()`` here, while a ticker thread calls ``beat()`` every ``every`` seconds until it returns.

    A beat that fails (the database busy a moment: SQLite's one writer) is logged and the next one tries
    again; the work itself is never stopped by its heartbeat.
    """
    stop = threading.Event()

    def tick() -> None:
        try:
            while not stop.wait(every):
                try:
                    beat()
                except DatabaseError:
                    log.warning("%s: a heartbeat could not be written", name, exc_info=True)
        finally:
            connection.close()

    ticker = threading.Thread(target=tick, name=f"{name}-heartbeat", daemon=True)
    ticker.start()
    try:
        return work()
    finally:
        stop.set()
        ticker.join()
