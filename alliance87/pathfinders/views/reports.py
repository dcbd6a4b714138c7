"""Pages of the Pathfinder work: annual progress reports, from the focal point's draft to the published report.

The focal point fills one form (indicators, narrative answers, key action statuses) and submits it;
reviewers and the secretariat see every reporting country's status per cycle and move reports along
the workflow. Every write goes through ``services``; a refusal is shown next to the field it names.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alliance87.accounts.models import Role
from alliance87.network.models import Country
from alliance87.pagecache import public_page

from .. import selectors, services
from ..models import ActionStatus, EvidenceFile, Report, ReportCycle, ReportStatus, Roadmap

# The form's field names (see the edit template): parsed into the dicts ``services.report_save`` expects.
INDICATOR_FIELD = re.compile(r"indicator-(?P<code>.+)-(?P<part>value|year|note)")
ANSWER_FIELD = re.compile(r"answer-(?P<id>\d+)")
ACTION_FIELD = re.compile(r"action-(?P<id>\d+)-(?P<part>status|note)")

REVIEW_ACTIONS = {
    "start_review": (services.report_start_review, gettext_lazy("The review has started.")),
    "return": (services.report_return, gettext_lazy("The report was returned to the country with your comments.")),
    "accept": (services.report_accept, gettext_lazy("The report is accepted.")),
    "publish": (services.report_publish, gettext_lazy("The report is published: everyone can now read it.")),
}


def parse_report_form(data) -> dict:
    """The posted form as ``report_save``'s keyword arguments; only the fields present are included,
    so a partial post (autosave) never clears what it did not send."""
    indicators: dict[str, dict] = {}
    answers: dict[str, str] = {}
    actions: dict[str, dict] = {}
    for name in data:
        value = data.get(name, "")
        if match := ANSWER_FIELD.fullmatch(name):
            answers[match["id"]] = value
        elif match := ACTION_FIELD.fullmatch(name):
            actions.setdefault(match["id"], {})[match["part"]] = value
        elif match := INDICATOR_FIELD.fullmatch(name):
            indicators.setdefault(match["code"], {})[match["part"]] = value
    return {"indicator_values": indicators, "answers": answers, "action_statuses": actions}


def error_messages(error: ValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as field name → messages (unnamed errors under NON_FIELD_ERRORS)."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def field_id_for(key: str, report_first_indicator: str | None) -> str:
    """The id of the form field a service's error key names: where the error summary's link goes."""
    if key == "indicators":
        return f"indicator-{report_first_indicator}-value" if report_first_indicator else "section-1-title"
    if key.startswith("indicator_"):
        return f"indicator-{key.removeprefix('indicator_')}-year"
    if key.startswith("answer_"):
        return f"answer-{key.removeprefix('answer_')}"
    if key.startswith("action_"):
        return f"action-{key.removeprefix('action_')}-status"
    if key == "evidence":
        return "evidence-file"
    return "report-form"


def _posted(data, name: str, default):
    return data[name] if data is not None and name in data else default


def _edit_context(report: Report, *, data=None, errors: dict[str, list[str]] | None = None) -> dict:
    """The edit form's rows from the saved report, overlaid with what was posted (nothing typed is lost)."""
    errors = errors or {}
    contents = selectors.report_contents(report)
    indicators = []
    for item in contents["indicators"]:
        indicator, saved = item["indicator"], item["value"]
        prefix = f"indicator-{indicator.code}"
        indicators.append(
            {
                "indicator": indicator,
                "prefix": prefix,
                "value": _posted(data, f"{prefix}-value", saved.value if saved else ""),
                "year": _posted(data, f"{prefix}-year", saved.year if saved and saved.year else ""),
                "note": _posted(data, f"{prefix}-note", saved.note if saved else ""),
                "errors": errors.get(f"indicator_{indicator.code}", []),
            }
        )
    questions = []
    for item in contents["questions"]:
        question = item["question"]
        questions.append(
            {
                "question": question,
                "number": item["number"],
                "field": f"answer-{question.pk}",
                "text": _posted(data, f"answer-{question.pk}", item["answer"].text if item["answer"] else ""),
                "errors": errors.get(f"answer_{question.pk}", []),
            }
        )
    priorities = []
    for number, group in enumerate(contents["priorities"], start=1):
        actions = []
        for item in group["actions"]:
            action, saved = item["action"], item["status"]
            prefix = f"action-{action.pk}"
            actions.append(
                {
                    "action": action,
                    "prefix": prefix,
                    "status": _posted(data, f"{prefix}-status", saved.status if saved else ""),
                    "note": _posted(data, f"{prefix}-note", saved.note if saved else ""),
                    "errors": errors.get(f"action_{action.pk}", []),
                }
            )
        priorities.append({"priority": group["priority"], "number": number, "actions": actions})
    first_code = indicators[0]["indicator"].code if indicators else None
    summary = [
        {"target": field_id_for(key, first_code), "message": message}
        for key, messages_ in errors.items()
        for message in messages_
    ]
    return {
        "report": report,
        "indicators": indicators,
        "indicator_errors": errors.get("indicators", []),
        "questions": questions,
        "priorities": priorities,
        "evidence": contents["evidence"],
        "evidence_errors": errors.get("evidence", []),
        "form_errors": errors.get(NON_FIELD_ERRORS, []) + errors.get("status", []),
        "summary": summary,
        "status_choices": ActionStatus.choices,
        "upload_limit_mb": _upload_limit_mb(),
    }


