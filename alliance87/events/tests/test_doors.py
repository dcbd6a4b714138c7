"""Doors to and from the events (issue 13): the events index, the home page's event and artwork, the
programme and its banner, a finished event that says so, and a withdrawn programme that keeps its address.

The clock is mocked at the process edge (``django.utils.timezone.now``). The side event of the seed
concept note is on 11 February 2026, 16:30–18:00 in Marrakech (UTC+1).
"""

import re
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance87.accounts.models import Role
from alliance87.artwork.models import Banner
from alliance87.consoles import consoles_for
from alliance87.events import services
from alliance87.events.models import Event
from alliance87.testing import make_user

BEFORE = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
DURING = datetime(2026, 2, 11, 16, 0, tzinfo=UTC)  # 17:00 in Marrakech
AFTER = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)  # the demo's today


def at(moment: datetime):
    """The clock at ``moment``; the page cache is emptied, as if each page had outlived its stay there."""
    cache.clear()
    return patch("django.utils.timezone.now", return_value=moment)


def text(response) -> str:
    return response.content.decode()


def section(page: str, heading_id: str) -> str:
    """The HTML of the index's section whose heading has ``heading_id`` ("" when there is none)."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', page, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def published(side_event):
    return services.event_publish(event=side_event, by=None)


def new_event(title: str, starts_at: datetime, *, hours: int = 2, publish: bool = True, **fields) -> Event:
    event = services.event_create(
        by=None,
        title=title,
        time_zone="Europe/Zurich",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        **fields,
    )
    return services.event_publish(event=event, by=None) if publish else event


@pytest.fixture
def banner(published):
    return Banner.objects.create(
        title="10 Years of Alliance 8.7",
        slug="ten-years",
        event=published,
        is_conference_banner=True,
        columns=12,
        rows=4,
        opens_at=datetime(2026, 2, 11, 9, 0, tzinfo=UTC),
    )


# --- The index ----------------------------------------------------------------------------------


def test_index_is_at_events_and_not_taken_for_an_event_slug(client, published):
    assert reverse("events:index") == "/events/"
    with at(AFTER):
        response = client.get("/events/")
    assert response.status_code == 200
    assert f'href="/events/{published.slug}/"' in text(response)


def test_index_sorts_events_into_now_coming_and_past_by_the_clock(client, published):
    new_event("Example workshop on data", datetime(2026, 2, 11, 14, 30, tzinfo=UTC), is_example=True)
    new_event("Example review meeting", datetime(2027, 3, 1, 8, 0, tzinfo=UTC), is_example=True)
    with at(BEFORE):
        page = text(client.get("/events/"))
    assert section(page, "events-now") == ""
    assert published.title in section(page, "events-upcoming")
    assert "Example review meeting" in section(page, "events-upcoming")
    with at(DURING):
        page = text(client.get("/events/"))
    now = section(page, "events-now")
    assert published.title in now and "Example workshop on data" in now
    assert "Happening now" in now
    assert "Example review meeting" in section(page, "events-upcoming")
    with at(AFTER):
        page = text(client.get("/events/"))
    assert section(page, "events-now") == ""
    past = section(page, "events-past")
    # Latest first: the workshop ended at 16:30 UTC, the side event at 17:00 UTC.
    assert past.index(published.title) < past.index("Example workshop on data")
    assert "Example review meeting" in section(page, "events-upcoming")


def test_index_gives_date_and_place_in_the_readers_language(client, published):
    services.event_update(event=published, by=None, venue="Marrakech", room="Room 3")
    with at(AFTER):
        english = text(client.get("/events/"))
        french = text(client.get("/fr/events/"))
        spanish = text(client.get("/es/events/"))
    assert "Wednesday 11 February 2026, 16:30" in english and "Marrakech, Room 3" in english
    assert "mercredi 11 février 2026, 16:30" in french
    assert "miércoles 11 de febrero de 2026" in spanish


def test_index_shows_drafts_only_to_those_who_may_see_them(client, published, cast):
    draft = new_event("Example draft gathering", datetime(2027, 1, 10, 9, 0, tzinfo=UTC), publish=False)
    with at(AFTER):
        assert draft.title not in text(client.get("/events/"))
        client.force_login(cast.outsider)
        assert draft.title not in text(client.get("/events/"))
        client.force_login(make_user("org@example.org", Role.EVENT_ORGANISER, draft))
        page = text(client.get("/events/"))
        assert draft.title in section(page, "events-upcoming")
        assert "Draft: not public" in page
        # A draft has no public programme: its organiser's link goes to their own page.
        assert f'href="/events/manage/{draft.slug}/"' in page


def test_index_lists_a_conference_once_with_its_sessions_counted(client, alliance):
    conference = new_event("Example conference", datetime(2027, 3, 1, 8, 0, tzinfo=UTC), hours=30)
    for n in range(3):
        new_event(f"Example session {n}", datetime(2027, 3, 1, 9 + n, 0, tzinfo=UTC), hours=1, parent=conference)
    with at(AFTER):
        page = text(client.get("/events/"))
    assert conference.title in page and "Example session 1" not in page
    assert "3 sessions" in page


def test_index_queries_do_not_grow_with_events(client, published):
    client.cookies["sessionid"] = "none"  # bypass the anonymous page cache
    with at(AFTER), CaptureQueriesContext(connection) as one:
        client.get("/events/")
    for n in range(3):
        new_event(f"Example meeting {n}", datetime(2027, 1, 10 + n, 9, 0, tzinfo=UTC))
    with at(AFTER), CaptureQueriesContext(connection) as four:
        assert "Example meeting 2" in text(client.get("/events/"))
    assert len(one) == len(four) <= 3


# --- The programme: over or on now, and its banner ---------------------------------------------


def test_programme_says_the_event_took_place_once_it_is_over(client, published):
    url = reverse("events:programme", args=[published.slug])
    with at(BEFORE):
        page = text(client.get(url))
    assert "took place" not in page and "Happening now" not in page
    with at(DURING):
        assert "Happening now" in text(client.get(url))
    with at(AFTER):
        page = text(client.get(url))
        french = text(client.get(f"/fr/events/{published.slug}/"))
    assert "This event took place on Wednesday 11 February 2026." in page
    assert 'href="/events/"' in page.split("took place", 1)[1][:300]  # what is coming up, next to it
    assert "mercredi 11 février 2026" in french


def test_programme_links_the_banner_and_its_artwork_item_links_the_banners_page(client, published, banner):
    with at(AFTER):
        page = text(client.get(reverse("events:programme", args=[published.slug])))
    contribute = reverse("artwork:contribute", args=[banner.slug])
    artwork = section(page, "artwork-title")
    assert banner.title in artwork and f'href="{contribute}"' in artwork
    assert f'href="{reverse("artwork:wall", args=[banner.slug])}"' in artwork
    # The closing item ("Launch of co-created artwork banner") links the banner's phone page; no other item does.
    closing = published.items.get(title__startswith="Communication Activity")
    item_html = page.split(f'id="item-{closing.pk}"', 1)[1].split('<li id="item-', 1)[0].split("</ol>", 1)[0]
    assert f'<a href="{contribute}">' in item_html and "add your mark" in item_html
    assert page.count(f'<a href="{contribute}">') == 1


def test_programme_without_banner_links_no_artwork(client, published):
    with at(AFTER):
        page = text(client.get(reverse("events:programme", args=[published.slug])))
    assert "Co-created artwork" not in page and "/artwork/" not in page


def test_side_event_shows_its_conferences_banner(client, published):
    conference = new_event("Example conference", datetime(2026, 2, 10, 8, 0, tzinfo=UTC), hours=60)
    services.event_update(event=published, by=None, parent=conference)
    Banner.objects.create(
        title="Example conference banner", slug="example-banner", event=conference, columns=12, rows=4
    )
    with at(AFTER):
        page = text(client.get(reverse("events:programme", args=[published.slug])))
    assert "Example conference banner" in section(page, "artwork-title")
    assert 'href="/artwork/example-banner/"' in page


def test_closed_banner_says_so_on_the_programme(client, published, banner):
    banner.closes_at = datetime(2026, 2, 12, tzinfo=UTC)
    banner.save()
    with at(AFTER):
        artwork = section(text(client.get(reverse("events:programme", args=[published.slug]))), "artwork-title")
    assert "Closed" in artwork and "Add your mark" not in artwork


# --- The home page ------------------------------------------------------------------------------


def test_home_shows_the_latest_event_saying_it_took_place_and_the_live_banner(client, banner, published):
    with at(AFTER):
        page = text(client.get("/"))
    event = section(page, "home-event-title")
    assert "Latest event" in event and published.title in event
    assert f'href="/events/{published.slug}/"' in event
    assert "This event took place on Wednesday 11 February 2026." in event
    assert f'href="{reverse("artwork:contribute", args=[banner.slug])}"' in event
    assert f'href="{reverse("artwork:wall", args=[banner.slug])}"' in event


def test_home_prefers_the_event_on_now_then_the_next(client, published):
    coming = new_event("Example review meeting", datetime(2027, 3, 1, 8, 0, tzinfo=UTC), is_example=True)
    with at(DURING):
        event = section(text(client.get("/")), "home-event-title")
    assert "Happening now" in event and published.title in event
    with at(AFTER):
        event = section(text(client.get("/")), "home-event-title")
    assert "Next event" in event and coming.title in event and "took place" not in event


def test_home_shows_no_artwork_once_the_banner_closed(client, banner):
    banner.closes_at = datetime(2026, 3, 1, tzinfo=UTC)
    banner.save()
    with at(AFTER):
        page = text(client.get("/"))
    assert "/artwork/" not in page
    assert "took place" in page


def test_home_is_not_cached_when_a_banner_closes_within_the_caches_lifetime(client, banner, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    banner.closes_at = AFTER + timedelta(seconds=120)
    banner.save()
    with at(AFTER):
        first = client.get("/")
        assert "Add your mark" in text(first)
        assert first.get("X-Public-Page-Cache") is None  # not stored: it would outlive the banner
    with patch("django.utils.timezone.now", return_value=AFTER + timedelta(seconds=121)):
        assert "/artwork/" not in text(client.get("/"))
    banner.closes_at = AFTER + timedelta(hours=2)
    banner.save()
    with at(AFTER):
        assert client.get("/").get("X-Public-Page-Cache") == "stored"


# --- Withdrawing a programme --------------------------------------------------------------------


@pytest.fixture
def organiser_client(client, published):
    client.force_login(make_user("organiser@example.org", Role.EVENT_ORGANISER, published))
    return client


def test_withdraw_asks_first_and_says_what_printed_codes_will_show(organiser_client, published):
    manage = text(organiser_client.get(reverse("events:manage_event", args=[published.slug])))
    confirm_url = reverse("events:manage_withdraw", args=[published.slug])
    # The header's button is a link to the question, not a form that withdraws at once.
    assert f'href="{confirm_url}?next=' in manage
    assert 'name="published" value="0"' not in manage
    page = text(organiser_client.get(confirm_url))
    assert "printed QR code" in page and "was withdrawn" in page
    assert f'action="{reverse("events:manage_publish", args=[published.slug])}"' in page
    assert 'name="published" value="0"' in page
    published.refresh_from_db()
    assert published.status == "published"  # asking changed nothing


def test_withdrawn_programme_keeps_its_address_and_says_when(organiser_client, published, client):
    with at(datetime(2026, 3, 2, 10, 0, tzinfo=UTC)):
        organiser_client.post(reverse("events:manage_publish", args=[published.slug]), {"published": "0"})
    organiser_client.logout()
    response = client.get(f"/events/{published.slug}/")
    assert response.status_code == 410
    page = text(response)
    assert published.title in page and "This programme was withdrawn on Monday 2 March 2026." in page
    assert 'href="/events/"' in page
    assert client.get(f"/fr/events/{published.slug}/").status_code == 410
    # Published again: the programme is back at the same address.
    services.event_publish(event=published, by=None)
    assert client.get(f"/events/{published.slug}/").status_code == 200


def test_a_draft_never_published_stays_not_found(client, side_event):
    assert client.get(f"/events/{side_event.slug}/").status_code == 404
    services.event_publish(event=side_event, by=None, published=False)  # withdrawing a draft changes nothing
    assert client.get(f"/events/{side_event.slug}/").status_code == 404


def test_withdrawn_events_leave_the_index_and_the_home_page(client, published):
    services.event_publish(event=published, by=None, published=False)
    with at(AFTER):
        assert published.title not in text(client.get("/events/"))
        assert section(text(client.get("/")), "home-event-title") == ""


# --- The consoles on /me/ -----------------------------------------------------------------------


def test_organisers_console_counts_drafts_and_items_without_a_lead(cast):
    draft = new_event("Example draft gathering", datetime(2027, 1, 10, 9, 0, tzinfo=UTC), publish=False)
    services.agenda_item_add(event=draft, by=None, title="Welcome", duration_minutes=10)
    services.agenda_item_add(event=draft, by=None, title="Coffee", duration_minutes=10, kind="break")
    organiser = make_user("org@example.org", Role.EVENT_ORGANISER, draft)
    with at(AFTER), CaptureQueriesContext(connection) as queries:
        found = {console.title: console for console in consoles_for(organiser)}
    organise = found["Events to organise"]
    assert organise.waiting == 2
    assert organise.waiting_label == "1 draft not yet published; 1 agenda item with nobody to lead it"
    assert "Run-of-show: Example draft gathering" in found
    assert len(queries) <= 12


def test_run_of_show_consoles_only_for_events_not_over(published):
    moderator = make_user("mod@example.org", Role.MODERATOR, published)
    with at(DURING):
        assert [c.title for c in consoles_for(moderator) if c.title.startswith("Run-of-show")] == [
            f"Run-of-show: {published.title}"
        ]
    with at(AFTER):
        assert [c.title for c in consoles_for(moderator) if c.title.startswith("Run-of-show")] == []
