"""An event's dates as its organiser and its public read them (issue 14): one day, one clock, the zone
named ("02/11/2026 4:30 p.m.–18:00" on the organiser's list said neither which day nor which clock).

The side event of the seed concept note is on 11 February 2026, 16:30–18:00 in Marrakech (UTC+1).
"""

import html
import re

import pytest
from django.urls import reverse

from alliance87.accounts.models import Role
from alliance87.events import services
from alliance87.testing import make_user

RANGES = {
    "en": "11 February 2026, 16:30–18:00 UTC+1",
    "fr": "11 février 2026, 16:30–18:00 UTC+1",
    "es": "11 de febrero de 2026, 16:30–18:00 UTC+1",
    "ar": "11 فبراير 2026، 16:30–18:00 UTC+1",
}


def seen(response) -> str:
    """The page's text as a reader sees it: no tags, no invisible joiners, spaces collapsed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", page)).replace("\u2060", "")
    return " ".join(text.split())


@pytest.fixture
def organiser(client, side_event):
    client.force_login(make_user("organiser@example.org", Role.EVENT_ORGANISER, side_event))
    return client


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_organisers_event_page_names_the_day_the_clock_and_the_zone(organiser, side_event, language):
    prefix = "" if language == "en" else f"/{language}"
    page = seen(organiser.get(prefix + reverse("events:manage_event", args=[side_event.slug])))
    assert RANGES[language] in page
    assert "(UTC+1)" in page  # the zone's tag: "Africa/Casablanca time (UTC+1)", not "(UTC+0100)"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_organisers_list_has_no_numeric_day_and_no_pm(organiser, side_event, language):
    prefix = "" if language == "en" else f"/{language}"
    page = seen(organiser.get(prefix + reverse("events:manage")))
    assert RANGES[language] in page
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", page)
    assert "p.m." not in page


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_public_programme_gives_the_weekday_day_and_times_in_the_events_zone(client, side_event, language):
    services.event_publish(event=side_event, by=None)
    prefix = "" if language == "en" else f"/{language}"
    page = seen(client.get(f"{prefix}/events/{side_event.slug}/"))
    assert RANGES[language] in page
    weekday = {"en": "Wednesday", "fr": "mercredi", "es": "miércoles", "ar": "الأربعاء"}[language]
    assert f"{weekday} {RANGES[language]}" in page
