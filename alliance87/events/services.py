"""Every write to events. Pages, the API, commands and the admin's actions call these.

Each function checks who is acting (``by``), validates before saving, runs in one transaction,
records ``by`` in the history, invalidates the cached public pages and has the event's PDFs built
again in the background (``prebuild``). ``by=None`` means the
operator at the command line (``alliance87 import-concept-note``), who is trusted.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_countries import countries

from alliance87 import dates
from alliance87.network.models import Organisation, Person
from alliance87.pagecache import public_pages_changed
from alliance87.writes import save_validated as _save_validated

from . import concept_note, gazetteer, prebuild, selectors
from .models import AgendaItem, Event, Participation, validate_time_zone
from .vocab import Confirmation, EventStatus, ItemKind, ParticipantRole

DEFAULT_TIME_ZONE = "Africa/Casablanca"  # the new-event form's first suggestion: the conference in Marrakech
IMPORT_SOURCE = "Imported from a concept note"
# A concept note is a few pages: a megabyte of text or of Word document is far more than any, and a bound
# on what one upload may make the server read (the web form, the command and the service all say it).
CONCEPT_NOTE_MAX_BYTES = 1_000_000
EVENT_FIELDS = (
    "parent",
    "keywords",
    "background",
    "objectives",
    "expected_outcomes",
    "session_format",
    "venue",
    "room",
    "format",
    "audience",
    "languages",
    "is_example",
    "source",
)
# Titles of office kept in the printed title; courtesy forms (Ms., Prof., Dr.) are dropped.
OFFICE_HONORIFICS = {"ambassador", "h.e."}


class ConceptNoteProblems(ValidationError):
    """The note could not be read completely: nothing was created. ``problems`` lists them by line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(problems)


def _changed(event: Event) -> None:
    """After a write: the cached public pages go, and the event's PDFs are built again (``prebuild``)."""
    public_pages_changed()
    prebuild.event_changed(event)


def _require(by, perm: str, obj=None) -> None:
    if by is None:  # the command line
        return
    if not by.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


