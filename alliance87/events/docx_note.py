"""A concept note in Word (.docx), read into the plain-text template that ``concept_note.parse`` reads.

Organisers write concept notes in Word. ``docx_to_text`` walks the document's body in order and writes
one line per paragraph (paragraphs separated by a blank line, line breaks kept), so the parser sees the
same template as in the plain-text file:

- section headings that Word numbers itself (“Keywords” with an automatic “I.”) get their numeral
  written out (“I. Keywords”), found by the heading's words;
- list paragraphs get their marker written out: “- ” for bullets (the speakers of a conversation),
  “1. ” for numbered lists;
- the session-flow table becomes tab-separated rows (slot, segment, lead, description), then a closing
  rule, so text after the table in that section is not read as rows; other tables become rows of
  cells separated by “ | ” (a date line laid out as a one-row table still reads as one);
- deleted text of tracked changes, and text boxes, are left out.

``note_text`` is what the command and the upload call: a Word document (recognised by its content,
not its name) or plain UTF-8 text.
"""

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .concept_note import SECTION_RE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc) and other old Office files
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a concept note is a few pages; more is a zip bomb
# Section headings Word may number itself, by their first words (the template's, in English).
KNOWN_SECTIONS = (
    ("I", ("keywords",)),
    ("II", ("background",)),
    ("III", ("key objectives", "objectives")),
    ("IV", ("expected outcomes",)),
    ("V", ("session format",)),
    ("VI", ("proposed speakers", "speakers")),
    ("VII", ("session flow",)),
    ("VIII", ("about organisers", "about the organisers")),
)
FLOW_RULE = "\t".join(["---"] * 4)
SKIPPED = {f"{W}del", f"{W}txbxContent", MC_FALLBACK, f"{W}pPr", f"{W}rPr", f"{W}instrText"}


def not_docx() -> ValidationError:
    return ValidationError(_("This file is not a Word document (.docx)."), code="not_docx")


def note_text(data: bytes, *, filename: str = "") -> str:
    """The concept note's text from a file: a Word document (by its content), or plain text in UTF-8.

    Raises ValidationError when it is neither.
    """
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)) or filename.casefold().endswith((".docx", ".doc")):
        return docx_to_text(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("This file is neither a Word document (.docx) nor plain text (UTF-8)."), code="not_text"
        ) from error


def _open(data: bytes):
    from docx import Document  # noqa: PLC0415 -- python-docx loads only when a note is read
    from docx.opc.exceptions import OpcError  # noqa: PLC0415
    from lxml.etree import LxmlError  # noqa: PLC0415

    if not data.startswith(ZIP_MAGIC):
        raise not_docx()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_docx() from error
    if "word/document.xml" not in names and not any(name.endswith("/document.xml") for name in names):
        raise not_docx()
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(_("This Word document is too large to be a concept note."), code="too_large")
    try:
        return Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, OpcError, LxmlError) as error:
        raise not_docx() from error


def _text(element) -> str:
    """The visible text under ``element``: runs' text, tabs and line breaks; not deletions or text boxes."""
    parts = []

    def walk(node):
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                if child.get(f"{W}type") != "page":
                    parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(element)
    return "".join(parts).replace("\u00a0", " ")


def _blocks(body):
    """Paragraphs and tables of the body, in order, looking inside content controls."""
    for child in body:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content)


class _Lists:
    """Which paragraphs are list items, and their marker (“- ” or “3. ”)."""

    def __init__(self, document):
        self.styles = {}
        styles_element = document.styles.element
        for style in styles_element.findall(f"{W}style"):
            self.styles[style.get(f"{W}styleId")] = style
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
        self.formats: dict[tuple[str, str], str] = {}
        if numbering is not None:
            abstract = {
                a.get(f"{W}abstractNumId"): {
                    lvl.get(f"{W}ilvl"): (
                        lvl.find(f"{W}numFmt").get(f"{W}val") if lvl.find(f"{W}numFmt") is not None else ""
                    )
                    for lvl in a.findall(f"{W}lvl")
                }
                for a in numbering.findall(f"{W}abstractNum")
            }
            for num in numbering.findall(f"{W}num"):
                ref = num.find(f"{W}abstractNumId")
                levels = abstract.get(ref.get(f"{W}val"), {}) if ref is not None else {}
                for level, fmt in levels.items():
                    self.formats[(num.get(f"{W}numId"), level)] = fmt
        self.counters: dict[tuple[str, str], int] = {}

    def style_id(self, paragraph) -> str:
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        return style.get(f"{W}val") if style is not None else ""

    def _num_pr(self, paragraph):
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            return num_pr
        style_id, seen = self.style_id(paragraph), set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                return None
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                return num_pr
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else ""
        return None

    def is_heading(self, paragraph) -> bool:
        style_id = self.style_id(paragraph).casefold()
        return style_id.startswith(("heading", "title")) or paragraph.find(f"{W}pPr/{W}outlineLvl") is not None

    def marker(self, paragraph) -> str | None:
        """“- ” or “N. ” for a list item; None for any other paragraph."""
        num_pr = self._num_pr(paragraph)
        if num_pr is None:
            return None
        num_id = num_pr.find(f"{W}numId")
        level = num_pr.find(f"{W}ilvl")
        num_id = num_id.get(f"{W}val") if num_id is not None else None
        level = level.get(f"{W}val") if level is not None else "0"
        if not num_id or num_id == "0":
            return None
        fmt = self.formats.get((num_id, level), "bullet")
        if fmt in ("decimal", "decimalZero", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman"):
            key = (num_id, level)
            self.counters[key] = self.counters.get(key, 0) + 1
            return f"{self.counters[key]}. "
        return "- "


def _known_section(text: str) -> str | None:
    words = text.strip().casefold()
    for numeral, starts in KNOWN_SECTIONS:
        if words.startswith(starts):
            return numeral
    return None


def _cell_text(cell) -> str:
    return " ".join(" ".join(_text(p).split()) for p in cell.iter(f"{W}p")).strip()


def _rows(table) -> list[list[str]]:
    rows = []
    for row in table.findall(f"{W}tr"):
        rows.append([_cell_text(cell) for cell in row.findall(f"{W}tc")])
    return rows


def docx_to_text(data: bytes) -> str:
    """The concept note in ``data`` (a .docx file) as the plain-text template. Raises ValidationError."""
    document = _open(data)
    lists = _Lists(document)
    lines: list[str] = []
    section = None
    for block in _blocks(document.element.body):
        if block.tag == f"{W}tbl":
            rows = [row for row in _rows(block) if any(row)]
            is_flow = section == "VII" or bool(rows and rows[0] and rows[0][0].casefold() == "slot")
            if is_flow:
                lines.extend("\t".join(row) for row in rows)
                lines.extend([FLOW_RULE, ""])
            else:
                lines.extend(" | ".join(cell for cell in row if cell) for row in rows)
                lines.append("")
            continue
        text = _text(block).strip("\n")
        if not text.strip():
            continue
        match = SECTION_RE.match(text.strip())
        marker = lists.marker(block)
        if match:
            section = match["numeral"]
        elif (marker or lists.is_heading(block)) and len(text) < 120 and (numeral := _known_section(text)):
            section, text, marker = numeral, f"{numeral}. {text.strip()}", None
        if marker:
            text = marker + text.lstrip()
        lines.extend([text, ""])
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
