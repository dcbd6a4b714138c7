"""Annual progress reports: cycles and their template, the focal point's draft, the review workflow."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87 import dates
from alliance87.accounts.models import Role
from alliance87.accounts.selectors import users_with_role
from alliance87.network.models import Country
from alliance87.notify import notify

from ..defaults import DEFAULT_INDICATORS, DEFAULT_QUESTIONS, Texts, cycle_title, stored
from ..models import (
    ActionStatus,
    CycleIndicator,
    CycleQuestion,
    EvidenceFile,
    Indicator,
    KeyAction,
    ReminderSent,
    Report,
    ReportActionStatus,
    ReportAnswer,
    ReportCycle,
    ReportIndicatorValue,
    ReportRoadmapIndicatorValue,
    ReportStatus,
    Roadmap,
)
from .common import localised, localised_lazy, public_pages_changed, require, save_validated
from .uploads import validate_upload

REMINDER_DAYS_BEFORE = 14


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class StaleReport(ValidationError):
    """A save from a form loaded before a newer save of the same answers: refused, nothing saved.

    ``conflicts`` holds the keys of the items (``answer_<id>``, ``indicator_<code>``...) saved since.
    """

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors, code="stale")
        self.conflicts = set(errors)


@transaction.atomic
def cycle_create(
    *,
    by,
    year: int,
    title: str | Texts,
    opens_on: datetime.date,
    deadline: datetime.date,
    is_example: bool = False,
) -> ReportCycle:
    """Open a reporting cycle with the default template (five questions, the indicator list, each in every
    language the platform has them in). ``title`` is the English title, or the title by language."""
    require(by, "pathfinders.manage_cycles")
    titles = title if isinstance(title, dict) else {"en": title}
    cycle = ReportCycle(
        year=year,
        title=titles["en"].strip(),
        translations=stored("title", {code: text.strip() for code, text in titles.items()}),
        opens_on=opens_on,
        deadline=deadline,
        is_example=is_example,
    )
    save_validated(cycle, by)
    cycle_add_default_template(cycle=cycle)
    return cycle


@transaction.atomic
def cycle_open(*, by, year: int | None, deadline: datetime.date | None) -> ReportCycle:
    """The secretariat opens a real reporting cycle today, with its deadline; the focal points of every
    reporting country (a current roadmap) are told, with a link to their reports."""
    require(by, "pathfinders.manage_cycles")
    errors = {}
    if year is None:
        errors["year"] = _("Give the year the reports cover, e.g. %(year)s.") % {"year": timezone.localdate().year - 1}
    elif ReportCycle.objects.filter(year=year).exists():
        errors["year"] = _("A cycle for %(year)s is already open.") % {"year": year}
    if deadline is None:
        errors["deadline"] = _("Give the deadline as a date, e.g. %(date)s.") % {
            "date": (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
        }
    elif deadline < timezone.localdate():
        errors["deadline"] = _("The deadline is in the past: give a date from today on.")
    if errors:
        raise ValidationError(errors)
    cycle = cycle_create(
        by=by,
        year=year,
        title=cycle_title(year),  # in every language, whichever the secretariat member reads
        opens_on=timezone.localdate(),
        deadline=deadline,
    )
    countries = Roadmap.objects.filter(is_current=True, country__is_example=False).values_list("country", flat=True)
    for country in Country.objects.filter(pk__in=countries):
        notify(
            users_with_role(Role.COUNTRY_FOCAL_POINT, country),
            subject=gettext_lazy("The annual progress reports for %(year)s are open"),
            body=gettext_lazy(
                "The secretariat opened the annual progress reports for %(year)s. The report of %(country)s "
                "is due on %(deadline)s: start it from your reports page."
            ),
            context={"year": year, "country": country.name, "deadline": dates.day_lazy(deadline)},
            link=reverse("pathfinders:reports"),
        )
    return cycle


def cycle_add_default_template(*, cycle: ReportCycle) -> None:
    """Give a cycle without questions or indicators the default five questions and indicator list, with
    their French, Spanish and Arabic forms (``defaults.py``)."""
    if not cycle.questions.exists():
        CycleQuestion.objects.bulk_create(
            CycleQuestion(cycle=cycle, position=i, text=text["en"], translations=stored("text", text))
            for i, text in enumerate(DEFAULT_QUESTIONS)
        )
    if not cycle.indicators.exists():
        CycleIndicator.objects.bulk_create(
            CycleIndicator(cycle=cycle, position=i, code=code, label=label["en"], translations=stored("label", label))
            for i, (code, label) in enumerate(DEFAULT_INDICATORS)
        )


@transaction.atomic
def report_start(*, country: Country, cycle: ReportCycle, by, is_example: bool = False) -> Report:
    """Open (or return) ``country``'s draft for ``cycle``, tied to its current roadmap.

    A real country reports in a real cycle, the example country in an example cycle: an example cycle
    holds only invented data, and a real report must never be published tagged "Example".
    """
    require(by, "pathfinders.start_report", country)
    if cycle.is_example and not country.is_example:
        raise ValidationError(
            {
                "cycle": _(
                    "%(cycle)s is the example cycle: only the example country reports there. %(country)s reports "
                    "in a real cycle, which the secretariat opens."
                )
                % {"cycle": localised(cycle, "title"), "country": country.name}
            }
        )
    if country.is_example and not cycle.is_example:
        raise ValidationError({"cycle": _("The example country reports only in example cycles.")})
    roadmap = Roadmap.objects.filter(country=country, is_current=True).first()
    if roadmap is None:
        raise ValidationError({"roadmap": _("Only countries with a roadmap report. Add the roadmap first.")})
    report, _created = Report.objects.get_or_create(
        country=country,
        cycle=cycle,
        defaults={"roadmap": roadmap, "is_example": is_example or country.is_example},
    )
    return report


def _when(moment: datetime.datetime | None) -> str:
    """A save's time as a person reads it: the time alone today, with the date otherwise."""
    if moment is None:
        return _("an unknown time")
    if timezone.localtime(moment).date() == timezone.localdate():
        return f"{dates.clock(moment)} {dates.zone(moment)}"
    return dates.day_time(moment)


