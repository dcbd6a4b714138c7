import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance87.events import services


def test_programme_draft_is_not_found(client, side_event):
    assert client.get(reverse("events:programme", args=[side_event.slug])).status_code == 404


@pytest.fixture
def published(cast, side_event):
    return services.event_publish(event=side_event, by=cast.secretariat)


def test_programme_published_shows_local_times_zone_people_and_tbc(client, published):
    response = client.get(reverse("events:programme", args=[published.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alliance 8.7: 10 years of Partnership and Action" in html
    assert "Wednesday 11 February 2026, 16:30" in html
    assert "Africa/Casablanca time (UTC+0100)" in html
    assert 'datetime="2026-02-11T16:30:00+01:00"' in html
    for slot in ("16:30", "16:35", "17:10", "17:15", "17:50"):
        assert f">{slot}</time>–" in html
    assert ">18:00</time>" in html
    assert "Younes Sekkouri, Minister of Labour, Morocco — Speaker" in html
    assert html.count("to be confirmed") == 2
    assert "Bukeni Waruzi, Executive Director, Free the Slaves — Moderator" in html


def test_programme_published_french_prefix_works(client, published):
    assert client.get(f"/fr/events/{published.slug}/").status_code == 200


def test_programme_queries_do_not_grow_with_items(client, published, cast):
    url = reverse("events:programme", args=[published.slug])
    client.cookies["sessionid"] = "none"  # bypass the anonymous page cache
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for n in range(3):
        services.agenda_item_add(event=published, by=cast.secretariat, title=f"Extra {n}", duration_minutes=5)
    with CaptureQueriesContext(connection) as after:
        assert b"Extra 2" in client.get(url).content
    assert len(after) == len(before) <= 5
