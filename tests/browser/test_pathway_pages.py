"""The country page and the Framework page after issue 13, in a real browser: axe finds nothing serious at a
phone's and a desktop's width in English, French and Spanish; the pathway does not contradict the roadmap
shown; the public reads no file path, editorial note or bare code; the Pathfinder table's downloads are
offered. One tab per width (the language changes with the address) keeps the run short.

``PATHWAY_PAGES_SCREENSHOTS=/tmp/review`` keeps a picture of each page.
"""

import datetime

import pytest
from pictures import keep_picture
from playwright.sync_api import Page

from alliance87.pathfinders.demo import load_example

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PICTURES = "PATHWAY_PAGES_SCREENSHOTS"
LANGUAGES = ["en", "fr", "es"]


def no_sideways_scroll(tab: Page) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_country_and_framework_pages_read_plainly_and_pass_axe(site, open_page, axe):
    load_example(today=datetime.date(2026, 11, 24))
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        tab = open_page(viewport)
        for language in LANGUAGES:
            prefix = "" if language == "en" else f"/{language}"
            for path in ("/countries/ke/", "/countries/xe/", "/framework/"):
                tab.goto(f"{prefix}{path}")
                body = tab.locator("main").inner_text()
                assert "docs/" not in body and ".md)" not in body, tab.url
                assert "to be replaced by the official text" not in body, tab.url
                assert tab.locator("time[datetime]").count() >= 1, tab.url  # last updated
                assert no_sideways_scroll(tab), tab.url
                axe(tab)
                keep_picture(tab, f"{path.strip('/').replace('/', '-')}-{language}-{name}", folder_variable=PICTURES)
        # Kenya is a Pathfinder with no roadmap recorded: its timeline never says the roadmap was adopted.
        # (In English, chosen with its link: an address without a language opens in the one last read.)
        tab.goto("/language/en/?next=/countries/ke/")
        roadmap_step = tab.locator(".pf-step", has_text="Roadmap adopted")
        assert "Not reached" in roadmap_step.text_content()
        assert tab.get_by_text("No roadmap recorded.").is_visible()
        # The matrix's codes are abbreviations with their names.
        tab.goto("/framework/")
        assert tab.locator("abbr[title='Roadmap adopted and current']").first.inner_text() == "AF1"
        tab.goto("/pathfinders/")
        assert tab.get_by_role("link", name="CSV").get_attribute("href") == "/pathfinders/pathfinder-countries.csv"
        axe(tab)
        keep_picture(tab, f"pathfinders-en-{name}", folder_variable=PICTURES)