class _Saver:
    """One save of a report: compares each posted item with the saved one, changes only what differs,
    stamps what it changes with the new version, and notes each item a newer save changed since the
    form was loaded (a conflict) instead of overwriting it."""

    def __init__(self, report: Report, loaded_version: int | None):
        self.report = report
        self.current = report.version
        self.new_version = report.version + 1
        self.stale = loaded_version is not None and loaded_version < report.version
        self.loaded_version = loaded_version
        self.errors: dict[str, str] = {}
        self.conflicts: dict[str, str] = {}
        self.changes: list = []  # callables run once nothing conflicts

    def conflict(self, key: str, name: str, saved) -> bool:
        """True (and noted) when ``saved`` was changed by a save newer than the form."""
        if not self.stale or saved is None or saved.version <= self.loaded_version:
            return False
        record = saved.history.order_by("-history_date").first()
        self.conflicts[key] = _(
            "%(item)s: a newer version was saved at %(time)s, after this page was loaded. What you typed is "
            "still here but was not saved. Compare it with the saved version shown with it, keep what you "
            "need, then save again."
        ) % {"item": name, "time": _when(record.history_date if record else None)}
        return True

    def put(self, key: str, name: str, saved, *, model, lookup: dict, values: dict | None) -> None:
        """Make the saved item say ``values`` (None: remove it), unless that is what it says already."""
        current = None if saved is None else {field: getattr(saved, field) for field in (values or {})}
        if values is None and saved is None:
            return
        if values is not None and saved is not None and current == values:
            return
        if self.conflict(key, name, saved):
            return
        if values is None:
            self.changes.append(lambda: model.objects.filter(pk=saved.pk).delete())
        else:
            stamped = {**values, "version": self.new_version}
            self.changes.append(lambda: model.objects.update_or_create(**lookup, defaults=stamped))