def _upload_limit_mb() -> int:
    return settings.UPLOAD_MAX_BYTES // 1_000_000


def _render_edit(
    request, report: Report, *, data=None, error: ValidationError | None = None, submitting=False, saved=False
):
    errors = error_messages(error) if error is not None else None
    context = _edit_context(report, data=data, errors=errors)
    context.update(submitting=submitting, saved=saved)
    return render(request, "pathfinders/reports/edit.html", context, status=400 if error is not None else 200)


# ---- The list: a focal point's own reports; every reporting country for reviewers ---------------------


def _focal_point_countries(request) -> list[dict]:
    """For each country the user is focal point of: its reports, and whether it can start the current one.

    Four queries whatever the number of countries.
    """
    country_ids = request.user.scopes_for(Role.COUNTRY_FOCAL_POINT, Country)
    if not country_ids:
        return []
    current = ReportCycle.objects.current()
    reports = Report.objects.filter(country_id__in=country_ids).select_related("cycle").order_by("-cycle__year")
    with_roadmap = set(
        Roadmap.objects.current().filter(country_id__in=country_ids).values_list("country_id", flat=True)
    )
    by_country: dict[int, list[Report]] = {pk: [] for pk in country_ids}
    for report in reports:
        by_country[report.country_id].append(report)
    result = []
    for country in Country.objects.filter(pk__in=country_ids):
        own = by_country[country.pk]
        result.append(
            {
                "country": country,
                "reports": own,
                "current_cycle": current,
                "current_report": next((r for r in own if current and r.cycle_id == current.pk), None),
                "has_roadmap": country.pk in with_roadmap,
            }
        )
    return sorted(result, key=lambda item: item["country"].name)


def _cycle_overview(request) -> dict:
    cycles = list(ReportCycle.objects.order_by("-year"))
    chosen = request.GET.get("cycle", "")
    cycle = next((c for c in cycles if str(c.year) == chosen), cycles[0] if cycles else None)
    rows = selectors.cycle_status(cycle) if cycle else []
    counts = {
        "countries": len(rows),
        "submitted": sum(1 for r in rows if r.report is not None and r.report.submitted_at is not None),
        "late": sum(1 for r in rows if r.late),
        "missing": sum(1 for r in rows if r.missing),
    }
    return {"cycles": cycles, "cycle": cycle, "rows": rows, "counts": counts, "today": timezone.localdate()}


@login_required
def reports_index(request):
    """Who sees what: a focal point their country's reports; reviewers and the secretariat every country.
    Anyone else signed in gets a page saying they hold no reporting role (not a 403: nothing is hidden)."""
    context = {
        "countries": _focal_point_countries(request),
        "sees_all": request.user.has_perm("pathfinders.see_late_reports"),
    }
    if context["sees_all"]:
        context.update(_cycle_overview(request))
    return render(request, "pathfinders/reports/index.html", context)


