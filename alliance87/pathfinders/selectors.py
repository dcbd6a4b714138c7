"""Reads of the Pathfinder work, shaped for pages, exports and the API. Query counts stay flat."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from alliance87.network.models import Country

from . import pathways as pathway_reads
from .models import (
    Assessment,
    AssessmentStatus,
    AutomaticRule,
    Criterion,
    CriterionResult,
    FrameworkVersion,
    Indicator,
    Judgement,
    KeyAction,
    Milestone,
    PendingJudgement,
    Priority,
    Report,
    ReportCycle,
    ReportStatus,
    Roadmap,
)
from .vocab import STAGE_ORDER, Stage

FIRST_YEAR = 2018  # the Pathfinder Country strategy was launched in 2018


# The pathway (steps recorded by hand and steps that follow from the records) is read in ``pathways``.
Pathway, Step = pathway_reads.Pathway, pathway_reads.Step
current_stage, stage_from_codes = pathway_reads.current_stage, pathway_reads.stage_from_codes
pathway_for, pathways = pathway_reads.pathway_for, pathway_reads.pathways


def stage_counts(all_pathways: list[Pathway]) -> list[tuple[str, str, int]]:
    counts = Counter(p.stage for p in all_pathways if p.stage)
    return [(stage, Stage(stage).label, counts.get(stage, 0)) for stage in Stage.values]


@dataclass
class GrowthYear:
    year: int
    pathfinders: int  # countries with Pathfinder status granted by the end of that year (known dates)
    interested: int  # countries that had expressed interest by then (known dates)


def growth_by_year(all_pathways: list[Pathway], until: int | None = None) -> tuple[list[GrowthYear], int]:
    """Year by year since 2018, from dated milestones; also how many Pathfinders have no known date."""
    until = until or datetime.date.today().year
    granted, interest, undated = [], [], 0
    for p in all_pathways:
        dates = {m.stage: m.date for m in p.milestones if m.date}
        if Stage.STATUS_GRANTED in dates:
            granted.append(dates[Stage.STATUS_GRANTED].year)
        elif p.country.pathfinder_since:
            granted.append(p.country.pathfinder_since)
        elif p.stage and STAGE_ORDER[p.stage] >= STAGE_ORDER[Stage.STATUS_GRANTED]:
            undated += 1
        if Stage.INTEREST in dates:
            interest.append(dates[Stage.INTEREST].year)
    years = [
        GrowthYear(year, sum(1 for y in granted if y <= year), sum(1 for y in interest if y <= year))
        for year in range(FIRST_YEAR, until + 1)
    ]
    return years, undated


def roadmap_for_page(country: Country) -> Roadmap | None:
    """The current roadmap with its priorities, key actions and indicators (four queries)."""
    return (
        Roadmap.objects.filter(country=country, is_current=True)
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=Priority.objects.prefetch_related(
                    Prefetch("key_actions", queryset=KeyAction.objects.order_by("position", "pk")),
                    Prefetch("indicators", queryset=Indicator.objects.order_by("pk")),
                ).order_by("position", "pk"),
            )
        )
        .first()
    )


def country_for_page(code: str) -> Country:
    return get_object_or_404(Country, code=code.upper()[:2])


def latest_published_report(country: Country) -> Report | None:
    return Report.objects.published().filter(country=country).select_related("cycle").order_by("-cycle__year").first()


def report_for_view(pk: int, user) -> Report:
    """The report, if ``user`` may read it. Http404 otherwise, as for an unknown number: another
    country's draft must not be told apart from a report that does not exist (pages and API alike)."""
    report = get_object_or_404(Report.objects.select_related("country", "cycle", "roadmap"), pk=pk)
    if not user.has_perm("pathfinders.view_report", report):
        raise Http404
    return report


def report_for_edit(pk: int, user) -> Report:
    """The report, if ``user`` may change it; PermissionDenied if they may only read it (it is theirs
    but submitted, say), Http404 if they may not even read it."""
    report = report_for_view(pk, user)
    if not user.has_perm("pathfinders.edit_report", report):
        raise PermissionDenied
    return report


def open_cycle(*, example: bool, today: datetime.date | None = None) -> ReportCycle | None:
    """The reporting cycle a country reports in now: the latest one opened by ``today``. Real countries
    report in real cycles only; the example country in example cycles only."""
    today = today or timezone.localdate()
    return ReportCycle.objects.filter(is_example=example, opens_on__lte=today).order_by("-year").first()


