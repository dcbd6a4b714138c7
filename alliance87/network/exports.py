"""The partner directory as CSV and XLSX: the rows the page shows with its filters, the columns it shows.

Excel safety as in the Pathfinder exports: a text cell that starts like a formula (``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading apostrophe, so a spreadsheet shows it and never runs it.
CSV is UTF-8 with a byte-order mark, so Excel reads the accents right (Nestlé).
"""

import csv
import io

from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def directory_header() -> list[str]:
    return [_("Name"), _("Acronym"), _("Kind"), _("Country"), _("Page")]


def directory_rows(organisations, base_url: str) -> list[list[str]]:
    return [
        [
            org.name,
            org.acronym,
            str(org.get_kind_display()),
            org.country.name if org.country_id else "",
            base_url + org.get_absolute_url(),
        ]
        for org in organisations
    ]


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: list[list[str]], *, sheet: str) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 -- loaded only when someone downloads
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([safe_cell(cell) for cell in row])
    for index, width in enumerate([44, 12, 28, 28, 60], 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