@transaction.atomic
def report_save(
    *,
    report: Report,
    by,
    indicator_values: dict[str, dict] | None = None,
    answers: dict[int, str] | None = None,
    action_statuses: dict[int, dict] | None = None,
    roadmap_indicator_values: dict[int, dict] | None = None,
    version: int | None = None,
) -> Report:
    """Save a draft, whole or in part (autosave sends what changed). Nothing is checked for completeness.

    ``indicator_values``: indicator code → {"value", "year", "note"}; an empty value unselects it.
    ``answers``: question id → text. ``action_statuses``: key action id → {"status", "note"}.
    ``roadmap_indicator_values``: the roadmap's indicator id → {"value", "year", "note"}.
    ``version``: the report's version the form was loaded with (``report.version``); when newer saves
    changed an item this save would change too, the whole save is refused (``StaleReport``).
    Errors name the item: ``indicator_<code>``, ``answer_<id>``, ``action_<id>``, ``roadmap_<id>``.
    Returns the report with its new version (unchanged when nothing changed).
    """
    require(by, "pathfinders.edit_report", report)
    report.version = Report.objects.select_for_update().values_list("version", flat=True).get(pk=report.pk)
    saver = _Saver(report, version)
    _save_indicator_values(saver, indicator_values or {})
    _save_answers(saver, answers or {})
    _save_action_statuses(saver, action_statuses or {})
    _save_roadmap_indicator_values(saver, roadmap_indicator_values or {})
    if saver.errors:
        raise ValidationError({**saver.errors, **saver.conflicts})
    if saver.conflicts:
        raise StaleReport(saver.conflicts)
    if not saver.changes:
        return report
    for change in saver.changes:
        change()
    report.version = saver.new_version
    report._history_user = by
    report.save(update_fields=["updated_at", "version"])
    return report


def _year_error(entry: dict, name: str, last: int) -> tuple[int | None, str | None]:
    if not entry.get("year"):
        return None, None
    year = _int(entry.get("year"))
    if year is None:
        return None, _("The year of “%(name)s” is not a year.") % {"name": name}
    if not 1990 <= year <= last:
        return None, _("The year of “%(name)s” must be between 1990 and %(last)s.") % {"name": name, "last": last}
    return year, None


def _save_indicator_values(saver: _Saver, indicator_values: dict) -> None:
    report = saver.report
    indicators = {i.code: i for i in CycleIndicator.objects.filter(cycle=report.cycle)}
    saved = {v.indicator_id: v for v in ReportIndicatorValue.objects.filter(report=report)}
    for code, given in indicator_values.items():
        key = f"indicator_{code}"
        indicator = indicators.get(code)
        if indicator is None:
            saver.errors[key] = _("“%(code)s” is not an indicator of this cycle.") % {"code": code}
            continue
        label = localised(indicator, "label")  # errors name it as the form shows it
        entry = given if isinstance(given, dict) else {"value": given}
        value = str(entry.get("value") or "").strip()
        lookup = {"report": report, "indicator": indicator}
        if not value:
            saver.put(key, label, saved.get(indicator.pk), model=ReportIndicatorValue, lookup=lookup, values=None)
            continue
        year, error = _year_error(entry, label, report.cycle.year + 1)
        if error:
            saver.errors[key] = error
            continue
        values = {"value": value[:100], "year": year, "note": str(entry.get("note") or "")[:500]}
        saver.put(key, label, saved.get(indicator.pk), model=ReportIndicatorValue, lookup=lookup, values=values)


