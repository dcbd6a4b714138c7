"""The public event pages in a real browser: axe (WCAG 2.1 A/AA) in English, French and Spanish on a desktop and
a phone, the export links reachable with the keyboard, and reading without JavaScript."""

from pathlib import Path

import pytest
from keyboard import tab_to
from playwright.sync_api import expect
from test_keyboard import assert_visible_focus_indicator

from alliance87.events import services
from alliance87.events.synthetic import Shape, build_conference

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
SEED = Path(__file__).resolve().parents[2] / "alliance87" / "data" / "seed" / "concept-note-alliance87-side-event.txt"


@pytest.fixture
def side_event(site):
    event = services.concept_note_import(text=SEED.read_text(encoding="utf-8"), by=None)
    return services.event_publish(event=event, by=None)


@pytest.fixture
def conference(site):
    # Smaller than the benchmark's 300 items: the same markup, and axe stays quick.
    return build_conference(Shape(items=24, rooms=3, days=2, people=20))


@pytest.mark.parametrize("language", ["", "/fr", "/es"], ids=["en", "fr", "es"])
@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_event_pages_pass_axe(visitor_page, axe, side_event, conference, viewport, language):
    page = visitor_page(viewport)
    session = conference.side_events.order_by("starts_at", "room").first()
    for path in (
        f"{language}/events/{side_event.slug}/",
        f"{language}/events/{conference.slug}/",
        f"{language}/events/{conference.slug}/?day=2027-03-02",
        f"{language}/events/{session.slug}/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        axe(page)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_programme_fits_the_screen_without_sideways_scrolling(visitor_page, side_event, conference, viewport):
    page = visitor_page(viewport)
    for path in (f"/events/{side_event.slug}/", f"/events/{conference.slug}/"):
        page.goto(path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {viewport['width']}px"


def test_export_links_are_reachable_by_tab_in_order(page, side_event):
    page.goto(f"/events/{side_event.slug}/")
    exports = page.get_by_role("region", name="Exports")
    links = [
        exports.get_by_role("link", name="Add to calendar"),
        exports.get_by_role("link", name="Print (PDF)"),
        exports.get_by_role("link", name="Schedule XML (frab)"),
        exports.get_by_role("link", name="Schedule JSON"),
    ]
    tab_to(page, links[0])
    assert_visible_focus_indicator(page)
    for link in links[1:]:
        page.keyboard.press("Tab")
        expect(link).to_be_focused()
        assert_visible_focus_indicator(page)
    expect(links[1]).to_have_attribute("href", f"/events/{side_event.slug}/programme.pdf")


def test_conference_day_links_work_by_keyboard(page, conference):
    page.goto(f"/events/{conference.slug}/")
    days = page.get_by_role("navigation", name="Days of the programme")
    tuesday = days.get_by_role("link", name="Tuesday 2 March")
    tab_to(page, days.get_by_role("link", name="All days"))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(tuesday).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**?day=2027-03-02")
    expect(page.get_by_role("heading", level=3, name="Tuesday 2 March 2027")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Monday 1 March 2027")).to_have_count(0)
    expect(days.get_by_role("link", name="Tuesday 2 March")).to_have_attribute("aria-current", "page")


def test_programme_reads_without_javascript(open_page, side_event):
    page = open_page(DESKTOP, java_script_enabled=False)
    page.goto(f"/events/{side_event.slug}/")
    programme = page.locator("ol.programme")
    expect(programme.locator("li.programme-item")).to_have_count(5)
    expect(programme).to_contain_text("16:30–16:35")
    expect(programme).to_contain_text("Minister of Labour, Morocco — Speaker")
    expect(page.get_by_text("to be confirmed")).to_have_count(2)
