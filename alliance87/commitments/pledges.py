"""The 2021 Action Pledges, imported from CSV or XLSX (issue 16, part 5), so the Alliance's history is not lost.

The secretariat's only (``commitments.import_pledges``), from the page ``/commitments/manage/import-pledges/``
or the command ``alliance87 import-action-pledges FILE``. Two steps: ``read_pledges`` reads and checks the
whole file and writes nothing (the page shows it as a preview: rows, makers found, what will be created, what
was inferred); ``import_pledges`` checks it again and lands it whole, in one transaction, or not at all.

The file: CSV (UTF-8 with or without a byte-order mark, or Windows-1252; ``,`` or ``;``, read from the header
line) or XLSX (its first sheet). Header names in English, matched without regard to case and spaces
(``COLUMNS``). Refused, with every problem named by line and column: an unknown column (the import would
silently drop what it holds), a missing required column, a maker that is not on the platform (organisations
may be created, only when the person confirms each on the page; countries and Action Groups never), a name of
the pledge over 20 words, a contribution over 100 words, a date that cannot be read or falls outside 2021
(the pledges were submitted in 2021 and were achievable by December 2021), a reference twice in the file or
already imported, and a file imported before (its SHA-256, ``PledgeImport.sha256``).

Each pledge lands as a published commitment (the pledges were made publicly in 2021) with
``pledge_import`` and ``pledge_reference``; it starts on the submitted date when given (else the start is
left empty, and the report says so) and ends on 31 December 2021, the pledges' rule. Joint pledges record
the other stakeholders as co-implementers, confirmed: they were named in the pledge.
"""

import csv
import datetime
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries as country_names
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from alliance87.network.models import ActionGroup, Country, Organisation, OrganisationKind
from alliance87.writes import require, save_validated

from . import lights
from . import rules as commitment_rules  # noqa: F401 -- registers the commitments' rules
from .models import (
    CONTRIBUTION_MAX_WORDS,
    TITLE_MAX_WORDS,
    CoImplementer,
    Commitment,
    CommitmentStatus,
    Deliverable,
    MakerKind,
    PledgeImport,
    Visibility,
    word_count,
)

PERM = "commitments.import_pledges"
MAX_BYTES = 5_000_000  # some 300 pledges of a few hundred words each fit in well under 1 MB
YEAR = 2021
ENDS_ON = datetime.date(YEAR, 12, 31)  # "achievable by December 2021"
MAX_PROBLEMS = 200

