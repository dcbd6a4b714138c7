"""The one way long work runs beside the server (alliance87/background.py): a ticker beats while the work
says nothing, a failing beat never stops the work, and the work's own result or error comes back."""

import threading
import time

import pytest
from django.db import DatabaseError

from alliance87 import background


def test_the_ticker_beats_while_the_work_is_silent_and_stops_after_it():
    beats = []
    result = background.with_heartbeat(
        lambda: time.sleep(0.35) or "done", beat=lambda: beats.append(time.monotonic()), every=0.1, name="t"
    )
    assert result == "done"
    assert 2 <= len(beats) <= 4
    settled = len(beats)
    time.sleep(0.25)
    assert len(beats) == settled  # stopped with the work


def test_a_beat_that_fails_on_a_busy_database_is_logged_and_the_work_goes_on(caplog):
    def busy():
        raise DatabaseError("database is locked")

    assert background.with_heartbeat(lambda: time.sleep(0.25) or 7, beat=busy, every=0.05, name="busy") == 7
    assert "busy: a heartbeat could not be written" in caplog.text


def test_the_works_error_comes_back_and_the_ticker_still_stops():
    beats = []

    def fails():
        time.sleep(0.15)
        raise ValueError("the file ended early")

    with pytest.raises(ValueError, match="the file ended early"):
        background.with_heartbeat(fails, beat=lambda: beats.append(1), every=0.05, name="t")
    settled = len(beats)
    time.sleep(0.15)
    assert len(beats) == settled


def test_start_runs_the_work_in_a_named_thread_of_its_own():
    seen = threading.Event()
    names = []

    def work():
        names.append(threading.current_thread().name)
        seen.set()

    background.start(work, name="indicator-import-42")
    assert seen.wait(5)
    assert names == ["indicator-import-42"]
