"""Pages of the Pathfinder work: annual progress reports, from the focal point's draft to the published report.

The focal point fills one form (indicators, the roadmap's own indicators, narrative answers, key action
statuses) and submits it; reviewers and the secretariat see every reporting country's status per cycle and
move reports along the workflow. Every write goes through ``services``; a refusal is shown next to the
field it names.

Every POST of the journey answers with a redirect (303), so reloading a page never posts a form again: a
refused form is kept in the session for the one page that follows and shown there with its errors. Every
save carries the version of the report the form was loaded with (``report.version``): a save made from a
stale page that would overwrite newer answers is refused and says which answers and when they were saved.
Submitting, returning, accepting and publishing ask first, on a page of their own.
"""

import datetime
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from alliance87.accounts.models import Role
from alliance87.network.models import Country
from alliance87.pagecache import public_page
from alliance87.translations import localised

from .. import selectors, services
from ..models import ActionStatus, EvidenceFile, Report, ReportCycle, ReportStatus, Roadmap
from ..services.reports import StaleReport, cycle_open, missing_for_submission

# The form's field names (see the edit template): parsed into the dicts ``services.report_save`` expects.
INDICATOR_FIELD = re.compile(r"indicator-(?P<code>.+)-(?P<part>value|year|note)")
ROADMAP_FIELD = re.compile(r"roadmap-(?P<id>\d+)-(?P<part>value|year|note)")
ANSWER_FIELD = re.compile(r"answer-(?P<id>\d+)")
ACTION_FIELD = re.compile(r"action-(?P<id>\d+)-(?P<part>status|note)")

REVIEW_ACTIONS = {
    "start_review": (services.report_start_review, gettext_lazy("The review has started.")),
    "return": (services.report_return, gettext_lazy("The report was returned to the country with your comments.")),
    "accept": (services.report_accept, gettext_lazy("The report is accepted.")),
    "publish": (services.report_publish, gettext_lazy("The report is published: everyone can now read it.")),
}
CONFIRMED_ACTIONS = ("return", "accept", "publish")  # they ask first, on a page of their own
TO_REVIEW = (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW)
CONFIRM = "yes"


def parse_report_form(data) -> dict:
    """The posted form as ``report_save``'s keyword arguments; only the fields present are included,
    so a partial post (autosave) never clears what it did not send."""
    indicators: dict[str, dict] = {}
    roadmap: dict[str, dict] = {}
    answers: dict[str, str] = {}
    actions: dict[str, dict] = {}
    for name in data:
        value = data.get(name, "")
        if match := ANSWER_FIELD.fullmatch(name):
            answers[match["id"]] = value
        elif match := ACTION_FIELD.fullmatch(name):
            actions.setdefault(match["id"], {})[match["part"]] = value
        elif match := ROADMAP_FIELD.fullmatch(name):
            roadmap.setdefault(match["id"], {})[match["part"]] = value
        elif match := INDICATOR_FIELD.fullmatch(name):
            indicators.setdefault(match["code"], {})[match["part"]] = value
    parsed = {"indicator_values": indicators, "answers": answers, "action_statuses": actions}
    if roadmap:
        parsed["roadmap_indicator_values"] = roadmap
    return parsed


def posted_version(data) -> int | None:
    """The version the posted form was loaded with; None when the form did not say (an older client)."""
    try:
        return int(data.get("version", ""))
    except (TypeError, ValueError):
        return None


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
    if key.startswith("roadmap_"):
        return f"roadmap-{key.removeprefix('roadmap_')}-value"
    if key.startswith("answer_"):
        return f"answer-{key.removeprefix('answer_')}"
    if key.startswith("action_"):
        return f"action-{key.removeprefix('action_')}-status"
    if key == "evidence":
        return "evidence-file"
    return "report-form"


# ---- A refused form, kept for the page after the redirect -----------------------------------------------


def _stash_key(report_pk: int) -> str:
    return f"pathfinders-report-form-{report_pk}"


def _stash(request, report: Report, *, data=None, error=None, **flags) -> None:
    """Keep what was typed and why it was refused for the next page (once): the POST then redirects."""
    kept = {name: data.get(name, "") for name in data if name != "csrfmiddlewaretoken"} if data is not None else None
    request.session[_stash_key(report.pk)] = {
        "data": kept,
        "errors": error_messages(error) if error is not None else {},
        "conflicts": sorted(getattr(error, "conflicts", ())),
        **flags,
    }


