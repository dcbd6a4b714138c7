"""A country's public page (pathway, roadmap, latest report and assessment, partners) and its pathway editing."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87.form_errors import apply_service_errors
from alliance87.network import selectors as network_selectors
from alliance87.pagecache import public_page

from .. import selectors, services
from ..models import CriterionResult
from ..services.pathway import GCG_DECISIONS
from ..vocab import Stage


def assessment_results(assessment) -> list[CriterionResult]:
    """Each criterion's result in an assessment, in the Framework's order (one query)."""
    if assessment is None:
        return []
    return list(
        CriterionResult.objects.filter(assessment=assessment)
        .select_related("criterion")
        .order_by("criterion__position", "criterion__pk")
    )


@public_page
def country(request, code: str):
    country = network_selectors.country_for_page(code)  # with the partners based there
    report = selectors.latest_published_report(country)
    trend = selectors.country_trend(country)
    assessment = next((t["assessment"] for t in trend if report and t["cycle"].pk == report.cycle_id), None)
    user = request.user
    return render(
        request,
        "pathfinders/country/country.html",
        {
            "country": country,
            "pathway": selectors.pathway_for(country),
            "roadmap": selectors.roadmap_for_page(country),
            "report": report,
            "assessment": assessment,
            "results": assessment_results(assessment),
            "trend": trend,
            "can_edit_pathway": user.is_authenticated and user.has_perm("pathfinders.record_milestone", country),
            "can_edit_roadmap": user.is_authenticated and user.has_perm("pathfinders.edit_roadmap", country),
        },
    )


class MilestoneForm(forms.Form):
    stage = forms.ChoiceField(label=gettext_lazy("Stage"))
    date = forms.DateField(
        label=gettext_lazy("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty when the date is not known."),
    )
    viable_roadmap = forms.BooleanField(
        label=gettext_lazy("The workshop produced a viable roadmap"),
        required=False,
        help_text=gettext_lazy("For a strategic planning workshop. Pathfinder status can only be granted after one."),
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=500)
    source = forms.CharField(
        label=gettext_lazy("Source"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Where this is documented, e.g. the GCG’s minutes or a published page."),
    )

    def __init__(self, *args, can_record_gcg_decision: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            (value, label) for value, label in Stage.choices if can_record_gcg_decision or value not in GCG_DECISIONS
        ]


def country_for_pathway_edit(code: str, user):
    country = selectors.country_for_page(code)
    if not user.has_perm("pathfinders.record_milestone", country):
        raise PermissionDenied
    return country


@login_required
def pathway_edit(request, code: str):
    country = country_for_pathway_edit(code, request.user)
    can_decide = request.user.has_perm("pathfinders.record_gcg_decision")
    form = MilestoneForm(request.POST or None, can_record_gcg_decision=can_decide)
    if request.method == "POST" and form.is_valid():
        try:
            milestone = services.milestone_record(
                country=country,
                by=request.user,
                is_example=country.is_example,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("“%(stage)s” is recorded.") % {"stage": milestone.get_stage_display()})
            return redirect("pathfinders:pathway_edit", code=code.lower())
    return render(
        request,
        "pathfinders/country/pathway_edit.html",
        {
            "country": country,
            "form": form,
            "pathway": selectors.pathway_for(country),
            "can_decide": can_decide,
        },
    )


urls = [
    path("countries/<str:code>/", country, name="country"),
    path("countries/<str:code>/pathway/", pathway_edit, name="pathway_edit"),
]
