"""An event's programme in the conference-app schedule formats: frab/pentabarf XML and schedule JSON (v2).

Apps such as Giggity, EventFahrplan and pretalx-based tools read these files. Both are built from one
layout, ``programme_layout(event)``: the event's sessions (``selectors.programme_sessions``) laid out in
days → rooms → items, times in the event's own zone. A side event on its own is one day and one room
(its room, else its venue, else “Main room”); a conference lays out each of its sessions in the
session's room.

Each agenda item is one schedule “event”. Its guid is a UUID 5 of the item's primary key in the
platform's namespace, so it stays the same from one download to the next. Its URL is the item on
the programme page (``#item-<pk>``).

People. Each item lists its own people with their role, then the people who hold a role in the whole
session (its chair, its moderator) and are not already listed: a session's chair hosts every item.
Roles are mapped to the JSON's vocabulary: chair and host → HOST, moderator → MODERATOR, speaker,
panelist and presenter → SPEAKER. A person is named only with their consent (``public_name``); without
it, their printed title and organisation stand in for the name, and their guid is drawn from the
session, so two events' unnamed people cannot be matched up.

The files are checked against the schemas of voc/schedule, shipped in ``data/standards/schedule/``.
"""

import hashlib
import json
import math
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import selectors
from .models import Event, Participation
from .vocab import EventStatus, ItemKind, ParticipantRole

# The platform's namespace for schedule guids (a UUID 5 of its name in the URL namespace).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://alliance87.org/platform/events/schedule")
GENERATOR = "Alliance 8.7 platform"
SCHEMA2_URL = "https://c3voc.de/schedule/schema2.json"
TIME_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
ROLES = {
    ParticipantRole.CHAIR: "HOST",
    ParticipantRole.HOST: "HOST",
    ParticipantRole.MODERATOR: "MODERATOR",
    ParticipantRole.SPEAKER: "SPEAKER",
    ParticipantRole.PANELIST: "SPEAKER",
    ParticipantRole.PRESENTER: "SPEAKER",
}
# The JSON's closed list of event types; a break is a “meta event” of type BREAK there.
JSON_TYPES = {
    ItemKind.OPENING_REMARKS: "TALK",
    ItemKind.CONVERSATION: "DISCUSSION",
    ItemKind.VIDEO: "OTHER",
    ItemKind.COMMUNICATION_ACTIVITY: "OTHER",
    ItemKind.CLOSING: "TALK",
    ItemKind.OTHER: "OTHER",
}
# Whole-session roles carried into each of the session's items.
SESSION_ROLES = (ParticipantRole.CHAIR, ParticipantRole.HOST, ParticipantRole.MODERATOR)


@dataclass
class Person:
    guid: uuid.UUID
    label: str  # the public name, else the printed title and organisation
    role: str  # the JSON role: HOST, MODERATOR, SPEAKER
    participation: Participation
    named: bool
    printed: str  # “name, title, organisation” as ``events/_person.html`` prints it (name only with consent)
    in_item: bool  # False for a whole-session role carried into the item


@dataclass
class Entry:
    """One agenda item placed in the programme."""

    session: Event
    scheduled: selectors.ScheduledItem
    room: str
    starts_at: datetime  # in the programme's zone
    ends_at: datetime
    people: list[Person]
    url: str

    @property
    def item(self):
        return self.scheduled.item

    @property
    def guid(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"item:{self.item.pk}")

    @property
    def minutes(self) -> int:
        return self.item.duration_minutes

    @property
    def item_people(self) -> list[Person]:
        """The item's own people (not the session's chair and moderator carried into it)."""
        return [person for person in self.people if person.in_item]


@dataclass
class Block:
    """Consecutive items of one session in one room on one day."""

    session: Event
    entries: list[Entry]
    roles: list[Participation]  # the session's whole-session roles


@dataclass
class Room:
    name: str
    guid: uuid.UUID
    blocks: list[Block] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        return [entry for block in self.blocks for entry in block.entries]


@dataclass
class Day:
    index: int
    date: date
    starts_at: datetime
    ends_at: datetime
    rooms: list[Room]


@dataclass
class Programme:
    event: Event
    zone: ZoneInfo
    days: list[Day]
    rooms: list[Room]  # every room, in order; a day lists the ones it uses
    sessions: list[selectors.Session]
    roles: dict[int, list[Participation]]  # whole-event roles by event pk

    @property
    def is_conference(self) -> bool:
        return any(session.event.pk != self.event.pk for session in self.sessions)

    @property
    def entries(self) -> list[Entry]:
        return [entry for day in self.days for room in day.rooms for entry in room.entries]

    @property
    def local_start(self) -> datetime:
        return self.event.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.event.ends_at.astimezone(self.zone)


