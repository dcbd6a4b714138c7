"""Issue 17's whole journey in a real browser, as the people doing it meet it.

The secretariat signs in (the second factor given), goes from /me/ to "Indicator data", uploads Mexico's real
8.7.1 file (alliance87/data/sdg-8.7.1/mexico) for Mexico and SL_TLF_CHLDEC, reads the report, confirms what
was inferred, sees the landing reach the dataset and shows the figures to Mexico. Mexico's focal point gets
the e-mail, follows its link and comments in Spanish; the secretariat publishes. A visitor goes from the home
page to the ten-year stocktake, to Mexico's profile, sees the series and the comment (marked lang="es"),
downloads the profile's PDF (read with pypdf), the SDMX-ML (valid against the shipped schemas) and the
series' tidy CSV (parsed). A bad file (``;`` delimiter, a formula in a label) shows its problems by line and
column and lands nothing. The profile passes axe in English, French, Spanish and Arabic (Arabic on a phone too).
Screenshots go to $SCREENSHOTS when it is set.
"""

import csv
import io
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pictures import keep_picture
from playwright.sync_api import Page, expect
from reading import looks_right, read_in
from second_factor import secretariat_cookie

from alliance87.accounts.models import Role
from alliance87.indicators import sdmx
from alliance87.indicators.codes import CHILD_LABOUR_EC
from alliance87.indicators.models import (
    CountryNotice,
    Dataset,
    DatasetStatus,
    ImportStatus,
    IndicatorImport,
    NoticeStatus,
    Series,
    SeriesKind,
)
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

MEXICO = Path(__file__).resolve().parents[2] / "alliance87" / "data" / "sdg-8.7.1" / "mexico" / "indicator_8-7-1.csv"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
COMMENT = "Las cifras de 2019 provienen del MTI 2019; las de 2022 aún no están en el archivo. (Ejemplo.)"
BAD = (
    b"Year;Sexo;Grupo de edad;Value\r\n"
    b"2019;Hombres;5-17;7,1\r\n"
    b'2019;=HYPERLINK("http://example.org");5-17;6,5\r\n'
    b"2018;Mujeres;5-17;seis\r\n"
)
TIMES: dict[str, float] = {}  # seconds per download, printed at the end (the profile PDF's is the figure)
NOTICE_LINK = re.compile(r"(https?://\S+/indicators/notices/\d+/)")


def _link_in_mail(outbox, email: str, pattern: re.Pattern) -> str:
    for message in reversed(outbox):
        found = pattern.search(message.body)
        if email in message.to and found:
            return urlsplit(found.group(1)).path
    raise AssertionError(f"no mail to {email} with {pattern.pattern}: {[(m.to, m.subject) for m in outbox]}")


def _fetch(tab: Page, href: str) -> bytes:
    """What following ``href`` downloads, fetched with the tab's own cookies."""
    started = time.monotonic()
    response = tab.context.request.get(href, timeout=60_000)  # a PDF is rendered on the first request
    assert response.ok, f"{href}: {response.status}"
    TIMES[href] = time.monotonic() - started
    return response.body()


def choose_file(tab: Page, path: Path, series: Series) -> None:
    tab.get_by_label("The file (Open SDG tidy CSV)").set_input_files(str(path))
    tab.locator("#id_country").select_option(label="Mexico")
    tab.locator("#id_series").select_option(label=f"{series.code}: {series.title}")
    tab.get_by_role("button", name="Check the file").click()


# --- The steps --------------------------------------------------------------------------------------------


