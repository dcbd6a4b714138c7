"""`load-indicator-data` loads the series and the global figures of docs/domain.md, each with its source,
and nothing else; run twice, it gives the same rows."""

import datetime
from decimal import Decimal

from django.core.management import call_command

from alliance87.indicators import codes
from alliance87.indicators.models import Dataset, DatasetStatus, Observation, Series, SeriesKind, Unit


def _counts():
    return (Series.objects.count(), Dataset.objects.count(), Observation.objects.count())


def test_load_is_idempotent(db):
    call_command("load_indicator_data", verbosity=0)
    first = _counts()
    ids = sorted(Dataset.objects.values_list("pk", flat=True))
    call_command("load_indicator_data", verbosity=0)
    assert _counts() == first == (9, 5, 32)
    assert sorted(Dataset.objects.values_list("pk", flat=True)) == ids


def test_load_series_kinds_and_units(db):
    call_command("load_indicator_data", verbosity=0)
    sdg = set(Series.objects.filter(kind=SeriesKind.SDG).values_list("code", flat=True))
    assert sdg == set(codes.SDG_SERIES)
    estimates = Series.objects.filter(kind=SeriesKind.ESTIMATE)
    assert set(estimates.values_list("code", flat=True)) == set(codes.ESTIMATE_SERIES)
    assert set(estimates.values_list("unit", flat=True)) == {Unit.MILLIONS}
    ec = Series.objects.get(code=codes.CHILD_LABOUR_EC)
    assert ec.indicator == "8.7.1" and ec.unit == Unit.PERCENT
    assert "household chores" in ec.definition
    # No official wording at hand: the other languages stay empty, the page falls back to English.
    assert ec.translations in ({}, None)


def test_regional_table_cell_by_cell(db):
    call_command("load_indicator_data", verbosity=0)
    expected = {
        ("001", "_T"): "9.6", ("001", "F"): "7.8", ("001", "M"): "11.2",
        ("202", "_T"): "23.9", ("202", "F"): "21.2", ("202", "M"): "26.5",
        ("747", "_T"): "7.8", ("747", "F"): "5.6", ("747", "M"): "9.9",
        ("062", "_T"): "5.5", ("062", "F"): "3.7", ("062", "M"): "7.1",
        ("753", "_T"): "6.2", ("753", "F"): "4.5", ("753", "M"): "7.7",
        ("419", "_T"): "6.0", ("419", "F"): "4.0", ("419", "M"): "7.9",
        ("513", "_T"): "2.3", ("513", "F"): "1.8", ("513", "M"): "2.8",
    }  # fmt: skip
    rows = Observation.objects.filter(series__code=codes.CHILD_LABOUR_EC)
    found = {(o.area, o.sex): o for o in rows}
    assert set(found) == set(expected)
    for key, value in expected.items():
        obs = found[key]
        assert obs.value_text == value, key
        assert obs.value == Decimal(value), key
        assert (obs.year, obs.unit, obs.age, obs.urbanisation) == (2020, Unit.PERCENT, "_T", "_T")
        assert obs.dataset.source == "UN SDG Global Database, series SL_TLF_CHLDEC"


def test_global_estimates_with_their_sources(db):
    call_command("load_indicator_data", verbosity=0)

    def figure(code, year, area="001"):
        return Observation.objects.select_related("dataset").get(series__code=code, year=year, area=area)

    cl = {y: figure(codes.CHILDREN_IN_CHILD_LABOUR, y).value for y in (2000, 2016, 2020, 2024)}
    assert cl == {2000: 246, 2016: 152, 2020: 160, 2024: 138}
    latest = figure(codes.CHILDREN_IN_CHILD_LABOUR, 2024)
    assert latest.dataset.source == "ILO-UNICEF, Child Labour: Global estimates 2024 (June 2025)"
    assert latest.dataset.source_date == datetime.date(2025, 6, 1)
    assert latest.nature == "E" and latest.note == ""
    hazardous = figure(codes.CHILDREN_IN_HAZARDOUS_WORK, 2024)
    assert (hazardous.value, hazardous.note) == (54, "About")
    africa = figure(codes.CHILDREN_IN_CHILD_LABOUR, 2024, area="202")
    assert (africa.value, africa.note) == (87, "About")
    assert figure(codes.CHILDREN_IN_CHILD_LABOUR, 2020).dataset.source_date == datetime.date(2021, 6, 1)
    assert not Observation.objects.filter(series__code=codes.CHILDREN_IN_HAZARDOUS_WORK, year=2020).exists()
    ms = figure(codes.MODERN_SLAVERY, 2021)
    assert ms.value == Decimal("49.6") and ms.dataset.source_date == datetime.date(2022, 9, 1)
    assert figure(codes.MODERN_SLAVERY, 2016).value == Decimal("40.3")
    assert figure(codes.FORCED_LABOUR, 2021).value == Decimal("27.6")
    assert figure(codes.FORCED_MARRIAGE, 2021).value == 22
    assert set(Dataset.objects.values_list("status", flat=True)) == {DatasetStatus.PUBLISHED}
    assert not Dataset.objects.filter(country__isnull=False).exists()


