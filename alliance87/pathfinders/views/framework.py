"""Pages of the Pathfinder work: the Accountability Framework overview and the editing of an assessment."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87.form_errors import apply_service_errors as _apply_service_errors
from alliance87.network.selectors import region_choices
from alliance87.pagecache import public_page

from .. import pathways as pathway_reads
from .. import selectors, services
from ..models import (
    AssessmentStatus,
    Criterion,
    CriterionResult,
    FrameworkVersion,
    Judgement,
    PendingJudgement,
    Report,
    ReportCycle,
)
from ..vocab import Stage


class MatrixFilterForm(forms.Form):
    """The overview's filters (GET, every field optional); an unknown value is ignored, not fatal."""

    cycle = forms.TypedChoiceField(label=gettext_lazy("Reporting cycle"), coerce=int, required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    stage = forms.ChoiceField(label=gettext_lazy("Stage on the pathway"), required=False)

    def __init__(self, *args, cycles: list[ReportCycle], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = [
            (c.year, _("%(year)s (example cycle)") % {"year": c.year} if c.is_example else str(c.year)) for c in cycles
        ]
        self.fields["region"].choices = [("", _("All regions")), *region_choices()]
        self.fields["stage"].choices = [("", _("All stages")), *Stage.choices]


class JudgementForm(forms.Form):
    """A reviewer's judgement of one criterion. The service checks the values, so its messages show."""

    judgement = forms.ChoiceField(label=gettext_lazy("Reviewer’s judgement"), required=False)
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "What the judgement rests on: a document, a law, a meeting. Required unless you comment."
        ),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judgement"].choices = [("", _("— Not judged yet —")), *Judgement.choices]


@public_page
def framework(request):
    """Countries × criteria for one cycle. The public sees published assessments; reviewers also drafts."""
    cycles = list(ReportCycle.objects.order_by("-year"))
    form = MatrixFilterForm(request.GET or None, cycles=cycles)
    form.is_valid()  # the fields that are valid filter; an invalid one shows its error and is ignored
    filters = getattr(form, "cleaned_data", {})
    cycle = next((c for c in cycles if c.year == filters.get("cycle")), cycles[0] if cycles else None)
    published_only = not request.user.has_perm("pathfinders.assess")
    version = selectors.current_framework()
    criteria, rows = [], []
    if cycle is not None:
        criteria, rows = selectors.framework_matrix(
            cycle=cycle,
            region=filters.get("region") or "",
            stage=filters.get("stage") or "",
            published_only=published_only,
        )
    elif version is not None:
        criteria = list(version.criteria.all())
    return render(
        request,
        "pathfinders/framework/overview.html",
        {
            "form": form,
            "cycle": cycle,
            "version": version,
            "criteria": criteria,
            "rows": rows,
            "not_assessed": _("Not assessed"),  # translated once, not once per empty cell
            "filtered": bool(filters.get("region") or filters.get("stage")),
            "published_only": published_only,
            "can_assess": not published_only,
            "can_export": request.user.has_perm("pathfinders.review_report"),
            "can_manage_framework": request.user.has_perm("pathfinders.manage_framework"),
            "judgements": Judgement.choices,
            "last_updated": last_updated(version, [r.assessment for r in rows if r.assessment]),
        },
    )


def last_updated(version, assessments) -> datetime.datetime | None:
    """The latest change to what a Framework page shows: the version and its criteria, the assessments."""
    if version is None:
        return None
    ids = [a.pk for a in assessments]
    return pathway_reads.latest(
        FrameworkVersion.history.filter(id=version.pk).aggregate(t=Max("history_date"))["t"],
        Criterion.history.filter(version_id=version.pk).aggregate(t=Max("history_date"))["t"],
        max((a.updated_at for a in assessments), default=None),
        CriterionResult.history.filter(assessment_id__in=ids).aggregate(t=Max("history_date"))["t"] if ids else None,
    )


def _unavailable(request, country, cycle):
    return render(
        request,
        "pathfinders/framework/assessment_unavailable.html",
        {"country": country, "cycle": cycle, "messages_list": [_("No Accountability Framework version is current.")]},
        status=409,
    )


@login_required
def assessment(request, code: str, year: int):
    """A reviewer judges each criterion beside the platform's suggestion; the secretariat publishes.

    A GET only reads (the page may be opened by anyone with the right, prefetched, or crawled): the
    first judgement saved opens the assessment. Once published, a change waits for the secretariat.
    """
    if not request.user.has_perm("pathfinders.assess"):
        raise PermissionDenied
    country = selectors.country_for_page(code)
    cycle = get_object_or_404(ReportCycle, year=year)
    page_url = reverse("pathfinders:assessment", args=[country.code.code.lower(), cycle.year])
    current, version, items = selectors.assessment_for_page(country=country, cycle=cycle)
    if version is None:
        return _unavailable(request, country, cycle)
    bound_code, bound_form, publish_errors = None, None, []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("publish", "discard"):
            try:
                if action == "publish":
                    # Together or not at all: a publish that is refused must not leave an opened assessment.
                    with transaction.atomic():
                        opened = services.assessment_prepare(country=country, cycle=cycle, by=request.user)
                        services.assessment_publish(assessment=opened, by=request.user)
                elif current is not None:
                    services.assessment_discard_changes(assessment=current, by=request.user)
            except ValidationError as error:
                publish_errors, status = error.messages, 400
            else:
                messages.success(
                    request,
                    _("The assessment is published.")
                    if action == "publish"
                    else _("The changes are turned down: the published judgements stay."),
                )
                return redirect(page_url)
        else:
            bound_code = request.POST.get("criterion", "")
            item = next((i for i in items if i.criterion.code == bound_code), None)
            if item is None:
                return HttpResponseBadRequest(_("Unknown criterion."))
            bound_form = JudgementForm(request.POST, prefix=bound_code)
            if bound_form.is_valid():
                try:
                    # The first judgement opens the assessment; a draft's suggestions are saved with it.
                    opened = services.assessment_prepare(country=country, cycle=cycle, by=request.user)
                    result = services.assessment_judge(
                        assessment=opened,
                        criterion=item.criterion,
                        by=request.user,
                        judgement=bound_form.cleaned_data["judgement"],
                        evidence=bound_form.cleaned_data["evidence"],
                        comment=bound_form.cleaned_data["comment"],
                    )
                except ValidationError as error:
                    _apply_service_errors(bound_form, error)
                else:
                    messages.success(request, _judged_message(opened, result, request.user))
                    return redirect(f"{page_url}#criterion-{bound_code}")
            status = 400
        if publish_errors or bound_form is not None:
            current, version, items = selectors.assessment_for_page(country=country, cycle=cycle)
    is_published = current is not None and current.status == AssessmentStatus.PUBLISHED
    for item in items:
        code_ = item.criterion.code
        shown = item.pending or item.result  # a reviewer goes on from the change that waits, if any
        item.form = (
            bound_form
            if code_ == bound_code and bound_form is not None
            else JudgementForm(
                prefix=code_,
                initial={"judgement": shown.judgement, "evidence": shown.evidence, "comment": shown.comment},
            )
        )
    pending = [i for i in items if i.pending]
    # The report this assessment is about, for the reviewer's reference.
    report = Report.objects.filter(country=country, cycle=cycle).first()
    return render(
        request,
        "pathfinders/framework/assessment.html",
        {
            "country": country,
            "cycle": cycle,
            "assessment": current,
            "version": version,
            "items": items,
            "report": report,
            "is_published": is_published,
            "pending": pending,
            "outdated": is_published and any(i.suggestion_outdated for i in items),
            "can_publish": request.user.has_perm("pathfinders.publish_assessment"),
            "publish_errors": publish_errors,
            "open_codes": [i.criterion.code for i in items if not (i.pending or i.result.effective)],
            # Publishing and turning changes down ask first: the buttons lead to this step (a GET), which
            # says what happens and holds the form that acts.
            "confirm": request.GET.get("confirm") if request.GET.get("confirm") in ("publish", "discard") else "",
            "last_updated": last_updated(version, [current] if current else []),
            "can_manage_framework": request.user.has_perm("pathfinders.manage_framework"),
        },
        status=status,
    )


def _judged_message(assessment, result, user) -> str:
    code = result.criterion.code
    if assessment.status != AssessmentStatus.PUBLISHED:
        return _("The judgement of %(code)s is saved.") % {"code": code}
    if not PendingJudgement.objects.filter(result=result).exists():
        return _("The judgement of %(code)s is the published one: no change waits.") % {"code": code}
    if user.has_perm("pathfinders.publish_assessment"):
        return _(
            "Your change to %(code)s is saved but not public yet: publish the changes below to make it public."
        ) % {"code": code}
    return _(
        "Your change waits for the secretariat to publish it. Until then, everyone sees the published "
        "judgement of %(code)s."
    ) % {"code": code}


urls: list = [
    path("framework/", framework, name="framework"),
    path("framework/<str:code>/<int:year>/", assessment, name="assessment"),
]
