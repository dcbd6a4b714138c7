"""The Accountability Framework: criteria as data, the platform's suggestions, reviewers' judgements.

An assessment is a draft until the secretariat publishes it; after that, a reviewer's change waits for
the secretariat (``PendingJudgement``) and the public keeps seeing the published judgements.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87.accounts.models import Role
from alliance87.accounts.selectors import users_with_role
from alliance87.network.models import Country
from alliance87.notify import notify

from ..defaults import DEFAULT_CRITERIA, FRAMEWORK_NAME, stored
from ..models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    CriterionResult,
    FrameworkVersion,
    JudgedBy,
    Judgement,
    PendingJudgement,
    ReportCycle,
)
from ..selectors import suggest
from .common import public_pages_changed, require, save_validated


@transaction.atomic
def framework_default_create(*, by=None) -> FrameworkVersion:
    """The default criteria, marked “default, to be replaced by the official text”, with their French,
    Spanish and Arabic forms (``defaults.py``). Idempotent."""
    if by is not None:
        require(by, "pathfinders.manage_framework")
    existing = FrameworkVersion.objects.filter(is_default_text=True).first()
    if existing:
        return existing
    version = FrameworkVersion.objects.create(
        name=FRAMEWORK_NAME["en"],
        translations=stored("name", FRAMEWORK_NAME),
        adopted_year=2022,
        is_default_text=True,
        is_current=not FrameworkVersion.objects.filter(is_current=True).exists(),
    )
    Criterion.objects.bulk_create(
        Criterion(
            version=version,
            position=i,
            code=code,
            title=title["en"],
            translations=stored("title", title),
            judged_by=judged_by,
            rule=rule,
        )
        for i, (code, title, judged_by, rule) in enumerate(DEFAULT_CRITERIA)
    )
    return version


def _refresh_suggestions(assessment: Assessment, by) -> None:
    """Bring the platform's suggestions up to date, adding a result for a criterion without one."""
    results = {r.criterion_id: r for r in assessment.results.all()}
    for criterion in assessment.version.criteria.all():
        suggestion = suggest(criterion=criterion, country=assessment.country, cycle=assessment.cycle)
        result = results.get(criterion.pk) or CriterionResult(assessment=assessment, criterion=criterion)
        if result.pk is None or result.suggestion != suggestion:
            result.suggestion = suggestion
            save_validated(result, by)