# Addresses under /events/ that an event's slug must not take.
RESERVED_SLUGS = {"manage", "new", "import"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "event"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def parent_refused() -> ValidationError:
    """The one answer for a parent one may not use: unknown, someone else's draft, or someone else's event.

    The same words for all three, so that the answer never tells a hidden draft from an unknown name.
    """
    return ValidationError({"parent": _("You can attach this event only to an event you organise.")})


def _check_parent(*, event: Event | None, parent: Event | None, by) -> None:
    """A new parent takes a right over it (``events.attach_to_event``); keeping the present one does not."""
    if parent is None or by is None or (event is not None and parent.pk == event.parent_id):
        return
    if parent.pk != getattr(event, "pk", None) and not by.has_perm("events.attach_to_event", parent):
        raise parent_refused()


def check_time_zone(name: str) -> ZoneInfo:
    try:
        validate_time_zone(name)
    except ValidationError as error:
        raise ValidationError({"time_zone": error.messages}) from error
    return ZoneInfo(name)


@transaction.atomic
def event_create(*, by, title: str, time_zone: str, starts_at: datetime, ends_at: datetime, **fields) -> Event:
    """A new draft event. Times are aware datetimes (stored in UTC; years 2000 to 2100); ``time_zone`` an IANA
    name; a ``parent`` takes a right over it (``events.attach_to_event``)."""
    _require(by, "events.create_event")
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    check_time_zone(time_zone)
    _check_parent(event=None, parent=fields.get("parent"), by=by)
    event = Event(
        title=title.strip(),
        slug=_unique_slug(title),
        time_zone=time_zone,
        starts_at=starts_at,
        ends_at=ends_at,
        status=EventStatus.DRAFT,
        **fields,
    )
    _save_validated(event, by)
    _changed(event)
    return event


def overrun_refused(event: Event, field_name: str = "ends_at") -> ValidationError | None:
    """The refusal for an agenda that runs past the event's end, or None when it fits.

    Such a programme says one end in its header and another under its last item, and its exports
    (JSON, ics, XML) say both: so it is not published. The organiser shortens the items, or changes the
    end on purpose (the “end at” the agenda's end, or the event's “Ends” field).
    """
    fit, minutes = selectors.fit_check(event)
    if fit != selectors.OVERRUN:
        return None
    zone = event.zone
    end = event.ends_at.astimezone(zone)
    agenda_end = end + timedelta(minutes=minutes)
    clock = "%H:%M" if agenda_end.date() == end.date() else "%Y-%m-%d %H:%M"
    return ValidationError(
        {
            field_name: _(
                "The agenda runs to %(agenda_end)s, %(minutes)s minutes past the event’s end at %(end)s: shorten "
                "its items or change the event’s end time, so that the programme and its exports say one end."
            )
            % {
                "agenda_end": agenda_end.strftime(clock),
                "minutes": minutes,
                "end": end.strftime(clock),
            }
        },
        code="overrun",
    )


@transaction.atomic
def event_publish(*, event: Event, by, published: bool = True) -> Event:
    """Publish the programme, or withdraw it (back to draft).

    Publishing records when it was first public and clears a withdrawal; an agenda that runs past the
    event's end is refused (``overrun_refused``). Withdrawing a published programme records when: its
    address then says it was withdrawn (printed QR codes point there) instead of answering 404.
    Withdrawing a draft changes nothing.
    """
    _require(by, "events.publish_event", event)
    now = timezone.now()
    if published and (error := overrun_refused(event)):
        raise error
    if published:
        event.first_published_at = event.first_published_at or now
        event.withdrawn_at = None
    elif event.status == EventStatus.PUBLISHED:
        event.withdrawn_at = now
    event.status = EventStatus.PUBLISHED if published else EventStatus.DRAFT
    _save_validated(event, by)
    _changed(event)
    return event


def _renumber(event: Event, ordered: list[AgendaItem], by) -> None:
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item._history_user = by
            item.save(update_fields=["position"])


@transaction.atomic
def agenda_item_add(
    *,
    event: Event,
    by,
    title: str,
    duration_minutes: int,
    kind: str = ItemKind.OTHER,
    description: str = "",
    notes: str = "",
    position: int | None = None,
) -> AgendaItem:
    """Add an item, at the end or at ``position`` (1 = first); later items move down."""
    _require(by, "events.edit_event", event)
    _check_duration(duration_minutes)
    last = event.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        event=event,
        position=last + 1,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        notes=notes.strip(),
        duration_minutes=duration_minutes,
    )
    _save_validated(item, by)
    if position is not None and position != item.position:
        agenda_item_move(item=item, by=by, position=position)
    _changed(item.event)
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by, position: int) -> AgendaItem:
    """Move an item to ``position`` (1 = first, clamped to the agenda); the others keep their order."""
    _require(by, "events.edit_event", item.event)
    ordered = [other for other in item.event.items.select_for_update().order_by("position", "pk") if other != item]
    index = min(max(int(position), 1), len(ordered) + 1) - 1
    ordered.insert(index, item)
    _renumber(item.event, ordered, by)
    _changed(item.event)
    item.refresh_from_db()
    return item


@transaction.atomic
def participation_add(
    *,
    event: Event,
    by,
    person: Person,
    role: str,
    agenda_item: AgendaItem | None = None,
    is_lead: bool = False,
    printed_title: str = "",
    printed_organisation: str = "",
    confirmation: str = Confirmation.INVITED,
    position: int = 0,
    name_consent: bool = False,
    found_by_name: str = "",
) -> Participation:
    """Give ``person`` a role in ``event`` (or in one of its items).

    An organiser may choose only someone of the events they organise, or someone they named in full
    (``found_by_name``, the exact search): never anyone of the network by id. The secretariat may choose
    anyone. Raises ValidationError by field (``person`` included) or PermissionDenied.
    """
    _require(by, "events.edit_event", event)
    if by is not None and not selectors.may_pick(by, person, found_by_name=found_by_name):
        raise ValidationError({"person": selectors.not_pickable_message()})
    return _participation_add(
        event=event,
        by=by,
        person=person,
        role=role,
        agenda_item=agenda_item,
        is_lead=is_lead,
        printed_title=printed_title,
        printed_organisation=printed_organisation,
        confirmation=confirmation,
        position=position,
        name_consent=name_consent,
    )


