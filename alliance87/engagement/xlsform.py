"""XLSForm in and out: a consultation made from a form built for KoboToolbox/ODK, and any consultation as
a form KoboToolbox accepts.

Import reads the ``survey``, ``choices`` and ``settings`` sheets (openpyxl) and keeps what the platform
asks: ``text``; ``select_one``/``select_multiple``/``rank`` with their list (a list of exactly ``yes``
and ``no`` becomes a yes/no question); ``integer``/``decimal`` as a scale when a constraint bounds it
(``. >= 1 and . <= 5``) within 0 to 10, else as text; ``range`` as a scale; groups are read through (the
question keeps its own name: Kobo's ``group/question`` columns find it by that). Labels and hints come
from ``label::Language (code)`` / ``hint::Language (code)`` columns for en, fr, es and ar; a plain
``label`` column is the settings' default language (English when none is given).

Every row that is not imported is listed with its sheet, row, column and why (an unsupported type, no
English label, an unknown list), and left out of what pyxform then checks, so what lands is itself a
valid XLSForm. A file that cannot be read as a form at all (not an XLSX, no survey sheet, no type or name
column, pyxform refusing it) is refused with a message naming where; nothing lands. The consultation,
its questions and choices are made through ``services`` in one transaction, so a refusal halfway leaves
nothing behind.

Export writes the survey, choices and settings sheets (``form_title``, ``form_id``, ``default_language``,
``version``) with labels per language as ``label::French (fr)``; pyxform converts it without error (the
tests check it, and that importing it gives the same questions back).
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from alliance87.writes import require

from . import services
from .models import YES_NO_VALUES, Consultation, Question, QuestionKind

MAX_BYTES = 50 * 1024 * 1024
MAX_MB = 50
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic"}  # as KoboToolbox writes them
NAME_TO_CODE = {
    "english": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "arabic": "ar",
    "العربية": "ar",
}
TRANSLATED_COLUMN = re.compile(r"^(label|hint)\s*::\s*(.+)$", re.IGNORECASE)
CODE_IN_BRACKETS = re.compile(r"\(\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?\s*\)\s*$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")  # an XLSForm name the platform can keep (a slug; no '.')
CHOICE_VALUE = re.compile(r"^[A-Za-z0-9_-]+$")
BOUNDS = re.compile(r"^\s*\.\s*(>=?)\s*(-?\d+)\s+and\s+\.\s*(<=?)\s*(-?\d+)\s*$", re.IGNORECASE)
RANGE_PARAMETER = re.compile(r"(start|end|step)\s*=\s*(-?\d+(?:\.\d+)?)", re.IGNORECASE)
WITH_LIST = {"select_one": QuestionKind.SINGLE, "select_multiple": QuestionKind.MULTIPLE, "rank": QuestionKind.RANKING}
NUMBER_TYPES = ("integer", "decimal")
SUPPORTED = ("text", "select_one", "select_multiple", "rank", "integer", "decimal", "range")
TRUE_VALUES = {"yes", "true", "true()", "1"}
LABEL_MAX = {"survey": 500, "choices": 300}
SHEETS = ("survey", "choices", "settings")


@dataclass(frozen=True)
class NotImported:
    """One line of the report: where, and why it was left out (or changed on the way in)."""

    sheet: str
    row: int
    column: str  # "C (type)"; empty when the whole row is meant
    why: str
    changed: bool = False  # imported, but not as written (a number without a range became a text question)

    def __str__(self) -> str:
        where = _("Sheet “%(sheet)s”, row %(row)d") % {"sheet": self.sheet, "row": self.row}
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.why}"


@dataclass
class FormImported:
    consultation: Consultation
    questions: int
    not_imported: list[NotImported] = field(default_factory=list)


@dataclass
class _Sheet:
    headers: list[str]
    rows: list[tuple[int, dict]]  # (row number in the file, header -> text), empty rows left out

    def column(self, header: str) -> str:
        """The column's letter and header, as a person finds it in a spreadsheet: "C (label::French (fr))"."""
        return f"{get_column_letter(self.headers.index(header) + 1)} ({header})" if header in self.headers else ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _refuse(message: str):
    raise ValidationError(message, code="xlsform")


