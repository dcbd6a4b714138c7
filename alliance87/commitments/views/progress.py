"""Pages of progress: report on a commitment, its final report, the reports due, the light's rules, and the
evidence files.

Thin: the forms parse, ``progress.py`` decides; a refusal is shown next to the field it names, nothing is
saved. Every write is a POST that redirects (303) to the commitment's page, so it works without JavaScript.
Someone who may not report on a commitment gets the 403 page; a maker of a commitment that is not running
(not yet published, completed, closed) a page saying so.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.form_errors import apply_service_errors

from .. import lights, progress
from ..forms_progress import FinalReportForm, ProgressForm, RulesForm
from ..models import Commitment, CommitmentRules, Progress, UpdateEvidence
from ..rules import is_confirmed_co_implementer, is_maker


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


SHOWN = 200  # commitments per list on the reports due page


def _done(request, url: str):
    """Where to go once saved: a 303 there; for the upload script (``X-Upload-Progress``), the address in
    JSON, so the page it opens is the one that shows the message."""
    if request.headers.get("X-Upload-Progress") == "1":
        return JsonResponse({"location": url})
    return _see_other(url)


def _commitment(request, pk: int) -> Commitment:
    """The commitment, if this reader may see it (else 404: its existence is not told)."""
    commitment = get_object_or_404(
        Commitment.objects.select_related("lead_organisation", "lead_country", "lead_action_group").prefetch_related(
            "co_implementers", "deliverables"
        ),
        pk=pk,
    )
    if not request.user.has_perm("commitments.view_commitment", commitment):
        raise Http404
    return commitment


def _to_report(request, pk: int, perm: str):
    """(commitment, None) when this user may ``perm`` it now; (commitment, page) for one of its makers when
    it is not running; 403 for anyone else."""
    commitment = _commitment(request, pk)
    if request.user.has_perm(perm, commitment):
        return commitment, None
    user = request.user
    if is_maker(user, commitment) or is_confirmed_co_implementer(user, commitment):
        page = render(request, "commitments/progress/not_running.html", {"commitment": commitment}, status=409)
        return commitment, page
    raise PermissionDenied


def _deliverable_rows(commitment) -> list[dict]:
    rows = []
    for deliverable in commitment.deliverables.all():
        maximum = value = None
        if deliverable.target is not None and deliverable.current_value is not None:
            start = deliverable.baseline or 0
            if deliverable.target > start:
                maximum = deliverable.target - start
                value = min(max(deliverable.current_value - start, 0), maximum)
        label = Progress(deliverable.progress).label if deliverable.progress in Progress.values else ""
        rows.append({"deliverable": deliverable, "max": maximum, "value": value, "progress_label": label})
    return rows


def _context(commitment, form, **extra) -> dict:
    rules = CommitmentRules.current()
    commitment.light = lights.light_of(commitment, rules)  # as of now, whatever the daily command last stored
    return {
        "commitment": commitment,
        "form": form,
        "deliverables": _deliverable_rows(commitment),
        "upload_limit_mb": settings.UPLOAD_MAX_BYTES // 1_000_000,
        "due_on": (due_on := lights.report_due_on(commitment, rules)),
        "overdue": due_on is not None and due_on < timezone.localdate(),
        "commitment_url": progress.commitment_url(commitment),
        **extra,
    }


def _evidence(form) -> dict:
    data = form.cleaned_data
    return {
        "language": data["language"],
        "files": data["files"],
        "links": data["links"],
        "share_as_story": data["share_as_story"],
    }


@login_required
def report(request, pk: int):
    commitment, refused = _to_report(request, pk, "commitments.report_progress")
    if refused:
        return refused
    form = ProgressForm(request.POST or None, request.FILES or None, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            progress.report_progress(
                by=request.user,
                commitment=commitment,
                deliverable=data["deliverable"],
                progress=data["progress"],
                value=data["value"],
                text=data["text"],
                **_evidence(form),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your progress report is saved and shown on the commitment."))
            return _done(request, progress.commitment_url(commitment))
    status = 400 if form.errors else 200
    return render(request, "commitments/progress/report.html", _context(commitment, form), status=status)


@login_required
def complete(request, pk: int):
    commitment, refused = _to_report(request, pk, "commitments.complete_commitment")
    if refused:
        return refused
    form = FinalReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            progress.complete(
                by=request.user, commitment=commitment, text=data["text"], progress=data["progress"], **_evidence(form)
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The final report is sent: the commitment is completed. Thank you."))
            return _done(request, progress.commitment_url(commitment))
    status = 400 if form.errors else 200
    return render(request, "commitments/progress/complete.html", _context(commitment, form), status=status)


@login_required
def due(request):
    """The commitments whose report is due, overdue or missing for long, that this person reports on (the
    secretariat: all of them), the longest silent first; then the others of theirs, on time. Each list
    shows at most ``SHOWN`` (and says so)."""
    mine = (
        progress.reportable_by(request.user)
        .select_related("lead_organisation", "lead_country", "lead_action_group")
        .annotate(basis=Coalesce("last_reported_at", "published_at"))
        .order_by(F("basis").asc(nulls_last=True), "pk")
    )
    rules = CommitmentRules.current()
    waiting = list(mine.filter(light__in=lights.WAITING)[: SHOWN + 1])
    others = list(mine.exclude(light__in=lights.WAITING)[: SHOWN + 1])
    for c in waiting + others:
        c.due_on = lights.report_due_on(c, rules)
    context = {
        "waiting": waiting[:SHOWN],
        "others": others[:SHOWN],
        "more": len(waiting) > SHOWN or len(others) > SHOWN,
        "shown": SHOWN,
        "rules": rules,
    }
    return render(request, "commitments/progress/due.html", context)


@login_required
def rules_page(request):
    if not request.user.has_perm("commitments.manage_rules"):
        raise PermissionDenied
    rules = CommitmentRules.current()
    form = RulesForm(request.POST or None, instance=CommitmentRules.current())
    if request.method == "POST" and form.is_valid():
        try:
            progress.rules_update(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The rules are saved; every commitment’s light was recomputed."))
            return _see_other(reverse("commitments:progress_rules"))
    return render(
        request, "commitments/progress/rules.html", {"form": form, "rules": rules}, status=400 if form.errors else 200
    )


def evidence_download(request, pk: int, evidence_pk: int):
    """An update's evidence file: for whoever may see the commitment."""
    commitment = _commitment(request, pk)
    evidence = get_object_or_404(UpdateEvidence, pk=evidence_pk, update__commitment=commitment)
    if not evidence.file:
        raise Http404
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
    response["Cache-Control"] = "private, no-store"
    return response


urls = [
    path("commitments/manage/rules/", rules_page, name="progress_rules"),
    path("commitments/reports-due/", due, name="progress_due"),
    path("commitments/<int:pk>/report/", report, name="progress_report"),
    path("commitments/<int:pk>/complete/", complete, name="progress_complete"),
    path("commitments/<int:pk>/evidence/<int:evidence_pk>/", evidence_download, name="progress_evidence"),
]
