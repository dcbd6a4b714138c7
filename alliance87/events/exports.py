"""Exports of an event, each built from the selectors and returned as bytes.

- iCalendar (RFC 5545) for the event and for each item, in the event's own time zone;
- the printable programme (PDF, public: names only with consent), for a conference by day and room;
- the run-of-show (PDF, for the moderator: names, confirmations, running total, the slot's fit);
- the participant list (CSV and XLSX, for badges and seating): one row per person per role;
- the concept note (Word and PDF) in the template's section order, which ``import-concept-note`` reads back.

The schedule formats for conference apps (frab XML, schedule JSON) are in ``schedule.py``.

PDF: WeasyPrint, A4, Noto Sans from the shipped static files, with the Pathfinder exports' URL fetcher that
reads local files only, so rendering never touches the network whatever an event contains. Spreadsheets:
the Pathfinder exports' writers, which neutralise formula-like cells (CSV injection).
"""

import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from alliance87 import dates
from alliance87 import pdf as pdf_files
from alliance87.pdf import css_string
from alliance87.spreadsheets import to_csv, to_xlsx
from alliance87.translations import localised

from . import concept_note, schedule, selectors
from .models import Event, EventOrganisation, Participation
from .vocab import Confirmation, EventFormat, EventStatus, ParticipantRole

PRODID = "-//Alliance 8.7//Platform//EN"
PDF_CACHE_SECONDS = 24 * 60 * 60


class _CalendarLabels:
    """Roles and the programme's confirmation tags in the active language, translated once per file."""

    def __init__(self):
        self.roles = schedule.Labels().roles
        # What the programme page tags a person with (nothing once confirmed, nor while only invited).
        self.notes = {Confirmation.TBC: _("to be confirmed"), Confirmation.DECLINED: _("declined")}

    def people(self, scheduled) -> str:
        """“Name, title, organisation (Role, to be confirmed)”, one line a person (the name only with consent)."""
        lines = []
        for p in scheduled.participations:
            tags = filter(None, [self.roles.get(p.role, p.role), self.notes.get(p.confirmation)])
            lines.append(f"{schedule.public_line(p)} ({', '.join(tags)})")
        return "\n".join(lines)

    def summary(self, scheduled, session: Event) -> str:
        """“Item — Session”, and “(to be confirmed)” while someone in it is, as the page tags them."""
        summary = f"{localised(scheduled.item, 'title')} — {localised(session, 'title')}"
        if any(p.confirmation == Confirmation.TBC for p in scheduled.participations):
            summary += f" ({self.notes[Confirmation.TBC]})"
        return summary


def event_ics(event: Event, *, item_pk: int | None = None) -> bytes:
    """The event and every item of its programme as VEVENTs (or only one item), times in the event's zone.

    A conference's file holds the items of each of its published sessions too (the programme page's
    ``selectors.programme_sessions``), each placed in its session's room. The VTIMEZONE is generated
    from the IANA zone, so calendar apps show the right local time even where the zone's rules changed
    (Morocco's UTC+1 with its Ramadan exceptions, for instance). Titles and descriptions are in the active
    language where the event has them (a download from /fr/ is in French), else in English.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    title = localised(event, "title")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", event.time_zone)
    zone = event.zone
    stamp = datetime.now(UTC)
    sessions = selectors.programme_sessions(event, published_only=event.status == EventStatus.PUBLISHED)
    is_conference = any(session.event.pk != event.pk for session in sessions)
    labels = _CalendarLabels()
    if item_pk is None:
        whole = CalendarEvent()
        whole.add("uid", f"event-{event.pk}@alliance87")
        whole.add("dtstamp", stamp)
        whole.add("dtstart", event.starts_at.astimezone(zone))
        whole.add("dtend", event.ends_at.astimezone(zone))
        whole.add("summary", title)
        whole.add("location", ", ".join(filter(None, [event.room, event.venue])))
        if is_conference:  # the sessions, each with its day: the items are VEVENTs of their own below
            lines = [
                f"{s.local_start:%Y-%m-%d %H:%M} {localised(s.event, 'title')}"
                for s in sessions
                if s.event.pk != event.pk
            ]
        else:
            lines = [
                f"{s.starts_at:%H:%M} {localised(s.item, 'title')}" for session in sessions for s in session.agenda
            ]
        whole.add("description", "\n".join(lines))
        whole.add("url", settings.SITE_ROOT + reverse("events:programme", args=[event.slug]))
        calendar.add_component(whole)
    for session in sessions:
        url = settings.SITE_ROOT + reverse("events:programme", args=[session.event.slug])
        location = ", ".join(filter(None, [session.event.room, session.event.venue or event.venue]))
        for scheduled in session.agenda:
            if item_pk is not None and scheduled.item.pk != item_pk:
                continue
            entry = CalendarEvent()
            entry.add("uid", f"item-{scheduled.item.pk}@alliance87")
            entry.add("dtstamp", stamp)
            entry.add("dtstart", scheduled.starts_at.astimezone(zone))
            entry.add("dtend", scheduled.ends_at.astimezone(zone))
            entry.add("summary", labels.summary(scheduled, session.event))
            entry.add("location", location)
            description = localised(scheduled.item, "description")
            entry.add("description", "\n\n".join(filter(None, [description, labels.people(scheduled)])))
            entry.add("url", f"{url}#item-{scheduled.item.pk}")
            calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def filename(event: Event, what: str, extension: str) -> str:
    """``<slug>-programme.pdf``: the event's address name and what the file is."""
    return f"{event.slug}-{what}.{extension}"


