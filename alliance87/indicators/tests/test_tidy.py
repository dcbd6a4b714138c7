"""The reader of Open SDG tidy CSV files, on the four real national files and on the files people send."""

from decimal import Decimal
from pathlib import Path

import pytest

from alliance87.indicators import tidy

DATA = Path(__file__).resolve().parents[2] / "data" / "sdg-8.7.1"
FILES = Path(__file__).resolve().parent / "files"


def real(country: str) -> bytes:
    return (DATA / country / "indicator_8-7-1.csv").read_bytes()


def messages(reading) -> list[tuple[int, str, str]]:
    return [(p.line, p.column, p.message) for p in reading.problems]


def test_mexico_bom_crlf_spanish_labels_and_empty_values_kept():
    reading = tidy.read(real("mexico"), has_country=True, has_series=True)
    assert reading.problems == []
    assert reading.encoding == "utf-8-sig"
    assert reading.columns == ["Year", "Entidad federativa", "Sexo", "Grupo de edad", "GeoCode", "Value"]
    assert len(reading.rows) == 2079
    assert sum(1 for r in reading.rows if r.value is None) == 1350
    first = reading.rows[0]
    assert (first.line, first.year, first.value_text) == (2, 2019, "7.0742449021019995")
    assert first.value == Decimal("7.0742449021019995")
    assert first.labels["Entidad federativa"] == "Estados Unidos Mexicanos"
    assert {r.sex for r in reading.rows} == {"_T", "M", "F"}
    assert {r.age for r in reading.rows} == {"_T", "Y5T14", "Y15T17"}
    # No Units column, every value between 0 and 100: one unit for the file, to confirm.
    assert [(i.key, i.value) for i in reading.inferred] == [("unit", "PT")]


def test_jamaica_units_inferred_from_each_label_and_typos_kept():
    reading = tidy.read(real("jamaica"), has_country=True, has_series=True)
    assert reading.problems == []
    inferred = {i.key: i.value for i in reading.inferred}
    # "Proportion of boys in Child Labour" holds 25797: a count, whatever the label says.
    assert inferred["unit:Proportion of boys in Child Labour"] == "NUMBER"
    assert inferred["unit:Child Labour Urban Area"] == "NUMBER"
    assert inferred["unit:Total Children doing Hazardous Work (%)"] == "PT"
    assert inferred["unit:Proprtion of Children 5-12 years in Child Labour other than Hazardous Work"] == "PT"
    assert inferred["unit:Percentage of Children aged 5-17 Years in Child Labour"] == "PT"
    typo = next(r for r in reading.rows if r.labels["Category of Child Labour"].startswith("Proprtion"))
    assert (
        typo.labels["Category of Child Labour"]
        == "Proprtion of Children 5-12 years in Child Labour other than Hazardous Work"
    )
    boys = reading.rows[0]
    assert (boys.sex, boys.value_text) == ("M", "25797")
    rural = next(r for r in reading.rows if r.labels["Area of Residence"] == "Rural Area")
    assert rural.urbanisation == "R"
    # "GKMA" is not an SDMX code: kept as written, coded as the total.
    gkma = next(r for r in reading.rows if r.labels["Area of Residence"] == "GKMA")
    assert gkma.urbanisation == "_T"


def test_armenia_units_column_and_national_age_groups():
    reading = tidy.read(real("armenia"), has_country=True, has_series=True)
    assert reading.problems == [] and reading.inferred == []
    assert reading.encoding == "utf-8-sig"
    assert {r.unit for r in reading.rows} == {"NUMBER", "PT"}
    assert {r.age for r in reading.rows} == {"_T", "Y5T11", "Y12T15", "Y16T17"}
    assert {r.urbanisation for r in reading.rows} == {"_T", "U", "R"}


def test_kazakhstan_coded_columns_and_a_repeated_breakdown_to_confirm():
    reading = tidy.read(real("kazakhstan"), has_country=True, has_series=True)
    assert reading.problems == []
    assert reading.roles["REF_AREA"] == "geo" and reading.roles["UNIT_MEASURE"] == "unit"
    assert {r.unit for r in reading.rows} == {"PT"}
    assert {r.geo for r in reading.rows} >= {"", "KZAKM"}
    # The real file gives Karaganda's urban 2023 share twice (0.02 on line 1100, 0.15 on line 1118).
    (repeat,) = reading.inferred
    assert repeat.key == "repeat:1118" and "line 1100" in repeat.why


def test_kazakhstan_metadata_names_a_national_indicator_so_proxy_is_asked():
    meta = (DATA / "kazakhstan" / "meta_8-7-1.yml").read_bytes()
    reading = tidy.read(real("kazakhstan"), has_country=True, has_series=True, meta=meta)
    inferred = {i.key: i for i in reading.inferred}
    assert inferred["proxy"].value == "yes"
    assert "national_definition" in inferred


def test_semicolon_and_decimal_comma():
    reading = tidy.read((FILES / "semicolon_decimal_comma.csv").read_bytes(), has_country=True, has_series=True)
    assert reading.problems == []
    assert (reading.delimiter, reading.decimal) == (";", ",")
    assert [(r.sex, r.value, r.value_text) for r in reading.rows] == [
        ("M", Decimal("7.07"), "7,07"),
        ("F", Decimal("6.5"), "6,5"),
        ("_T", Decimal("6.8"), "6,8"),
    ]
    assert [i.key for i in reading.inferred] == ["decimal", "unit"]