def _unstash(request, report: Report) -> dict:
    return request.session.pop(_stash_key(report.pk), None) or {}


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303  # the next request is a GET, whatever was posted
    return response


# ---- The edit form's rows -----------------------------------------------------------------------------


def _posted(data, name: str, default):
    return data[name] if data is not None and name in data else default


def _edit_context(report: Report, *, data=None, errors=None, conflicts=()) -> dict:
    """The edit form's rows from the saved report, overlaid with what was posted (nothing typed is lost).

    A row whose answer a newer save changed (``conflicts``) also carries the saved version, shown with it.
    """
    errors = errors or {}
    contents = selectors.report_contents(report)
    indicators = []
    for item in contents["indicators"]:
        indicator, saved = item["indicator"], item["value"]
        prefix = f"indicator-{indicator.code}"
        key = f"indicator_{indicator.code}"
        indicators.append(
            {
                "indicator": indicator,
                "prefix": prefix,
                "value": _posted(data, f"{prefix}-value", saved.value if saved else ""),
                "year": _posted(data, f"{prefix}-year", saved.year if saved and saved.year else ""),
                "note": _posted(data, f"{prefix}-note", saved.note if saved else ""),
                "errors": errors.get(key, []),
                "conflict": key in conflicts,
                "saved": saved,
            }
        )
    roadmap_indicators = []
    for item in contents["roadmap_indicators"]:
        indicator, saved = item["indicator"], item["value"]
        prefix = f"roadmap-{indicator.pk}"
        key = f"roadmap_{indicator.pk}"
        roadmap_indicators.append(
            {
                "indicator": indicator,
                "priority": item["priority"],
                "prefix": prefix,
                "value": _posted(data, f"{prefix}-value", saved.value if saved else ""),
                "year": _posted(data, f"{prefix}-year", saved.year if saved and saved.year else ""),
                "note": _posted(data, f"{prefix}-note", saved.note if saved else ""),
                "errors": errors.get(key, []),
                "conflict": key in conflicts,
                "saved": saved,
            }
        )
    questions = []
    for item in contents["questions"]:
        question = item["question"]
        key = f"answer_{question.pk}"
        questions.append(
            {
                "question": question,
                "number": item["number"],
                "field": f"answer-{question.pk}",
                "text": _posted(data, f"answer-{question.pk}", item["answer"].text if item["answer"] else ""),
                "errors": errors.get(key, []),
                "conflict": key in conflicts,
                "saved": item["answer"],
            }
        )
    priorities = []
    for number, group in enumerate(contents["priorities"], start=1):
        actions = []
        for item in group["actions"]:
            action, saved = item["action"], item["status"]
            prefix = f"action-{action.pk}"
            key = f"action_{action.pk}"
            actions.append(
                {
                    "action": action,
                    "prefix": prefix,
                    "status": _posted(data, f"{prefix}-status", saved.status if saved else ""),
                    "note": _posted(data, f"{prefix}-note", saved.note if saved else ""),
                    "errors": errors.get(key, []),
                    "conflict": key in conflicts,
                    "saved": saved,
                }
            )
        priorities.append({"priority": group["priority"], "number": number, "actions": actions})
    first_code = indicators[0]["indicator"].code if indicators else None
    if roadmap_indicators:
        first_code = None
    summary = [
        {
            "target": f"roadmap-{roadmap_indicators[0]['indicator'].pk}-value"
            if key == "indicators" and roadmap_indicators
            else field_id_for(key, first_code),
            "message": message,
        }
        for key, messages_ in errors.items()
        for message in messages_
    ]
    return {
        "report": report,
        "indicators": indicators,
        "roadmap_indicators": roadmap_indicators,
        "indicator_errors": errors.get("indicators", []),
        "questions": questions,
        "priorities": priorities,
        "evidence": contents["evidence"],
        "evidence_errors": errors.get("evidence", []),
        "form_errors": errors.get(NON_FIELD_ERRORS, []) + errors.get("status", []),
        "summary": summary,
        "stale": bool(conflicts),
        "status_choices": ActionStatus.choices,
        "upload_limit_mb": _upload_limit_mb(),
    }


