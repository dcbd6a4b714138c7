"""Reading an analyst's answers file: CSV in whatever encoding and delimiter a spreadsheet wrote.

Excel writes UTF-8 with a byte-order mark, or Windows-1252 ("ANSI"), or UTF-16 ("Unicode text", tabs);
French and Spanish settings use ``;``. All are read; every problem is said with its line, so the
analyst can fix the file rather than guess.
"""

import csv
import io
from pathlib import Path

from .engine import Answer

REQUIRED = ("id", "answer")
OPTIONAL = ("language", "stakeholder_group", "region")
MAX_BYTES = 50 * 1024 * 1024
MAX_ANSWER_CHARS = 20_000


class AnswersFileError(ValueError):
    """What is wrong with the file, in a sentence that names the line or column."""


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read in."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "UTF-8 with BOM"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # Windows-1252 is a superset of latin-1's printable range and what Excel's "CSV" writes in Europe.
        return raw.decode("cp1252", errors="replace"), "Windows-1252 (latin-1)"


def read_answers(path: Path) -> tuple[list[Answer], str]:
    """The answers in the file and the encoding it was read in; AnswersFileError when it cannot be used."""
    if not path.is_file():
        raise AnswersFileError(f"{path}: no such file.")
    if path.stat().st_size > MAX_BYTES:
        raise AnswersFileError(f"{path} is larger than 50 MB: split it into several files.")
    content, encoding = decode(path.read_bytes())
    if "\x00" in content:
        raise AnswersFileError(f"{path} contains NUL characters: it is not a text file, or not in a known encoding.")
    if not content.strip():
        raise AnswersFileError(f"{path} is empty: it needs a header line with at least the columns id and answer.")
    header_line = content.lstrip().splitlines()[0]
    delimiter = max((";", ",", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(content.lstrip()), delimiter=delimiter)
    header = [name.strip().casefold() for name in next(reader)]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise AnswersFileError(
            f"{path} has no column {' and no column '.join(missing)} (columns found: {', '.join(header)}). "
            f"Needed: id and answer; optional: {', '.join(OPTIONAL)}."
        )
    columns = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    answers, first_line = [], {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[index].strip() if index < len(row) else "") for name, index in columns.items()}
        if not values["id"]:
            raise AnswersFileError(f"Line {line}: the id is empty.")
        if values["id"] in first_line:
            raise AnswersFileError(
                f"Line {line}: the id {values['id']} is used again (first on line {first_line[values['id']]})."
            )
        if len(values["answer"]) > MAX_ANSWER_CHARS:
            raise AnswersFileError(f"Line {line}: the answer is longer than {MAX_ANSWER_CHARS:,} characters.")
        first_line[values["id"]] = line
        answers.append(
            Answer(
                id=values["id"],
                text=values["answer"],
                language=values.get("language", "").casefold(),
                stakeholder_group=values.get("stakeholder_group", ""),
                region=values.get("region", ""),
            )
        )
    if not answers:
        raise AnswersFileError(f"{path} has a header line but no answers.")
    return answers, encoding