def _participation_add(
    *,
    event: Event,
    by,
    person: Person,
    role: str,
    agenda_item: AgendaItem | None,
    is_lead: bool,
    printed_title: str,
    printed_organisation: str,
    confirmation: str,
    position: int,
    name_consent: bool,
) -> Participation:
    participation = Participation(
        event=event,
        agenda_item=agenda_item,
        person=person,
        role=role,
        is_lead=is_lead,
        printed_title=printed_title.strip(),
        printed_organisation=printed_organisation.strip(),
        confirmation=confirmation,
        position=position,
        name_consent=name_consent,
    )
    _save_validated(participation, by)
    _changed(participation.event)
    return participation


ITEM_FIELDS = ("kind", "title", "description", "notes", "duration_minutes", "translations")
PARTICIPATION_FIELDS = (
    "role",
    "agenda_item",
    "is_lead",
    "printed_title",
    "printed_organisation",
    "confirmation",
    "name_consent",
    "position",
)
TEXT_FIELDS = {"title", "description", "notes", "printed_title", "printed_organisation"}


def _refuse_unknown(changes: dict, allowed) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})


def _assign(obj, changes: dict) -> None:
    for name, value in changes.items():
        setattr(obj, name, value.strip() if name in TEXT_FIELDS and isinstance(value, str) else value)


@transaction.atomic
def event_update(*, event: Event, by, **changes) -> Event:
    """Change an event's details: ``title``, ``time_zone``, ``starts_at``, ``ends_at`` and the EVENT_FIELDS.

    Organisers of the event and the secretariat. A new ``parent`` must be a conference ``by`` may edit
    too (``events.attach_to_event``), not the event itself nor one of its sessions. Times must lie in
    the years 2000 to 2100. Raises ValidationError by field (unknown time zone, end before start, a
    time out of range, a parent one may not use, a field that cannot be set) or PermissionDenied.
    """
    _require(by, "events.edit_event", event)
    _refuse_unknown(changes, {"title", "time_zone", "starts_at", "ends_at", *EVENT_FIELDS} - {"is_example"})
    if "time_zone" in changes:
        check_time_zone(changes["time_zone"])
    if "parent" in changes:
        _check_parent(event=event, parent=changes["parent"], by=by)
    _assign(event, changes)
    _save_validated(event, by)
    _changed(event)
    return event


@transaction.atomic
def event_end_with_agenda(*, event: Event, by) -> Event:
    """End the event when its agenda ends: the organiser's explicit “end at” for an agenda that overruns."""
    _require(by, "events.edit_event", event)
    total = sum(event.items.values_list("duration_minutes", flat=True))
    if not total:
        raise ValidationError({"ends_at": _("The agenda has no items: give the end time in the event’s details.")})
    return event_update(event=event, by=by, ends_at=event.starts_at + timedelta(minutes=total))


MAX_ITEM_MINUTES = 24 * 60


def _check_duration(minutes) -> None:
    """From one minute to a day: longer is a typing mistake, and would overflow the schedule's times."""
    if minutes is None or minutes <= 0:
        raise ValidationError({"duration_minutes": _("An item must last at least one minute.")})
    if minutes > MAX_ITEM_MINUTES:
        raise ValidationError({"duration_minutes": _("An item may last at most a day (1,440 minutes).")})


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by, **changes) -> AgendaItem:
    """Change an item's kind, title, description, notes or duration (at least one minute), or its title's and
    description's ``translations`` ({"fr": {"title": …}}, checked as the model checks them)."""
    _require(by, "events.edit_event", item.event)
    _refuse_unknown(changes, ITEM_FIELDS)
    if "duration_minutes" in changes:
        _check_duration(changes["duration_minutes"])
    _assign(item, changes)
    _save_validated(item, by)
    _changed(item.event)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by) -> None:
    """Remove an item and its participations; the items after it move up."""
    event = item.event
    _require(by, "events.edit_event", event)
    item._history_user = by
    item.delete()
    _renumber(event, list(event.items.select_for_update().order_by("position", "pk")), by)
    _changed(event)


