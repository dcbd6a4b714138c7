"""Writing indicator data back in the Open SDG tidy CSV format: ``Year`` first, ``Value`` last, the file's
own columns between, in their order, each cell as the file wrote it (``Observation.labels``, ``value_text``).

``read(dataset_csv(landed))`` gives the rows and values of the file that was landed, and export → import →
export gives the same bytes: UTF-8 without a BOM, ``\\n`` line endings, cells quoted only when they must be.
Observations without ``labels`` (a loader's) get their columns from their codes (SEX, AGE, URBANISATION,
UNIT_MEASURE, SERIES, REF_AREA).
"""

from __future__ import annotations

import csv
import io

from . import tidy

DEFAULT_COLUMNS = ["Year", "SERIES", "REF_AREA", "SEX", "AGE", "URBANISATION", "UNIT_MEASURE", "Value"]


FIELDS = (
    "year",
    "value",
    "value_text",
    "labels",
    "sex",
    "age",
    "urbanisation",
    "unit",
    "series__code",
    "geo_code",
    "area",
)


def _column_reader(column: str):
    """How to fill ``column`` from an observation's row (a dict of ``FIELDS``) when its labels lack it:
    decided once per column, not once per cell."""
    key = " ".join(column.strip().lower().split())
    if key in tidy.SEX_NAMES:
        return lambda row: "" if row["sex"] == "_T" else row["sex"]
    if key in tidy.AGE_NAMES:
        return lambda row: "" if row["age"] == "_T" else row["age"]
    if key in tidy.URBANISATION_NAMES:
        return lambda row: "" if row["urbanisation"] == "_T" else row["urbanisation"]
    if key in tidy.UNIT_NAMES:
        return lambda row: row["unit"]
    if key in tidy.SERIES_NAMES:
        return lambda row: row["series__code"]
    if key in tidy.GEO_NAMES:
        return lambda row: row["geo_code"] or row["area"]
    return lambda row: ""


def _value_cell(row) -> str:
    if row["value_text"] or row["value"] is None:
        return row["value_text"]
    return format(row["value"].normalize(), "f")


def _write(rows, columns: list[str]) -> bytes:
    """``rows``: dicts of ``FIELDS`` (``.values(*FIELDS)``), one per observation, in the file's order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    year_key = next((c for c in columns if c.strip().lower() in tidy.YEAR_NAMES), columns[0])
    value_key = next((c for c in reversed(columns) if c.strip().lower() in tidy.VALUE_NAMES), columns[-1])
    writer.writerow(columns)
    readers = [_column_reader(column) for column in columns]
    for row in rows:
        labels = row["labels"] or {}
        cells = []
        for column, reader in zip(columns, readers, strict=True):
            if column == year_key:
                cells.append(str(row["year"]))
            elif column == value_key:
                cells.append(_value_cell(row))
            elif column in labels:
                cells.append(labels[column])
            else:
                cells.append(reader(row))
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def observations_csv(queryset, columns: list[str] | None = None) -> bytes:
    """The observations of ``queryset`` (in its order) under ``columns`` (by default the coded ones)."""
    columns = list(columns or DEFAULT_COLUMNS)
    return _write(queryset.values(*FIELDS).iterator(chunk_size=5000), columns)


def dataset_csv(dataset) -> bytes:
    """The dataset as the file it came from: its columns in their order, its rows in the file's order."""
    columns = list(dataset.columns or DEFAULT_COLUMNS)
    return observations_csv(dataset.observations.order_by("row", "pk"), columns)