def check_size(file) -> None:
    """Refuse a file over 50 MB, saying its size and the limit."""
    if file.size > MAX_BYTES:
        _refuse(
            _("“%(name)s” is %(size)s MB; the limit is %(limit)d MB.")
            % {"name": Path(file.name or "").name, "size": round(file.size / 1_000_000, 1), "limit": MAX_MB}
        )


def read_sheets(file) -> dict[str, _Sheet]:
    """The workbook's sheets by lower-case name, or a ValidationError saying why it is not an XLSX file."""
    check_size(file)
    name = Path(file.name or "").name
    file.seek(0)
    raw = file.read()
    if not raw.startswith(b"PK\x03\x04"):
        _refuse(_("“%(name)s” is not an XLSX file: save the form from your spreadsheet as .xlsx.") % {"name": name})
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        _refuse(_("“%(name)s” could not be opened as an XLSX workbook: it may be damaged.") % {"name": name})
    sheets = {}
    for worksheet in workbook.worksheets:
        rows = worksheet.iter_rows(values_only=True)
        headers = [_text(h) for h in next(rows, ())]
        body = []
        for number, values in enumerate(rows, start=2):
            row = {h: _text(v) for h, v in zip(headers, values, strict=False) if h and _text(v)}
            if any("\x00" in v for v in row.values()):
                _refuse(
                    _("Sheet “%(sheet)s”, row %(row)d: a cell holds a NUL character.")
                    % {"sheet": worksheet.title, "row": number}
                )
            if row:
                body.append((number, row))
        sheets[worksheet.title.strip().lower()] = _Sheet(headers, body)
    workbook.close()
    return sheets


def _language(text: str) -> str:
    """The language code a column or setting names ("French (fr)", "fr", "Français"), or "" when unknown."""
    found = CODE_IN_BRACKETS.search(text)
    code = found.group(1).lower() if found else text.strip().lower()
    return NAME_TO_CODE.get(code, code)


def _translated_columns(sheet: _Sheet, sheet_name: str, default: str, report: list) -> dict[str, dict[str, str]]:
    """``{"label": {"en": header, "fr": header}, "hint": {...}}``; a column in a language the platform does
    not have is reported once."""
    columns: dict[str, dict[str, str]] = {"label": {}, "hint": {}}
    for header in sheet.headers:
        kind, code = None, None
        if header.lower() in ("label", "hint"):
            kind, code = header.lower(), default
        elif found := TRANSLATED_COLUMN.match(header):
            kind, code = found.group(1).lower(), _language(found.group(2))
        if kind is None:
            continue
        if code not in LANGUAGE_NAMES:
            report.append(
                NotImported(
                    sheet_name,
                    1,
                    sheet.column(header),
                    _("a language the platform does not have (it has English, French, Spanish and Arabic)"),
                )
            )
            continue
        columns[kind].setdefault(code, header)
    return columns


def _texts(row: dict, columns: dict[str, str]) -> dict[str, str]:
    return {code: row[header] for code, header in columns.items() if row.get(header)}


@dataclass
class _Question:
    row: int
    name: str
    kind: str
    labels: dict[str, str]
    hints: dict[str, str]
    required: bool
    list_name: str = ""
    scale: tuple[int, int] | None = None


def _scale(type_: str, row: dict) -> tuple[int, int] | None:
    """A number question's bounds when they make a scale the platform keeps (0 to 10), else None."""
    if type_ == "range":
        params = {k.lower(): float(v) for k, v in RANGE_PARAMETER.findall(row.get("parameters", ""))}
        low, high = params.get("start", 1), params.get("end", 10)
        if params.get("step", 1) != 1 or not (low.is_integer() and high.is_integer()):
            return None
        low, high = int(low), int(high)
    else:
        found = BOUNDS.match(row.get("constraint", ""))
        if not found:
            return None
        low = int(found.group(2)) + (1 if found.group(1) == ">" else 0)
        high = int(found.group(4)) - (1 if found.group(3) == "<" else 0)
    return (low, high) if 0 <= low < high <= 10 else None


def _found(names) -> str:
    """What a message says was found: the names, or the word for none in the reader's language."""
    return ", ".join(name for name in names if name) or pgettext("nothing found in a file", "none")


