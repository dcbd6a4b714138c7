"""The indicator pages in a real browser: a visitor reaches them from the footer, chooses a sex and an area
by keyboard (a GET form, no JavaScript needed) and the table follows; the index and a series page pass axe
in English, French, Spanish and Arabic on a desktop and a phone and scroll nothing sideways. Screenshots go
to $SCREENSHOTS when it is set."""

import pytest
from django.core.management import call_command
from keyboard import tab_to
from pictures import keep_picture
from playwright.sync_api import expect
from reading import looks_right, read_in

from alliance87.indicators import codes

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "es", "ar")


@pytest.fixture
def loaded(site):
    call_command("load_indicator_data", verbosity=0)
    return site


def test_a_visitor_filters_a_series_by_keyboard(open_page, axe, loaded):
    tab = open_page(DESKTOP)
    tab.goto("/", timeout=60_000)
    tab.locator(".site-footer").get_by_role("link", name="Indicator data").click()
    expect(tab.locator("h1")).to_have_text("Indicator data")
    tab.get_by_role("link", name="Proportion of children engaged in economic activity and household chores").click()
    rows = tab.locator(".ind-table tbody tr")
    expect(rows).to_have_count(7)
    sex = tab.locator("#ind-sex")
    tab_to(tab, sex)
    sex.select_option("F")
    area = tab.locator("#ind-area")
    area.select_option("202")
    tab_to(tab, tab.get_by_role("button", name="Show"))
    tab.keyboard.press("Enter")
    tab.wait_for_url("**area=202*")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sub-Saharan Africa")
    expect(rows.first).to_contain_text("21.2")
    looks_right(tab, axe, "en")


def test_the_indicator_pages_read_in_four_languages(tabs_on, site, axe, loaded):
    pages = ("/indicators/", f"/indicators/{codes.CHILD_LABOUR_EC}/", f"/indicators/{codes.CHILDREN_IN_CHILD_LABOUR}/")
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visitor = tabs_on(site)(viewport=viewport)
        for language in LANGUAGES:
            for index, path in enumerate(pages):
                read_in(visitor, language, path)
                looks_right(visitor, axe, language)
                keep_picture(visitor, f"indicators-{('index', 'regional', 'estimates')[index]}-{language}-{name}")


def test_a_national_series_reads_in_english_and_arabic(tabs_on, site, axe, cast):
    cast.secretariat  # noqa: B018 -- the loader imports the national files as the secretariat
    call_command("load_indicator_data", verbosity=0)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visitor = tabs_on(site)(viewport=viewport)
        for language in ("en", "ar"):
            read_in(visitor, language, "/indicators/MEX_8_7_1/")
            expect(visitor.locator(".ind-table tbody tr")).to_have_count(7)
            expect(visitor.locator('.ind-sources span[lang="es"]')).to_contain_text("Este indicador muestra")
            looks_right(visitor, axe, language)
            keep_picture(visitor, f"indicators-mexico-{language}-{name}")