@transaction.atomic
def agenda_reorder(*, event: Event, by, item_ids: list[int]) -> list[AgendaItem]:
    """Put the items in the order of ``item_ids`` (each item of the event exactly once): a drag and drop."""
    _require(by, "events.edit_event", event)
    items = {item.pk: item for item in event.items.select_for_update()}
    if sorted(item_ids) != sorted(items) or len(set(item_ids)) != len(item_ids):
        raise ValidationError({"items": _("The new order must list each item of this event exactly once.")})
    ordered = [items[pk] for pk in item_ids]
    _renumber(event, ordered, by)
    _changed(event)
    return ordered


@transaction.atomic
def participation_update(*, participation: Participation, by, **changes) -> Participation:
    """Change a person's role, item, lead, printed title and organisation, confirmation or consent to be named."""
    _require(by, "events.edit_event", participation.event)
    _refuse_unknown(changes, PARTICIPATION_FIELDS)
    _assign(participation, changes)
    _save_validated(participation, by)
    _changed(participation.event)
    return participation


@transaction.atomic
def participation_remove(*, participation: Participation, by) -> None:
    _require(by, "events.edit_event", participation.event)
    participation._history_user = by
    participation.delete()
    _changed(participation.event)


# --- From a concept note ----------------------------------------------------------------------


@dataclass
class _Printed:
    title: str
    organisation: str


def _printed(speaker: concept_note.Speaker, organisation_names: dict[str, str]) -> _Printed:
    """Split “Title, Organisation” when the last part names a known organisation or a country."""
    parts = [part.strip() for part in speaker.description.split(",") if part.strip()]
    organisation = ""
    if len(parts) > 1:
        last = parts[-1]
        known = organisation_names.get(last.casefold()) or (last if countries.by_name(last) else "")
        if known:
            organisation, parts = last, parts[:-1]
    title = ", ".join(parts)
    if speaker.honorific.casefold() in OFFICE_HONORIFICS:
        title = ", ".join(filter(None, [speaker.honorific, title]))
    return _Printed(title=title, organisation=organisation)


def _resolve_time(note: concept_note.ConceptNote, zone: ZoneInfo) -> tuple[datetime, datetime]:
    starts = datetime.combine(note.day, note.start, tzinfo=zone)
    ends = datetime.combine(note.day, note.end, tzinfo=zone)
    return starts, ends


# The names the web form gives the values an import may ask for (its labels); the command names its flags.
ASKED_FIELD_LABELS = {"year": _lazy("Year"), "time_zone": _lazy("Time zone")}


@dataclass
class Inferred:
    """A value the note does not state outright, and where it was read from: for the person to confirm."""

    what: str  # "year", "time_zone", "role" or "person"
    value: str
    source: str


@dataclass
class Ask:
    """A value the import cannot tell and the person must give. ``message`` names the field as %(field)s."""

    field: str  # "year" or "time_zone"
    message: str
    candidates: list[str] = field(default_factory=list)

    def text(self, field_name: str) -> str:
        return self.message % {"field": field_name}


class ConceptNoteQuestions(ValidationError):
    """The note is read, but a value it does not give must come from the person (``asks``, by field)."""

    def __init__(self, asks: dict[str, Ask]):
        self.asks = asks
        super().__init__({name: ask.text(f"“{ASKED_FIELD_LABELS[name]}”") for name, ask in asks.items()})