def _read_choices(sheets, default, report) -> dict[str, list[tuple[int, str, dict]]]:
    """Each list's choices in order: (row, value, labels). A choice the platform cannot keep is reported."""
    sheet = sheets.get("choices")
    lists: dict[str, list] = {}
    if sheet is None:
        return lists
    for required in ("list_name", "name"):
        if required not in sheet.headers:
            _refuse(
                _("Sheet “choices” has no column “%(column)s” in its first row (columns found: %(found)s).")
                % {"column": required, "found": _found(sheet.headers)}
            )
    columns = _translated_columns(sheet, "choices", default, report)
    for number, row in sheet.rows:
        list_name, value = row.get("list_name", ""), row.get("name", "")
        if not list_name or not value:
            missing = "list_name" if not list_name else "name"
            report.append(
                NotImported("choices", number, sheet.column(missing), _("no %(column)s") % {"column": missing})
            )
            continue
        labels = _texts(row, columns["label"])
        why = None
        if not CHOICE_VALUE.match(value) or len(value) > 60:
            why = _("the name “%(name)s” may hold only letters, digits, - and _ (at most 60)") % {"name": value}
            column = "name"
        elif "en" not in labels:
            why = _("no English label")
            column = columns["label"].get("en", "label::English (en)")
        elif any(len(text) > LABEL_MAX["choices"] for text in labels.values()):
            why = _("a label longer than %(count)d characters") % {"count": LABEL_MAX["choices"]}
            column = ""
        if why:
            report.append(NotImported("choices", number, sheet.column(column) or column, why))
            continue
        lists.setdefault(list_name, []).append((number, value, labels))
    return lists


def _read_survey(sheets, default, lists, report) -> list[_Question]:
    """The questions to import, in order; every other row reported."""
    sheet = sheets["survey"]
    columns = _translated_columns(sheet, "survey", default, report)
    questions, names, repeats = [], {}, 0
    for number, row in sheet.rows:
        type_ = " ".join(row.get("type", "").split())
        base = type_.lower().replace("begin_", "begin ").replace("end_", "end ")
        if base.startswith("begin repeat"):
            repeats += 1
            why = _("a repeat: it and its questions are not imported")
            report.append(NotImported("survey", number, sheet.column("type"), why))
        elif base.startswith("end repeat"):
            repeats = max(0, repeats - 1)
        elif not (base.startswith(("begin group", "end group")) or repeats or not type_):
            # A group is read through; a row inside a repeat was said with the repeat.
            question = _survey_row(
                sheet, number, row, type_=type_, columns=columns, lists=lists, names=names, report=report
            )
            if question:
                names[question.name] = number
                questions.append(question)
    return questions


def _survey_row(sheet, number, row, *, type_, columns, lists, names, report) -> _Question | None:
    """One survey row as a question, or None with the reason reported."""
    word, _sep, list_name = type_.partition(" ")
    word, list_name = word.lower(), list_name.split(" ")[0] if list_name else ""
    name = row.get("name", "")

    def skip(column: str, why: str, changed: bool = False) -> None:
        report.append(NotImported("survey", number, sheet.column(column) or column, why, changed))

    labels, hints = _texts(row, columns["label"]), _texts(row, columns["hint"])
    if word not in SUPPORTED:
        why = _("the type “%(type)s” is not one the platform asks (it asks: %(supported)s)")
        return skip("type", why % {"type": type_, "supported": ", ".join(SUPPORTED)})
    if not NAME.match(name) or len(name) > 60:
        why = _("the name “%(name)s” may hold only letters, digits, - and _ (at most 60)")
        return skip("name", why % {"name": name})
    if name in names:
        why = _("the name “%(name)s” is used on row %(row)d already")
        return skip("name", why % {"name": name, "row": names[name]})
    if "en" not in labels:
        return skip(columns["label"].get("en", "label::English (en)"), _("no English label"))
    if any(len(text) > LABEL_MAX["survey"] for text in (*labels.values(), *hints.values())):
        return skip("", _("a label or hint longer than %(count)d characters") % {"count": LABEL_MAX["survey"]})
    required = row.get("required", "").lower() in TRUE_VALUES
    question = _Question(number, name, QuestionKind.TEXT, labels, hints, required)
    if word in WITH_LIST:
        if list_name not in lists:
            return skip("type", _("the list “%(list)s” is not on the choices sheet") % {"list": list_name})
        values = {value for _row, value, _labels in lists[list_name]}
        question.kind = WITH_LIST[word]
        if word == "select_one" and values == set(YES_NO_VALUES):
            question.kind = QuestionKind.YES_NO
        else:
            question.list_name = list_name
    elif word in (*NUMBER_TYPES, "range"):
        question.scale = _scale(word, row)
        if question.scale:
            question.kind = QuestionKind.SCALE
        else:
            why = _("imported as a text question: no range within 0 to 10 (such as . >= 1 and . <= 5)")
            skip("constraint" if word != "range" else "parameters", why, changed=True)
    return question


