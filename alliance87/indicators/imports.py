"""Importing an Open SDG tidy CSV file: the check (its report), the confirmation of what was inferred, the
landing (a draft dataset, whole or nothing, in the background with its progress).

Writes (each checks ``indicators.import_data`` here, for pages, the API and the CLI alike):
- ``check``: stores the file in an ``IndicatorImport``, reads it (``tidy.read``) and writes its report:
  ``{"problems": [{"line", "column", "message"}], "inferred": [{"key", "what", "value", "why"}],
  "summary": {...}, "preview": [first 20 rows]}``. Line 0 is the file as a whole, line 1 its header. Any
  problem: ``REFUSED`` (nothing lands). Otherwise ``PREVIEW``. A file whose digest already landed (in a
  dataset not withdrawn) is refused, naming the date and the dataset.
- ``confirm``: every inferred key confirmed (its value, or a corrected one), then ``QUEUED``; the landing
  runs after the commit in a thread of this process (done at once on the tests' in-memory SQLite).
- ``execute``: the landing: reads the stored file again with what was confirmed, creates the ``Dataset``
  (draft) and its ``Observation`` rows in ONE transaction (``executemany`` in batches; no query per row;
  countries from one dict). Progress is written at most every ``PROGRESS_EVERY`` seconds (on PostgreSQL
  through a second connection, so a page sees it while the transaction is open); a ticker keeps the
  heartbeat fresh. A run ``RUNNING`` with a heartbeat older than ``STALE_AFTER`` lost its process
  (``is_interrupted``); nothing of it was saved.
"""

from __future__ import annotations

import functools
import logging
import time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from alliance87 import background, dates
from alliance87.network.models import Country
from alliance87.writes import require

from . import tidy
from .codes import SDG_REGION_M49, WORLD
from .models import Dataset, DatasetStatus, ImportStatus, IndicatorImport, Observation, Series, Unit

log = logging.getLogger(__name__)

PERM = "indicators.import_data"
PROGRESS_EVERY = 0.5  # seconds between two progress writes
HEARTBEAT_EVERY = 10  # seconds: the ticker's beat
STALE_AFTER = 60  # seconds without a heartbeat: the process landing it is gone
BATCH = 2000
PREVIEW_ROWS = 20
QUANT = Decimal("0.00000001")
YES = {"yes", "y", "true", "1", "oui", "sí", "si"}
NO = {"no", "n", "false", "0", "non"}
REGION_CODES = {WORLD, *SDG_REGION_M49.values()}


# --- Areas ---------------------------------------------------------------------------------------------


def m49_of(code: str) -> str:
    """The M49 code (3 digits) of an ISO alpha-2 country code; '' if it has none."""
    number = countries.numeric(code)
    return f"{number:03d}" if number else ""


@functools.lru_cache(maxsize=4096)
def area_of(text: str) -> tuple[str, str]:
    """A REF_AREA/GeoCode cell (ISO alpha-2, alpha-3 or M49) → (M49, ISO alpha-2 or '' for a region)."""
    text = text.strip().upper()
    if not text:
        return "", ""
    if text.isdigit() and len(text) <= 3:
        m49 = text.zfill(3)
        if m49 in REGION_CODES:
            return m49, ""
        alpha2 = countries.alpha2(int(m49))
        return (m49, alpha2) if alpha2 else ("", "")
    alpha2 = countries.alpha2(text)
    if alpha2:
        return m49_of(alpha2), alpha2
    return "", ""


def _is_national(geo: str, country_code: str) -> bool:
    geo = geo.strip().upper()
    if not geo or set(geo) == {"0"}:
        return True
    return area_of(geo)[1] == country_code


# --- The check ---------------------------------------------------------------------------------------------


def _read(run: IndicatorImport, data: bytes, *, meta: bytes | None = None) -> tidy.Reading:
    return tidy.read(
        data,
        has_country=run.country_id is not None,
        has_series=run.series_id is not None,
        encoding=run.options.get("encoding", ""),
        meta=meta,
    )


def _dataset_url(dataset: Dataset) -> str:
    for name in ("indicators:dataset", "indicators:import_dataset"):
        try:
            return reverse(name, args=[dataset.pk])
        except NoReverseMatch:
            continue
    return ""


