"""Pages of the Pathfinder work: the Accountability Framework overview and the editing of an assessment."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87.form_errors import apply_service_errors as _apply_service_errors
from alliance87.network.selectors import region_choices
from alliance87.pagecache import public_page

from .. import selectors, services
from ..models import AssessmentStatus, Judgement, Report, ReportCycle
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
            "judgements": Judgement.choices,
        },
    )


@login_required
def assessment(request, code: str, year: int):
    """A reviewer judges each criterion beside the platform's suggestion; the secretariat publishes."""
    if not request.user.has_perm("pathfinders.assess"):
        raise PermissionDenied
    country = selectors.country_for_page(code)
    cycle = get_object_or_404(ReportCycle, year=year)
    page_url = reverse("pathfinders:assessment", args=[country.code.code.lower(), cycle.year])
    try:
        # Opens the assessment on first visit and brings the platform's suggestions up to date.
        current = services.assessment_prepare(country=country, cycle=cycle, by=request.user)
    except ValidationError as error:
        return render(
            request,
            "pathfinders/framework/assessment_unavailable.html",
            {"country": country, "cycle": cycle, "messages_list": error.messages},
            status=409,
        )
    results = list(current.results.select_related("criterion").order_by("criterion__position", "criterion__pk"))
    bound_code, bound_form, publish_errors = None, None, []
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "publish":
            try:
                services.assessment_publish(assessment=current, by=request.user)
            except ValidationError as error:
                publish_errors, status = error.messages, 400
            else:
                messages.success(request, _("The assessment is published."))
                return redirect(page_url)
        else:
            bound_code = request.POST.get("criterion", "")
            result = next((r for r in results if r.criterion.code == bound_code), None)
            if result is None:
                return HttpResponseBadRequest(_("Unknown criterion."))
            bound_form = JudgementForm(request.POST, prefix=bound_code)
            if bound_form.is_valid():
                try:
                    services.assessment_judge(
                        assessment=current,
                        criterion=result.criterion,
                        by=request.user,
                        judgement=bound_form.cleaned_data["judgement"],
                        evidence=bound_form.cleaned_data["evidence"],
                        comment=bound_form.cleaned_data["comment"],
                    )
                except ValidationError as error:
                    _apply_service_errors(bound_form, error)
                else:
                    messages.success(
                        request, _("The judgement of %(code)s is saved.") % {"code": result.criterion.code}
                    )
                    return redirect(f"{page_url}#criterion-{bound_code}")
            status = 400
    items = []
    for result in results:
        code_ = result.criterion.code
        form = (
            bound_form
            if code_ == bound_code and bound_form is not None
            else JudgementForm(
                prefix=code_,
                initial={"judgement": result.judgement, "evidence": result.evidence, "comment": result.comment},
            )
        )
        items.append({"result": result, "criterion": result.criterion, "form": form})
    # The report this assessment is about, for the reviewer's reference.
    report = Report.objects.filter(country=country, cycle=cycle).first()
    return render(
        request,
        "pathfinders/framework/assessment.html",
        {
            "country": country,
            "cycle": cycle,
            "assessment": current,
            "items": items,
            "report": report,
            "is_published": current.status == AssessmentStatus.PUBLISHED,
            "can_publish": request.user.has_perm("pathfinders.publish_assessment"),
            "publish_errors": publish_errors,
            "open_codes": [r.criterion.code for r in results if not r.effective],
        },
        status=status,
    )


urls: list = [
    path("framework/", framework, name="framework"),
    path("framework/<str:code>/<int:year>/", assessment, name="assessment"),
]