def test_load_keeps_an_edited_title_unless_refresh(db):
    call_command("load_indicator_data", verbosity=0)
    Series.objects.filter(code=codes.FORCED_LABOUR).update(title="Forced labour (edited)")
    Observation.objects.filter(series__code=codes.FORCED_LABOUR).update(value=1, value_text="1")
    call_command("load_indicator_data", verbosity=0)
    assert Series.objects.get(code=codes.FORCED_LABOUR).title == "Forced labour (edited)"
    assert Observation.objects.get(series__code=codes.FORCED_LABOUR).value_text == "27.6"  # figures put back
    call_command("load_indicator_data", "--refresh", verbosity=0)
    assert Series.objects.get(code=codes.FORCED_LABOUR).title == "People in forced labour"


def test_admin_shows_the_loaded_data_to_the_secretariat(secretariat_client, client, cast):
    call_command("load_indicator_data", verbosity=0)
    series = Series.objects.get(code=codes.CHILD_LABOUR_EC)
    dataset = Dataset.objects.get(title="Child labour by SDG region, 2020")
    html = secretariat_client.get(f"/admin/indicators/series/{series.pk}/change/").content.decode()
    assert "title (French)" in html or "Translations" in html
    listing = secretariat_client.get("/admin/indicators/dataset/").content.decode()
    assert "Child labour by SDG region, 2020" in listing
    assert secretariat_client.get(f"/admin/indicators/dataset/{dataset.pk}/change/").status_code == 200
    assert secretariat_client.get("/admin/indicators/dataset/add/").status_code == 403
    assert secretariat_client.get("/admin/indicators/countrynotice/").status_code == 200
    client.force_login(cast.outsider)
    assert client.get("/admin/indicators/series/").status_code in (302, 403)


def test_national_files_land_published_with_their_sources(cast):
    from alliance87.indicators.models import CountryNotice, NoticeStatus

    cast.secretariat  # noqa: B018 -- the importer the loader finds
    call_command("load_indicator_data", verbosity=0)
    national = {d.country.code.code: d for d in Dataset.objects.filter(country__isnull=False).select_related("country")}
    assert set(national) == {"MX", "JM", "AM", "KZ"}
    assert {d.status for d in national.values()} == {DatasetStatus.PUBLISHED}
    mexico = national["MX"]
    assert mexico.source_url.endswith(
        "sdg-odsmexico/data/blob/9b04cd1af4c6637287dd5f006227a35a70e70731/data/indicator_8-7-1.csv"
    )
    assert "ocupación no permitida" in mexico.national_definition
    assert not mexico.is_proxy
    kazakhstan = national["KZ"]
    assert kazakhstan.is_proxy and "15-17" in kazakhstan.national_definition
    assert not kazakhstan.observations.filter(is_proxy=False).exists()
    for dataset in national.values():
        [notice] = CountryNotice.objects.filter(dataset=dataset)
        assert notice.status == NoticeStatus.CLOSED and notice.comment == ""
        assert "not shown to the country's focal point" in dataset.notes
    assert Observation.objects.filter(dataset=mexico).count() == 2079
    counts = _counts()
    call_command("load_indicator_data", verbosity=0)
    assert _counts() == counts