def _save_roadmap_indicator_values(saver: _Saver, given_values: dict) -> None:
    report = saver.report
    indicators = {i.pk: i for i in Indicator.objects.filter(priority__roadmap=report.roadmap)}
    saved = {v.indicator_id: v for v in ReportRoadmapIndicatorValue.objects.filter(report=report)}
    for indicator_id, given in given_values.items():
        key = f"roadmap_{indicator_id}"
        indicator = indicators.get(_int(indicator_id))
        if indicator is None:
            saver.errors[key] = _("This indicator is not part of the roadmap reported on.")
            continue
        entry = given if isinstance(given, dict) else {"value": given}
        value = str(entry.get("value") or "").strip()
        note = str(entry.get("note") or "").strip()
        lookup = {"report": report, "indicator": indicator}
        if not value and not note:
            saver.put(
                key,
                indicator.name,
                saved.get(indicator.pk),
                model=ReportRoadmapIndicatorValue,
                lookup=lookup,
                values=None,
            )
            continue
        year, error = _year_error(entry, indicator.name, report.cycle.year + 1)
        if error:
            saver.errors[key] = error
            continue
        values = {"value": value[:100], "year": year, "note": note[:1000]}
        saver.put(
            key,
            indicator.name,
            saved.get(indicator.pk),
            model=ReportRoadmapIndicatorValue,
            lookup=lookup,
            values=values,
        )


def _save_answers(saver: _Saver, answers: dict) -> None:
    report = saver.report
    questions = {q.pk: n for n, q in enumerate(CycleQuestion.objects.filter(cycle=report.cycle), start=1)}
    saved = {a.question_id: a for a in ReportAnswer.objects.filter(report=report)}
    for question_id, given in answers.items():
        key = f"answer_{question_id}"
        number = questions.get(_int(question_id))
        if number is None:
            saver.errors[key] = _("This question is not part of this cycle.")
            continue
        text = str(given or "")
        if len(text) > 8000:
            saver.errors[key] = _("Answers are limited to 8,000 characters.")
            continue
        name = _("Question %(n)s") % {"n": number}
        lookup = {"report": report, "question_id": _int(question_id)}
        existing = saved.get(_int(question_id))
        if existing is None and not text:
            continue  # nothing typed, nothing saved: not a change
        saver.put(key, name, existing, model=ReportAnswer, lookup=lookup, values={"text": text})


def _save_action_statuses(saver: _Saver, action_statuses: dict) -> None:
    report = saver.report
    actions = {a.pk: a for a in KeyAction.objects.filter(priority__roadmap=report.roadmap)}
    saved = {s.key_action_id: s for s in ReportActionStatus.objects.filter(report=report)}
    for action_id, given in action_statuses.items():
        key = f"action_{action_id}"
        entry = given if isinstance(given, dict) else {}
        status = entry.get("status") or ""
        action = actions.get(_int(action_id))
        if action is None:
            saver.errors[key] = _("This key action is not part of the roadmap reported on.")
            continue
        lookup = {"report": report, "key_action": action}
        note = str(entry.get("note") or "")
        if not status:
            if note.strip():
                saver.errors[key] = _("Choose a status to keep this note.")
                continue
            saver.put(key, action.title, saved.get(action.pk), model=ReportActionStatus, lookup=lookup, values=None)
            continue
        if status not in ActionStatus.values:
            saver.errors[key] = _("Unknown status “%(status)s”.") % {"status": status}
            continue
        values = {"status": status, "note": note[:1000]}
        saver.put(key, action.title, saved.get(action.pk), model=ReportActionStatus, lookup=lookup, values=values)


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
    if not report.indicator_values.exists() and not report.roadmap_indicator_values.exclude(value="").exists():
        missing["indicators"] = _("Section 1: give the value of at least one indicator.")
    answered = {a.question_id for a in report.answers.all() if a.text.strip()}
    for number, question in enumerate(CycleQuestion.objects.filter(cycle=report.cycle), start=1):
        if question.required and question.pk not in answered:
            missing[f"answer_{question.pk}"] = _("Section 2, question %(n)s has no answer: “%(text)s”") % {
                "n": number,
                "text": localised(question, "text"),
            }
    with_status = set(report.action_statuses.values_list("key_action_id", flat=True))
    for action in KeyAction.objects.filter(priority__roadmap=report.roadmap).order_by("priority__position", "position"):
        if action.pk not in with_status:
            missing[f"action_{action.pk}"] = _("Key action “%(title)s” has no status.") % {"title": action.title}
    return missing


