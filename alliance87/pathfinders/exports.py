"""Annual progress reports as files: a PDF for reading, CSV and XLSX for the Monitoring Working Group.

Everything is built from ``selectors.report_contents``, so a file says what the report page says.

Rows. One report gives one row per item: its section, the item's code (``R1`` for the roadmap's first
indicator, a template indicator's code, ``Q1`` for a question, ``P1.2`` for the second key action of the
first priority), its label, its value (the indicator's value, the answer, the key action's status), the
year of a value and the note (for a roadmap indicator, the progress since the baseline). Only the template
indicators the country picked are listed; every roadmap indicator, question and key action is, answered
or not.

A cycle gives the same rows for every report that reached the Monitoring Working Group (submitted, under
review, accepted or published), each prefixed with the country, the report's status, when it was
submitted (UTC) and whether that was on time. Drafts and reports returned to their country are left out.

XLSX layout: one sheet, "Reports" (or "Report" for one report), with a bold header row, the header
frozen, an autofilter and fixed column widths. One sheet rather than one per section, so a reviewer can
filter and pivot every country's answers at once; the section is a column.

Excel safety (formulas neutralised, numbers kept as numbers) and the PDF plumbing (shipped fonts, no
network) are shared by every app: ``alliance87/spreadsheets.py`` and ``alliance87/pdf.py``.
"""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliance87 import dates, pdf
from alliance87.spreadsheets import to_csv, to_xlsx
from alliance87.translations import localised

from . import selectors
from .models import Report, ReportCycle, ReportStatus

# Reports the Monitoring Working Group has in hand: what the cycle export lists.
EXPORTED_STATUSES = (
    ReportStatus.SUBMITTED,
    ReportStatus.UNDER_REVIEW,
    ReportStatus.ACCEPTED,
    ReportStatus.PUBLISHED,
)


def section_titles() -> dict[int, str]:
    return {
        1: _("Section 1: Indicators"),
        2: _("Section 2: Questions on the roadmap’s priorities"),
        3: _("Section 3: Key actions"),
    }


@dataclass
class ItemRow:
    section: str
    item: str
    label: str
    value: str
    year: int | None
    note: str


# ---- Rows ---------------------------------------------------------------------------------------


def report_rows(report: Report, contents: dict | None = None) -> list[ItemRow]:
    """One row per item of ``report``, in the order of the report's page. The cycle's indicators and
    questions are worded in the language of the page the file is downloaded from (English where that
    language has no translation), like the column heads; answers, values and notes stay as written."""
    contents = contents if contents is not None else selectors.report_contents(report)
    titles = section_titles()
    rows = []
    for number, entry in enumerate(contents["roadmap_indicators"], 1):
        indicator, value = entry["indicator"], entry["value"]
        label = f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name
        rows.append(
            ItemRow(
                titles[1],
                f"R{number}",
                label,
                value.value if value else "",
                value.year if value else None,
                value.note if value else "",
            )
        )
    for entry in contents["indicators"]:
        value = entry["value"]
        if value is None:
            continue  # not picked by the country
        indicator = entry["indicator"]
        label = str(localised(indicator, "label"))
        rows.append(ItemRow(titles[1], indicator.code, label, value.value, value.year, value.note))
    for entry in contents["questions"]:
        answer, question = entry["answer"], str(localised(entry["question"], "text"))
        rows.append(ItemRow(titles[2], f"Q{entry['number']}", question, answer.text if answer else "", None, ""))
    for p_number, entry in enumerate(contents["priorities"], 1):
        for a_number, action in enumerate(entry["actions"], 1):
            status = action["status"]
            rows.append(
                ItemRow(
                    titles[3],
                    f"P{p_number}.{a_number}",
                    action["action"].title,
                    status.get_status_display() if status else "",
                    None,
                    status.note if status else "",
                )
            )
    return rows


def report_header() -> list[str]:
    return [_("Section"), _("Item"), _("Label"), _("Value, answer or status"), _("Year"), _("Note")]