# ---- PDF ----------------------------------------------------------------------------------------


def _pdf(template: str, context: dict, *, event: Event, document: str, only_cached: bool = False) -> bytes | None:
    """Render ``template`` to PDF, or take the PDF of the same HTML from the cache (``only_cached``: that
    or None, nothing built).

    WeasyPrint lays out a few dozen pages a second, so the 300-item conference takes a second or more;
    its HTML takes a fraction of that. The cache key is a digest of the HTML itself (which carries the
    export's date), so a file is reused exactly while nothing it shows has changed; ``prebuild`` builds
    them after each change, ahead of the download.
    """
    html = render_to_string(
        template,
        {
            **context,
            "event": event,
            "document": document,
            "css": {
                "short_title": css_string(f"{event.title} — {document}"),
                "page_label": css_string(_("Page")),
                "generated_label": css_string(
                    _("Exported from the Alliance 8.7 platform on %(date)s") % {"date": dates.day(timezone.localdate())}
                ),
            },
        },
    )
    key = "a87:events:pdf:" + hashlib.sha256(html.encode()).hexdigest()
    if (cached := cache.get(key)) is not None or only_cached:
        return cached
    pdf = pdf_files.render(html)
    cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


def programme_pdf(event: Event, *, published_only: bool = True, only_cached: bool = False) -> bytes | None:
    """The printable programme: public, so people are named only with consent (``events/_person.html``)."""
    programme = schedule.programme_layout(event, published_only=published_only)
    return _pdf(
        "events/pdf/programme.html",
        {"programme": programme, "roles": programme.roles.get(event.pk, [])},
        event=event,
        document=_("Programme"),
        only_cached=only_cached,
    )


@dataclass
class RunRow:
    scheduled: selectors.ScheduledItem
    elapsed: int  # minutes from the session's start to this item's end


@dataclass
class RunSession:
    session: selectors.Session
    roles: list[Participation]
    rows: list[RunRow]
    planned: int  # minutes of the items
    fit: str  # selectors.FITS, GAP or OVERRUN
    difference: int  # minutes


def run_of_show(event: Event) -> list[RunSession]:
    """Each session with its items, the running total and how the items fit the slot. Four queries."""
    programme = selectors.programme_sessions(event, published_only=False) or [selectors.Session(event, [])]
    roles = schedule.whole_event_roles([event, *(s.event for s in programme if s.event.pk != event.pk)])
    sessions = []
    for session in programme:
        rows, elapsed = [], 0
        for scheduled in session.agenda:
            elapsed += scheduled.item.duration_minutes
            rows.append(RunRow(scheduled, elapsed))
        difference = session.event.slot_minutes - elapsed
        fit = selectors.GAP if difference > 0 else selectors.OVERRUN if difference < 0 else selectors.FITS
        sessions.append(RunSession(session, roles.get(session.event.pk, []), rows, elapsed, fit, abs(difference)))
    return sessions


