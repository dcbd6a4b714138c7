"""Reads of events: the agenda with derived times, and the checks an organiser needs."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.network.models import Person

from .models import AgendaItem, Event, Participation
from .vocab import Confirmation, ItemKind

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
    items = event.items.order_by("position", "pk").prefetch_related(
        Prefetch("participations", queryset=_participations(), to_attr="people")
    )
    return _schedule(event, items)


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


@dataclass
class Session:
    """One event of a programme (the event itself, or a side event or session of a conference) and its agenda."""

    event: Event
    agenda: list[ScheduledItem]

    @property
    def local_start(self) -> datetime:
        return self.event.starts_at.astimezone(self.event.zone)

    @property
    def local_end(self) -> datetime:
        return self.event.ends_at.astimezone(self.event.zone)


def _schedule(event: Event, items) -> list[ScheduledItem]:
    zone = event.zone
    cursor = event.starts_at.astimezone(zone)
    scheduled = []
    for item in items:
        ends = cursor + timedelta(minutes=item.duration_minutes)
        # ``to_attr`` hands over a plain list: ``item.participations.all()`` would build a QuerySet per item.
        scheduled.append(ScheduledItem(item, cursor, ends, item.people))
        cursor = ends
    return scheduled


def programme_sessions(event: Event, *, published_only: bool = True) -> list[Session]:
    """The whole programme of an event: its own agenda, then each of its sessions (side events) with theirs.

    Sessions are ordered by start, then room. Three queries however many sessions and items: the
    sessions, their items, the items' participations.
    """
    children = event.side_events.all()
    if published_only:
        children = children.published()
    children = list(children.order_by("starts_at", "room", "title"))
    events = [event, *children]
    by_event: dict[int, list[AgendaItem]] = {e.pk: [] for e in events}
    items = (
        AgendaItem.objects.filter(event__in=[e.pk for e in events])
        .order_by("event_id", "position", "pk")
        .prefetch_related(Prefetch("participations", queryset=_participations(), to_attr="people"))
    )
    for item in items:
        by_event[item.event_id].append(item)
    sessions = [Session(e, _schedule(e, by_event[e.pk])) for e in events]
    return [s for s in sessions if s.agenda or s.event is not event]


# --- The organiser's checks -------------------------------------------------------------------

# A role in another event counts when that event is planned to end no earlier than this before our start:
# its items may overrun its slot (derived times), but not by more than a day.
OVERRUN_ALLOWANCE = timedelta(days=1)


@dataclass
class Engagement:
    """Where a person is expected and when: an agenda item, or (item None) the whole event; local times."""

    event: Event
    item: AgendaItem | None
    participation: Participation
    starts_at: datetime
    ends_at: datetime


@dataclass
class PersonConflict:
    """The same person expected in two places at once: here, and in another event.

    ``there_is_visible``: whether the viewer may see the other event; if not (someone else's draft),
    the page says only that it is an event not yet published, not its title or items.
    """

    person: object
    here: Engagement
    there: Engagement
    there_is_visible: bool = True


def _item_windows(event: Event, durations) -> tuple[dict[int, tuple[datetime, datetime]], datetime]:
    """``durations``: (item pk, minutes) in agenda order. Each item's derived start and end, and the agenda's end."""
    zone = event.zone
    cursor = event.starts_at.astimezone(zone)
    windows = {}
    for pk, minutes in durations:
        ends = cursor + timedelta(minutes=minutes)
        windows[pk] = (cursor, ends)
        cursor = ends
    return windows, max(cursor, event.ends_at.astimezone(zone))


def _engagement(participation: Participation, event: Event, windows) -> Engagement:
    if participation.agenda_item_id is None:
        starts, ends = event.starts_at.astimezone(event.zone), event.ends_at.astimezone(event.zone)
    else:
        starts, ends = windows[participation.agenda_item_id]
    return Engagement(event, participation.agenda_item, participation, starts, ends)


def _part_of(whole: Engagement, other: Engagement) -> bool:
    """A role in a whole conference does not clash with that conference's own sessions."""
    return whole.item is None and other.event.parent_id == whole.event.pk


def person_conflicts(event: Event) -> list[PersonConflict]:
    """People of this event who also have a role, at an overlapping time, in another event (any event).

    Times are the derived ones: each item starts when the one before it ends. A role in a whole event
    covers the event's slot; a role in a whole conference does not clash with that conference's sessions.
    Four queries however many items, people and events: this event's items, its participations, the
    same people's participations in events around the same time, and those events' items.
    """
    windows, agenda_end = _item_windows(
        event, event.items.order_by("position", "pk").values_list("pk", "duration_minutes")
    )
    here = list(
        Participation.objects.filter(event=event).select_related("person", "agenda_item").order_by("position", "pk")
    )
    if not here:
        return []
    window_start = event.starts_at
    elsewhere = list(
        Participation.objects.filter(person_id__in={p.person_id for p in here})
        .exclude(event=event)
        .filter(event__starts_at__lt=agenda_end, event__ends_at__gt=window_start - OVERRUN_ALLOWANCE)
        .select_related("event", "agenda_item", "person")
        .order_by("event__starts_at", "event_id", "position", "pk")
    )
    if not elsewhere:
        return []
    other_events = {p.event_id: p.event for p in elsewhere}
    durations: dict[int, list[tuple[int, int]]] = {pk: [] for pk in other_events}
    for pk, event_id, minutes in (
        AgendaItem.objects.filter(event_id__in=other_events)
        .order_by("event_id", "position", "pk")
        .values_list("pk", "event_id", "duration_minutes")
    ):
        durations[event_id].append((pk, minutes))
    other_windows = {pk: _item_windows(other, durations[pk])[0] for pk, other in other_events.items()}
    theirs: dict[int, list[Engagement]] = {}
    for participation in elsewhere:
        other = other_events[participation.event_id]
        theirs.setdefault(participation.person_id, []).append(
            _engagement(participation, other, other_windows[other.pk])
        )
    conflicts, seen = [], set()
    for participation in here:
        mine = _engagement(participation, event, windows)
        for other in theirs.get(participation.person_id, []):
            if not (mine.starts_at < other.ends_at and other.starts_at < mine.ends_at):
                continue
            if _part_of(mine, other) or _part_of(other, mine):
                continue
            key = (participation.person_id, participation.agenda_item_id, other.event.pk, other.item and other.item.pk)
            if key in seen:  # two roles in the same pair of places: one conflict
                continue
            seen.add(key)
            conflicts.append(PersonConflict(participation.person, mine, other))
    return conflicts


def unconfirmed_close_to_date(event: Event, *, now: datetime | None = None, days: int = 14) -> list[Participation]:
    """Participations still invited or “to be confirmed” when the event starts within ``days`` (or is under way).

    Empty before that, and once the event is over. One query.
    """
    now = now or timezone.now()
    if event.starts_at > now + timedelta(days=days) or event.ends_at <= now:
        return []
    return list(
        _participations()
        .filter(event=event, confirmation__in=[Confirmation.INVITED, Confirmation.TBC])
        .select_related("agenda_item")
        .order_by(F("agenda_item__position").asc(nulls_first=True), "position", "pk")
    )


@dataclass
class Flags:
    """Everything an organiser should look at before the day, for the flags panel."""

    fit: str  # FITS, GAP or OVERRUN
    fit_minutes: int
    title_conflicts: list[TitleConflict]
    items_without_lead: list[AgendaItem]
    person_conflicts: list[PersonConflict]
    unconfirmed: list[Participation]
    unconfirmed_days: int
    days_to_start: int
    confirmations: str  # "later" (too early to ask), "now" (within the days before, or under way) or "over"

    @property
    def problem_count(self) -> int:
        return (
            (self.fit != FITS)
            + len(self.title_conflicts)
            + len(self.items_without_lead)
            + len(self.person_conflicts)
            + len(self.unconfirmed)
        )


def flags(event: Event, *, now: datetime | None = None, days: int = 14, viewer=None) -> Flags:
    """The organiser's checks on an event: fit, titles, leads, clashes with other events, late confirmations.

    With ``viewer``, a clash with an event they may not see (someone else's draft) is marked so its title
    stays hidden. Eight queries however many items and people.
    """
    now = now or timezone.now()
    fit, minutes = fit_check(event)
    conflicts = person_conflicts(event)
    if viewer is not None:
        for conflict in conflicts:
            conflict.there_is_visible = viewer.has_perm("events.view_event", conflict.there.event)
    return Flags(
        fit=fit,
        fit_minutes=minutes,
        title_conflicts=title_conflicts(event),
        items_without_lead=items_without_lead(event),
        person_conflicts=conflicts,
        unconfirmed=unconfirmed_close_to_date(event, now=now, days=days),
        unconfirmed_days=days,
        days_to_start=(event.starts_at - now).days,
        confirmations=(
            "over" if event.ends_at <= now else "later" if event.starts_at > now + timedelta(days=days) else "now"
        ),
    )


def events_to_manage(user) -> list[Event]:
    """The events ``user`` may edit, drafts included: every event for the secretariat, else those they organise.

    Each with ``item_count``; one query (two with the user's roles, when not loaded yet).
    """
    from alliance87.accounts.models import Role  # noqa: PLC0415 -- events' models stay free of accounts imports
    from alliance87.accounts.rules import is_secretariat  # noqa: PLC0415

    events = Event.objects.select_related("parent").annotate(item_count=Count("items")).order_by("starts_at", "title")
    if not is_secretariat(user):
        events = events.filter(pk__in=user.scopes_for(Role.EVENT_ORGANISER, Event))
    return list(events)


def events_to_run(user) -> list[Event]:
    """The events ``user`` moderates (and may run on the day) without organising them; one query."""
    from alliance87.accounts.models import Role  # noqa: PLC0415 -- as above

    moderated = user.scopes_for(Role.MODERATOR, Event) - user.scopes_for(Role.EVENT_ORGANISER, Event)
    if not moderated:
        return []
    return list(Event.objects.select_related("parent").filter(pk__in=moderated).order_by("starts_at", "title"))


# --- Permission-aware getters -------------------------------------------------------------------------


def event_for(slug: str, user, perm: str = "events.edit_event", *, queryset=None) -> Event:
    """The event at ``slug`` if ``user`` holds ``perm`` for it.

    Http404 when there is none, and also when it is a draft ``user`` may not see: a hidden draft and an
    unknown address get the same answer. PermissionDenied for a published event they may not ``perm``.
    """
    event = (queryset if queryset is not None else Event.objects.select_related("parent")).filter(slug=slug).first()
    if event is None or not user.has_perm("events.view_event", event):
        raise Http404
    if not user.has_perm(perm, event):
        raise PermissionDenied
    return event


def events_to_attach_to(user, *, event: Event | None = None):
    """The conferences ``user`` may make ``event`` part of: those they may edit (every one for the
    secretariat), never the event itself; plus its present parent, so keeping it is always possible.

    Only events that are not themselves part of another (one level: a conference and its sessions).
    """
    from alliance87.accounts.models import Role  # noqa: PLC0415 -- events' models stay free of accounts imports
    from alliance87.accounts.rules import is_secretariat  # noqa: PLC0415

    conferences = Event.objects.filter(parent__isnull=True)
    if not is_secretariat(user):
        conferences = conferences.filter(pk__in=user.scopes_for(Role.EVENT_ORGANISER, Event))
    if event is not None:
        conferences = Event.objects.filter(
            Q(pk__in=conferences.exclude(pk=event.pk).values("pk")) | Q(pk=event.parent_id or 0)
        )
    return conferences.order_by("-starts_at", "title")


# --- The people an organiser may choose -------------------------------------------------------------

# An exact search gives at most this many people: enough to tell namesakes apart, never a directory.
FIND_LIMIT = 5


def people_to_pick(user):
    """The people ``user`` may choose from a list: the whole network for the secretariat; for an organiser,
    the people who already have a role in an event they organise. Anyone else is found by full name."""
    from alliance87.accounts.models import Role  # noqa: PLC0415 -- as above
    from alliance87.accounts.rules import is_secretariat  # noqa: PLC0415

    if is_secretariat(user):
        return Person.objects.all()
    events = user.scopes_for(Role.EVENT_ORGANISER, Event)
    return Person.objects.filter(pk__in=Participation.objects.filter(event_id__in=events).values("person_id"))


def normalised_name(name: str) -> str:
    """A typed name with its spaces tidied; without NUL (PostgreSQL refuses it in a query), 200 characters at most."""
    return " ".join((name or "").replace("\x00", "").split())[:200]


def people_named(name: str) -> list[Person]:
    """People whose full name is exactly ``name`` (ignoring case and extra spaces): at most FIND_LIMIT."""
    name = normalised_name(name)
    if not name:
        return []
    return list(Person.objects.filter(name__iexact=name).select_related("organisation").order_by("pk")[:FIND_LIMIT])


def pickable_people(user, *, find: str = ""):
    """The choices of the people picker: ``people_to_pick`` and the exact matches for ``find``."""
    found = [person.pk for person in people_named(find)]
    return Person.objects.filter(Q(pk__in=people_to_pick(user).values("pk")) | Q(pk__in=found))


def not_pickable_message() -> str:
    return _("Choose one of the people of your events, or find someone by their full name.")


def may_pick(user, person: Person, *, found_by_name: str = "") -> bool:
    """Whether ``user`` may give ``person`` a role: see ``people_to_pick``; ``found_by_name`` is the full
    name they searched for (the person must have exactly that name)."""
    from alliance87.accounts.rules import is_secretariat  # noqa: PLC0415 -- as above

    if is_secretariat(user):
        return True
    if found_by_name and normalised_name(found_by_name).casefold() == normalised_name(person.name).casefold():
        return True
    return people_to_pick(user).filter(pk=person.pk).exists()


def person_to_pick(user, *, pk: int | None = None, name: str = "") -> Person:
    """The person ``user`` chose: by id among ``people_to_pick`` (or the exact matches for ``name``), or
    by ``name`` alone when exactly one person has it.

    Raises ValidationError on ``person`` (the same words for an unknown id and one that may not be
    chosen, so ids cannot be tried one by one) or on ``person_name``.
    """
    if pk is not None:
        person = pickable_people(user, find=name).filter(pk=pk).first()
        if person is None:
            raise ValidationError(
                {
                    "person": _(
                        "No person with this id is among those you may choose: the people of your events, or "
                        "someone you name in full (person_name)."
                    )
                }
            )
        return person
    matches = people_named(name)
    if not normalised_name(name):
        raise ValidationError({"person": _("Give the person's id, or their full name (person_name).")})
    if not matches:
        raise ValidationError({"person_name": _("No one in the network has exactly this full name.")})
    if len(matches) > 1:
        raise ValidationError(
            {"person_name": _("Several people have this name: give the id of the one you mean too (person).")}
        )
    return matches[0]
