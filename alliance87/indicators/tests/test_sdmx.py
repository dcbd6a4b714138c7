"""SDMX out: the structure file is what the code builds, the data messages are valid against the SDMX-ML 2.1
schemas and our structure's schema, read back with sdmx1 to the same observations, and carry only published,
SDG-coded, national-level observations with a value."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import sdmx as sdmx1
from django.utils import timezone

from alliance87.indicators import codes, sdmx
from alliance87.indicators.models import Dataset, DatasetStatus, Observation, Series, SeriesKind, Unit

pytestmark = pytest.mark.django_db


def make_series(code=codes.CHILD_LABOUR_EC, kind=SeriesKind.SDG, unit=Unit.PERCENT):
    return Series.objects.get_or_create(code=code, defaults={"kind": kind, "title": code, "unit": unit})[0]


def make_dataset(country=None, status=DatasetStatus.PUBLISHED, title="Figures", published_at=None):
    return Dataset.objects.create(
        title=title,
        country=country,
        status=status,
        source="Example source",
        published_at=published_at or (timezone.now() if status == DatasetStatus.PUBLISHED else None),
    )


def observe(dataset, series, year, value, area="484", **fields):
    country = fields.pop("country", dataset.country)
    return Observation.objects.create(
        dataset=dataset,
        series=series,
        year=year,
        area=area,
        country=country,
        value=None if value is None else Decimal(value),
        value_text="" if value is None else str(value),
        unit=series.unit,
        **fields,
    )


@pytest.fixture
def mexico_data(alliance):
    """Mexico's child labour (an example shaped like the national file, not its figures)."""
    series = make_series()
    dataset = make_dataset(alliance.mexico)
    observe(dataset, series, 2017, "11.5")
    observe(dataset, series, 2019, "11.50", obs_status="E")
    observe(dataset, series, 2019, "13.1", sex="M")
    observe(dataset, series, 2019, "9.8", sex="F", age="Y5T11")
    observe(dataset, series, 2019, None, sex="F", age="Y12T14")  # empty, as Open SDG files have
    observe(dataset, series, 2019, "20.4", geo_code="07")  # a state: sub-national
    world = make_dataset(title="World")
    observe(world, series, 2020, "9.6", area="001", country=None, nature="G")
    return dataset


def _id(value) -> str:
    return str(getattr(value, "id", value))


def read_back(data: bytes, tmp_path):
    """Read a data message with sdmx1 against our structure: {(series, area, sex, age, year): (value, reporting
    type, observation attributes)}."""
    path = tmp_path / "data.xml"
    path.write_bytes(data)
    message = sdmx1.read_sdmx(path, structure=sdmx.data_structure())
    found = {}
    for series_key, observations in message.data[0].series.items():
        key = {value.id: _id(value.value) for value in series_key.values.values()}
        for obs in observations:
            year = _id(obs.dimension.values["TIME_PERIOD"].value)
            attributes = {name: _id(attribute.value) for name, attribute in obs.attached_attribute.items()}
            found[(key["SERIES"], key["REF_AREA"], key["SEX"], key["AGE"], year)] = (
                float(obs.value),
                key["REPORTING_TYPE"],
                attributes,
            )
    return message, found


def test_structure_file_is_what_the_code_builds():
    assert sdmx.STRUCTURE_FILE.read_bytes() == sdmx.structure_xml()
    assert sdmx.DATA_SCHEMA_FILE.read_bytes() == sdmx.data_schema_xsd()
    assert sdmx.validation_errors(sdmx.STRUCTURE_FILE) == []


