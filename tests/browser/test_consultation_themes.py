"""Themes in a real browser, in English and Arabic: the secretariat finds themes from the form and lands on
them; a run still working shows its progress and the page follows it (htmx, every second) until its themes
appear; a team member merges two themes with the keyboard alone. Each page passes axe. Screenshots go to
$SCREENSHOTS when it is set."""

import pytest
from keyboard import tab_to
from pictures import keep_picture
from playwright.sync_api import expect
from second_factor import secretariat_cookie

from alliance87.engagement import themes
from alliance87.engagement.models import ThemeRun, ThemeStatus
from alliance87.engagement.tests.making_themes import answered_consultation
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_find_follow_and_merge_themes(cast, tabs_on, open_page, site, axe, language, settings):
    settings.THEME_ENCODER = "tfidf"  # the fallback: this is about the pages, not the encoder
    consultation = answered_consultation(cast.secretariat)
    member = make_user("analyst@example.org")
    consultation.team.add(member)
    prefix = "" if language == "en" else f"/{language}"
    base = f"{prefix}/consultations/manage/{consultation.slug}/themes/"

    # The secretariat finds themes from the form.
    secretariat = open_page(DESKTOP)
    secretariat.context.add_cookies([secretariat_cookie(cast.secretariat, site)])
    secretariat.goto(base)
    expect(secretariat.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    axe(secretariat)
    secretariat.locator("#id_themes_asked").fill("3")
    secretariat.locator("#find-title ~ form button[type=submit]").click()
    expect(secretariat.locator("#themes-title")).to_be_visible()
    expect(secretariat.locator("article.th-theme")).to_have_count(3)
    axe(secretariat)
    keep_picture(secretariat, f"themes-run-{language}-desktop")

    # A run still waiting: the page shows its progress and follows it until the themes appear.
    waiting = ThemeRun.objects.create(consultation=consultation, themes_asked=3, started_by=cast.secretariat)
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = tabs_on(site)(user=member, viewport=viewport)
        page.goto(f"{base}{waiting.pk}/")
        if name == "phone":
            expect(page.locator("progress#run-progress")).to_be_visible()
            expect(page.get_by_role("status").first).to_be_visible()
            axe(page)
            keep_picture(page, f"themes-progress-{language}-phone")
    themes.execute_run(run_id=waiting.pk)
    expect(page.locator("#themes-title")).to_be_visible()  # the poll brought the themes in
    expect(page.locator("progress#run-progress")).to_have_count(0)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    phone = tabs_on(site)(user=member, viewport=PHONE)
    for path, name in ((f"{base}{waiting.pk}/", "run"), (f"{base}{waiting.pk}/{waiting.themes.first().pk}/", "theme")):
        phone.goto(path)
        assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), name
        keep_picture(phone, f"themes-{name}-{language}-phone")

    # A team member merges a theme into another with the keyboard alone.
    into, other, _third = waiting.themes.order_by("position")
    page.goto(f"{base}{waiting.pk}/{into.pk}/")
    axe(page)
    tab_to(page, page.locator(f"#merge-{other.pk}"))
    page.keyboard.press("Space")
    expect(page.locator(f"#merge-{other.pk}")).to_be_checked()
    tab_to(page, page.locator("#review-title ~ form button[type=submit]").first)
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text(other.label)
    page.wait_for_url(f"**/{into.pk}/")
    other.refresh_from_db()
    assert (other.status, other.merged_into_id) == (ThemeStatus.MERGED, into.pk)
    axe(page)
    keep_picture(page, f"themes-theme-{language}-desktop")