def _locked(assessment: Assessment) -> Assessment:
    """The assessment as stored now, locked until the transaction ends: its status decides what a write
    may change, so a copy read before the secretariat published it must not decide."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("version", "country", "cycle")
        .get(pk=assessment.pk)
    )


@transaction.atomic
def assessment_prepare(*, country: Country, cycle: ReportCycle, by, is_example: bool = False) -> Assessment:
    """Open the assessment of ``country`` for ``cycle`` against the current Framework, or bring a
    draft's platform suggestions up to date.

    A published assessment is returned unchanged: what the public sees changes only when the secretariat
    publishes (``assessment_publish``). Side effects: creates the assessment and a result per criterion,
    and saves a draft's changed suggestions, each in history with ``by``.
    """
    require(by, "pathfinders.assess")
    assessment = Assessment.objects.filter(country=country, cycle=cycle).first()
    if assessment is None:
        version = FrameworkVersion.objects.filter(is_current=True).first()
        if version is None:
            raise ValidationError({"version": _("No Accountability Framework version is current.")})
        # Made, not get_or_create'd: the history of its creation names who opened it.
        assessment = Assessment(country=country, cycle=cycle, version=version, is_example=is_example, assessed_by=by)
        save_validated(assessment, by)
    assessment = _locked(assessment)
    if assessment.status != AssessmentStatus.PUBLISHED:
        _refresh_suggestions(assessment, by)
    return assessment


def _validate_judgement(*, criterion: Criterion, judgement: str, evidence: str, comment: str) -> None:
    if judgement not in Judgement.values:
        raise ValidationError({"judgement": _("Choose met, partly met, not met or not assessable.")})
    if judgement != Judgement.NOT_ASSESSABLE and not (evidence or comment) and criterion.judged_by == JudgedBy.REVIEWER:
        raise ValidationError({"evidence": _("Give the evidence or a comment for this judgement.")})


@transaction.atomic
def assessment_judge(
    *, assessment: Assessment, criterion: Criterion, by, judgement: str, evidence: str = "", comment: str = ""
) -> CriterionResult:
    """A reviewer's judgement of one criterion, beside the platform's suggestion.

    On a draft, the judgement is saved at once. On a published assessment it waits for the secretariat
    (``PendingJudgement``; docs/roles.md: publishing is the secretariat's): the public keeps seeing the
    published judgement until ``assessment_publish``, and a change back to the published judgement
    withdraws the waiting one. Side effects: the result or the waiting change saved in history with
    ``by``; on a published assessment's first waiting change, the secretariat is e-mailed.
    Returns the result as the public sees it.
    """
    require(by, "pathfinders.assess")
    evidence, comment = evidence.strip(), comment.strip()
    _validate_judgement(criterion=criterion, judgement=judgement, evidence=evidence, comment=comment)
    assessment = _locked(assessment)
    result = CriterionResult.objects.filter(assessment=assessment, criterion=criterion).first()
    if result is None:  # a criterion added to the version later: a change waiting needs a row to wait on
        result = CriterionResult(assessment=assessment, criterion=criterion)
        save_validated(result, by)
    if assessment.status == AssessmentStatus.PUBLISHED:
        _propose_change(assessment=assessment, result=result, by=by, values=(judgement, evidence, comment))
        return result
    result.judgement, result.evidence, result.comment = judgement, evidence, comment
    save_validated(result, by)
    assessment.assessed_by = by
    assessment.save(update_fields=["assessed_by", "updated_at"])
    return result


def _propose_change(*, assessment: Assessment, result: CriterionResult, by, values: tuple[str, str, str]) -> None:
    pending = PendingJudgement.objects.filter(result=result).first()
    if values == (result.judgement, result.evidence, result.comment):
        if pending is not None:  # back to what is published: nothing waits any more
            pending._history_user = by
            pending.delete()
        return
    first = not PendingJudgement.objects.filter(result__assessment=assessment).exists()
    pending = pending or PendingJudgement(result=result)
    pending.judgement, pending.evidence, pending.comment = values
    pending.proposed_by = by
    save_validated(pending, by)
    if first:  # one e-mail per round of changes, not one per criterion
        notify(
            users_with_role(Role.SECRETARIAT),
            subject=gettext_lazy("Changes to a published assessment wait for you: %(country)s, %(year)s"),
            body=gettext_lazy(
                "%(who)s changed the published assessment of %(country)s for the %(year)s cycle. The public "
                "sees the published judgements until you publish the changes."
            ),
            context={"who": by.get_full_name(), "country": assessment.country.name, "year": assessment.cycle.year},
            link=reverse("pathfinders:assessment", args=[assessment.country.code.code.lower(), assessment.cycle.year]),
        )


@transaction.atomic
def assessment_publish(*, assessment: Assessment, by) -> Assessment:
    """Publish the assessment, or the changes waiting on a published one (the secretariat).

    Brings the platform's suggestions up to date and applies every waiting judgement; refuses, naming
    them, while a criterion has neither a judgement nor a suggestion (and then changes nothing).
    Side effects: results saved and waiting changes deleted, in history with ``by``; status published;
    the public pages' cache cleared.
    """
    require(by, "pathfinders.publish_assessment")
    assessment = _locked(assessment)
    _refresh_suggestions(assessment, by)
    for pending in PendingJudgement.objects.filter(result__assessment=assessment).select_related("result"):
        result = pending.result
        result.judgement, result.evidence, result.comment = pending.judgement, pending.evidence, pending.comment
        save_validated(result, by)
        pending._history_user = by
        pending.delete()
    results = assessment.results.select_related("criterion").order_by("criterion__position", "criterion__pk")
    open_items = [r.criterion.code for r in results if not r.effective]
    if open_items:
        raise ValidationError(
            {"results": _("Judge these criteria first: %(codes)s.") % {"codes": ", ".join(open_items)}}
        )
    assessment.status = AssessmentStatus.PUBLISHED
    save_validated(assessment, by)
    public_pages_changed()
    return assessment


@transaction.atomic
def assessment_discard_changes(*, assessment: Assessment, by) -> int:
    """The secretariat turns down the changes waiting on a published assessment; the published
    judgements stay. Side effects: the waiting changes deleted, in history with ``by``. Returns how many."""
    require(by, "pathfinders.publish_assessment")
    pendings = list(PendingJudgement.objects.filter(result__assessment=assessment))
    for pending in pendings:
        pending._history_user = by
        pending.delete()
    return len(pendings)