def secretariat_lands_mexico_and_shows_it(desk: Page, axe, series: Series) -> Dataset:
    desk.goto("/me/")
    desk.locator(".consoles").get_by_role("link", name="Indicator data").click()
    expect(desk.locator("h1")).to_have_text("Indicator data")
    desk.get_by_label("Source").fill("INEGI, Módulo de Trabajo Infantil (MTI) via Mexico's SDG platform")
    choose_file(desk, MEXICO, series)

    # The report: what was read, what was inferred (to confirm), the first rows.
    expect(desk.locator("h1")).to_have_text("Import of “indicator_8-7-1.csv”")
    summary = desk.locator(".im-summary")
    expect(summary).to_contain_text("2,079")  # rows
    expect(summary).to_contain_text("1,350")  # empty values, kept empty
    expect(desk.locator(".im-preview tbody tr")).to_have_count(20)
    expect(desk.locator(".im-inferred-item").first).to_contain_text("Why:")
    looks_right(desk, axe, "en")
    keep_picture(desk, "stocktake-journey-report")
    assert not Dataset.objects.exists(), "nothing lands before the confirmation"

    desk.get_by_role("button", name="Confirm these values and land the file").click()
    expect(desk.locator(".im-progress")).to_contain_text("Landed: 100%.")
    desk.get_by_role("link", name="Open the dataset").click()
    dataset = Dataset.objects.get()
    assert (dataset.status, dataset.country.code) == (DatasetStatus.DRAFT, "MX")
    assert dataset.observations.count() == 2079

    expect(desk.get_by_label("Mexico", exact=True)).to_be_checked()
    looks_right(desk, axe, "en")
    desk.get_by_role("button", name="Show the figures for comment").click()
    expect(desk.locator(".messages")).to_contain_text("Shown to Mexico for comment until")
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.NOTICE
    return dataset


def focal_point_comments_in_spanish(tab: Page, axe, outbox, focal_point) -> CountryNotice:
    tab.goto(_link_in_mail(outbox, focal_point.email, NOTICE_LINK))
    expect(tab.locator("h1")).to_contain_text("Mexico")
    expect(tab.locator(".im-figures tbody tr").first).to_be_visible()
    looks_right(tab, axe, "en")
    tab.get_by_label("Your comment").fill(COMMENT)
    tab.get_by_label("Language of the comment").select_option("es")
    tab.get_by_role("button", name="Send the answer").click()
    expect(tab.locator(".messages")).to_contain_text("Thank you: your answer is sent to the secretariat.")
    expect(tab.locator('blockquote[lang="es"]')).to_contain_text("Las cifras de 2019")
    notice = CountryNotice.objects.get()
    assert (notice.status, notice.comment_language) == (NoticeStatus.ANSWERED, "es")
    return notice


def secretariat_publishes(desk: Page, axe, outbox, cast, dataset: Dataset) -> None:
    told = [m for m in outbox if cast.secretariat.email in m.to and "Mexico" in (m.subject + m.body)]
    assert told, f"the secretariat is told of Mexico's answer: {[(m.to, m.subject) for m in outbox]}"
    desk.goto(f"/indicators/manage/{dataset.pk}/")
    expect(desk.locator('blockquote[lang="es"]')).to_contain_text("Las cifras de 2019")
    desk.get_by_role("button", name="Publish the figures").click()
    expect(desk.locator(".messages")).to_contain_text("Published: the public pages show the figures")
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.PUBLISHED


def visitor_reads_mexicos_ten_years(visitor: Page, axe) -> None:
    visitor.goto("/")
    visitor.get_by_role("link", name="Ten years of Alliance 8.7: the stocktake in figures").click()
    visitor.wait_for_url(re.compile(r"/ten-years/$"))
    looks_right(visitor, axe, "en")
    countries = visitor.locator("section", has=visitor.locator("#countries-title"))
    countries.get_by_role("link", name="Mexico", exact=True).click()
    visitor.wait_for_url(re.compile(r"/countries/mx/ten-years/$", re.I))
    expect(visitor.locator("h1")).to_contain_text("Mexico")
    data = visitor.locator("section", has=visitor.locator("#sp-data"))
    expect(data).to_contain_text(CHILD_LABOUR_EC)
    expect(data.locator('.sp-comment [lang="es"]')).to_contain_text("Las cifras de 2019")
    looks_right(visitor, axe, "en")
    keep_picture(visitor, "stocktake-journey-profile")


