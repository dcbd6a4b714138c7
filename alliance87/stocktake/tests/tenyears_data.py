"""Rows for the ten-year stocktake's tests and bench: the real loaders, plus example rows made here."""

import datetime
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from alliance87.indicators import codes
from alliance87.indicators.models import Dataset, DatasetStatus, Observation, Series, SeriesKind, Unit


def load_real_data() -> None:
    """The facts the platform ships: the network (as the ``alliance`` fixture has it), the indicator
    series and global figures, the stated counts of Pathfinder Countries."""
    call_command("load_indicator_data", verbosity=0)
    call_command("load_stocktake_facts", verbosity=0)


def estimate(code: str, year: int, value: str, *, source: str = "Example source", published: bool = True):
    """One world figure of a global-estimate series in a dataset of its own (an example)."""
    series, _created = Series.objects.get_or_create(
        code=code, defaults={"title": code, "kind": SeriesKind.ESTIMATE, "unit": Unit.MILLIONS}
    )
    dataset = Dataset.objects.create(
        title=f"Example {code} {year}",
        source=source,
        source_date=datetime.date(year + 1, 1, 1),
        status=DatasetStatus.PUBLISHED if published else DatasetStatus.DRAFT,
        published_at=timezone.now() if published else None,
        is_example=True,
    )
    return Observation.objects.create(
        dataset=dataset,
        series=series,
        row=2,
        year=year,
        area=codes.WORLD,
        value=Decimal(value),
        value_text=value,
        unit=Unit.MILLIONS,
    )
