"""The ten-year report's page: the latest ready report in each language to download (everyone), and for the
secretariat the builds (start one or all four, follow the progress, build again what stopped).

Thin: ``stocktake.report`` checks the right and does the work. The progress of a build is polled as JSON
every second by ``js/stocktake-report.js``; without JavaScript the page's "Refresh" link shows it.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from alliance87.form_errors import apply_service_errors
from alliance87.pagecache import public_page

from .. import report
from ..models import BuildStatus, TenYearReport

ALL = "all"


class BuildForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (ALL, _("All four languages, one after the other")),
            *[(code, report.language_name(code)) for code in report.languages()],
        ]


def _may_build(user) -> bool:
    return user.is_authenticated and user.has_perm(report.PERM)


def _page(request, *, form=None, status=200):
    language = translation.get_language() or "en"
    ready = report.latest_ready()
    current = ready.get(language)
    others = [
        {"code": code, "name": report.language_name(code), "native": native, "report": ready[code]}
        for code, native in _native_names()
        if code in ready and code != language
    ]
    context = {
        "current": current,
        "current_name": report.language_name(language),
        "others": others,
        "title": report.report_title(),
        "can_build": False,
    }
    if _may_build(request.user):
        context.update(can_build=True, form=form or BuildForm(), builds=report.recent_builds())
    return render(request, "stocktake/report/page.html", context, status=status)


def _native_names() -> list[tuple[str, str]]:
    names = getattr(settings, "LANGUAGE_NAMES_NATIVE", {})
    return [(code, names.get(code, code)) for code in report.languages()]


@require_GET
@public_page
def report_page(request):
    return _page(request)


@require_GET
def report_file(request, pk: int):
    """The PDF of a ready report; any other (queued, running, failed, unknown) is not found."""
    found = get_object_or_404(TenYearReport, pk=pk, status=BuildStatus.DONE)
    if not found.file:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        content_type="application/pdf",
        filename=f"alliance87-ten-year-report-{found.language}.pdf",
    )
    response["Content-Language"] = found.language
    return response


@login_required
@require_POST
def report_build(request):
    if not _may_build(request.user):
        raise PermissionDenied
    form = BuildForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    language = form.cleaned_data["language"]
    try:
        if language == ALL:
            started = report.start_all(by=request.user)
        else:
            started = [report.start(language=language, by=request.user)]
    except ValidationError as error:
        apply_service_errors(form, error)
        return _page(request, form=form, status=400)
    names = ", ".join(report.language_name(r.language) for r in started)
    messages.success(request, _("Build started: %(languages)s. This page follows it.") % {"languages": names})
    return redirect("stocktake:report")


@login_required
@require_POST
def report_again(request, pk: int):
    if not _may_build(request.user):
        raise PermissionDenied
    found = get_object_or_404(TenYearReport, pk=pk)
    try:
        again = report.build_again(report=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("stocktake:report")
    messages.success(
        request, _("Build started again: %(language)s.") % {"language": report.language_name(again.language)}
    )
    return redirect("stocktake:report")


@require_GET
def report_progress(request, pk: int):
    """The state of a build as JSON, for the secretariat's page (polled every second)."""
    if not _may_build(request.user):
        raise PermissionDenied
    found = get_object_or_404(TenYearReport, pk=pk)
    response = JsonResponse(report.progress(found))
    response["Cache-Control"] = "no-store"
    return response


urls = [
    path("ten-years/report/", report_page, name="report"),
    path("ten-years/report/build/", report_build, name="report_build"),
    path("ten-years/report/<int:pk>.pdf", report_file, name="report_file"),
    path("ten-years/report/<int:pk>/again/", report_again, name="report_again"),
    path("ten-years/report/<int:pk>/progress.json", report_progress, name="report_progress"),
]
