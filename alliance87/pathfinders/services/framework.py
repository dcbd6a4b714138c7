"""The Accountability Framework: criteria as data, the platform's suggestions, reviewers' judgements."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.network.models import Country

from ..models import (
    Assessment,
    AssessmentStatus,
    AutomaticRule,
    Criterion,
    CriterionResult,
    FrameworkVersion,
    JudgedBy,
    Judgement,
    Milestone,
    Report,
    ReportCycle,
    Roadmap,
)
from ..vocab import Stage
from .common import public_pages_changed, require, save_validated

# Drawn from the commitments and the pathway in docs/domain.md; the official text of 2022 is unknown.
DEFAULT_CRITERIA = [
    ("AF1", "Roadmap adopted and current", JudgedBy.PLATFORM, AutomaticRule.ROADMAP_CURRENT),
    ("AF2", "Annual report submitted on time", JudgedBy.PLATFORM, AutomaticRule.REPORT_ON_TIME),
    ("AF3", "National coordination mechanism in place", JudgedBy.PLATFORM, AutomaticRule.COORDINATION),
    ("AF4", "Social partners, civil society and people with lived experience involved", JudgedBy.REVIEWER, ""),
    (
        "AF5",
        "Relevant ILO conventions ratified or in progress (C138, C182, C29 and its 2014 Protocol)",
        JudgedBy.REVIEWER,
        "",
    ),
    ("AF6", "Key steps of the Durban Call to Action acted on", JudgedBy.REVIEWER, ""),
]


@transaction.atomic
def framework_default_create(*, by=None) -> FrameworkVersion:
    """The default criteria, marked “default, to be replaced by the official text”. Idempotent."""
    if by is not None:
        require(by, "pathfinders.manage_framework")
    existing = FrameworkVersion.objects.filter(is_default_text=True).first()
    if existing:
        return existing
    version = FrameworkVersion.objects.create(
        name="Pathfinder Country Accountability Framework (default criteria)",
        adopted_year=2022,
        is_default_text=True,
        is_current=not FrameworkVersion.objects.filter(is_current=True).exists(),
    )
    Criterion.objects.bulk_create(
        Criterion(version=version, position=i, code=code, title=title, judged_by=judged_by, rule=rule)
        for i, (code, title, judged_by, rule) in enumerate(DEFAULT_CRITERIA)
    )
    return version


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


@transaction.atomic
def assessment_prepare(*, country: Country, cycle: ReportCycle, by, is_example: bool = False) -> Assessment:
    """Open (or refresh) the assessment of ``country`` for ``cycle`` against the current Framework,
    with the platform's suggestion filled in for every criterion it can judge from the data."""
    require(by, "pathfinders.assess")
    version = FrameworkVersion.objects.filter(is_current=True).first()
    if version is None:
        raise ValidationError({"version": _("No Accountability Framework version is current.")})
    assessment, _created = Assessment.objects.get_or_create(
        country=country, cycle=cycle, defaults={"version": version, "is_example": is_example, "assessed_by": by}
    )
    for criterion in version.criteria.all():
        result, _created = CriterionResult.objects.get_or_create(assessment=assessment, criterion=criterion)
        suggestion = suggest(criterion=criterion, country=country, cycle=cycle)
        if result.suggestion != suggestion:
            result.suggestion = suggestion
            result._history_user = by
            result.save()
            if assessment.status == AssessmentStatus.PUBLISHED:
                public_pages_changed()
    return assessment


@transaction.atomic
def assessment_judge(
    *, assessment: Assessment, criterion: Criterion, by, judgement: str, evidence: str = "", comment: str = ""
) -> CriterionResult:
    """A reviewer's judgement of one criterion, beside the platform's suggestion."""
    require(by, "pathfinders.assess")
    if judgement not in Judgement.values:
        raise ValidationError({"judgement": _("Choose met, partly met, not met or not assessable.")})
    if (
        judgement != Judgement.NOT_ASSESSABLE
        and not (evidence.strip() or comment.strip())
        and (criterion.judged_by == JudgedBy.REVIEWER)
    ):
        raise ValidationError({"evidence": _("Give the evidence or a comment for this judgement.")})
    result, _created = CriterionResult.objects.get_or_create(assessment=assessment, criterion=criterion)
    result.judgement, result.evidence, result.comment = judgement, evidence.strip(), comment.strip()
    save_validated(result, by)
    assessment.assessed_by = by
    assessment.save(update_fields=["assessed_by", "updated_at"])
    if assessment.status == AssessmentStatus.PUBLISHED:
        public_pages_changed()  # a published judgement changed: the public matrix must show it
    return result


@transaction.atomic
def assessment_publish(*, assessment: Assessment, by) -> Assessment:
    """Publish once every criterion has a judgement or a suggestion (the secretariat)."""
    require(by, "pathfinders.publish_assessment")
    open_items = [r.criterion.code for r in assessment.results.select_related("criterion") if not r.effective]
    if open_items:
        raise ValidationError(
            {"results": _("Judge these criteria first: %(codes)s.") % {"codes": ", ".join(open_items)}}
        )
    assessment.status = AssessmentStatus.PUBLISHED
    save_validated(assessment, by)
    public_pages_changed()
    return assessment