def _upload_limit_mb() -> int:
    return settings.UPLOAD_MAX_BYTES // 1_000_000


# ---- The list: a focal point's own reports; every reporting country for reviewers ---------------------


def _focal_point_countries(request) -> list[dict]:
    """For each country the user is focal point of: its reports, the cycle it reports in now (a real one,
    or an example one for the example country) and whether it can start its report there."""
    country_ids = request.user.scopes_for(Role.COUNTRY_FOCAL_POINT, Country)
    if not country_ids:
        return []
    cycles = {False: selectors.open_cycle(example=False), True: selectors.open_cycle(example=True)}
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
        current = cycles[country.is_example]
        result.append(
            {
                "country": country,
                "reports": own,
                "current_cycle": current,
                "current_report": next((r for r in own if current and r.cycle_id == current.pk), None),
                "has_roadmap": country.pk in with_roadmap,
                "can_edit_roadmap": request.user.has_perm("pathfinders.edit_roadmap", country),
            }
        )
    return sorted(result, key=lambda item: item["country"].name)


def _cycle_overview(request) -> dict:
    cycles = list(ReportCycle.objects.order_by("-year"))
    chosen = request.GET.get("cycle", "")
    default = next((c for c in cycles if not c.is_example), cycles[0] if cycles else None)
    cycle = next((c for c in cycles if str(c.year) == chosen), default)
    rows = selectors.cycle_status(cycle) if cycle else []
    counts = {
        "countries": len(rows),
        "submitted": sum(1 for r in rows if r.report is not None and r.report.submitted_at is not None),
        "late": sum(1 for r in rows if r.late),
        "missing": sum(1 for r in rows if r.missing),
    }
    return {"cycles": cycles, "cycle": cycle, "rows": rows, "counts": counts, "today": timezone.localdate()}


def _waiting(user) -> dict:
    """What waits for this reader: reports to review (reviewers, the secretariat), to publish (the secretariat)."""
    base = Report.objects.select_related("country", "cycle")
    waiting = {"to_review": [], "to_publish": []}
    if user.has_perm("pathfinders.review_report"):
        waiting["to_review"] = list(base.filter(status__in=TO_REVIEW))
    if user.has_perm("pathfinders.publish_report"):
        waiting["to_publish"] = list(base.filter(status=ReportStatus.ACCEPTED))
    for reports in waiting.values():
        reports.sort(key=lambda r: (r.cycle.year, r.country.name))
    return waiting


@login_required
def reports_index(request):
    """Who sees what: a focal point their country's reports; reviewers and the secretariat every country.
    Anyone else signed in gets a page saying they hold no reporting role (not a 403: nothing is hidden)."""
    can_open_cycle = request.user.has_perm("pathfinders.manage_cycles")
    context = {
        "countries": _focal_point_countries(request),
        "sees_all": request.user.has_perm("pathfinders.see_late_reports"),
        "real_cycle": selectors.open_cycle(example=False),
        "can_open_cycle": can_open_cycle,
    }
    if context["sees_all"]:
        context.update(_cycle_overview(request))
        context.update(_waiting(request.user))
    if can_open_cycle:
        kept = request.session.pop("pathfinders-cycle-open", None) or {}
        errors = kept.get("errors", {})
        context["cycle_form"] = {
            "year": kept.get("year", timezone.localdate().year - 1),
            "deadline": kept.get("deadline", ""),
            "year_errors": errors.get("year", []),
            "deadline_errors": errors.get("deadline", []),
            "other_errors": [m for k, ms in errors.items() if k not in ("year", "deadline") for m in ms],
        }
    return render(request, "pathfinders/reports/index.html", context)


