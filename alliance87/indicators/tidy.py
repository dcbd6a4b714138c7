"""Reading and checking an Open SDG tidy CSV file, as national SDG platforms publish them.

The format: one row per value; ``Year`` first, ``Value`` last, optional ``Units``/``UNIT_MEASURE``,
``Series``/``SERIES``, ``GeoCode``/``REF_AREA``, and the disaggregations between (any column names, any
language). ``read`` does no database work: it returns every row with its cells as written, the SDMX codes of
the disaggregations it recognises (SEX, AGE, URBANISATION; a blank cell is the total ``_T``), every problem
by line and column, and every value it had to infer (to be confirmed by a person before the landing).

What it copes with, because files people send do it: a UTF-8 BOM, CRLF, ``;`` as the delimiter with a
decimal comma, Windows-1252 (decoded, and said), an Excel workbook renamed ``.csv`` (read with openpyxl, and
said). What it refuses, naming the line and the column: NUL bytes, a cell that looks like a spreadsheet
formula, a year that is not four digits, a value that is not a number, a row with more cells than the
header, a duplicated row (both lines named), a missing ``Year`` or ``Value`` column, an empty file, a file
over ``MAX_BYTES``.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models import TOTAL, Unit

MAX_BYTES = 50 * 1024 * 1024  # 50 MB
MAX_PROBLEMS = 200  # the report lists this many, then says how many more
VALUE_TEXT_MAX = 40
FORMULA_START = ("=", "+", "-", "@")
ZIP_SIGNATURE = b"PK\x03\x04"

YEAR_NAMES = {"year", "año", "ano", "année", "annee", "time_period"}
VALUE_NAMES = {"value", "valor", "valeur", "obs_value"}
UNIT_NAMES = {"units", "unit", "unit_measure", "unidad", "unidades", "unité", "unités"}
SERIES_NAMES = {"series", "serie"}
GEO_NAMES = {"geocode", "ref_area"}
SEX_NAMES = {"sex", "sexo", "sexe", "gender"}
AGE_NAMES = {"age", "age group", "age_group", "grupo de edad", "edad", "âge", "groupe d'âge", "tranche d'âge"}
URBANISATION_NAMES = {
    "urbanisation",
    "urbanization",
    "location",
    "area of residence",
    "area",
    "área",
    "zona",
    "milieu",
    "milieu de résidence",
    "residence",
}

SEX_CODES = {
    "": TOTAL,
    "_t": TOTAL,
    "t": TOTAL,
    "total": TOTAL,
    "both sexes": TOTAL,
    "ambos sexos": TOTAL,
    "les deux sexes": TOTAL,
    "m": "M",
    "male": "M",
    "males": "M",
    "boy": "M",
    "boys": "M",
    "men": "M",
    "hombre": "M",
    "hombres": "M",
    "masculino": "M",
    "masculin": "M",
    "homme": "M",
    "hommes": "M",
    "garçons": "M",
    "f": "F",
    "female": "F",
    "females": "F",
    "girl": "F",
    "girls": "F",
    "women": "F",
    "mujer": "F",
    "mujeres": "F",
    "niñas": "F",
    "femenino": "F",
    "féminin": "F",
    "feminin": "F",
    "femme": "F",
    "femmes": "F",
    "filles": "F",
}
URBANISATION_CODES = {
    "": TOTAL,
    "_t": TOTAL,
    "total": TOTAL,
    "u": "U",
    "urban": "U",
    "urban area": "U",
    "urban areas": "U",
    "urbano": "U",
    "urbana": "U",
    "urbain": "U",
    "urbaine": "U",
    "r": "R",
    "rural": "R",
    "rural area": "R",
    "rural areas": "R",
    "rurale": "R",
}
UNIT_CODES = {
    "pt": Unit.PERCENT,
    "%": Unit.PERCENT,
    "percent": Unit.PERCENT,
    "percentage": Unit.PERCENT,
    "porcentaje": Unit.PERCENT,
    "pourcentage": Unit.PERCENT,
    "number": Unit.NUMBER,
    "numbers": Unit.NUMBER,
    "count": Unit.NUMBER,
    "número": Unit.NUMBER,
    "numero": Unit.NUMBER,
    "nombre": Unit.NUMBER,
    "thousands": Unit.THOUSANDS,
    "millions": Unit.MILLIONS,
}
UNIT_VALUES = frozenset(Unit.values)
AGE_CODE = re.compile(r"^(?:Y\d{1,3}T\d{1,3}|Y_GE\d{1,3}|Y_LT\d{1,3}|_T)$")
AGE_RANGE = re.compile(r"(\d{1,3})\s*(?:-|–|—|a|to|à|al|y)\s*(\d{1,3})", re.IGNORECASE)
AGE_OVER = re.compile(r"(\d{1,3})\s*(?:\+|y más|and over|or more|et plus|ans et plus)", re.IGNORECASE)
PROPORTION_WORDS = re.compile(r"propo?r?tion|percent|porcentaje|proporci[oó]n|pourcentage|taux|%", re.IGNORECASE)
YEAR = re.compile(r"^\d{4}$")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
NUMBER_COMMA = re.compile(r"^[+-]?\d+(,\d+)?$")


@dataclass
class Problem:
    line: int  # 0: the file as a whole; 1: the header
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class Inferred:
    key: str
    what: str
    value: str
    why: str

    def as_dict(self) -> dict:
        return {"key": self.key, "what": self.what, "value": self.value, "why": self.why}


@dataclass
class Row:
    line: int
    year: int
    value: Decimal | None
    value_text: str
    labels: dict[str, str]  # every column but Year and Value, as written
    sex: str = TOTAL
    age: str = TOTAL
    urbanisation: str = TOTAL
    unit: str = ""  # "" when inferred per label: see Reading.unit_of
    unit_key: str = ""  # the inferred key that decides this row's unit
    series: str = ""
    geo: str = ""  # the GeoCode/REF_AREA cell as written


@dataclass
class Reading:
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    inferred: list[Inferred] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","
    decimal: str = "."
    format: str = "csv"
    more_problems: int = 0
    roles: dict[str, str] = field(default_factory=dict)  # column → sex/age/urbanisation/unit/series/geo

    def problem(self, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(line, column, message))
        else:
            self.more_problems += 1

    @property
    def column_of(self) -> dict[str, str]:
        return {role: column for column, role in self.roles.items()}

    def problem_dicts(self) -> list[dict]:
        out = [p.as_dict() for p in self.problems]
        if self.more_problems:
            out.append(
                {
                    "line": 0,
                    "column": "",
                    "message": _("… and %(n)d more problems like these.") % {"n": self.more_problems},
                }
            )
        return out


def _key(text: str) -> str:
    return " ".join(text.strip().lower().split())


@functools.lru_cache(maxsize=8192)
def sex_code(text: str) -> str | None:
    return SEX_CODES.get(_key(text))


@functools.lru_cache(maxsize=8192)
def urbanisation_code(text: str) -> str | None:
    return URBANISATION_CODES.get(_key(text))


@functools.lru_cache(maxsize=8192)
def unit_code(text: str) -> str | None:
    if text.strip() in UNIT_VALUES:
        return text.strip()
    return UNIT_CODES.get(_key(text))


@functools.lru_cache(maxsize=8192)
def age_code(text: str) -> str | None:
    """ "5-17", "De 5 a 14 años", "aged 12-15 years", "Y5T17" → Y5T17…; "Total" or blank → _T."""
    key = _key(text)
    if key in ("", "total", "_t", "todas las edades", "all ages", "tous âges"):
        return TOTAL
    if AGE_CODE.match(text.strip()):
        return text.strip()
    match = AGE_RANGE.search(text)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        if low < high:
            return f"Y{low}T{high}"
    match = AGE_OVER.search(text)
    if match:
        return f"Y_GE{int(match.group(1))}"
    return None


@functools.lru_cache(maxsize=8192)
def looks_like_formula(cell: str) -> bool:
    return cell[:1] in FORMULA_START and not NUMBER.match(cell.strip())


# --- Bytes to text to cells -----------------------------------------------------------------------------


def _decode(data: bytes, reading: Reading, encoding: str = "") -> str | None:
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            reading.problem(0, "", _("The file cannot be read as %(encoding)s.") % {"encoding": encoding})
            return None
    if data.startswith(b"\xef\xbb\xbf"):
        reading.encoding = "utf-8-sig"
        data = data[3:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            return _not_utf8(data, error, reading)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        reading.encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        reading.encoding = "latin-1"
    reading.inferred.append(
        Inferred(
            "encoding",
            _("Character encoding"),
            reading.encoding,
            _(
                "The file is not UTF-8. Its characters were read as %(encoding)s (Western European); check the "
                "accented letters in the preview."
            )
            % {"encoding": "Windows-1252" if reading.encoding == "cp1252" else "Latin-1"},
        )
    )
    return text


def _not_utf8(data: bytes, error: UnicodeDecodeError, reading: Reading) -> None:
    line = data[: error.start].count(b"\n") + 1
    reading.problem(line, "", _("The file starts as UTF-8 but this line is not UTF-8. Save it again as UTF-8."))


def _xlsx_rows(data: bytes, reading: Reading) -> list[list[str]] | None:
    import openpyxl  # noqa: PLC0415 -- only for the rare workbook

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 -- any unreadable zip is the same answer to the person
        reading.problem(0, "", _("The file is a zip archive but not an Excel workbook. Send a CSV file."))
        return None
    sheet = book.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        cells = []
        for value in values:
            if value is None:
                cells.append("")
            elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
                cells.append(str(int(value)))
            else:
                cells.append(str(value))
        while cells and cells[-1] == "" and len(cells) > 1:
            cells.pop()
        rows.append(cells)
    book.close()
    reading.format = "xlsx"
    reading.encoding = "xlsx"
    reading.inferred.append(
        Inferred(
            "format",
            _("File format"),
            "xlsx",
            _("The file is an Excel workbook named .csv. Its first sheet (%(sheet)s) was read.")
            % {"sheet": sheet.title},
        )
    )
    return rows


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


# --- The read ---------------------------------------------------------------------------------------------


def read(
    data: bytes,
    *,
    has_country: bool = False,
    has_series: bool = False,
    encoding: str = "",
    meta: bytes | None = None,
) -> Reading:
    """Read and check ``data``. ``has_country``: a country was chosen at upload (then GeoCode/REF_AREA are
    sub-national areas); ``has_series``: a series was chosen (else a Series column is needed); ``encoding``:
    a confirmed encoding to use; ``meta``: the indicator's Open SDG metadata file, if given."""
    reading = Reading()
    if not data or not data.strip():
        reading.problem(0, "", _("The file is empty."))
        return reading
    if len(data) > MAX_BYTES:
        reading.problem(
            0,
            "",
            _("The file is %(size)s MB; the limit is %(limit)d MB. Split it by year or by country.")
            % {"size": f"{len(data) / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024},
        )
        return reading
    if data.startswith(ZIP_SIGNATURE):
        table = _xlsx_rows(data, reading)
        if table is None:
            return reading
    else:
        if b"\x00" in data:
            at = data.index(b"\x00")
            line = data[:at].count(b"\n") + 1
            reading.problem(line, "", _("The file holds a NUL byte. It may not be a text file; send a CSV file."))
            return reading
        text = _decode(data, reading, encoding)
        if text is None:
            return reading
        if text.startswith("\ufeff"):
            text = text[1:]
        reading.delimiter = _sniff_delimiter(text)
        table = csv.reader(io.StringIO(text, newline=""), delimiter=reading.delimiter)
    _read_table(table, reading, has_country=has_country, has_series=has_series)
    if meta:
        _read_meta(meta, reading)
    return reading


def _roles(columns: list[str], reading: Reading) -> None:
    for index, column in enumerate(columns):
        key = _key(column)
        if index == 0 and key in YEAR_NAMES:
            role = "year"
        elif index == len(columns) - 1 and key in VALUE_NAMES:
            role = "value"
        elif key in YEAR_NAMES and "year" not in reading.roles.values():
            role = "year"
        elif key in VALUE_NAMES and "value" not in reading.roles.values():
            role = "value"
        elif key in UNIT_NAMES:
            role = "unit"
        elif key in SERIES_NAMES:
            role = "series"
        elif key in GEO_NAMES:
            role = "geo"
        elif key in SEX_NAMES:
            role = "sex"
        elif key in AGE_NAMES:
            role = "age"
        elif key in URBANISATION_NAMES:
            role = "urbanisation"
        else:
            role = "label"
        if role not in ("label",) and role in reading.roles.values():
            role = "label"  # a second Sex column is kept as written only
        reading.roles[column] = role


def _read_table(table, reading: Reading, *, has_country: bool, has_series: bool) -> None:  # noqa: C901, PLR0912, PLR0915
    iterator = iter(table)
    try:
        header = next(iterator)
    except StopIteration:
        reading.problem(0, "", _("The file is empty."))
        return
    except csv.Error as error:
        reading.problem(1, "", _("The header cannot be read: %(error)s") % {"error": error})
        return
    columns = [c.strip().lstrip("\ufeff") for c in header]
    while columns and columns[-1] == "":
        columns.pop()
    reading.columns = columns
    seen = Counter(columns)
    for column, times in seen.items():
        if times > 1:
            reading.problem(1, column, _("Two columns have this name. Give each column its own name."))
        if column == "":
            reading.problem(1, "", _("A column has no name. Name it, or remove it."))
    for column in columns:
        if looks_like_formula(column):
            reading.problem(1, column, _("This looks like a spreadsheet formula."))
    _roles(columns, reading)
    roles = reading.column_of
    if "year" not in roles:
        reading.problem(1, "Year", _("There is no Year column. The first column must be Year."))
    if "value" not in roles:
        reading.problem(1, "Value", _("There is no Value column. The last column must be Value."))
    if not has_series and "series" not in roles:
        reading.problem(
            1, "Series", _("Choose the series this file holds: the file has no Series column and none was chosen.")
        )
    if not has_country and "geo" not in roles:
        reading.problem(
            1,
            "GeoCode",
            _("Choose the country this file is about: the file has no GeoCode or REF_AREA column and none was chosen."),
        )
    if reading.problems:
        return
    year_col, value_col = roles["year"], roles["value"]
    unit_col, series_col, geo_col = roles.get("unit"), roles.get("series"), roles.get("geo")
    sex_col, age_col, urb_col = roles.get("sex"), roles.get("age"), roles.get("urbanisation")
    others = [c for c in columns if c not in (year_col, value_col)]
    label_cols = [c for c in others if reading.roles[c] == "label"]
    width = len(columns)
    year_at, value_at = columns.index(year_col), columns.index(value_col)
    other_at = [(c, columns.index(c)) for c in others]
    seen_rows: dict[tuple, tuple[int, str]] = {}
    decimal_comma = reading.delimiter != ","
    comma_values = 0
    line = 1
    rows = reading.rows
    while True:
        try:
            cells = next(iterator)
        except StopIteration:
            break
        except csv.Error as error:
            line += 1
            reading.problem(line, "", _("This line cannot be read: %(error)s") % {"error": error})
            continue
        line += 1
        if not cells or not "".join(cells).strip():
            continue
        if len(cells) > width:
            extra = cells[width:]
            if any(c.strip() for c in extra):
                reading.problem(
                    line,
                    "",
                    _("This row has %(cells)d cells; the header has %(columns)d columns.")
                    % {"cells": len(cells), "columns": width},
                )
                continue
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        bad = False
        labels = {}
        for column, at in other_at:
            cell = cells[at]
            if cell[:1] in FORMULA_START and looks_like_formula(cell):
                reading.problem(line, column, _("This looks like a spreadsheet formula."))
                bad = True
            labels[column] = cell
        year_text = cells[year_at].strip()
        if not YEAR.match(year_text) or not 1900 <= int(year_text) <= 2100:
            reading.problem(
                line, year_col, _("“%(text)s” is not a year: write four digits, like 2019.") % {"text": year_text[:40]}
            )
            bad = True
        value_text = cells[value_at]
        stripped = value_text.strip()
        value = None
        if stripped:
            if len(stripped) > VALUE_TEXT_MAX:
                reading.problem(line, value_col, _("This value is too long to be a number."))
                bad = True
            elif looks_like_formula(stripped):
                reading.problem(line, value_col, _("This looks like a spreadsheet formula."))
                bad = True
            else:
                number = stripped
                if decimal_comma and NUMBER_COMMA.match(stripped):
                    if "," in stripped:
                        comma_values += 1
                    number = stripped.replace(",", ".")
                if not NUMBER.match(number):
                    reading.problem(
                        line, value_col, _("“%(text)s” is not a number.") % {"text": stripped[:VALUE_TEXT_MAX]}
                    )
                    bad = True
                else:
                    try:
                        value = Decimal(number)
                    except InvalidOperation:
                        bad = True
                    else:
                        if value.adjusted() >= 16:
                            reading.problem(line, value_col, _("This number is too large."))
                            bad = True
        row = Row(line, int(year_text) if YEAR.match(year_text) else 0, value, value_text, labels)
        if unit_col:
            unit = unit_code(labels[unit_col])
            if unit is None:
                reading.problem(
                    line,
                    unit_col,
                    _("“%(text)s” is not a unit this platform knows: write %(units)s.")
                    % {"text": labels[unit_col][:40], "units": ", ".join(["%", "number", *Unit.values])},
                )
                bad = True
            else:
                row.unit = unit
        if sex_col:
            row.sex = sex_code(labels[sex_col]) or TOTAL
        if age_col:
            row.age = age_code(labels[age_col]) or TOTAL
        if urb_col:
            row.urbanisation = urbanisation_code(labels[urb_col]) or TOTAL
        if series_col:
            row.series = labels[series_col].strip()
            if not row.series and not has_series:
                reading.problem(line, series_col, _("No series: write the series code, or choose the series."))
                bad = True
        if geo_col:
            row.geo = labels[geo_col].strip()
        if not unit_col:
            text = " ".join(labels[c] for c in label_cols if labels[c].strip())
            row.unit_key = f"unit:{text}" if text else "unit:"
        duplicate_key = (year_text, tuple(labels[c] for c in others))
        first = seen_rows.get(duplicate_key)
        if first is None:
            seen_rows[duplicate_key] = (line, stripped)
        elif first[1] == stripped:
            reading.problem(
                line,
                "",
                _("This row repeats line %(first)d: same year, same breakdown, same value.") % {"first": first[0]},
            )
            bad = True
        else:
            reading.inferred.append(
                Inferred(
                    f"repeat:{line}",
                    _("Line %(line)d repeats the breakdown of line %(first)d") % {"line": line, "first": first[0]},
                    "keep both",
                    _(
                        "Same year and breakdown, another value (%(first_value)s on line %(first)d, %(value)s "
                        "here). Both are kept as the file wrote them; ask the country which is right."
                    )
                    % {"first_value": first[1] or "–", "first": first[0], "value": stripped or "–", "line": line},
                )
            )
        if not bad:
            rows.append(row)
    if comma_values:
        reading.decimal = ","
        reading.inferred.append(
            Inferred(
                "decimal",
                _("Decimal mark"),
                ",",
                _("The file is separated by “%(delimiter)s” and %(n)d values are written like 7,07.")
                % {"delimiter": reading.delimiter if reading.delimiter != "\t" else "tab", "n": comma_values},
            )
        )
    if not unit_col:
        _infer_units(reading)
    if not rows and not reading.problems:
        reading.problem(0, "", _("The file has a header but no rows."))


def _infer_units(reading: Reading) -> None:
    """No Units column. When labels speak of proportions (Jamaica's), each row's unit comes from its label
    ("Proportion", "%" → percent, else number; a "proportion" above 100 can only be a count), one inferred
    value per distinct label; otherwise one unit for the whole file, from its values. All to confirm."""
    by_label = any(PROPORTION_WORDS.search(row.unit_key) for row in reading.rows)
    if not by_label:
        if not reading.rows:
            return
        above_100 = any(r.value is not None and abs(r.value) > 100 for r in reading.rows)
        unit = Unit.NUMBER if above_100 else Unit.PERCENT
        why = (
            _("The file has no Units column and some values are above 100: they are counts.")
            if above_100
            else _("The file has no Units column and every value is between 0 and 100, as percentages are.")
        )
        for row in reading.rows:
            row.unit, row.unit_key = unit, "unit"
        reading.inferred.append(Inferred("unit", _("Unit of every row"), unit, why))
        return
    groups: dict[str, list[Row]] = {}
    for row in reading.rows:
        groups.setdefault(row.unit_key, []).append(row)
    for key, rows in groups.items():
        label = key[len("unit:") :]
        says_proportion = bool(PROPORTION_WORDS.search(label))
        above_100 = any(r.value is not None and r.value > 100 for r in rows)
        if says_proportion and not above_100:
            unit, why = Unit.PERCENT, _("The label says it is a proportion or a percentage.")
        elif says_proportion:
            unit, why = Unit.NUMBER, _("The label says proportion, but a value above 100 can only be a count.")
        else:
            unit, why = Unit.NUMBER, _("The label does not say proportion or percentage.")
        for row in rows:
            row.unit = unit
        reading.inferred.append(
            Inferred(key, _("Unit of “%(label)s”") % {"label": label or _("rows without a label")}, unit, why)
        )


def _read_meta(meta: bytes, reading: Reading) -> None:
    """An Open SDG metadata file (YAML, or Markdown with a YAML front matter) naming a national indicator
    (``indicator_available``, ``national_indicator_description``) means the figures are a proxy."""
    import yaml  # noqa: PLC0415

    text = meta.decode("utf-8-sig", errors="replace")
    if text.startswith("---"):
        text = text.split("---", 2)[1] if text.count("---") >= 2 else text
    try:
        fields = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        reading.problem(0, "", _("The metadata file cannot be read as YAML."))
        return
    if not isinstance(fields, dict):
        return
    national = fields.get("indicator_available") or fields.get("national_indicator_description")
    if national:
        definition = str(fields.get("national_indicator_description") or national)
        reading.inferred.append(
            Inferred(
                "proxy",
                _("Proxy"),
                "yes",
                _(
                    "The metadata names a national indicator (%(name)s): the figures follow a national measure "
                    "close to the SDG’s."
                )
                % {"name": str(national)[:200]},
            )
        )
        reading.inferred.append(
            Inferred(
                "national_definition",
                _("National definition"),
                definition[:4000],
                _("As the metadata file gives it."),
            )
        )
