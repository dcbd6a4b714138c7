"""The secretariat's indicator data pages: the datasets and the imports under way (``/indicators/manage/``) with
the upload form; an import's report (what was read, the problems by line and column, the values inferred to
confirm, a preview) and then its landing's progress (``progress.json``, polled every second, the page itself
works without JavaScript); a dataset's page with its workflow (the forms post to ``views/notices.py``).

Thin: ``imports`` reads, checks and lands; ``notices`` holds the workflow's rules. The list page answers 403
to anyone signed in but the secretariat; an import or a dataset someone may not see answers 404, so its
address tells nothing.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from alliance87.form_errors import apply_service_errors

from .. import imports, notices
from ..forms import ConfirmForm, NoticeForm, UploadForm, WithdrawForm
from ..models import (
    CountryNotice,
    Dataset,
    DatasetStatus,
    ImportStatus,
    IndicatorImport,
    Observation,
)

MANAGE = "indicators.import_data"
PAGE_SIZE = 50
SAMPLE_ROWS = 20
UNDER_WAY = (ImportStatus.PREVIEW, ImportStatus.QUEUED, ImportStatus.RUNNING)
LANDING = (ImportStatus.QUEUED, ImportStatus.RUNNING)


def _manages(request) -> None:
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied


def _run(request, pk) -> IndicatorImport:
    """An import: the secretariat's only; to anyone else it does not exist."""
    if not request.user.has_perm(MANAGE):
        raise Http404
    return get_object_or_404(IndicatorImport.objects.select_related("country", "series", "dataset"), pk=pk)


def dataset_for_manage(request, pk) -> Dataset:
    """A dataset for the secretariat; to anyone else a 404 when they may not see it, a 403 when they may."""
    dataset = get_object_or_404(Dataset.objects.select_related("country", "created_by"), pk=pk)
    if not request.user.has_perm(MANAGE):
        if not request.user.has_perm("indicators.view_dataset", dataset):
            raise Http404
        raise PermissionDenied
    return dataset


# The list: datasets, imports under way, the upload form.


def datasets_listed(status: str = ""):
    datasets = (
        Dataset.objects.select_related("country")
        .annotate(rows=Count("observations"), first_year=Min("observations__year"), last_year=Max("observations__year"))
        .prefetch_related(Prefetch("notices", queryset=CountryNotice.objects.select_related("country")))
        .order_by("-created_at", "-pk")
    )
    return datasets.filter(status=status) if status else datasets


def series_of(datasets) -> dict[int, list[str]]:
    """{dataset id: its series' codes}, for a page of datasets in one query."""
    found: dict[int, list[str]] = {}
    rows = (
        Observation.objects.filter(dataset__in=[d.pk for d in datasets])
        .values_list("dataset_id", "series__code")
        .distinct()
        .order_by("dataset_id", "series__code")
    )
    for dataset_id, code in rows:
        found.setdefault(dataset_id, []).append(code)
    return found