def run_of_show_pdf(event: Event, *, only_cached: bool = False) -> bytes | None:
    """The run-of-show for the moderator and stage manager: names, confirmations, times, running total."""
    sessions = run_of_show(event)
    return _pdf(
        "events/pdf/run_of_show.html",
        {"sessions": sessions, "is_conference": any(rs.session.event.pk != event.pk for rs in sessions)},
        event=event,
        document=_("Run-of-show"),
        only_cached=only_cached,
    )


# ---- Participant list ---------------------------------------------------------------------------

PARTICIPANT_WIDTHS = [28, 40, 28, 12, 36, 40, 18, 16, 10, 30, 20, 8]


def participants_header(event: Event) -> list[str]:
    return [
        _("Name"),
        _("Title to print"),
        _("Organisation to print"),
        _("Role"),
        _("Event"),
        _("Item"),
        _("Starts (%(zone)s)") % {"zone": event.time_zone},
        _("Confirmation"),
        _("Named publicly"),
        _("Organisation in the network"),
        _("Country"),
        _("Leads the item"),
    ]


def participants_rows(event: Event) -> list[list]:
    """One row per person per role, for badges and seating: the whole event's roles, then each item's.

    Names are given whatever the consent: the list is for the organisers. Four queries: the
    programme (three) and the participations with their people, organisations and countries.
    """
    sessions = selectors.programme_sessions(event, published_only=False)
    events = {event.pk: event} | {session.event.pk: session.event for session in sessions}
    starts = {s.item.pk: s.starts_at for session in sessions for s in session.agenda}
    order = {pk: index for index, pk in enumerate(events)}
    item_order = {pk: index for index, pk in enumerate(starts)}
    participations = Participation.objects.filter(event__in=list(events)).select_related(
        "agenda_item", "person__organisation__country"
    )
    participations = sorted(
        participations,
        key=lambda p: (
            order[p.event_id],
            -1 if p.agenda_item_id is None else item_order.get(p.agenda_item_id, 0),
            p.position,
            p.pk,
        ),
    )
    yes, no = _("Yes"), _("No")
    rows = []
    for p in participations:
        session = events[p.event_id]
        if p.agenda_item_id is None:
            item, starts_at = _("Whole event"), session.starts_at
        else:
            item, starts_at = p.agenda_item.title, starts.get(p.agenda_item_id, session.starts_at)
        organisation = p.person.organisation
        rows.append(
            [
                p.person.name,
                p.printed_title,
                p.printed_organisation,
                p.get_role_display(),
                session.title,
                item,
                starts_at.astimezone(event.zone).replace(tzinfo=None),
                p.get_confirmation_display(),
                yes if p.public_name else no,
                organisation.name if organisation else "",
                organisation.country.name if organisation and organisation.country else "",
                yes if p.is_lead else no,
            ]
        )
    return rows


def participants_csv(event: Event) -> bytes:
    return to_csv(participants_header(event), participants_rows(event))


def participants_xlsx(event: Event) -> bytes:
    return to_xlsx(
        participants_header(event), participants_rows(event), sheet=_("Participants"), widths=PARTICIPANT_WIDTHS
    )


