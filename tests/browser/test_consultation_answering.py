"""Answering a consultation on a phone, in a real browser: in French, through an invitation's link, the
connection lost while typing, the page reloaded, the typed answers back, then submitted. The answering
page passes axe in English, French, Spanish and Arabic, and the secretariat's console on a desktop."""

import pytest
from playwright.sync_api import expect
from second_factor import secretariat_cookie

from alliance87.engagement import services
from alliance87.engagement.models import Response, ResponseStatus
from alliance87.engagement.tests.making import make_consultation

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def tab(tabs_on, site):
    return tabs_on(site)


def _link(consultation, by, language="fr") -> str:
    [done] = services.invite(by=by, consultation=consultation, addresses=[("ana@example.org", language)])
    return done.link


def test_a_phone_answers_in_french_loses_the_connection_reloads_and_submits(cast, tab, axe):
    consultation = make_consultation(cast.secretariat)
    link = _link(consultation, cast.secretariat)
    assert link.startswith("/fr/")
    phone = tab(viewport=PHONE)
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Priorités après Durban")
    axe(phone)
    expect(phone.locator("[data-cx-answered]")).to_have_text("0")

    phone.get_by_role("textbox", name="Que devrait faire l’Alliance en premier ?").fill(
        "Financer l’inspection du travail"
    )
    phone.get_by_label("Données").check()
    expect(phone.locator("[data-cx-answered]")).to_have_text("2")

    phone.context.set_offline(True)
    expect(phone.locator("[data-cx-offline]")).to_be_visible()
    phone.get_by_role("textbox", name="Que devrait faire l’Alliance en premier ?").fill(
        "Financer l’inspection du travail, vite"
    )
    phone.get_by_role("button", name="Soumettre mes réponses").click()  # kept on the phone, not sent
    expect(phone.locator("[data-cx-offline]")).to_be_visible()
    assert not Response.objects.exists()

    phone.context.set_offline(False)
    phone.reload()
    expect(phone.locator("[data-cx-restored]")).to_be_visible()
    expect(phone.get_by_role("textbox", name="Que devrait faire l’Alliance en premier ?")).to_have_value(
        "Financer l’inspection du travail, vite"
    )
    expect(phone.get_by_label("Données")).to_be_checked()
    phone.get_by_role("button", name="Soumettre mes réponses").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Merci")
    assert phone.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('a87-consultation')).length") == 0
    response = Response.objects.get()
    assert response.status == ResponseStatus.SUBMITTED and response.language == "fr"
    assert response.answers.get(question__name="first").text == "Financer l’inspection du travail, vite"
    phone.goto(link)
    expect(phone.locator("main")).to_contain_text("Les réponses de ce lien ont été soumises.")


def test_the_answering_page_without_javascript_saves(cast, tab):
    consultation = make_consultation(cast.secretariat)
    phone = tab(viewport=PHONE, java_script_enabled=False)
    phone.goto(_link(consultation, cast.secretariat, "en"))
    phone.get_by_role("textbox", name="What should the Alliance do first?").fill("Count the hidden")
    phone.get_by_role("button", name="Save and continue later").click()
    expect(phone.get_by_role("textbox", name="What should the Alliance do first?")).to_have_value("Count the hidden")


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_the_answering_page_passes_axe_in_every_language(cast, tab, axe, language):
    consultation = make_consultation(
        cast.secretariat, anonymous=True, languages=("en", "fr", "es", "ar"), asks_lived_experience=True
    )
    _response, key = services.response_start_anonymous(consultation=consultation, language=language)
    prefix = "" if language == "en" else f"/{language}"
    for viewport in (PHONE, DESKTOP):
        page = tab(viewport=viewport)
        page.goto(f"{prefix}/consultations/{consultation.slug}/answer/{key}/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        axe(page)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_the_console_from_me_lists_the_consultation_and_passes_axe(cast, tab, site, axe):
    consultation = make_consultation(cast.secretariat)
    cookie = secretariat_cookie(cast.secretariat, site)
    for viewport in (DESKTOP, PHONE):
        page = tab(viewport=viewport)
        page.context.add_cookies([cookie])
        page.goto("/me/")
        page.get_by_role("main").get_by_role("link", name="Consultations", exact=True).click()
        expect(page.get_by_role("row", name=consultation.title)).to_contain_text("Open")
        axe(page)
        page.get_by_role("link", name=consultation.title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(consultation.title)
        axe(page)
        page.get_by_role("link", name="Close…").click()
        axe(page)
