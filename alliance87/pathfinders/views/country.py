"""A country's public page (pathway, roadmap, latest report and assessment, partners) and its pathway editing."""

import re

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

from .. import pathways as pathway_reads
from .. import selectors, services
from ..models import CriterionResult
from ..services.pathway import GCG_DECISIONS
from ..vocab import DERIVED_STAGES, MANUAL_STAGES, Stage


def derived_stage_message(stage: str) -> str:
    if stage == Stage.ROADMAP:
        return _(
            "“Roadmap adopted” is not recorded here: it follows from the roadmap. Record the roadmap (Edit "
            "roadmap) and this step is reached on its adoption date."
        )
    return _(
        "“Reporting annually” is not recorded here: it is reached when the country’s first annual report is published."
    )


# A source written for the team, e.g. "… (docs/domain.md)" or "(via docs/domain.md)": the file is not the public's.
FILE_REFERENCE = re.compile(r"\s*\((?:via\s+)?[\w./-]+\.(?:md|txt|py|csv|json)\)", re.IGNORECASE)


def plain_source(source: str) -> str:
    """The source as the public reads it: without a reference to one of the project's files."""
    return FILE_REFERENCE.sub("", source or "").strip()


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
    pathway = selectors.pathway_for(country)
    can_edit_pathway = user.is_authenticated and user.has_perm("pathfinders.record_milestone", country)
    return render(
        request,
        "pathfinders/country/country.html",
        {
            "country": country,
            "source": plain_source(country.source),
            "pathway": pathway,
            # Hand entries the records do not confirm: for the people who keep the pathway, never the public.
            "claims_to_check": pathway.claims_to_check if can_edit_pathway else [],
            "can_delete_claims": user.is_authenticated and user.has_perm("pathfinders.record_gcg_decision"),
            "last_updated": pathway_reads.last_updated_country(country),
            "roadmap": selectors.roadmap_for_page(country),
            "report": report,
            "assessment": assessment,
            "results": assessment_results(assessment),
            "trend": trend,
            "can_edit_pathway": can_edit_pathway,
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
        help_text=gettext_lazy(
            "Where this is documented, e.g. the minutes of the Global Coordinating Group or a published page."
        ),
    )

    def __init__(self, *args, can_record_gcg_decision: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the steps the platform cannot know: a roadmap adopted and reporting follow from the records.
        self.fields["stage"].choices = [
            (stage.value, stage.label)
            for stage in MANUAL_STAGES
            if can_record_gcg_decision or stage not in GCG_DECISIONS
        ]

    def clean(self):
        stage = self.data.get("stage")
        if stage in DERIVED_STAGES:  # say which step to take instead of "not a valid choice"
            self.errors.pop("stage", None)
            self.add_error("stage", derived_stage_message(stage))
        return super().clean()


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
    pathway = selectors.pathway_for(country)
    return render(
        request,
        "pathfinders/country/pathway_edit.html",
        {
            "country": country,
            "form": form,
            "pathway": pathway,
            "roadmap_steps": [s for s in pathway.milestones if s.derived and s.stage == Stage.ROADMAP],
            "report_steps": [s for s in pathway.milestones if s.derived and s.stage == Stage.REPORTING],
            "claims_to_check": pathway.claims_to_check,
            "can_decide": can_decide,
        },
    )


urls = [
    path("countries/<str:code>/", country, name="country"),
    path("countries/<str:code>/pathway/", pathway_edit, name="pathway_edit"),
]