def room_name(event: Event) -> str:
    return event.room or event.venue or _("Main room")


def public_label(participation: Participation) -> str:
    """The name to show publicly, else the printed title and organisation (never the name without consent)."""
    return (
        participation.public_name
        or ", ".join(filter(None, [participation.printed_title, participation.printed_organisation]))
        or _("Name not yet public")
    )


def public_line(participation: Participation) -> str:
    """What ``events/_person.html`` prints: the public name (with consent only), title, organisation."""
    return ", ".join(
        filter(None, [participation.public_name, participation.printed_title, participation.printed_organisation])
    ) or _("Name not yet public")


def item_url(session: Event, item_pk: int) -> str:
    return f"{settings.SITE_ROOT}{reverse('events:programme', args=[session.slug])}#item-{item_pk}"


def whole_event_roles(events: list[Event]) -> dict[int, list[Participation]]:
    """Roles held in the whole of each event (no agenda item), by event pk. One query."""
    roles: dict[int, list[Participation]] = {event.pk: [] for event in events}
    for participation in (
        Participation.objects.filter(event__in=[e.pk for e in events], agenda_item__isnull=True)
        .select_related("person")
        .order_by("position", "pk")
    ):
        roles[participation.event_id].append(participation)
    return roles


def _person(participation: Participation, session: Event, *, in_item: bool = True) -> Person:
    name = participation.public_name
    key = f"person:{participation.person_id}" if name else f"event:{session.pk}:person:{participation.person_id}"
    return Person(
        guid=uuid.uuid5(NAMESPACE, key),
        label=public_label(participation),
        role=ROLES.get(participation.role, "SPEAKER"),
        participation=participation,
        named=bool(name),
        printed=public_line(participation),
        in_item=in_item,
    )


def _people(scheduled, session: Event, roles: list[Participation]) -> list[Person]:
    people = [_person(p, session) for p in scheduled.participations]
    listed = {p.person_id for p in scheduled.participations}
    for participation in roles:
        if participation.role in SESSION_ROLES and participation.person_id not in listed:
            listed.add(participation.person_id)
            people.append(_person(participation, session, in_item=False))
    return people


def programme_layout(event: Event, *, published_only: bool = True) -> Programme:
    """The programme of ``event`` laid out by day, room and session, times in the event's zone.

    Four queries however many sessions and items: ``selectors.programme_sessions`` and the
    whole-session roles.
    """
    zone = event.zone
    sessions = selectors.programme_sessions(event, published_only=published_only)
    roles = whole_event_roles([event, *(s.event for s in sessions if s.event.pk != event.pk)])
    rooms: dict[str, Room] = {}
    by_day: dict[date, dict[str, list[Entry]]] = {}
    blocks: dict[tuple[date, str], list[Block]] = {}
    for session in sessions:
        name = room_name(session.event)
        room = rooms.setdefault(name, Room(name, uuid.uuid5(NAMESPACE, f"room:{event.pk}:{name}")))
        session_roles = roles.get(session.event.pk, [])
        for scheduled in session.agenda:
            starts, ends = scheduled.starts_at.astimezone(zone), scheduled.ends_at.astimezone(zone)
            entry = Entry(
                session=session.event,
                scheduled=scheduled,
                room=room.name,
                starts_at=starts,
                ends_at=ends,
                people=_people(scheduled, session.event, session_roles),
                url=item_url(session.event, scheduled.item.pk),
            )
            by_day.setdefault(starts.date(), {}).setdefault(room.name, []).append(entry)
            day_blocks = blocks.setdefault((starts.date(), room.name), [])
            if day_blocks and day_blocks[-1].session.pk == session.event.pk:
                day_blocks[-1].entries.append(entry)
            else:
                day_blocks.append(Block(session.event, [entry], session_roles))
    days = []
    for index, day in enumerate(sorted(by_day), start=1):
        day_rooms = []
        for room in rooms.values():
            if room.name not in by_day[day]:
                continue
            day_room = Room(
                room.name, room.guid, sorted(blocks[(day, room.name)], key=lambda b: b.entries[0].starts_at)
            )
            day_rooms.append(day_room)
        entries = [e for r in day_rooms for e in r.entries]
        days.append(Day(index, day, min(e.starts_at for e in entries), max(e.ends_at for e in entries), day_rooms))
    if not days:  # nothing scheduled yet: the event's own day, empty
        start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
        days.append(Day(1, start.date(), start, end, []))
    return Programme(event, zone, days, list(rooms.values()), sessions, roles)


