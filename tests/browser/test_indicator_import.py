"""Indicator data in a real browser: the secretariat uploads the real Mexico 8.7.1 file, reads the report,
confirms the inferred values, sees the landing reach 100% and opens the notice for Mexico; a bad file (``;``
delimiter, a formula in a label) shows its problems by line and column and saves nothing; the progress bar
follows a landing as progress.json reports it. The pages pass axe in English and Arabic, on a desktop and a
phone. Screenshots go to $SCREENSHOTS when set (docs/screenshots/indicator-import.png is the report page).
"""

import datetime
from pathlib import Path

import pytest
from pictures import keep_picture
from playwright.sync_api import expect
from reading import looks_right, read_in
from second_factor import secretariat_cookie

from alliance87.accounts.models import Role
from alliance87.indicators.codes import CHILD_LABOUR_EC
from alliance87.indicators.models import (
    CountryNotice,
    Dataset,
    DatasetStatus,
    ImportStatus,
    IndicatorImport,
    Observation,
    Series,
    SeriesKind,
)
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

MEXICO = Path(__file__).resolve().parents[2] / "alliance87" / "data" / "sdg-8.7.1" / "mexico" / "indicator_8-7-1.csv"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BAD = (
    b"Year;Sexo;Grupo de edad;Value\r\n"
    b"2019;Hombres;5-17;7,1\r\n"
    b'2019;=HYPERLINK("http://example.org");5-17;6,5\r\n'
    b"2018;Mujeres;5-17;seis\r\n"
)


