"""A synthetic example conference for load tests and export timings (``make bench``).

Every row is visibly an example: "Example conference", "Example session 012", "Example speaker 0042".
Nothing here is a fact about a real event or person. The default shape is the issue's: 300 agenda items
in 6 rooms over 3 days, with 400 people.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import cycle
from zoneinfo import ZoneInfo

from django.db import transaction

from alliance87.network.models import Person
from alliance87.pagecache import public_pages_changed

from .models import AgendaItem, Event, Participation
from .vocab import Confirmation, EventFormat, EventStatus, ItemKind, ParticipantRole

SOURCE = "Synthetic example data for load tests (make bench); not a fact"
SLUG = "example-conference"
SESSION_STARTS = (time(9, 0), time(11, 30), time(14, 30))
SESSION_MINUTES = 120


@dataclass
class Shape:
    items: int = 300
    rooms: int = 6
    days: int = 3
    people: int = 400
    first_day: date = date(2027, 3, 1)
    time_zone: str = "Africa/Casablanca"


@transaction.atomic
def build_conference(shape: Shape | None = None, *, slug: str = SLUG) -> Event:
    """Create (or replace) the example conference: a parent event whose sessions hold the items."""
    shape = shape or Shape()
    Event.objects.filter(parent__slug=slug).delete()
    Event.objects.filter(slug=slug).delete()
    zone = ZoneInfo(shape.time_zone)
    last_day = shape.first_day + timedelta(days=shape.days - 1)
    conference = Event.objects.create(
        title="Example conference (synthetic)",
        slug=slug,
        time_zone=shape.time_zone,
        starts_at=datetime.combine(shape.first_day, SESSION_STARTS[0], tzinfo=zone),
        ends_at=datetime.combine(last_day, SESSION_STARTS[-1], tzinfo=zone) + timedelta(minutes=SESSION_MINUTES),
        venue="Example venue",
        format=EventFormat.HYBRID,
        status=EventStatus.PUBLISHED,
        is_example=True,
        source=SOURCE,
        keywords=["example"],
        languages=["en", "fr", "es"],
    )
    sessions = []
    for day in range(shape.days):
        for start in SESSION_STARTS:
            for room in range(1, shape.rooms + 1):
                begins = datetime.combine(shape.first_day + timedelta(days=day), start, tzinfo=zone)
                number = len(sessions) + 1
                sessions.append(
                    Event(
                        title=f"Example session {number:03d}",
                        slug=f"{slug}-session-{number:03d}",
                        parent=conference,
                        time_zone=shape.time_zone,
                        starts_at=begins,
                        ends_at=begins + timedelta(minutes=SESSION_MINUTES),
                        venue=conference.venue,
                        room=f"Room {room}",
                        format=EventFormat.HYBRID,
                        status=EventStatus.PUBLISHED,
                        is_example=True,
                        source=SOURCE,
                    )
                )
    Event.objects.bulk_create(sessions)
    sessions = list(Event.objects.filter(parent=conference).order_by("slug"))
    # Spread the items over the sessions; each session's items fill its slot exactly where they can.
    per_session = [shape.items // len(sessions)] * len(sessions)
    for index in range(shape.items % len(sessions)):
        per_session[index] += 1
    kinds = cycle([ItemKind.OPENING_REMARKS, ItemKind.CONVERSATION, ItemKind.CONVERSATION, ItemKind.VIDEO])
    items = []
    for session, count in zip(sessions, per_session, strict=True):
        minutes = [SESSION_MINUTES // count] * count if count else []
        if count:
            minutes[-1] += SESSION_MINUTES - sum(minutes)
        for position, duration in enumerate(minutes, start=1):
            items.append(
                AgendaItem(
                    event=session,
                    position=position,
                    kind=next(kinds),
                    title=f"Example item {len(items) + 1:03d}",
                    description="A synthetic example agenda item for load tests.",
                    duration_minutes=duration,
                )
            )
    AgendaItem.objects.bulk_create(items)
    items = list(AgendaItem.objects.filter(event__parent=conference).order_by("event__slug", "position"))
    names = [f"Example speaker {n:04d}" for n in range(1, shape.people + 1)]
    existing = set(Person.objects.filter(source=SOURCE, name__in=names).values_list("name", flat=True))
    Person.objects.bulk_create(
        Person(name=name, title="Example title", source=SOURCE, public_consent=n % 2 == 0)
        for n, name in enumerate(names, start=1)
        if name not in existing
    )
    people = list(Person.objects.filter(source=SOURCE, name__in=names).order_by("name"))
    roles = cycle([ParticipantRole.SPEAKER, ParticipantRole.PANELIST, ParticipantRole.PRESENTER])
    confirmations = cycle([Confirmation.CONFIRMED, Confirmation.CONFIRMED, Confirmation.TBC, Confirmation.INVITED])
    who = cycle(people)
    participations = []
    for item in items:
        for position in range(2):
            person = next(who)
            participations.append(
                Participation(
                    event_id=item.event_id,
                    agenda_item=item,
                    person=person,
                    role=ParticipantRole.MODERATOR if position == 0 else next(roles),
                    is_lead=position == 0,
                    printed_title=person.title,
                    printed_organisation="Example organisation",
                    confirmation=next(confirmations),
                    position=position,
                )
            )
    Participation.objects.bulk_create(participations)
    public_pages_changed()
    return conference