# The columns, by their English header (as the pledge form named the fields): (key, required).
COLUMNS = {
    "pledge reference": ("reference", True),
    "pledge maker": ("maker", True),
    "kind": ("kind", True),
    "joint with": ("joint", False),
    "name of the pledge": ("title", True),
    "how it will be implemented": ("description", True),
    "how it helps end child labour by 2025": ("contribution", False),
    "how it will be communicated": ("communication", False),
    "submitted on": ("submitted_on", False),
    "deliverable": ("deliverable", False),
    "due date": ("due_on", False),
}
HEADER_BY_KEY = {key: header for header, (key, _required) in COLUMNS.items()}
KINDS = {
    "organisation": MakerKind.ORGANISATION,
    "organization": MakerKind.ORGANISATION,
    "partner": MakerKind.ORGANISATION,
    "country": MakerKind.COUNTRY,
    "pathfindercountry": MakerKind.COUNTRY,
    "actiongroup": MakerKind.ACTION_GROUP,
}
LIMITS = {  # the commitment's fields' lengths
    "reference": 100,
    "maker": 200,
    "title": 300,
    "description": 8000,
    "contribution": 2000,
    "communication": 2000,
    "deliverable": 300,
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def header_key(text: str) -> str:
    """A header as it is matched: lower case, without spaces (``"Pledge  Reference"`` is ``pledgereference``)."""
    return re.sub(r"[\s_\-]+", "", (text or "").lower())


MATCH = {header_key(header): header for header in COLUMNS}


class PledgesRefused(ValidationError):
    """The file cannot be imported: ``problems`` (each naming its line and column where it has one) and,
    for a file or a reference imported before, the ``earlier`` imports to link to."""

    def __init__(self, problems: list[str], earlier=()):
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(_("…and %(count)d more.") % {"count": len(problems) - MAX_PROBLEMS})
        super().__init__(shown)
        self.problems = shown
        self.earlier = list(dict.fromkeys(earlier))


@dataclass
class Party:
    """A maker or joint stakeholder as named in the file, and what it was matched to (None: not found)."""

    name: str
    kind: str
    found: object = None


@dataclass
class PledgeRow:
    line: int
    reference: str
    kind: str
    maker: Party
    joint: list[Party]
    title: str
    description: str
    contribution: str
    communication: str
    submitted_on: datetime.date | None
    deliverable: str
    due_on: datetime.date | None


@dataclass
class PledgePlan:
    name: str
    sha256: str
    encoding: str
    rows: list[PledgeRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    unknown_organisations: list[str] = field(default_factory=list)  # names to create only if confirmed
    earlier: list[PledgeImport] = field(default_factory=list)

    @property
    def makers_found(self) -> list:
        found = {}
        for row in self.rows:
            for party in [row.maker, *row.joint]:
                if party.found is not None:
                    found[(party.kind, party.found.pk)] = party.found
        return list(found.values())


def _where(line: int, column: str) -> str:
    return _("Line %(line)d, column “%(column)s”") % {"line": line, "column": column}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _table(raw: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    if raw.startswith(b"PK\x03\x04"):
        try:
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
            raise PledgesRefused(
                [_("“%(name)s” could not be opened as an XLSX workbook: it may be damaged.") % {"name": name}]
            ) from None
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_cell(h) for h in next(rows, ())]
        body = [(n, [_cell(v) for v in row]) for n, row in enumerate(rows, start=2)]
        workbook.close()
        return header, body, "XLSX"
    if raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8", errors="replace"), _("UTF-8 with a byte-order mark")
    else:
        try:
            text, encoding = raw.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            text, encoding = raw.decode("cp1252", errors="replace"), "Windows-1252"
    if "\x00" in text:
        raise PledgesRefused(
            [_("“%(name)s” holds NUL characters: it is not a CSV file, or not in a known encoding.") % {"name": name}]
        )
    if not text.strip():
        raise PledgesRefused(
            [_("“%(name)s” is empty: it needs a header line and one line per pledge.") % {"name": name}]
        )
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    body = []
    for row in reader:
        body.append((reader.line_num, [c.strip() for c in row]))
    return header, body, f"{encoding}, “{delimiter}”"


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    found, problems = {}, []
    for index, title in enumerate(header):
        if not title:
            continue
        known = MATCH.get(header_key(title))
        if known is None:
            problems.append(
                _("Column “%(title)s” is not a column of the Action Pledges (they are: %(columns)s).")
                % {"title": title, "columns": ", ".join(COLUMNS)}
            )
            continue
        key = COLUMNS[known][0]
        if key in found:
            problems.append(_("Column “%(title)s” is there twice.") % {"title": known})
        found[key] = index
    for header_name, (key, required) in COLUMNS.items():
        if required and key not in found:
            problems.append(_("The column “%(title)s” is missing.") % {"title": header_name})
    return found, problems


def _date(text: str, line: int, column: str, plan: PledgePlan) -> tuple[datetime.date | None, str | None]:
    """A date from ISO (2021-05-14), day/month/year (14/05/2021, 14.05.2021), or words (14 May 2021); a date
    without a year is taken to be in 2021, and the preview says so."""
    if not text:
        return None, None
    value = None
    year_given = True
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?", text):
        year_given = bool(m[3])
        parts = (int(m[3] or YEAR), int(m[2]), int(m[1]))
    elif m := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?(?:\s+(\d{4}))?", text):
        year_given = bool(m[3])
        parts = (int(m[3] or YEAR), MONTHS.get(m[2].lower(), 0), int(m[1]))
    elif m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?(?:\s+(\d{4}))?", text):
        year_given = bool(m[3])
        parts = (int(m[3] or YEAR), MONTHS.get(m[1].lower(), 0), int(m[2]))
    else:
        parts = None
    if parts:
        try:
            value = datetime.date(*parts)
        except ValueError:
            value = None
    if value is None:
        return None, _("“%(value)s” is not a date (write it like 2021-05-14 or 14/05/2021).") % {"value": text}
    if value.year != YEAR:
        return None, _("%(date)s is not in 2021: the Action Pledges were made and achievable in 2021.") % {
            "date": value.isoformat()
        }
    if not year_given:
        plan.inferred.append(
            _("%(where)s: “%(value)s” has no year; read as %(date)s.")
            % {"where": _where(line, column), "value": text, "date": value.isoformat()}
        )
    return value, None


class _Makers:
    """Organisations, countries and Action Groups by the names (and codes) a file may use; three queries."""

    def __init__(self):
        self.organisations = {}
        for org in Organisation.objects.all():
            self.organisations.setdefault(org.name.casefold(), org)
            if org.acronym:
                self.organisations.setdefault(org.acronym.casefold(), org)
        self.countries = {c.code.code: c for c in Country.objects.all()}
        self.groups = {}
        for group in ActionGroup.objects.all():
            self.groups.setdefault(group.name.casefold(), group)
            self.groups.setdefault(group.slug, group)

    def country(self, name: str) -> tuple[Country | None, bool]:
        """The country named (its ISO code, 2 or 3 letters, or its English name); and whether by name."""
        text = name.strip()
        if len(text) in (2, 3) and text.isalpha():
            code = country_names.alpha2(text.upper())
            if code:
                return self.countries.get(code), False
        code = country_names.by_name(text)
        return (self.countries.get(code), True) if code else (None, True)

    def find(self, name: str, kind: str):
        if kind == MakerKind.ORGANISATION:
            return self.organisations.get(name.casefold())
        if kind == MakerKind.ACTION_GROUP:
            return self.groups.get(name.casefold()) or self.groups.get(slugify(name))
        return self.country(name)[0]

    def any(self, name: str) -> Party:
        """A joint stakeholder: an organisation, else a country, else an Action Group."""
        for kind in (MakerKind.ORGANISATION, MakerKind.COUNTRY, MakerKind.ACTION_GROUP):
            found = self.find(name, kind)
            if found is not None:
                return Party(name, kind, found)
        return Party(name, MakerKind.ORGANISATION, None)


def _read_party(makers: _Makers, name: str, kind: str, where: str, plan: PledgePlan) -> Party:
    party = Party(name, kind, makers.find(name, kind))
    if kind == MakerKind.COUNTRY and party.found is not None and makers.country(name)[1]:
        plan.inferred.append(
            _("%(where)s: “%(name)s” matched by name to the country %(country)s (%(code)s).")
            % {"where": where, "name": name, "country": party.found.name, "code": party.found.code.code}
        )
    if party.found is None:
        if kind == MakerKind.ORGANISATION:
            if name not in plan.unknown_organisations:
                plan.unknown_organisations.append(name)
        elif kind == MakerKind.COUNTRY:
            plan.problems.append(
                _("%(where)s: no country on the platform is “%(name)s” (write its name or its ISO code, e.g. GH).")
                % {"where": where, "name": name}
            )
        else:
            plan.problems.append(
                _("%(where)s: no Action Group on the platform is “%(name)s”.") % {"where": where, "name": name}
            )
    return party


def _row(cells: list[str], line: int, columns: dict[str, int], makers: _Makers, plan: PledgePlan) -> PledgeRow | None:
    values = {key: (cells[index] if index < len(cells) else "") for key, index in columns.items()}
    problems = []

    def problem(key: str, text: str) -> None:
        problems.append(f"{_where(line, HEADER_BY_KEY[key])}: {text}")

    for key, limit in LIMITS.items():
        if len(values.get(key, "")) > limit:
            problem(key, _("longer than %(limit)d characters.") % {"limit": limit})
    for key, required in ((k, r) for _h, (k, r) in COLUMNS.items()):
        if "\x00" in values.get(key, ""):
            problem(key, _("it holds a NUL character."))
        if required and not values.get(key):
            problem(key, _("empty; every pledge needs it."))
    kind = KINDS.get(header_key(values.get("kind", "")))
    if values.get("kind") and kind is None:
        problem("kind", _("“%(value)s” is not organisation, country or action group.") % {"value": values["kind"]})
    if word_count(values.get("title", "")) > TITLE_MAX_WORDS:
        problem(
            "title",
            _("at most %(limit)d words; this has %(count)d.")
            % {"limit": TITLE_MAX_WORDS, "count": word_count(values["title"])},
        )
    if word_count(values.get("contribution", "")) > CONTRIBUTION_MAX_WORDS:
        problem(
            "contribution",
            _("at most %(limit)d words; this has %(count)d.")
            % {"limit": CONTRIBUTION_MAX_WORDS, "count": word_count(values["contribution"])},
        )
    dates = {}
    for key in ("submitted_on", "due_on"):
        dates[key], error = _date(values.get(key, ""), line, HEADER_BY_KEY[key], plan)
        if error:
            problem(key, error)
    if dates["due_on"] and not values.get("deliverable"):
        problem("due_on", _("a due date without a deliverable: name the deliverable it is for."))
    if dates["submitted_on"] and dates["due_on"] and dates["due_on"] < dates["submitted_on"]:
        problem("due_on", _("due before the pledge was submitted (%(date)s).") % {"date": dates["submitted_on"]})
    plan.problems.extend(problems)
    if problems or kind is None:
        return None
    maker = _read_party(makers, values["maker"], kind, _where(line, HEADER_BY_KEY["maker"]), plan)
    joint, seen_joint = [], set()
    for name in (n.strip() for n in values.get("joint", "").split(";")):
        if not name:
            continue
        party = makers.any(name)
        if party.found is None and name not in plan.unknown_organisations:
            plan.unknown_organisations.append(name)
        if party.found is not None and maker.found is not None and (party.kind, party.found) == (kind, maker.found):
            problem("joint", _("“%(name)s” is the pledge’s maker.") % {"name": name})
            continue
        key = (party.kind, party.found.pk) if party.found is not None else ("new", name)
        if key in seen_joint:
            continue  # named twice: one co-implementer
        seen_joint.add(key)
        joint.append(party)
    plan.problems.extend(problems)
    if not dates["submitted_on"]:
        plan.inferred.append(
            _("%(where)s: no submission date; the commitment’s start is left empty.")
            % {"where": _where(line, HEADER_BY_KEY["submitted_on"])}
        )
    return PledgeRow(
        line=line,
        reference=values["reference"],
        kind=kind,
        maker=maker,
        joint=joint,
        title=values["title"],
        description=values["description"],
        contribution=values.get("contribution", ""),
        communication=values.get("communication", ""),
        submitted_on=dates["submitted_on"],
        deliverable=values.get("deliverable", ""),
        due_on=dates["due_on"],
    )


def read_pledges(raw: bytes, name: str) -> PledgePlan:
    """Read and check the whole file; write nothing. A file that cannot be read at all, or whose columns are
    wrong, raises ``PledgesRefused``; every other problem is in ``plan.problems``."""
    name = Path(name or "").name or "pledges"
    if len(raw) > MAX_BYTES:
        raise PledgesRefused(
            [_("“%(name)s” is larger than %(limit)d MB.") % {"name": name, "limit": MAX_BYTES // 1_000_000}]
        )
    digest = hashlib.sha256(raw).hexdigest()
    header, body, encoding = _table(raw, name)
    plan = PledgePlan(name=name, sha256=digest, encoding=encoding)
    earlier = PledgeImport.objects.filter(sha256=digest).first()
    if earlier is not None:
        plan.earlier.append(earlier)
        raise PledgesRefused(
            [
                _("This file was imported before, on %(day)s as “%(name)s”: it is not imported twice.")
                % {"day": earlier.imported_at.date().isoformat(), "name": earlier.original_name}
            ],
            earlier=[earlier],
        )
    columns, problems = _columns(header)
    if problems:
        raise PledgesRefused(problems)
    makers = _Makers()
    seen: dict[str, int] = {}
    for line, cells in body:
        if not any(cells):
            continue
        extra = [c for c in cells[len(header) :] if c]
        if extra:
            plan.problems.append(
                _("Line %(line)d has %(count)d cells more than the header has columns.")
                % {"line": line, "count": len(extra)}
            )
            continue
        row = _row(cells, line, columns, makers, plan)
        if row is None:
            continue
        if row.reference in seen:
            plan.problems.append(
                _("%(where)s: “%(reference)s” is also on line %(other)d.")
                % {
                    "where": _where(line, HEADER_BY_KEY["reference"]),
                    "reference": row.reference,
                    "other": seen[row.reference],
                }
            )
            continue
        seen[row.reference] = line
        plan.rows.append(row)
    if not plan.rows and not plan.problems:
        plan.problems.append(_("“%(name)s” has a header but no pledge.") % {"name": name})
    already = (
        Commitment.objects.filter(pledge_reference__in=list(seen))
        .select_related("pledge_import")
        .order_by("pledge_reference")
    )
    for commitment in already:
        plan.problems.append(
            _("%(where)s: the pledge “%(reference)s” was imported before (%(import)s).")
            % {
                "where": _where(seen[commitment.pledge_reference], HEADER_BY_KEY["reference"]),
                "reference": commitment.pledge_reference,
                "import": commitment.pledge_import.original_name if commitment.pledge_import else _("by hand"),
            }
        )
        if commitment.pledge_import:
            plan.earlier.append(commitment.pledge_import)
    plan.earlier = list(dict.fromkeys(plan.earlier))
    return plan


def unknown_problems(plan: PledgePlan, create: dict[str, str]) -> list[str]:
    """The makers not found and not to be created, each with the lines that name it."""
    problems = []
    for name in plan.unknown_organisations:
        if name in create:
            continue
        lines = [
            str(row.line)
            for row in plan.rows
            if any(p.found is None and p.name == name for p in [row.maker, *row.joint])
        ]
        problems.append(
            _(
                "Lines %(lines)s: no organisation on the platform is named “%(name)s” (create it on the import "
                "page, or add it first)."
            )
            % {"lines": ", ".join(lines), "name": name}
        )
    return problems


def _create_organisation(name: str, kind: str, by, file_name: str) -> Organisation:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    organisation = Organisation(
        name=name,
        slug=slug,
        kind=kind,
        is_partner=False,
        source=_("2021 Action Pledges, imported from “%(name)s”") % {"name": file_name},
    )
    save_validated(organisation, by)
    return organisation


def import_pledges(*, by, raw: bytes, name: str, create: dict[str, str] | None = None) -> PledgeImport:
    """Import the file whole or not at all. ``create`` maps the names of unknown organisations the person
    confirmed to the kind to create them with (``OrganisationKind``); any other unknown maker refuses the file."""
    require(by, PERM)
    create = dict(create or {})
    bad_kinds = [n for n, k in create.items() if k not in OrganisationKind.values]
    if bad_kinds:
        raise PledgesRefused([_("Choose what kind of organisation “%(name)s” is.") % {"name": bad_kinds[0]}])
    plan = read_pledges(raw, name)
    problems = plan.problems + unknown_problems(plan, create)
    if problems:
        raise PledgesRefused(problems, earlier=plan.earlier)
    now = timezone.now()
    try:
        with transaction.atomic():
            created_orgs = {
                n: _create_organisation(n, create[n], by, plan.name) for n in plan.unknown_organisations if n in create
            }
            record = PledgeImport(
                original_name=plan.name[:255],
                sha256=plan.sha256,
                rows=len(plan.rows),
                created=len(plan.rows),
                imported_by=by,
                imported_at=now,
                report={
                    "encoding": plan.encoding,
                    "inferred": plan.inferred,
                    "organisations_created": sorted(created_orgs),
                },
            )
            record.full_clean()
            record.save()
            for row in plan.rows:
                _land(row, record, created_orgs, by, now)
    except IntegrityError:
        # Another import of the same file or references committed meanwhile: say so as the check would have.
        raise PledgesRefused([_("The same file or pledges were imported meanwhile; nothing was imported.")]) from None
    # The pledges land published: their lights at once (this renews the cached public pages too), not an empty
    # light in the registry until the daily command.
    lights.recompute_all(now)
    return record


def _party(party: Party, created: dict[str, Organisation]):
    return party.found if party.found is not None else created[party.name]


def _land(row: PledgeRow, record: PledgeImport, created: dict, by, now) -> Commitment:
    lead = _party(row.maker, created)
    lead_field = {
        MakerKind.ORGANISATION: "lead_organisation",
        MakerKind.COUNTRY: "lead_country",
        MakerKind.ACTION_GROUP: "lead_action_group",
    }[row.kind]
    published_at = (
        datetime.datetime.combine(row.submitted_on, datetime.time(12), tzinfo=datetime.UTC) if row.submitted_on else now
    )
    commitment = Commitment(
        title=row.title,
        description=row.description,
        contribution=row.contribution,
        communication=row.communication,
        language="en",
        maker_kind=row.kind,
        starts_on=row.submitted_on,
        ends_on=ENDS_ON,
        visibility=Visibility.PUBLIC,
        status=CommitmentStatus.PUBLISHED,
        submitted_at=published_at,
        published_at=published_at,
        pledge_import=record,
        pledge_reference=row.reference,
        created_by=by,
        created_at=now,
        **{lead_field: lead},
    )
    try:
        save_validated(commitment, by)
    except ValidationError as error:
        raise PledgesRefused([f"{_('Line %(line)d') % {'line': row.line}}: {'; '.join(error.messages)}"]) from None
    if row.deliverable:
        deliverable = Deliverable(commitment=commitment, title=row.deliverable, due_on=row.due_on, position=0)
        save_validated(deliverable, by)
    field_of = {
        MakerKind.ORGANISATION: "organisation",
        MakerKind.COUNTRY: "country",
        MakerKind.ACTION_GROUP: "action_group",
    }
    for party in row.joint:
        CoImplementer.objects.create(
            commitment=commitment,
            invited_at=published_at,
            confirmed_at=published_at,
            **{field_of[party.kind]: _party(party, created)},
        )
    return commitment


def imported_pledges(record: PledgeImport):
    return (
        Commitment.objects.filter(pledge_import=record)
        .select_related("lead_organisation", "lead_country", "lead_action_group")
        .order_by("pledge_reference")
    )
