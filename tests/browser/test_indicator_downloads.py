"""The downloads page in a real browser: reached from the indicator data page, it lists the files and passes
axe in English, French, Spanish and Arabic, on a desktop and a phone, scrolling nothing sideways; its zip
link downloads the zip. Screenshots go to $SCREENSHOTS when it is set."""

import zipfile

import pytest
from pictures import keep_picture
from playwright.sync_api import expect
from reading import looks_right, read_in

from alliance87.indicators.models import DatasetStatus
from alliance87.indicators.tests.test_sdmx import make_dataset, make_series, observe
from alliance87.indicators.views import downloads

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "es", "ar")


@pytest.fixture
def figures(alliance, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    series = make_series()
    mexico = make_dataset(alliance.mexico, title="Mexico, child labour (example)")
    observe(mexico, series, 2019, "11.5")
    observe(mexico, series, 2019, "13.1", sex="M")
    observe(mexico, series, 2019, None, sex="F")
    observe(mexico, series, 2019, "20.4", geo_code="07")
    observe(make_dataset(alliance.kenya, status=DatasetStatus.DRAFT, title="Kenya draft"), series, 2019, "31.4")
    downloads.ensure_built()  # as the first visitor after a publication would: not timed by the pages here
    return mexico


def test_from_the_indicator_page_to_the_zip(open_page, axe, figures, tmp_path):
    tab = open_page(DESKTOP)
    tab.goto("/indicators/", timeout=60_000)
    tab.get_by_role("link", name="Download the data (CSV, SDMX)").click()
    expect(tab.locator("h1")).to_have_text("Download the indicator data")
    expect(tab.get_by_role("table", name="Files to download").locator("tbody tr")).to_have_count(4)
    expect(tab.get_by_text("1 empty value is left out")).to_be_visible()
    expect(tab.get_by_text("Kenya draft")).to_have_count(0)
    with tab.expect_download() as download:
        tab.get_by_role("link", name="all.zip").click()
    target = tmp_path / "all.zip"
    download.value.save_as(target)
    assert "README.txt" in zipfile.ZipFile(target).namelist()
    looks_right(tab, axe, "en")


def test_the_downloads_page_reads_in_four_languages(tabs_on, site, axe, figures):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visitor = tabs_on(site)(viewport=viewport)
        for language in LANGUAGES:
            read_in(visitor, language, "/indicators/download/")
            looks_right(visitor, axe, language)
            keep_picture(visitor, f"indicator-downloads-{language}-{name}")
