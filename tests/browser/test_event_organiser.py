"""An event organiser reorders the side event's agenda with the keyboard alone; axe checks the manage pages.

The organiser signs in, tabs to “Move down” on the video, presses Enter twice: the video goes to the end,
the derived times follow, the change is announced, and the keyboard focus stays on the video's buttons.
Without JavaScript, the same button posts and the page comes back in the new order.
"""

import os
import re
from pathlib import Path

import pytest
from keyboard import tab_to
from playwright.sync_api import Locator, Page, expect

import alliance87
from alliance87.accounts.models import Role
from alliance87.accounts.services import role_grant, user_create
from alliance87.events import services

pytestmark = pytest.mark.browser

SEED = Path(alliance87.__file__).parent / "data" / "seed" / "concept-note-alliance87-side-event.txt"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}

# A directory to keep a picture of each page checked by axe, e.g. EVENTS_SCREENSHOTS=/tmp/shots.
SCREENSHOTS = os.environ.get("EVENTS_SCREENSHOTS")


@pytest.fixture
def organised(site, alliance, password):
    """The side event imported from the seed, and its organiser (who signs in with the cast's password)."""
    event = services.concept_note_import(text=SEED.read_text(encoding="utf-8"), by=None)
    organiser = user_create(
        email="organiser@events.example.org", password=password, name="Event organiser", email_verified=True
    )
    role_grant(user=organiser, role=Role.EVENT_ORGANISER, scope=event)
    return event, organiser


def action(page: Page, verb: str, title: str) -> Locator:
    """A button named “verb: title” (the title is visually hidden, so the browser may put a space before the colon)."""
    return page.get_by_role("button", name=re.compile(rf"^{verb}\s*: {re.escape(title)}$"))


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/me/")


def item_times(page: Page) -> list[str]:
    """Each agenda item as “start–end title”, in the order shown."""
    return [
        " ".join(text.split())
        for text in page.locator(".em-item").evaluate_all(
            "(items) => items.map((li) => li.querySelector('.em-item-time span:nth-of-type(2)').textContent"
            " + ' ' + li.querySelector('.em-item-title').textContent.replace(/^\\s*\\d+\\.\\s*/, ''))"
        )
    ]


def test_organiser_reorders_the_agenda_with_the_keyboard_only(open_page, organised, password):
    event, organiser = organised
    page = open_page(DESKTOP)
    sign_in(page, organiser.email, password)
    page.goto(f"/events/manage/{event.slug}/agenda/")
    assert item_times(page) == [
        "16:30–16:35 Opening remarks",
        "16:35–17:10 Conversation I: Global Leadership and Shared Priorities",
        "17:10–17:15 Video: Voices of Pathfinder Countries",
        "17:15–17:50 Conversation II: Partnership in Action",
        "17:50–18:00 Communication Activity - “10 Years of Alliance 8.7” & Closing",
    ]
    move_down = action(page, "Move down", "Video: Voices of Pathfinder Countries")
    tab_to(page, move_down)
    page.keyboard.press("Enter")

    announce = page.locator("#agenda-announce")
    expect(announce).to_have_text("“Video: Voices of Pathfinder Countries” is now item 4 of 5, 17:45–17:50.")
    expect(action(page, "Move down", "Video: Voices of Pathfinder Countries")).to_be_focused()
    assert item_times(page)[2:4] == [
        "17:10–17:45 Conversation II: Partnership in Action",
        "17:45–17:50 Video: Voices of Pathfinder Countries",
    ]

    page.keyboard.press("Enter")  # again: to the end, where only “Move up” is left, and it has the focus
    expect(announce).to_have_text("“Video: Voices of Pathfinder Countries” is now item 5 of 5, 17:55–18:00.")
    expect(action(page, "Move up", "Video: Voices of Pathfinder Countries")).to_be_focused()
    assert item_times(page)[3:] == [
        "17:45–17:55 Communication Activity - “10 Years of Alliance 8.7” & Closing",
        "17:55–18:00 Video: Voices of Pathfinder Countries",
    ]
    assert list(event.items.order_by("position").values_list("title", flat=True))[-1] == (
        "Video: Voices of Pathfinder Countries"
    )
    # The checks beside the agenda were refreshed with it, and still say the items fill the slot.
    expect(page.locator("#flags")).to_contain_text("The items fill the slot exactly")


def test_organiser_reorders_the_agenda_by_drag_and_drop(open_page, organised, password):
    event, organiser = organised
    page = open_page({"width": 1280, "height": 1400})  # the whole agenda in view: the drag needs no scrolling
    sign_in(page, organiser.email, password)
    page.goto(f"/events/manage/{event.slug}/agenda/")
    closing = page.locator(".em-item", has_text="Communication Activity")
    opening = page.locator(".em-item", has_text="Opening remarks").bounding_box()
    closing.hover(position={"x": 20, "y": 20})
    page.mouse.down()
    page.mouse.move(opening["x"] + 20, opening["y"] + 8, steps=10)  # onto the top half: before it
    page.mouse.up()
    expect(page.locator("#agenda-announce")).to_have_text(
        "“Communication Activity - “10 Years of Alliance 8.7” & Closing” is now item 1 of 5, 16:30–16:40."
    )
    assert item_times(page)[:2] == [
        "16:30–16:40 Communication Activity - “10 Years of Alliance 8.7” & Closing",
        "16:40–16:45 Opening remarks",
    ]
    assert event.items.get(position=1).title.startswith("Communication Activity")


def test_move_button_works_without_javascript(open_page, organised, password):
    event, organiser = organised
    page = open_page(DESKTOP, java_script_enabled=False)
    sign_in(page, organiser.email, password)
    page.goto(f"/events/manage/{event.slug}/agenda/")
    action(page, "Move up", "Video: Voices of Pathfinder Countries").click()
    page.wait_for_url(re.compile(r"/agenda/#item-\d+$"))
    expect(page.locator(".messages")).to_contain_text("is now item 2 of 5, 16:35–16:40.")
    assert item_times(page)[1] == "16:35–16:40 Video: Voices of Pathfinder Countries"


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_manage_pages_pass_axe(open_page, organised, password, axe, viewport):
    event, organiser = organised
    page = open_page(viewport)
    sign_in(page, organiser.email, password)
    for name, url in [
        ("index", "/events/manage/"),
        ("event", f"/events/manage/{event.slug}/"),
        ("agenda", f"/events/manage/{event.slug}/agenda/"),
        ("people", f"/events/manage/{event.slug}/people/"),
        ("item", f"/events/manage/{event.slug}/agenda/{event.items.get(position=3).pk}/"),
        ("item-delete", f"/events/manage/{event.slug}/agenda/{event.items.get(position=3).pk}/delete/"),
        ("participation", f"/events/manage/{event.slug}/people/{event.participations.first().pk}/"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe(page)
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= viewport["width"] + 1, f"{url} scrolls sideways at {viewport['width']} px"
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{viewport['width']}.png", full_page=True)


def test_form_errors_pass_axe_and_are_announced(open_page, organised, password, axe):
    event, organiser = organised
    page = open_page(DESKTOP)
    sign_in(page, organiser.email, password)
    page.goto(f"/events/manage/{event.slug}/")
    page.get_by_label("Time zone").fill("Mars/Olympus")
    page.get_by_role("button", name="Save the details").click()
    field = page.get_by_label("Time zone")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("“Mars/Olympus” is not a known time zone"))
    axe(page)
