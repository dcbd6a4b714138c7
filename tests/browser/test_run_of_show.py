"""The run-of-show in real browsers against the real ASGI server: two consoles and the speakers' countdown
follow one clock; a reload comes back to the same state; the public programme's "Now" follows the show.
"""

import re
from pathlib import Path

import pytest
from asgi_server import asgi_server  # noqa: F401 -- the session fixture, used by name below
from django.conf import settings
from playwright.sync_api import Page, expect

from alliance87.accounts.models import Role
from alliance87.events import services
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

SEED = Path(settings.BASE_DIR) / "alliance87" / "data" / "seed" / "concept-note-alliance87-side-event.txt"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000
CONVERSATION_I = "Conversation I: Global Leadership and Shared Priorities"


@pytest.fixture
def show(transactional_db, alliance, request):
    """The side event, published, and a moderator of it (``make_user`` comes from the project's conftest)."""
    event = services.concept_note_import(text=SEED.read_text(encoding="utf-8"), by=None)
    services.event_publish(event=event, by=None)
    moderator = make_user("moderator@example.org", Role.MODERATOR, event)
    return event, moderator


@pytest.fixture
def tab(tabs_on, asgi_server):  # noqa: F811 -- the fixture imported above
    """`tab(user=None, viewport=DESKTOP, **options)`: a new context on the ASGI server, signed in as ``user``."""
    return tabs_on(asgi_server)


def seconds_left(page: Page) -> int:
    """The time left the page shows, in seconds (negative once over: "+0:05" is -5)."""
    text = page.locator("[data-field=clock]").inner_text().strip()
    match = re.fullmatch(r"(\+?)(?:(\d+):)?(\d+):(\d\d)", text)
    assert match, f"not a time left: {text!r}"
    sign, hours, minutes, secs = match.groups()
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)
    return -value if sign else value


def expect_live(page: Page) -> None:
    expect(page.locator("[data-run]")).to_have_attribute("data-connection", "live")
    expect(page.locator("[data-field=connection]")).to_have_text("Live")


def expect_in_step(first: Page, second: Page) -> None:
    """Both pages show the same time left, to the second (read one after the other: allow one tick)."""
    assert abs(seconds_left(first) - seconds_left(second)) <= 1, (seconds_left(first), seconds_left(second))


def test_two_consoles_and_the_countdown_stay_in_step(show, tab):
    event, moderator = show
    console, other_console = tab(moderator), tab(moderator, MOBILE)
    speaker = tab()
    for page in (console, other_console):
        page.goto(f"/events/{event.slug}/run/")
        expect_live(page)
    speaker.goto(f"/events/{event.slug}/countdown/")
    expect_live(speaker)
    expect(speaker.locator("[data-field=clock]")).to_have_text("5:00")

    console.get_by_role("button", name="Start", exact=True).click()
    expect(other_console.locator("[data-field=state]")).to_have_text("Running")
    expect(speaker.locator("[data-field=title]")).to_have_text("Opening remarks")
    console.get_by_role("button", name="Next", exact=True).click()

    for page in (console, other_console):
        expect(page.get_by_role("heading", level=2, name=CONVERSATION_I)).to_be_visible()
        expect(page.locator("[data-field=position]")).to_have_text("Segment 2 of 5")
    expect(speaker.locator("[data-field=title]")).to_have_text(CONVERSATION_I)
    expect(speaker.locator("[data-field=warning-text]")).to_have_text("On time")
    expect(console.locator("[data-field=clock]")).to_have_text(re.compile(r"^3[45]:\d\d$"))
    expect_in_step(console, other_console)
    expect_in_step(console, speaker)

    # The other device pauses: every screen stops on the same second.
    other_console.get_by_role("button", name="Pause", exact=True).click()
    expect(console.locator("[data-field=state]")).to_have_text("Paused")
    expect(speaker.locator("[data-field=warning-text]")).to_have_text("Paused · On time")
    expect(console.get_by_role("button", name="Resume", exact=True)).to_be_enabled()
    assert seconds_left(console) == seconds_left(other_console) == seconds_left(speaker)
    console.get_by_role("button", name="Resume", exact=True).click()
    expect(speaker.locator("[data-field=warning-text]")).to_have_text("On time")

    # A reload comes back to the same segment and the same time left.
    other_console.reload()
    expect_live(other_console)
    expect(other_console.get_by_role("heading", level=2, name=CONVERSATION_I)).to_be_visible()
    expect(other_console.locator("[data-field=state]")).to_have_text("Running")
    expect_in_step(console, other_console)
    speaker.reload()
    expect_live(speaker)
    expect(speaker.locator("[data-field=title]")).to_have_text(CONVERSATION_I)
    expect_in_step(console, speaker)


