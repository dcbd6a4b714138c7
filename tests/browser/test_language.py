"""The reader's language: the header's language links, the first visit following the browser, the choice
remembered, and Arabic right to left."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}


def language_link(page: Page, name: str):
    # Each language is named in itself, so the links keep their names whatever the page's language
    # (the navigation's own label is translated).
    return page.get_by_role("banner").get_by_role("link", name=name, exact=True)


def test_language_switch_to_french_from_home_sets_url_and_lang(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    language_link(page, "Français").click()

    expect(page).to_have_url(re.compile(r"^https?://[^/]+/fr/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(language_link(page, "Français")).to_have_attribute("aria-current", "true")
    expect(language_link(page, "English")).not_to_have_attribute("aria-current", "true")


@pytest.mark.parametrize(
    ("language", "code", "germany"),
    [("Français", "fr", "Allemagne"), ("Español", "es", "Alemania")],
    ids=["fr", "es"],
)
def test_language_switch_on_pathfinders_shows_translated_country_names(page, language, code, germany):
    page.goto("/pathfinders/")
    table = page.get_by_role("table", name="Pathfinder Countries, by name")
    expect(table.get_by_role("link", name="Germany", exact=True)).to_be_visible()

    language_link(page, language).click()

    expect(page).to_have_url(re.compile(rf"^https?://[^/]+/{code}/pathfinders/$"))
    expect(page.locator("html")).to_have_attribute("lang", code)
    table = page.locator("table")
    expect(table.get_by_role("link", name=germany, exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="Germany", exact=True)).to_have_count(0)

    # And back: English has no prefix.
    language_link(page, "English").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/pathfinders/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


# ---- The first visit follows the browser; the choice is remembered (first_language.py) ----


@pytest.fixture
def browser_in(browser, site):
    """`browser_in(locale, viewport)`: a fresh tab of a browser set to ``locale`` (a phone set to French in
    Morocco, "fr-MA", asks for French first), with no cookie yet. Its contexts are closed after the test."""
    contexts = []

    def _open(locale: str, viewport=None) -> Page:
        context = browser.new_context(base_url=site, viewport=viewport or DESKTOP, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def conference_banner(site):
    from django.core.management import call_command

    from alliance87.artwork.models import Banner

    call_command("load_side_event", verbosity=0)
    call_command("load_conference_banner", verbosity=0)
    return Banner.objects.get(is_conference_banner=True)


def test_french_phone_scanning_the_banner_qr_code_reads_the_phone_page_in_french(browser_in, conference_banner):
    page = browser_in("fr-MA", MOBILE)
    page.goto(f"/artwork/{conference_banner.slug}/")  # the address the printed QR code holds
    expect(page).to_have_url(re.compile(rf"/fr/artwork/{conference_banner.slug}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("button", name="Envoyer")).to_be_visible()


def test_choosing_english_on_a_french_browser_is_remembered(browser_in):
    page = browser_in("fr-FR")
    page.goto("/partners/")
    expect(page).to_have_url(re.compile(r"/fr/partners/$"))

    language_link(page, "English").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/partners/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Later visits to addresses without a language stay in English, whatever the browser says.
    page.goto("/pathfinders/")
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/pathfinders/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_page_read_in_spanish_is_remembered_on_an_english_browser(browser_in):
    page = browser_in("en-GB")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    language_link(page, "Español").click()
    expect(page).to_have_url(re.compile(r"/es/$"))
    page.goto("/partners/")  # a shared English link, opened later
    expect(page).to_have_url(re.compile(r"/es/partners/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")


# ---- Arabic, right to left ----


def arabic_pages(banner) -> list[str]:
    from alliance87.events.models import Event

    programme = Event.objects.get(slug__startswith="alliance-87-10-years").slug
    return ["/ar/", f"/ar/events/{programme}/", f"/ar/artwork/{banner.slug}/", f"/ar/artwork/{banner.slug}/wall/"]


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_arabic_pages_are_right_to_left_in_noto_sans_arabic_and_pass_axe(open_page, axe, conference_banner, viewport):
    page = open_page(viewport)
    for path in arabic_pages(conference_banner):
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        page.evaluate("document.fonts.ready.then(() => true)")
        assert page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'تحالف')"), path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        axe(page)


def test_the_arabic_header_is_mirrored(open_page):
    page = open_page(DESKTOP)
    for path, at_right in (("/", False), ("/ar/", True)):  # English first: reading Arabic is remembered
        page.goto(path)
        box = page.locator(".wordmark").bounding_box()
        width = page.viewport_size["width"]
        # Arabic: the wordmark against the right edge (the search and languages to its left); English: the left.
        gap = width - (box["x"] + box["width"]) if at_right else box["x"]
        assert gap <= 100, (path, box)
        nav = page.locator(".main-nav a").first.bounding_box()
        assert (nav["x"] > width / 2) == at_right, (path, nav)


def test_only_pages_with_arabic_letters_download_the_arabic_font(open_page):
    page = open_page(DESKTOP)
    arabic_font = (
        "() => performance.getEntriesByType('resource').filter((r) => r.name.includes('noto-sans-arabic')).length"
    )
    page.goto("/partners/")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate(arabic_font) == 0
    page.goto("/ar/partners/")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate(arabic_font) >= 1


def test_the_language_links_name_arabic_in_arabic(page):
    page.goto("/")
    link = language_link(page, "العربية")
    expect(link).to_have_attribute("lang", "ar")
    link.click()
    expect(page).to_have_url(re.compile(r"/ar/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
