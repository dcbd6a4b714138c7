"""The import services: check (the report), confirm, the landing (whole or nothing), progress."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alliance87.indicators import imports, tidy
from alliance87.indicators.codes import CHILD_LABOUR_EC
from alliance87.indicators.models import (
    Dataset,
    DatasetStatus,
    ImportStatus,
    IndicatorImport,
    Observation,
)
from alliance87.network.models import Country

DATA = Path(__file__).resolve().parents[2] / "data" / "sdg-8.7.1"
FILES = Path(__file__).resolve().parent / "files"


def country(code: str) -> Country:
    return Country.objects.get_or_create(code=code)[0]


def real(name: str) -> bytes:
    return (DATA / name / "indicator_8-7-1.csv").read_bytes()


def confirm_all(run, by, **kwargs):
    values = {item["key"]: item["value"] for item in run.report["inferred"]}
    return imports.confirm(run=run, by=by, confirmed=values, source=kwargs.pop("source", "Example source"), **kwargs)


def test_check_mexico_reports_summary_inferred_and_preview(cast, series):
    run = imports.check(
        data=real("mexico"),
        file_name="indicator_8-7-1.csv",
        by=cast.secretariat,
        country=cast.alliance.mexico,
        series=series,
    )
    assert run.status == ImportStatus.PREVIEW
    assert run.report["problems"] == []
    summary = run.report["summary"]
    assert (summary["rows"], summary["values"], summary["empty_values"]) == (2079, 729, 1350)
    assert summary["years"] == [2007, 2009, 2011, 2013, 2015, 2017, 2019]
    assert summary["areas"] == ["484"]
    assert summary["series"] == [CHILD_LABOUR_EC]
    assert summary["encoding"] == "utf-8-sig" and summary["delimiter"] == ","
    assert run.report["inferred"][0]["key"] == "unit"
    assert len(run.report["preview"]) == 20
    assert run.report["preview"][0]["Value"] == "7.0742449021019995"
    assert run.file.read() == real("mexico")


def test_only_the_secretariat_checks_and_confirms(cast, series):
    with pytest.raises(PermissionDenied):
        imports.check(
            data=real("armenia"), file_name="a.csv", by=cast.focal_point, country=country("AM"), series=series
        )
    run = imports.check(
        data=real("armenia"), file_name="a.csv", by=cast.secretariat, country=country("AM"), series=series
    )
    with pytest.raises(PermissionDenied):
        imports.confirm(run=run, by=cast.outsider, confirmed={}, source="x")
    assert not Dataset.objects.exists()


def test_a_file_with_problems_is_refused_with_line_and_column(cast, series):
    run = imports.check(
        data=(FILES / "formula.csv").read_bytes(),
        file_name="f.csv",
        by=cast.secretariat,
        country=country("MX"),
        series=series,
    )
    assert run.status == ImportStatus.REFUSED
    assert run.report["problems"] == [
        {"line": 7, "column": "Sexo", "message": "This looks like a spreadsheet formula."}
    ]
    with pytest.raises(ValidationError, match="not waiting for confirmation"):
        confirm_all(run, cast.secretariat)


def test_confirm_needs_every_inferred_value(cast, series):
    run = imports.check(
        data=real("jamaica"), file_name="j.csv", by=cast.secretariat, country=country("JM"), series=series
    )
    values = {item["key"]: item["value"] for item in run.report["inferred"]}
    values.pop("unit:Child Labour Urban Area")
    with pytest.raises(ValidationError, match="Confirm these values first: Unit of “Child Labour Urban Area”"):
        imports.confirm(run=run, by=cast.secretariat, confirmed=values, source="STATIN")
    values["unit:Child Labour Urban Area"] = "kilograms"
    with pytest.raises(ValidationError, match="These values cannot stand"):
        imports.confirm(run=run, by=cast.secretariat, confirmed=values, source="STATIN")
    assert not Dataset.objects.exists()


def test_jamaica_lands_with_confirmed_and_corrected_units(cast, series):
    run = imports.check(
        data=real("jamaica"), file_name="j.csv", by=cast.secretariat, country=country("JM"), series=series
    )
    values = {item["key"]: item["value"] for item in run.report["inferred"]}
    values["unit:Percentage of Children aged 5-17 Years in Child Labour - Poorest"] = "number"  # a correction
    run = imports.confirm(run=run, by=cast.secretariat, confirmed=values, source="STATIN", title="Jamaica 8.7.1")
    assert run.status == ImportStatus.LANDED
    dataset = run.dataset
    assert (dataset.title, dataset.status, dataset.source) == ("Jamaica 8.7.1", DatasetStatus.DRAFT, "STATIN")
    assert dataset.observations.count() == 39
    boys = dataset.observations.get(row=2)
    assert (boys.unit, boys.value, boys.sex, boys.area) == ("NUMBER", Decimal("25797"), "M", "388")
    assert dataset.observations.get(row=11).unit == "PT"
    assert dataset.observations.get(row=36).unit == "NUMBER"
    assert imports.progress(run)["percent"] == 100


def test_mexico_lands_with_empty_values_and_state_codes(cast, series):
    run = imports.check(
        data=real("mexico"), file_name="m.csv", by=cast.secretariat, country=cast.alliance.mexico, series=series
    )
    run = confirm_all(run, cast.secretariat)
    assert run.status == ImportStatus.LANDED, run.error
    observations = run.dataset.observations
    assert observations.count() == 2079
    assert observations.filter(value__isnull=True, value_text="").count() == 1350
    national = observations.get(row=2)
    assert (national.geo_code, national.area, national.country) == ("", "484", cast.alliance.mexico)
    assert national.value_text == "7.0742449021019995"
    assert observations.exclude(geo_code="").values("geo_code").distinct().count() == 32


def test_kazakhstan_proxy_from_its_metadata(cast, series):
    meta = (DATA / "kazakhstan" / "meta_8-7-1.yml").read_bytes()
    run = imports.check(
        data=real("kazakhstan"), file_name="k.csv", by=cast.secretariat, country=country("KZ"), series=series, meta=meta
    )
    keys = [item["key"] for item in run.report["inferred"]]
    assert keys == ["repeat:1118", "proxy", "national_definition"]
    run = confirm_all(run, cast.secretariat)
    dataset = run.dataset
    assert dataset.is_proxy
    assert dataset.observations.count() == 1124
    assert not dataset.observations.filter(is_proxy=False).exists()
    assert dataset.observations.filter(geo_code="KZAKM").exists()


def test_areas_from_geocodes_when_no_country_is_chosen(cast, series):
    run = imports.check(
        data=(FILES / "geocodes.csv").read_bytes(), file_name="g.csv", by=cast.secretariat, series=series
    )
    assert run.status == ImportStatus.REFUSED
    assert [(p["line"], p["column"]) for p in run.report["problems"]] == [(5, "GeoCode"), (6, "GeoCode")]
    assert run.report["problems"][0]["message"] == (
        "“XYZ” is not a country code (ISO alpha-2, alpha-3 or M49) nor a region’s M49 code."
    )
    data = b"Year,GeoCode,Value\n2019,MEX,7.1\n2019,KE,6.5\n2019,404,5.0\n2019,202,4.0\n"
    run = confirm_all(imports.check(data=data, file_name="g.csv", by=cast.secretariat, series=series), cast.secretariat)
    assert run.status == ImportStatus.LANDED, run.error
    rows = list(run.dataset.observations.order_by("row").values_list("area", "country__code"))
    assert rows == [("484", "MX"), ("404", "KE"), ("404", "KE"), ("202", None)]


def test_series_from_a_series_column_and_unknown_codes_refused(cast, series):
    data = f"Year,Series,Value\n2019,{CHILD_LABOUR_EC},7.1\n2019,NOT_A_SERIES,6.5\n".encode()
    run = imports.check(data=data, file_name="s.csv", by=cast.secretariat, country=country("MX"))
    assert run.report["problems"] == [
        {
            "line": 3,
            "column": "Series",
            "message": "“NOT_A_SERIES” is not a series of this platform. Add the series first, or correct the code.",
        }
    ]
    run = imports.check(
        data=data.split(b"\n2019,NOT")[0] + b"\n", file_name="s.csv", by=cast.secretariat, country=country("MX")
    )
    run = confirm_all(run, cast.secretariat)
    assert run.dataset.observations.get().series == series


def test_without_a_series_the_file_is_refused(cast):
    run = imports.check(data=real("armenia"), file_name="a.csv", by=cast.secretariat, country=country("AM"))
    assert run.report["problems"][0]["message"] == (
        "Choose the series this file holds: the file has no Series column and none was chosen."
    )


def test_the_same_file_again_is_refused_with_the_date_and_its_dataset(cast, series):
    first = confirm_all(
        imports.check(
            data=real("armenia"), file_name="a.csv", by=cast.secretariat, country=country("AM"), series=series
        ),
        cast.secretariat,
        title="Armenia 2015",
    )
    again = imports.check(
        data=real("armenia"), file_name="a.csv", by=cast.secretariat, country=country("AM"), series=series
    )
    assert again.status == ImportStatus.REFUSED
    problem = again.report["problems"][0]
    assert problem["message"].startswith("This file was landed before, on ")
    assert "“Armenia 2015”" in problem["message"]
    # Once withdrawn, the same file may land again.
    Dataset.objects.filter(pk=first.dataset.pk).update(status=DatasetStatus.WITHDRAWN)
    again = imports.check(
        data=real("armenia"), file_name="a.csv", by=cast.secretariat, country=country("AM"), series=series
    )
    assert again.status == ImportStatus.PREVIEW


def test_another_file_for_the_same_years_lands_as_a_new_draft(cast, series):
    first = confirm_all(
        imports.check(
            data=real("armenia"), file_name="a.csv", by=cast.secretariat, country=country("AM"), series=series
        ),
        cast.secretariat,
    )
    changed = real("armenia").replace(b"39300", b"39301")
    second = confirm_all(
        imports.check(data=changed, file_name="a2.csv", by=cast.secretariat, country=country("AM"), series=series),
        cast.secretariat,
    )
    assert first.dataset != second.dataset
    assert Dataset.objects.filter(status=DatasetStatus.DRAFT).count() == 2


def test_the_landing_is_whole_or_nothing(cast, series, monkeypatch):
    run = imports.check(
        data=real("mexico"), file_name="m.csv", by=cast.secretariat, country=cast.alliance.mexico, series=series
    )
    monkeypatch.setattr(imports, "BATCH", 500)
    calls = {"n": 0}
    real_insert = imports._insert

    def failing(rows):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real_insert(rows)

    monkeypatch.setattr(imports, "_insert", failing)
    run = confirm_all(run, cast.secretariat)
    assert run.status == ImportStatus.FAILED
    assert run.error == "The landing stopped and nothing was saved: disk full"
    assert not Dataset.objects.exists() and not Observation.objects.exists()


def test_progress_and_interruption(cast, series):
    run = imports.check(
        data=real("armenia"), file_name="a.csv", by=cast.secretariat, country=country("AM"), series=series
    )
    assert imports.progress(run) == {
        "status": ImportStatus.PREVIEW,
        "stage": "",
        "done": 0,
        "total": 16,
        "percent": 0,
        "dataset_url": None,
        "error": "",
    }
    now = timezone.now()
    IndicatorImport.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, done=8, heartbeat_at=now)
    run.refresh_from_db()
    assert imports.progress(run)["percent"] == 50
    assert not imports.is_interrupted(run, now + datetime.timedelta(seconds=30))
    assert imports.is_interrupted(run, now + datetime.timedelta(seconds=61))


def test_progress_writes_are_spaced(cast, series, monkeypatch):
    run = imports.check(
        data=real("mexico"), file_name="m.csv", by=cast.secretariat, country=cast.alliance.mexico, series=series
    )
    monkeypatch.setattr(imports, "BATCH", 100)
    seen = []
    values = {item["key"]: item["value"] for item in run.report["inferred"]}
    imports.confirm(run=run, by=cast.secretariat, confirmed=values, source="x")
    # 21 batches of 100 in well under 0.5 s each: few writes, and the bar ends at 100 %.
    run.refresh_from_db()
    assert run.status == ImportStatus.LANDED
    progress = imports._Progress(run.pk, 10, lambda *a: seen.append(a))
    for done in range(10):
        progress("landing", done)
    assert len(seen) == 1


def test_the_file_size_limit_is_said(cast, series, monkeypatch):
    monkeypatch.setattr(tidy, "MAX_BYTES", 100)
    run = imports.check(
        data=real("armenia"), file_name="a.csv", by=cast.secretariat, country=country("AM"), series=series
    )
    assert run.status == ImportStatus.REFUSED
    assert "the limit is 0 MB" in run.report["problems"][0]["message"]
    assert not run.file
