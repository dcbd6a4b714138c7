"""Importing an Open SDG tidy CSV file: check (the report), confirm (the inferred values), land (the
dataset, whole or nothing, in the background with its progress). Interface stable; bodies being filled in."""

from __future__ import annotations

from django.utils import timezone

from alliance87.writes import require

from .models import Dataset, ImportStatus, IndicatorImport  # noqa: F401

STALE_AFTER = 60


def check(*, data: bytes, file_name: str, by, country=None, series=None, source: str = "") -> IndicatorImport:
    require(by, "indicators.import_data")
    raise NotImplementedError


def confirm(
    *, run: IndicatorImport, by, confirmed: dict[str, str], title: str = "", source: str = ""
) -> IndicatorImport:
    require(by, "indicators.import_data")
    raise NotImplementedError


def execute(*, run_id: int) -> None:
    raise NotImplementedError


def is_interrupted(run, now=None) -> bool:
    now = now or timezone.now()
    return (
        run.status == ImportStatus.RUNNING
        and run.heartbeat_at is not None
        and (now - run.heartbeat_at).total_seconds() > STALE_AFTER
    )


def progress(run) -> dict:
    percent = int(100 * run.done / run.total) if run.total else (100 if run.status == ImportStatus.LANDED else 0)
    return {
        "status": run.status,
        "stage": run.stage,
        "done": run.done,
        "total": run.total,
        "percent": percent,
        "dataset_url": None,
        "error": run.error,
    }
