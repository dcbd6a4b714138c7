"""The events API: public reads of published events, and organisers' writes with a bearer token.

Reads show what the public programme shows: published events only (a draft answers 404), people by
their public name only (``Participation.public_name``: a name without consent is ``null``), and no
organiser's notes. With the bearer token of someone who may edit the event (its organisers, the
secretariat), the same addresses also answer for drafts, and add the notes and who each participant
is (``person``).

Writes go through the same services as the organiser's pages, so they check the same permission
(403 for a token of someone who may not edit the event; 404 when the event is a draft they cannot
see) and refuse the same data, naming the field:
``{"detail": [{"loc": ["body", "duration_minutes"], "msg": "An item must last at least one minute."}]}``.
A ``parent`` must be a conference the caller may edit: an unknown one, someone else's draft and someone
else's event all get the same 422, so the answer never tells which drafts exist. A participant is one of
the people of the caller's events (by ``person`` id) or someone named in full (``person_name``; ``GET
/events/{slug}/people?name=`` lists the exact matches): never anyone of the network by id. Times must
lie in the years 2000 to 2100.
Times: every item has its start and end derived from the event's start and the durations before it,
given in the event's time zone (with the offset) and in UTC. A time sent without an offset is read
in the event's time zone.
Languages: an event's title and its items' titles and descriptions are in English in their fields, and in
the other languages in ``translations`` (``alliance87.api_translations``); an item's PATCH may change
them (``{"translations": {"fr": {"title": "…"}}}``, an empty text removes one), as its page does.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BaseModel

from alliance87.api_auth import OptionalTokenAuth, TokenAuth
from alliance87.api_pagination import PageNumbers
from alliance87.api_translations import merged, translations_field, translations_out, translations_type
from alliance87.api_types import Text

from . import selectors, services
from .models import AgendaItem, Event, EventOrganisation, Participation
from .vocab import EventStatus

router = Router(tags=["events"])
UTC = datetime.UTC


# ---- Schemas -------------------------------------------------------------------------------------


class EventRef(Schema):
    slug: str
    title: str


class _EventFields(Schema):
    slug: str
    title: str
    parent: EventRef | None = Field(..., description="the conference this event is part of, when published")
    starts_at: datetime.datetime = Field(..., description="local time in the event's time zone, with the offset")
    ends_at: datetime.datetime
    starts_at_utc: datetime.datetime
    ends_at_utc: datetime.datetime
    time_zone: str = Field(..., description="IANA name, e.g. Africa/Casablanca")
    format: str = Field(..., description="in_person, online or hybrid")
    venue: str
    room: str
    status: str = Field(..., description="published; draft only for those who may edit it")
    is_example: bool = Field(..., description="invented data that shows or tests the platform")
    url: str = Field(..., description="the public programme page")
    translations: translations_type(Event) = translations_field()


class EventSummaryOut(_EventFields):
    """An event in a list, read from the model: so a page of the list is one query."""

    @staticmethod
    def resolve_parent(obj: Event):
        return _public_parent(obj)

    @staticmethod
    def resolve_starts_at(obj: Event):
        return obj.starts_at.astimezone(obj.zone)

    @staticmethod
    def resolve_ends_at(obj: Event):
        return obj.ends_at.astimezone(obj.zone)

    @staticmethod
    def resolve_starts_at_utc(obj: Event):
        return obj.starts_at.astimezone(UTC)

    @staticmethod
    def resolve_ends_at_utc(obj: Event):
        return obj.ends_at.astimezone(UTC)

    @staticmethod
    def resolve_url(obj: Event):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_translations(obj: Event):
        return translations_out(obj)


class OrganisationRoleOut(Schema):
    organisation: str = Field(..., description="the organisation's slug, as in /api/organisations/{slug}")
    name: str
    role: str = Field(..., description="organiser, partial_support or supporter")


class PersonRef(Schema):
    id: int
    name: str


class ParticipantOut(Schema):
    id: int
    name: str | None = Field(..., description="only when the person agreed to be named; otherwise null")
    role: str = Field(..., description="chair, moderator, speaker, panelist, presenter or host")
    item: int | None = Field(..., description="the agenda item's id; null for a role in the whole event")
    is_lead: bool
    printed_title: str
    printed_organisation: str
    confirmation: str = Field(..., description="invited, tbc, confirmed or declined")
    position: int
    person: PersonRef | None = Field(
        None, description="who this is: only for those who may edit the event (with their token)"
    )
    name_consent: bool | None = Field(None, description="only for those who may edit the event")


class ItemOut(Schema):
    id: int
    position: int
    kind: str = Field(
        ..., description="opening_remarks, conversation, video, communication_activity, closing, break or other"
    )
    title: str
    description: str
    duration_minutes: int
    starts_at: datetime.datetime = Field(..., description="derived; local time in the event's time zone")
    ends_at: datetime.datetime
    starts_at_utc: datetime.datetime
    ends_at_utc: datetime.datetime
    participants: list[ParticipantOut]
    notes: str | None = Field(None, description="the organisers' notes: only for those who may edit the event")
    translations: translations_type(AgendaItem) = translations_field()


class FitOut(Schema):
    status: str = Field(..., description="fits, gap or overrun: do the items fill the event's slot exactly?")
    minutes: int = Field(..., description="minutes left (gap) or over (overrun); 0 when it fits")


class EventOut(_EventFields):
    keywords: list[str]
    background: str
    objectives: str
    expected_outcomes: str
    session_format: str
    audience: str
    languages: list[str] = Field(..., description="language codes, e.g. en, fr, es")
    organisations: list[OrganisationRoleOut]
    participants: list[ParticipantOut] = Field(..., description="roles in the whole event (chair, moderator)")
    agenda: list[ItemOut]
    fit: FitOut
    sessions: list[EventSummaryOut] = Field(..., description="a conference's published sessions and side events")


class EventFilters(Schema):
    parent: Text = Field("", max_length=80, description="only the sessions of this conference (its slug)")


class EventPatch(BaseModel):
    """The fields to change; leave out what stays as it is."""

    title: Text | None = Field(None, min_length=1, max_length=300)
    time_zone: Text | None = Field(None, max_length=64, description="IANA name, e.g. Africa/Casablanca")
    starts_at: datetime.datetime | None = Field(None, description="without an offset: in the event's time zone")
    ends_at: datetime.datetime | None = None
    parent: Text | None = Field(None, max_length=80, description="the conference's slug; null or empty for none")
    keywords: list[Text] | None = None
    background: Text | None = Field(None, max_length=20000)
    objectives: Text | None = Field(None, max_length=20000)
    expected_outcomes: Text | None = Field(None, max_length=20000)
    session_format: Text | None = Field(None, max_length=20000)
    venue: Text | None = Field(None, max_length=300)
    room: Text | None = Field(None, max_length=200)
    format: Text | None = Field(None, max_length=10, description="in_person, online or hybrid")
    audience: Text | None = Field(None, max_length=4000)
    languages: list[Text] | None = None
    published: bool | None = Field(None, description="true publishes the event, false takes it back to draft")


class ItemIn(BaseModel):
    title: Text = Field(..., min_length=1, max_length=300)
    duration_minutes: int = Field(..., description="at least 1")
    kind: Text = Field("other", max_length=30)
    description: Text = Field("", max_length=20000)
    notes: Text = Field("", max_length=20000)
    position: int | None = Field(None, ge=1, description="1 = first; at the end when left out")


class ItemPatch(BaseModel):
    title: Text | None = Field(None, min_length=1, max_length=300)
    duration_minutes: int | None = None
    kind: Text | None = Field(None, max_length=30)
    description: Text | None = Field(None, max_length=20000)
    notes: Text | None = Field(None, max_length=20000)
    translations: dict[Text, dict[Text, Text]] | None = Field(
        None,
        description='the title and description in fr, es or ar: {"fr": {"title": "…"}}; a text replaces the '
        "one stored, an empty text removes it, languages and fields not sent stay",
    )
    position: int | None = Field(None, ge=1, description="move the item here (1 = first)")


class ParticipantIn(BaseModel):
    person: int | None = Field(
        None,
        description="the person's id: one of the people of your events (any person for the secretariat), or one "
        "of those GET /events/{slug}/people found for person_name",
    )
    person_name: Text | None = Field(
        None,
        max_length=200,
        description="someone else of the network, by their full name exactly as recorded (case and spaces aside); "
        "with person too when several people have it",
    )
    role: Text = Field(..., max_length=20)
    item: int | None = Field(None, description="an agenda item's id; null or left out for the whole event")
    is_lead: bool = False
    printed_title: Text = Field("", max_length=300)
    printed_organisation: Text = Field("", max_length=200)
    confirmation: Text = Field("invited", max_length=10)
    position: int = Field(0, ge=0, le=32767)
    name_consent: bool = Field(False, description="the person agreed to be named in this event's public programme")


class ParticipantPatch(BaseModel):
    role: Text | None = Field(None, max_length=20)
    item: int | None = Field(None, description="an agenda item's id; null for the whole event")
    is_lead: bool | None = None
    printed_title: Text | None = Field(None, max_length=300)
    printed_organisation: Text | None = Field(None, max_length=200)
    confirmation: Text | None = Field(None, max_length=10)
    position: int | None = Field(None, ge=0, le=32767)
    name_consent: bool | None = None


# ---- Reading -------------------------------------------------------------------------------------


def _may_edit(user, event: Event) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("events.edit_event", event))


def _event_for(slug: str, user) -> tuple[Event, bool]:
    """The event and whether ``user`` may edit it; a draft is a 404 to anyone who may not."""
    event = Event.objects.select_related("parent").filter(slug=slug).first()
    if event is None:
        raise Http404
    may_edit = _may_edit(user, event)
    if event.status != EventStatus.PUBLISHED and not may_edit:
        raise Http404
    return event, may_edit


def _in_zone(moment: datetime.datetime | None, zone: ZoneInfo) -> datetime.datetime | None:
    """A time sent without an offset is the event's local time."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone)


