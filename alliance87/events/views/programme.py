"""The public programme of an event and its calendar files. Thin: read through selectors, render.

One address serves both kinds of event. A side event (or any event without sessions) shows its own
agenda as one column of segments. A conference (an event with published sessions or side events)
shows its sessions grouped by day, then by start time, each with its room and items; ``?day=`` shows
one day. The number of queries does not depend on the number of sessions, items or people.

Speed: the example conference has 300 items and 600 people on one page. Django's template engine
costs a few microseconds per variable, so what repeats per item is prepared here once, as strings:
the times (local, and ISO 8601 for the ``<time>`` and now/next attributes), the labels, and each
item's list of people as HTML (``people_html``). The page renders in tens of milliseconds that way,
rather than hundreds.
"""

import datetime
from dataclasses import dataclass, field
from html import escape

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.context import make_context
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import BlockNode
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from alliance87.pagecache import public_page, shared_fragment
from alliance87.translations import SOURCE_LANGUAGE, localised, page_language

from .. import selectors, whats_on
from ..exports import event_ics
from ..models import Event, EventOrganisation, Participation
from ..vocab import Confirmation, EventStatus, ItemKind, ParticipantRole


def public_line(participation: Participation) -> str:
    """“Name, title, organisation” as the public programme prints it: ``events/_person.html`` in Python.

    The name only with consent (``Participation.public_name``); a test keeps the two identical.
    """
    parts = [participation.public_name, participation.printed_title, participation.printed_organisation]
    return ", ".join(part for part in parts if part) or _("Name not yet public")


