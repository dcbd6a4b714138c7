"""The Pathfinder API: public reads of published work, and report writes for focal points (bearer token).

Reads show only what the public may see: the pathway (milestones are public facts), each country's
current roadmap (a roadmap is public once it exists: it is the country's published national plan),
and published reports and assessments. A report that is not published answers 404, unless the
bearer token's user may view it (its country's focal points, the reviewers, the secretariat).

Writes go through the same services as the pages, so the API refuses what the pages refuse, with
each message naming its item: ``answer_<question id>``, ``action_<key action id>``,
``indicator_<code>``, as ``{"detail": [{"loc": ["body", "answer_12"], "msg": "…"}]}``.

The cycle's title, its indicators' labels and questions' texts, and the Framework criteria's titles are in
English in their fields and in the other languages in ``translations`` (``alliance87.api_translations``).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BaseModel

from alliance87.api_auth import OptionalTokenAuth, TokenAuth
from alliance87.api_pagination import PageNumbers
from alliance87.api_translations import translations_field, translations_out, translations_type
from alliance87.api_types import Text
from alliance87.network.api import CountryRef, country_ref
from alliance87.network.models import Country

from . import selectors, services
from .models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    CriterionResult,
    CycleIndicator,
    CycleQuestion,
    Report,
    ReportCycle,
    ReportStatus,
)

router = Router(tags=["pathfinders"])


# ---- Schemas -------------------------------------------------------------------------------------


class MilestoneOut(Schema):
    stage: str
    date: datetime.date | None
    note: str


class PathwayOut(Schema):
    code: str
    name: str
    stage: str | None = Field(..., description="the furthest stage reached; null when nothing is known")
    is_pathfinder: bool
    is_example: bool = Field(..., description="an invented country that shows how the platform works")
    milestones: list[MilestoneOut]


class BudgetOut(Schema):
    amount: Decimal | None = Field(..., description="a decimal number, as a string to keep its precision")
    currency: str = Field(..., description="ISO 4217 code; empty when no amount is given")
    funding: str = Field(..., description="funded, partly, unfunded or unknown")


class KeyActionOut(Schema):
    id: int
    title: str
    responsible_body: str
    start_year: int | None
    end_year: int | None
    budget: BudgetOut


class RoadmapIndicatorOut(Schema):
    name: str
    unit: str
    baseline_value: Decimal | None
    baseline_year: int | None
    target_value: Decimal | None
    target_year: int | None


class PriorityOut(Schema):
    title: str
    description: str
    durban_areas: list[str]
    forms: list[str]
    key_actions: list[KeyActionOut]
    indicators: list[RoadmapIndicatorOut]


class RoadmapOut(Schema):
    country: CountryRef
    title: str
    version: int
    period_start: int
    period_end: int
    adopted_on: datetime.date | None
    is_example: bool
    priorities: list[PriorityOut]


class CycleRef(Schema):
    year: int
    title: str
    deadline: datetime.date
    translations: translations_type(ReportCycle) = translations_field()

    @staticmethod
    def resolve_translations(obj: ReportCycle):
        return translations_out(obj)


class ReportBase(Schema):
    id: int
    country: CountryRef
    cycle: CycleRef
    status: str
    submitted_at: datetime.datetime | None
    submitted_on_time: bool | None
    published_at: datetime.datetime | None
    is_example: bool


class ReportOut(ReportBase):
    """A report in a list, read straight from the model."""

    @staticmethod
    def resolve_country(obj):
        return country_ref(obj.country)


class IndicatorValueOut(Schema):
    value: str
    year: int | None
    note: str


class ReportIndicatorOut(Schema):
    code: str
    label: str
    reported: IndicatorValueOut | None = Field(..., description="null when the country did not pick it")
    translations: translations_type(CycleIndicator) = translations_field()


class ReportQuestionOut(Schema):
    id: int
    number: int
    text: str
    required: bool
    answer: str | None
    translations: translations_type(CycleQuestion) = translations_field()


class ActionStatusOut(Schema):
    id: int = Field(..., description="the key action's id, the key to use in PATCH action_statuses")
    title: str
    status: str | None = Field(..., description="not_started, on_track, delayed, completed, dropped; or null")
    note: str


class ReportPriorityOut(Schema):
    title: str
    key_actions: list[ActionStatusOut]


class EvidenceOut(Schema):
    name: str
    size: int
    uploaded_at: datetime.datetime


class ReportDetailOut(ReportBase):
    review_comment: str = Field(..., description="the reviewers' comments while in review; empty once published")
    indicators: list[ReportIndicatorOut]
    questions: list[ReportQuestionOut]
    priorities: list[ReportPriorityOut]
    evidence: list[EvidenceOut]


class ResultOut(Schema):
    criterion: str = Field(..., description="the criterion's code, e.g. AF1")
    title: str
    judged_by: str = Field(..., description="platform or reviewer")
    suggestion: str = Field(..., description="what the data says (platform criteria); empty otherwise")
    judgement: str = Field(..., description="the reviewer's judgement; empty when the suggestion stands")
    effective: str = Field(..., description="the judgement, or else the suggestion")
    evidence: str
    comment: str
    translations: translations_type(Criterion, ("title",)) = translations_field()


class AssessmentOut(Schema):
    country: CountryRef
    cycle: int
    framework: str
    is_example: bool
    results: list[ResultOut]

    @staticmethod
    def resolve_country(obj):
        return country_ref(obj.country)

    @staticmethod
    def resolve_cycle(obj):
        return obj.cycle.year

    @staticmethod
    def resolve_framework(obj):
        return obj.version.name

    @staticmethod
    def resolve_results(obj):
        return [
            {
                "criterion": r.criterion.code,
                "title": r.criterion.title,
                "judged_by": r.criterion.judged_by,
                "suggestion": r.suggestion,
                "judgement": r.judgement,
                "effective": r.effective,
                "evidence": r.evidence,
                "comment": r.comment,
                "translations": translations_out(r.criterion, ("title",)),
            }
            for r in obj.results.all()
        ]


class ReportFilters(Schema):
    country: Text = Field("", max_length=2, description="ISO 3166-1 alpha-2 code")
    cycle: int | None = Field(None, ge=1990, le=2100, description="the year reported on")


class ReportStartIn(BaseModel):
    country: Text = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code")
    cycle: int = Field(..., ge=1990, le=2100, description="the year reported on")


# Plain pydantic models inside the body: a ninja Schema would read a bare string as an object whose
# fields all take their defaults, so {"12": "on_track"} would silently clear the status.
class IndicatorValueIn(BaseModel):
    value: Text | int | float = Field("", description="an empty value unselects the indicator")
    year: int | None = None
    note: Text = Field("", max_length=500)


class ActionStatusIn(BaseModel):
    # Not an enum here: the service refuses an unknown status with a message naming the key action.
    status: Text = Field(
        "", max_length=100, description="not_started, on_track, delayed, completed, dropped; empty clears it"
    )
    note: Text = Field("", max_length=1000)


class ReportPatch(BaseModel):
    """What changed; leave out what stays as it is (like the page's autosave)."""

    indicator_values: dict[Text, IndicatorValueIn] = Field(default_factory=dict, description="by indicator code")
    answers: dict[int, Text] = Field(default_factory=dict, description="by question id")
    action_statuses: dict[int, ActionStatusIn] = Field(default_factory=dict, description="by key action id")


# ---- Shaping -------------------------------------------------------------------------------------


def pathway_out(pathway: selectors.Pathway) -> dict:
    return {
        **country_ref(pathway.country),
        "stage": pathway.stage,
        "is_pathfinder": pathway.country.is_pathfinder,
        "is_example": pathway.country.is_example,
        "milestones": [{"stage": m.stage, "date": m.date, "note": m.note} for m in pathway.milestones],
    }


def roadmap_out(roadmap) -> dict:
    return {
        "country": country_ref(roadmap.country),
        "title": roadmap.title,
        "version": roadmap.version,
        "period_start": roadmap.period_start,
        "period_end": roadmap.period_end,
        "adopted_on": roadmap.adopted_on,
        "is_example": roadmap.is_example,
        "priorities": [
            {
                "title": p.title,
                "description": p.description,
                "durban_areas": p.durban_areas,
                "forms": p.forms,
                "key_actions": [
                    {
                        "id": a.pk,
                        "title": a.title,
                        "responsible_body": a.responsible_body,
                        "start_year": a.start_year,
                        "end_year": a.end_year,
                        "budget": {"amount": a.budget_amount, "currency": a.budget_currency, "funding": a.funding},
                    }
                    for a in p.key_actions.all()
                ],
                "indicators": list(p.indicators.all()),
            }
            for p in roadmap.priorities.all()
        ],
    }


def report_summary(report: Report) -> dict:
    return {
        "id": report.pk,
        "country": country_ref(report.country),
        "cycle": report.cycle,
        "status": report.status,
        "submitted_at": report.submitted_at,
        "submitted_on_time": report.submitted_on_time,
        "published_at": report.published_at,
        "is_example": report.is_example,
    }


def report_detail(report: Report) -> dict:
    contents = selectors.report_contents(report)
    return {
        **report_summary(report),
        # Comments belong to the review: a published report shows the report, not the exchange about it.
        "review_comment": "" if report.status == ReportStatus.PUBLISHED else report.review_comment,
        "indicators": [
            {
                "code": row["indicator"].code,
                "label": row["indicator"].label,
                "reported": row["value"],
                "translations": translations_out(row["indicator"]),
            }
            for row in contents["indicators"]
        ],
        "questions": [
            {
                "id": row["question"].pk,
                "number": row["number"],
                "text": row["question"].text,
                "required": row["question"].required,
                "answer": row["answer"].text if row["answer"] else None,
                "translations": translations_out(row["question"]),
            }
            for row in contents["questions"]
        ],
        "priorities": [
            {
                "title": row["priority"].title,
                "key_actions": [
                    {
                        "id": item["action"].pk,
                        "title": item["action"].title,
                        "status": item["status"].status if item["status"] else None,
                        "note": item["status"].note if item["status"] else "",
                    }
                    for item in row["actions"]
                ],
            }
            for row in contents["priorities"]
        ],
        "evidence": [
            {"name": e.original_name, "size": e.size, "uploaded_at": e.uploaded_at} for e in contents["evidence"]
        ],
    }


def report_to_edit(pk: int, user) -> Report:
    """The report, if ``user`` may change it; a clear 403 when it has moved on from draft."""
    try:
        return selectors.report_for_edit(pk, user)
    except PermissionDenied:
        report = Report.objects.select_related("country").filter(pk=pk).first()
        if report is not None and user.has_perm("pathfinders.start_report", report.country):
            raise PermissionDenied(
                _("This report is “%(status)s”: only a draft or a returned report can be changed.")
                % {"status": report.get_status_display()}
            ) from None
        raise


# ---- Reads ---------------------------------------------------------------------------------------


@router.get("/pathways", response=list[PathwayOut])
def list_pathways(request):
    """Every country on the pathway, by name, with its stage and dated milestones (dates may be unknown)."""
    return [pathway_out(p) for p in selectors.pathways()]


@router.get("/countries/{code}/roadmap", response=RoadmapOut)
def get_roadmap(request, code: str):
    """The country's current roadmap: priorities, key actions with budgets, and indicators.

    A roadmap is public once it exists: it is the country's national plan, shown on its page.
    """
    country = selectors.country_for_page(code)
    roadmap = selectors.roadmap_for_page(country)
    if roadmap is None:
        raise Http404
    roadmap.country = country
    return roadmap_out(roadmap)


@router.get("/reports", response=list[ReportOut])
@paginate(PageNumbers, page_size=50)
def list_reports(request, filters: Query[ReportFilters]):
    """Published annual progress reports, newest cycle first; filter by country code and cycle year."""
    reports = Report.objects.published().select_related("country", "cycle").order_by("-cycle__year", "country__code")
    if filters.country:
        reports = reports.filter(country__code=filters.country.upper())
    if filters.cycle:
        reports = reports.filter(cycle__year=filters.cycle)
    return reports


@router.get("/reports/{int:report_id}", response=ReportDetailOut, auth=OptionalTokenAuth())
def get_report(request, report_id: int):
    """A report with its sections. Published reports are public; others only for those who may view them
    (with a bearer token); to anybody else a report that is not published does not exist (404)."""
    try:
        report = selectors.report_for_view(report_id, request.auth)
    except PermissionDenied:
        raise Http404 from None
    return report_detail(report)


@router.get("/assessments", response=list[AssessmentOut])
@paginate(PageNumbers, page_size=50)
def list_assessments(request, filters: Query[ReportFilters]):
    """Published assessments against the Accountability Framework: each criterion with the platform's
    suggestion beside the reviewer's judgement."""
    assessments = (
        Assessment.objects.filter(status=AssessmentStatus.PUBLISHED)
        .select_related("country", "cycle", "version")
        .prefetch_related(
            Prefetch(
                "results",
                queryset=CriterionResult.objects.select_related("criterion").order_by(
                    "criterion__position", "criterion__pk"
                ),
            )
        )
        .order_by("-cycle__year", "country__code")
    )
    if filters.country:
        assessments = assessments.filter(country__code=filters.country.upper())
    if filters.cycle:
        assessments = assessments.filter(cycle__year=filters.cycle)
    return assessments


# ---- Writes (bearer token) -----------------------------------------------------------------------


@router.post("/reports", response={200: ReportDetailOut, 201: ReportDetailOut}, auth=TokenAuth())
def start_report(request, payload: ReportStartIn):
    """Open the country's draft for a cycle (201), or return the one already open (200)."""
    code = payload.country.upper()
    country = Country.objects.filter(code=code).first()
    if country is None:
        raise ValidationError({"country": _("No country with the code “%(code)s” is in the network.") % {"code": code}})
    cycle = ReportCycle.objects.filter(year=payload.cycle).first()
    if cycle is None:
        raise ValidationError({"cycle": _("No report cycle for %(year)s.") % {"year": payload.cycle}})
    existed = Report.objects.filter(country=country, cycle=cycle).exists()
    report = services.report_start(country=country, cycle=cycle, by=request.auth)
    return (200 if existed else 201), report_detail(report)


@router.patch("/reports/{int:report_id}", response=ReportDetailOut, auth=TokenAuth())
def patch_report(request, report_id: int, payload: ReportPatch):
    """Save a draft in part or whole; nothing is saved when any item is refused (422 names each one)."""
    report = report_to_edit(report_id, request.auth)
    services.report_save(
        report=report,
        by=request.auth,
        indicator_values={
            code: {"value": str(entry.value), "year": entry.year, "note": entry.note}
            for code, entry in payload.indicator_values.items()
        },
        answers=payload.answers,
        action_statuses={
            pk: {"status": entry.status, "note": entry.note} for pk, entry in payload.action_statuses.items()
        },
    )
    return report_detail(report)


@router.post("/reports/{int:report_id}/submit", response=ReportDetailOut, auth=TokenAuth())
def submit_report(request, report_id: int):
    """Submit a complete draft to the Monitoring Working Group. An incomplete one is refused (422) with one
    item per missing answer, indicator or key action status; it stays a draft."""
    report = report_to_edit(report_id, request.auth)
    services.report_submit(report=report, by=request.auth)
    return report_detail(report)


__all__ = ["router"]
