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
from .models import Observation

DEFAULT_COLUMNS = ["Year", "SERIES", "REF_AREA", "SEX", "AGE", "URBANISATION", "UNIT_MEASURE", "Value"]


def _coded(observation: Observation, column: str) -> str:
    key = " ".join(column.strip().lower().split())
    if key in tidy.SEX_NAMES:
        return "" if observation.sex == "_T" else observation.sex
    if key in tidy.AGE_NAMES:
        return "" if observation.age == "_T" else observation.age
    if key in tidy.URBANISATION_NAMES:
        return "" if observation.urbanisation == "_T" else observation.urbanisation
    if key in tidy.UNIT_NAMES:
        return observation.unit
    if key in tidy.SERIES_NAMES:
        return observation.series.code
    if key in tidy.GEO_NAMES:
        return observation.geo_code or observation.area
    return ""


def _write(rows, columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    year_key = next((c for c in columns if c.strip().lower() in tidy.YEAR_NAMES), columns[0])
    value_key = next((c for c in reversed(columns) if c.strip().lower() in tidy.VALUE_NAMES), columns[-1])
    writer.writerow(columns)
    for observation in rows:
        labels = observation.labels or {}
        cells = []
        for column in columns:
            if column == year_key:
                cells.append(str(observation.year))
            elif column == value_key:
                cells.append(
                    observation.value_text
                    if observation.value_text or observation.value is None
                    else format(observation.value.normalize(), "f")
                )
            elif column in labels:
                cells.append(labels[column])
            else:
                cells.append(_coded(observation, column))
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def observations_csv(queryset, columns: list[str] | None = None) -> bytes:
    """The observations of ``queryset`` (in its order) under ``columns`` (by default the coded ones)."""
    columns = list(columns or DEFAULT_COLUMNS)
    return _write(queryset.select_related("series").iterator(chunk_size=5000), columns)


def dataset_csv(dataset) -> bytes:
    """The dataset as the file it came from: its columns in their order, its rows in the file's order."""
    columns = list(dataset.columns or DEFAULT_COLUMNS)
    return observations_csv(dataset.observations.order_by("row", "pk"), columns)