class ConceptNoteRefused(ValidationError):
    """The note is the one of a published event: re-importing it would change a public programme."""

    def __init__(self, event: Event):
        self.event = event
        super().__init__(
            _(
                "This note is the one of the published event “%(title)s”: withdraw the event first, or "
                "change it on its pages."
            )
            % {"title": event.title},
            code="published",
        )


@dataclass
class ImportPlan:
    """What importing a note would do, before anything is written: shown to the person to confirm."""

    note: concept_note.ConceptNote
    time_zone: str | None
    inferred: list[Inferred] = field(default_factory=list)
    asks: dict[str, Ask] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    existing: Event | None = None  # the event this note was imported as before
    changes: list[str] = field(default_factory=list)  # what re-importing changes in ``existing``

    @property
    def action(self) -> str:
        """ "create", "update" (the draft imported from this note before) or "refused" (it is published)."""
        if self.existing is None:
            return "create"
        return "refused" if self.existing.status == EventStatus.PUBLISHED else "update"


def check_concept_note_size(size: int) -> None:
    if size > CONCEPT_NOTE_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The concept note is %(size)s MB; a concept note may be at most %(limit)s MB.")
                % {"size": f"{size / 1_000_000:.1f}", "limit": CONCEPT_NOTE_MAX_BYTES // 1_000_000}
            },
            code="too_large",
        )


