"""The second round in a real browser: on a phone, a visitor starts and votes on three statements with the
keyboard alone (htmx swaps each next card and the focus follows it), in English and in Arabic (right to
left), passing axe; the team reads the results (groups, consensus, the map) on a desktop and a phone.
Screenshots go to $SCREENSHOTS when it is set."""

import os

import pytest
from keyboard import is_focused, tab_to
from playwright.sync_api import expect

from alliance87.engagement import rounds
from alliance87.engagement.models import Vote
from alliance87.engagement.tests.making import make_consultation, make_round
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _shot(page, name):
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/{name}.png", full_page=True)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_phone_votes_on_three_statements_by_keyboard(cast, tabs_on, site, axe, language):
    round_ = make_round(cast.secretariat, accepts_statements=True)
    phone = tabs_on(site)(viewport=PHONE)
    prefix = "" if language == "en" else "/ar"
    phone.goto(f"{prefix}/rounds/{round_.slug}/")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    axe(phone)
    _shot(phone, f"round-start-{language}-phone")
    start = phone.locator(".rd-join button[type=submit]")
    tab_to(phone, start)
    phone.keyboard.press("Enter")
    expect(phone.locator(".rd-progress")).to_contain_text("1")
    axe(phone)
    _shot(phone, f"round-card-{language}-phone")
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    for n, button in enumerate((".rd-agree", ".rd-disagree", ".rd-pass"), start=1):
        statement = phone.locator("#rd-statement")
        if n > 1:  # after the swap the focus is on the new statement: the next Tab reaches Agree
            expect(statement).to_be_focused()
        tab_to(phone, phone.locator(button))
        phone.keyboard.press("Enter")
        if n < 3:
            expect(phone.locator(".rd-progress")).to_contain_text(str(n + 1))
    expect(phone.locator("[data-rd-focus]")).to_be_focused()
    assert is_focused(phone.locator("[data-rd-focus]"))
    assert sorted(Vote.objects.values_list("value", flat=True)) == [-1, 0, 1]
    axe(phone)
    _shot(phone, f"round-done-{language}-phone")


def test_the_team_reads_the_results_on_a_desktop_and_a_phone(cast, tabs_on, site, axe):
    consultation = make_consultation(cast.secretariat, languages=("en", "fr", "es", "ar"))
    round_ = make_round(cast.secretariat, consultation=consultation)
    statements = list(round_.statements.order_by("position"))
    sides = [("civil_society", (1, 1, -1))] * 4 + [("government", (1, -1, 1))] * 3 + [("workers", (1, 0, 1))] * 2
    for group, values in sides:
        participant, _key = rounds.participant_join(round_=round_, stakeholder_group=group)
        for statement, value in zip(statements, values, strict=True):
            rounds.vote(participant=participant, statement=statement, value=value)
    member = make_user("analyst@example.org")
    consultation.team.add(member)
    for language in ("en", "ar"):
        prefix = "" if language == "en" else "/ar"
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page = tabs_on(site)(user=member, viewport=viewport)
            page.goto(f"{prefix}/rounds/{round_.slug}/results/")
            expect(page.locator(".rd-group")).to_have_count(3)  # the workers pass on one: a third opinion
            expect(page.locator(".rd-dot")).to_have_count(9)
            axe(page)
            assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
            _shot(page, f"round-results-{language}-{name}")
