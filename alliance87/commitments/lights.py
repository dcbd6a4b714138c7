"""The status light of a commitment, after the UN Partnerships for SDGs registry, and "on track".

A published commitment is green while its last report (or its publication, before any report) is at most
``green_days`` old; yellow ("a report is due") after that; red once it is ``red_days`` old; inactive once
``inactive_days``. A completed commitment is done, a closed one closed; before publication it has no light.
Ages are whole days (``(now - basis).days``): with the defaults, day 365 is green, day 366 yellow, day 730
red and day 1095 inactive.

The light is kept on the commitment (``light``, ``light_computed_at``) so the registry filters on it.
``recompute_all`` sets every commitment's in a handful of UPDATE statements (one per light, the
conditions in SQL: the same arithmetic as ``light_of``, the tests compare the two), so 5,000 commitments
take milliseconds, not one query each; the daily command and a change of the rules call it, and a
report recomputes its own commitment's (``recompute_one``).
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from alliance87.pagecache import public_pages_changed

from .models import Commitment, CommitmentRules, CommitmentStatus, Deliverable, Light

WAITING = (Light.YELLOW, Light.RED, Light.INACTIVE)  # a report is due (the consoles' count)
OVERDUE = (Light.RED, Light.INACTIVE)  # the secretariat's "overdue"


def basis_of(commitment) -> datetime.datetime | None:
    """The moment the light counts from: the last report, else the publication."""
    return commitment.last_reported_at or commitment.published_at


def report_due_on(commitment, rules: CommitmentRules) -> datetime.date | None:
    """The day the next report falls due: ``green_days`` (a year) after the last report or the publication."""
    basis = basis_of(commitment)
    if basis is None:
        return None
    return timezone.localdate(basis) + datetime.timedelta(days=rules.green_days)


def light_of(commitment, rules: CommitmentRules, now: datetime.datetime | None = None) -> str:
    """The light ``commitment`` has at ``now`` under ``rules`` (a ``Light`` value)."""
    status = commitment.status
    if status == CommitmentStatus.COMPLETED:
        return Light.DONE
    if status == CommitmentStatus.CLOSED:
        return Light.CLOSED
    if status != CommitmentStatus.PUBLISHED:
        return Light.NONE
    basis = basis_of(commitment)
    if basis is None:
        return Light.GREEN  # published a moment ago, the date not yet stamped
    age = ((now or timezone.now()) - basis).days
    if age >= rules.inactive_days:
        return Light.INACTIVE
    if age >= rules.red_days:
        return Light.RED
    if age > rules.green_days:
        return Light.YELLOW
    return Light.GREEN


def _conditions(rules: CommitmentRules, now: datetime.datetime) -> dict[str, Q]:
    """Each light's rows as a condition on ``basis`` (annotated), the same arithmetic as ``light_of``:
    ``(now - basis).days >= n`` is ``basis <= now - n days``."""

    def days(n: int) -> datetime.datetime:
        return now - datetime.timedelta(days=n)

    published = Q(status=CommitmentStatus.PUBLISHED)
    return {
        Light.DONE: Q(status=CommitmentStatus.COMPLETED),
        Light.CLOSED: Q(status=CommitmentStatus.CLOSED),
        Light.NONE: ~Q(status__in=(CommitmentStatus.PUBLISHED, CommitmentStatus.COMPLETED, CommitmentStatus.CLOSED)),
        Light.INACTIVE: published & Q(basis__lte=days(rules.inactive_days)),
        Light.RED: published & Q(basis__lte=days(rules.red_days), basis__gt=days(rules.inactive_days)),
        Light.YELLOW: published & Q(basis__lte=days(rules.green_days + 1), basis__gt=days(rules.red_days)),
        Light.GREEN: published & (Q(basis__gt=days(rules.green_days + 1)) | Q(basis__isnull=True)),
    }


def recompute_all(now: datetime.datetime | None = None, rules: CommitmentRules | None = None) -> dict[str, int]:
    """Set every commitment's light as of ``now``; returns how many rows changed, by light.

    One UPDATE per light, touching only the rows whose light changes, and one more stamping
    ``light_computed_at`` on the rest (9 statements, whatever the number of commitments).
    """
    now = now or timezone.now()
    rules = rules or CommitmentRules.current()
    rows = Commitment.objects.annotate(basis=Coalesce("last_reported_at", "published_at"))
    changed = {}
    for light, condition in _conditions(rules, now).items():
        changed[str(light)] = rows.filter(condition).exclude(light=light).update(light=light, light_computed_at=now)
    Commitment.objects.exclude(light_computed_at=now).update(light_computed_at=now)
    # The registry, a commitment's page and the follow-up sections show the light and count "on track", which
    # also turns with the date alone (a deliverable falls due): the cached public pages are renewed on every
    # recomputation (once a day, or after the rules change), not left to show yesterday's light for minutes.
    public_pages_changed()
    return changed


@receiver(post_save, sender=CommitmentRules, dispatch_uid="commitments-rules-changed")
def _rules_changed(sender, instance, created, raw=False, **kwargs) -> None:
    """The rules were saved (the secretariat's page, the admin): every light again, once the save commits."""
    if raw or created:
        return  # a fixture's row, or the defaults made on first use: nothing computed under other rules yet

    def again() -> None:
        if not getattr(instance, "lights_recomputed", False):  # the rules page's service did it already
            recompute_all(rules=instance)

    transaction.on_commit(again)


def recompute_one(commitment, now: datetime.datetime | None = None, rules: CommitmentRules | None = None) -> str:
    """Set ``commitment``'s light now (after a report, a completion); no history row (the light is derived)."""
    now = now or timezone.now()
    light = light_of(commitment, rules or CommitmentRules.current(), now)
    Commitment.objects.filter(pk=commitment.pk).update(light=light, light_computed_at=now)
    commitment.light, commitment.light_computed_at = light, now
    return light


def _late_deliverables(today: datetime.date):
    return Deliverable.objects.filter(due_on__lt=today, achieved_at__isnull=True)


def is_on_track(commitment, today: datetime.date | None = None) -> bool:
    """Published, green, and none of its deliverables past its due date without being achieved."""
    today = today or timezone.localdate()
    if commitment.status != CommitmentStatus.PUBLISHED or commitment.light != Light.GREEN:
        return False
    return not _late_deliverables(today).filter(commitment=commitment).exists()


def on_track(queryset, today: datetime.date | None = None):
    """``queryset`` narrowed to the commitments on track (``is_on_track``): for the stocktake's figures."""
    today = today or timezone.localdate()
    return queryset.filter(status=CommitmentStatus.PUBLISHED, light=Light.GREEN).exclude(
        pk__in=_late_deliverables(today).values("commitment_id")
    )