# ---- The concept note ---------------------------------------------------------------------------
# The note is written in the template's own words (section headings, “Moderator”, “tbc”, “mins”, the
# month's name in English) whatever the reader's language: they are what the import reads back.

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FORMAT_WORDS = {EventFormat.IN_PERSON: "In-person", EventFormat.ONLINE: "Online", EventFormat.HYBRID: "Hybrid"}
ROLE_WORDS = {
    ParticipantRole.CHAIR: "Chair",
    ParticipantRole.MODERATOR: "Moderator",
    ParticipantRole.SPEAKER: "Speaker",
    ParticipantRole.PANELIST: "Panelist",
    ParticipantRole.PRESENTER: "Presenter",
    ParticipantRole.HOST: "Host",
}
SECTION_HEADINGS = {
    "keywords": "I. Keywords",
    "background": "II. Background & Rationale",
    "objectives": "III. Key Objectives",
    "expected_outcomes": "IV. Expected Outcomes and Deliverables",
    "session_format": "V. Session Format",
    "speakers": "VI. Proposed speakers and targeted audience",
    "session_flow": "VII. Session Flow",
    "organisers": "VIII. About Organisers",
}
FLOW_HEADER = ("Slot", "Segment", "Lead", "Description / Notes")
OFFICE_HONORIFICS = {"ambassador", "h.e."}  # kept in the printed title by the import; said before the name


@dataclass
class NoteLine:
    kind: str  # "person" (a line of its own), "group" (a segment's heading), "bullet" (a person in the group)
    text: str


@dataclass
class WrittenNote:
    """An event as a concept note in the Alliance's template, ready to be written as Word or PDF."""

    title: str
    conference_line: str
    date_line: str
    sections: list[tuple[str, list[str]]]  # heading, paragraphs (keywords to session format)
    speakers: list[NoteLine]
    flow: list[tuple[str, str, str, str]]
    organisers: list[str] = field(default_factory=list)
    audience: str = ""


def _note_person(p: Participation, *, role: str = "") -> str:
    """“Ambassador Name, Title, Organisation (Moderator) (tbc)”, as the template prints people."""
    title, honorific = p.printed_title, ""
    first, _sep, rest = title.partition(",")
    if first.strip().casefold() in OFFICE_HONORIFICS:
        honorific, title = first.strip(), rest.strip()
    text = ", ".join(filter(None, [f"{honorific} {p.person.name}".strip(), title, p.printed_organisation]))
    if role:
        text += f" ({role})"
    if p.is_unconfirmed:
        text += " (tbc)"
    return text


def _group_heading(title: str) -> str:
    """The speakers' heading for an item, in the form the import matches to the segment (“Label: …”)."""
    candidate = title if ":" in title else f"{title}:"
    match = concept_note.GROUP_RE.match(candidate)
    if match and "," not in match["rest"] and match["label"].strip().casefold() == concept_note.segment_label(title):
        return candidate
    return title  # readable, though the import cannot match it to its segment


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def written_note(event: Event) -> WrittenNote:
    """The event as a concept note. Declined people are left out; invited ones are marked “tbc”. Four queries."""
    zone = event.zone
    agenda = selectors.agenda_with_times(event)
    roles = [p for p in schedule.whole_event_roles([event])[event.pk] if p.confirmation != Confirmation.DECLINED]
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    conference = event.parent.title if event.parent_id else event.venue
    if conference and not conference.casefold().startswith("the "):
        conference = f"the {conference}"
    moderator = next((p for p in roles if p.role == ParticipantRole.MODERATOR), None)
    speakers = [
        NoteLine("person", _note_person(p, role="" if p.role == ParticipantRole.SPEAKER else ROLE_WORDS[p.role]))
        for p in roles
    ]
    if moderator is None:  # an item's moderator stands for “Moderator” in the session flow
        moderator = next(
            (p for s in agenda for p in s.participations if p.is_lead and p.role == ParticipantRole.MODERATOR), None
        )
        if moderator is not None:
            speakers.append(NoteLine("person", _note_person(moderator, role="Moderator")))
    flow = []
    for scheduled in agenda:
        people = [p for p in scheduled.participations if p.confirmation != Confirmation.DECLINED]
        leads = [p for p in people if p.is_lead]
        if (
            leads
            and moderator
            and all(p.role == ParticipantRole.MODERATOR and p.person_id == moderator.person_id for p in leads)
        ):
            lead = "Moderator"
        else:
            lead = "; ".join(_note_person(p) for p in leads)
        minutes = scheduled.item.duration_minutes
        flow.append(
            (
                f"{minutes} {'min' if minutes == 1 else 'mins'}",
                scheduled.item.title,
                lead,
                " ".join(scheduled.item.description.split()),
            )
        )
        others = [p for p in people if not p.is_lead]
        if others:
            speakers.append(NoteLine("group", _group_heading(scheduled.item.title)))
            speakers.extend(
                NoteLine(
                    "bullet",
                    _note_person(p, role="" if p.role == ParticipantRole.PANELIST else ROLE_WORDS[p.role]),
                )
                for p in others
            )
    organisers: dict[str, list[str]] = {}
    for link in EventOrganisation.objects.filter(event=event).select_related("organisation").order_by("pk"):
        organisers.setdefault(link.get_role_display(), []).append(link.organisation.name)
    return WrittenNote(
        title=event.title,
        conference_line=f"at {conference}" if conference else "",
        date_line=(
            f"[{start.day} {MONTHS[start.month - 1]} {start.year}] | [{start:%H:%M}-{end:%H:%M}] | "
            f"[{FORMAT_WORDS.get(event.format, 'In-person')}]"
        ),
        sections=[
            (SECTION_HEADINGS["keywords"], ["; ".join(str(word) for word in event.keywords)]),
            (SECTION_HEADINGS["background"], _paragraphs(event.background)),
            (SECTION_HEADINGS["objectives"], _paragraphs(event.objectives)),
            (SECTION_HEADINGS["expected_outcomes"], _paragraphs(event.expected_outcomes)),
            (SECTION_HEADINGS["session_format"], _paragraphs(event.session_format)),
        ],
        speakers=speakers,
        flow=flow,
        organisers=[f"{role}: {', '.join(names)}" for role, names in organisers.items()],
        audience=event.audience,
    )


