"""Pages of the Pathfinder work: exports. A report as PDF, CSV or XLSX; a whole cycle for the Monitoring
Working Group as CSV or XLSX. The files are built in ``pathfinders.exports``."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.http import content_disposition_header

from .. import exports, selectors
from ..models import ReportCycle

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    # What only some people may see must not linger in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def report_pdf(request, pk: int):
    report = selectors.report_for_view(pk, request.user)
    return _attachment(exports.report_pdf(report), PDF, exports.filename(report, "pdf"))


def report_csv(request, pk: int):
    report = selectors.report_for_view(pk, request.user)
    return _attachment(exports.report_csv(report), CSV, exports.filename(report, "csv"))


def report_xlsx(request, pk: int):
    report = selectors.report_for_view(pk, request.user)
    return _attachment(exports.report_xlsx(report), XLSX, exports.filename(report, "xlsx"))


def _cycle_for_reviewers(request, year: int) -> ReportCycle:
    if not request.user.has_perm("pathfinders.review_report"):
        raise PermissionDenied
    return get_object_or_404(ReportCycle, year=year)


@login_required
def cycle_reports_csv(request, year: int):
    cycle = _cycle_for_reviewers(request, year)
    return _attachment(exports.cycle_reports_csv(cycle), CSV, exports.cycle_filename(cycle, "csv"))


@login_required
def cycle_reports_xlsx(request, year: int):
    cycle = _cycle_for_reviewers(request, year)
    return _attachment(exports.cycle_reports_xlsx(cycle), XLSX, exports.cycle_filename(cycle, "xlsx"))


urls: list = [
    path("reports/<int:pk>/report.pdf", report_pdf, name="report_pdf"),
    path("reports/<int:pk>/report.csv", report_csv, name="report_csv"),
    path("reports/<int:pk>/report.xlsx", report_xlsx, name="report_xlsx"),
    path("reports/cycle/<int:year>/reports.csv", cycle_reports_csv, name="cycle_reports_csv"),
    path("reports/cycle/<int:year>/reports.xlsx", cycle_reports_xlsx, name="cycle_reports_xlsx"),
]