PYXFORM_ROW = re.compile(r"\[row : (\d+)\]")


def _pyxform_check(sheets, questions, report) -> None:
    """Refuse unless pyxform converts what would land: the imported rows and the groups around them. Its
    row numbers count only the rows it was given, so they are turned back into the file's."""
    left_out = {(line.sheet, line.row) for line in report if not line.changed}
    kept_questions = {q.row for q in questions}
    form, file_rows = {}, {}
    for name in SHEETS:
        sheet = sheets.get(name)
        if sheet is None:
            continue
        form[name], file_rows[name] = [], []
        form[f"{name}_header"] = [{header: None for header in sheet.headers if header}]  # as pyxform's reader gives
        for number, row in sheet.rows:
            if name == "survey":
                group = row.get("type", "").lower().replace("_", " ").startswith(("begin group", "end group"))
                kept = number in kept_questions or group
            else:
                kept = (name, number) not in left_out
            if kept:
                form[name].append(row)
                file_rows[name].append(number)
    try:
        convert(xlsform=form, warnings=[])
    except Exception as error:  # noqa: BLE001 -- pyxform reads a stranger's file: whatever it raises is a refusal
        message = str(error) if isinstance(error, PyXFormError) else f"{type(error).__name__}: {error}"
        numbers = file_rows.get("choices" if "'choices'" in message else "survey", [])

        def file_row(found) -> str:
            index = int(found.group(1)) - 2
            return f"[row : {numbers[index]}]" if 0 <= index < len(numbers) else found.group(0)

        _refuse(
            _("pyxform, which checks XLSForms as KoboToolbox does, refused this form: %(error)s")
            % {"error": PYXFORM_ROW.sub(file_row, message)}
        )


def _settings(sheets) -> dict:
    sheet = sheets.get("settings")
    return dict(sheet.rows[0][1]) if sheet and sheet.rows else {}


def _checked(sheet: str, row: int, make):
    """Run a service call; its refusal is said with the sheet and row it came from."""
    try:
        return make()
    except ValidationError as error:
        _refuse(
            _("Sheet “%(sheet)s”, row %(row)d: %(error)s")
            % {"sheet": sheet, "row": row, "error": " ".join(error.messages)}
        )


@transaction.atomic
def import_form(*, by, file, kind: str) -> FormImported:
    """A draft consultation made from the XLSForm ``file``; see the module's docstring. Rights: whoever may
    create consultations."""
    require(by, "engagement.manage_consultations")
    sheets = read_sheets(file)
    if "survey" not in sheets:
        _refuse(
            _("The file has no sheet named “survey” (sheets found: %(found)s): it is not an XLSForm.")
            % {"found": _found(sorted(sheets))}
        )
    for required in ("type", "name"):
        if required not in sheets["survey"].headers:
            _refuse(
                _("Sheet “survey” has no column “%(column)s” in its first row (columns found: %(found)s).")
                % {"column": required, "found": _found(sheets["survey"].headers)}
            )
    settings = _settings(sheets)
    default = _language(settings.get("default_language", "")) if settings.get("default_language") else "en"
    report: list[NotImported] = []
    lists = _read_choices(sheets, default, report)
    questions = _read_survey(sheets, default, lists, report)
    if not questions:
        raise ValidationError(
            [_("No question in this form can be imported:")] + [str(line) for line in report], code="xlsform"
        )
    _pyxform_check(sheets, questions, report)
    languages = ["en"] + sorted(
        {code for q in questions for code in (*q.labels, *q.hints) if code != "en"}, key=list(LANGUAGE_NAMES).index
    )
    title = settings.get("form_title") or Path(file.name or "").stem or "XLSForm"
    consultation = _checked(
        "settings",
        2,
        lambda: services.consultation_create(by=by, title=title[:200], kind=kind, languages=languages),
    )
    for position, item in enumerate(questions, start=1):
        _import_question(by, consultation, item, position, lists)
    report.sort(key=lambda line: (SHEETS.index(line.sheet), line.row))
    return FormImported(consultation, len(questions), report)


