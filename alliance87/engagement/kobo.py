"""Answers collected in KoboToolbox or ODK, imported into a consultation.

The file is Kobo's export with "XML values and headers" (or ODK Central's CSV): CSV in UTF-8 (with or
without a byte-order mark), Windows-1252/latin-1 or UTF-16, with ``,``, ``;`` or tabs (read from the
header line), or an XLSX workbook (its first sheet). A column is found by the question's name, the last
part of its group path (``about/sector`` is ``sector``); a multiple choice is one column of values
separated by spaces, or one column per choice (``areas/data`` holding 1 or 0). ``_uuid`` (or ODK's
``meta/instanceID``) says which submission a line is, ``_submission_time`` (or ``SubmissionDate``) when it
was made; optional ``language``, ``stakeholder_group`` and ``region`` columns fill the response's.

Why the uuid: it is kept on the response (unique per consultation), so a second import of the same file
adds nothing and a later export adds only the new submissions. The same submission twice in one file,
with the same answers, is imported once and said; with different answers it is a problem to fix.

Every line is checked first; any problem (a value that is not a choice, a number off the scale) refuses
the whole file with every problem by line and column, so nothing lands half-imported. Answers are then
stored as the platform stores answers typed on its pages (``services.store_answers``): a text that
matches a safeguarding cue is marked, never quoted, and the safeguarding focal points are e-mailed once
for the import, without the text. Imported answers are not quotable: Kobo's form did not ask the
platform's consent question.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from alliance87.network.models import IloRegion, OrganisationKind
from alliance87.writes import require

from .models import ANSWER_MAX_CHARS, YES_NO_VALUES, Consultation, Question, QuestionKind, Response, ResponseSource
from .models import ResponseStatus as Status
from .services import store_answers, tell_safeguarding
from .synthesis.answers_csv import decode
from .xlsform import check_size

UUID_COLUMNS = ("_uuid", "meta/instanceID", "instanceID", "KEY")
TIME_COLUMNS = ("_submission_time", "SubmissionDate", "_submitted_at")
PROFILE_COLUMNS = ("language", "stakeholder_group", "region")
CHOSEN = {"1", "true", "yes", "1.0"}
NOT_CHOSEN = {"", "0", "false", "no", "0.0"}
MAX_PROBLEMS = 200


@dataclass
class AnswersImported:
    imported: int = 0
    already_there: int = 0
    encoding: str = ""
    notes: list[str] = field(default_factory=list)  # what was imported once or left aside, by line or column


@dataclass
class _Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line in the file, cells)
    encoding: str


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_table(file) -> _Table:
    check_size(file)
    name = Path(file.name or "").name
    file.seek(0)
    raw = file.read()
    if raw.startswith(b"PK\x03\x04"):
        try:
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
            raise ValidationError(
                _("“%(name)s” could not be opened as an XLSX workbook: it may be damaged.") % {"name": name}
            ) from None
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_cell(h) for h in next(rows, ())]
        body = [(n, [_cell(v) for v in row]) for n, row in enumerate(rows, start=2)]
        workbook.close()
        return _Table(header, body, "XLSX")
    text, encoding = decode(raw)
    if "\x00" in text:
        raise ValidationError(
            _("“%(name)s” holds NUL characters: it is not a CSV file, or not in a known encoding.") % {"name": name}
        )
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ValidationError(_("“%(name)s” is empty: export the answers again from KoboToolbox.") % {"name": name})
    first_line = text.splitlines()[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    body = [(reader.line_num, [c.strip() for c in row]) for row in reader]
    return _Table(header, body, encoding)


def _first(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


@dataclass
class _Columns:
    uuid: int
    time: int | None
    single: dict[int, Question]  # column → question (one column holds the whole answer)
    split: dict[int, tuple[Question, str]]  # column → (multiple choice question, its value)
    profile: dict[str, int]


def _columns(header: list[str], questions: list[Question], notes: list[str]) -> _Columns:
    uuid = _first(header, UUID_COLUMNS)
    if uuid is None:
        raise ValidationError(
            _(
                "The file has no _uuid column (nor ODK’s meta/instanceID): without it, a second import could not "
                "tell which answers are there already. Export from KoboToolbox with its metadata."
            )
        )
    by_name = {q.name: q for q in questions}
    columns = _Columns(uuid, _first(header, TIME_COLUMNS), {}, {}, {})
    used = {uuid, columns.time}
    for index, title in enumerate(header):
        parts = [p for p in title.split("/") if p]
        if index in used or not parts or title.startswith("_") or title.startswith("meta/"):
            continue
        question = by_name.get(parts[-1])
        if question is not None:
            columns.single[index] = question
            continue
        parent = by_name.get(parts[-2]) if len(parts) >= 2 else None
        if parent is not None and parent.kind == QuestionKind.MULTIPLE:
            columns.split[index] = (parent, parts[-1])
            continue
        if title in PROFILE_COLUMNS:
            columns.profile[title] = index
            continue
        notes.append(
            _("Column %(column)s (%(title)s) is no question of this consultation: not imported.")
            % {"column": get_column_letter(index + 1), "title": title}
        )
    if not columns.single and not columns.split:
        raise ValidationError(
            _("No column of the file is a question of this consultation (its questions: %(names)s).")
            % {"names": ", ".join(by_name)}
        )
    return columns


def _value(question: Question, raw: str, values: dict[int, set]) -> tuple[dict, str | None]:
    """The answer's fields from the cell, or why it cannot be imported."""
    kind = question.kind
    if kind == QuestionKind.TEXT:
        if len(raw) > ANSWER_MAX_CHARS:
            return {}, _("longer than %(count)d characters") % {"count": ANSWER_MAX_CHARS}
        return {"text": raw}, None
    if kind == QuestionKind.SCALE:
        if not raw:
            return {"number": None}, None
        try:
            number = float(raw)
        except ValueError:
            number = None
        if number is None or not number.is_integer() or not question.scale_min <= number <= question.scale_max:
            return {}, _("“%(value)s” is not a whole number from %(low)d to %(high)d") % {
                "value": raw,
                "low": question.scale_min,
                "high": question.scale_max,
            }
        return {"number": int(number)}, None
    allowed = set(YES_NO_VALUES) if kind == QuestionKind.YES_NO else values[question.pk]
    chosen = raw.split()
    unknown = [v for v in chosen if v not in allowed]
    if unknown or (kind in (QuestionKind.SINGLE, QuestionKind.YES_NO) and len(chosen) > 1):
        return {}, _("“%(value)s” is not among its choices (%(choices)s)") % {
            "value": raw,
            "choices": ", ".join(sorted(allowed)),
        }
    if kind == QuestionKind.RANKING:
        if len(set(chosen)) != len(chosen):
            return {}, _("“%(value)s” ranks a choice twice") % {"value": raw}
        return {"ranking": chosen}, None
    return {"choices": list(dict.fromkeys(chosen))}, None


