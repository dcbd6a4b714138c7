"""Thematic priorities in a real browser: the secretariat attaches a reviewed theme to a draft priority, is
told why it cannot be published yet, publishes it, and a visitor reads its evidence trail with the quote in
the language it was written in (and never the words of someone who did not agree to be quoted). The public
pages and the console pass axe in English, French, Spanish and Arabic, on a desktop and a phone, and scroll
nothing sideways. Screenshots go to $SCREENSHOTS when it is set.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from alliance87.engagement import priorities
from alliance87.engagement.models import Priority
from alliance87.engagement.tests.making import answer_first_question, make_consultation, make_theme

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "es", "ar")
FRENCH_WORDS = "Financer l’inspection du travail dans chaque district"
ARABIC_WORDS = "تمويل تفتيش العمل في كل منطقة"


def keep_picture(tab: Page, name: str) -> None:
    if os.environ.get("SCREENSHOTS"):
        Path(os.environ["SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=f"{os.environ['SCREENSHOTS']}/{name}.png", full_page=True)


def _secretariat_cookie(user, site) -> dict:
    """A session of ``user`` with the second factor confirmed, as after entering the code at sign-in."""
    from allauth.account.internal.flows.login import record_authentication  # noqa: PLC0415
    from allauth.mfa.totp.internal.auth import TOTP  # noqa: PLC0415
    from django.test import Client, RequestFactory  # noqa: PLC0415

    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client = Client()
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "mfa", type="totp")
    request.session.save()
    return {"name": settings.SESSION_COOKIE_NAME, "value": request.session.session_key, "url": site}


def _go(tab: Page, language: str, path: str) -> None:
    """``path`` in ``language``: English is chosen through its link, since the session remembers the last."""
    tab.goto(f"/language/en/?next={path}" if language == "en" else f"/{language}{path}")


def _looks_right(tab: Page, axe, language: str) -> None:
    expect(tab.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    axe(tab)
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{tab.url} scrolls sideways by {overflow}px"


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
    tab.context.add_cookies([_secretariat_cookie(cast.secretariat, site)])
    _go(tab, "en", "/priorities/manage/new/")
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
    _looks_right(tab, axe, "en")
    keep_picture(tab, "priority-console-en-desktop")
    tab.get_by_label("title (Arabic)").fill("تمويل تفتيش العمل")
    tab.get_by_role("button", name="Save the details").click()
    expect(tab.get_by_text("Details saved.")).to_be_visible()
    expect(tab.locator("#pr-problems")).to_have_count(0)
    tab.get_by_role("link", name="Publish…").click()
    _looks_right(tab, axe, "en")
    tab.get_by_role("button", name="Publish", exact=True).click()
    expect(tab.get_by_text("Published.")).to_be_visible()
    assert Priority.objects.get().status == "published"

    visitor = tabs_on(site)(viewport=PHONE)
    for language in LANGUAGES:
        _go(visitor, language, "/priorities/")
        visitor.locator(".pr-card a").first.click()
        expect(visitor.locator('blockquote[lang="fr"]')).to_have_text(FRENCH_WORDS)
        expect(visitor.locator('blockquote[lang="ar"]')).to_have_text(ARABIC_WORDS)
        expect(visitor.get_by_text("Inspectors need cars")).to_have_count(0)
        _looks_right(visitor, axe, language)
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
    secretariat.context.add_cookies([_secretariat_cookie(by, site)])
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visitor = tabs_on(site)(viewport=viewport)
        for language in LANGUAGES:
            _go(visitor, language, "/priorities/")
            _looks_right(visitor, axe, language)
            keep_picture(visitor, f"priorities-{language}-{name}")
            _go(visitor, language, priority.get_absolute_url())
            _looks_right(visitor, axe, language)
            keep_picture(visitor, f"priority-evidence-{language}-{name}")
    for language in LANGUAGES:
        for path in ("/priorities/manage/", f"/priorities/manage/{priority.slug}/", "/priorities/manage/outcomes/"):
            _go(secretariat, language, path)
            _looks_right(secretariat, axe, language)
        keep_picture(secretariat, f"priority-outcomes-{language}-desktop")
