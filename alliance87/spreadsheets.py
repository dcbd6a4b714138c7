"""CSV and XLSX downloads every app shares, safe to open in a spreadsheet.

Excel safety: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe, so a spreadsheet shows it and never runs it as a formula (CSV injection). Plain
numbers such as ``-5`` or ``+3.2`` are left as they are: they cannot hold a formula. In XLSX they are
written as numbers (sortable, summable), except codes with a leading zero ("007").

CSV is UTF-8 with a byte-order mark, so Excel reads the accents right (Nestlé, Côte d'Ivoire, العربية).
XLSX has one sheet, a bold header row frozen, an autofilter, and the column widths given.

The public interface: ``safe_cell(value)``, ``xlsx_cell(value)``, ``to_csv(header, rows)``,
``to_xlsx(header, rows, *, sheet, widths)``.
"""

import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
LEADING_ZERO = re.compile(r"^[+-]?0\d")  # "007" is a code, not the number 7


def safe_cell(value):
    """A value a spreadsheet shows as text, never runs: formula-like text gets a leading apostrophe."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def xlsx_cell(value):
    """Plain numbers as numbers; everything else through ``safe_cell``."""
    if isinstance(value, str) and PLAIN_NUMBER.match(value.strip()) and not LEADING_ZERO.match(value.strip()):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return safe_cell(value)
        return float(number) if "." in value else int(number)
    return safe_cell(value)


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark; every cell made safe; date-times as ``YYYY-MM-DD HH:MM``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                "" if v is None else v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime.datetime) else safe_cell(v)
                for v in row
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: list[list], *, sheet: str, widths: list[int]) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 -- loaded only when someone downloads
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]  # Excel's limit
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([xlsx_cell(v) for v in row])
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, str) and len(cell.value) > 40:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