# ---- Shared pieces ------------------------------------------------------------------------------


def acronym(event: Event) -> str:
    """The event's slug as the formats want an acronym: lower case, underscores, at least four characters."""
    return f"{event.slug.lower().replace('-', '_'):_<4}"


def entry_slug(entry: Entry, prefix: str) -> str:
    """``<acronym>-0042-opening-remarks``: unique (the item's pk), readable, and valid in both formats."""
    title = slugify(entry.item.title)[:50].strip("-_")
    return "-".join(filter(None, [prefix, f"{entry.item.pk:04d}", title]))


def track_slug(session: Event) -> str:
    return slugify(session.slug).strip("-_") or f"session-{session.pk}"


def languages(event: Event) -> list[str]:
    return [code for code in event.languages if isinstance(code, str) and len(code) == 2 and code.isalpha()]


def language(entry: Entry, programme: Programme) -> str:
    return (languages(entry.session) or languages(programme.event) or ["en"])[0].lower()


def hours_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def timeslot_minutes(programme: Programme) -> int:
    """The largest slot every item's start and duration fit on (5 minutes for the side event)."""
    values = [e.minutes for e in programme.entries] + [
        e.starts_at.hour * 60 + e.starts_at.minute for e in programme.entries
    ]
    return (math.gcd(*values) if values else 0) or 5


class Labels:
    """The vocabularies' labels in the active language, translated once per file rather than per item
    (``get_role_display()`` per person was a fifth of the XML's cost on the 300-item conference)."""

    def __init__(self):
        self.roles = {value: str(label) for value, label in ParticipantRole.choices}
        self.kinds = {value: str(label) for value, label in ItemKind.choices}
        self.to_be_confirmed = f" ({_('to be confirmed')})"


def description(entry: Entry, labels: Labels | None = None) -> str:
    """The item's description, then its people with their public label, role and confirmation."""
    labels = labels or Labels()
    lines = []
    for person in entry.people:
        p = person.participation
        text = f"{labels.roles.get(p.role, p.role)}: {person.label}"
        if person.named and (p.printed_title or p.printed_organisation):
            text += ", " + ", ".join(filter(None, [p.printed_title, p.printed_organisation]))
        if p.is_unconfirmed:
            text += labels.to_be_confirmed
        lines.append(text)
    return "\n\n".join(filter(None, [entry.item.description, "\n".join(lines)]))


def _version(data: dict) -> str:
    """A version that changes whenever the content does."""
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return digest[:12]


# ---- JSON (schedule v2) -------------------------------------------------------------------------


def _json_event(entry: Entry, programme: Programme, rooms: dict[str, Room], labels: Labels) -> dict:
    room = {"name": entry.room, "guid": str(rooms[entry.room].guid)}
    if entry.item.kind == ItemKind.BREAK:
        return {
            "type": "BREAK",
            "guid": str(entry.guid),
            "title": entry.item.title,
            "start": entry.starts_at.isoformat(),
            "end": entry.ends_at.isoformat(),
            "room": room,
        }
    return {
        "guid": str(entry.guid),
        "type": JSON_TYPES.get(entry.item.kind, "OTHER"),
        "start": entry.starts_at.isoformat(),
        "end": entry.ends_at.isoformat(),
        "duration": f"PT{entry.minutes}M",
        "room": room,
        "slug": entry_slug(entry, acronym(programme.event)),
        "url": entry.url,
        "title": entry.item.title,
        "subtitle": None,
        "track": {"slug": track_slug(entry.session)},
        "language": language(entry, programme),
        "abstract": entry.item.description,
        "description": description(entry, labels),
        "participants": [
            {"guid": str(person.guid), "name": person.label, "role": person.role} for person in entry.people
        ],
        "links": [],
        "state": "CONFIRMED" if entry.session.status == EventStatus.PUBLISHED else "DRAFT",
    }