def report_contents(report: Report) -> dict:
    """Everything a report page, an export or the API shows, in a fixed number of queries."""
    values = {v.indicator_id: v for v in report.indicator_values.all()}
    answers = {a.question_id: a for a in report.answers.all()}
    statuses = {s.key_action_id: s for s in report.action_statuses.all()}
    roadmap_values = {v.indicator_id: v for v in report.roadmap_indicator_values.all()}
    indicators = list(report.cycle.indicators.all())
    questions = list(report.cycle.questions.all())
    priorities = []
    roadmap_indicators = []
    if report.roadmap_id:
        for priority in report.roadmap.priorities.prefetch_related(
            "key_actions", Prefetch("indicators", queryset=Indicator.objects.order_by("pk"))
        ).order_by("position", "pk"):
            priorities.append(
                {
                    "priority": priority,
                    "actions": [{"action": a, "status": statuses.get(a.pk)} for a in priority.key_actions.all()],
                }
            )
            roadmap_indicators += [
                {"indicator": i, "priority": priority, "value": roadmap_values.get(i.pk)}
                for i in priority.indicators.all()
            ]
    return {
        "roadmap_indicators": roadmap_indicators,  # the roadmap's own indicators, in the priorities' order
        "indicators": [{"indicator": i, "value": values.get(i.pk)} for i in indicators],
        "questions": [{"question": q, "answer": answers.get(q.pk), "number": n} for n, q in enumerate(questions, 1)],
        "priorities": priorities,
        "evidence": list(report.evidence.all()),
    }


@dataclass
class CycleStatusRow:
    country: Country
    report: Report | None
    late: bool
    missing: bool


def cycle_status(cycle: ReportCycle, today: datetime.date | None = None) -> list[CycleStatusRow]:
    """For the secretariat: every reporting country (a current roadmap) and where its report stands."""
    today = today or datetime.date.today()
    reports = {r.country_id: r for r in Report.objects.filter(cycle=cycle).select_related("cycle")}
    rows = []
    roadmaps = Roadmap.objects.filter(is_current=True).select_related("country")
    if not cycle.is_example:
        roadmaps = roadmaps.filter(country__is_example=False)  # the example country reports in example cycles
    for roadmap in roadmaps:
        report = reports.get(roadmap.country_id)
        submitted = report is not None and report.submitted_at is not None
        rows.append(
            CycleStatusRow(
                country=roadmap.country,
                report=report,
                late=submitted and not report.submitted_on_time,
                missing=not submitted and today > cycle.deadline,
            )
        )
    return sorted(rows, key=lambda r: r.country.name)


def current_framework() -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(is_current=True).first()


@dataclass(frozen=True)
class MatrixCell:
    code: str  # met, partly, not_met, not_assessable; "" when nothing is known
    text: str  # what the cell says, e.g. "Met" or "Met (suggested)"
    suggested: bool  # the platform's suggestion, not yet a reviewer's judgement


@dataclass
class MatrixRow:
    country: Country
    stage: str | None
    cells: list[MatrixCell] = field(default_factory=list)
    assessment: Assessment | None = None

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label if self.stage else ""


def _stages_by_country() -> tuple[list[Country], dict[int, str | None]]:
    """Every country on the pathway and its stage, read as plain values (the matrix needs no more)."""
    return pathway_reads.stages_by_country()


def framework_matrix(
    *, cycle: ReportCycle, region: str = "", stage: str = "", published_only: bool = True
) -> tuple[list[Criterion], list[MatrixRow]]:
    """Countries × criteria for ``cycle``: each cell the reviewer's judgement or else the suggestion.

    Built from plain values with each label translated once: with 195 countries the matrix has
    over a thousand cells, and model instances and per-cell translation were most of its cost.
    """
    version = current_framework()
    criteria = list(version.criteria.all()) if version else []
    assessments = Assessment.objects.filter(cycle=cycle)
    if published_only:
        assessments = assessments.filter(status=AssessmentStatus.PUBLISHED)
    by_country = {a.country_id: a for a in assessments}
    results = {
        (assessment_id, criterion_id): (judgement, suggestion)
        for assessment_id, criterion_id, judgement, suggestion in CriterionResult.objects.filter(
            assessment__in=[a.pk for a in by_country.values()]
        ).values_list("assessment_id", "criterion_id", "judgement", "suggestion")
    }
    judged = {code: MatrixCell(code, str(label), False) for code, label in Judgement.choices}
    suggested = {
        code: MatrixCell(code, gettext("%(label)s (suggested)") % {"label": label}, True)
        for code, label in Judgement.choices
    }
    empty = MatrixCell("", "", False)
    countries, stages = _stages_by_country()
    rows = []
    for country in countries:
        if region and region not in (country.sdg_region, country.ilo_region):
            continue
        if stage and stages[country.pk] != stage:
            continue
        assessment = by_country.get(country.pk)
        cells = []
        for criterion in criteria:
            judgement, suggestion = results.get((assessment.pk, criterion.pk), ("", "")) if assessment else ("", "")
            cells.append(judged[judgement] if judgement else suggested[suggestion] if suggestion else empty)
        rows.append(MatrixRow(country, stages[country.pk], cells, assessment))
    return criteria, rows


