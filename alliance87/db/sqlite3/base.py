"""SQLite with the writers of one process taking turns in order, before SQLite's own lock.

SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps and retries
(up to 100 ms between tries) with no queue, so under a steady stream of writes (the artwork's 50
contributions a second) a writer that has just arrived often gets in before one that has waited, and
a few wait for seconds. Here each transaction first takes a process-wide lock, so the writers of this
process queue up and go in turn; SQLite's lock still orders them against other processes. A waiter
gives up after the same time as SQLite's busy timeout, with SQLite's own message.

In-memory databases (the tests') are left to SQLite alone: their connections are shared between
threads by the tests, which hold one transaction open for a whole test.
"""

from __future__ import annotations

import threading

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_WRITERS = threading.Lock()


class DatabaseWrapper(base.DatabaseWrapper):
    _holds_writers_lock = False

    def _start_transaction_under_autocommit(self):
        if self.is_in_memory_db():
            super()._start_transaction_under_autocommit()
            return
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        if not _WRITERS.acquire(timeout=timeout):
            raise OperationalError("database is locked")
        self._holds_writers_lock = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writers()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_writers()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writers()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_writers()

    def _release_writers(self) -> None:
        if self._holds_writers_lock:
            self._holds_writers_lock = False
            _WRITERS.release()
