"""The team reads a consultation's answers in a real browser: the summary by question in English and in
Arabic (right to left), on a desktop and a phone, passes axe, scrolls nothing sideways, and each chart has
its table; the answers page marks each answer's language. Screenshots go to $SCREENSHOTS when it is set."""

import os

import pytest
from playwright.sync_api import expect

from alliance87.engagement import services
from alliance87.engagement.tests.making import make_consultation
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ANSWERS = [
    ("en", "civil_society", "africa", "Fund labour inspection in every district", "data", "5"),
    ("fr", "government", "europe_central_asia", "Financer l’inspection du travail", "finance", "4"),
    ("ar", "workers", "arab_states", "حماية العمال المهاجرين من رسوم التوظيف", "data", "4"),
    ("es", "employers", "americas", "Datos abiertos sobre el trabajo infantil", "data", "2"),
]


def _answered(cast):
    by = cast.secretariat
    consultation = make_consultation(by, languages=("en", "fr", "es", "ar"))
    for n, (language, group, region, text, area, urgency) in enumerate(ANSWERS):
        [done] = services.invite(by=by, consultation=consultation, addresses=[(f"p{n}@example.org", language)])
        services.response_save(
            consultation=consultation,
            token=done.link.rstrip("/").rsplit("/", 1)[1],
            version=None,
            values={"first": text, "area": area, "urgency": urgency},
            profile={"stakeholder_group": group, "region": region, "consent_quote": True},
            language=language,
            submit=True,
        )
    return consultation


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_summary_by_question_reads_in_english_and_arabic(cast, tabs_on, site, axe, language):
    consultation = _answered(cast)
    member = make_user("analyst@example.org")
    consultation.team.add(member)
    prefix = "" if language == "en" else f"/{language}"
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = tabs_on(site)(user=member, viewport=viewport)
        page.goto(f"{prefix}/consultations/manage/{consultation.slug}/answers/summary/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        area = page.locator("#summary-area").locator("xpath=..")
        expect(area.locator(".cx-bar-fill")).to_have_count(2)
        expect(area.get_by_role("table")).to_contain_text("75")
        expect(page.locator('blockquote[lang="ar"]')).to_have_text("حماية العمال المهاجرين من رسوم التوظيف")
        axe(page)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        if os.environ.get("SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['SCREENSHOTS']}/answers-summary-{language}-{name}.png", full_page=True)
    page.goto(f"{prefix}/consultations/manage/{consultation.slug}/answers/?language=fr")
    expect(page.locator('dd[lang="fr"]')).to_have_text("Financer l’inspection du travail")
    axe(page)
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/answers-list-{language}-phone.png", full_page=True)
