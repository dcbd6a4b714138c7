"""Annual progress reports: cycles and their template, the focal point's draft, the review workflow."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.accounts.models import Role
from alliance87.accounts.selectors import users_with_role
from alliance87.network.models import Country

from ..models import (
    ActionStatus,
    CycleIndicator,
    CycleQuestion,
    EvidenceFile,
    KeyAction,
    ReminderSent,
    Report,
    ReportActionStatus,
    ReportAnswer,
    ReportCycle,
    ReportIndicatorValue,
    ReportStatus,
    Roadmap,
)
from .common import notify as _notify
from .common import public_pages_changed, require, save_validated
from .uploads import validate_upload

# The official wording of the five questions is not known: these are defaults the secretariat edits.
DEFAULT_QUESTIONS = [
    "What progress was made this year on each priority of the roadmap?",
    "Which key actions were delayed or dropped, and why?",
    "How were social partners, civil society and people with lived experience involved?",
    "What resources were mobilised for the roadmap, and what gaps remain?",
    "What support from Alliance 8.7 partners would help most in the coming year?",
]
# Section 1: a default list to choose from, to be edited by the secretariat for each cycle.
DEFAULT_INDICATORS = [
    ("8.7.1-a", "Proportion of children aged 5-17 in child labour (SDG 8.7.1), %"),
    ("8.7.1-b", "Number of children aged 5-17 in child labour (SDG 8.7.1)"),
    ("INSP", "Labour inspections that covered child labour or forced labour"),
    ("VICT", "Victims of trafficking in persons identified"),
    ("PROS", "Prosecutions for forced labour, trafficking or the worst forms of child labour"),
    ("SOCP", "Children covered by social protection benefits, %"),
]
REMINDER_DAYS_BEFORE = 14


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def cycle_create(
    *, by, year: int, title: str, opens_on: datetime.date, deadline: datetime.date, is_example: bool = False
) -> ReportCycle:
    """Open a reporting cycle with the default template (five questions, the indicator list)."""
    require(by, "pathfinders.manage_cycles")
    cycle = ReportCycle(year=year, title=title.strip(), opens_on=opens_on, deadline=deadline, is_example=is_example)
    save_validated(cycle, by)
    cycle_add_default_template(cycle=cycle)
    return cycle


def cycle_add_default_template(*, cycle: ReportCycle) -> None:
    """Give a cycle without questions or indicators the default five questions and indicator list."""
    if not cycle.questions.exists():
        CycleQuestion.objects.bulk_create(
            CycleQuestion(cycle=cycle, position=i, text=text) for i, text in enumerate(DEFAULT_QUESTIONS)
        )
    if not cycle.indicators.exists():
        CycleIndicator.objects.bulk_create(
            CycleIndicator(cycle=cycle, position=i, code=code, label=label)
            for i, (code, label) in enumerate(DEFAULT_INDICATORS)
        )


@transaction.atomic
def report_start(*, country: Country, cycle: ReportCycle, by, is_example: bool = False) -> Report:
    """Open (or return) ``country``'s draft for ``cycle``, tied to its current roadmap."""
    require(by, "pathfinders.start_report", country)
    roadmap = Roadmap.objects.filter(country=country, is_current=True).first()
    if roadmap is None:
        raise ValidationError({"roadmap": _("Only countries with a roadmap report. Add the roadmap first.")})
    report, _created = Report.objects.get_or_create(
        country=country,
        cycle=cycle,
        defaults={"roadmap": roadmap, "is_example": is_example or country.is_example},
    )
    return report


@transaction.atomic
def report_save(
    *,
    report: Report,
    by,
    indicator_values: dict[str, dict] | None = None,
    answers: dict[int, str] | None = None,
    action_statuses: dict[int, dict] | None = None,
) -> Report:
    """Save a draft, whole or in part (autosave sends what changed). Nothing is checked for completeness.

    ``indicator_values``: indicator code → {"value", "year", "note"}; an empty value unselects it.
    ``answers``: question id → text. ``action_statuses``: key action id → {"status", "note"}.
    Errors name the item: ``indicator_<code>``, ``answer_<id>``, ``action_<id>``.
    """
    require(by, "pathfinders.edit_report", report)
    errors = {
        **_save_indicator_values(report, indicator_values or {}),
        **_save_answers(report, answers or {}),
        **_save_action_statuses(report, action_statuses or {}),
    }
    if errors:
        raise ValidationError(errors)  # the transaction rolls back: nothing is saved half-way
    report._history_user = by
    report.save(update_fields=["updated_at"])
    return report


