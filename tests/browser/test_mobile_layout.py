"""At a phone's width (390 px) the pages fit: nothing makes the whole page scroll sideways; the navigation
folds behind a Menu button, so each page's heading is in the first screen (issue 13)."""

import re

import pytest
from keyboard import is_focused, tab_to
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MOBILE = {"width": 390, "height": 844}


@pytest.mark.parametrize("path", ["/", "/partners/", "/pathfinders/"])
def test_page_at_mobile_width_does_not_scroll_horizontally(visitor_page, path):
    page = visitor_page(MOBILE)
    page.goto(path)
    page.evaluate("() => document.fonts.ready")

    widths = page.evaluate(
        """() => ({
            scroll: document.documentElement.scrollWidth,
            viewport: window.innerWidth,
            widest: [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5)
                .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')),
        })"""
    )
    assert widths["scroll"] <= widths["viewport"] + 1, (
        f"{path} is {widths['scroll']} px wide at {widths['viewport']} px; sticking out: {widths['widest']}"
    )


@pytest.mark.parametrize("path", ["/", "/partners/"])
def test_main_navigation_at_mobile_width_shows_every_link(open_page, path):
    page = open_page(MOBILE)
    page.goto(path)
    page.evaluate("() => document.fonts.ready")
    page.locator("summary.menu-button").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_visible()

    for link in nav.get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"], (
            f"“{link.inner_text()}” is cut off or hidden at {MOBILE['width']} px: {box}"
        )


@pytest.mark.parametrize("path", ["/", "/partners/", "/action-groups/", "/glossary/", "/search/?q=ilo"])
def test_heading_is_in_the_first_screen_on_a_phone(visitor_page, path):
    page = visitor_page(MOBILE)
    page.goto(path)
    page.evaluate("() => document.fonts.ready")
    heading = page.locator("main h1").first
    box = heading.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= MOBILE["height"], f"the heading of {path} starts at {box['y']} px"
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()


def test_phone_menu_opens_and_closes_with_the_keyboard(open_page):
    page = open_page(MOBILE)
    page.goto("/partners/")
    menu = page.locator("summary.menu-button")
    nav = page.get_by_role("navigation", name="Main")
    expect(menu).to_have_accessible_name("Menu")

    tab_to(page, menu)
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    link = nav.get_by_role("link", name="Action Groups")
    tab_to(page, link)
    page.keyboard.press("Escape")  # js/menu.js: closes and gives the focus back to the button
    expect(nav).to_be_hidden()
    assert is_focused(menu)
    page.keyboard.press("Space")
    expect(nav).to_be_visible()


def test_phone_menu_works_without_javascript(open_page):
    page = open_page(MOBILE, java_script_enabled=False)
    page.goto("/partners/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    page.locator("summary.menu-button").click()
    nav.get_by_role("link", name="Action Groups").click()
    expect(page).to_have_url(re.compile(r"/action-groups/$"))


def test_desktop_shows_the_navigation_and_search_without_a_menu_button(open_page):
    for options in ({}, {"java_script_enabled": False}):
        page = open_page({"width": 1280, "height": 900}, **options)
        page.goto("/partners/")
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        expect(page.get_by_role("searchbox", name="Search the site")).to_be_visible()
        expect(page.locator("summary.menu-button")).to_be_hidden()
