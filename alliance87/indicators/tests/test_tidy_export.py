"""The tidy export gives back the file that was landed: the same rows and values, and export → import →
export is byte-identical. On the four real national files."""

from pathlib import Path

import pytest

from alliance87.indicators import imports, tidy
from alliance87.indicators.codes import CHILD_LABOUR_EC
from alliance87.indicators.models import Dataset, DatasetStatus, Observation
from alliance87.indicators.tidy_export import dataset_csv, observations_csv
from alliance87.network.models import Country

DATA = Path(__file__).resolve().parents[2] / "data" / "sdg-8.7.1"
COUNTRIES = {"mexico": "MX", "jamaica": "JM", "armenia": "AM", "kazakhstan": "KZ"}


def land(data: bytes, by, country, series):
    run = imports.check(data=data, file_name="indicator_8-7-1.csv", by=by, country=country, series=series)
    assert run.report["problems"] == []
    values = {item["key"]: item["value"] for item in run.report["inferred"]}
    run = imports.confirm(run=run, by=by, confirmed=values, source="Example source")
    assert run.dataset_id, run.error
    return run.dataset


def as_rows(reading):
    return [(r.year, r.labels, r.value_text) for r in reading.rows]


@pytest.mark.parametrize("name", list(COUNTRIES))
def test_round_trip_of_a_real_file(cast, series, name):
    original = (DATA / name / "indicator_8-7-1.csv").read_bytes()
    country = Country.objects.get_or_create(code=COUNTRIES[name])[0]
    dataset = land(original, cast.secretariat, country, series)
    exported = dataset_csv(dataset)
    assert exported.startswith(b"Year,")
    first, again = (
        tidy.read(original, has_country=True, has_series=True),
        tidy.read(exported, has_country=True, has_series=True),
    )
    assert again.columns == first.columns
    assert as_rows(again) == as_rows(first)
    # Export → import → export: the same bytes (the first dataset withdrawn: Jamaica's export is the file itself).
    Dataset.objects.filter(pk=dataset.pk).update(status=DatasetStatus.WITHDRAWN)
    relanded = land(exported, cast.secretariat, country, series)
    assert dataset_csv(relanded) == exported


def test_observations_csv_under_coded_columns(cast, series):
    original = (DATA / "armenia" / "indicator_8-7-1.csv").read_bytes()
    dataset = land(original, cast.secretariat, Country.objects.get_or_create(code="AM")[0], series)
    Observation.objects.filter(dataset=dataset).update(labels={})  # as a loader's observations have none
    text = observations_csv(dataset.observations.order_by("row")).decode()
    lines = text.splitlines()
    assert lines[0] == "Year,SERIES,REF_AREA,SEX,AGE,URBANISATION,UNIT_MEASURE,Value"
    assert lines[1] == f"2015,{CHILD_LABOUR_EC},051,,,,NUMBER,39300"
    assert lines[5] == f"2015,{CHILD_LABOUR_EC},051,,Y5T11,,NUMBER,11200"
    reading = tidy.read(text.encode())
    assert reading.problems == [] and len(reading.rows) == 16
