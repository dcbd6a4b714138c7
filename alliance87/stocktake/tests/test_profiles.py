"""A country's ten-year profile: each part from the records (a report added shows, an empty part says so),
the unknown country's 404, the PDF read back with pypdf (the name, a series' value, the Arabic heading), the
PDF kept until public data changes, and a fixed number of queries whatever the number of reports and
commitments."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from alliance87 import pagecache
from alliance87.commitments.tests.making import commitment
from alliance87.indicators.models import CountryNotice, Dataset, DatasetStatus, NoticeStatus, Observation, Series
from alliance87.pathfinders.demo import load_example
from alliance87.pathfinders.models import Report, ReportCycle, ReportStatus
from alliance87.stocktake import profiles

DATA = Path(__file__).resolve().parents[2] / "data" / "sdg-8.7.1" / "mexico" / "indicator_8-7-1.csv"
SEX = {"Total": "_T", "Mujeres": "F", "Hombres": "M"}


def pdf_text(content: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def load_mexico_file(country, *, status=DatasetStatus.PUBLISHED) -> Dataset:
    """Mexico's shipped 8.7.1 file as a dataset, as the importer lands it: the national rows (GeoCode 00)
    with an empty ``geo_code``, the states with theirs; empty values kept empty."""
    series, _created = Series.objects.get_or_create(
        code="SL_TLF_CHLDEA",
        defaults={"kind": "sdg", "indicator": "8.7.1", "title": "Proportion of children engaged in economic activity"},
    )
    dataset = Dataset.objects.create(
        title="Mexico 8.7.1 (test)",
        country=country,
        status=status,
        source="INEGI/STPS MTI-ENOE/ENTI (via sdg-odsmexico/data)",
        national_definition="Ocupación infantil no permitida",
        is_proxy=True,
        published_at=timezone.now() if status == DatasetStatus.PUBLISHED else None,
    )
    rows = list(csv.DictReader(io.StringIO(DATA.read_text(encoding="utf-8-sig"))))
    Observation.objects.bulk_create(
        Observation(
            dataset=dataset,
            series=series,
            row=line,
            year=int(r["Year"]),
            area="484",
            country=country,
            geo_code="" if r["GeoCode"] == "00" else r["GeoCode"],
            value=Decimal(r["Value"]) if r["Value"] else None,
            value_text=r["Value"],
            sex=SEX.get(r["Sexo"], "_T"),
            age="_T" if r["Grupo de edad"] == "Total" else "Y5T17",
            is_proxy=True,
        )
        for line, r in enumerate(rows, start=2)
    )
    return dataset


def publish_report(country, year: int, *, on_time: bool = True) -> Report:
    cycle, _created = ReportCycle.objects.get_or_create(
        year=year,
        defaults={
            "title": f"Annual progress reports {year}",
            "opens_on": datetime.date(year + 1, 1, 15),
            "deadline": datetime.date(year + 1, 4, 30),
            "is_example": country.is_example,
        },
    )
    submitted = datetime.datetime(year + 1, 4 if on_time else 6, 1, 12, tzinfo=datetime.UTC)
    return Report.objects.create(
        country=country,
        cycle=cycle,
        status=ReportStatus.PUBLISHED,
        submitted_at=submitted,
        published_at=submitted + datetime.timedelta(days=30),
        is_example=country.is_example,
    )


@pytest.fixture
def mexico(alliance):
    return alliance.mexico


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


# ---- the page ---------------------------------------------------------------------------------------------


def test_unknown_or_malformed_code_is_404(client, alliance):
    assert client.get("/countries/zz/ten-years/").status_code == 404
    assert client.get("/countries/mexico/ten-years/").status_code == 404
    assert client.get("/countries/zz/ten-years.pdf").status_code == 404


def test_empty_parts_say_so_never_invented(client, alliance):
    html = client.get("/countries/ke/ten-years/").content.decode()
    assert "<h1>Ten years of Kenya</h1>" in html
    assert "No roadmap recorded on the platform." in html
    assert "No annual report published on the platform." in html
    assert "No published assessment on the platform." in html
    assert "No indicator data for this country published on the platform." in html
    assert "No commitment by or in this country published on the platform." in html


def test_a_report_added_shows_with_its_dates_and_timeliness(client, mexico):
    before = client.get("/countries/mx/ten-years/").content.decode()
    assert "No annual report published on the platform." in before
    publish_report(mexico, 2023, on_time=True)
    publish_report(mexico, 2024, on_time=False)
    pagecache.public_pages_changed()
    html = client.get("/countries/mx/ten-years/").content.decode()
    assert "No annual report published on the platform." not in html
    assert "The annual report of Mexico in each reporting cycle" in html
    assert "1 April 2024" in html  # 2023's report, submitted before its deadline
    assert "No, after the deadline" in html  # 2024's, after


def test_published_series_shows_chart_table_source_and_comment(client, mexico, cast):
    dataset = load_mexico_file(mexico)
    CountryNotice.objects.create(
        dataset=dataset,
        country=mexico,
        status=NoticeStatus.ANSWERED,
        closes_at=timezone.now(),
        comment="Las cifras siguen la definición nacional.",
        comment_language="es",
        commented_at=timezone.now(),
    )
    html = client.get("/countries/mx/ten-years/").content.decode()
    assert '<svg class="chart"' in html
    assert '<th scope="row">2019</th><td class="num">7.07</td>' in html  # the national total, 2019
    assert "Ocupación infantil no permitida" in html  # the national definition
    assert "Proxy:" in html
    assert "INEGI/STPS MTI-ENOE/ENTI" in html
    assert '<p lang="es">Las cifras siguen la definición nacional.</p>' in html
    assert "more observations (by region, sex, age group or area of residence)" in html


def test_series_csv_gives_the_charts_figures(client, mexico):
    load_mexico_file(mexico)
    response = client.get("/countries/mx/ten-years/SL_TLF_CHLDEA.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Year", "Total"]
    assert rows[1][0] == "2007"
    assert rows[-1][0] == "2019"
    assert rows[-1][1].startswith("7.07")
    assert client.get("/countries/mx/ten-years/NOPE.csv").status_code == 404


def test_draft_data_is_not_shown(client, mexico):
    load_mexico_file(mexico, status=DatasetStatus.NOTICE)
    html = client.get("/countries/mx/ten-years/").content.decode()
    assert "No indicator data for this country published on the platform." in html


def test_exampleland_is_marked_as_an_example_and_tells_its_cycle(client, alliance):
    example = load_example(today=datetime.date(2026, 11, 24))
    html = client.get(f"/countries/{example.code.code.lower()}/ten-years/").content.decode()
    assert "This country is invented." in html
    assert "Strengthen labour inspection in agriculture (example)" in html  # the roadmap's first priority
    assert "Assessments against the Accountability Framework" in html
    assert "No published assessment on the platform." not in html


def test_commitments_show_with_their_lights(client, mexico):
    commitment(lead=mexico, title="Mexico's test commitment (example)")
    pagecache.public_pages_changed()
    html = client.get("/countries/mx/ten-years/").content.decode()
    assert "Mexico&#x27;s test commitment (example)" in html or "Mexico's test commitment (example)" in html
    assert "cm-light" in html


def test_country_page_links_to_the_profile(client, mexico):
    html = client.get("/countries/mx/").content.decode()
    assert 'href="/countries/mx/ten-years/"' in html


@pytest.mark.parametrize("what", ["reports", "commitments"])
def test_queries_do_not_grow(client, mexico, what, django_assert_max_num_queries):
    load_mexico_file(mexico)

    def add(n):
        for i in range(n):
            if what == "reports":
                publish_report(mexico, 2020 + len(Report.objects.filter(country=mexico)) + i * 0)
            else:
                commitment(lead=mexico, title=f"Commitment {i} (example)")
        pagecache.public_pages_changed()

    add(1)
    with django_assert_max_num_queries(20) as one:  # 14 with reports, 18 with commitments
        assert client.get("/countries/mx/ten-years/").status_code == 200
    add(2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get("/countries/mx/ten-years/").status_code == 200


# ---- the PDF ----------------------------------------------------------------------------------------------


def test_pdf_holds_the_name_and_a_series_value(client, mexico):
    load_mexico_file(mexico)
    response = client.get("/countries/mx/ten-years.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="alliance87-ten-years-mx-en.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Mexico: ten years of action on Target 8.7" in text
    assert "7.07" in text
    assert "Data read on" in text


def test_arabic_pdf_is_titled_in_arabic_and_set_in_noto_sans_arabic(client, mexico):
    """The Arabic PDF's title (its metadata: what a reader's tab and a screen reader announce), its language
    and its font. Its text is not read back: shaped Arabic letters do not extract reliably from any PDF
    (pypdf and pdftotext both return broken words from a page that renders right), so the title, stored as
    text, is what is checked."""
    from django.utils import translation
    from pypdf import PdfReader

    from alliance87.testing import pdf_fonts

    response = client.get("/ar/countries/mx/ten-years.pdf")
    assert response.status_code == 200
    with translation.override("ar"):
        country = str(mexico.name)
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title.startswith(f"{country}:"), reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert "Noto-Sans-Arabic" in pdf_fonts(response.content)


def test_pdf_is_kept_until_public_data_changes(client, mexico, monkeypatch):
    calls = []
    real = profiles.render_pdf
    monkeypatch.setattr(profiles, "render_pdf", lambda country: calls.append(1) or real(country))
    first = profiles.pdf_bytes(mexico)
    assert profiles.pdf_bytes(mexico) == first
    assert len(calls) == 1
    pagecache.public_pages_changed()
    profiles.pdf_bytes(mexico)
    assert len(calls) == 2
