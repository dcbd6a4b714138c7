"""Using the site with the keyboard alone: skip link, main navigation, directory search, visible focus."""

import re

import pytest
from keyboard import tab_to
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def assert_visible_focus_indicator(page: Page) -> None:
    style = page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return {style: s.outlineStyle, width: s.outlineWidth, html: document.activeElement.outerHTML.slice(0, 120)};
        }"""
    )
    assert style["style"] != "none", f"no focus outline on {style['html']}"
    assert style["width"] not in ("0px", ""), f"zero-width focus outline on {style['html']}"


def test_skip_link_is_first_tab_stop_and_enter_moves_focus_to_main(page):
    page.goto("/")
    skip_link = page.get_by_role("link", name="Skip to content")

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert_visible_focus_indicator(page)

    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#main$"))
    # The next Tab continues inside the content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")
    assert_visible_focus_indicator(page)


def test_keyboard_tab_to_partners_nav_link_and_enter_opens_directory(page):
    page.goto("/")
    partners_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners")

    tab_to(page, partners_link)
    assert_visible_focus_indicator(page)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/partners/$"))
    expect(page.get_by_role("heading", name="Partners", level=1)).to_be_visible()


def test_keyboard_tab_to_directory_search_and_enter_filters_results(page):
    page.goto("/partners/")
    search = page.get_by_role("searchbox", name="Search", exact=True)  # the directory's, not the header's

    tab_to(page, search)
    assert_visible_focus_indicator(page)
    page.keyboard.type("slaves")
    page.keyboard.press("Enter")

    results = page.locator("#results")
    expect(results.get_by_role("link", name="Free the Slaves")).to_be_visible()
    expect(results.get_by_role("link", name="Nestlé")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"q=slaves"))
    # Focus stays in the field, so the visitor can refine the search.
    expect(search).to_be_focused()