def _place(reading: tidy.Reading, run: IndicatorImport, series_by_code: dict[str, Series]) -> None:
    """Areas and series, checked per line (the only checks that need the database: done with two queries)."""
    geo_col = reading.column_of.get("geo")
    series_col = reading.column_of.get("series")
    kept = []
    for row in reading.rows:
        bad = False
        if run.country_id is None and geo_col:
            m49, _alpha2 = area_of(row.geo)
            if not m49:
                reading.problem(
                    row.line,
                    geo_col,
                    _("“%(text)s” is not a country code (ISO alpha-2, alpha-3 or M49) nor a region’s M49 code.")
                    % {"text": row.geo[:40]},
                )
                bad = True
        if series_col and row.series and row.series not in series_by_code:
            reading.problem(
                row.line,
                series_col,
                _("“%(text)s” is not a series of this platform. Add the series first, or correct the code.")
                % {"text": row.series[:40]},
            )
            bad = True
        if not bad:
            kept.append(row)
    reading.rows = kept


def _summary(reading: tidy.Reading, run: IndicatorImport, data: bytes) -> dict:
    rows = reading.rows
    years = sorted({r.year for r in rows})
    if run.country_id is not None:
        areas = [m49_of(run.country.code.code)]
    else:
        areas = sorted({area_of(r.geo)[0] for r in rows} - {""})
    series = sorted({r.series for r in rows if r.series} | ({run.series.code} if run.series_id else set()))
    values = sum(1 for r in rows if r.value is not None)
    return {
        "rows": len(rows),
        "values": values,
        "empty_values": len(rows) - values,
        "years": years,
        "areas": areas,
        "geo_codes": len({r.geo for r in rows if r.geo}),
        "series": series,
        "columns": reading.columns,
        "encoding": reading.encoding,
        "delimiter": reading.delimiter,
        "decimal": reading.decimal,
        "format": reading.format,
        "bytes": len(data),
    }


def _preview(reading: tidy.Reading) -> list[dict]:
    roles = reading.column_of
    out = []
    for row in reading.rows[:PREVIEW_ROWS]:
        cells = {}
        for column in reading.columns:
            if column == roles.get("year"):
                cells[column] = str(row.year)
            elif column == roles.get("value"):
                cells[column] = row.value_text
            else:
                cells[column] = row.labels.get(column, "")
        out.append(cells)
    return out


def check(
    *,
    data: bytes,
    file_name: str,
    by,
    country=None,
    series=None,
    source: str = "",
    meta: bytes | None = None,
) -> IndicatorImport:
    """Store and check a file; returns the run (``PREVIEW``, or ``REFUSED`` with its problems).

    ``country``: the country whose file it is (GeoCode/REF_AREA are then its sub-national areas);
    ``series``: the series it holds when it has no Series column; ``meta``: its Open SDG metadata file.
    Side effects: an ``IndicatorImport`` row and the stored file (not stored when over the size limit).
    """
    require(by, PERM)
    file_name = (file_name or "indicator.csv").replace("\x00", "")[:255]
    digest = IndicatorImport.digest(data)
    run = IndicatorImport(
        file_name=file_name,
        file_sha256=digest,
        country=country,
        series=series,
        options={"source": source[:500].replace("\x00", "")},
        created_by=by,
    )
    if len(data) <= tidy.MAX_BYTES:
        run.file.save(file_name, ContentFile(data), save=False)
    reading = _read(run, data, meta=meta)
    if not reading.problems:
        codes = {r.series for r in reading.rows if r.series}
        series_by_code = {s.code: s for s in Series.objects.filter(code__in=codes)} if codes else {}
        _place(reading, run, series_by_code)
    earlier = (
        Dataset.objects.filter(file_sha256=digest)
        .exclude(status=DatasetStatus.WITHDRAWN)
        .order_by("created_at")
        .first()
    )
    problems = reading.problem_dicts()
    if earlier is not None:
        problems.insert(
            0,
            {
                "line": 0,
                "column": "",
                "message": _("This file was landed before, on %(date)s, as “%(title)s”.")
                % {"date": dates.day(earlier.created_at), "title": earlier.title},
                "link": _dataset_url(earlier),
            },
        )
    run.report = {
        "problems": problems,
        "inferred": [i.as_dict() for i in reading.inferred],
        "summary": _summary(reading, run, data),
        "preview": _preview(reading),
    }
    run.status = ImportStatus.REFUSED if problems else ImportStatus.PREVIEW
    run.total = len(reading.rows)
    run.save()
    return run