def _time(raw: str) -> datetime.datetime | None:
    moment = datetime.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)


PROFILE_VALUES = {"stakeholder_group": OrganisationKind.values, "region": IloRegion.values}


def _read_line(cells, columns: _Columns, questions, values, consultation) -> tuple[dict, dict, list[str]]:
    """A line's answers (question pk → fields), its response fields, and its problems."""
    problems, parsed = [], {}

    def cell(index):
        return cells[index] if index < len(cells) else ""

    for index, question in columns.single.items():
        fields, why = _value(question, cell(index), values)
        if why:
            problems.append(
                _("column %(column)s (%(name)s): %(why)s")
                % {"column": get_column_letter(index + 1), "name": question.name, "why": why}
            )
        else:
            parsed[question.pk] = fields
    in_one_column = {q.pk for q in columns.single.values()}
    for index, (question, value) in columns.split.items():
        if question.pk in in_one_column:
            continue  # Kobo wrote both: the one column says it all
        raw = cell(index).lower()
        if raw not in CHOSEN | NOT_CHOSEN or value not in values[question.pk]:
            problems.append(
                _("column %(column)s (%(name)s/%(value)s): “%(raw)s” is not 1 or 0, or “%(value)s” is not a choice")
                % {"column": get_column_letter(index + 1), "name": question.name, "value": value, "raw": cell(index)}
            )
        elif raw in CHOSEN:
            parsed.setdefault(question.pk, {"choices": []})["choices"].append(value)
    response = {}
    for name, index in columns.profile.items():
        raw = cell(index)
        allowed = consultation.languages if name == "language" else PROFILE_VALUES[name]
        if raw and raw not in allowed:
            problems.append(
                _("column %(column)s (%(name)s): “%(value)s” is not one of %(allowed)s")
                % {"column": get_column_letter(index + 1), "name": name, "value": raw, "allowed": ", ".join(allowed)}
            )
        elif raw:
            response[name] = raw
    if columns.time is not None and cell(columns.time):
        try:
            response["external_submitted_at"] = _time(cell(columns.time))
        except ValueError:
            problems.append(
                _("column %(column)s: “%(value)s” is not a date and time such as 2025-08-14T10:22:31")
                % {"column": get_column_letter(columns.time + 1), "value": cell(columns.time)}
            )
    return parsed, response, problems