def suggest(*, criterion: Criterion, country: Country, cycle: ReportCycle, today=None) -> str:
    """What the data says about ``criterion`` for ``country`` in ``cycle`` ("" when a reviewer judges)."""
    today = today or timezone.localdate()
    if criterion.rule == AutomaticRule.ROADMAP_CURRENT:
        roadmap = Roadmap.objects.filter(country=country, is_current=True).first()
        if roadmap is None or roadmap.adopted_on is None:
            return Judgement.NOT_MET
        return Judgement.MET if roadmap.period_start <= cycle.year <= roadmap.period_end else Judgement.PARTLY
    if criterion.rule == AutomaticRule.REPORT_ON_TIME:
        report = Report.objects.filter(country=country, cycle=cycle).first()
        if report is None or report.submitted_at is None:
            return Judgement.NOT_MET if today > cycle.deadline else Judgement.NOT_ASSESSABLE
        return Judgement.MET if report.submitted_on_time else Judgement.PARTLY
    if criterion.rule == AutomaticRule.COORDINATION:
        milestones = Milestone.objects.filter(country=country)
        if not milestones.exists():
            return Judgement.NOT_ASSESSABLE
        return Judgement.MET if milestones.filter(stage=Stage.COORDINATION).exists() else Judgement.NOT_MET
    return ""


@dataclass
class AssessmentItem:
    """One criterion on the assessment page: its result, the change waiting for publication, if any,
    and what the data suggests today."""

    criterion: Criterion
    result: CriterionResult  # unsaved while the assessment is not opened
    pending: PendingJudgement | None
    live_suggestion: str

    @property
    def suggestion_outdated(self) -> bool:
        """A published suggestion the data no longer gives: it changes when the secretariat publishes again."""
        return self.result.suggestion != self.live_suggestion

    @property
    def live_suggestion_label(self) -> str:
        return Judgement(self.live_suggestion).label if self.live_suggestion else ""


def assessment_for_page(
    *, country: Country, cycle: ReportCycle
) -> tuple[Assessment | None, FrameworkVersion | None, list[AssessmentItem]]:
    """The assessment of ``country`` for ``cycle`` as its page shows it. Reads only: opening the page
    creates and changes nothing (the first judgement saved opens the assessment).

    A draft, or an assessment not opened yet, shows the platform's suggestions as the data gives them
    today (in memory; they are saved with the next judgement). A published one shows what was published,
    each change waiting for the secretariat beside it. The version is ``None`` when no Framework is current
    and the assessment is not opened.
    """
    assessment = (
        Assessment.objects.filter(country=country, cycle=cycle).select_related("version", "assessed_by").first()
    )
    version = assessment.version if assessment else current_framework()
    if version is None:
        return None, None, []
    results = {}
    if assessment is not None:
        results = {
            r.criterion_id: r
            for r in CriterionResult.objects.filter(assessment=assessment).select_related("pending__proposed_by")
        }
    published = assessment is not None and assessment.status == AssessmentStatus.PUBLISHED
    items = []
    for criterion in version.criteria.all():
        result = results.get(criterion.pk) or CriterionResult(criterion=criterion)
        result.criterion = criterion
        live = suggest(criterion=criterion, country=country, cycle=cycle)
        if not published:
            result.suggestion = live  # what the next save records; a published suggestion stays as published
        pending = getattr(result, "pending", None) if result.pk else None
        items.append(AssessmentItem(criterion, result, pending, live))
    return assessment, version, items


def country_trend(country: Country, published_only: bool = True) -> list[dict]:
    """Per cycle, how many criteria were met, partly met, not met: a country's trend over the years."""
    assessments = Assessment.objects.filter(country=country).select_related("cycle").prefetch_related("results")
    if published_only:
        assessments = assessments.filter(status=AssessmentStatus.PUBLISHED)
    trend = []
    for a in sorted(assessments, key=lambda a: a.cycle.year):
        counts = Counter(r.effective for r in a.results.all())
        trend.append({"cycle": a.cycle, "counts": counts, "assessment": a})
    return trend


def published_reports_for(country: Country):
    return Report.objects.published().filter(country=country).select_related("cycle").order_by("-cycle__year")


__all__ = ["ReportStatus"]
