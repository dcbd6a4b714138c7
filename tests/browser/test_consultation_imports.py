"""The secretariat's imports in a real browser, as a user meets them: the XLSForm import and the
KoboToolbox answers import on a desktop and a phone, in English, French, Spanish and Arabic (right to
left), pass axe and scroll nothing sideways; a refused file says so at the top and lists every problem
under the field; a file that lands shows its report (uploaded with its progress when JavaScript runs, by
the plain form when it does not). The answers pages and the public index of consultations pass axe in the
four languages too. Screenshots go to $SCREENSHOTS when it is set.
"""

import pytest
from pictures import keep_picture
from playwright.sync_api import Page, expect
from reading import looks_right, read_in
from second_factor import secretariat_cookie

from alliance87.engagement import services
from alliance87.engagement.models import Consultation, Response
from alliance87.engagement.tests.making import make_consultation
from alliance87.engagement.tests.xlsx_files import TRILINGUAL, xlsx_bytes

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "es", "ar")
LIMIT = {"en": "50 MB", "fr": "50 Mo", "es": "50 MB", "ar": "50 ميغابايت"}
KOBO_CSV = (
    "start;first;area;urgency;_uuid;_submission_time\n"
    "2025-08-14;Données fiables sur le travail forcé;data;4;u-1;2025-08-14T10:22:31\n"
    "2025-08-16;Más financiación;finance;5;u-2;2025-08-16T09:30:00\n"
)


@pytest.fixture
def secretariat_tab(cast, tabs_on, site):
    cookie = secretariat_cookie(cast.secretariat, site)

    def _open(viewport=DESKTOP, **options) -> Page:
        tab = tabs_on(site)(viewport=viewport, **options)
        tab.context.add_cookies([cookie])
        return tab

    return _open


def test_the_import_pages_read_in_four_languages_on_a_desktop_and_a_phone(cast, secretariat_tab, axe):
    consultation = make_consultation(cast.secretariat, languages=LANGUAGES)
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        tab = secretariat_tab(viewport)
        for language in LANGUAGES:
            read_in(tab, language, "/consultations/manage/new/xlsform/")
            expect(tab.locator("input[type=file]")).to_be_visible()
            expect(tab.get_by_text(LIMIT[language]).first).to_be_visible()  # the limit, in the reader's units
            looks_right(tab, axe, language)
            keep_picture(tab, f"import-xlsform-{language}-{width}")
            read_in(tab, language, f"/consultations/manage/{consultation.slug}/import-answers/")
            looks_right(tab, axe, language)
            keep_picture(tab, f"import-answers-{language}-{width}")


def test_a_refused_form_says_so_and_a_good_one_shows_its_report(cast, secretariat_tab, axe):
    tab = secretariat_tab(PHONE)
    read_in(tab, "en", "/consultations/manage/new/xlsform/")
    tab.locator("input[type=file]").set_input_files(
        {"name": "form.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx_bytes({"survey": []})}
    )
    tab.get_by_role("button", name="Import the form").click()
    alert = tab.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was imported.")
    expect(alert).to_be_focused()
    expect(tab.locator("#id_file_errors")).to_contain_text(
        "Sheet “survey” has no column “type” in its first row (columns found: none)."
    )
    looks_right(tab, axe, "en")
    keep_picture(tab, "import-xlsform-refused-en-phone")
    alert.get_by_role("link").click()
    assert tab.evaluate("() => location.hash") == "#id_file_errors"

    tab.locator("input[type=file]").set_input_files(
        {"name": "partners.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx_bytes(TRILINGUAL)}
    )
    tab.get_by_role("button", name="Import the form").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Import report")
    expect(tab.get_by_text("The form is imported as a draft consultation.")).to_be_visible()
    consultation = Consultation.objects.get()
    assert tab.url.endswith(f"/consultations/manage/{consultation.slug}/import-report/")
    looks_right(tab, axe, "en")
    keep_picture(tab, "import-xlsform-report-en-phone")


def test_kobo_answers_land_with_their_upload_shown_and_again_add_nothing(cast, secretariat_tab, axe):
    consultation = make_consultation(cast.secretariat, languages=LANGUAGES)
    tab = secretariat_tab(DESKTOP)
    for imported, skipped in ((2, 0), (0, 2)):  # the second import of the same file adds nothing
        read_in(tab, "ar", f"/consultations/manage/{consultation.slug}/import-answers/")
        tab.locator("input[type=file]").set_input_files(
            {"name": "kobo.csv", "mimeType": "text/csv", "buffer": KOBO_CSV.encode()}
        )
        tab.locator("form[data-import-form] button[type=submit]").click()
        expect(tab.locator("dl.cx-counts dd").nth(0)).to_have_text(str(imported))
        expect(tab.locator("dl.cx-counts dd").nth(1)).to_have_text(str(skipped))
        assert tab.url.endswith(f"/ar/consultations/manage/{consultation.slug}/import-report/")
        looks_right(tab, axe, "ar")
    keep_picture(tab, "import-answers-report-ar-desktop")
    assert Response.objects.filter(consultation=consultation).count() == 2


def test_the_import_posts_as_a_plain_form_without_javascript(cast, secretariat_tab):
    consultation = make_consultation(cast.secretariat, languages=LANGUAGES)
    tab = secretariat_tab(PHONE, java_script_enabled=False)
    read_in(tab, "en", f"/consultations/manage/{consultation.slug}/import-answers/")
    tab.locator("input[type=file]").set_input_files(
        {"name": "kobo.csv", "mimeType": "text/csv", "buffer": KOBO_CSV.encode()}
    )
    tab.get_by_role("button", name="Import the answers").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Import report")
    expect(tab.locator("dl.cx-counts dd").nth(0)).to_have_text("2")


def test_the_answers_pages_and_the_public_index_pass_axe_in_four_languages(cast, secretariat_tab, axe):
    consultation = make_consultation(cast.secretariat, anonymous=True, languages=LANGUAGES)
    key = services.response_start_anonymous(consultation=consultation, language="ar")[1]
    services.response_save(
        consultation=consultation,
        token=key,
        version=None,
        values={"first": "حماية العمال المهاجرين", "area": "data", "urgency": "4"},
        profile={"stakeholder_group": "workers", "region": "arab_states", "consent_quote": True},
        language="ar",
        submit=True,
    )
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        tab = secretariat_tab(viewport)
        for language in LANGUAGES:
            for page in ("answers/", "answers/summary/"):
                read_in(tab, language, f"/consultations/manage/{consultation.slug}/{page}")
                looks_right(tab, axe, language)
            read_in(tab, language, "/consultations/")
            expect(tab.locator(".cx-index-item")).to_have_count(1)
            looks_right(tab, axe, language)
            keep_picture(tab, f"consultations-index-{language}-{width}")
        # The door: the home page's block leads to the index.
        read_in(tab, "ar", "/")
        keep_picture(tab, f"home-ar-{width}")
        tab.locator(".home-consultations").get_by_role("link").first.click()
        tab.wait_for_url("**/ar/consultations/")
        keep_picture(tab, f"consultations-from-home-ar-{width}")