@login_required
@require_POST
def report_start(request, code: str, year: int):
    country = selectors.country_for_page(code)
    cycle = get_object_or_404(ReportCycle, year=year)
    try:
        report = services.report_start(country=country, cycle=cycle, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("pathfinders:reports")
    if request.user.has_perm("pathfinders.edit_report", report):
        return redirect("pathfinders:report_edit", pk=report.pk)
    return redirect("pathfinders:report", pk=report.pk)


# ---- Reading a report, and reviewing it -------------------------------------------------------------


def _detail_context(request, report: Report, *, review_errors=None, comment: str = "") -> dict:
    user = request.user
    can_review = user.has_perm("pathfinders.review_report", report)
    status = report.status
    contents = selectors.report_contents(report)
    review_errors = dict(review_errors or {})
    comment_errors = review_errors.pop("comment", [])
    return {
        "report": report,
        "contents": contents,
        "reported_indicators": [item for item in contents["indicators"] if item["value"] is not None],
        "can_edit": user.has_perm("pathfinders.edit_report", report),
        "review": {
            "shown": can_review,
            "start": can_review and status == ReportStatus.SUBMITTED,
            "return": can_review and status in (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW),
            "accept": can_review and status in (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW),
            "publish": user.has_perm("pathfinders.publish_report", report) and status == ReportStatus.ACCEPTED,
        },
        "review_comment_errors": comment_errors,
        "review_errors": [message for messages_ in review_errors.values() for message in messages_],
        "comment": comment,
        "signed_in_with_role": user.is_authenticated
        and (
            user.has_perm("pathfinders.see_late_reports") or user.has_perm("pathfinders.start_report", report.country)
        ),
    }


@public_page
def report_detail(request, pk: int):
    report = selectors.report_for_view(pk, request.user)
    return render(request, "pathfinders/reports/detail.html", _detail_context(request, report))


@login_required
@require_POST
def report_review(request, pk: int):
    report = selectors.report_for_view(pk, request.user)
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    if action != "publish" and not request.user.has_perm("pathfinders.review_report", report):
        raise PermissionDenied  # before any check of the input: a focal point learns nothing from the form
    if action not in REVIEW_ACTIONS:
        error = ValidationError({"action": _("Choose a review action: start the review, return, accept or publish.")})
    else:
        service, done = REVIEW_ACTIONS[action]
        kwargs = {"comment": comment} if action == "return" else {}
        try:
            service(report=report, by=request.user, **kwargs)
        except ValidationError as caught:
            error = caught
        else:
            messages.success(request, done)
            return redirect("pathfinders:report", pk=report.pk)
    report.refresh_from_db()  # a refused move leaves the report as it was
    context = _detail_context(request, report, review_errors=error_messages(error), comment=comment)
    return render(request, "pathfinders/reports/detail.html", context, status=400)


def evidence_download(request, pk: int, evidence_pk: int):
    """Published reports' evidence is public like the report; the rest needs a signed-in reader."""
    report = selectors.report_for_view(pk, request.user)
    evidence = get_object_or_404(EvidenceFile, pk=evidence_pk, report=report)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
    response["Cache-Control"] = "private, no-store"
    return response


# ---- Filling a report: the form, saving a draft, autosave, evidence, submitting -------------------------


@login_required
def report_edit(request, pk: int):
    report = selectors.report_for_edit(pk, request.user)
    if request.method != "POST":
        return _render_edit(request, report)
    try:
        services.report_save(report=report, by=request.user, **parse_report_form(request.POST))
    except ValidationError as error:
        return _render_edit(request, report, data=request.POST, error=error)
    messages.success(request, _("Draft saved"))
    return redirect("pathfinders:report_edit", pk=report.pk)


@login_required
@require_POST
def report_submit(request, pk: int):
    """Save what was typed, then submit. Refused: the form again (400) listing every missing item."""
    report = selectors.report_for_edit(pk, request.user)
    try:
        services.report_save(report=report, by=request.user, **parse_report_form(request.POST))
    except ValidationError as error:  # nothing was saved: show what was typed with the errors
        return _render_edit(request, report, data=request.POST, error=error, submitting=True)
    try:
        services.report_submit(report=report, by=request.user)
    except ValidationError as error:  # saved, but incomplete: it stays a draft
        report.refresh_from_db()
        return _render_edit(request, report, data=request.POST, error=error, submitting=True, saved=True)
    messages.success(request, _("Report submitted to the Monitoring Working Group. Thank you."))
    return redirect("pathfinders:report", pk=report.pk)


@login_required
@require_POST
def report_autosave(request, pk: int):
    """What report-autosave.js posts a moment after the last keystroke: JSON, never a page."""
    report = selectors.report_for_edit(pk, request.user)
    try:
        services.report_save(report=report, by=request.user, **parse_report_form(request.POST))
    except ValidationError as error:
        return JsonResponse({"errors": error_messages(error)}, status=400)
    return JsonResponse({"saved_at": timezone.now().isoformat(timespec="seconds")})


@login_required
@require_POST
def evidence_add(request, pk: int):
    report = selectors.report_for_edit(pk, request.user)
    upload = request.FILES.get("file")
    if upload is None:
        error = ValidationError({"evidence": _("Choose a file to upload.")})
    else:
        try:
            evidence = services.report_attach_evidence(report=report, by=request.user, file=upload)
        except ValidationError as caught:
            error = caught
        else:
            messages.success(request, _("“%(name)s” is attached.") % {"name": evidence.original_name})
            return redirect(reverse("pathfinders:report_edit", args=[report.pk]) + "#evidence-title")
    return _render_edit(request, report, error=error)


urls = [
    path("reports/", reports_index, name="reports"),
    path("reports/start/<str:code>/<int:year>/", report_start, name="report_start"),
    path("reports/<int:pk>/", report_detail, name="report"),
    path("reports/<int:pk>/edit/", report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", report_submit, name="report_submit"),
    path("reports/<int:pk>/autosave/", report_autosave, name="report_autosave"),
    path("reports/<int:pk>/review/", report_review, name="report_review"),
    path("reports/<int:pk>/evidence/", evidence_add, name="report_evidence_add"),
    path("reports/<int:pk>/evidence/<int:evidence_pk>/", evidence_download, name="report_evidence"),
]