def test_structure_dimensions_in_the_sdg_order():
    dsd = sdmx.data_structure()
    assert [dimension.id for dimension in dsd.dimensions] == [
        "FREQ",
        "REPORTING_TYPE",
        "SERIES",
        "REF_AREA",
        "SEX",
        "AGE",
        "URBANISATION",
        "INCOME_WEALTH_QUANTILE",
        "EDUCATION_LEV",
        "OCCUPATION",
        "CUST_BREAKDOWN",
        "COMPOSITE_BREAKDOWN",
        "DISABILITY_STATUS",
        "ACTIVITY",
        "PRODUCT",
        "TIME_PERIOD",
    ]
    assert [attribute.id for attribute in dsd.attributes] == ["UNIT_MEASURE", "UNIT_MULT", "OBS_STATUS", "NATURE"]
    assert (dsd.urn or "").endswith("IAEG-SDGs:SDG(1.8)") or (dsd.maintainer.id, dsd.id, str(dsd.version)) == (
        "IAEG-SDGs",
        "SDG",
        "1.8",
    )
    series = dsd.dimensions.get("SERIES").local_representation.enumerated
    assert sorted(code.id for code in series) == sorted(codes.SDG_SERIES)
    areas = {code.id: str(code.name) for code in dsd.dimensions.get("REF_AREA").local_representation.enumerated}
    assert areas["484"] == "Mexico" and areas["001"] == "World" and areas["202"] == "Sub-Saharan Africa"
    ages = [code.id for code in dsd.dimensions.get("AGE").local_representation.enumerated]
    assert ages[:7] == ["_T", "Y5T17", "Y5T11", "Y12T14", "Y15T17", "Y12T15", "Y16T17"]


def test_data_message_is_valid_and_reads_back(mexico_data, tmp_path):
    data = sdmx.structure_specific_xml()
    assert sdmx.validation_errors(data) == []
    message, found = read_back(data, tmp_path)
    assert found == {
        ("SL_TLF_CHLDEC", "484", "_T", "_T", "2017"): (11.5, "N", {"UNIT_MULT": "0", "OBS_STATUS": "A", "NATURE": "C"}),
        ("SL_TLF_CHLDEC", "484", "_T", "_T", "2019"): (11.5, "N", {"UNIT_MULT": "0", "OBS_STATUS": "E", "NATURE": "C"}),
        ("SL_TLF_CHLDEC", "484", "M", "_T", "2019"): (13.1, "N", {"UNIT_MULT": "0", "OBS_STATUS": "A", "NATURE": "C"}),
        ("SL_TLF_CHLDEC", "484", "F", "Y5T11", "2019"): (
            9.8,
            "N",
            {"UNIT_MULT": "0", "OBS_STATUS": "A", "NATURE": "C"},
        ),
        ("SL_TLF_CHLDEC", "001", "_T", "_T", "2020"): (9.6, "G", {"UNIT_MULT": "0", "OBS_STATUS": "A", "NATURE": "G"}),
    }
    # Every dimension the platform does not break down is the total; the unit rides on the series.
    for series_key in message.data[0].series:
        values = {value.id: _id(value.value) for value in series_key.values.values()}
        assert values["FREQ"] == "A"
        assert {values[dimension] for dimension in sdmx.ALWAYS_TOTAL} == {"_T"}
        assert values["URBANISATION"] == "_T"
    assert b'UNIT_MEASURE="PT"' in data
    assert b"<message:Ref" not in data and b'<Ref agencyID="IAEG-SDGs" id="SDG" version="1.8"/>' in data


def test_what_is_left_out_is_counted(mexico_data):
    written = sdmx.write_structure_specific(None, io.BytesIO())
    assert (written.observations, written.series, written.empty, written.sub_national) == (5, 4, 1, 1)
    assert written.left_out == 2


def test_a_broken_message_fails_validation(mexico_data):
    data = sdmx.structure_specific_xml()
    assert sdmx.validation_errors(data.replace(b' REF_AREA="484"', b"", 1))[0].startswith("line ")
    errors = sdmx.validation_errors(data.replace(b'SEX="M"', b'SEX="X"', 1))
    assert len(errors) == 1 and "SEX" in errors[0] and "'X'" in errors[0]
    assert sdmx.validation_errors(data.replace(b'OBS_VALUE="9.6"', b'OBS_VALUE="nine"', 1))


