"""Doors to the artwork's consoles (issue 13): a moderator goes from /me/ to the moderation console with its
count and sends an item to safeguarding with one key; the safeguarding focal point signs in, sees the
urgent count on /me/, opens the safeguarding queue from it, and reaches the disclosure cues and the help
lines, which pass axe on a desk and on a phone in English, French and Spanish."""

import itertools
import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from alliance87.accounts.models import Role
from alliance87.artwork import services
from alliance87.artwork.models import Banner, Contribution, HelpLine
from alliance87.artwork.vocab import Status
from alliance87.events import services as events
from alliance87.events.models import Event
from alliance87.events.vocab import EventStatus
from alliance87.testing import PASSWORD, make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# English through its language link: an address without a language opens in the one last read, and these
# tests read French and Spanish first (first_language.py).
PREFIX = {"en": "/language/en/?next=", "fr": "/fr", "es": "/es"}
_slugs = itertools.count(1)


@pytest.fixture
def banner(site):
    event = events.event_create(
        by=None,
        title="Side event",
        time_zone="UTC",
        starts_at=datetime(2026, 2, 11, 15, 30, tzinfo=UTC),
        ends_at=datetime(2026, 2, 11, 17, 0, tzinfo=UTC),
    )
    Event.objects.filter(pk=event.pk).update(status=EventStatus.PUBLISHED)
    banner = Banner.objects.create(
        title="10 Years of Alliance 8.7", slug=f"doors-{next(_slugs)}", event=event, columns=24, rows=8
    )
    banner.moderator = make_user("moderator@example.org", Role.MODERATOR, event)
    banner.safeguarding = make_user("safeguarding@example.org", Role.SAFEGUARDING_FOCAL_POINT)
    for token, message in [("p1", "Ten years together"), ("p2", "Il faut continuer")]:
        services.contribute(banner=banner, device_token=token, colour="#26BDE2", message=message)
    return banner


def sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/me/$"))


def test_moderator_and_safeguarding_focal_point_reach_their_consoles_from_me(banner, open_page, axe):
    # The moderator: /me/ → the console, with its count; S sends the first card to safeguarding.
    moderator = open_page(DESKTOP)
    sign_in(moderator, banner.moderator.email)
    console_link = moderator.get_by_role("link", name="Moderation: 10 Years of Alliance 8.7")
    expect(moderator.locator(".console", has=console_link)).to_contain_text("2 contributions to moderate")
    console_link.click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Moderation: 10 Years of Alliance 8.7")
    expect(moderator.locator(".aw-keys")).to_contain_text("Send it to the safeguarding focal point")
    first = moderator.locator(".aw-queue [data-card]").first
    expect(first).to_contain_text("Ten years together")
    moderator.keyboard.press("s")
    expect(moderator.locator(".aw-queue [data-card]")).to_have_count(1)
    expect(moderator.locator("#aw-live")).to_contain_text("Sent to the safeguarding focal point")
    routed = Contribution.objects.get(message="Ten years together")
    assert routed.status == Status.SAFEGUARDING
    # A contributor's disclosure is held for safeguarding by the cues, not put in the queue.
    held = services.contribute(
        banner=banner, device_token="p3", colour="#A21942", message="My employer keeps my passport and I cannot leave"
    ).contribution
    assert held.status == Status.SAFEGUARDING

    # The safeguarding focal point: the urgent count on /me/, first; the queue from it.
    focal = open_page(PHONE)
    sign_in(focal, banner.safeguarding.email)
    urgent = focal.locator(".console-urgent").first
    expect(urgent).to_contain_text("2 possible disclosures wait for you")
    urgent.get_by_role("link", name="Safeguarding: 10 Years of Alliance 8.7").click()
    expect(focal.get_by_role("heading", level=1)).to_have_text("Safeguarding: 10 Years of Alliance 8.7")
    expect(focal.locator(".aw-queue [data-card]")).to_have_count(2)
    expect(focal.locator(".aw-queue")).to_contain_text("Sent here by")
    nav = focal.get_by_role("navigation", name="Safeguarding pages")
    nav.get_by_role("link", name="Disclosure cues").click()
    expect(focal.get_by_role("heading", level=1)).to_have_text("Disclosure cues")

    # The editors: a cue and a help line added from the page, then axe at both widths in three languages.
    form = focal.get_by_role("region", name="Add a cue")
    form.get_by_label("Language").select_option("en")
    form.get_by_label("Word or phrase").fill("sleep in the barn")
    form.get_by_label("What it may be a sign of").select_option("other")
    focal.get_by_role("button", name="Add the cue").click()
    expect(focal.locator("body")).to_contain_text("“sleep in the barn” is on the English list")
    focal.goto("/artwork/safeguarding/help-lines/")
    expect(focal.locator(".aw-empty")).to_contain_text("No help line yet")
    HelpLine.objects.create(name="Example help line (example)", phone="+000 000 000", hours="Every day")
    for viewport in (DESKTOP, PHONE):
        focal.set_viewport_size(viewport)
        for language, prefix in PREFIX.items():
            for path in ("/artwork/safeguarding/cues/", "/artwork/safeguarding/help-lines/"):
                focal.goto(prefix + path)
                assert focal.evaluate("document.documentElement.lang") == language
                assert focal.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (path, viewport)
                axe(focal)
            focal.goto(f"{prefix}/artwork/{banner.slug}/safeguarding/")
            axe(focal)

    # The phone page tells the contributor where to find help, and links the programme.
    visitor = open_page(PHONE)
    visitor.goto(f"/fr/artwork/{banner.slug}/")
    help_box = visitor.locator("#help")
    expect(help_box).to_contain_text("Example help line (example)")
    expect(visitor.locator(".aw-programme a")).to_have_attribute("href", f"/fr/events/{banner.event.slug}/")
    axe(visitor)