def _public_parent(event: Event) -> dict | None:
    parent = event.parent if event.parent_id else None
    if parent is None or parent.status != EventStatus.PUBLISHED:
        return None
    return {"slug": parent.slug, "title": parent.title}


def summary_out(event: Event) -> dict:
    zone = event.zone
    return {
        "slug": event.slug,
        "title": event.title,
        "parent": _public_parent(event),
        "starts_at": event.starts_at.astimezone(zone),
        "ends_at": event.ends_at.astimezone(zone),
        "starts_at_utc": event.starts_at.astimezone(UTC),
        "ends_at_utc": event.ends_at.astimezone(UTC),
        "time_zone": event.time_zone,
        "format": event.format,
        "venue": event.venue,
        "room": event.room,
        "status": event.status,
        "is_example": event.is_example,
        "url": event.get_absolute_url(),
        "translations": translations_out(event),
    }


def participant_out(participation: Participation, *, may_edit: bool) -> dict:
    out = {
        "id": participation.pk,
        "name": participation.public_name or None,
        "role": participation.role,
        "item": participation.agenda_item_id,
        "is_lead": participation.is_lead,
        "printed_title": participation.printed_title,
        "printed_organisation": participation.printed_organisation,
        "confirmation": participation.confirmation,
        "position": participation.position,
    }
    if may_edit:
        out["person"] = {"id": participation.person_id, "name": participation.person.name}
        out["name_consent"] = participation.name_consent
    return out