# --- The confirmation -------------------------------------------------------------------------------------


def _confirmed_value(item: dict, value: str) -> str | None:
    """The confirmed ``value`` for an inferred ``item``, normalised; None when it cannot stand."""
    key, value = item["key"], (value or "").strip()
    if key.startswith("unit"):
        return tidy.unit_code(value)
    if key == "proxy":
        low = value.lower()
        return "yes" if low in YES else "no" if low in NO else None
    if key == "encoding":
        try:
            "".encode(value)
        except LookupError:
            return None
        return value
    if key == "decimal":
        return value if value in (",", ".") else None
    if key == "format":
        return value if value == "xlsx" else None
    if key.startswith("repeat:"):
        return value if value == "keep both" else None
    return value[:4000] if value else None


def confirm(
    *,
    run: IndicatorImport,
    by,
    confirmed: dict[str, str],
    title: str = "",
    source: str = "",
    background: bool | None = None,
    report=None,
) -> IndicatorImport:
    """Confirm every inferred value and queue the landing. Refused (``ValidationError``) when the run is not
    waiting for confirmation or a key is missing or holds a value that cannot stand, naming them.

    ``background``: land in a thread after the commit (default: yes, except on the tests' in-memory
    database); the CLI lands in the foreground, with ``report(stage, done, total)`` drawing its bar."""
    require(by, PERM)
    run.refresh_from_db()
    if run.status != ImportStatus.PREVIEW:
        raise ValidationError(
            _("This import is not waiting for confirmation (it is “%(status)s”).")
            % {"status": run.get_status_display()}
        )
    confirmed = {str(k): str(v).replace("\x00", "") for k, v in (confirmed or {}).items()}
    missing, wrong, values = [], [], {}
    for item in run.report.get("inferred", []):
        if item["key"] not in confirmed:
            missing.append(item["what"])
            continue
        value = _confirmed_value(item, confirmed[item["key"]])
        if value is None:
            wrong.append(f"{item['what']}: “{confirmed[item['key']][:40]}”")
        else:
            values[item["key"]] = value
    if missing:
        raise ValidationError(_("Confirm these values first: %(names)s.") % {"names": "; ".join(missing)})
    if wrong:
        raise ValidationError(_("These values cannot stand: %(names)s.") % {"names": "; ".join(wrong)})
    source = (source or run.options.get("source", "")).replace("\x00", "").strip()
    if not source:
        raise ValidationError({"source": _("Say who published these figures, and where.")})
    if len(source) > 500:
        raise ValidationError({"source": _("Keep the source under 500 characters.")})
    title = (title or "").replace("\x00", "").strip()
    if len(title) > 300:
        raise ValidationError({"title": _("Keep the title under 300 characters.")})
    run.confirmed = values
    run.options = {**run.options, "source": source, "title": title}
    if "encoding" in values:
        run.options["encoding"] = values["encoding"]
    run.status = ImportStatus.QUEUED
    run.stage = "queued"
    run.done = 0
    run.save(update_fields=["confirmed", "options", "status", "stage", "done"])
    if _in_background() if background is None else background:
        transaction.on_commit(lambda: _start_thread(run.pk))
    else:
        execute(run_id=run.pk, report=report)
        run.refresh_from_db()
    return run