def test_the_keyboard_runs_the_show(show, tab):
    event, moderator = show
    console = tab(moderator)
    console.goto(f"/events/{event.slug}/run/")
    expect_live(console)
    console.keyboard.press("n")  # nothing to advance before the start: the button is disabled, nothing happens
    expect(console.locator("[data-field=state]")).to_have_text("Not started")
    console.keyboard.press("Space")
    expect(console.locator("[data-field=state]")).to_have_text("Running")
    console.keyboard.press("ArrowRight")
    expect(console.locator("[data-field=position]")).to_have_text("Segment 2 of 5")
    console.keyboard.press("b")
    expect(console.locator("[data-field=position]")).to_have_text("Segment 1 of 5")
    expect(console.get_by_role("row", name=re.compile("Opening remarks"))).to_have_attribute("aria-current", "true")
    console.keyboard.press("k")
    expect(console.locator("[data-field=state]")).to_have_text("Paused")


def test_the_console_works_without_javascript(show, tab):
    event, moderator = show
    console = tab(moderator, java_script_enabled=False)
    console.goto(f"/events/{event.slug}/run/")
    expect(console.locator("[data-field=title]")).to_have_text("Opening remarks")
    console.get_by_role("button", name="Start", exact=True).click()
    expect(console.get_by_role("status").filter(has_text="The show has started.")).to_be_visible()
    expect(console.locator("[data-field=state]")).to_have_text("Running")
    expect(console.locator("[data-field=clock]")).to_have_text(re.compile(r"^[45]:\d\d$"))
    # A second device still showing the first segment: its "Next" is refused, not repeated.
    other = tab(moderator, java_script_enabled=False)
    other.goto(f"/events/{event.slug}/run/")
    console.get_by_role("button", name="Next", exact=True).click()
    expect(console.get_by_role("heading", level=2, name=CONVERSATION_I)).to_be_visible()
    other.get_by_role("button", name="Next", exact=True).click()
    expect(other.get_by_role("status").filter(has_text="Someone else changed the show meanwhile")).to_be_visible()
    expect(other.get_by_role("heading", level=2, name=CONVERSATION_I)).to_be_visible()


def test_a_visitor_may_watch_the_countdown_but_not_open_the_console(show, tab):
    event, _moderator = show
    visitor = tab()
    response = visitor.goto(f"/events/{event.slug}/run/")
    assert "/accounts/login/" in visitor.url, response.url
    visitor.goto(f"/events/{event.slug}/countdown/")
    expect_live(visitor)
    expect(visitor.locator("[data-field=title]")).to_have_text("Opening remarks")


def test_the_programme_marks_the_segment_the_show_is_on(show, tab):
    event, moderator = show
    visitor = tab()
    # By the clock first: 16:40 in Marrakech, during Conversation I.
    visitor.clock.set_fixed_time("2026-02-11T15:40:00Z")
    visitor.goto(f"/events/{event.slug}/")
    current = visitor.locator("ol.programme > li[aria-current=true]")
    expect(current).to_have_count(1)
    expect(current.locator(".programme-title")).to_have_text(CONVERSATION_I)
    expect(current.locator("[data-now-next]")).to_have_text("Now")
    expect(visitor.locator("ol.programme > li", has_text="Video: Voices").locator("[data-now-next]")).to_have_text(
        "Next"
    )
    # The moderator starts the show late: the live segment wins over the printed times.
    console = tab(moderator)
    console.goto(f"/events/{event.slug}/run/")
    expect_live(console)
    console.get_by_role("button", name="Start", exact=True).click()
    expect(current.locator(".programme-title")).to_have_text("Opening remarks")
    expect(current.locator("[data-now-next]")).to_have_text("Now")
    expect(visitor.locator("ol.programme > li", has_text=CONVERSATION_I).locator("[data-now-next]")).to_have_text(
        "Next"
    )


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_console_and_countdown_have_no_serious_accessibility_violations(show, tab, axe, viewport):
    event, moderator = show
    console = tab(moderator, viewport)
    console.goto(f"/events/{event.slug}/run/")
    expect_live(console)
    axe(console)
    console.get_by_role("button", name="Start", exact=True).click()
    expect(console.locator("[data-field=state]")).to_have_text("Running")
    axe(console)
    speaker = tab(None, viewport)
    speaker.goto(f"/events/{event.slug}/countdown/")
    expect_live(speaker)
    axe(speaker)
