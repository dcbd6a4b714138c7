"""Reads of events: the agenda with derived times, and the checks an organiser needs."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.http import Http404

from .models import AgendaItem, Event, Participation
from .vocab import ItemKind

FITS, GAP, OVERRUN = "fits", "gap", "overrun"


@dataclass
class ScheduledItem:
    item: AgendaItem
    starts_at: datetime  # in the event's time zone
    ends_at: datetime
    participations: list[Participation] = field(default_factory=list)

    @property
    def leads(self) -> list[Participation]:
        return [p for p in self.participations if p.is_lead]


@dataclass
class TitleConflict:
    person: object
    titles: list[str]


def _participations():
    return Participation.objects.select_related("person", "person__organisation").order_by("position", "pk")


def agenda_with_times(event: Event) -> list[ScheduledItem]:
    """Each item with its start and end, derived from the event's start and the durations before it.

    Two queries, however many items: the items, then their participations.
    """
    zone = event.zone
    items = event.items.order_by("position", "pk").prefetch_related(
        Prefetch("participations", queryset=_participations())
    )
    cursor = event.starts_at.astimezone(zone)
    scheduled = []
    for item in items:
        ends = cursor + timedelta(minutes=item.duration_minutes)
        scheduled.append(ScheduledItem(item, cursor, ends, list(item.participations.all())))
        cursor = ends
    return scheduled


def fit_check(event: Event) -> tuple[str, int]:
    """Do the items fill the event's slot exactly? ("fits", 0), ("gap", minutes left), ("overrun", minutes over)."""
    total = sum(event.items.values_list("duration_minutes", flat=True))
    difference = event.slot_minutes - total
    if difference > 0:
        return GAP, difference
    if difference < 0:
        return OVERRUN, -difference
    return FITS, 0


def _normalised(title: str) -> str:
    return " ".join(title.casefold().split())


def title_conflicts(event: Event) -> list[TitleConflict]:
    """People printed with different titles in this event (e.g. the same minister, two titles)."""
    titles: dict[int, dict[str, str]] = {}
    people = {}
    for participation in _participations().filter(event=event):
        if not participation.printed_title:
            continue
        people[participation.person_id] = participation.person
        titles.setdefault(participation.person_id, {}).setdefault(
            _normalised(participation.printed_title), participation.printed_title
        )
    return [TitleConflict(people[pk], sorted(seen.values())) for pk, seen in titles.items() if len(seen) > 1]


def items_without_lead(event: Event) -> list[AgendaItem]:
    """Items no one leads (breaks need no lead)."""
    return list(
        event.items.exclude(kind=ItemKind.BREAK).exclude(participations__is_lead=True).order_by("position").distinct()
    )


def event_participants(event: Event) -> list:
    """The distinct people of an event, by name."""
    seen = {}
    for participation in _participations().filter(event=event):
        seen.setdefault(participation.person_id, participation.person)
    return sorted(seen.values(), key=lambda person: person.name)


def published_event_for_page(slug: str) -> Event:
    event = (
        Event.objects.published()
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "participations", queryset=_participations().filter(agenda_item__isnull=True), to_attr="event_roles"
            )
        )
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise Http404
    return event