def _in_background() -> bool:
    """A thread of this process, except under the tests (an in-memory SQLite database is seen by the
    thread that made it only; a test's transaction never commits): there the landing is done before
    ``confirm`` returns. ``INDICATOR_IMPORTS_IN_BACKGROUND`` decides when set."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return False
    return getattr(settings, "INDICATOR_IMPORTS_IN_BACKGROUND", not getattr(settings, "TESTING", False))


def _start_thread(run_id: int) -> None:
    background.start(lambda: _run_in_thread(run_id), name=f"indicator-import-{run_id}")


def _run_in_thread(run_id: int) -> None:
    background.with_heartbeat(
        lambda: execute(run_id=run_id),
        beat=lambda: IndicatorImport.objects.filter(pk=run_id, status=ImportStatus.RUNNING).update(
            heartbeat_at=timezone.now()
        ),
        every=HEARTBEAT_EVERY,
        name=f"indicator-import-{run_id}",
    )


# --- The landing ------------------------------------------------------------------------------------------


class _Progress:
    """Writes stage/done/total at most every PROGRESS_EVERY seconds. Inside the landing's transaction it
    writes through a second connection on PostgreSQL (seen at once); elsewhere through the main one."""

    def __init__(self, run_id: int, total: int, report=None):
        self.run_id, self.total, self.report = run_id, total, report
        self.last = 0.0
        self.stage = ""
        self.writes = 0
        self.side = connections.create_connection("default") if connection.vendor == "postgresql" else None

    def __call__(self, stage: str, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and stage == self.stage and now - self.last < PROGRESS_EVERY:
            return
        self.stage, self.last = stage, now
        self.writes += 1
        if self.report:
            self.report(stage, done, self.total)
        try:
            if self.side is not None:
                with self.side.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {IndicatorImport._meta.db_table} SET stage = %s, done = %s, total = %s, "  # noqa: S608
                        "heartbeat_at = %s WHERE id = %s",
                        [stage[:40], done, self.total, timezone.now(), self.run_id],
                    )
            else:
                IndicatorImport.objects.filter(pk=self.run_id).update(
                    stage=stage[:40], done=done, total=self.total, heartbeat_at=timezone.now()
                )
        except DatabaseError:
            log.warning("Indicator import %s: its progress could not be written", self.run_id, exc_info=True)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


# The observation's columns written by the landing, in this order; every other column takes its default.
COLUMNS = (
    "dataset_id",
    "series_id",
    "row",
    "year",
    "area",
    "country_id",
    "geo_code",
    "value",
    "value_text",
    "sex",
    "age",
    "urbanisation",
    "labels",
    "unit",
    "is_proxy",
    "obs_status",
    "nature",
    "note",
)


def _observation_rows(run: IndicatorImport, reading: tidy.Reading, dataset: Dataset, series_by_code, countries_by_code):
    """One tuple per row, in ``COLUMNS`` order, prepared for the database as the fields themselves prepare
    them (the value and the labels through their fields; the rest are plain numbers and text)."""
    confirmed = run.confirmed
    is_proxy = confirmed.get("proxy") == "yes"
    default_series_id = run.series_id
    series_ids = {code: s.pk for code, s in series_by_code.items()}
    country = run.country
    national_m49 = m49_of(country.code.code) if country else ""
    national_code = country.code.code if country else ""
    country_ids = {code: c.pk for code, c in countries_by_code.items()}
    file_unit = confirmed.get("unit")
    value_field = Observation._meta.get_field("value")
    labels_field = Observation._meta.get_field("labels")
    obs_status = Observation._meta.get_field("obs_status").get_default()
    nature = Observation._meta.get_field("nature").get_default()
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-thread proxy, in the loop
    adapt_value = db.ops.adapt_decimalfield_value
    prep_labels = labels_field.get_db_prep_save
    prepared_labels: dict[tuple, object] = {}  # rows share their labels: each distinct set prepared once
    digits, places = value_field.max_digits, value_field.decimal_places
    for row in reading.rows:
        if row.unit_key:
            unit = confirmed.get(row.unit_key, file_unit or row.unit)
        else:
            unit = row.unit or Unit.PERCENT
        if country is not None:
            area, country_id = national_m49, country.pk
            geo = "" if _is_national(row.geo, national_code) else row.geo
        else:
            area, alpha2 = area_of(row.geo)
            country_id = country_ids.get(alpha2)
            geo = ""
        value = adapt_value(row.value.quantize(QUANT), digits, places) if row.value is not None else None
        key = tuple(row.labels.items())
        labels = prepared_labels.get(key)
        if labels is None:
            labels = prepared_labels[key] = prep_labels(row.labels, db)
        yield (
            dataset.pk,
            series_ids[row.series] if row.series else default_series_id,
            row.line,
            row.year,
            area,
            country_id,
            geo[:40],
            value,
            row.value_text,
            row.sex,
            row.age[:12],
            row.urbanisation,
            labels,
            unit,
            is_proxy,
            obs_status,
            nature,
            "",
        )


def _insert(rows: list[tuple]) -> None:
    """Write a batch of prepared rows with one ``executemany`` (the ORM's ``bulk_create`` builds a model
    object and prepares each field of each row: five times the cost at 120,000 rows)."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    names = ", ".join(connection.ops.quote_name(Observation._meta.get_field(c).column) for c in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 -- names are ours


