"""``alliance87 load-indicator-data``: the indicator series and the global figures. Safe to run again.

- The series of SDG indicator 8.7.1 and the global estimates (``facts.SERIES``): created when missing; a
  title or definition the secretariat has since edited in the admin is kept unless ``--refresh``.
- The global and regional figures (``facts.GLOBAL_DATASETS``), each dataset with its source and the
  source's publication month, published at once (they are no country's figures, so no notice is due). The
  loader owns these datasets: run again, it finds each by its title and puts its figures back exactly.
- The four national files in ``alliance87/data/sdg-8.7.1/`` (Mexico, Jamaica, Armenia, Kazakhstan), each in a
  national series of its country (``facts.NATIONAL_FILES``), through the import services
  (``imports.check`` then ``confirm``, landing in the foreground), as a secretariat member (``--by EMAIL``;
  default: the first active one; with none, the national files are skipped and the command says so). The
  loader's documented choices: every value the check infers is confirmed as inferred, except the proxy flag
  and the national definition, which ``facts.NATIONAL_FILES`` gives (Kazakhstan's file is a proxy; Mexico's
  definition is its metadata's description). Each is then published with a notice marked closed without an
  answer and a note saying so: the files are public already, and no comment is invented. A file landed
  before (same digest, not withdrawn) is left as it is.
"""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alliance87.accounts.models import Role, User
from alliance87.accounts.selectors import users_with_role
from alliance87.indicators import facts, imports
from alliance87.indicators.models import (
    TOTAL,
    CountryNotice,
    Dataset,
    DatasetStatus,
    ImportStatus,
    IndicatorImport,
    Nature,
    NoticeStatus,
    Observation,
    Series,
    SeriesKind,
    Unit,
)
from alliance87.network.alliance_facts import REGIONS
from alliance87.network.models import Country
from alliance87.pagecache import public_pages_changed

DATA = Path(__file__).resolve().parents[3] / "data" / "sdg-8.7.1"


class Command(BaseCommand):
    help = "Load the indicator series and the global figures of Target 8.7, each with its source."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh", action="store_true", help="Put the loaded titles and definitions back over later edits."
        )
        parser.add_argument("--by", help="e-mail of the secretariat member who imports the national files")
        parser.add_argument("--no-national", action="store_true", help="Load the global figures only.")

    @transaction.atomic
    def handle(self, *args, **options):
        series = self._series(refresh=bool(options.get("refresh")))
        datasets = self._global_datasets(series)
        national = [] if options.get("no_national") else self._national(options.get("by"))
        public_pages_changed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Indicator data loaded: {len(series)} series, {len(datasets)} global datasets, "
                f"{Observation.objects.filter(dataset__in=datasets).count()} figures; national files: "
                f"{', '.join(national) or 'none'}."
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

    # --- the national files ---

    def _importer(self, email):
        people = (
            User.objects.filter(is_active=True, email__iexact=email) if email else users_with_role(Role.SECRETARIAT)
        )
        return people.order_by("pk").first()

    def _country(self, iso: str) -> Country:
        country = Country.objects.filter(code=iso).first()
        if country is None:
            ilo_region, sdg_region = facts.NATIONAL_COUNTRY_REGIONS[iso]
            country = Country.objects.create(code=iso, ilo_region=ilo_region, sdg_region=sdg_region, source=REGIONS)
        return country

    def _national(self, email) -> list[str]:
        by = self._importer(email)
        if by is None or not by.has_perm(imports.PERM):
            self.stdout.write("National files skipped: no secretariat member to import them (--by EMAIL).")
            return []
        loaded = []
        for iso, (folder, meta_name, code, title, source, url, given, proxy) in facts.NATIONAL_FILES.items():
            data = (DATA / folder / "indicator_8-7-1.csv").read_bytes()
            meta = (DATA / folder / meta_name).read_bytes()
            if (
                Dataset.objects.filter(file_sha256=IndicatorImport.digest(data))
                .exclude(status=DatasetStatus.WITHDRAWN)
                .exists()
            ):
                loaded.append(f"{folder} (already there)")
                continue
            country = self._country(iso)
            series, _created = Series.objects.get_or_create(
                code=code,
                defaults={
                    "kind": SeriesKind.NATIONAL,
                    "indicator": "8.7.1",
                    "title": title,
                    "unit": Unit.PERCENT,
                    "country": country,
                    "custodian": source.split(",")[0],
                    "position": 200,
                },
            )
            definition = given
            if definition is None:  # Mexico: its metadata's description of the series
                definition = str((yaml.safe_load(meta.decode("utf-8-sig")) or {}).get("SDG_SERIES_DESCR", "")).strip()
            run = imports.check(
                data=data,
                file_name=f"{folder}-indicator_8-7-1.csv",
                by=by,
                country=country,
                series=series,
                source=source,
                meta=meta,
            )
            if run.status != ImportStatus.PREVIEW:
                problems = "; ".join(
                    f"line {p['line']} {p['column']}: {p['message']}" for p in run.report["problems"][:3]
                )
                self.stderr.write(f"{folder}: refused by the check ({problems}).")
                continue
            confirmed = {item["key"]: item["value"] for item in run.report.get("inferred", [])}
            confirmed["proxy"] = "yes" if proxy else "no"
            if definition:
                confirmed["national_definition"] = definition
            keys = {item["key"] for item in run.report.get("inferred", [])}
            confirmed = {k: v for k, v in confirmed.items() if k in keys}
            run = imports.confirm(run=run, by=by, confirmed=confirmed, source=source, background=False)
            if run.status != ImportStatus.LANDED or run.dataset is None:
                self.stderr.write(f"{folder}: the landing failed ({run.error}).")
                continue
            self._publish(run.dataset, by=by, url=url, definition=definition, proxy=proxy, country=country)
            Dataset.objects.filter(pk=run.dataset.pk).update(labels_language=facts.NATIONAL_LANGUAGES.get(iso, ""))
            loaded.append(folder)
        return loaded

    def _publish(self, dataset, *, by, url, definition, proxy, country) -> None:
        now = timezone.now()
        dataset.source_url = url
        dataset.is_proxy = proxy
        if definition:
            dataset.national_definition = definition[:4000]
        dataset.notes = facts.NATIONAL_NOTE
        dataset.status = DatasetStatus.PUBLISHED
        dataset.published_at, dataset.published_by = now, by
        dataset.save()
        if proxy:
            dataset.observations.update(is_proxy=True)
        CountryNotice.objects.get_or_create(
            dataset=dataset,
            country=country,
            defaults={"status": NoticeStatus.CLOSED, "opened_at": now, "closes_at": now, "opened_by": by},
        )
