"""Switching language with the header's language links."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def language_link(page: Page, name: str):
    # Each language is named in itself, so the links keep their names whatever the page's language
    # (the navigation's own label is translated).
    return page.get_by_role("banner").get_by_role("link", name=name, exact=True)


def test_language_switch_to_french_from_home_sets_url_and_lang(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    language_link(page, "Français").click()

    expect(page).to_have_url(re.compile(r"^https?://[^/]+/fr/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(language_link(page, "Français")).to_have_attribute("aria-current", "true")
    expect(language_link(page, "English")).not_to_have_attribute("aria-current", "true")


@pytest.mark.parametrize(
    ("language", "code", "germany"),
    [("Français", "fr", "Allemagne"), ("Español", "es", "Alemania")],
    ids=["fr", "es"],
)
def test_language_switch_on_pathfinders_shows_translated_country_names(page, language, code, germany):
    page.goto("/pathfinders/")
    table = page.get_by_role("table", name="Pathfinder Countries, by name")
    expect(table.get_by_role("link", name="Germany", exact=True)).to_be_visible()

    language_link(page, language).click()

    expect(page).to_have_url(re.compile(rf"^https?://[^/]+/{code}/pathfinders/$"))
    expect(page.locator("html")).to_have_attribute("lang", code)
    table = page.locator("table")
    expect(table.get_by_role("link", name=germany, exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="Germany", exact=True)).to_have_count(0)

    # And back: English has no prefix.
    language_link(page, "English").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/pathfinders/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