def item_out(scheduled: selectors.ScheduledItem, *, may_edit: bool) -> dict:
    item = scheduled.item
    out = {
        "id": item.pk,
        "position": item.position,
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "duration_minutes": item.duration_minutes,
        "starts_at": scheduled.starts_at,
        "ends_at": scheduled.ends_at,
        "starts_at_utc": scheduled.starts_at.astimezone(UTC),
        "ends_at_utc": scheduled.ends_at.astimezone(UTC),
        "participants": [participant_out(p, may_edit=may_edit) for p in scheduled.participations],
        "translations": translations_out(item),
    }
    if may_edit:
        out["notes"] = item.notes
    return out


def event_out(event: Event, *, may_edit: bool) -> dict:
    """The whole event; a fixed number of queries however many items, people and sessions."""
    organisations = EventOrganisation.objects.filter(event=event).select_related("organisation")
    roles = (
        Participation.objects.filter(event=event, agenda_item__isnull=True)
        .select_related("person")
        .order_by("position", "pk")
    )
    sessions = event.side_events.published().select_related("parent").order_by("starts_at", "room", "title")
    status, minutes = selectors.fit_check(event)
    return {
        **summary_out(event),
        "keywords": event.keywords,
        "background": event.background,
        "objectives": event.objectives,
        "expected_outcomes": event.expected_outcomes,
        "session_format": event.session_format,
        "audience": event.audience,
        "languages": event.languages,
        "organisations": [
            {"organisation": o.organisation.slug, "name": o.organisation.name, "role": o.role}
            for o in organisations.order_by("role", "organisation__name")
        ],
        "participants": [participant_out(p, may_edit=may_edit) for p in roles],
        "agenda": [item_out(s, may_edit=may_edit) for s in selectors.agenda_with_times(event)],
        "fit": {"status": status, "minutes": minutes},
        "sessions": list(sessions),
    }


