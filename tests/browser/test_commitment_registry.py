"""The registry of commitments in a real browser: a visitor filters it by keyboard alone (the form works
without JavaScript: a GET form), opens a commitment and reads its history in the language it was written in;
the registry, a commitment's page and a priority's follow-up pass axe in English, French, Spanish and Arabic,
on a desktop and a phone, and scroll nothing sideways. Screenshots go to $SCREENSHOTS when it is set.
"""

import pytest
from keyboard import tab_to
from pictures import keep_picture
from playwright.sync_api import expect
from reading import looks_right, read_in

from alliance87.commitments.models import Light, ProgressUpdate, UpdateEvidence
from alliance87.commitments.tests.making import commitment, deliverable, published_priority

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "es", "ar")


@pytest.fixture
def registry(alliance):
    a = alliance
    priority = published_priority("Decent work in agricultural supply chains (example)")
    other = published_priority("Access to justice for survivors (example)")
    shown = commitment(
        lead=a.kenya,
        title="Train labour inspectors in every county (example)",
        light=Light.GREEN,
        priorities=[priority],
        countries=[a.kenya],
        co_implementers=[a.ilo],
    )
    deliverable(shown, title="County referral protocols (example)", target=12, current_value=5, progress="on_track")
    update = ProgressUpdate.objects.create(
        commitment=shown, progress="on_track", value=5, text="Cinq comtés ont adopté le protocole.", language="fr"
    )
    UpdateEvidence.objects.create(update=update, url="https://example.org/report", title="Report (example)")
    commitment(lead=a.free_the_slaves, title="Survivor-led legal aid (example)", light=Light.RED, priorities=[other])
    commitment(lead=a.agriculture, title="Supply chain due diligence (example)", light=Light.YELLOW)
    return {"shown": shown, "priority": priority}


def test_a_visitor_filters_by_keyboard_and_reads_a_commitment(open_page, axe, registry):
    tab = open_page(DESKTOP)
    tab.goto("/commitments/", timeout=60_000)  # the filters are a plain GET form
    expect(tab.locator(".cm-item")).to_have_count(3)
    light = tab.locator("#id_light")
    tab_to(tab, light)
    for _step in range(3):  # any, green, yellow, red
        tab.keyboard.press("ArrowDown")
    expect(light).to_have_value("red")
    tab_to(tab, tab.get_by_role("button", name="Apply"))
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/commitments/?*light=red*")
    expect(tab.locator(".cm-item")).to_have_count(1)
    expect(tab.get_by_role("heading", name="1 commitment matches these filters")).to_be_visible()
    tab.get_by_role("link", name="Clear filters").click()
    expect(tab.locator(".cm-item")).to_have_count(3)

    kind = tab.locator("#id_kind")
    tab_to(tab, kind)
    tab.keyboard.press("ArrowDown")  # any maker, then Pathfinder Country
    expect(kind).to_have_value("country")
    tab_to(tab, tab.get_by_role("button", name="Apply"))
    tab.keyboard.press("Enter")
    tab.wait_for_url("**kind=country*")
    link = tab.get_by_role("link", name="Train labour inspectors in every county (example)")
    tab_to(tab, link)
    tab.keyboard.press("Enter")
    expect(tab.locator("h1")).to_have_text("Train labour inspectors in every county (example)")
    expect(tab.locator('div[lang="fr"]')).to_contain_text("Cinq comtés ont adopté le protocole.")
    expect(tab.get_by_role("link", name="Report (example)")).to_be_visible()
    looks_right(tab, axe, "en")


def test_the_registry_pages_read_in_four_languages(tabs_on, site, axe, registry):
    pages = ("/commitments/", registry["shown"].get_absolute_url(), registry["priority"].get_absolute_url())
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visitor = tabs_on(site)(viewport=viewport)
        for language in LANGUAGES:
            for index, path in enumerate(pages):
                read_in(visitor, language, path)
                looks_right(visitor, axe, language)
                keep_picture(visitor, f"commitments-{('registry', 'commitment', 'priority')[index]}-{language}-{name}")
