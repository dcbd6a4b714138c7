"""The public indicator pages: the index with each series' latest value, a series page whose filters change
the chart and the table, its CSV (exactly the rows shown), the sources, a focal point's comment, the
reporting status, and a fixed number of queries."""

import csv
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliance87.indicators import codes
from alliance87.indicators.models import (
    CountryNotice,
    Dataset,
    DatasetStatus,
    NoticeStatus,
    Observation,
    Series,
    SeriesKind,
)


@pytest.fixture
def loaded(alliance):
    call_command("load_indicator_data", verbosity=0)
    cache.clear()
    return alliance


def national(country, *, status=DatasetStatus.PUBLISHED, values=((2019, "7.1"),), proxy=False, code=None):
    series = Series.objects.get(code=code or codes.CHILD_LABOUR_EC)
    dataset = Dataset.objects.create(
        title=f"{country.name} 8.7.1",
        country=country,
        status=status,
        source="National SDG platform (example)",
        national_definition="Children 5-17 in work not allowed by national law (example).",
        is_proxy=proxy,
    )
    m49 = {"KE": "404", "MX": "484"}[country.code.code]
    for row, (year, value) in enumerate(values, start=2):
        Observation.objects.create(
            dataset=dataset,
            series=series,
            row=row,
            year=year,
            area=m49,
            country=country,
            value=value,
            value_text=value,
            is_proxy=proxy,
        )
    cache.clear()
    return dataset


def page(client, code, **query):
    return client.get(reverse("indicators:series", args=[code]), query)