@router.get("/events", response=list[EventSummaryOut])
@paginate(PageNumbers, page_size=50)
def list_events(request, filters: Query[EventFilters]):
    """Published events, soonest first; ``parent`` lists one conference's sessions and side events."""
    events = Event.objects.published().select_related("parent").order_by("starts_at", "title")
    if filters.parent:  # a published conference's: a draft's sessions are not listed, so its name tells nothing
        events = events.filter(parent__slug=filters.parent, parent__status=EventStatus.PUBLISHED)
    return events


@router.get("/events/{slug}", response=EventOut, auth=OptionalTokenAuth())
def get_event(request, slug: str):
    """An event with its organisers, roles, agenda (local and UTC times) and sessions.

    Published events for anyone; drafts only with the token of someone who may edit them (else 404).
    """
    event, may_edit = _event_for(slug, request.auth)
    return event_out(event, may_edit=may_edit)


@router.get("/events/{slug}/agenda", response=list[ItemOut], auth=OptionalTokenAuth())
def get_agenda(request, slug: str):
    """The agenda alone: each item with its derived start and end, and its people."""
    event, may_edit = _event_for(slug, request.auth)
    return [item_out(s, may_edit=may_edit) for s in selectors.agenda_with_times(event)]


# ---- Writing (bearer token) ----------------------------------------------------------------------


def _item_of(event: Event, pk: int | None, *, field: str) -> AgendaItem | None:
    if pk is None:
        return None
    item = event.items.filter(pk=pk).first()
    if item is None:
        raise ValidationError({field: _("This event has no agenda item %(id)s.") % {"id": pk}})
    return item


def _item_for_write(event: Event, pk: int) -> AgendaItem:
    item = event.items.select_related("event").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _participation_for_write(event: Event, pk: int) -> Participation:
    participation = event.participations.select_related("event", "person").filter(pk=pk).first()
    if participation is None:
        raise Http404
    return participation


