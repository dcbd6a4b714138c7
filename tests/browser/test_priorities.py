"""Thematic priorities in a real browser: the secretariat attaches a reviewed theme to a draft priority, is
told why it cannot be published yet, publishes it, and a visitor reads its evidence trail with the quote in
the language it was written in (and never the words of someone who did not agree to be quoted). The public
pages and the console pass axe in English, French, Spanish and Arabic, on a desktop and a phone, and scroll
nothing sideways. Screenshots go to $SCREENSHOTS when it is set.
"""

import pytest
from pictures import keep_picture
from playwright.sync_api import expect
from reading import looks_right, read_in
from second_factor import secretariat_cookie

from alliance87.engagement import priorities
from alliance87.engagement.models import Priority
from alliance87.engagement.tests.making import answer_first_question, make_consultation, make_theme

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "es", "ar")
FRENCH_WORDS = "Financer l’inspection du travail dans chaque district"
ARABIC_WORDS = "تمويل تفتيش العمل في كل منطقة"


@pytest.fixture
def theme(cast):
    by = cast.secretariat
    consultation = make_consultation(by, languages=LANGUAGES)
    answers = [
        answer_first_question(consultation, by, text=FRENCH_WORDS, language="fr", group="workers"),
        answer_first_question(consultation, by, text=ARABIC_WORDS, language="ar", region="arab_states"),
        answer_first_question(consultation, by, text="Inspectors need cars", consent_quote=False),
    ]
    return make_theme(
        by,
        consultation,
        label="Labour inspection",
        answers=answers,
        translations={"fr": {"label": "Inspection du travail"}, "ar": {"label": "تفتيش العمل"}},
    )


def test_the_secretariat_attaches_a_reviewed_theme_and_publishes_and_the_public_reads_the_quote(
    cast, tabs_on, site, axe, theme
):
    tab = tabs_on(site)(viewport=DESKTOP)
    tab.context.add_cookies([secretariat_cookie(cast.secretariat, site)])
    read_in(tab, "en", "/priorities/manage/new/")
    tab.get_by_label("Title (English)").fill("Fund labour inspection")
    tab.get_by_label("title (French)").fill("Financer l’inspection du travail")
    tab.get_by_label("title (Spanish)").fill("Financiar la inspección del trabajo")
    tab.get_by_role("button", name="Create the draft").click()
    expect(tab.get_by_text("Priority created as a draft.")).to_be_visible()
    # Without its Arabic title it may not be published: the page says why before anyone tries.
    tab.get_by_label("Labour inspection — Priorities after Durban (3)").check()
    tab.get_by_role("button", name="Save the evidence").click()
    expect(tab.get_by_text("Evidence saved.")).to_be_visible()
    expect(tab.locator("#pr-problems")).to_contain_text(
        "The title has no Arabic translation, and “Priorities after Durban” was held in Arabic"
    )
    looks_right(tab, axe, "en")
    keep_picture(tab, "priority-console-en-desktop")
    tab.get_by_label("title (Arabic)").fill("تمويل تفتيش العمل")
    tab.get_by_role("button", name="Save the details").click()
    expect(tab.get_by_text("Details saved.")).to_be_visible()
    expect(tab.locator("#pr-problems")).to_have_count(0)
    tab.get_by_role("link", name="Publish…").click()
    looks_right(tab, axe, "en")
    tab.get_by_role("button", name="Publish", exact=True).click()
    expect(tab.get_by_text("Published.")).to_be_visible()
    assert Priority.objects.get().status == "published"

    visitor = tabs_on(site)(viewport=PHONE)
    for language in LANGUAGES:
        read_in(visitor, language, "/priorities/")
        visitor.locator(".pr-card a").first.click()
        expect(visitor.locator('blockquote[lang="fr"]')).to_have_text(FRENCH_WORDS)
        expect(visitor.locator('blockquote[lang="ar"]')).to_have_text(ARABIC_WORDS)
        expect(visitor.get_by_text("Inspectors need cars")).to_have_count(0)
        looks_right(visitor, axe, language)
        keep_picture(visitor, f"priority-{language}-phone")
    expect(visitor.locator("h1")).to_have_text("تمويل تفتيش العمل")


def test_the_public_pages_and_console_read_in_four_languages(cast, tabs_on, site, axe, theme):
    by = cast.secretariat
    priority = priorities.priority_create(
        by=by,
        title="Fund labour inspection",
        summary="Inspectors in every district, paid and trained.",
        translations={
            code: {"title": title, "summary": summary}
            for code, title, summary in (
                ("fr", "Financer l’inspection du travail", "Des inspecteurs dans chaque district."),
                ("es", "Financiar la inspección del trabajo", "Inspectores en cada distrito."),
                ("ar", "تمويل تفتيش العمل", "مفتشون في كل منطقة."),
            )
        },
    )
    durban = priority.outcome_areas.model.objects.filter(document__slug="durban-call-to-action", number__in=[1, 3])
    priorities.priority_set_evidence(by=by, priority=priority, themes=[theme], outcome_areas=list(durban))
    priorities.publish_priority(by=by, priority=priority)
    secretariat = tabs_on(site)(viewport=DESKTOP)
    secretariat.context.add_cookies([secretariat_cookie(by, site)])
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visitor = tabs_on(site)(viewport=viewport)
        for language in LANGUAGES:
            read_in(visitor, language, "/priorities/")
            looks_right(visitor, axe, language)
            keep_picture(visitor, f"priorities-{language}-{name}")
            read_in(visitor, language, priority.get_absolute_url())
            looks_right(visitor, axe, language)
            keep_picture(visitor, f"priority-evidence-{language}-{name}")
    for language in LANGUAGES:
        for path in ("/priorities/manage/", f"/priorities/manage/{priority.slug}/", "/priorities/manage/outcomes/"):
            read_in(secretariat, language, path)
            looks_right(secretariat, axe, language)
        keep_picture(secretariat, f"priority-outcomes-{language}-desktop")
