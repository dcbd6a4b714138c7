"""The ten-year stocktake in a real browser: a visitor reaches it from the home page, reads it in English,
French, Spanish and Arabic on a desktop and a phone (axe finds nothing serious, nothing scrolls sideways, the
charts stay left to right in Arabic) and downloads a section's CSV. Screenshots go to $SCREENSHOTS when set.
"""

import csv
import io

import pytest
from pictures import keep_picture
from playwright.sync_api import expect
from reading import looks_right, read_in

from alliance87.commitments.tests.making import commitment
from alliance87.network.models import Country
from alliance87.stocktake.tests.tenyears_data import load_real_data

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "es", "ar")


@pytest.fixture
def stocktake(alliance):
    load_real_data()
    Country.objects.filter(code="KE").update(pathfinder_since=2019)  # an example year, for the chart
    commitment(lead=alliance.ilo, title="Train labour inspectors (example)")


def test_a_visitor_finds_the_stocktake_from_home_and_downloads_a_section(open_page, axe, stocktake):
    tab = open_page(DESKTOP)
    read_in(tab, "en", "/")
    tab.get_by_role("link", name="Ten years of Alliance 8.7: the stocktake in figures").click()
    expect(tab.locator("h1")).to_have_text("Ten years of Alliance 8.7: the stocktake")
    table = tab.get_by_role("table", name="Children in child labour in 2020 by SDG region, percent of children aged 5")
    expect(table.locator("tbody tr").first).to_contain_text("World")
    expect(table.locator("tbody tr").first).to_contain_text("9.6")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download CSV: Child labour by region").click()
    data = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115, PTH123 -- a temporary file
    rows = list(csv.reader(io.StringIO(data)))
    assert ["regional-2020", "World", "Total", "9.6"] == rows[1][:4]
    looks_right(tab, axe, "en")


def test_the_stocktake_reads_in_four_languages_on_desktop_and_phone(tabs_on, site, axe, stocktake):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visitor = tabs_on(site)(viewport=viewport)
        for language in LANGUAGES:
            read_in(visitor, language, "/ten-years/")
            looks_right(visitor, axe, language)
            expect(visitor.locator(".st-svg").first).to_have_css("direction", "ltr")
            keep_picture(visitor, f"ten-years-{language}-{name}")