def concept_note_docx(event: Event) -> bytes:
    """The event as a concept note in Word, in the template's section order; the import reads it back."""
    from docx import Document  # noqa: PLC0415 -- python-docx loads only when someone exports
    from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: PLC0415
    from docx.shared import Pt  # noqa: PLC0415

    note = written_note(event)
    document = Document()
    document.core_properties.title = f"Concept Note for a Side Event on {note.title}"
    document.core_properties.author = "Alliance 8.7"
    document.core_properties.comments = _("Exported from the Alliance 8.7 platform")
    document.styles["Normal"].font.name = "Noto Sans"
    document.styles["Normal"].font.size = Pt(10.5)

    def paragraph(text: str, style: str | None = None, *, bold: bool = False):
        lines = text.split("\n")
        para = document.add_paragraph(style=style)
        for index, line in enumerate(lines):
            run = para.add_run(line)
            run.bold = bold
            if index < len(lines) - 1:
                run.add_break()
        return para

    paragraph("Concept Note for a Side Event on", "Subtitle")
    document.add_heading(note.title, level=1)
    if note.conference_line:
        paragraph(note.conference_line)
    paragraph(note.date_line, bold=True)
    for heading, paragraphs in note.sections:
        document.add_heading(heading, level=2)
        for text in paragraphs:
            paragraph(text)
    document.add_heading(SECTION_HEADINGS["speakers"], level=2)
    for line in note.speakers:
        if line.kind == "group":
            paragraph(line.text, bold=True)
        elif line.kind == "bullet":
            paragraph(line.text, "List Bullet")
        else:
            paragraph(line.text)
    if note.audience:
        paragraph(f"{_('Audience')}: {note.audience}")
    document.add_heading(SECTION_HEADINGS["session_flow"], level=2)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, FLOW_HEADER, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in note.flow:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    if note.organisers:
        document.add_heading(SECTION_HEADINGS["organisers"], level=2)
        for text in note.organisers:
            paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def concept_note_pdf(event: Event) -> bytes:
    """The event as a concept note in PDF, the same sections as the Word file."""
    return _pdf(
        "events/pdf/concept_note.html",
        {
            "note": written_note(event),
            "speakers_heading": SECTION_HEADINGS["speakers"],
            "flow_heading": SECTION_HEADINGS["session_flow"],
            "organisers_heading": SECTION_HEADINGS["organisers"],
            "flow_header": FLOW_HEADER,
        },
        event=event,
        document=_("Concept note"),
    )