def _list_page(request, form=None, status=200):
    chosen = request.GET.get("status", "")
    if chosen not in DatasetStatus.values:
        chosen = ""
    page = Paginator(datasets_listed(chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    codes = series_of(page.object_list)
    for dataset in page.object_list:
        dataset.series_codes = codes.get(dataset.pk, [])
        dataset.notice_list = list(dataset.notices.all())
        dataset.answered = sum(1 for n in dataset.notice_list if n.status == "answered")
    runs = list(
        IndicatorImport.objects.filter(status__in=UNDER_WAY)
        .select_related("country", "series", "created_by")
        .order_by("-created_at")
    )
    for run in runs:
        run.interrupted = imports.is_interrupted(run)
    return render(
        request,
        "indicators/manage/list.html",
        {
            "page": page,
            "chosen": chosen,
            "statuses": DatasetStatus.choices,
            "runs": runs,
            "form": form or UploadForm(),
        },
        status=status,
    )


@login_required
def manage(request):
    """GET: the list. POST: an upload, checked at once; the report's page follows (refused or not)."""
    _manages(request)
    if request.method != "POST":
        return _list_page(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        run = imports.check(
            data=upload.read(),
            file_name=upload.name,
            by=request.user,
            country=form.cleaned_data["country"],
            series=form.cleaned_data["series"],
            source=form.cleaned_data["source"],
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return _list_page(request, form=form, status=400)
    return redirect("indicators:import", run.pk)


# An import: the report, the confirmation, the progress.


def summary_rows(summary: dict) -> list[tuple[str, str]]:
    """The report's summary as (label, text) rows, in a fixed order; what the reader did not give is left out."""

    def listed(value) -> str:
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return str(value)

    def years(value) -> str:
        if isinstance(value, (list, tuple)) and value:
            return f"{min(value)}–{max(value)} ({len(value)})" if len(value) > 1 else str(value[0])
        return listed(value)

    def counted(value) -> str:
        if isinstance(value, (list, tuple)):
            value = len(value)
        return number_format(value, force_grouping=True) if isinstance(value, int) else str(value)

    delimiters = {",": _("comma (,)"), ";": _("semicolon (;)"), "\t": _("tab")}
    decimals = {".": _("point (7.07)"), ",": _("comma (7,07)")}
    shown = [
        ("rows", _("Rows"), counted),
        ("values", _("Values"), counted),
        ("empty_values", _("Empty values (kept empty)"), counted),
        ("years", _("Years"), years),
        ("areas", _("Areas"), counted),
        ("series", _("Series"), listed),
        ("columns", _("Columns"), listed),
        ("encoding", _("Encoding"), listed),
        ("delimiter", _("Delimiter"), lambda v: delimiters.get(v, str(v))),
        ("decimal", _("Decimal mark"), lambda v: decimals.get(v, str(v))),
    ]
    return [(label, show(summary[key])) for key, label, show in shown if summary.get(key) not in (None, "", [])]


def _preview(report: dict) -> tuple[list[str], list[list[str]]]:
    rows = report.get("preview") or []
    if not rows:
        return [], []
    columns = list(rows[0].keys())
    return columns, [[("" if row.get(c) is None else str(row.get(c))) for c in columns] for row in rows]


def progress_text(state: dict, interrupted: bool) -> str:
    if interrupted:
        return _("Interrupted: nothing was saved. Run it again.")
    status = state["status"]
    if status == ImportStatus.QUEUED:
        return _("Waiting to start…")
    if status == ImportStatus.LANDED:
        return _("Landed: 100%.")
    if status == ImportStatus.FAILED:
        return _("Failed: nothing was saved.")
    stages = {"reading": _("Reading the file again"), "landing": _("Saving the rows")}
    if state.get("total"):
        return _("%(stage)s: %(done)s of %(total)s rows (%(percent)s%%)") % {
            "stage": stages.get(state.get("stage"), _("Landing")),
            "done": number_format(state["done"], force_grouping=True),
            "total": number_format(state["total"], force_grouping=True),
            "percent": state["percent"],
        }
    return _("Landing…")


def _state(run) -> dict:
    state = imports.progress(run)
    interrupted = imports.is_interrupted(run)
    state["interrupted"] = interrupted
    state["text"] = progress_text(state, interrupted)
    state["dataset_url"] = reverse("indicators:dataset", args=[run.dataset_id]) if run.dataset_id else None
    return state


def _report_page(request, run, *, confirm=None, upload=None, status=200):
    report = run.report or {}
    columns, preview = _preview(report)
    inferred = report.get("inferred") or []
    if confirm is None and run.status == ImportStatus.PREVIEW:
        confirm = ConfirmForm(
            inferred=inferred,
            initial={"source": (run.options or {}).get("source", "")},
        )
    if upload is None and (run.status in (ImportStatus.REFUSED, ImportStatus.FAILED) or imports.is_interrupted(run)):
        upload = UploadForm(
            initial={
                "country": str(run.country_id or ""),
                "series": run.series_id,
                "source": (run.options or {}).get("source", ""),
            }
        )
    return render(
        request,
        "indicators/manage/import.html",
        {
            "run": run,
            "report": report,
            "problems": report.get("problems") or [],
            "inferred": inferred,
            "summary": summary_rows(report.get("summary") or {}),
            "preview_columns": columns,
            "preview": preview,
            "confirm": confirm,
            "upload": upload,
            "state": _state(run),
            "landing": run.status in LANDING,
        },
        status=status,
    )


def _inferred_field_errors(form: ConfirmForm, error: ValidationError) -> None:
    """The service names missing or wrong inferred values by their key: show each at its input."""
    names = {str(item.get("key")): f"inferred_{index}" for index, item in enumerate(form.inferred)}
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            field = names.get(key) or (key if key in form.fields else None)
            form.add_error(field, errors)
    else:
        form.add_error(None, error)


@login_required
@never_cache
def import_page(request, pk):
    """GET: the report (before confirming) or the progress (after). POST: confirm the inferred values."""
    run = _run(request, pk)
    if request.method != "POST":
        return _report_page(request, run)
    form = ConfirmForm(request.POST, inferred=(run.report or {}).get("inferred") or [])
    if not form.is_valid():
        return _report_page(request, run, confirm=form, status=400)
    try:
        run = imports.confirm(
            run=run,
            by=request.user,
            confirmed=form.confirmed(),
            title=form.cleaned_data["title"],
            source=form.cleaned_data["source"],
        )
    except ValidationError as error:
        _inferred_field_errors(form, error)
        return _report_page(request, run, confirm=form, status=400)
    return redirect("indicators:import", run.pk)


@login_required
@never_cache
def import_progress(request, pk):
    """The landing's progress as JSON, for the page's script: status, stage, done, total, percent, the text to
    show, whether it was interrupted, the dataset's address once landed."""
    run = _run(request, pk)
    return JsonResponse(_state(run))


# A dataset.


def dataset_context(dataset: Dataset, *, notice_form=None, withdraw_form=None) -> dict:
    by_series = list(
        Observation.objects.filter(dataset=dataset)
        .values("series__code", "series__title")
        .annotate(
            rows=Count("pk"),
            values=Count("value"),
            first=Min("year"),
            last=Max("year"),
            areas=Count("area", distinct=True),
        )
        .order_by("series__code")
    )
    sample = list(Observation.objects.filter(dataset=dataset).order_by("row")[:SAMPLE_ROWS])
    notice_list = list(dataset.notices.select_related("country", "commented_by").order_by("country__code"))
    covered = notices.countries_covered(dataset)
    notified = {n.country_id for n in notice_list}
    open_to_notice = dataset.status in (DatasetStatus.DRAFT, DatasetStatus.NOTICE)
    if notice_form is None and open_to_notice:
        notice_form = NoticeForm(covered=[c for c in covered if c.pk not in notified])
    return {
        "dataset": dataset,
        "by_series": by_series,
        "sample": sample,
        "label_columns": list(sample[0].labels.keys()) if sample else [],
        "notices": notice_list,
        "covered": covered,
        "notice_form": notice_form if open_to_notice else None,
        "publish_problems": notices.publish_problems(dataset) if open_to_notice else [],
        "can_publish": open_to_notice,
        "withdraw_form": withdraw_form or (WithdrawForm() if dataset.status != DatasetStatus.WITHDRAWN else None),
        "landed_from": IndicatorImport.objects.filter(dataset=dataset).first(),
    }


def render_dataset(request, dataset, *, status=200, **forms):
    return render(request, "indicators/manage/dataset.html", dataset_context(dataset, **forms), status=status)


@login_required
def dataset_page(request, pk):
    return render_dataset(request, dataset_for_manage(request, pk))


@login_required
def dataset_csv(request, pk):
    """The dataset as the Open SDG tidy CSV it came in (``tidy_export``): the file's columns, values as written."""
    from .. import tidy_export  # noqa: PLC0415 -- H1's module; the page works while it is being written

    dataset = dataset_for_manage(request, pk)
    response = HttpResponse(tidy_export.dataset_csv(dataset), content_type="text/csv; charset=utf-8")
    name = (dataset.file_name or f"dataset-{dataset.pk}.csv").replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urls = [
    path("indicators/manage/", manage, name="manage"),
    path("indicators/manage/<int:pk>/", dataset_page, name="dataset"),
    path("indicators/manage/<int:pk>/tidy.csv", dataset_csv, name="dataset_csv"),
    path("indicators/import/<int:pk>/", import_page, name="import"),
    path("indicators/import/<int:pk>/progress.json", import_progress, name="import_progress"),
]