@pytest.fixture
def series(alliance, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Series.objects.get_or_create(
        code=CHILD_LABOUR_EC,
        defaults={"kind": SeriesKind.SDG, "indicator": "8.7.1", "title": "Children in child labour (example title)"},
    )[0]


def secretariat_tab(tabs_on, site, cast, viewport=DESKTOP):
    """A tab signed in as the secretariat (the second factor done once per test: its cookie is kept)."""
    if not hasattr(cast, "_cookie"):
        cast._cookie = secretariat_cookie(cast.secretariat, site)
    tab = tabs_on(site)(None, viewport)
    tab.context.add_cookies([cast._cookie])
    return tab


def choose_file(tab, path: Path, *, country: str | None, series: Series) -> None:
    tab.get_by_label("The file (Open SDG tidy CSV)").set_input_files(str(path))
    if country:
        tab.locator("#id_country").select_option(label=country)
    tab.locator("#id_series").select_option(label=f"{series.code}: {series.title}")
    tab.get_by_role("button", name="Check the file").click()


def test_the_secretariat_imports_mexico_and_opens_the_notice(tabs_on, site, axe, cast, series, tmp_path):
    make_user("focal.mexico@example.org", Role.COUNTRY_FOCAL_POINT, cast.alliance.mexico)
    tab = secretariat_tab(tabs_on, site, cast)
    tab.goto("/me/")
    tab.locator(".consoles").get_by_role("link", name="Indicator data").click()  # the door: the console
    expect(tab.locator("h1")).to_have_text("Indicator data")
    looks_right(tab, axe, "en")
    tab.get_by_label("Source").fill("INEGI, MTI-ENOE (example upload)")
    choose_file(tab, MEXICO, country="Mexico", series=series)

    expect(tab.locator("h1")).to_have_text("Import of “indicator_8-7-1.csv”")
    summary = tab.locator(".im-summary")
    expect(summary).to_contain_text("2,079")
    expect(summary).to_contain_text("1,350")
    expect(summary).to_contain_text("utf-8-sig")
    expect(tab.locator(".im-preview tbody tr")).to_have_count(20)
    inferred = tab.locator(".im-inferred-item")
    assert inferred.count() >= 1
    expect(inferred.first).to_contain_text("Why:")
    looks_right(tab, axe, "en")
    keep_picture(tab, "indicator-import")
    assert not Dataset.objects.exists()

    tab.get_by_role("button", name="Confirm these values and land the file").click()
    expect(tab.locator(".im-progress")).to_contain_text("Landed: 100%.")
    expect(tab.locator(".im-progress")).to_contain_text("2,079 rows")
    dataset = Dataset.objects.get()
    assert (dataset.status, dataset.observations.count()) == (DatasetStatus.DRAFT, 2079)
    looks_right(tab, axe, "en")

    tab.get_by_role("link", name="Open the dataset").click()
    expect(tab.get_by_label("Mexico", exact=True)).to_be_checked()  # the country the figures are of
    expect(tab.get_by_label("Comments close on")).to_have_value(
        str(datetime.date.today() + datetime.timedelta(days=14))
    )
    looks_right(tab, axe, "en")
    tab.get_by_role("button", name="Show the figures for comment").click()
    expect(tab.locator(".messages")).to_contain_text("Shown to Mexico for comment until")
    notice = CountryNotice.objects.get(dataset=dataset)
    assert notice.country == cast.alliance.mexico
    expect(tab.get_by_role("link", name="Mexico")).to_have_attribute("href", f"/indicators/notices/{notice.pk}/")

    for viewport, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        other = secretariat_tab(tabs_on, site, cast, viewport)
        for path in (
            f"/indicators/import/{dataset.landed_from.pk}/",
            f"/indicators/manage/{dataset.pk}/",
            "/indicators/manage/",
        ):
            read_in(other, "ar", path)
            looks_right(other, axe, "ar")
        keep_picture(other, f"indicator-dataset-ar-{label}")


def test_a_bad_file_is_refused_by_line_and_column(tabs_on, site, axe, cast, series, tmp_path):
    bad = tmp_path / "cifras.csv"
    bad.write_bytes(BAD)
    tab = secretariat_tab(tabs_on, site, cast)
    tab.goto("/indicators/manage/")
    choose_file(tab, bad, country="Mexico", series=series)
    expect(tab.locator("#problems")).to_contain_text("Nothing was saved. Correct the file and upload it again.")
    rows = tab.locator(".im-problems tbody tr")
    formula = rows.filter(has_text="formula")
    expect(formula.locator("td").nth(0)).to_have_text("3")
    expect(formula.locator("td").nth(1)).to_have_text("Sexo")
    expect(rows.filter(has_text="seis").locator("td").nth(0)).to_have_text("4")
    expect(tab.get_by_role("heading", name="Upload a corrected file")).to_be_visible()
    expect(tab.get_by_role("button", name="Confirm these values and land the file")).to_have_count(0)
    assert IndicatorImport.objects.get().status == ImportStatus.REFUSED
    assert not Dataset.objects.exists() and not Observation.objects.exists()
    looks_right(tab, axe, "en")
    run = IndicatorImport.objects.get()
    for viewport in (DESKTOP, PHONE):
        other = secretariat_tab(tabs_on, site, cast, viewport)
        read_in(other, "ar", f"/indicators/import/{run.pk}/")
        looks_right(other, axe, "ar")


def test_the_progress_bar_follows_the_landing(tabs_on, site, axe, cast, series):
    from django.utils import timezone

    run = IndicatorImport.objects.create(
        file_name="synthetic.csv",
        file_sha256="0" * 64,
        status=ImportStatus.RUNNING,
        stage="landing",
        done=12_000,
        total=120_000,
        heartbeat_at=timezone.now(),
        created_by=cast.secretariat,
    )
    tab = secretariat_tab(tabs_on, site, cast)
    tab.goto(f"/indicators/import/{run.pk}/")
    bar = tab.locator("#import-progress")
    expect(bar).to_have_attribute("value", "10")
    looks_right(tab, axe, "en")
    IndicatorImport.objects.filter(pk=run.pk).update(done=60_000, heartbeat_at=timezone.now())
    expect(tab.locator(".im-progress-text")).to_have_text("Saving the rows: 60,000 of 120,000 rows (50%)")
    expect(bar).to_have_attribute("value", "50")
    dataset = Dataset.objects.create(title="Synthetic example", source="Synthetic example")
    IndicatorImport.objects.filter(pk=run.pk).update(
        status=ImportStatus.LANDED, done=120_000, dataset=dataset, heartbeat_at=timezone.now()
    )
    expect(tab.get_by_role("link", name="Open the dataset")).to_have_attribute(
        "href", f"/indicators/manage/{dataset.pk}/"
    )
    expect(tab.locator(".im-progress")).to_contain_text("Landed: 100%.")


def test_the_progress_page_works_without_javascript(tabs_on, site, cast, series):
    from django.utils import timezone

    run = IndicatorImport.objects.create(
        file_name="synthetic.csv",
        file_sha256="0" * 64,
        status=ImportStatus.RUNNING,
        stage="landing",
        done=30_000,
        total=120_000,
        heartbeat_at=timezone.now(),
        created_by=cast.secretariat,
    )
    tab = tabs_on(site)(None, DESKTOP, java_script_enabled=False)
    tab.context.add_cookies([secretariat_cookie(cast.secretariat, site)])  # the only tab of this test
    tab.goto(f"/indicators/import/{run.pk}/")
    expect(tab.locator(".im-progress-text")).to_have_text("Saving the rows: 30,000 of 120,000 rows (25%)")
    IndicatorImport.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
    tab.get_by_role("link", name="Refresh to see how far it is").click()
    expect(tab.locator(".im-progress")).to_contain_text("Interrupted: nothing was saved. Run it again.")
