"""A signed-in visitor's programme costs what signing in costs: its body is shared by every visitor per
language and address (``pagecache.shared_fragment``), so the queries stay flat whatever the programme
holds, and only the organisers' links and a waiting message differ from one visitor to the next."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from alliance87.accounts.models import Role
from alliance87.events import services
from alliance87.events.synthetic import Shape, build_conference
from alliance87.testing import make_user

pytestmark = pytest.mark.django_db

# The session, its user and the user's roles (read once per request by the two-factor check).
SIGNING_IN_QUERIES = 3


def signed_in(client, email="visitor@example.org", role=None, scope=None):
    client.force_login(make_user(email, role, scope))
    return client


def queries_of(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_signed_in_programme_costs_only_the_sign_in_queries_however_large(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    signed_in(client)
    small = build_conference(Shape(items=12, rooms=2, days=1, people=10), slug="small-example")
    large = build_conference(Shape(items=120, rooms=4, days=2, people=50), slug="large-example")
    for conference, items in ((small, 12), (large, 120)):
        path = f"/events/{conference.slug}/"
        queries_of(client, path)  # the first visit renders the programme for everyone
        count, html = queries_of(client, path)
        assert count == SIGNING_IN_QUERIES
        assert html.count('class="programme-item"') == items
        assert "My account" in html and "Manage this event" not in html


def test_a_change_shows_at_once_to_signed_in_visitors(client, settings, side_event):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    event = services.event_publish(event=side_event, by=None)
    signed_in(client)
    path = f"/events/{event.slug}/"
    item = event.items.order_by("position").first()
    assert item.title in client.get(path).content.decode()
    services.agenda_item_update(item=item, by=None, title="A retitled opening")
    assert "A retitled opening" in client.get(path).content.decode()


def test_organisers_links_are_theirs_alone(client, settings, side_event):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    event = services.event_publish(event=side_event, by=None)
    path = f"/events/{event.slug}/"
    signed_in(client, "organiser@example.org", Role.EVENT_ORGANISER, event)
    assert "Manage this event" in client.get(path).content.decode()
    client.logout()
    signed_in(client, "someone@example.org")
    assert "Manage this event" not in client.get(path).content.decode()
    client.logout()
    assert "Manage this event" not in client.get(path).content.decode()


def test_a_waiting_message_is_shown_on_the_shared_programme(client, settings, side_event):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    event = services.event_publish(event=side_event, by=None)
    path = f"/events/{event.slug}/"
    signed_in(client)
    client.get(path)
    storage = CookieStorage(RequestFactory().get(path))
    client.cookies["messages"] = storage._encode([Message(messages.SUCCESS, "Your changes are saved.")])
    html = client.get(path).content.decode()
    assert "Your changes are saved." in html and event.title in html
    assert "Your changes are saved." not in client.get(path).content.decode()  # shown once