@login_required
@require_POST
def report_cycle_open(request):
    """The secretariat opens a real reporting cycle (the year reported on, the deadline) from /reports/."""
    if not request.user.has_perm("pathfinders.manage_cycles"):
        raise PermissionDenied
    year_text = request.POST.get("year", "").strip()
    deadline_text = request.POST.get("deadline", "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    try:
        deadline = datetime.date.fromisoformat(deadline_text) if deadline_text else None
    except ValueError:
        deadline = None
    errors = {}
    if year_text and year is None:
        errors["year"] = [_("“%(value)s” is not a year: give four digits, e.g. 2025.") % {"value": year_text}]
    if deadline_text and deadline is None:
        errors["deadline"] = [_("“%(value)s” is not a date.") % {"value": deadline_text}]
    if not errors:
        try:
            cycle = cycle_open(by=request.user, year=year, deadline=deadline)
        except ValidationError as error:
            errors = error_messages(error)
        else:
            messages.success(
                request,
                _("%(cycle)s is open. The focal points of the reporting countries are e-mailed.")
                % {"cycle": localised(cycle, "title")},
            )
            return _see_other(reverse("pathfinders:reports") + f"?cycle={cycle.year}")
    request.session["pathfinders-cycle-open"] = {"year": year_text, "deadline": deadline_text, "errors": errors}
    return _see_other(reverse("pathfinders:reports") + "#open-cycle-title")


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
        return _see_other(reverse("pathfinders:reports"))
    if request.user.has_perm("pathfinders.edit_report", report):
        return _see_other(reverse("pathfinders:report_edit", args=[report.pk]))
    return _see_other(reverse("pathfinders:report", args=[report.pk]))


# ---- Reading a report, and reviewing it -------------------------------------------------------------


def _review_steps(user, report: Report) -> dict:
    can_review = user.has_perm("pathfinders.review_report", report)
    status = report.status
    return {
        "shown": can_review,
        "start_review": can_review and status == ReportStatus.SUBMITTED,
        "return": can_review and status in TO_REVIEW,
        "accept": can_review and status in TO_REVIEW,
        "publish": user.has_perm("pathfinders.publish_report", report) and status == ReportStatus.ACCEPTED,
    }


def _detail_context(request, report: Report) -> dict:
    user = request.user
    contents = selectors.report_contents(report)
    kept = _unstash(request, report) if user.is_authenticated else {}
    review = _review_steps(user, report)
    return {
        "report": report,
        "contents": contents,
        "reported_indicators": [item for item in contents["indicators"] if item["value"] is not None],
        "can_edit": user.has_perm("pathfinders.edit_report", report),
        "review": review,
        "review_errors": [message for messages_ in kept.get("errors", {}).values() for message in messages_],
        "signed_in_with_role": user.is_authenticated
        and (
            user.has_perm("pathfinders.see_late_reports") or user.has_perm("pathfinders.start_report", report.country)
        ),
    }


@public_page
def report_detail(request, pk: int):
    report = selectors.report_for_view(pk, request.user)
    return render(request, "pathfinders/reports/detail.html", _detail_context(request, report))


def _may_take(user, report: Report, action: str) -> bool:
    if action == "publish":
        return user.has_perm("pathfinders.publish_report", report)
    return user.has_perm("pathfinders.review_report", report)


@login_required
@require_POST
def report_review(request, pk: int):
    """Move a report along the review. Returning, accepting and publishing need ``confirm=yes``, which
    only their confirmation page sends: posted without it, the step is asked first."""
    report = selectors.report_for_view(pk, request.user)
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    if action != "publish" and not request.user.has_perm("pathfinders.review_report", report):
        raise PermissionDenied  # before any check of the input: a focal point learns nothing from the form
    if action not in REVIEW_ACTIONS:
        error = ValidationError({"action": _("Choose a review action: start the review, return, accept or publish.")})
        _stash(request, report, error=error)
        return _see_other(reverse("pathfinders:report", args=[report.pk]))
    confirm_page = reverse("pathfinders:report_review_confirm", args=[report.pk, action.replace("_", "-")])
    if action in CONFIRMED_ACTIONS and request.POST.get("confirm") != CONFIRM:
        if not _may_take(request.user, report, action):
            raise PermissionDenied
        _stash(request, report, data={"comment": comment})
        return _see_other(confirm_page)
    service, done = REVIEW_ACTIONS[action]
    kwargs = {"comment": comment} if action == "return" else {}
    try:
        service(report=report, by=request.user, **kwargs)
    except ValidationError as error:
        _stash(request, report, data={"comment": comment}, error=error)
        return _see_other(confirm_page if action in CONFIRMED_ACTIONS else reverse("pathfinders:report", args=[pk]))
    messages.success(request, done)
    return _see_other(reverse("pathfinders:report", args=[report.pk]))


@login_required
@require_GET
def report_review_confirm(request, pk: int, action: str):
    """The page that asks first: what returning, accepting or publishing does, and whom it tells."""
    report = selectors.report_for_view(pk, request.user)
    action = action.replace("-", "_")
    if action not in CONFIRMED_ACTIONS:
        raise Http404
    if not _may_take(request.user, report, action):
        raise PermissionDenied
    kept = _unstash(request, report)
    errors = dict(kept.get("errors", {}))
    context = {
        "report": report,
        "action": action,
        "open": _review_steps(request.user, report)[action],
        "comment": (kept.get("data") or {}).get("comment", ""),
        "comment_errors": errors.pop("comment", []),
        "errors": [message for messages_ in errors.values() for message in messages_],
    }
    return render(request, "pathfinders/reports/confirm_review.html", context)


def evidence_download(request, pk: int, evidence_pk: int):
    """Published reports' evidence is public like the report; the rest needs a signed-in reader."""
    report = selectors.report_for_view(pk, request.user)
    evidence = get_object_or_404(EvidenceFile, pk=evidence_pk, report=report)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
    response["Cache-Control"] = "private, no-store"
    return response


# ---- Filling a report: the form, saving a draft, autosave, evidence, submitting -------------------------


def _report_to_change(request, pk: int) -> tuple[Report, bool]:
    """The report and whether this user may change it now. A report that is its country's but no longer
    a draft is locked, not forbidden: (report, False). Someone who could never change it: 403/404."""
    report = selectors.report_for_view(pk, request.user)
    if request.user.has_perm("pathfinders.edit_report", report):
        return report, True
    if request.user.has_perm("pathfinders.start_report", report.country):
        return report, False
    raise PermissionDenied


def _locked(request, report: Report, status: int = 200):
    """The report can no longer be changed: say why, since when, and when it can be changed again."""
    return render(request, "pathfinders/reports/locked.html", {"report": report}, status=status)


def _locked_json(report: Report) -> JsonResponse:
    message = _("The report is “%(status)s”: it can no longer be changed here. What you typed was not saved.") % {
        "status": report.get_status_display()
    }
    return JsonResponse({"errors": {"status": [message]}}, status=409)


@login_required
def report_edit(request, pk: int):
    report, editable = _report_to_change(request, pk)
    if not editable:
        return _locked(request, report, status=200 if request.method == "GET" else 409)
    edit_page = reverse("pathfinders:report_edit", args=[report.pk])
    if request.method != "POST":
        kept = _unstash(request, report)
        context = _edit_context(
            report, data=kept.get("data"), errors=kept.get("errors"), conflicts=set(kept.get("conflicts", ()))
        )
        context.update(submitting=kept.get("submitting", False), saved=kept.get("saved", False))
        return render(request, "pathfinders/reports/edit.html", context)
    try:
        services.report_save(
            report=report, by=request.user, version=posted_version(request.POST), **parse_report_form(request.POST)
        )
    except ValidationError as error:
        _stash(request, report, data=request.POST, error=error)
        return _see_other(edit_page + "#error-summary")
    messages.success(request, _("Draft saved"))
    return _see_other(edit_page)


@login_required
def report_submit(request, pk: int):
    """Submitting asks first. The form's "Submit report" saves what was typed and checks that nothing is
    missing: refused, the form again listing every missing item; complete, this page (GET) asks to
    confirm, and its button (``confirm=yes``) submits. A post with ``confirm=yes`` and answers (the API's
    way, a script's) saves them, then submits."""
    report, editable = _report_to_change(request, pk)
    if not editable:
        return _locked(request, report, status=200 if request.method == "GET" else 409)
    edit_page = reverse("pathfinders:report_edit", args=[report.pk])
    confirm_page = reverse("pathfinders:report_submit", args=[report.pk])
    if request.method == "GET":
        missing = missing_for_submission(report)
        if missing:
            _stash(request, report, error=ValidationError(missing), submitting=True, saved=True)
            return _see_other(edit_page + "#error-summary")
        return render(request, "pathfinders/reports/confirm_submit.html", {"report": report})
    if request.method != "POST":
        return _see_other(confirm_page)
    try:  # what the form posted is saved first (the confirmation page posts no answer: nothing changes)
        services.report_save(
            report=report, by=request.user, version=posted_version(request.POST), **parse_report_form(request.POST)
        )
    except ValidationError as error:  # nothing was saved: show what was typed with the errors
        _stash(request, report, data=request.POST, error=error, submitting=True)
        return _see_other(edit_page + "#error-summary")
    if request.POST.get("confirm") != CONFIRM:
        missing = missing_for_submission(report)
        if missing:  # saved, but incomplete: it stays a draft
            _stash(request, report, error=ValidationError(missing), submitting=True, saved=True)
            return _see_other(edit_page + "#error-summary")
        return _see_other(confirm_page)  # complete: asked first
    try:
        services.report_submit(report=report, by=request.user)
    except ValidationError as error:
        _stash(request, report, error=error, submitting=True, saved=True)
        return _see_other(edit_page + "#error-summary")
    messages.success(request, _("Report submitted to the Monitoring Working Group. Thank you."))
    return _see_other(reverse("pathfinders:report", args=[report.pk]))


@login_required
@require_POST
def report_autosave(request, pk: int):
    """What report-autosave.js posts a moment after the last keystroke: JSON, never a page.

    200: ``saved_at`` and the report's new ``version`` (the script sends it with the next save). 400: the
    errors by item. 409: the report is locked, or the page is stale: ``conflicts`` lists each field whose
    answer a newer save changed, with the message and the saved version; nothing was saved.
    """
    report, editable = _report_to_change(request, pk)
    if not editable:
        return _locked_json(report)
    try:
        report = services.report_save(
            report=report, by=request.user, version=posted_version(request.POST), **parse_report_form(request.POST)
        )
    except StaleReport as error:
        report.refresh_from_db()
        saved = _saved_texts(report)
        conflicts = [
            {"field": field_id_for(key, None), "message": message, "saved": saved.get(key, "")}
            for key, messages_ in error_messages(error).items()
            for message in messages_
        ]
        return JsonResponse(
            {"errors": error_messages(error), "conflicts": conflicts, "version": report.version}, status=409
        )
    except ValidationError as error:
        return JsonResponse({"errors": error_messages(error)}, status=400)
    return JsonResponse({"saved_at": timezone.now().isoformat(timespec="seconds"), "version": report.version})


def _saved_texts(report: Report) -> dict[str, str]:
    """Each item's saved version as one line of text, by error key: what a stale page is shown."""
    contents = selectors.report_contents(report)
    texts = {}
    for item in contents["indicators"]:
        if item["value"]:
            v = item["value"]
            texts[f"indicator_{item['indicator'].code}"] = " · ".join(str(x) for x in (v.value, v.year, v.note) if x)
    for item in contents["roadmap_indicators"]:
        if item["value"]:
            v = item["value"]
            texts[f"roadmap_{item['indicator'].pk}"] = " · ".join(str(x) for x in (v.value, v.year, v.note) if x)
    for item in contents["questions"]:
        if item["answer"]:
            texts[f"answer_{item['question'].pk}"] = item["answer"].text
    for group in contents["priorities"]:
        for item in group["actions"]:
            if item["status"]:
                s = item["status"]
                texts[f"action_{item['action'].pk}"] = " · ".join(x for x in (s.get_status_display(), s.note) if x)
    return texts


@login_required
@require_POST
def evidence_add(request, pk: int):
    report, editable = _report_to_change(request, pk)
    if not editable:
        return _locked(request, report, status=409)
    edit_page = reverse("pathfinders:report_edit", args=[report.pk])
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
            return _see_other(edit_page + "#evidence-title")
    _stash(request, report, error=error)
    return _see_other(edit_page + "#error-summary")


urls = [
    path("reports/", reports_index, name="reports"),
    path("reports/cycles/open/", report_cycle_open, name="report_cycle_open"),
    path("reports/start/<str:code>/<int:year>/", report_start, name="report_start"),
    path("reports/<int:pk>/", report_detail, name="report"),
    path("reports/<int:pk>/edit/", report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", report_submit, name="report_submit"),
    path("reports/<int:pk>/autosave/", report_autosave, name="report_autosave"),
    path("reports/<int:pk>/review/", report_review, name="report_review"),
    path("reports/<int:pk>/review/<str:action>/", report_review_confirm, name="report_review_confirm"),
    path("reports/<int:pk>/evidence/", evidence_add, name="report_evidence_add"),
    path("reports/<int:pk>/evidence/<int:evidence_pk>/", evidence_download, name="report_evidence"),
]
