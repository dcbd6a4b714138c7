"""Progress on a commitment: updates with their evidence, the final report, the light's rules, reminders.

- ``report_progress``: an update on a deliverable or on the whole commitment, with evidence files (the
  reports' upload rules) and links. All or nothing: a bad file or link and nothing is saved, the message
  names it. The deliverable keeps the latest value and progress; the commitment its last report and light.
- ``complete``: the final report (an update with ``is_final``); the commitment is completed and the
  secretariat is told.
- ``history_of``: the updates with their evidence, newest first (the commitment's public page shows them).
- ``rules_update``: the secretariat changes the light's thresholds; every light is recomputed.
- ``reminders_send``: the daily reminders (a report falling due, overdue; a deliverable falling due).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87 import dates
from alliance87.accounts.models import Role
from alliance87.accounts.selectors import users_with_role
from alliance87.network.models import ActionGroup, Country, Organisation
from alliance87.notify import notify
from alliance87.pagecache import public_pages_changed
from alliance87.pathfinders.services.uploads import validate_upload
from alliance87.writes import require, save_validated

from . import lights
from .models import (
    Commitment,
    CommitmentRules,
    CommitmentStatus,
    Deliverable,
    Progress,
    ProgressUpdate,
    ReminderSent,
    UpdateEvidence,
)
from .rules import ROLE_FOR

MAX_FILES = 10
MAX_LINKS = 10
BEFORE, AFTER, DELIVERY = "before", "after", "delivery"  # ReminderSent.kind


def report_url(commitment) -> str:
    return reverse("commitments:progress_report", args=[commitment.pk])


def commitment_url(commitment) -> str:
    """The commitment's public page; its report page while the registry's page is not there."""
    try:
        return commitment.get_absolute_url()
    except NoReverseMatch:
        return report_url(commitment)


# ---- Evidence -----------------------------------------------------------------------------------------


def _link_title(entry) -> tuple[str, str]:
    if isinstance(entry, dict):
        return str(entry.get("url") or "").strip(), str(entry.get("title") or "").strip()
    return str(entry or "").strip(), ""


def _checked_evidence(files, links) -> tuple[list, list[tuple[str, str]]]:
    """The files and (url, title) links, each checked; every refusal named (under ``files`` or ``links``)."""
    files = [f for f in (files or []) if f]
    links = [_link_title(entry) for entry in (links or [])]
    links = [(url, title) for url, title in links if url]
    errors: dict[str, list[str]] = defaultdict(list)
    if len(files) > MAX_FILES:
        errors["files"].append(_("At most %(n)d files per update.") % {"n": MAX_FILES})
    for file in files:
        try:
            validate_upload(file, field="files")
        except ValidationError as error:
            errors["files"].extend(error.message_dict["files"])
    if len(links) > MAX_LINKS:
        errors["links"].append(_("At most %(n)d links per update.") % {"n": MAX_LINKS})
    check = URLValidator(schemes=["http", "https"])
    for url, title in links:
        if len(url) > 1000:
            errors["links"].append(_("“%(url)s…” is longer than 1,000 characters.") % {"url": url[:60]})
            continue
        if len(title) > 300:
            errors["links"].append(_("The title of “%(url)s” is longer than 300 characters.") % {"url": url})
            continue
        try:
            check(url)
        except ValidationError:
            errors["links"].append(
                _("“%(url)s” is not a web address: give it whole, starting with https://.") % {"url": url}
            )
    if errors:
        raise ValidationError(dict(errors))
    return files, links


def _attach(update: ProgressUpdate, files, links, by) -> None:
    for file in files:
        evidence = UpdateEvidence(update=update, original_name=file.name[:255], size=file.size, uploaded_by=by)
        evidence.file.save(file.name, file, save=False)
        evidence.save()
    UpdateEvidence.objects.bulk_create(
        UpdateEvidence(update=update, url=url, title=title, uploaded_by=by) for url, title in links
    )


# ---- Updates and the final report -----------------------------------------------------------------------


def _value(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError as error:
        raise ValidationError({"value": _("Give the value as a number, e.g. 120 or 12.5.")}) from error


def _record(
    *,
    by,
    commitment: Commitment,
    deliverable,
    progress: str,
    value,
    text: str,
    language: str,
    files,
    links,
    share_as_story: bool,
    is_final: bool,
) -> ProgressUpdate:
    if deliverable is not None and not isinstance(deliverable, Deliverable):
        deliverable = commitment.deliverables.filter(pk=deliverable).first() or False
    if deliverable is False or (deliverable is not None and deliverable.commitment_id != commitment.pk):
        raise ValidationError({"deliverable": _("This deliverable is not one of this commitment’s.")})
    value = _value(value)
    if value is not None and deliverable is None:
        raise ValidationError(
            {"value": _("A value is reported for a deliverable: choose the deliverable it measures.")}
        )
    files, links = _checked_evidence(files, links)
    now = timezone.now()
    update = ProgressUpdate(
        commitment=commitment,
        deliverable=deliverable,
        progress=progress or "",
        value=value,
        text=(text or "").strip(),
        language=language or "",
        is_final=is_final,
        share_as_story=bool(share_as_story),
        reported_at=now,
        reported_by=by,
    )
    save_validated(update, by)
    _attach(update, files, links, by)
    if deliverable is not None:
        if value is not None:
            deliverable.current_value = value
        deliverable.progress = progress
        if progress == Progress.ACHIEVED:
            deliverable.achieved_at = deliverable.achieved_at or now
        else:
            deliverable.achieved_at = None
        save_validated(deliverable, by)
    commitment.last_reported_at = now
    Commitment.objects.filter(pk=commitment.pk).update(last_reported_at=now, updated_at=now)
    return update


@transaction.atomic
def report_progress(
    *,
    by,
    commitment: Commitment,
    deliverable=None,
    progress: str,
    value=None,
    text: str,
    language: str = "en",
    files: Iterable = (),
    links: Iterable = (),
    share_as_story: bool = False,
) -> ProgressUpdate:
    """Report progress on ``commitment`` (on ``deliverable``, a Deliverable or its id, or on the whole).

    ``links``: web addresses, or ``{"url", "title"}``. Only its makers, its confirmed co-implementers and the
    secretariat report, on a published commitment. All or nothing: a refused file or link saves nothing.
    """
    require(by, "commitments.report_progress", commitment)
    update = _record(
        by=by,
        commitment=commitment,
        deliverable=deliverable,
        progress=progress,
        value=value,
        text=text,
        language=language,
        files=files,
        links=links,
        share_as_story=share_as_story,
        is_final=False,
    )
    lights.recompute_one(commitment)
    public_pages_changed()
    return update


@transaction.atomic
def complete(
    *,
    by,
    commitment: Commitment,
    text: str,
    progress: str = Progress.ACHIEVED,
    language: str = "en",
    files: Iterable = (),
    links: Iterable = (),
    share_as_story: bool = False,
) -> ProgressUpdate:
    """The final report: what was achieved (``progress``: achieved or not achieved), with its evidence. The
    commitment is completed, its light done; the secretariat is told."""
    require(by, "commitments.complete_commitment", commitment)
    if progress not in (Progress.ACHIEVED, Progress.NOT_ACHIEVED):
        raise ValidationError({"progress": _("Say whether the commitment was achieved or not.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("Say what was achieved, and what was not: the final report needs its text.")})
    update = _record(
        by=by,
        commitment=commitment,
        deliverable=None,
        progress=progress,
        value=None,
        text=text,
        language=language,
        files=files,
        links=links,
        share_as_story=share_as_story,
        is_final=True,
    )
    commitment.refresh_from_db()
    commitment.status = CommitmentStatus.COMPLETED
    commitment.completed_at = update.reported_at
    save_validated(commitment, by)
    lights.recompute_one(commitment)
    public_pages_changed()
    notify(
        users_with_role(Role.SECRETARIAT),
        subject=gettext_lazy("Final report on a commitment: %(title)s"),
        body=gettext_lazy(
            "%(lead)s sent the final report on its commitment “%(title)s”, which is now completed. Read it on "
            "the commitment's page."
        ),
        context={"title": commitment.title, "lead": str(commitment.lead)},
        link=commitment_url(commitment),
    )
    return update


def history_of(commitment: Commitment) -> list[ProgressUpdate]:
    """The updates on ``commitment`` with their deliverable and evidence, newest first (two queries)."""
    return list(
        commitment.updates.select_related("deliverable").prefetch_related(
            Prefetch("evidence", queryset=UpdateEvidence.objects.order_by("pk"))
        )
    )


def reportable_by(user):
    """The published commitments ``user`` reports on (every one for the secretariat)."""
    running = Commitment.objects.filter(status=CommitmentStatus.PUBLISHED)
    if user.has_perm("commitments.manage_rules"):
        return running
    organisations = user.scopes_for(Role.PARTNER_EDITOR, Organisation)
    countries = user.scopes_for(Role.COUNTRY_FOCAL_POINT, Country)
    groups = user.scopes_for(Role.ACTION_GROUP_LEAD, ActionGroup)
    if not (organisations or countries or groups):
        return running.none()
    confirmed = Q(co_implementers__confirmed_at__isnull=False)
    mine = (
        Q(lead_organisation__in=organisations)
        | Q(lead_country__in=countries)
        | Q(lead_action_group__in=groups)
        | (confirmed & Q(co_implementers__organisation__in=organisations))
        | (confirmed & Q(co_implementers__country__in=countries))
        | (confirmed & Q(co_implementers__action_group__in=groups))
    )
    return running.filter(pk__in=Commitment.objects.filter(mine).values("pk"))


# ---- The light's rules -----------------------------------------------------------------------------------

RULE_FIELDS = ("green_days", "red_days", "inactive_days", "remind_before_days", "remind_after_days")


@transaction.atomic
def rules_update(*, by, **values) -> CommitmentRules:
    """Change the thresholds (the days must grow: green, red, inactive); every light is recomputed."""
    require(by, "commitments.manage_rules")
    rules = CommitmentRules.current()
    for name, value in values.items():
        if name not in RULE_FIELDS:
            raise ValidationError({name: _("Unknown setting.")})
        setattr(rules, name, value)
    save_validated(rules, by)
    lights.recompute_all(rules=rules)
    rules.lights_recomputed = True  # not again once the save commits (lights._rules_changed)
    return rules  # recompute_all renewed the cached public pages


# ---- Reminders -------------------------------------------------------------------------------------------


def makers_of(commitment: Commitment):
    """Whom a reminder goes to: the people who hold the role for the commitment's lead."""
    kind = commitment.maker_kind
    return users_with_role(ROLE_FOR[kind], commitment.lead)