def _hh_mm(moment: datetime.datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


@dataclass(slots=True)
class Row:
    """One agenda item as the public page prints it, every string ready (see the module's docstring)."""

    pk: str  # as text: the template engine would localise a number, at a cost, three times per item
    title: str
    description: str
    kind: str
    kind_label: str
    minutes: int
    starts: str  # "16:30", local
    ends: str
    starts_iso: str  # "2026-02-11T16:30:00+01:00"
    ends_iso: str
    people_html: SafeString  # "<ul>…</ul>", or "" when nobody is named for the item
    banner_url: str = ""  # the artwork's moment (its launch): the banner's page, when the event has one
    banner_label: str = ""


class _Labels:
    """The vocabularies' labels in the reader's language, translated once per page rather than per row."""

    def __init__(self):
        self.kinds = {value: str(label) for value, label in ItemKind.choices}
        self.roles = {value: str(label) for value, label in ParticipantRole.choices}
        self.banner_open = _("The co-created banner: add your mark")
        self.banner_closed = _("The co-created banner")
        # Shown publicly: "to be confirmed" and "declined"; invited and confirmed people carry no label.
        self.confirmations = {
            Confirmation.TBC: format_html(' <span class="tag tag-inactive">{}</span>', _("to be confirmed")),
            Confirmation.DECLINED: format_html(' <span class="tag tag-inactive">{}</span>', _("declined")),
        }
        # Names, titles and organisations are printed as typed, in English: marked so on other pages.
        self.typed = '<span lang="en">{}</span>' if page_language() != SOURCE_LANGUAGE else "{}"

    def people_html(self, participations: list[Participation]) -> SafeString:
        """``<ul><li>Name, title, organisation — Role [to be confirmed]</li>…</ul>``, every text escaped."""
        if not participations:
            return SafeString("")
        # html.escape rather than format_html: the same escaping, at a fraction of the cost for 600 people.
        lines = "".join(
            f"<li>{self.person(p)} — {escape(self.roles.get(p.role, p.role))}"
            f"{self.confirmations.get(p.confirmation, '')}</li>"
            for p in participations
        )
        return mark_safe(f'<ul class="programme-people">{lines}</ul>')  # noqa: S308 -- every part escaped above

    def person(self, participation: Participation) -> str:
        """``public_line`` escaped, marked English unless it is the translated "Name not yet public"."""
        p = participation
        if p.public_name or p.printed_title or p.printed_organisation:
            return self.typed.format(escape(public_line(p)))
        return escape(public_line(p))


def programme_rows(
    agenda: list[selectors.ScheduledItem], zone, labels: _Labels | None = None, *, banner=None
) -> list[Row]:
    """The agenda's items as rows for the page, times in ``zone``; the artwork's item links ``banner``'s page."""
    labels = labels or _Labels()
    rows = []
    for scheduled in agenda:
        item = scheduled.item
        artwork = banner is not None and whats_on.is_artwork_item(item)
        starts, ends = scheduled.starts_at.astimezone(zone), scheduled.ends_at.astimezone(zone)
        rows.append(
            Row(
                pk=str(item.pk),
                title=localised(item, "title"),  # Localised: the template marks lang="en" where it stands in
                description=localised(item, "description"),
                kind=item.kind,
                kind_label=labels.kinds.get(item.kind, item.kind),
                minutes=item.duration_minutes,
                starts=_hh_mm(starts),
                ends=_hh_mm(ends),
                starts_iso=starts.isoformat(),
                ends_iso=ends.isoformat(),
                people_html=labels.people_html(scheduled.participations),
                banner_url=banner.contribute_url if artwork else "",
                banner_label=(labels.banner_open if banner.is_open else labels.banner_closed) if artwork else "",
            )
        )
    return rows


@dataclass(slots=True)
class SessionBlock:
    """One session (or side event) of a conference as its page prints it, in the conference's time zone."""

    event: Event
    is_own: bool  # the conference's own items (a plenary, say), not a session of its own
    starts: datetime.datetime
    ends: datetime.datetime
    agenda: list[selectors.ScheduledItem]
    rows: list[Row] = field(default_factory=list)  # made only for the days shown
    url: str = ""

    @property
    def starts_iso(self) -> str:
        return self.starts.isoformat()

    @property
    def ends_iso(self) -> str:
        return self.ends.isoformat()

    @property
    def starts_hm(self) -> str:
        return _hh_mm(self.starts)

    @property
    def ends_hm(self) -> str:
        return _hh_mm(self.ends)


@dataclass(slots=True)
class TimeSlot:
    """The sessions of a conference that start at the same time on the same day (one per room, say)."""

    starts: datetime.datetime
    sessions: list[SessionBlock] = field(default_factory=list)

    @property
    def ends(self) -> datetime.datetime:
        return max(session.ends for session in self.sessions)


@dataclass(slots=True)
class Day:
    date: datetime.date
    slots: list[TimeSlot] = field(default_factory=list)

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def conference_days(conference: Event, sessions: list[selectors.Session]) -> list[Day]:
    """Sessions by day, then by start time, in the conference's zone; at one time, in the selector's order (room)."""
    zone = conference.zone
    days: list[Day] = []
    for session in sorted(sessions, key=lambda s: s.event.starts_at):  # stable: the room order stays
        block = SessionBlock(
            event=session.event,
            is_own=session.event.pk == conference.pk,
            starts=session.event.starts_at.astimezone(zone),
            ends=session.event.ends_at.astimezone(zone),
            agenda=session.agenda,
        )
        if not days or days[-1].date != block.starts.date():
            days.append(Day(block.starts.date()))
        slots = days[-1].slots
        if not slots or slots[-1].starts != block.starts:
            slots.append(TimeSlot(block.starts))
        slots[-1].sessions.append(block)
    return days


def language_names(codes: list[str]) -> list[str]:
    """The event's languages by name, in the reader's language ("fr" → "French", "Français", "Francés")."""
    names = []
    for code in codes:
        try:
            names.append(str(translation.get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(code)  # not a language code Django knows: show what the organiser wrote
    return names


def _organisations(event: Event) -> list[EventOrganisation]:
    return list(
        EventOrganisation.objects.filter(event=event)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )


@dataclass(slots=True)
class BannerLink:
    """A banner of the event (or of its conference) as the programme shows it."""

    banner: object
    is_open: bool
    opens_later: bool
    contribute_url: str
    wall_url: str


def banner_links(event: Event, now: datetime.datetime) -> list[BannerLink]:
    """The event's banners, then its conference's, with where to add a mark and where to see the wall."""
    banners = sorted(whats_on.banners_of(event), key=lambda banner: banner.event_id != event.pk)
    return [
        BannerLink(
            banner=banner,
            is_open=banner.is_open(now),
            opens_later=bool(banner.opens_at and now < banner.opens_at),
            contribute_url=reverse("artwork:contribute", args=[banner.slug]),
            wall_url=reverse("artwork:wall", args=[banner.slug]),
        )
        for banner in banners
    ]


def withdrawn(request, slug: str):
    """A programme that was public and is withdrawn keeps its address: 410 Gone, saying so and since when.

    Printed QR codes point here. A draft that was never public stays a 404, as an unknown address.
    """
    event = Event.objects.withdrawn().filter(slug=slug).first()
    if event is None:
        raise Http404
    can_manage = request.user.is_authenticated and request.user.has_perm("events.edit_event", event)
    return render(request, "events/withdrawn.html", {"event": event, "can_manage": can_manage}, status=410)


def programme(request, slug: str):
    """The public programme; its top says whether the event is coming, happening now or over, so the page is
    kept in the public cache only while that cannot change (``whats_on.cacheable_until``).

    The page is the same for every visitor but its header (the account link, messages) and, for the
    event's organisers and moderators, two links. So its blocks are rendered once per language and
    address while no public data changes (``pagecache.shared_fragment``: one render at a time), and each
    request renders only the layout around them: a signed-in visitor costs little more than a cache hit.
    """
    can_manage, can_run = _organiser_links(request.user, slug)
    day = request.GET.get("day", "")[:10]
    key = f"programme:{translation.get_language()}:{request.path}:{day}:{can_manage:d}{can_run:d}"
    page = shared_fragment(key, lambda: _programme_page(request, slug, day, can_manage=can_manage, can_run=can_run))
    if page is None:
        return withdrawn(request, slug)
    if _has_messages(request):  # the layout shows them once: rendered for this request only
        response = render(request, "events/_shared_page.html", {"blocks": page.blocks})
    else:
        # Without messages the whole page is the same for every signed-in visitor (the layout reads only
        # whether one is signed in, and the address with its query for the language links), and for every
        # anonymous one: kept as one string, like the blocks.
        html = shared_fragment(
            f"{key}:page:{request.user.is_authenticated:d}:{request.get_full_path()}",
            lambda: (render_to_string("events/_shared_page.html", {"blocks": page.blocks}, request), page.until),
        )
        response = HttpResponse(html)
    return whats_on.cacheable_until(_until(response, page.changes_at), page.changes_at)


def _has_messages(request) -> bool:
    """Whether a message waits to be shown (read without marking it shown)."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


@dataclass(slots=True)
class ProgrammePage:
    """What every visitor of a programme sees, rendered: the page's blocks and when it changes by itself."""

    blocks: dict[str, SafeString]
    changes_at: datetime.datetime | None

    @property
    def until(self) -> float | None:
        return self.changes_at.timestamp() if self.changes_at else None


def _organiser_links(user, slug: str) -> tuple[bool, bool]:
    """(may manage, may run) the event: false for anyone holding no role, without a query."""
    if not user.is_authenticated or not (user.is_superuser or user.role_assignments):
        return False, False
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        return False, False
    return user.has_perm("events.edit_event", event), user.has_perm("events.run_event", event)


def _programme_page(request, slug: str, day: str, *, can_manage: bool, can_run: bool):
    """(the page's blocks, when they change), or (None, now) for an event that is not published."""
    try:
        event = selectors.published_event_for_page(slug)
    except Http404:
        return None, 0.0
    now = timezone.now()
    sessions = selectors.programme_sessions(event)
    zone = event.zone
    banners = banner_links(event, now)
    banner = banners[0] if banners else None
    context = {
        "phase": whats_on.phase(event, now),
        "banners": banners,
        "event": event,
        "parent_is_public": bool(event.parent and event.parent.status == EventStatus.PUBLISHED),
        "local_start": event.starts_at.astimezone(zone),
        "local_end": event.ends_at.astimezone(zone),
        "organisations": _organisations(event),
        "languages": language_names(event.languages),
        "live_url": f"/ws/events/{event.slug}/run/",
        # Links to the organiser's pages, for those who may use them (part of the fragment's key).
        "can_manage": can_manage,
        "can_run": can_run,
    }
    events = [event, event.parent] if event.parent_id else [event]
    changes_at = whats_on.next_change_of(events, [link.banner for link in banners], now=now)
    if not any(session.event.pk != event.pk for session in sessions):
        agenda = sessions[0].agenda if sessions else []
        context["agenda"] = programme_rows(agenda, zone, banner=banner)
        template = "events/programme.html"
    else:
        days = conference_days(event, sessions)  # the conference's own items (a plenary, say) take their place
        chosen = next((d for d in days if d.iso == day), None)
        labels = _Labels()
        for shown in [chosen] if chosen else days:
            for time_slot in shown.slots:
                for block in time_slot.sessions:
                    block.rows = programme_rows(block.agenda, zone, labels, banner=banner)
                    block.url = reverse("events:programme", args=[block.event.slug])
        context.update(
            {
                "days": days,
                "chosen_day": chosen,
                "shown_days": [chosen] if chosen else days,
                "session_count": sum(1 for session in sessions if session.event.pk != event.pk),
                "item_count": sum(len(session.agenda) for session in sessions),
            }
        )
        template = "events/conference.html"
    page = ProgrammePage(render_blocks(request, template, context), changes_at)
    return page, page.until


def render_blocks(request, template_name: str, context: dict, names=("title", "content", "extra_body")):
    """The named blocks of a page template rendered on their own (the layout around them left out), so the
    layout can be rendered around them for each visitor (``events/_shared_page.html``)."""
    template = get_template(template_name).template
    blocks = {node.name: node for node in template.nodelist.get_nodes_by_type(BlockNode)}
    context = make_context(context, request)
    with context.render_context.push_state(template), context.bind_template(template):
        return {name: SafeString(blocks[name].render(context)) if name in blocks else SafeString("") for name in names}


def _until(response, changes_at: datetime.datetime | None):
    """Tell the public-page cache when the page changes by itself: no copy of it is shown after that."""
    if changes_at is not None:
        response.public_page_until = changes_at.timestamp()
    return response


@public_page
def calendar(request, slug: str, item_pk: int | None = None):
    """“Add to calendar”: the event (or one agenda item) as an iCalendar file."""
    event = selectors.published_event_for_page(slug)
    if item_pk is not None and not event.items.filter(pk=item_pk).exists():
        raise Http404
    response = HttpResponse(event_ics(event, item_pk=item_pk), content_type="text/calendar; charset=utf-8")
    name = f"{event.slug}-{item_pk}.ics" if item_pk else f"{event.slug}.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urls = [
    path("events/<slug:slug>/", programme, name="programme"),
    path("events/<slug:slug>/calendar.ics", calendar, name="calendar"),
    path("events/<slug:slug>/items/<int:item_pk>/calendar.ics", calendar, name="item_calendar"),
]