def execute(*, run_id: int, report=None) -> None:
    """Land the queued run ``run_id``: whole or nothing. ``report(stage, done, total)``, if given, hears
    each progress write (the CLI draws its bar with it)."""
    started = timezone.now()
    claimed = IndicatorImport.objects.filter(pk=run_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, stage="reading", started_at=started, heartbeat_at=started
    )
    if not claimed:
        return
    run = IndicatorImport.objects.select_related("country", "series", "created_by").get(pk=run_id)
    progress = _Progress(run_id, run.total, report)
    try:
        progress("reading", 0, force=True)
        with run.file.open("rb") as handle:
            data = handle.read()
        reading = _read(run, data)
        codes = {r.series for r in reading.rows if r.series}
        series_by_code = {s.code: s for s in Series.objects.filter(code__in=codes)} if codes else {}
        _place(reading, run, series_by_code)
        if reading.problems:
            raise ValueError(_("The file no longer reads as it did when it was checked."))
        alpha2s = {area_of(r.geo)[1] for r in reading.rows} - {""} if run.country_id is None else set()
        countries_by_code = {c.code.code: c for c in Country.objects.filter(code__in=alpha2s)} if alpha2s else {}
        total = len(reading.rows)
        progress.total = total
        with transaction.atomic():
            dataset = Dataset.objects.create(
                title=(run.options.get("title") or _default_title(run, reading))[:300],
                country=run.country,
                status=DatasetStatus.DRAFT,
                source=run.options.get("source", "")[:500],
                national_definition=run.confirmed.get("national_definition", "")[:4000],
                is_proxy=run.confirmed.get("proxy") == "yes",
                columns=reading.columns,
                file_name=run.file_name,
                file_sha256=run.file_sha256,
                created_by=run.created_by,
            )
            batch, done = [], 0
            for values in _observation_rows(run, reading, dataset, series_by_code, countries_by_code):
                batch.append(values)
                if len(batch) >= BATCH:
                    _insert(batch)
                    done += len(batch)
                    batch = []
                    progress("landing", done)
            if batch:
                _insert(batch)
                done += len(batch)
            IndicatorImport.objects.filter(pk=run_id).update(
                status=ImportStatus.LANDED,
                stage="landed",
                done=done,
                total=total,
                dataset=dataset,
                finished_at=timezone.now(),
                heartbeat_at=timezone.now(),
            )
        if report:
            report("landed", done, total)
    except Exception as error:  # noqa: BLE001 -- any failure ends the run with a message; nothing was saved
        log.exception("Indicator import %s failed", run_id)
        IndicatorImport.objects.filter(pk=run_id).update(
            status=ImportStatus.FAILED,
            error=_("The landing stopped and nothing was saved: %(error)s")
            % {"error": str(error) or type(error).__name__},
            finished_at=timezone.now(),
        )
    finally:
        progress.close()


def _default_title(run: IndicatorImport, reading: tidy.Reading) -> str:
    years = sorted({r.year for r in reading.rows})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    where = run.country.name if run.country_id else _("several areas")
    what = run.series.code if run.series_id else ", ".join(sorted({r.series for r in reading.rows if r.series}))
    return f"{what} · {where} · {span}"


# --- Reading a run ------------------------------------------------------------------------------------------


def is_interrupted(run, now=None) -> bool:
    """RUNNING with a heartbeat older than STALE_AFTER seconds: its process stopped; nothing was saved."""
    now = now or timezone.now()
    return (
        run.status == ImportStatus.RUNNING
        and run.heartbeat_at is not None
        and (now - run.heartbeat_at).total_seconds() > STALE_AFTER
    )


def progress(run) -> dict:
    if run.status == ImportStatus.LANDED:
        percent = 100
    else:
        percent = min(99, int(100 * run.done / run.total)) if run.total and run.status == ImportStatus.RUNNING else 0
    return {
        "status": run.status,
        "stage": run.stage,
        "done": run.done,
        "total": run.total,
        "percent": percent,
        "dataset_url": _dataset_url(run.dataset) if run.dataset_id else None,
        "error": run.error
        or (_("Interrupted: the process landing it stopped. Nothing was saved.") if is_interrupted(run) else ""),
    }
