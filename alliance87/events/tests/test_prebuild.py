"""After a change, the event's PDFs are built ahead (events/prebuild.py), so the download that follows
takes them from the cache: in every language, for the event and for its conference."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from alliance87.events import exports, prebuild, services
from alliance87.events.vocab import EventStatus


@pytest.fixture
def building(transactional_db, settings, monkeypatch):
    """Building ahead on, as in a server process (``alliance87.asgi``), on committed data: with PostgreSQL
    the builder's thread reads the database itself; an in-memory SQLite database is built inline."""
    settings.EVENT_PDF_PREBUILD_SECONDS = 0.2
    monkeypatch.setattr(prebuild, "_enabled", True)
    monkeypatch.setattr(prebuild, "_languages", {})
    yield
    prebuild.wait(120)  # nothing left running into the next test


def test_a_change_builds_the_programme_and_run_of_show_in_every_language_asked_for(building, side_event):
    prebuild.wait(120)  # what the import itself scheduled
    cache.clear()
    prebuild.asked(side_event.pk, "fr")  # as downloads in French and Spanish do (the views call it)
    prebuild.asked(side_event.pk, "es")
    assert exports.programme_pdf(side_event, published_only=False, only_cached=True) is None
    item = side_event.items.order_by("position").first()
    services.agenda_item_update(item=item, by=None, title="Opening remarks and welcome")
    prebuild.wait(120)
    for language in ("en", "fr", "es"):
        with translation.override(language):
            programme = exports.programme_pdf(side_event, published_only=False, only_cached=True)
            run_of_show = exports.run_of_show_pdf(side_event, only_cached=True)
        assert programme is not None and run_of_show is not None, language
    # What was built ahead is the programme as it now reads.
    with translation.override("en"):
        text = PdfReader(io.BytesIO(exports.programme_pdf(side_event, published_only=False))).pages[0].extract_text()
    assert "Opening remarks and welcome" in " ".join(text.split())


def test_a_published_event_is_built_as_the_public_sees_it_and_its_conference_too(building, side_event, client):
    conference = services.event_create(
        by=None,
        title="Example conference",
        time_zone=side_event.time_zone,
        starts_at=side_event.starts_at,
        ends_at=side_event.ends_at,
    )
    services.event_update(event=side_event, by=None, parent=conference)
    services.event_publish(event=side_event, by=None)
    with translation.override("es"):
        assert client.get(reverse("events:programme_pdf", args=[side_event.slug])).status_code == 200
    assert prebuild.languages(side_event.pk) == ["en", "es"]  # the default, and the one downloaded
    prebuild.wait(120)
    cache.clear()
    services.event_update(event=side_event, by=None, room="Room 2")
    prebuild.wait(120)
    side_event.refresh_from_db()
    assert side_event.status == EventStatus.PUBLISHED
    assert exports.programme_pdf(side_event, published_only=True, only_cached=True) is not None
    assert exports.programme_pdf(conference, published_only=False, only_cached=True) is not None
    with translation.override("es"):
        assert exports.programme_pdf(side_event, published_only=True, only_cached=True) is not None
    with translation.override("fr"):  # nobody asked for it in French: not built ahead
        assert exports.programme_pdf(side_event, published_only=True, only_cached=True) is None


def test_a_language_asked_for_in_another_process_is_built_here_too(building, side_event, monkeypatch):
    prebuild.wait(120)
    assert prebuild.languages(side_event.pk) == ["en"]
    prebuild.asked(side_event.pk, "fr")  # a download in French, in some server process...
    monkeypatch.setattr(prebuild, "_languages", {})  # ...not this one, which shares only the cache
    assert prebuild.languages(side_event.pk) == ["en", "fr"]
    cache.clear()
    assert prebuild.languages(side_event.pk) == ["en"]


def test_nothing_is_built_ahead_outside_a_server(side_event, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.EVENT_PDF_PREBUILD_SECONDS = 1
    monkeypatch.setattr(prebuild, "_enabled", False)  # a command's process: prebuild.enable() not called
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=side_event, by=None, room="Room 3")
    assert exports.run_of_show_pdf(side_event, only_cached=True) is None
