"""The artwork on a phone, in a real browser: a 390 px phone sends a colour and a message, a moderator
approves it from the console in another browser, and the phone says "On the wall". The same pages
work without JavaScript, and pass axe."""

import pytest
from playwright.sync_api import expect

from alliance87.accounts.models import Role
from alliance87.artwork.models import Banner, Contribution
from alliance87.artwork.vocab import Status
from alliance87.events import services as events
from alliance87.testing import make_user

pytestmark = [pytest.mark.browser, pytest.mark.urls("alliance87.artwork.tests.urls")]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


@pytest.fixture
def banner(site, request):
    """A small open banner for a published event, and a moderator of that event."""
    from datetime import UTC, datetime

    event = events.event_create(
        by=None,
        title="Side event",
        time_zone="Africa/Casablanca",
        starts_at=datetime(2026, 2, 11, 15, 30, tzinfo=UTC),
        ends_at=datetime(2026, 2, 11, 17, 0, tzinfo=UTC),
    )
    banner = Banner.objects.create(
        title="10 Years of Alliance 8.7", slug="ten-years", event=event, columns=24, rows=8, wall_delay_seconds=0
    )
    banner.moderator = make_user("moderator@example.org", Role.MODERATOR, event)
    return banner


@pytest.fixture
def tab(tabs_on, site):
    """`tab(user=None, viewport=DESKTOP, **options)`: a new context on the live server, signed in as ``user``."""
    return tabs_on(site)


def test_a_phone_sends_a_moderator_approves_the_phone_says_on_the_wall(banner, tab, axe):
    phone = tab(viewport=PHONE)
    phone.goto(f"/artwork/{banner.slug}/")
    axe(phone)
    phone.get_by_text("Sky blue").click()
    phone.get_by_label("Message (optional)").fill("Dix ans ensemble")
    expect(phone.locator("[data-counter]")).to_have_text("16 of 80 characters")
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("[data-status-title]")).to_have_text("Waiting for a moderator")
    expect(phone.get_by_role("button", name="Send")).to_be_disabled()  # the cooldown, counted down
    expect(phone.locator("[data-wait]")).to_contain_text("You can add another mark in")
    axe(phone)

    console = tab(banner.moderator)
    console.goto(f"/artwork/{banner.slug}/moderate/")
    card = console.locator(".aw-queue article", has_text="Dix ans ensemble")
    expect(card).to_be_visible()
    axe(console)
    card.get_by_role("button", name="Approve").click()
    expect(console.locator("#aw-live .message")).to_contain_text("Approved: column")
    expect(console.locator(".aw-recent")).to_contain_text("Dix ans ensemble")

    expect(phone.locator("[data-status-title]")).to_have_text("On the wall")
    contribution = Contribution.objects.get()
    assert contribution.status == Status.APPROVED and contribution.colour == "#26BDE2"


def test_a_phone_taps_a_cell_and_a_colour_alone_is_placed(banner, tab):
    phone = tab(viewport=PHONE)
    phone.goto(f"/artwork/{banner.slug}/")
    grid = phone.locator("[data-grid]")
    box = grid.bounding_box()
    # 24 columns on a phone: a cell is about 15 px, large enough to tap at once.
    phone.mouse.click(box["x"] + box["width"] * (2.5 / 24), box["y"] + box["height"] * (1.5 / 8))
    expect(phone.get_by_label("Column (1–24)")).to_have_value("3")
    expect(phone.get_by_label("Row (1–8)")).to_have_value("2")
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("[data-status-title]")).to_have_text("Placed")
    contribution = Contribution.objects.get()
    assert (contribution.x, contribution.y, contribution.status) == (2, 1, Status.APPROVED)


def test_the_console_updates_itself_when_a_phone_sends(banner, tab):
    console = tab(banner.moderator)
    console.goto(f"/artwork/{banner.slug}/moderate/")
    expect(console.get_by_text("Nothing is waiting.")).to_be_visible()
    phone = tab(viewport=PHONE)
    phone.goto(f"/artwork/{banner.slug}/")
    phone.get_by_label("Message (optional)").fill("Hello from the floor")
    phone.get_by_role("button", name="Send").click()
    expect(console.locator(".aw-queue article", has_text="Hello from the floor")).to_be_visible()
    console.keyboard.press("j")
    console.keyboard.press("r")
    expect(console.locator("#aw-live .message")).to_contain_text("Rejected: column")
    expect(phone.locator("[data-status-title]")).to_have_text("Not shown on the wall")


def test_the_phone_page_works_without_javascript(banner, tab):
    phone = tab(viewport=PHONE, java_script_enabled=False)
    phone.goto(f"/artwork/{banner.slug}/")
    phone.get_by_text("Navy").click()
    phone.get_by_label("Message (optional)").fill("Sin JavaScript")
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("[data-status-title]")).to_have_text("Waiting for a moderator")
    expect(phone.get_by_role("link", name="Check again")).to_be_visible()
    assert Contribution.objects.get().message == "Sin JavaScript"
