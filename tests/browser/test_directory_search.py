"""Finding a partner in the directory: live search with htmx, and the same filters without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def results(page: Page):
    return page.locator("#results")


def test_directory_search_updates_results_while_typing(page):
    page.goto("/partners/")
    expect(results(page).get_by_role("link", name="Nestlé")).to_be_visible()
    page.evaluate("() => { window.stillTheSamePage = true; }")

    page.get_by_label("Search", exact=True).press_sequentially("slaves")

    expect(page.locator("#results-title")).to_have_text(re.compile(r"^1 partner\b"))
    expect(results(page).get_by_role("link", name="Free the Slaves")).to_be_visible()
    expect(results(page).get_by_role("link", name="Nestlé")).to_have_count(0)
    # Updated in place (no page load), and the address can be shared or bookmarked.
    assert page.evaluate("() => window.stillTheSamePage === true")
    expect(page).to_have_url(re.compile(r"/partners/\?q=slaves"))


def test_directory_kind_select_filters_results_on_change(page):
    page.goto("/partners/")
    page.get_by_label("Kind").select_option(label="Business")

    expect(results(page).get_by_role("link", name="Nestlé")).to_be_visible()
    expect(results(page).get_by_role("link", name="Free the Slaves")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"kind=business"))


def test_directory_search_from_address_without_javascript(open_page):
    page = open_page(java_script_enabled=False)
    page.goto("/partners/?q=slaves")

    expect(page.get_by_label("Search", exact=True)).to_have_value("slaves")
    expect(results(page).get_by_role("link", name="Free the Slaves")).to_be_visible()
    expect(results(page).get_by_role("link", name="Nestlé")).to_have_count(0)


def test_directory_kind_filter_with_apply_button_without_javascript(open_page):
    page = open_page(java_script_enabled=False)
    page.goto("/partners/")
    page.get_by_label("Kind").select_option(label="Business")
    page.get_by_role("button", name="Apply").click()

    expect(page).to_have_url(re.compile(r"/partners/\?.*kind=business"))
    expect(page.get_by_label("Kind")).to_have_value("business")
    expect(results(page).get_by_role("link", name="Nestlé")).to_be_visible()
    expect(results(page).get_by_role("link", name="Free the Slaves")).to_have_count(0)


def test_directory_clear_filters_shows_all_partners_again(page):
    page.goto("/partners/?q=slaves")
    page.get_by_role("link", name="Clear filters").click()

    expect(page).to_have_url(re.compile(r"/partners/$"))
    expect(results(page).get_by_role("link", name="Nestlé")).to_be_visible()
    expect(results(page).get_by_role("link", name="Free the Slaves")).to_be_visible()


def test_directory_back_after_live_search_shows_whole_page(page):
    page.goto("/partners/")
    page.get_by_label("Search", exact=True).press_sequentially("slaves")
    expect(page).to_have_url(re.compile(r"q=slaves"))
    results(page).get_by_role("link", name="Free the Slaves").click()
    expect(page).to_have_url(re.compile(r"/partners/free-the-slaves/$"))

    page.go_back()

    expect(page).to_have_url(re.compile(r"/partners/\?q=slaves"))
    expect(page.get_by_role("heading", name="Partners", level=1)).to_be_visible(timeout=1500)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible(timeout=1000)