def test_draft_notice_withdrawn_estimates_and_national_series_stay_out(alliance, mexico_data):
    series = make_series()
    for status in (DatasetStatus.DRAFT, DatasetStatus.NOTICE, DatasetStatus.WITHDRAWN):
        observe(make_dataset(alliance.kenya, status=status), series, 2015, "30.1", area="404")
    estimate = make_series(codes.CHILDREN_IN_CHILD_LABOUR, kind=SeriesKind.ESTIMATE, unit=Unit.MILLIONS)
    observe(make_dataset(title="Estimates"), estimate, 2020, "160", area="001", country=None)
    national = make_series("MX_OCUPACION", kind=SeriesKind.NATIONAL)
    observe(make_dataset(alliance.mexico), national, 2019, "7.7")
    data = sdmx.structure_specific_xml()
    assert b'REF_AREA="404"' not in data and b"30.1" not in data
    assert b'SERIES="A87_' not in data and b"MX_OCUPACION" not in data
    text = sdmx.sdmx_csv().decode()
    assert "404" not in text and "A87_" not in text and "MX_OCUPACION" not in text


def test_the_last_published_wins_a_duplicate_key(alliance, mexico_data):
    series = make_series()
    newer = make_dataset(alliance.mexico, title="Revised", published_at=timezone.now() + datetime.timedelta(days=1))
    observe(newer, series, 2017, "12.0")
    written = sdmx.write_structure_specific(None, out := io.BytesIO())
    assert written.duplicates == 1
    assert b'TIME_PERIOD="2017" OBS_VALUE="12"' in out.getvalue()
    assert b'OBS_VALUE="11.5" OBS_STATUS="A"' not in out.getvalue()


def test_counts_in_thousands_and_millions_carry_their_multiplier(alliance):
    series = make_series(codes.CHILD_LABOUR_EC_NUMBER, unit=Unit.NUMBER)
    dataset = make_dataset(alliance.mexico)
    observe(dataset, series, 2019, "3270.5")
    Observation.objects.update(unit=Unit.THOUSANDS)
    data = sdmx.structure_specific_xml()
    assert sdmx.validation_errors(data) == []
    assert b'UNIT_MEASURE="NUMBER"' in data and b'OBS_VALUE="3270.5" UNIT_MULT="3"' in data


def test_sdmx_csv_matches_the_xml(mexico_data, tmp_path):
    rows = list(csv.DictReader(io.StringIO(sdmx.sdmx_csv().decode("utf-8"))))
    assert list(rows[0]) == list(sdmx.CSV_HEADER)
    assert {row["DATAFLOW"] for row in rows} == {"IAEG-SDGs:DF_SDG_GLH(1.8)"}
    _message, found = read_back(sdmx.structure_specific_xml(), tmp_path)
    from_csv = {
        (row["SERIES"], row["REF_AREA"], row["SEX"], row["AGE"], row["TIME_PERIOD"]): (
            float(row["OBS_VALUE"]),
            row["REPORTING_TYPE"],
            {"UNIT_MULT": row["UNIT_MULT"], "OBS_STATUS": row["OBS_STATUS"], "NATURE": row["NATURE"]},
        )
        for row in rows
    }
    assert from_csv == found
    mexico = next(row for row in rows if row["REF_AREA"] == "484" and row["SEX"] == "M")
    assert mexico["UNIT_MEASURE"] == "PT" and mexico["OBS_VALUE"] == "13.1" and mexico["PRODUCT"] == "_T"


def test_an_empty_message_is_still_valid(db):
    data = sdmx.structure_specific_xml()
    assert sdmx.validation_errors(data) == []
    assert sdmx.sdmx_csv().decode().strip() == ",".join(sdmx.CSV_HEADER)


def test_one_query_whatever_the_size(mexico_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        sdmx.structure_specific_xml()
    with django_assert_max_num_queries(1):
        sdmx.sdmx_csv()
