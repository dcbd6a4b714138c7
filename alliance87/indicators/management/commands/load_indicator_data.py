"""``alliance87 load-indicator-data``: the indicator series and the global figures. Safe to run again.

- The series of SDG indicator 8.7.1 and the global estimates (``facts.SERIES``): created when missing; a
  title or definition the secretariat has since edited in the admin is kept unless ``--refresh``.
- The global and regional figures (``facts.GLOBAL_DATASETS``), each dataset with its source and the
  source's publication month, published at once (they are no country's figures, so no notice is due). The
  loader owns these datasets: run again, it finds each by its title and puts its figures back exactly.
- The four national files in ``alliance87/data/sdg-8.7.1/`` (Mexico, Jamaica, Armenia, Kazakhstan): TODO,
  through the import services (``indicators.imports``) once they land files; not loaded yet.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alliance87.indicators import facts
from alliance87.indicators.models import (
    TOTAL,
    Dataset,
    DatasetStatus,
    Nature,
    Observation,
    Series,
)
from alliance87.pagecache import public_pages_changed


class Command(BaseCommand):
    help = "Load the indicator series and the global figures of Target 8.7, each with its source."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh", action="store_true", help="Put the loaded titles and definitions back over later edits."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        series = self._series(refresh=bool(options.get("refresh")))
        datasets = self._global_datasets(series)
        public_pages_changed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Indicator data loaded: {len(series)} series, {len(datasets)} global datasets, "
                f"{Observation.objects.filter(dataset__in=datasets).count()} figures."
            )
        )

    def _series(self, *, refresh: bool) -> dict[str, Series]:
        loaded = {}
        for code, (kind, indicator, title, definition, unit, custodian, position) in facts.SERIES.items():
            values = {
                "kind": kind,
                "indicator": indicator,
                "title": title,
                "definition": definition,
                "unit": unit,
                "custodian": custodian,
                "position": position,
            }
            if refresh:
                loaded[code], _created = Series.objects.update_or_create(code=code, defaults=values)
            else:
                loaded[code], _created = Series.objects.get_or_create(code=code, defaults=values)
        return loaded

    def _global_datasets(self, series: dict[str, Series]) -> list[Dataset]:
        now = timezone.now()
        datasets = []
        for title, source, source_date, figures in facts.GLOBAL_DATASETS:
            dataset = Dataset.objects.filter(title=title, country__isnull=True).first() or Dataset(title=title)
            dataset.source = source
            dataset.source_date = source_date
            dataset.status = DatasetStatus.PUBLISHED
            dataset.published_at = dataset.published_at or now
            dataset.columns = ["Year", "SERIES", "UNIT_MEASURE", "REF_AREA", "SEX", "Value"]
            dataset.save()
            dataset.observations.all().delete()
            Observation.objects.bulk_create(
                Observation(
                    dataset=dataset,
                    series=series[code],
                    row=row,
                    year=year,
                    area=area,
                    sex=sex,
                    age=TOTAL,
                    urbanisation=TOTAL,
                    value=value,
                    value_text=value,
                    unit=series[code].unit,
                    nature=Nature.ESTIMATED,
                    note=note,
                )
                for row, (code, year, area, sex, value, note) in enumerate(figures, start=2)
            )
            datasets.append(dataset)
        return datasets