def cycle_header() -> list[str]:
    return [
        _("Country code"),
        _("Country"),
        _("Status"),
        _("Submitted at (UTC)"),
        _("On time"),
        *report_header(),
    ]


def cycle_reports(cycle: ReportCycle) -> list[Report]:
    """The reports of ``cycle`` the Monitoring Working Group has in hand, with what their rows need.

    A fixed number of queries, plus two per report (its roadmap's priorities and their key actions,
    which ``selectors.report_contents`` reads afresh).
    """
    reports = (
        Report.objects.filter(cycle=cycle, status__in=EXPORTED_STATUSES)
        .select_related("country", "cycle", "roadmap")
        .prefetch_related(
            "indicator_values",
            "roadmap_indicator_values",
            "answers",
            "action_statuses",
            "evidence",
            "cycle__indicators",
            "cycle__questions",
        )
    )
    return sorted(reports, key=lambda r: r.country.name)


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _utc(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment, datetime.UTC).replace(tzinfo=None, second=0, microsecond=0) if moment else None


def cycle_rows(cycle: ReportCycle) -> list[list]:
    """Every row of every exported report of ``cycle``: the country and report, then the item."""
    rows = []
    for report in cycle_reports(cycle):
        prefix = [
            report.country.code.code,
            report.country.name,
            report.get_status_display(),
            _utc(report.submitted_at),
            _yes_no(report.submitted_on_time),
        ]
        for row in report_rows(report):
            rows.append([*prefix, row.section, row.item, row.label, row.value, row.year, row.note])
    return rows


def single_report_rows(report: Report) -> list[list]:
    return [[r.section, r.item, r.label, r.value, r.year, r.note] for r in report_rows(report)]


# ---- CSV and XLSX -------------------------------------------------------------------------------


# Column widths (characters) by header position, for the two layouts.
REPORT_WIDTHS = [34, 9, 60, 60, 7, 40]
CYCLE_WIDTHS = [9, 28, 14, 18, 9, *REPORT_WIDTHS]


def report_csv(report: Report) -> bytes:
    return to_csv(report_header(), single_report_rows(report))


def report_xlsx(report: Report) -> bytes:
    return to_xlsx(report_header(), single_report_rows(report), sheet=_("Report"), widths=REPORT_WIDTHS)


def cycle_reports_csv(cycle: ReportCycle) -> bytes:
    return to_csv(cycle_header(), cycle_rows(cycle))


def cycle_reports_xlsx(cycle: ReportCycle) -> bytes:
    return to_xlsx(cycle_header(), cycle_rows(cycle), sheet=_("Reports"), widths=CYCLE_WIDTHS)


# ---- PDF ----------------------------------------------------------------------------------------


def report_title(report: Report) -> str:
    return _("Annual progress report — %(country)s — %(cycle)s") % {
        "country": report.country.name,
        "cycle": report.cycle.year,
    }


def report_pdf(report: Report) -> bytes:
    """The report as an A4 PDF: its title, the three sections, an example notice for the example."""
    contents = selectors.report_contents(report)
    html = render_to_string(
        "pathfinders/exports/report_pdf.html",
        {
            "report": report,
            "title": report_title(report),
            "contents": contents,
            "sections": section_titles(),
            "indicators": [e for e in contents["indicators"] if e["value"] is not None],
            "font_dir": pdf.FONT_DIR,
            "css": {
                "short_title": pdf.css_string(f"{report.country.name} — {report.cycle.year}"),
                "page_label": pdf.css_string(_("Page")),
                "generated_label": pdf.css_string(
                    _("Exported from the Alliance 8.7 platform on %(date)s") % {"date": dates.day(timezone.localdate())}
                ),
            },
        },
    )
    return pdf.render(html)


def filename(report: Report, extension: str) -> str:
    """``alliance87-annual-report-xe-2024.pdf``: the country code and the year, nothing personal."""
    return f"alliance87-annual-report-{report.country.code.code.lower()}-{report.cycle.year}.{extension}"


def cycle_filename(cycle: ReportCycle, extension: str) -> str:
    return f"alliance87-annual-reports-{slugify(str(cycle.year))}.{extension}"
