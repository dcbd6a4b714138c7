"""A conference's page: its sessions by day, then by start time, with rooms, items and times; one page, few queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance87.events import services
from alliance87.events.synthetic import Shape, build_conference

pytestmark = pytest.mark.django_db


def page(client, slug: str, query: str = "") -> str:
    response = client.get(f"/events/{slug}/{query}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def conference():
    """Two days, two rooms, three session times a day: 12 sessions of one or two items each."""
    return build_conference(Shape(items=18, rooms=2, days=2, people=12))


def test_conference_groups_sessions_by_day_then_time_with_rooms(client, conference):
    html = page(client, conference.slug)
    days = re.findall(r'<h3 id="day-([\d-]+)-title"', html)
    assert days == ["2027-03-01", "2027-03-02"]
    first_day = html[html.index('id="day-2027-03-01"') : html.index('id="day-2027-03-02"')]
    slots = re.findall(r'<h4 class="ev-slot-title"><time datetime="[^"]+">(\d\d:\d\d)</time>–', first_day)
    assert slots == ["09:00", "11:30", "14:30"]
    nine = first_day[: first_day.index(">11:30</time>")]
    assert nine.index("Room 1") < nine.index("Room 2")
    assert "Monday 1 March 2027" in html and "Tuesday 2 March 2027" in html


def test_conference_lists_each_sessions_items_times_and_links(client, conference):
    session = conference.side_events.order_by("starts_at", "room").first()
    html = page(client, conference.slug)
    assert f'<a href="/events/{session.slug}/">{session.title}</a>' in html
    first = session.items.order_by("position").first()
    # Africa/Casablanca keeps UTC+0 during Ramadan 2027 (until 14 March).
    assert (
        f'<li id="item-{first.pk}" class="programme-item" data-item="{first.pk}" '
        'data-starts="2027-03-01T09:00:00+00:00" data-ends="2027-03-01T10:00:00+00:00">'
    ) in html
    assert f'<span class="programme-title">{first.title}</span>' in html
    assert f'data-live-url="/ws/events/{session.slug}/run/"' in html
    assert html.count('class="programme-item"') == 18
    assert html.count('<article class="ev-session"') == 12
    assert "12 sessions" in html and "18 items" in html and "2 days" in html


def test_conference_shows_names_only_with_consent(client, conference):
    html = page(client, conference.slug)
    # The synthetic speakers with an even number agreed to be named; the others appear by title only.
    assert "Example speaker 0002, Example title, Example organisation — " in html
    assert "Example speaker 0001" not in html
    assert "Example title, Example organisation — Moderator" in html
    assert "to be confirmed" in html


def test_conference_day_filter_shows_one_day_and_links_every_day(client, conference):
    html = page(client, conference.slug, "?day=2027-03-02")
    assert re.findall(r'<h3 id="day-([\d-]+)-title"', html) == ["2027-03-02"]
    assert html.count('class="programme-item"') == 6  # the first day's sessions got the spare items
    assert '<a href="?day=2027-03-02" aria-current="page">' in html
    assert '<a href="?day=2027-03-01">' in html
    assert f'<a href="/events/{conference.slug}/">All days</a>' in html
    # Counts are of the whole conference, whatever the day shown.
    assert "12 sessions" in html


@pytest.mark.parametrize("query", ["?day=2031-01-01", "?day=yesterday", "?day="])
def test_conference_unknown_day_shows_every_day(client, conference, query):
    html = page(client, conference.slug, query)
    assert len(re.findall(r'<h3 id="day-([\d-]+)-title"', html)) == 2
    assert '<a href="/events/example-conference/" aria-current="page">All days</a>' in html


def test_conference_leaves_out_draft_sessions(client, conference):
    draft = conference.side_events.order_by("starts_at", "room").first()
    services.event_publish(event=draft, by=None, published=False)
    html = page(client, conference.slug)
    assert draft.title not in html
    assert html.count('<article class="ev-session"') == 11
    # It was public, so its address says it was withdrawn (410), rather than not found.
    assert client.get(f"/events/{draft.slug}/").status_code == 410


def test_session_page_links_to_its_conference(client, conference):
    session = conference.side_events.order_by("starts_at", "room").first()
    html = page(client, session.slug)
    assert f'Part of <a href="/events/{conference.slug}/">{conference.title}</a>' in html
    assert html.count('class="programme-item"') == session.items.count()


def test_conference_page_queries_do_not_grow_with_items(client):
    client.cookies["sessionid"] = "none"  # bypass the anonymous page cache
    small = build_conference(Shape(items=12, rooms=2, days=1, people=10), slug="small-example")
    with CaptureQueriesContext(connection) as few:
        assert page(client, small.slug).count('class="programme-item"') == 12
    large = build_conference(Shape(items=120, rooms=4, days=2, people=50), slug="large-example")
    with CaptureQueriesContext(connection) as many:
        assert page(client, large.slug).count('class="programme-item"') == 120
    assert len(few) == len(many), [q["sql"][:80] for q in many.captured_queries]
    with CaptureQueriesContext(connection) as one_day:
        page(client, large.slug, "?day=2027-03-02")
    assert len(one_day) == len(many)