def _save_indicator_values(report: Report, indicator_values: dict) -> dict[str, str]:
    errors = {}
    indicators = {i.code: i for i in CycleIndicator.objects.filter(cycle=report.cycle)}
    for code, given in indicator_values.items():
        indicator = indicators.get(code)
        if indicator is None:
            errors[f"indicator_{code}"] = _("“%(code)s” is not an indicator of this cycle.") % {"code": code}
            continue
        entry = given if isinstance(given, dict) else {"value": given}
        value = str(entry.get("value") or "").strip()
        if not value:
            ReportIndicatorValue.objects.filter(report=report, indicator=indicator).delete()
            continue
        year = _int(entry.get("year")) if entry.get("year") else None
        if entry.get("year") and year is None:
            errors[f"indicator_{code}"] = _("The year of “%(code)s” is not a year.") % {"code": code}
            continue
        if year and not 1990 <= year <= report.cycle.year + 1:
            errors[f"indicator_{code}"] = _("The year of “%(code)s” must be between 1990 and %(last)s.") % {
                "code": code,
                "last": report.cycle.year + 1,
            }
            continue
        ReportIndicatorValue.objects.update_or_create(
            report=report,
            indicator=indicator,
            defaults={"value": value[:100], "year": year, "note": str(entry.get("note") or "")[:500]},
        )
    return errors


def _save_answers(report: Report, answers: dict) -> dict[str, str]:
    errors = {}
    questions = set(CycleQuestion.objects.filter(cycle=report.cycle).values_list("pk", flat=True))
    for question_id, given in answers.items():
        if _int(question_id) not in questions:
            errors[f"answer_{question_id}"] = _("This question is not part of this cycle.")
            continue
        text = str(given or "")
        if len(text) > 8000:
            errors[f"answer_{question_id}"] = _("Answers are limited to 8,000 characters.")
            continue
        ReportAnswer.objects.update_or_create(report=report, question_id=question_id, defaults={"text": text})
    return errors


def _save_action_statuses(report: Report, action_statuses: dict) -> dict[str, str]:
    errors = {}
    actions = set(KeyAction.objects.filter(priority__roadmap=report.roadmap).values_list("pk", flat=True))
    for action_id, given in action_statuses.items():
        entry = given if isinstance(given, dict) else {}
        status = entry.get("status") or ""
        if _int(action_id) not in actions:
            errors[f"action_{action_id}"] = _("This key action is not part of the roadmap reported on.")
            continue
        if not status:
            if str(entry.get("note") or "").strip():
                errors[f"action_{action_id}"] = _("Choose a status to keep this note.")
                continue
            ReportActionStatus.objects.filter(report=report, key_action_id=action_id).delete()
            continue
        if status not in ActionStatus.values:
            errors[f"action_{action_id}"] = _("Unknown status “%(status)s”.") % {"status": status}
            continue
        ReportActionStatus.objects.update_or_create(
            report=report,
            key_action_id=action_id,
            defaults={"status": status, "note": str(entry.get("note") or "")[:1000]},
        )
    return errors


@transaction.atomic
def report_attach_evidence(*, report: Report, by, file) -> EvidenceFile:
    """Attach an evidence file (PDF, Office or image, within the size limit) to a draft."""
    require(by, "pathfinders.edit_report", report)
    validate_upload(file, field="evidence")
    evidence = EvidenceFile(report=report, original_name=file.name[:255], size=file.size, uploaded_by=by)
    evidence.file.save(file.name, file, save=False)
    evidence.save()
    return evidence


def missing_for_submission(report: Report) -> dict[str, str]:
    """What the report still lacks, each named: the checks ``report_submit`` makes."""
    missing = {}
    if not report.indicator_values.exists():
        missing["indicators"] = _("Section 1: choose at least one indicator and give its value.")
    answered = {a.question_id for a in report.answers.all() if a.text.strip()}
    for number, question in enumerate(CycleQuestion.objects.filter(cycle=report.cycle), start=1):
        if question.required and question.pk not in answered:
            missing[f"answer_{question.pk}"] = _("Section 2, question %(n)s has no answer: “%(text)s”") % {
                "n": number,
                "text": question.text,
            }
    with_status = set(report.action_statuses.values_list("key_action_id", flat=True))
    for action in KeyAction.objects.filter(priority__roadmap=report.roadmap).order_by("priority__position", "position"):
        if action.pk not in with_status:
            missing[f"action_{action.pk}"] = _("Key action “%(title)s” has no status.") % {"title": action.title}
    return missing