def _translations(by_language: dict[str, str], field_name: str) -> dict:
    return {code: {field_name: text} for code, text in by_language.items() if code != "en"}


def _import_question(by, consultation, item: _Question, position: int, lists) -> Question:
    translations = _translations(item.labels, "label")
    for code, hint in item.hints.items():
        if code != "en":
            translations.setdefault(code, {})["hint"] = hint
    fields = {"hint": item.hints.get("en", ""), "required": item.required, "position": position}
    if item.scale:
        fields.update(scale_min=item.scale[0], scale_max=item.scale[1])
    question = _checked(
        "survey",
        item.row,
        lambda: services.question_add(
            by=by,
            consultation=consultation,
            kind=item.kind,
            label=item.labels["en"],
            name=item.name,
            translations=translations,
            **fields,
        ),
    )
    for choice_position, (row, value, labels) in enumerate(lists.get(item.list_name, []) if item.list_name else [], 1):
        _checked(
            "choices",
            row,
            lambda value=value, labels=labels, choice_position=choice_position: services.choice_add(
                by=by,
                question=question,
                label=labels["en"],
                value=value,
                translations=_translations(labels, "label"),
                position=choice_position,
            ),
        )
    return question


# --- Export -------------------------------------------------------------------------------------------


def _column(kind: str, code: str) -> str:
    return f"{kind}::{LANGUAGE_NAMES[code]} ({code})"


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list], first: bool = False) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 40 if name.startswith(("label", "hint")) else 16


def form_id(consultation: Consultation) -> str:
    return consultation.slug.replace("-", "_")


def export_form(*, by, consultation: Consultation) -> bytes:
    """The consultation as an XLSForm workbook (see the module's docstring). Rights: whoever may edit it."""
    require(by, "engagement.edit_consultation", consultation)
    languages = [code for code in LANGUAGE_NAMES if code in consultation.languages]
    questions = list(consultation.questions.order_by("position", "pk").prefetch_related("choices"))
    list_names = {q.name for q in questions if q.has_choices}
    yes_no = "yes_no" if "yes_no" not in list_names else "yes_no_answers"
    survey, choices = [], []
    for question in questions:
        labels = [
            question.label if code == "en" else question.translations.get(code, {}).get("label", "")
            for code in languages
        ]
        hints = [
            question.hint if code == "en" else question.translations.get(code, {}).get("hint", "") for code in languages
        ]
        type_, constraint = "text", ""
        if question.kind == QuestionKind.SCALE:
            type_, constraint = "integer", f". >= {question.scale_min} and . <= {question.scale_max}"
        elif question.kind == QuestionKind.YES_NO:
            type_ = f"select_one {yes_no}"
        elif question.has_choices:
            word = {QuestionKind.SINGLE: "select_one", QuestionKind.MULTIPLE: "select_multiple"}.get(
                question.kind, "rank"
            )
            type_ = f"{word} {question.name}"
            for choice in sorted(question.choices.all(), key=lambda c: (c.position, c.pk)):
                choices.append(
                    [question.name, choice.value]
                    + [
                        choice.label if code == "en" else choice.translations.get(code, {}).get("label", "")
                        for code in languages
                    ]
                )
        survey.append([type_, question.name, *labels, *hints, "yes" if question.required else "", constraint])
    if any(q.kind == QuestionKind.YES_NO for q in questions):
        words = {}
        for code in languages:
            with translation.override(code):
                words[code] = (_("Yes"), _("No"))
        for index, value in enumerate(YES_NO_VALUES):
            choices.append([yes_no, value, *(words[code][index] for code in languages)])
    workbook = Workbook()
    _sheet(
        workbook,
        "survey",
        [
            "type",
            "name",
            *(_column("label", c) for c in languages),
            *(_column("hint", c) for c in languages),
            "required",
            "constraint",
        ],
        survey,
        first=True,
    )
    _sheet(workbook, "choices", ["list_name", "name", *(_column("label", c) for c in languages)], choices)
    _sheet(
        workbook,
        "settings",
        ["form_title", "form_id", "default_language", "version"],
        [
            [
                consultation.title,
                form_id(consultation),
                f"{LANGUAGE_NAMES['en']} (en)",
                consultation.updated_at.strftime("%Y%m%d%H%M"),
            ]
        ],
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