def table_rows(html: str) -> list[tuple[str, str, str]]:
    """(year, area, value) of the figures' table."""
    import re

    body = html.split('class="ind-table"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"<sup>.*?</sup>|<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        ]
        rows.append((cells[0], cells[1].replace("proxy", "").strip(), cells[2]))
    return rows


def test_index_groups_series_with_latest_value(client, loaded):
    html = client.get(reverse("indicators:index")).content.decode()
    assert "SDG indicator 8.7.1" in html and "Global estimates" in html
    assert "National series" not in html  # none published yet
    sdg = html.split('id="ind-group-sdg"')[1].split("</section>")[0]
    assert "Proportion of children engaged in economic activity and household chores" in sdg
    # Its latest value: the world's 2020 total.
    row = sdg.split("household chores")[1].split("</tr>")[0]
    assert "9.6 %" in row and "2020" in row and "World" in row and "UN SDG Global Database" in row
    estimates = html.split('id="ind-group-estimate"')[1].split("</section>")[0]
    row = estimates.split("Children in child labour")[1].split("</tr>")[0]
    assert "138 million" in row and "2024" in row and "Global estimates 2024 (June 2025)" in row
    hazardous = estimates.split("Children in hazardous work")[1].split("</tr>")[0]
    assert "54 million" in hazardous and "(about)" in hazardous
    assert reverse("indicators:series", args=[codes.CHILD_LABOUR_EC]) in html


def test_series_page_regional_table(client, loaded):
    response = page(client, codes.CHILD_LABOUR_EC)
    assert response.status_code == 200
    html = response.content.decode()
    assert table_rows(html) == [
        ("2020", "World", "9.6"),
        ("2020", "Sub-Saharan Africa", "23.9"),
        ("2020", "Northern Africa and Western Asia", "7.8"),
        ("2020", "Central and Southern Asia", "5.5"),
        ("2020", "Eastern and South-Eastern Asia", "6.2"),
        ("2020", "Latin America and the Caribbean", "6.0"),
        ("2020", "Europe and Northern America", "2.3"),
    ]
    assert "<svg" in html and 'role="img"' in html
    assert "UN SDG Global Database, series SL_TLF_CHLDEC" in html
    assert "household chores" in html  # the definition


def test_series_page_filters_change_the_rows(client, loaded):
    html = page(client, codes.CHILD_LABOUR_EC, sex="F").content.decode()
    assert ("2020", "Sub-Saharan Africa", "21.2") in table_rows(html)
    assert ("2020", "Sub-Saharan Africa", "23.9") not in table_rows(html)
    html = page(client, codes.CHILD_LABOUR_EC, sex="M", area="202").content.decode()
    assert table_rows(html) == [("2020", "Sub-Saharan Africa", "26.5")]
    assert '<option value="202" selected>' in html
    html = page(client, codes.CHILD_LABOUR_EC, area="999").content.decode()
    assert "No published figures for these choices." in html


def test_series_page_line_chart_over_years(client, loaded):
    html = page(client, codes.CHILDREN_IN_CHILD_LABOUR, area="001").content.decode()
    assert table_rows(html) == [
        ("2000", "World", "246"),
        ("2016", "World", "152"),
        ("2020", "World", "160"),
        ("2024", "World", "138"),
    ]
    assert "<polyline" in html
    assert "ILO estimates" in html and "June 2025" in html


def test_series_csv_is_what_the_page_shows(client, loaded):
    response = client.get(reverse("indicators:series_csv", args=[codes.CHILD_LABOUR_EC]), {"sex": "F"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Year", "SERIES", "UNIT_MEASURE", "REF_AREA", "SEX", "AGE", "URBANISATION", "Value"]
    assert rows[1] == ["2020", "SL_TLF_CHLDEC", "PT", "001", "F", "_T", "_T", "7.8"]
    assert [r[3] for r in rows[1:]] == ["001", "202", "747", "062", "753", "419", "513"]
    assert [r[7] for r in rows[1:]] == ["7.8", "21.2", "5.6", "3.7", "4.5", "4.0", "1.8"]
    html = page(client, codes.CHILD_LABOUR_EC, sex="F").content.decode()
    assert f'{reverse("indicators:series_csv", args=[codes.CHILD_LABOUR_EC])}?sex=F"' in html


def test_footnote_for_about(client, loaded):
    html = page(client, codes.CHILDREN_IN_HAZARDOUS_WORK).content.decode()
    assert '<li id="ind-note-1">about</li>' in html
    assert 'href="#ind-note-1"' in html


def test_country_figures_with_the_focal_points_comment(client, loaded, cast):
    dataset = national(loaded.kenya)
    CountryNotice.objects.create(
        dataset=dataset,
        country=loaded.kenya,
        status=NoticeStatus.ANSWERED,
        closes_at=timezone.now(),
        comment="Les chiffres de 2019 sont provisoires.",
        comment_language="fr",
        commented_at=timezone.now(),
    )
    cache.clear()
    html = page(client, codes.CHILD_LABOUR_EC, area="404").content.decode()
    assert table_rows(html) == [("2019", "Kenya", "7.1")]
    assert "Comment from Kenya’s focal point" in html
    assert '<blockquote lang="fr"><p>Les chiffres de 2019 sont provisoires.</p></blockquote>' in html
    assert "National definition:" in html and "not allowed by national law (example)" in html


def test_open_notice_comment_is_not_shown(client, loaded):
    dataset = national(loaded.kenya)
    CountryNotice.objects.create(
        dataset=dataset, country=loaded.kenya, status=NoticeStatus.OPEN, closes_at=timezone.now(), comment="Draft"
    )
    cache.clear()
    assert "focal point" not in page(client, codes.CHILD_LABOUR_EC, area="404").content.decode()


def test_drafts_are_not_shown(client, loaded):
    national(loaded.kenya, status=DatasetStatus.DRAFT)
    html = page(client, codes.CHILD_LABOUR_EC).content.decode()
    assert "Kenya" not in dict((a, b) for _y, a, b in table_rows(html))
    assert '<option value="404"' not in html
    csv_text = client.get(reverse("indicators:series_csv", args=[codes.CHILD_LABOUR_EC])).content.decode()
    assert ",404," not in csv_text


def test_reporting_status(client, loaded):
    national(loaded.kenya)
    national(loaded.mexico, proxy=True)
    html = page(client, codes.CHILD_LABOUR_EC).content.decode()
    reporting = html.split('class="ind-reporting"')[1].split("</table>")[0]
    assert 'Kenya</th><td class="ind-status ind-status-data">Has data' in reporting
    assert 'Mexico</th><td class="ind-status ind-status-proxy">Proxy only' in reporting
    assert 'France</th><td class="ind-status ind-status-none">No data' in reporting


def test_national_series_without_published_data_is_404(client, loaded):
    series = Series.objects.create(
        code="KE_CL_EXAMPLE", kind=SeriesKind.NATIONAL, title="Example", country=loaded.kenya
    )
    assert page(client, series.code).status_code == 404
    assert page(client, "NO_SUCH_SERIES").status_code == 404
    national(loaded.kenya, code=series.code)
    assert page(client, series.code).status_code == 200
    assert "National series" in client.get(reverse("indicators:index")).content.decode()


def test_arabic_page_marks_english_fallbacks(client, loaded):
    html = client.get(f"/ar/indicators/{codes.CHILD_LABOUR_EC}/").content.decode()
    assert '<span lang="en">Proportion of children engaged in economic activity and household chores</span>' in html


@pytest.mark.parametrize("view", ["index", "series"])
def test_fixed_number_of_queries(client, loaded, view):
    def count():
        cache.clear()
        url = (
            reverse("indicators:index")
            if view == "index"
            else reverse("indicators:series", args=[codes.CHILD_LABOUR_EC])
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    national(loaded.kenya)
    one = count()
    national(loaded.mexico, values=((2015, "7.5"), (2017, "7.0"), (2019, "7.1")))
    Dataset.objects.filter(country=loaded.mexico).update(is_proxy=True)
    three = count()
    assert one == three


def test_the_national_files_on_their_pages(client, alliance, cast):
    cast.secretariat  # noqa: B018 -- the loader imports the national files as the secretariat
    call_command("load_indicator_data", verbosity=0)
    cache.clear()
    index = client.get(reverse("indicators:index")).content.decode()
    national = index.split('id="ind-group-national"')[1].split("</section>")[0]
    for code in ("MEX_8_7_1", "JAM_8_7_1", "ARM_8_7_1", "KAZ_8_7_1"):
        assert f"/indicators/{code}/" in national
    mexico = page(client, "MEX_8_7_1").content.decode()
    rows = table_rows(mexico)
    assert [r[0] for r in rows] == ["2007", "2009", "2011", "2013", "2015", "2017", "2019"]
    assert rows[-1] == ("2019", "Mexico", "7.07")
    assert "sdg-odsmexico/data/blob/9b04cd1af4c6637287dd5f006227a35a70e70731" in mexico
    assert '<span lang="es">Este indicador muestra' in mexico
    kazakhstan = page(client, "KAZ_8_7_1").content.decode()
    assert "These figures follow a national measure close to, not the same as, the SDG’s." in kazakhstan
    assert "Proportion of employed at the age of 15-17" in kazakhstan
    regional = page(client, codes.CHILD_LABOUR_EC).content.decode()
    reporting = regional.split('class="ind-reporting"')[1].split("</table>")[0]
    assert 'Mexico</th><td class="ind-status ind-status-data">Has data' in reporting
    assert 'Kazakhstan</th><td class="ind-status ind-status-proxy">Proxy only' in reporting