@transaction.atomic
def report_submit(*, report: Report, by) -> Report:
    """Submit a complete draft to the Monitoring Working Group; tells the reviewers by e-mail.

    An incomplete report is refused with one message per missing answer; it stays a draft.
    """
    require(by, "pathfinders.edit_report", report)
    missing = missing_for_submission(report)
    if missing:
        raise ValidationError(missing)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    save_validated(report, by)
    _notify(
        users_with_role(Role.MONITORING_REVIEWER),
        _("Annual report submitted: %(report)s") % {"report": report},
        _("%(country)s submitted its annual progress report for %(cycle)s. Review it at %(url)s")
        % {"country": report.country, "cycle": report.cycle, "url": f"{settings.SITE_ROOT}/reports/{report.pk}/"},
    )
    return report


def _move(report: Report, by, perm: str, allowed_from: tuple, to: str) -> Report:
    require(by, perm, report)
    if report.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("A report that is “%(status)s” cannot be moved to “%(to)s”.")
                % {"status": report.get_status_display(), "to": ReportStatus(to).label}
            }
        )
    report.status = to
    save_validated(report, by)
    return report


@transaction.atomic
def report_start_review(*, report: Report, by) -> Report:
    return _move(report, by, "pathfinders.review_report", (ReportStatus.SUBMITTED,), ReportStatus.UNDER_REVIEW)


@transaction.atomic
def report_return(*, report: Report, by, comment: str) -> Report:
    """Send the report back to the country with comments (required); the focal points are e-mailed."""
    require(by, "pathfinders.review_report", report)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the country should change.")})
    report.review_comment = comment.strip()
    report = _move(
        report,
        by,
        "pathfinders.review_report",
        (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW),
        ReportStatus.RETURNED,
    )
    _notify(
        users_with_role(Role.COUNTRY_FOCAL_POINT, report.country),
        _("Your annual report was returned with comments"),
        _("The Monitoring Working Group returned the report %(report)s with these comments:\n\n%(comment)s")
        % {"report": report, "comment": report.review_comment},
    )
    return report


@transaction.atomic
def report_accept(*, report: Report, by) -> Report:
    return _move(
        report,
        by,
        "pathfinders.review_report",
        (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW),
        ReportStatus.ACCEPTED,
    )


@transaction.atomic
def report_publish(*, report: Report, by) -> Report:
    """Make an accepted report public (the secretariat)."""
    report = _move(report, by, "pathfinders.publish_report", (ReportStatus.ACCEPTED,), ReportStatus.PUBLISHED)
    report.published_at = timezone.now()
    report.save(update_fields=["published_at"])
    public_pages_changed()
    return report


def reminders_send(*, today: datetime.date | None = None) -> list[ReminderSent]:
    """E-mail the focal points of every reporting country whose report for the latest open cycle is not
    yet submitted: once in the two weeks before the deadline, once after it. Never twice."""
    today = today or timezone.localdate()
    cycle = ReportCycle.objects.filter(opens_on__lte=today, is_example=False).order_by("-year").first()
    if cycle is None:
        return []
    if today < cycle.deadline - datetime.timedelta(days=REMINDER_DAYS_BEFORE):
        return []
    kind = "before" if today <= cycle.deadline else "after"
    done = set(
        Report.objects.filter(cycle=cycle).exclude(status=ReportStatus.DRAFT).values_list("country_id", flat=True)
    )
    already = set(ReminderSent.objects.filter(cycle=cycle, kind=kind).values_list("country_id", flat=True))
    sent = []
    for roadmap in Roadmap.objects.filter(is_current=True, country__is_example=False).select_related("country"):
        country = roadmap.country
        if country.pk in done or country.pk in already:
            continue
        users = list(users_with_role(Role.COUNTRY_FOCAL_POINT, country))
        if not users:
            continue  # nobody to tell yet: a focal point named later still gets this reminder
        if kind == "before":
            subject = _("Reminder: the annual report for %(cycle)s is due on %(date)s")
        else:
            subject = _("Overdue: the annual report for %(cycle)s was due on %(date)s")
        subject = subject % {"cycle": cycle.title, "date": cycle.deadline.isoformat()}
        _notify(users, subject, _("Fill it in and submit it at %(url)s") % {"url": f"{settings.SITE_ROOT}/reports/"})
        sent.append(ReminderSent.objects.create(country=country, cycle=cycle, kind=kind, recipients=len(users)))
    return sent