def test_windows_1252_is_decoded_and_said():
    reading = tidy.read((FILES / "latin1.csv").read_bytes(), has_country=True, has_series=True)
    assert reading.problems == []
    assert reading.columns[1] == "Categoría"
    assert reading.rows[0].labels["Categoría"] == "Niños trabajando"
    assert reading.inferred[0].key == "encoding" and reading.inferred[0].value == "cp1252"


def test_a_confirmed_encoding_is_used():
    reading = tidy.read((FILES / "latin1.csv").read_bytes(), has_country=True, has_series=True, encoding="latin-1")
    assert reading.rows[1].labels["Categoría"] == "Niñas trabajando"
    assert not any(i.key == "encoding" for i in reading.inferred)


def test_duplicated_rows_name_both_lines():
    reading = tidy.read((FILES / "duplicated.csv").read_bytes(), has_country=True, has_series=True)
    assert messages(reading) == [(4, "", "This row repeats line 2: same year, same breakdown, same value.")]


def test_xlsx_renamed_csv_is_read_and_said():
    reading = tidy.read((FILES / "workbook_named.csv").read_bytes(), has_country=True, has_series=True)
    assert reading.problems == []
    assert reading.format == "xlsx"
    assert [(r.year, r.sex, r.value_text) for r in reading.rows] == [(2019, "M", "7.07"), (2019, "F", "6.5")]
    assert reading.inferred[0].key == "format" and "Datos" in reading.inferred[0].why


def test_formula_in_a_label_is_refused_by_line_and_column():
    reading = tidy.read((FILES / "formula.csv").read_bytes(), has_country=True, has_series=True)
    assert messages(reading) == [(7, "Sexo", "This looks like a spreadsheet formula.")]


def test_negative_numbers_are_not_formulas():
    reading = tidy.read(b"Year,Sex,Value\n2019,M,-1.5\n", has_country=True, has_series=True)
    assert reading.problems == [] and reading.rows[0].value == Decimal("-1.5")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("no_year.csv", [(1, "Year", "There is no Year column. The first column must be Year.")]),
        ("no_value.csv", [(1, "Value", "There is no Value column. The last column must be Value.")]),
    ],
)
def test_missing_year_or_value_column(name, expected):
    reading = tidy.read((FILES / name).read_bytes(), has_country=True, has_series=True)
    assert messages(reading) == expected


def test_bad_year_bad_value_and_too_many_cells():
    reading = tidy.read((FILES / "bad_cells.csv").read_bytes(), has_country=True, has_series=True)
    assert messages(reading) == [
        (2, "Year", "“19” is not a year: write four digits, like 2019."),
        (3, "Value", "“abc” is not a number."),
        (4, "", "This row has 4 cells; the header has 3 columns."),
    ]


def test_empty_file_nul_bytes_and_size_limit(monkeypatch):
    assert messages(tidy.read(b"")) == [(0, "", "The file is empty.")]
    assert messages(tidy.read(b"Year,Value\n2019,\x001\n", has_country=True, has_series=True)) == [
        (2, "", "The file holds a NUL byte. It may not be a text file; send a CSV file.")
    ]
    monkeypatch.setattr(tidy, "MAX_BYTES", 10)
    assert messages(tidy.read(b"Year,Value\n2019,1\n2020,2\n"))[0][2].endswith(
        "the limit is 0 MB. Split it by year or by country."
    )


def test_the_size_limit_is_50_mb():
    assert tidy.MAX_BYTES == 50 * 1024 * 1024


def test_without_series_or_country_the_file_is_refused():
    reading = tidy.read(b"Year,Sex,Value\n2019,M,1\n")
    assert [(p.column, p.message) for p in reading.problems] == [
        ("Series", "Choose the series this file holds: the file has no Series column and none was chosen."),
        (
            "GeoCode",
            "Choose the country this file is about: the file has no GeoCode or REF_AREA column and none was chosen.",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("5-17", "Y5T17"),
        ("5 a 17 años", "Y5T17"),
        ("De 5 a 14 años", "Y5T14"),
        ("aged 12-15 years", "Y12T15"),
        ("Y5T17", "Y5T17"),
        ("15+", "Y_GE15"),
        ("", "_T"),
        ("Total", "_T"),
        ("Poorest", None),
    ],
)
def test_age_codes(text, code):
    assert tidy.age_code(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hombres", "M"),
        ("Mujer", "F"),
        ("Boys", "M"),
        ("Girl", "F"),
        ("Masculin", "M"),
        ("Féminin", "F"),
        ("M", "M"),
        ("F", "F"),
        ("", "_T"),
        ("Total", "_T"),
    ],
)
def test_sex_codes(text, code):
    assert tidy.sex_code(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("Urban", "U"), ("Rural", "R"), ("Urbano", "U"), ("Urbaine", "U"), ("U", "U"), ("R", "R"), ("", "_T")],
)
def test_urbanisation_codes(text, code):
    assert tidy.urbanisation_code(text) == code