@router.patch("/events/{slug}", response=EventOut, auth=TokenAuth())
def patch_event(request, slug: str, payload: EventPatch):
    """Change an event's details, and publish it or take it back to draft (``published``)."""
    event, _may = _event_for(slug, request.auth)
    changes = payload.model_dump(exclude_unset=True)
    published = changes.pop("published", None)
    zone_name = changes.get("time_zone") or event.time_zone
    if "time_zone" in changes:
        services.check_time_zone(changes["time_zone"] or "")
    zone = ZoneInfo(zone_name)
    for name in ("starts_at", "ends_at"):
        if name in changes:
            if changes[name] is None:
                raise ValidationError({name: _("This field cannot be empty.")})
            changes[name] = _in_zone(changes[name], zone)
    for name in ("title", "time_zone", "format", "keywords", "languages"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: _("This field cannot be empty.")})
    for name in ("background", "objectives", "expected_outcomes", "session_format", "venue", "room", "audience"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    if "parent" in changes:
        slug_of_parent = changes["parent"] or ""
        changes["parent"] = Event.objects.filter(slug=slug_of_parent).first() if slug_of_parent else None
        if slug_of_parent and changes["parent"] is None:
            # The service's words for a parent one may not use: an unknown name must not read differently
            # from someone else's draft, or the answer would tell which drafts exist.
            raise services.parent_refused()
    if changes:
        services.event_update(event=event, by=request.auth, **changes)
    if published is not None:
        services.event_publish(event=event, by=request.auth, published=published)
    event.refresh_from_db()
    return event_out(event, may_edit=True)


@router.post("/events/{slug}/items", response={201: ItemOut}, auth=TokenAuth())
def add_item(request, slug: str, payload: ItemIn):
    """Add an agenda item, at the end or at ``position``; the answer has its derived times."""
    event, _may = _event_for(slug, request.auth)
    item = services.agenda_item_add(event=event, by=request.auth, **payload.model_dump())
    return 201, _scheduled_out(event, item.pk)


@router.patch("/events/{slug}/items/{int:item_id}", response=ItemOut, auth=TokenAuth())
def patch_item(request, slug: str, item_id: int, payload: ItemPatch):
    """Change an item's kind, title, description, notes, duration or their translations, or move it
    (``position``)."""
    event, _may = _event_for(slug, request.auth)
    item = _item_for_write(event, item_id)
    changes = payload.model_dump(exclude_unset=True)
    position = changes.pop("position", None)
    if "translations" in changes:
        changes["translations"] = merged(item.translations, changes["translations"] or {})
    for name in ("title", "kind", "duration_minutes"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: _("This field cannot be empty.")})
    for name in ("description", "notes"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    if changes:
        services.agenda_item_update(item=item, by=request.auth, **changes)
    if position is not None:
        services.agenda_item_move(item=item, by=request.auth, position=position)
    return _scheduled_out(event, item.pk)


@router.delete("/events/{slug}/items/{int:item_id}", response={204: None}, auth=TokenAuth())
def delete_item(request, slug: str, item_id: int):
    """Remove an item and the roles in it; the items after it move up."""
    event, _may = _event_for(slug, request.auth)
    services.agenda_item_delete(item=_item_for_write(event, item_id), by=request.auth)
    return 204, None


@router.put("/events/{slug}/items/order", response=list[ItemOut], auth=TokenAuth())
def reorder_items(request, slug: str, items: Body[list[int]]):
    """Put the items in this order: what a drag and drop sends. The body is a JSON array of item ids."""
    event, _may = _event_for(slug, request.auth)
    services.agenda_reorder(event=event, by=request.auth, item_ids=items)
    return [item_out(s, may_edit=True) for s in selectors.agenda_with_times(event)]


def _scheduled_out(event: Event, item_pk: int) -> dict:
    scheduled = next(s for s in selectors.agenda_with_times(event) if s.item.pk == item_pk)
    return item_out(scheduled, may_edit=True)


def _participant_answer(participation: Participation) -> dict:
    participation = Participation.objects.select_related("person").get(pk=participation.pk)
    return participant_out(participation, may_edit=True)


@router.post("/events/{slug}/participants", response={201: ParticipantOut}, auth=TokenAuth())
def add_participant(request, slug: str, payload: ParticipantIn):
    """Give a person of the network a role in the event, or in one of its items."""
    event, _may = _event_for(slug, request.auth)
    data = payload.model_dump()
    if not _may_edit(request.auth, event):  # before the choice of person says anything about the network
        raise PermissionDenied(_("You may not do this."))
    name = data.pop("person_name") or ""
    person = selectors.person_to_pick(request.auth, pk=data.pop("person"), name=name)
    data["agenda_item"] = _item_of(event, data.pop("item"), field="item")
    participation = services.participation_add(event=event, by=request.auth, person=person, found_by_name=name, **data)
    return 201, _participant_answer(participation)


class PersonFoundOut(Schema):
    id: int
    name: str
    organisation: str | None = Field(..., description="to tell namesakes apart")


class PeopleSearch(Schema):
    name: Text = Field(..., min_length=1, max_length=200, description="the full name, exactly as recorded")


@router.get("/events/{slug}/people", response=list[PersonFoundOut], auth=TokenAuth())
def find_people(request, slug: str, search: Query[PeopleSearch]):
    """People of the network with exactly this full name (case and spaces aside), at most five: how an
    organiser finds someone outside their events to give a role (``person`` and ``person_name``).
    Only for those who may edit the event; never a list of the network."""
    event, may_edit = _event_for(slug, request.auth)
    if not may_edit:
        raise PermissionDenied(_("You may not do this."))
    return [
        {"id": p.pk, "name": p.name, "organisation": p.organisation.name if p.organisation else None}
        for p in selectors.people_named(search.name)
    ]


@router.patch("/events/{slug}/participants/{int:participant_id}", response=ParticipantOut, auth=TokenAuth())
def patch_participant(request, slug: str, participant_id: int, payload: ParticipantPatch):
    """Change a role, its item, lead, printed title and organisation, confirmation or consent to be named."""
    event, _may = _event_for(slug, request.auth)
    participation = _participation_for_write(event, participant_id)
    changes = payload.model_dump(exclude_unset=True)
    if "item" in changes:
        changes["agenda_item"] = _item_of(event, changes.pop("item"), field="item")
    for name in ("role", "confirmation", "is_lead", "name_consent", "position"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: _("This field cannot be empty.")})
    for name in ("printed_title", "printed_organisation"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    services.participation_update(participation=participation, by=request.auth, **changes)
    return _participant_answer(participation)


@router.delete("/events/{slug}/participants/{int:participant_id}", response={204: None}, auth=TokenAuth())
def delete_participant(request, slug: str, participant_id: int):
    event, _may = _event_for(slug, request.auth)
    services.participation_remove(participation=_participation_for_write(event, participant_id), by=request.auth)
    return 204, None


__all__ = ["router"]
