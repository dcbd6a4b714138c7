"""A country's ten-year profile in a real browser: Mexico (its shipped 8.7.1 file published) and Exampleland
(the whole example cycle) pass axe in English, French, Spanish and Arabic, on a desktop and a
phone, and scroll nothing sideways; the door from the country page leads there and the PDF link downloads.
Screenshots go to $SCREENSHOTS when it is set (docs/screenshots/country-profile.png is Mexico, desktop)."""

import datetime

import pytest
from pictures import keep_picture
from playwright.sync_api import expect
from reading import looks_right, read_in

from alliance87.pathfinders.demo import load_example
from alliance87.stocktake.tests.test_profiles import load_mexico_file

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "es", "ar")


@pytest.fixture
def profiles(alliance):
    # Mexico with its real, shipped 8.7.1 file only: nothing invented about a real country (the screenshot in
    # docs shows it). Reports, assessments and commitments are Exampleland's.
    load_mexico_file(alliance.mexico)
    example = load_example(today=datetime.date(2026, 11, 24))
    return {"mexico": "/countries/mx/ten-years/", "example": f"/countries/{example.code.code.lower()}/ten-years/"}


def test_the_door_from_the_country_page_and_the_pdf(page, profiles):
    page.goto("/countries/mx/", timeout=60_000)
    page.get_by_role("link", name="Ten years of Mexico").click()
    expect(page.locator("h1")).to_have_text("Ten years of Mexico")
    expect(page.get_by_role("table", name="the chart’s figures")).to_be_visible()
    expect(page.get_by_role("img", name="Proportion of children engaged in economic activity")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="The chart’s figures (CSV)").click()
    assert download.value.suggested_filename == "alliance87-mx-sl_tlf_chldea.csv"
    # the first PDF of a process loads WeasyPrint and the fonts: seconds on a loaded machine
    response = page.request.get("/countries/mx/ten-years.pdf", timeout=90_000)
    assert response.status == 200
    assert response.body()[:5] == b"%PDF-"


def test_the_profiles_read_in_four_languages(tabs_on, site, axe, profiles):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visitor = tabs_on(site)(viewport=viewport)
        for language in LANGUAGES:
            for which, path in profiles.items():
                read_in(visitor, language, path)
                looks_right(visitor, axe, language)
                keep_picture(visitor, f"country-profile-{which}-{language}-{name}")