def concept_note_read(*, text: str, by, time_zone: str | None = None, year: int | None = None) -> ImportPlan:
    """Read a concept note and say what importing it would do; writes nothing.

    ``time_zone`` and ``year`` are the person's: without them the venue's zone is looked up in the
    gazetteer and the year read from the conference line, and both are listed as inferred. Raises
    ``ConceptNoteProblems`` (lines that could not be read), ValidationError (a size, a zone) or
    PermissionDenied; what cannot be told is in the plan's ``asks``.
    """
    _require(by, "events.import_concept_note")
    check_concept_note_size(len(text.encode()))
    if "\x00" in text:
        raise ValidationError({"file": _("The concept note holds NUL characters: it is not a text document.")})
    zone = check_time_zone(time_zone) if time_zone else None
    note = concept_note.parse(text, year=year)
    _check_structure(note)
    if note.problems:
        raise ConceptNoteProblems(note.problems)
    plan = ImportPlan(note=note, time_zone=zone.key if zone else None)
    _plan_year(plan)
    if zone is None:
        _plan_zone(plan)
    _plan_people(plan)
    if note.day and plan.time_zone:
        starts, ends = _resolve_time(note, ZoneInfo(plan.time_zone))
        over = note.total_minutes - int((ends - starts).total_seconds() // 60)
        if over > 0:
            plan.warnings.append(
                _(
                    "The session flow lasts %(total)s minutes, %(over)s more than the event’s %(start)s–%(end)s: "
                    "the draft cannot be published until its items fit or its end time is changed."
                )
                % {
                    "total": note.total_minutes,
                    "over": over,
                    "start": note.start.strftime("%H:%M"),
                    "end": note.end.strftime("%H:%M"),
                }
            )
        plan.existing = _imported_before(note, starts)
        if plan.existing is not None:
            plan.changes = _changes(plan.existing, note, starts, ends, plan.time_zone)
    return plan


def _check_structure(note: concept_note.ConceptNote) -> None:
    rows_by_label = {concept_note.segment_label(row.segment): row for row in note.flow}
    for group in note.speaker_groups:
        label = group.label.casefold()
        if label and label != "opening" and label not in rows_by_label and group.speakers:
            note.problem(
                group.line,
                _("no segment of the session flow is called “%(label)s”.") % {"label": group.label},
            )
    if any(row.lead_is_moderator for row in note.flow) and note.moderator is None:
        row = next(row for row in note.flow if row.lead_is_moderator)
        note.problem(row.line, _("the lead is “Moderator” but no speaker is marked (Moderator)."))


def _plan_year(plan: ImportPlan) -> None:
    note = plan.note
    if note.year_missing:
        plan.asks["year"] = Ask(
            "year",
            _("The date “%(date)s” (line %(line)s) has no year, and no other line gives it: enter it in %(field)s.")
            % {"date": note.day_text, "line": note.date_line, "field": "%(field)s"},
        )
    elif note.year_source is not None:
        plan.inferred.append(
            Inferred(
                "year",
                str(note.year_source.year),
                _("line %(line)s: “%(text)s”") % {"line": note.year_source.line, "text": note.year_source.text},
            )
        )


def _plan_zone(plan: ImportPlan) -> None:
    note = plan.note
    place = gazetteer.locate(note.venue) if note.venue else gazetteer.Place(None, "", [])
    where = _("line %(line)s: “%(text)s”") % {"line": note.venue_line, "text": note.venue}
    if place.zone:
        plan.time_zone = place.zone
        named = ", ".join(filter(None, [place.city.name if place.city else "", _country_name(place.country)]))
        plan.inferred.append(Inferred("time_zone", place.zone, f"{named} ({where})"))
        return
    values = {"field": "%(field)s", "venue": note.venue or _("no venue")}
    if place.zones:
        message = _(
            "The venue (“%(venue)s”) is in a country with several time zones and names no city the platform "
            "knows: choose the event’s time zone in %(field)s."
        )
    else:
        message = _(
            "The venue (“%(venue)s”) names no city or country the platform knows: enter the event’s time zone "
            "in %(field)s, e.g. America/Bogota."
        )
    plan.asks["time_zone"] = Ask("time_zone", message % values, place.zones)


def _country_name(code: str) -> str:
    return str(countries.name(code)) if code else ""


def _plan_people(plan: ImportPlan) -> None:
    """The roles the import gives from the note's layout, the leads matched by name, the people already known."""
    note = plan.note
    moderator = note.moderator
    for group in note.speaker_groups:
        for speaker in group.speakers:
            if speaker is moderator:
                continue
            if group.label.casefold() == "opening":
                role = _("chair of the event, as the first speaker under “%(group)s”") % {"group": group.label}
            elif group.label:
                role = _("%(role)s in “%(group)s”") % {
                    "role": ParticipantRole(speaker.role).label.lower(),
                    "group": group.heading or group.label,
                }
            else:
                role = _("%(role)s of the whole event") % {"role": ParticipantRole(speaker.role).label.lower()}
            plan.inferred.append(
                Inferred("role", f"{speaker.name}: {role}", _("line %(line)s") % {"line": speaker.line})
            )
    for match in note.lead_matches:
        where = _("line %(line)s") % {"line": match.line}
        if match.speaker is None:
            value = _(
                "“%(name)s” leads a segment but is not among the speakers: printed as written, to be confirmed"
            ) % {"name": match.written}
        else:
            value = _("“%(name)s” is %(speaker)s (line %(line)s)") % {
                "name": match.written,
                "speaker": ", ".join(filter(None, [match.speaker.name, match.speaker.description])),
                "line": match.speaker.line,
            }
        plan.inferred.append(Inferred("person", value, where))
    names = {speaker.name for group in note.speaker_groups for speaker in group.speakers}
    names |= {lead.name for row in note.flow for lead in row.leads}
    known = sorted(set(Person.objects.filter(name__in=names).values_list("name", flat=True)))
    for name in known:
        plan.inferred.append(
            Inferred("person", _("%(name)s is the person of that name already in the network") % {"name": name}, "")
        )


def _imported_before(note: concept_note.ConceptNote, starts: datetime) -> Event | None:
    """The event this note was imported as: the same title (case aside) on the same local day."""
    for event in Event.objects.filter(title__iexact=note.title.strip(), is_example=False).order_by("-pk"):
        if event.starts_at.astimezone(event.zone).date() == starts.date():
            return event
    return None


def _changes(
    event: Event, note: concept_note.ConceptNote, starts: datetime, ends: datetime, zone_name: str
) -> list[str]:
    """What re-importing ``note`` changes in ``event``, in words: details, then the agenda item by item."""
    changes = []
    zone = ZoneInfo(zone_name)

    old_when = f"{dates.time_range(event.starts_at, event.ends_at, event.zone)} ({event.time_zone})"
    new_when = f"{dates.time_range(starts, ends, zone)} ({zone_name})"
    if old_when != new_when:
        changes.append(_("When: %(old)s → %(new)s") % {"old": old_when, "new": new_when})
    for label, old, new in (
        (_("Title"), event.title, note.title),
        (_("Venue"), event.venue, note.conference),
        (_("Format"), event.format, note.format),
        (_("Keywords"), "; ".join(event.keywords), "; ".join(note.keywords)),
    ):
        if old != new:
            changes.append(_("%(field)s: “%(old)s” → “%(new)s”") % {"field": label, "old": old, "new": new})
    for label, name in (
        (_("Background"), "background"),
        (_("Objectives"), "objectives"),
        (_("Expected outcomes"), "expected_outcomes"),
        (_("Session format"), "session_format"),
    ):
        if getattr(event, name) != getattr(note, name):
            changes.append(_("%(field)s: changed") % {"field": label})
    old_items = list(event.items.order_by("position").values_list("title", "duration_minutes"))
    new_items = [(row.segment, row.minutes) for row in note.flow]
    old_minutes = dict(old_items)
    new_titles = {title for title, _minutes in new_items}
    for title, minutes in new_items:
        if title not in old_minutes:
            changes.append(_("Agenda: “%(title)s” added (%(minutes)s min)") % {"title": title, "minutes": minutes})
        elif old_minutes[title] != minutes:
            changes.append(
                _("Agenda: “%(title)s” %(old)s → %(new)s min")
                % {"title": title, "old": old_minutes[title], "new": minutes}
            )
    changes += [
        _("Agenda: “%(title)s” removed") % {"title": title} for title, _minutes in old_items if title not in new_titles
    ]
    if [t for t, _m in old_items if t in new_titles] != [t for t, _m in new_items if t in old_minutes]:
        changes.append(_("Agenda: the items’ order"))
    return changes


def concept_note_import(
    *, text: str, by, time_zone: str | None = None, year: int | None = None, source: str = ""
) -> Event:
    """Create a draft event, its agenda and its people from a concept note (or update the draft the same
    note made before): all of it, or nothing. The time zone and year not given are inferred
    (``concept_note_read``); pages and the command show what was inferred before calling this.

    Raises ``ConceptNoteProblems`` (lines that could not be read), ``ConceptNoteQuestions`` (a value
    that must be given), ``ConceptNoteRefused`` (the note's event is published) or another ValidationError.
    """
    plan = concept_note_read(text=text, by=by, time_zone=time_zone, year=year)
    return concept_note_apply(plan, by=by, source=source)


def concept_note_apply(plan: ImportPlan, *, by, source: str = "") -> Event:
    """Write what ``plan`` says: a new draft, or the draft imported before with its agenda and people replaced."""
    _require(by, "events.import_concept_note")
    if plan.asks:
        raise ConceptNoteQuestions(plan.asks)
    if plan.action == "refused":
        raise ConceptNoteRefused(plan.existing)
    note, zone = plan.note, ZoneInfo(plan.time_zone)
    starts_at, ends_at = _resolve_time(note, zone)
    details = {
        "keywords": note.keywords,
        "background": note.background,
        "objectives": note.objectives,
        "expected_outcomes": note.expected_outcomes,
        "session_format": note.session_format,
        "venue": note.conference,
        "format": note.format,
        "source": (source or IMPORT_SOURCE)[:300],
    }
    with transaction.atomic():
        if plan.action == "update":
            event = Event.objects.select_for_update().get(pk=plan.existing.pk)
            _require(by, "events.edit_event", event)
            for participation in event.participations.all():
                participation._history_user = by
                participation.delete()
            for item in event.items.all():
                item._history_user = by
                item.delete()
            event = event_update(
                event=event,
                by=by,
                title=note.title,
                time_zone=zone.key,
                starts_at=starts_at,
                ends_at=ends_at,
                **details,
            )
        else:
            event = event_create(
                by=by, title=note.title, time_zone=zone.key, starts_at=starts_at, ends_at=ends_at, **details
            )
        _fill_from_note(event, note, by=by, source=source)
    return event


def _fill_from_note(event: Event, note: concept_note.ConceptNote, *, by, source: str) -> None:
    organisation_names = {}
    for name, acronym in Organisation.objects.values_list("name", "acronym"):
        organisation_names[name.casefold()] = name
        if acronym:
            organisation_names[acronym.casefold()] = name
    people: dict[str, Person] = {}

    def person_for(speaker: concept_note.Speaker) -> Person:
        key = concept_note.name_key(speaker.name)
        if key not in people:
            person = Person.objects.filter(name__iexact=speaker.name).first()
            if person is None:
                person = Person(name=speaker.name, public_consent=False, source=source or IMPORT_SOURCE)
                _save_validated(person, by)
            people[key] = person
        return people[key]

    def add(speaker, role, item=None, *, is_lead=False, position=0):
        printed = _printed(speaker, organisation_names)
        participation_add(
            event=event,
            by=by,
            person=person_for(speaker),
            role=role,
            agenda_item=item,
            is_lead=is_lead,
            printed_title=printed.title,
            printed_organisation=printed.organisation,
            confirmation=speaker.confirmation,
            position=position,
        )

    # The whole event: who opens it chairs it; the moderator; speakers listed on their own.
    for group in note.speaker_groups:
        if group.label.casefold() == "opening" or not group.label:
            for position, speaker in enumerate(group.speakers):
                add(speaker, speaker.role, position=position)
    moderator = note.moderator
    items = {}
    for position, row in enumerate(note.flow, start=1):
        item = AgendaItem(
            event=event,
            position=position,
            kind=row.kind,
            title=row.segment,
            description=row.description,
            duration_minutes=row.minutes,
        )
        _save_validated(item, by)
        items[concept_note.segment_label(row.segment)] = item
        if row.lead_is_moderator:
            add(moderator, ParticipantRole.MODERATOR, item, is_lead=True)
        for index, speaker in enumerate(row.leads):
            add(speaker, ParticipantRole.SPEAKER, item, is_lead=True, position=index)
    for group in note.speaker_groups:
        item = items.get(group.label.casefold())
        if group.label.casefold() == "opening" or item is None:
            continue
        for index, speaker in enumerate(group.speakers, start=1):
            add(speaker, speaker.role, item, position=index)
    _changed(event)


# --- Organisers' additions ------------------------------------------------------------------------


@transaction.atomic
def participation_add_new_person(*, event: Event, by, name: str, **fields) -> Participation:
    """Give a role in ``event`` to someone not yet in the network: a new person, then their participation.

    The person is created without public consent (the programme names them only once ``name_consent``
    or their general consent is recorded), with the printed title as their title and this event as the
    source. ``fields`` are ``participation_add``'s. All or nothing; ValidationError by field (``name``
    for the person's name) or PermissionDenied.
    """
    _require(by, "events.edit_event", event)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Choose a person of the network or give the new person’s name.")})
    person = Person(
        name=name,
        title=fields.get("printed_title", "").strip(),
        public_consent=False,
        source=(_("Added by an organiser of “%(event)s”") % {"event": event.title})[:300],
    )
    _save_validated(person, by)
    # The person was just made for this event: theirs to choose, though not yet among their events' people.
    defaults = {
        "agenda_item": None,
        "is_lead": False,
        "printed_title": "",
        "printed_organisation": "",
        "confirmation": Confirmation.INVITED,
        "position": 0,
        "name_consent": False,
    }
    return _participation_add(event=event, by=by, person=person, **{**defaults, **fields})
