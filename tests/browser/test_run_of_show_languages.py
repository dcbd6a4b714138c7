"""The run-of-show in French and Arabic, in a real browser against the ASGI server: the console and the
speakers' countdown show each title in the page's language as the show moves on (the socket's
snapshots, rendered by events-run.js), and an English title standing in is marked lang="en"."""

from pathlib import Path

import pytest
from asgi_server import asgi_server  # noqa: F401 -- the session fixture, used by name below
from django.conf import settings
from playwright.sync_api import expect

from alliance87.accounts.models import Role
from alliance87.events import services
from alliance87.events.management.commands.load_side_event import translate
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

SEED = Path(settings.BASE_DIR) / "alliance87" / "data" / "seed" / "concept-note-alliance87-side-event.txt"
MOBILE = {"width": 390, "height": 844}
CONVERSATION_I = "Conversation I: Global Leadership and Shared Priorities"
VIDEO_FR = "Vidéo : voix des pays pionniers"


@pytest.fixture
def show(transactional_db, alliance):
    """The side event with the platform's translations but Conversation I's French title, published."""
    event = services.concept_note_import(text=SEED.read_text(encoding="utf-8"), by=None)
    translate(event)
    for item in event.items.all():
        translate(item)
        if item.title == CONVERSATION_I:
            item.translations["fr"].pop("title")
            item.save()
    services.event_publish(event=event, by=None)
    return event, make_user("moderator@example.org", Role.MODERATOR, event)


@pytest.fixture
def tab(tabs_on, asgi_server):  # noqa: F811 -- the fixture imported above
    return tabs_on(asgi_server)


def test_the_french_console_and_the_arabic_countdown_follow_the_show_in_their_language(show, tab):
    event, moderator = show
    console, speaker = tab(moderator), tab(viewport=MOBILE)
    console.goto(f"/fr/events/{event.slug}/run/")
    speaker.goto(f"/ar/events/{event.slug}/countdown/")
    expect(console.locator("[data-run]")).to_have_attribute("data-connection", "live")
    expect(speaker.locator("[data-run]")).to_have_attribute("data-connection", "live")

    console.locator("form[data-slot=primary] button").click()
    expect(console.locator("[data-field=title]")).to_have_text("Allocution d’ouverture")
    expect(console.locator("[data-field=next-title]")).to_have_text(CONVERSATION_I)
    expect(console.locator("[data-field=next-title]")).to_have_attribute("lang", "en")
    expect(speaker.locator("[data-field=title]")).to_have_text("كلمة افتتاحية")

    console.locator("form[data-slot=forward] button").click()  # to Conversation I: no French title
    expect(console.locator("[data-field=title]")).to_have_text(CONVERSATION_I)
    expect(console.locator("[data-field=title]")).to_have_attribute("lang", "en")
    expect(console.locator("[data-field=next-title]")).to_have_text(VIDEO_FR)
    expect(console.locator("[data-field=next-title]")).not_to_have_attribute("lang", "en")
    expect(speaker.locator("[data-field=title]")).to_have_text("الحوار الأول: القيادة العالمية والأولويات المشتركة")
    expect(speaker.locator("[data-field=title]")).not_to_have_attribute("lang", "en")


def test_the_arabic_console_and_the_french_countdown_pass_axe(show, tab, axe):
    event, moderator = show
    console, speaker = tab(moderator), tab(viewport=MOBILE)
    console.goto(f"/ar/events/{event.slug}/run/")
    expect(console.locator("[data-run]")).to_have_attribute("data-connection", "live")
    console.locator("form[data-slot=primary] button").click()
    console.locator("form[data-slot=forward] button").click()
    expect(console.locator("[data-field=title]")).to_have_text("الحوار الأول: القيادة العالمية والأولويات المشتركة")
    axe(console)
    speaker.goto(f"/fr/events/{event.slug}/countdown/")
    expect(speaker.locator("[data-field=title]")).to_have_attribute("lang", "en")  # Conversation I: no French
    axe(speaker)