def _report_link(report: Report) -> str:
    return reverse("pathfinders:report", args=[report.pk])


def _focal_points(report: Report):
    return users_with_role(Role.COUNTRY_FOCAL_POINT, report.country)


def _names(report: Report) -> dict:
    """An e-mail's names: the cycle's title in each recipient's language."""
    return {"country": report.country.name, "cycle": localised_lazy(report.cycle, "title")}


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
    notify(
        users_with_role(Role.MONITORING_REVIEWER),
        subject=gettext_lazy("Annual report submitted: %(country)s, %(cycle)s"),
        body=gettext_lazy(
            "%(country)s submitted its annual progress report (%(cycle)s). It waits for your review: "
            "accept it, or return it to the country with comments."
        ),
        context=_names(report),
        link=_report_link(report),
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
    """Send the report back to the country with comments (required); the focal points are e-mailed a link
    to the form, where the comments stand above the answers."""
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
    notify(
        _focal_points(report),
        subject=gettext_lazy("Your annual report was returned with comments: %(cycle)s"),
        body=gettext_lazy(
            "The Monitoring Working Group returned the annual progress report of %(country)s (%(cycle)s) with "
            "these comments:\n\n%(comment)s\n\nThe report can be changed again: change it, then submit it."
        ),
        context={**_names(report), "comment": report.review_comment},
        link=reverse("pathfinders:report_edit", args=[report.pk]),
    )
    return report


@transaction.atomic
def report_accept(*, report: Report, by) -> Report:
    """Accept a submitted report; the focal points are told, and the secretariat, who publishes it."""
    report = _move(
        report,
        by,
        "pathfinders.review_report",
        (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW),
        ReportStatus.ACCEPTED,
    )
    notify(
        _focal_points(report),
        subject=gettext_lazy("Your annual report was accepted: %(cycle)s"),
        body=gettext_lazy(
            "The Monitoring Working Group accepted the annual progress report of %(country)s (%(cycle)s). "
            "The secretariat publishes it next; you will be told when it is public."
        ),
        context=_names(report),
        link=_report_link(report),
    )
    notify(
        users_with_role(Role.SECRETARIAT),
        subject=gettext_lazy("Annual report accepted, ready to publish: %(country)s, %(cycle)s"),
        body=gettext_lazy(
            "The Monitoring Working Group accepted the annual progress report of %(country)s (%(cycle)s). "
            "It waits for you to publish it."
        ),
        context=_names(report),
        link=_report_link(report),
    )
    return report


@transaction.atomic
def report_publish(*, report: Report, by) -> Report:
    """Make an accepted report public (the secretariat); the focal points are told."""
    report = _move(report, by, "pathfinders.publish_report", (ReportStatus.ACCEPTED,), ReportStatus.PUBLISHED)
    report.published_at = timezone.now()
    report.save(update_fields=["published_at"])
    public_pages_changed()
    notify(
        _focal_points(report),
        subject=gettext_lazy("Your annual report is published: %(cycle)s"),
        body=gettext_lazy(
            "The annual progress report of %(country)s (%(cycle)s) is published: everyone can now read it, "
            "on the country's page too."
        ),
        context=_names(report),
        link=_report_link(report),
    )
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
            subject = gettext_lazy("Reminder: the annual report for %(cycle)s is due on %(date)s")
        else:
            subject = gettext_lazy("Overdue: the annual report for %(cycle)s was due on %(date)s")
        notify(
            users,
            subject=subject,
            body=gettext_lazy("The annual progress report of %(country)s for %(cycle)s: fill it in and submit it."),
            context={
                "cycle": localised_lazy(cycle, "title"),
                "date": dates.day_lazy(cycle.deadline),
                "country": country.name,
            },
            link=reverse("pathfinders:reports"),
        )
        sent.append(ReminderSent.objects.create(country=country, cycle=cycle, kind=kind, recipients=len(users)))
    return sent