def _send(commitment, kind: str, due_on: datetime.date, *, subject, body, context) -> ReminderSent | None:
    if ReminderSent.objects.filter(commitment=commitment, kind=kind, due_on=due_on).exists():
        return None
    users = list(makers_of(commitment))
    if not users:
        return None  # nobody to tell yet: someone given the role later still gets it
    notify(
        users,
        subject=subject,
        body=body,
        context={"title": commitment.title, "date": dates.day_lazy(due_on), **context},
        link=report_url(commitment),
    )
    return ReminderSent.objects.create(commitment=commitment, kind=kind, due_on=due_on, recipients=len(users))


def reminders_send(now: datetime.datetime | None = None) -> list[ReminderSent]:
    """Send the reminders due today, each once (``ReminderSent``): to the makers of a published commitment
    ``remind_before_days`` before its report falls due (a year after the last report, or the publication),
    ``remind_after_days`` after it fell due, and ``remind_before_days`` before a deliverable falls due."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rules = CommitmentRules.current()
    before = datetime.timedelta(days=rules.remind_before_days)
    after = datetime.timedelta(days=rules.remind_after_days)
    sent = []
    running = Commitment.objects.filter(status=CommitmentStatus.PUBLISHED).select_related(
        "lead_organisation", "lead_country", "lead_action_group"
    )
    for commitment in running:
        due_on = lights.report_due_on(commitment, rules)
        if due_on is None:
            continue
        if due_on - before <= today < due_on:
            reminder = _send(
                commitment,
                BEFORE,
                due_on,
                subject=gettext_lazy("Reminder: a progress report on “%(title)s” is due on %(date)s"),
                body=gettext_lazy(
                    "A year has nearly passed since the last report on the commitment “%(title)s”. Tell the "
                    "Alliance how it is going: report its progress by %(date)s, with evidence if you have it."
                ),
                context={},
            )
        elif today >= due_on + after:
            reminder = _send(
                commitment,
                AFTER,
                due_on,
                subject=gettext_lazy("Overdue: the progress report on “%(title)s” was due on %(date)s"),
                body=gettext_lazy(
                    "The progress report on the commitment “%(title)s” was due on %(date)s. Until it comes, the "
                    "registry shows the commitment as due, then overdue, then inactive. Report its progress now."
                ),
                context={},
            )
        else:
            reminder = None
        if reminder:
            sent.append(reminder)
    sent.extend(_deliverable_reminders(today, before))
    return sent


def _deliverable_reminders(today: datetime.date, before: datetime.timedelta) -> list[ReminderSent]:
    """One reminder per commitment and due date, naming the deliverables not yet achieved due that day."""
    due = (
        Deliverable.objects.filter(
            commitment__status=CommitmentStatus.PUBLISHED,
            achieved_at__isnull=True,
            due_on__gte=today,
            due_on__lte=today + before,
        )
        .select_related("commitment__lead_organisation", "commitment__lead_country", "commitment__lead_action_group")
        .order_by("commitment_id", "due_on", "position", "pk")
    )
    grouped: dict[tuple[int, datetime.date], list] = defaultdict(list)
    for deliverable in due:
        grouped[(deliverable.commitment_id, deliverable.due_on)].append(deliverable)
    sent = []
    for (_pk, due_on), deliverables in grouped.items():
        commitment = deliverables[0].commitment
        reminder = _send(
            commitment,
            DELIVERY,
            due_on,
            subject=gettext_lazy("A deliverable of “%(title)s” is due on %(date)s"),
            body=gettext_lazy(
                "Due on %(date)s under the commitment “%(title)s”: %(deliverables)s. When it is delivered, "
                "report it as achieved, with its value and evidence."
            ),
            context={"deliverables": "; ".join(d.title for d in deliverables)},
        )
        if reminder:
            sent.append(reminder)
    return sent
