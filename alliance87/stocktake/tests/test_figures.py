"""The stocktake's figures are counted from the data: add a row and the figure moves; stated counts stay as
written, beside the counts, never added to them; every section's CSV reads back."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from alliance87 import spreadsheets
from alliance87.indicators import codes
from alliance87.network.models import Country
from alliance87.stocktake import figures

from .tenyears_data import estimate, load_real_data

pytestmark = pytest.mark.django_db

# The 2020 prevalence of child labour by SDG region, % (total / female / male), as DOMAIN.md gives it from the
# UN SDG Global Database (series SL_TLF_CHLDEC), typed here again so the loader and the page are both checked.
DOMAIN_REGIONAL_2020 = [
    ["World", "9.6", "7.8", "11.2"],
    ["Sub-Saharan Africa", "23.9", "21.2", "26.5"],
    ["Northern Africa and Western Asia", "7.8", "5.6", "9.9"],
    ["Central and Southern Asia", "5.5", "3.7", "7.1"],
    ["Eastern and South-Eastern Asia", "6.2", "4.5", "7.7"],
    ["Latin America and the Caribbean", "6.0", "4.0", "7.9"],
    ["Europe and Northern America", "2.3", "1.8", "2.8"],
]


@pytest.fixture
def loaded(alliance):
    load_real_data()
    return alliance


def by_key(section):
    return {f.key: f for f in section.figures}


def test_regional_table_is_domain_md_cell_for_cell(loaded):
    table = figures.regional_table()
    assert [[row[0], *(format(v, "f") for v in row[1:])] for row in table.rows] == DOMAIN_REGIONAL_2020
    assert table.header == ["Region", "Total", "Girls", "Boys"]
    assert table.source == "UN SDG Global Database, series SL_TLF_CHLDEC"
    assert table.as_of == 2020


def test_regional_table_is_empty_without_data(alliance):
    table = figures.regional_table()
    assert table.rows == [] and table.is_empty
    section = figures.regional()
    assert section.is_empty
    assert section.empty == "No data yet: the regional figures of SDG indicator 8.7.1 have not been loaded."


def test_global_estimates_latest_figure_with_its_source_and_date(loaded):
    section = figures.global_estimates()
    found = by_key(section)
    child = found["a87_cl_millions-2024"]
    assert child.value == Decimal("138") and child.unit == "millions"
    assert child.source == "ILO-UNICEF, Child Labour: Global estimates 2024 (June 2025)"
    assert child.as_of == datetime.date(2025, 6, 1)
    hazardous = found["a87_cl_hazardous_millions-2024"]
    assert hazardous.value == Decimal("54") and hazardous.note == "About"
    assert found["a87_ms_millions-2021"].value == Decimal("49.6")
    chart = next(c for c in section.charts if c.key == "estimates-child-labour")
    assert [row[:2] for row in chart.rows] == [
        ["2000", Decimal("246")],
        ["2016", Decimal("152")],
        ["2020", Decimal("160")],
        ["2024", Decimal("138")],
    ]
    assert "ILO estimates" in chart.source and "Global estimates 2024" in chart.source


def test_global_estimates_move_with_a_new_published_row_and_ignore_drafts(loaded):
    estimate(codes.CHILDREN_IN_CHILD_LABOUR, 2025, "120.5", published=False)
    assert "a87_cl_millions-2025" not in by_key(figures.global_estimates())
    estimate(codes.CHILDREN_IN_CHILD_LABOUR, 2026, "130.5", source="Example estimates 2026")
    figure = by_key(figures.global_estimates())["a87_cl_millions-2026"]
    assert figure.value == Decimal("130.5") and figure.source == "Example estimates 2026"


def test_global_estimates_empty_state(alliance):
    section = figures.global_estimates()
    assert section.is_empty and section.empty == "No data yet: the global estimates have not been loaded."


def test_pathfinders_stated_counts_kept_as_written_beside_the_count(loaded):
    section = figures.pathfinders_over_time()
    found = by_key(section)
    assert found["pathfinders-2021"].value == "over 20" and found["pathfinders-2021"].stated
    assert found["pathfinders-2021"].source == "Alliance 8.7, alliance87.org"
    assert [found[k].value for k in ("pathfinders-2018-start", "pathfinders-2025", "pathfinders-interested")] == [
        "15",
        "37",
        "38",
    ]
    recorded = found["pathfinders-recorded"]
    assert not recorded.stated
    assert recorded.value == Country.objects.filter(is_pathfinder=True, is_example=False).count()
    assert recorded.value != 37  # counted, never the stated figure


def test_pathfinders_count_and_chart_move_with_the_data(loaded):
    before = by_key(figures.pathfinders_over_time())["pathfinders-recorded"].value
    Country.objects.filter(code="KE").update(pathfinder_since=2019)
    Country.objects.filter(code="MX").update(pathfinder_since=2021)
    Country.objects.create(code="ZM", is_pathfinder=True, pathfinder_since=2021)
    section = figures.pathfinders_over_time()
    assert by_key(section)["pathfinders-recorded"].value == before + 1
    chart = section.charts[0]
    totals = {row[0]: row[1] for row in chart.rows}
    assert totals["2018"] == 0 and totals["2019"] == 1 and totals["2021"] == 3
    assert totals[str(timezone.localdate().year)] == 3
    assert ("zm", "Zambia", 2021) in figures.pathfinder_countries()


def test_loader_is_safe_to_run_again(loaded):
    from alliance87.network.models import StatedFigure

    count = StatedFigure.objects.count()
    load_real_data()
    assert StatedFigure.objects.count() == count


def test_reports_by_cycle_count_submitted_on_time_and_published(loaded):
    from alliance87.pathfinders.models import Report, ReportCycle, ReportStatus

    cycle = ReportCycle.objects.create(
        year=2025, title="2025", opens_on=datetime.date(2026, 1, 1), deadline=datetime.date(2026, 3, 31)
    )
    on_time = timezone.make_aware(datetime.datetime(2026, 3, 1, 12))
    late = timezone.make_aware(datetime.datetime(2026, 4, 10, 12))
    Report.objects.create(country=loaded.kenya, cycle=cycle, submitted_at=on_time, status=ReportStatus.PUBLISHED)
    Report.objects.create(country=loaded.mexico, cycle=cycle, submitted_at=late, status=ReportStatus.SUBMITTED)
    section = figures.reports_and_framework()
    table = next(t for t in section.tables if t.key == "reports-by-cycle")
    assert table.rows == [["2025", 2, 1, 1]]
    assert table.header == ["Year reported on", "Submitted", "Submitted on time", "Published"]


def test_commitments_section_counts_the_registry(loaded):
    assert figures.commitments().is_empty
    from alliance87.commitments.tests.making import commitment

    commitment(lead=loaded.ilo)
    section = figures.commitments()
    assert by_key(section)["commitments-total"].value == 1
    assert any(c.key == "commitments-by-maker" for c in section.charts)


def test_consultations_empty_state(alliance):
    section = figures.consultations_and_priorities()
    assert section.is_empty and section.empty == "No consultation has been held on this platform yet."


def test_every_section_csv_reads_back(loaded):
    for section in figures.all_sections():
        data = spreadsheets.to_csv(section.csv_rows()[0], section.csv_rows()[1:]).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(data)))
        assert rows[0] == ["part", "row", "column", "value", "source", "as_of"]
        assert len(rows) == len(section.csv_rows())
    regions = figures.section("regions")
    lines = [r for r in regions.csv_rows() if r[0] == "regional-2020"]
    assert ["regional-2020", "World", "Total", "9.6", "UN SDG Global Database, series SL_TLF_CHLDEC", "2020"] in lines
    assert len(lines) == 7 * 3


def test_all_sections_queries_do_not_grow_with_rows(loaded, django_assert_max_num_queries):
    from alliance87.commitments.tests.making import commitment

    estimate(codes.MODERN_SLAVERY, 2030, "50")
    commitment(lead=loaded.ilo)
    with django_assert_max_num_queries(16) as one:
        figures.all_sections()
    for year in (2031, 2032):
        estimate(codes.MODERN_SLAVERY, year, "50")
        commitment(lead=loaded.fao)
    with django_assert_max_num_queries(len(one.captured_queries)):
        figures.all_sections()


def test_charts_axis_ticks_are_round_numbers_and_counts_whole():
    from alliance87 import charts

    chart = charts.line_chart([charts.Line("World", [(2000, 246), (2024, 138)])], title="Children", chart_id="c")
    ticks = [t.split(">")[-1] for t in chart.svg.split("</text>") if 'text-anchor="end"' in t]
    assert ticks == ["0", "50", "100", "150", "200", "250"]
    counts = charts.bar_chart([charts.Bar("Kenya", 1), charts.Bar("Mexico", 0)], title="Reports", chart_id="b")
    assert ">1.0<" not in counts.svg and ">1<" in counts.svg


def test_charts_legend_sits_under_the_axis_not_over_the_lines():
    from alliance87 import charts

    lines = [charts.Line("Modern slavery", [(2016, 40.3), (2021, 49.6)]), charts.Line("Forced labour", [(2021, 27.6)])]
    chart = charts.line_chart(lines, title="Millions", chart_id="m")
    assert f'viewBox="0 0 {charts.WIDTH} {charts.HEIGHT + 18 * 2 + 4}"' in chart.svg
    assert f'y="{charts.HEIGHT + 4 + 4}" fill="#111827">Modern slavery<' in chart.svg
    assert chart.rows == [[2016, 40.3, None], [2021, 49.6, 27.6]]
