"""The events' consoles on ``/me/``: the events a person organises, with what waits there, and the
run-of-show of those they organise or moderate that are not over yet."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance87.accounts.models import Role
from alliance87.accounts.rules import is_secretariat
from alliance87.consoles import Console

from .models import AgendaItem, Event
from .vocab import EventStatus, ItemKind


def _waiting_label(drafts: int, unled: int) -> str:
    parts = []
    if drafts or not unled:
        parts.append(
            ngettext("%(count)d draft not yet published", "%(count)d drafts not yet published", drafts)
            % {"count": drafts}
        )
    if unled:
        parts.append(
            ngettext(
                "%(count)d agenda item with nobody to lead it", "%(count)d agenda items with nobody to lead them", unled
            )
            % {"count": unled}
        )
    return "; ".join(parts)


def consoles_for(user) -> list[Console]:
    """Two queries for an organiser's console (the events' drafts, their items without a lead), one for the
    run-of-show consoles; events that are over wait for nothing."""
    found = []
    now = timezone.now()
    secretariat = is_secretariat(user)
    if secretariat or user.has_role(Role.EVENT_ORGANISER):
        coming = Event.objects.filter(ends_at__gt=now)
        if not secretariat:
            coming = coming.filter(pk__in=user.scopes_for(Role.EVENT_ORGANISER, Event))
        # A draft that was withdrawn is not waiting to be published: its organisers took it back.
        drafts = coming.filter(status=EventStatus.DRAFT, withdrawn_at__isnull=True).count()
        unled = (
            AgendaItem.objects.filter(event__in=coming)
            .exclude(kind=ItemKind.BREAK)
            .exclude(participations__is_lead=True)
            .count()
        )
        found.append(
            Console(
                title=_("Events to organise"),
                url=reverse("events:manage"),
                waiting=drafts + unled,
                waiting_label=_waiting_label(drafts, unled),
                description=_("The programme, its people and its publication."),
            )
        )
    if secretariat:
        return found
    runs = user.scopes_for(Role.EVENT_ORGANISER, Event) | user.scopes_for(Role.MODERATOR, Event)
    for event in Event.objects.filter(Q(pk__in=runs), ends_at__gt=now).order_by("starts_at", "title"):
        found.append(
            Console(
                title=_("Run-of-show: %(event)s") % {"event": event.title},
                url=reverse("events:run", args=[event.slug]),
                description=_("The countdown, the current and next segment, and the speaker view."),
            )
        )
    return found
