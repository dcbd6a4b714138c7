"""The site search and the site pages in a real browser (issue 13, parts 4 and 5): type in the header's
box and reach a result, on a desktop and through the phone's Menu; axe finds nothing serious on the
search results, the glossary, about, contact and privacy, at both widths, in English, French and Spanish.

``SITE_SEARCH_SCREENSHOTS=/tmp/review`` keeps a picture of each page of the sweep.
"""

import os
import re
from pathlib import Path

import pytest
from keyboard import is_focused, tab_to
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("SITE_SEARCH_SCREENSHOTS")
PAGES = ["/search/?q=OIT", "/search/?q=zzzz", "/glossary/", "/about/", "/contact/", "/privacy/"]


def test_type_in_the_header_box_and_reach_a_result(page):
    page.goto("/partners/")
    box = page.get_by_role("searchbox", name="Search the site")
    box.fill("Nestle")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=Nestle$"))
    expect(page.get_by_role("heading", name=re.compile(r"^Partners and organisations\s*1$"))).to_be_visible()
    page.get_by_role("link", name="Nestlé").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nestlé")


def test_search_from_the_phone_menu_with_the_keyboard(open_page):
    page = open_page(PHONE)
    page.goto("/glossary/")
    menu = page.locator("summary.menu-button")
    box = page.get_by_role("searchbox", name="Search the site")
    expect(box).to_be_hidden()  # folded away on a phone

    tab_to(page, menu)
    page.keyboard.press("Enter")
    expect(box).to_be_visible()
    tab_to(page, box)
    page.keyboard.type("oit")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=oit$"))
    link = page.get_by_role("link", name="International Labour Organization (ILO)")
    tab_to(page, link)
    assert is_focused(link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/partners/ilo/$"))


@pytest.mark.parametrize("language", ["", "/fr", "/es"])
def test_axe_on_search_and_site_pages(visitor_page, axe, language):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = visitor_page(viewport)
        for path in PAGES:
            page.goto(language + path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            axe(page)
            if viewport is PHONE:
                widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
                assert widths[0] <= widths[1] + 1, f"{path} scrolls sideways at {widths[1]} px"
            if SCREENSHOTS:
                Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
                slug = re.sub(r"\W+", "-", (language + path).strip("/")) or "home"
                page.screenshot(path=f"{SCREENSHOTS}/{slug}-{name}.png", full_page=True)
