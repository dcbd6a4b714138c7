"""Read a side-event concept note written in the Alliance's template (plain text).

The template: a title after “Concept Note for a Side Event on”, a conference line (“at the 6th Global
Conference …”), a line “[11 February] | [16:30-18:00] | [In-person]”, then sections I–VIII: keywords,
background, objectives, expected outcomes, session format, speakers, the session flow table
(tab-separated: slot, segment, lead, description) and a part about the organisers.

``parse(text)`` never raises on bad content: it returns what it could read and a list of problems,
each “line N: what could not be read”. It touches no database. What it reads without the note saying
it outright is recorded with the line it came from, so the import can show it for confirmation: the
year (``year_source``), the venue (``venue``, its city and country, whose time zone the import looks
up) and the people a lead named only by name was matched with (``lead_matches``).
"""

import re
from dataclasses import dataclass, field
from datetime import date, time

from django.utils.translation import gettext as _

from .gazetteer import normalise
from .vocab import Confirmation, EventFormat, ItemKind, ParticipantRole

TITLE_MARKER = "concept note for a side event on"
SECTION_RE = re.compile(r"^(?P<numeral>I|II|III|IV|V|VI|VII|VIII)\.\s+(?P<heading>.+)$")
SECTION_KEYS = {
    "I": "keywords",
    "II": "background",
    "III": "objectives",
    "IV": "expected_outcomes",
    "V": "session_format",
    "VI": "speakers",
    "VII": "session_flow",
    "VIII": "about_organisers",
}
DATE_LINE_RE = re.compile(r"^\s*\[[^\]]*\]\s*\|")
SLOT_RE = re.compile(r"^(?P<minutes>-?\d+)\s*(?:mins?|minutes?)\.?$", re.IGNORECASE)
TIME_RANGE_RE = re.compile(r"^(?P<h1>\d{1,2})[:.h](?P<m1>\d{2})\s*[-–—]\s*(?P<h2>\d{1,2})[:.h](?P<m2>\d{2})$")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "enero"),
            ("february", "feb", "février", "fevrier", "febrero"),
            ("march", "mar", "mars", "marzo"),
            ("april", "apr", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("june", "jun", "juin", "junio"),
            ("july", "jul", "juillet", "julio"),
            ("august", "aug", "août", "aout", "agosto"),
            ("september", "sep", "sept", "septembre", "septiembre"),
            ("october", "oct", "octobre", "octubre"),
            ("november", "nov", "novembre", "noviembre"),
            ("december", "dec", "décembre", "decembre", "diciembre"),
        ],
        start=1,
    )
    for name in names
}
FORMATS = {
    "in-person": EventFormat.IN_PERSON,
    "in person": EventFormat.IN_PERSON,
    "online": EventFormat.ONLINE,
    "virtual": EventFormat.ONLINE,
    "hybrid": EventFormat.HYBRID,
}
# The Global Conferences on the Elimination of Child Labour (see DOMAIN.md), for notes that name the
# conference without its year.
GLOBAL_CONFERENCE_YEARS = {"5th": 2022, "fifth": 2022, "6th": 2026, "sixth": 2026}
HONORIFICS = (
    "ambassador",
    "prof.",
    "prof",
    "professor",
    "ms.",
    "ms",
    "mr.",
    "mr",
    "mrs.",
    "mrs",
    "dr.",
    "dr",
    "h.e.",
    "h.e",
    "mme",
    "mme.",
    "sr.",
    "sra.",
    "dra.",
)
YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
VENUE_LINE_RE = re.compile(r"^(?:venue|location|place|lieu|lugar)\s*:\s*(?P<venue>.+)$", re.IGNORECASE)
TBC_RE = re.compile(r"\s*\((?:tbc|to be confirmed)\)\s*$", re.IGNORECASE)
ROLE_NOTE_RE = re.compile(r"\s*\((?P<role>moderator|chair|host|presenter|speaker|panelist)\)\s*$", re.IGNORECASE)
GROUP_RE = re.compile(r"^(?P<label>[A-Z][\w ]*?):\s*(?P<rest>.*)$")