@transaction.atomic
def import_answers(*, by, consultation: Consultation, file) -> AnswersImported:
    """Import the submissions in ``file`` not imported before; see the module's docstring. Rights: whoever may
    edit the consultation. Raises ValidationError with every problem by line; nothing is then stored."""
    require(by, "engagement.edit_consultation", consultation)
    table = _read_table(file)
    result = AnswersImported(encoding=table.encoding)
    questions = list(consultation.questions.order_by("position", "pk").prefetch_related("choices"))
    values = {q.pk: {c.value for c in q.choices.all()} for q in questions}
    columns = _columns(table.header, questions, result.notes)
    there = set(consultation.responses.exclude(external_uuid="").values_list("external_uuid", flat=True))
    seen: dict[str, tuple[int, list[str]]] = {}
    lines, problems = [], []
    for line, cells in table.rows:
        if not any(cells):
            continue
        uuid = (cells[columns.uuid] if columns.uuid < len(cells) else "").removeprefix("uuid:")
        if not uuid or len(uuid) > 100:
            problems.append(
                _("Line %(line)d: no submission id (_uuid), or one longer than 100 characters.") % {"line": line}
            )
            continue
        if uuid in seen:
            first, first_cells = seen[uuid]
            if first_cells == cells:
                result.notes.append(
                    _("Line %(line)d repeats the submission on line %(first)d (same _uuid and answers): imported once.")
                    % {"line": line, "first": first}
                )
            else:
                problems.append(
                    _("Line %(line)d has the _uuid of line %(first)d with other answers: keep one of the two.")
                    % {"line": line, "first": first}
                )
            continue
        seen[uuid] = (line, cells)
        if uuid in there:
            result.already_there += 1
            continue
        parsed, response, line_problems = _read_line(cells, columns, questions, values, consultation)
        problems += [_("Line %(line)d, %(problem)s.") % {"line": line, "problem": p} for p in line_problems]
        lines.append((uuid, parsed, response))
    if problems:
        more = len(problems) - MAX_PROBLEMS
        # Coded, so a page can count the problems: the first line sums them up, the last stands for many.
        shown = [ValidationError(problem, code="problem") for problem in problems[:MAX_PROBLEMS]]
        if more > 0:
            shown.append(ValidationError(_("…and %(count)d more."), code="more", params={"count": more}))
        summary = ValidationError(_("Nothing was imported: fix these lines and import the file again."), code="summary")
        raise ValidationError([summary, *shown])
    result.imported = _store(consultation, questions, lines)
    return result


def _store(consultation, questions, lines) -> int:
    now = timezone.now()
    flagged = False
    language = "en" if "en" in consultation.languages else consultation.languages[0]
    for uuid, parsed, fields in lines:
        fields.setdefault("language", language)
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    consultation=consultation,
                    source=ResponseSource.KOBO,
                    external_uuid=uuid,
                    status=Status.SUBMITTED,
                    submitted_at=fields.get("external_submitted_at") or now,
                    **fields,
                )
        except IntegrityError:
            raise ValidationError(
                _("Another import of these answers ran at the same time: import the file again to add what is missing.")
            ) from None
        if store_answers(response, questions, parsed):
            flagged = True
            Response.objects.filter(pk=response.pk).update(safeguarding_told_at=now)
    if flagged:
        transaction.on_commit(lambda: tell_safeguarding(consultation))
    return len(lines)