def schedule_data(event: Event, *, published_only: bool = True) -> dict:
    """The schedule as schedule JSON version 2 (a dict, before encoding)."""
    programme = programme_layout(event, published_only=published_only)
    rooms = {room.name: room for room in programme.rooms}
    sessions = [s.event for s in programme.sessions]
    labels = Labels()
    conference = {
        "acronym": acronym(event),
        "title": event.title,
        "start": programme.local_start.isoformat(),
        "end": programme.local_end.isoformat(),
        "url": settings.SITE_ROOT + reverse("events:programme", args=[event.slug]),
        "timeslot_duration": f"PT{timeslot_minutes(programme)}M",
        "rooms": [{"name": room.name, "guid": str(room.guid)} for room in programme.rooms],
        "tracks": [{"name": s.title, "slug": track_slug(s)} for s in sessions],
        "days": [
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "start": day.starts_at.isoformat(),
                "end": day.ends_at.isoformat(),
            }
            for day in programme.days
        ],
    }
    if TIME_ZONE_NAME.search(event.time_zone):  # the schema's pattern; Etc/GMT+1 and the like cannot be said
        conference["time_zone_name"] = event.time_zone
    if event.keywords:
        conference["keywords"] = [str(word) for word in event.keywords]
    if languages(event):
        conference["languages"] = languages(event)
    schedule = {
        "conference": conference,
        "events": [_json_event(entry, programme, rooms, labels) for entry in programme.entries],
    }
    schedule = {"version": _version(schedule), "base_url": settings.SITE_ROOT + "/", **schedule}
    return {
        "$schema": SCHEMA2_URL,
        "generator": {"name": GENERATOR, "url": settings.SITE_ROOT + "/"},
        "schedule": schedule,
    }


def schedule_json(event: Event, *, published_only: bool = True) -> bytes:
    return json.dumps(schedule_data(event, published_only=published_only), ensure_ascii=False, indent=1).encode()


# ---- XML (frab/pentabarf) -----------------------------------------------------------------------


def _text(parent: ET.Element, tag: str, text: str = "", **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    element.text = text
    return element


def _xml_event(parent: ET.Element, entry: Entry, programme: Programme, labels: Labels) -> None:
    element = ET.SubElement(parent, "event", {"id": str(entry.item.pk), "guid": str(entry.guid)})
    _text(element, "date", entry.starts_at.isoformat())
    _text(element, "start", entry.starts_at.strftime("%H:%M"))
    _text(element, "duration", hours_minutes(entry.minutes))
    _text(element, "room", entry.room)
    _text(element, "slug", entry_slug(entry, acronym(programme.event)))
    _text(element, "url", entry.url)
    _text(element, "title", entry.item.title)
    _text(element, "track", entry.session.title)
    _text(element, "type", labels.kinds.get(entry.item.kind, entry.item.kind))
    _text(element, "language", language(entry, programme))
    _text(element, "abstract", entry.item.description)
    _text(element, "description", description(entry, labels))
    persons = ET.SubElement(element, "persons")
    for person in entry.people:
        attributes = {"guid": str(person.guid)}
        if person.named:
            attributes["id"] = str(person.participation.person_id)
        _text(persons, "person", person.label, **attributes)
    ET.SubElement(element, "links")


def schedule_xml(event: Event, *, published_only: bool = True) -> bytes:
    """The schedule as frab/pentabarf XML: conference → day → room → event, with persons."""
    programme = programme_layout(event, published_only=published_only)
    labels = Labels()
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", {"name": GENERATOR, "system": settings.SITE_ROOT})
    _text(root, "url", settings.SITE_ROOT + reverse("events:schedule_xml", args=[event.slug]))
    _text(root, "version")
    conference = ET.SubElement(root, "conference")
    _text(conference, "title", event.title)
    _text(conference, "acronym", acronym(event))
    _text(conference, "start", programme.local_start.isoformat())
    _text(conference, "end", programme.local_end.isoformat())
    _text(conference, "days", str(len(programme.days)))
    _text(conference, "timeslot_duration", hours_minutes(timeslot_minutes(programme)))
    _text(conference, "base_url", settings.SITE_ROOT + "/")
    _text(conference, "url", settings.SITE_ROOT + reverse("events:programme", args=[event.slug]))
    _text(conference, "time_zone_name", event.time_zone)
    for session in programme.sessions:
        _text(conference, "track", session.event.title, name=session.event.title)
    for day in programme.days:
        day_element = ET.SubElement(
            root,
            "day",
            {
                "index": str(day.index),
                "date": day.date.isoformat(),
                "start": day.starts_at.isoformat(),
                "end": day.ends_at.isoformat(),
            },
        )
        for room in day.rooms:
            room_element = ET.SubElement(day_element, "room", {"name": room.name, "guid": str(room.guid)})
            for entry in room.entries:
                _xml_event(room_element, entry, programme, labels)
    # Serialised once: the version (a digest of everything else) is written into its empty element after.
    ET.indent(root, space=" ")
    document = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    digest = hashlib.sha256(document).hexdigest()[:12]
    return document.replace(b"<version />", f"<version>{digest}</version>".encode(), 1)
