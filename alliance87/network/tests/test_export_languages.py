"""The directory's downloads in the page's language: a human-readable file, so French from /fr/."""

import csv
import io

import openpyxl


def rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_french_csv_has_french_names_in_french_order(client, alliance):
    header, *lines = rows(client.get("/fr/partners/download.csv").content)
    assert header[0] != "Name"  # the header in French, as before
    names = [line[0] for line in lines]
    assert ["Organisation internationale du Travail", "OIT"] == next(line[:2] for line in lines if "/ilo/" in line[4])
    assert names.index("Nestlé") < names.index("Organisation internationale du Travail")
    assert "Free the Slaves" in names  # no French form: its English name
    assert next(line for line in lines if "/ilo/" in line[4])[4].endswith("/fr/partners/ilo/")


def test_the_english_csv_and_the_arabic_xlsx(client, alliance):
    header, *lines = rows(client.get("/partners/download.csv").content)
    assert next(line[:2] for line in lines if "/ilo/" in line[4]) == ["International Labour Organization", "ILO"]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/ar/partners/download.xlsx").content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    ilo = next(row for row in values if "/ilo/" in row[4])
    assert ilo[:2] == ["منظمة العمل الدولية", "ILO"]  # no Arabic acronym: the English one