@dataclass
class Speaker:
    """One person as the note prints them: “Name, Title, Organisation (tbc)”."""

    name: str
    honorific: str
    description: str  # everything after the name, as printed
    tbc: bool
    role: str
    line: int

    @property
    def confirmation(self) -> str:
        return Confirmation.TBC if self.tbc else Confirmation.CONFIRMED


@dataclass
class SpeakerGroup:
    label: str  # e.g. "Opening", "Conversation I", "" for a person listed on their own
    heading: str  # e.g. "Conversation I: Global Leadership and Shared Priorities"
    line: int = 0
    speakers: list[Speaker] = field(default_factory=list)


@dataclass
class FlowRow:
    line: int
    minutes: int
    segment: str
    kind: str
    lead_text: str
    leads: list[Speaker]
    lead_is_moderator: bool
    description: str


@dataclass
class YearSource:
    """Where a year came from: the line and what it says there."""

    year: int
    line: int
    text: str


@dataclass
class LeadMatch:
    """A lead named only by name in the flow table, and the speaker of section VI it was matched with."""

    written: str  # as the flow table writes it, e.g. “Dr Maria Lopez”
    line: int
    speaker: Speaker | None  # None: no speaker of that name; printed as written, to be confirmed


@dataclass
class ConceptNote:
    title: str = ""
    conference: str = ""
    conference_line: int = 0
    venue: str = ""  # the text the venue is read from: a “Venue:” line, else the conference line
    venue_line: int = 0
    date_line: int = 0
    day_text: str = ""  # the date as written, e.g. “11 February”
    year_source: YearSource | None = None  # where the year came from when the date does not state it
    year_missing: bool = False
    lead_matches: list[LeadMatch] = field(default_factory=list)
    day: date | None = None
    start: time | None = None
    end: time | None = None
    format: str = ""
    keywords: list[str] = field(default_factory=list)
    background: str = ""
    objectives: str = ""
    expected_outcomes: str = ""
    session_format: str = ""
    about_organisers: str = ""
    speaker_groups: list[SpeakerGroup] = field(default_factory=list)
    flow: list[FlowRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(_("line %(line)s: %(message)s") % {"line": line, "message": message})

    @property
    def moderator(self) -> Speaker | None:
        for group in self.speaker_groups:
            for speaker in group.speakers:
                if speaker.role == ParticipantRole.MODERATOR:
                    return speaker
        return None

    @property
    def total_minutes(self) -> int:
        return sum(row.minutes for row in self.flow)


def item_kind(segment: str) -> str:
    text = segment.casefold()
    for prefix, kind in (
        ("opening", ItemKind.OPENING_REMARKS),
        ("conversation", ItemKind.CONVERSATION),
        ("panel", ItemKind.CONVERSATION),
        ("video", ItemKind.VIDEO),
        ("communication activity", ItemKind.COMMUNICATION_ACTIVITY),
        ("closing", ItemKind.CLOSING),
        ("break", ItemKind.BREAK),
        ("coffee", ItemKind.BREAK),
    ):
        if text.startswith(prefix):
            return kind
    return ItemKind.OTHER


def segment_label(text: str) -> str:
    """“Conversation I: Global Leadership …” → “conversation i”: how speakers meet their segment."""
    return text.split(":", 1)[0].strip().casefold()


def parse_speaker(text: str, line: int, role: str = ParticipantRole.SPEAKER) -> Speaker | None:
    text = text.strip().lstrip("-•*–").strip().rstrip(";,.").strip()
    if text.casefold().startswith("and "):
        text = text[4:].strip()
    tbc = False
    while True:
        if match := TBC_RE.search(text):
            tbc, text = True, text[: match.start()].strip()
        elif match := ROLE_NOTE_RE.search(text):
            role, text = match["role"].casefold(), text[: match.start()].strip()
        else:
            break
    name, _sep, description = (part.strip() for part in text.partition(","))
    honorific = ""
    words = name.split()
    while words and words[0].casefold() in HONORIFICS:
        honorific = f"{honorific} {words.pop(0)}".strip()
    name = " ".join(words)
    if not name or any(ch.isdigit() for ch in name):
        return None
    return Speaker(name=name, honorific=honorific, description=description, tbc=tbc, role=role, line=line)


def _paragraphs(lines: list[tuple[int, str]]) -> str:
    paragraphs, current = [], []
    for _number, text in lines:
        if text.strip():
            current.append(text.strip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def parse(text: str, *, year: int | None = None) -> ConceptNote:
    note = ConceptNote()
    lines = [(number, raw.rstrip("\r\n").replace("\u00a0", " ")) for number, raw in enumerate(text.splitlines(), 1)]
    sections: dict[str, list[tuple[int, str]]] = {}
    section_lines: dict[str, int] = {}
    preamble: list[tuple[int, str]] = []
    current = None
    for number, line in lines:
        match = SECTION_RE.match(line.strip())
        if match and match["numeral"] in SECTION_KEYS:
            current = SECTION_KEYS[match["numeral"]]
            sections[current] = []
            section_lines[current] = number
            continue
        (sections[current] if current else preamble).append((number, line))

    _read_header(note, preamble, year)
    keyword_text = " ".join(text.strip() for _n, text in sections.get("keywords", []) if text.strip())
    note.keywords = [word.strip() for word in keyword_text.split(";") if word.strip()]
    for key in ("background", "objectives", "expected_outcomes", "session_format", "about_organisers"):
        setattr(note, key, _paragraphs(sections.get(key, [])))
    for key in ("keywords", "speakers", "session_flow"):
        if key not in sections:
            note.problem(len(lines), _("the section “%(section)s” was not found.") % {"section": key.replace("_", " ")})
    _read_speakers(note, sections.get("speakers", []))
    _read_flow(note, sections.get("session_flow", []))
    _match_leads(note)
    return note


def name_key(name: str) -> str:
    """A person's name for matching: no accents, case, dots or dashes, no title (“H.E. Ms.”)."""
    words = normalise(name).split()
    while words and (words[0] in {normalise(h) for h in HONORIFICS} or words[0] in {"he", "h e"}):
        words.pop(0)
    return " ".join(words)


def _match_leads(note: ConceptNote) -> None:
    """A lead the flow table names without title (“Maria Lopez”) is the speaker section VI names in full.

    Matched: the lead takes the speaker's name, title and organisation (and “tbc” when either says so).
    Not matched: the name as written, marked to be confirmed; both are listed for the person to check.
    A lead written in full keeps what the flow table says, under the speaker's spelling of the name.
    """
    speakers: dict[str, Speaker] = {}
    for group in note.speaker_groups:
        for speaker in group.speakers:
            speakers.setdefault(name_key(speaker.name), speaker)
    for row in note.flow:
        for index, lead in enumerate(row.leads):
            match = speakers.get(name_key(lead.name))
            if lead.description:
                if match:
                    lead.name = match.name
                continue
            written = " ".join(filter(None, [lead.honorific, lead.name]))
            note.lead_matches.append(LeadMatch(written=written, line=row.line, speaker=match))
            if match:
                row.leads[index] = Speaker(
                    name=match.name,
                    honorific=match.honorific,
                    description=match.description,
                    tbc=lead.tbc or match.tbc,
                    role=lead.role,
                    line=lead.line,
                )
            else:
                lead.tbc = True


def _read_header(note: ConceptNote, preamble: list[tuple[int, str]], year: int | None) -> None:
    filled = [(number, text.strip()) for number, text in preamble if text.strip()]
    title_lines, conference_lines, date_line = [], [], None
    stage = "before"
    for number, text in filled:
        if DATE_LINE_RE.match(text):
            date_line = (number, text)
            break
        if match := VENUE_LINE_RE.match(text):
            note.venue, note.venue_line = match["venue"].strip(), number
            continue
        if stage == "before" and text.casefold().startswith(TITLE_MARKER):
            stage, rest = "title", text[len(TITLE_MARKER) :].strip()
            if rest:
                title_lines.append(rest)
        elif stage in ("title", "conference") and text.casefold().startswith("at the "):
            stage = "conference"
            conference_lines.append((number, text[3:].strip()))
        elif stage == "title":
            title_lines.append(text)
        elif stage == "conference":
            conference_lines.append((number, text))
    note.title = " ".join(title_lines).strip()
    note.conference = " ".join(text for _n, text in conference_lines).strip().rstrip(",")
    note.conference_line = conference_lines[0][0] if conference_lines else 0
    if not note.venue and conference_lines:
        note.venue, note.venue_line = note.conference, note.conference_line
    first_line = filled[0][0] if filled else 1
    if not note.title:
        note.problem(first_line, _("no title after “Concept Note for a Side Event on”."))
    if date_line is None:
        note.problem(
            filled[-1][0] if filled else 1,
            _("no line with the date, time and format, such as “[11 February] | [16:30-18:00] | [In-person]”."),
        )
        return
    number, text = date_line
    parts = [part.strip().strip("[]").strip() for part in text.split("|")]
    while len(parts) < 3:
        parts.append("")
    day_text, time_text, format_text = parts[:3]
    note.date_line, note.day_text = number, day_text
    note.day = _read_day(note, number, day_text, year, conference_lines)
    _read_times(note, number, time_text)
    note.format = FORMATS.get(format_text.casefold().replace("–", "-"), "")
    if not note.format:
        note.problem(number, _("the format “%(text)s” is not In-person, Online or Hybrid.") % {"text": format_text})


def _read_times(note: ConceptNote, number: int, time_text: str) -> None:
    match = TIME_RANGE_RE.match(time_text)
    if not match:
        note.problem(number, _("the time “%(text)s” is not a range such as 16:30-18:00.") % {"text": time_text})
    else:
        try:
            note.start = time(int(match["h1"]), int(match["m1"]))
            note.end = time(int(match["h2"]), int(match["m2"]))
        except ValueError:
            note.problem(number, _("the time “%(text)s” is not a time of day.") % {"text": time_text})
        else:
            if note.end <= note.start:
                note.problem(
                    number,
                    _("the event ends (%(end)s) before it starts (%(start)s).")
                    % {
                        "end": note.end.strftime("%H:%M"),
                        "start": note.start.strftime("%H:%M"),
                    },
                )


def conference_years(conference_lines: list[tuple[int, str]]) -> list[YearSource]:
    """Every year the conference lines give: written out (“2026”), or the Global Conference's number."""
    found = []
    for number, text in conference_lines:
        found += [YearSource(int(match[0]), number, text) for match in YEAR_RE.finditer(text)]
        pattern = r"\b(\w+)\s+global conference on the elimination of child labour"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            if year := GLOBAL_CONFERENCE_YEARS.get(match[1].casefold()):
                found.append(YearSource(year, number, text))
    return found


def _read_day(
    note: ConceptNote, number: int, text: str, year: int | None, conference_lines: list[tuple[int, str]]
) -> date | None:
    """The date, in the year the date line states, else ``year`` (given by the person), else the one year
    the conference line gives (recorded in ``year_source``). Two different years: a problem, never a pick."""
    match = re.match(r"^(?P<day>\d{1,2})\s+(?P<month>[^\d\s]+)(?:\s+(?P<year>\d{4}))?$", text)
    if not match:
        match = re.match(r"^(?P<month>[^\d\s]+)\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?$", text)
    if not match or match["month"].casefold().rstrip(".") not in MONTHS:
        note.problem(number, _("the date “%(text)s” is not a day and month such as 11 February.") % {"text": text})
        return None
    sources = conference_years(conference_lines)
    if match["year"]:
        year = int(match["year"])
        sources = [source for source in sources if source.year != year]
        if sources:
            note.problem(
                number,
                _("the date says %(year)s but line %(line)s says %(other)s: correct one of them.")
                % {"year": year, "line": sources[0].line, "other": sources[0].year},
            )
            return None
    elif year is None:
        years = sorted({source.year for source in sources})
        if len(years) > 1:
            note.problem(
                sources[0].line,
                _("the date “%(text)s” has no year, and the conference line gives %(years)s: give the year.")
                % {"text": text, "years": ", ".join(str(y) for y in years)},
            )
            return None
        if not years:
            note.year_missing = True
            return None
        year, note.year_source = years[0], sources[0]
    try:
        return date(year, MONTHS[match["month"].casefold().rstrip(".")], int(match["day"]))
    except ValueError:
        note.problem(number, _("the date “%(text)s” does not exist in %(year)s.") % {"text": text, "year": year})
        return None


def _read_speakers(note: ConceptNote, lines: list[tuple[int, str]]) -> None:
    group = None
    for number, raw in lines:
        text = raw.strip()
        if not text:
            continue
        is_item = text[:1] in "-•*–"
        match = None if is_item else GROUP_RE.match(text)
        if match:
            label = match["label"].strip()
            is_person = bool(match["rest"]) and _looks_like_person(match["rest"])
            group = SpeakerGroup(label=label, heading=label if is_person else text, line=number)
            note.speaker_groups.append(group)
            if is_person:
                role = ParticipantRole.CHAIR if label.casefold() == "opening" else ParticipantRole.SPEAKER
                _add_speaker(note, group, match["rest"], number, role)
            continue
        if is_item:
            if group is None:
                group = SpeakerGroup(label="", heading="", line=number)
                note.speaker_groups.append(group)
            _add_speaker(note, group, text, number, ParticipantRole.PANELIST)
        else:
            single = SpeakerGroup(label="", heading="", line=number)
            note.speaker_groups.append(single)
            _add_speaker(note, single, text, number, ParticipantRole.SPEAKER)
            group = None


def _looks_like_person(text: str) -> bool:
    return "," in text


def _add_speaker(note: ConceptNote, group: SpeakerGroup, text: str, number: int, role: str) -> None:
    speaker = parse_speaker(text, number, role)
    if speaker is None:
        note.problem(number, _("no person's name could be read in “%(text)s”.") % {"text": text.strip()})
    else:
        group.speakers.append(speaker)


def _read_flow(note: ConceptNote, lines: list[tuple[int, str]]) -> None:
    header_seen = False
    for number, raw in lines:
        if not raw.strip():
            continue
        cells = [cell.strip() for cell in raw.split("\t")]
        if not header_seen and cells[0].casefold() == "slot":
            header_seen = True
            continue
        if all(set(cell) <= set("-–— ") for cell in cells):
            break  # the table's closing rule
        if len(cells) < 3:
            note.problem(
                number,
                _("a row of the session flow needs slot, segment and lead separated by tabs; found “%(text)s”.")
                % {"text": raw.strip()},
            )
            continue
        slot, segment, lead = cells[:3]
        description = " ".join(cells[3:]).strip()
        match = SLOT_RE.match(slot)
        if not match:
            note.problem(number, _("the slot “%(text)s” is not a number of minutes such as “5 mins”.") % {"text": slot})
            continue
        minutes = int(match["minutes"])
        if minutes <= 0:
            note.problem(number, _("the slot “%(text)s” must last at least one minute.") % {"text": slot})
            continue
        if not segment:
            note.problem(number, _("the segment has no title."))
            continue
        lead_is_moderator = lead.casefold() in ("moderator", "the moderator")
        leads = []
        if lead and not lead_is_moderator:
            for part in lead.split(";"):
                if not part.strip():
                    continue
                speaker = parse_speaker(part, number)
                if speaker is None:
                    note.problem(number, _("no person's name could be read in the lead “%(text)s”.") % {"text": part})
                else:
                    leads.append(speaker)
        note.flow.append(
            FlowRow(
                line=number,
                minutes=minutes,
                segment=segment,
                kind=item_kind(segment),
                lead_text=lead,
                leads=leads,
                lead_is_moderator=lead_is_moderator,
                description=description,
            )
        )
    if lines and not header_seen:
        note.problem(lines[0][0] - 1, _("the session flow has no header row “Slot, Segment, Lead, Description”."))
    if not note.flow and lines:
        note.problem(lines[0][0] - 1, _("the session flow has no rows."))