def visitor_downloads(visitor: Page) -> None:
    """On Mexico's profile: the PDF; then the series' tidy CSV and the SDMX-ML from the downloads page."""
    from pypdf import PdfReader  # noqa: PLC0415

    pdf_link = visitor.get_by_role("link", name="Download the profile (PDF)")
    pdf = _fetch(visitor, pdf_link.get_attribute("href"))
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Mexico" in text and CHILD_LABOUR_EC in text, text[:500]

    visitor.get_by_role("link", name="The whole series").first.click()
    visitor.wait_for_url(re.compile(rf"/indicators/{CHILD_LABOUR_EC}/"))
    tidy = _fetch(visitor, visitor.get_by_role("link", name="Download these figures (CSV)").get_attribute("href"))
    rows = list(csv.DictReader(io.StringIO(tidy.decode("utf-8-sig"))))
    assert rows and list(rows[0])[0] == "Year" and list(rows[0])[-1] == "Value", list(rows[0]) if rows else tidy
    assert any(row["Value"].startswith("7.07") for row in rows if row["Year"] == "2019"), rows[:5]

    visitor.goto("/indicators/")
    visitor.get_by_role("main").locator('a[href$="/indicators/download/"]').first.click()
    visitor.wait_for_url(re.compile(r"/indicators/download/$"))
    xml = _fetch(visitor, visitor.get_by_role("link", name="sdg-8.7.1.sdmx.xml").get_attribute("href"))
    assert sdmx.validation_errors(xml) == []
    assert b'REF_AREA="484"' in xml and CHILD_LABOUR_EC.encode() in xml


def a_bad_file_lands_nothing(desk: Page, axe, series: Series, tmp_path) -> None:
    bad = tmp_path / "cifras.csv"
    bad.write_bytes(BAD)
    before = Dataset.objects.count()
    desk.goto("/indicators/manage/")
    choose_file(desk, bad, series)
    expect(desk.locator("#problems")).to_contain_text("Nothing was saved.")
    rows = desk.locator(".im-problems tbody tr")
    formula = rows.filter(has_text="formula")
    expect(formula.locator("td").nth(0)).to_have_text("3")
    expect(formula.locator("td").nth(1)).to_have_text("Sexo")
    expect(rows.filter(has_text="seis").locator("td").nth(0)).to_have_text("4")
    expect(desk.get_by_role("button", name="Confirm these values and land the file")).to_have_count(0)
    looks_right(desk, axe, "en")
    assert IndicatorImport.objects.filter(file_name="cifras.csv").get().status == ImportStatus.REFUSED
    assert Dataset.objects.count() == before


# --- The journey ------------------------------------------------------------------------------------------


@pytest.fixture
def series(alliance, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Series.objects.get_or_create(
        code=CHILD_LABOUR_EC,
        defaults={"kind": SeriesKind.SDG, "indicator": "8.7.1", "title": "Children in child labour (example title)"},
    )[0]


def test_mexicos_figures_from_the_file_to_the_ten_year_profile(
    tabs_on, site, axe, cast, alliance, series, mailoutbox, tmp_path
):
    focal_point = make_user("focal.mexico@example.org", Role.COUNTRY_FOCAL_POINT, alliance.mexico)
    open_tab = tabs_on(site)
    desk = open_tab(None, DESKTOP)
    desk.context.add_cookies([secretariat_cookie(cast.secretariat, site)])

    dataset = secretariat_lands_mexico_and_shows_it(desk, axe, series)
    focal_point_comments_in_spanish(open_tab(focal_point, DESKTOP), axe, mailoutbox, focal_point)
    secretariat_publishes(desk, axe, mailoutbox, cast, dataset)

    visitor = open_tab(None, DESKTOP)
    visitor_reads_mexicos_ten_years(visitor, axe)
    visitor_downloads(visitor)

    # The profile in the other languages: the Spanish comment is marked as Spanish, except on the Spanish page.
    for language, viewport in (("fr", DESKTOP), ("es", DESKTOP), ("ar", DESKTOP), ("ar", PHONE)):
        reader = open_tab(None, viewport)
        read_in(reader, language, "/countries/mx/ten-years/")
        comment = reader.locator(".sp-comment").filter(has_text="Las cifras de 2019")
        if language == "es":
            expect(comment).to_be_visible()
        else:
            expect(comment.locator('[lang="es"]')).to_be_visible()
        looks_right(reader, axe, language)
    keep_picture(reader, "stocktake-journey-profile-ar-phone")

    a_bad_file_lands_nothing(desk, axe, series, tmp_path)
    print("downloads:", {path: f"{seconds:.1f} s" for path, seconds in TIMES.items()})
