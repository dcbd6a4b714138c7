"""The large PDFs, built after each change so that a download finds them ready.

WeasyPrint lays out a few dozen pages a second: the programme of a 300-item conference (25 pages) and
its run-of-show (54) take a second or more each, their HTML a tenth of that. So once a change to an
event is committed, the server process builds the event's programme and run-of-show PDFs (and those of
its conference, which show its sessions) in a background thread, ``EVENT_PDF_PREBUILD_SECONDS`` later:
changes made together are built once. It builds them in the site's default language and in those
they were downloaded in (``asked``, noted in the cache, so in any process): a build in every language would triple
the work (about 35 s of CPU for the 300-item conference) for languages nobody may read. ``exports`` keeps each
PDF in the cache under a digest of its HTML, so the download that follows renders the HTML, finds the
PDF and answers at once; a download before the build is done builds it itself, as before.

Only server processes build ahead (``enable``, called by ``alliance87.asgi``): a command's process ends
before a build would. With several server processes, the cache must be shared (``REDIS_URL``) for one
process's build to serve another's download. ``EVENT_PDF_PREBUILD_SECONDS=0`` turns it off (the tests
do, except this module's).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import translation

logger = logging.getLogger(__name__)

_enabled = False
_lock = threading.Lock()
_pending: set[int] = set()
_executor: ThreadPoolExecutor | None = None
_scheduled: Future | None = None  # the build submitted last
_waiting = False  # a build is submitted and has not yet taken the pending events
_languages: dict[int, set[str]] = {}  # event id → the languages its PDFs were downloaded in (this process)
ASKED_SECONDS = 30 * 24 * 3600  # a language asked for is built ahead for 30 days (each process notes it anew)


def enable() -> None:
    """Build ahead in this process (a server's)."""
    global _enabled  # noqa: PLW0603 -- one switch per process
    _enabled = True


def asked(event_id: int, language: str | None) -> None:
    """A PDF of the event was downloaded in ``language``: build its next versions in it too, in every
    server process (the cache is shared across them with ``REDIS_URL``; noted there once per process)."""
    if not language:
        return
    seen = _languages.setdefault(event_id, set())
    if language not in seen:
        seen.add(language)
        cache.set(_asked_key(event_id, language), True, ASKED_SECONDS)


def languages(event_id: int) -> list[str]:
    """The languages to build the event's PDFs in: the default one and those asked for, in this process
    or another, in site order."""
    keys = {code: _asked_key(event_id, code) for code, _name in settings.LANGUAGES}
    shared = cache.get_many(keys.values())
    wanted = {settings.LANGUAGE_CODE, *_languages.get(event_id, ())}
    return [code for code, key in keys.items() if code in wanted or key in shared]


def _asked_key(event_id: int, language: str) -> str:
    return f"events:pdf-asked:{event_id}:{language}"


def event_changed(event) -> None:
    """Build ``event``'s PDFs again once the current transaction is committed (and the changes around it)."""
    seconds = settings.EVENT_PDF_PREBUILD_SECONDS
    if not (_enabled and seconds) or event is None or event.pk is None:
        return
    transaction.on_commit(lambda: _schedule(event.pk, seconds))


def _schedule(event_id: int, seconds: float) -> None:
    global _executor, _scheduled, _waiting  # noqa: PLW0603 -- one builder thread per process, made on first use
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        build([event_id])  # only this thread's connection sees an in-memory database (the tests')
        return
    with _lock:
        _pending.add(event_id)
        if _waiting:
            return  # a build is waiting to start: it takes this event too
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="event-pdfs")
        _waiting = True
        _scheduled = _executor.submit(_after, seconds)


def _after(seconds: float) -> None:
    global _waiting  # noqa: PLW0603
    time.sleep(seconds)
    with _lock:
        _waiting = False
        ids = sorted(_pending)
        _pending.clear()
    try:
        build(ids)
    except Exception:  # a failed build costs the next download its wait, nothing else
        logger.exception("event PDFs: the build ahead failed for events %s", ids)
    finally:
        connection.close()


def build(event_ids) -> list[tuple[int, str, str]]:
    """Build the PDFs of these events and their conferences; returns (event id, document, language)."""
    from . import exports  # noqa: PLC0415 -- exports imports the models and WeasyPrint's helpers
    from .models import Event  # noqa: PLC0415
    from .vocab import EventStatus  # noqa: PLC0415

    events = {}
    for event in Event.objects.filter(pk__in=list(event_ids)).select_related("parent"):
        events[event.pk] = event
        if event.parent is not None:
            events[event.parent.pk] = event.parent
    built = []
    for event in events.values():
        published_only = event.status == EventStatus.PUBLISHED  # a draft's is its editors' (all sessions)
        for language in languages(event.pk):
            with translation.override(language):
                exports.programme_pdf(event, published_only=published_only)
                built.append((event.pk, "programme", language))
                exports.run_of_show_pdf(event)
                built.append((event.pk, "run-of-show", language))
    return built


def wait(timeout: float = 60.0) -> None:
    """Until the build that is scheduled now has finished (for the benchmark)."""
    scheduled = _scheduled
    if scheduled is not None:
        scheduled.result(timeout=timeout)
