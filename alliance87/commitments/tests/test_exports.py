"""The registry's downloads parsed back: CSV, XLSX and JSON of the filtered commitments, the deliverables'
files, formula-safe cells, the same rights as the page."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from alliance87.commitments import exports
from alliance87.commitments.models import Light, Visibility

from .making import commitment, deliverable


def url(what, fmt):
    return reverse("commitments:download", args=[what, fmt])


@pytest.fixture
def rows(cast, priority):
    a = cast.alliance
    first = commitment(
        lead=a.free_the_slaves,
        title='=HYPERLINK("x") is not a formula (example)',
        light=Light.GREEN,
        priorities=[priority],
        countries=[a.kenya],
        co_implementers=[a.nestle],
    )
    deliverable(first, title="Second deliverable (example)", target=5)
    commitment(lead=a.kenya, title="Kenya's (example)", light=Light.RED)
    commitment(lead=a.fao, title="Partners only (example)", visibility=Visibility.PARTNERS)
    commitment(lead=a.ilo, title="Draft (example)", status="draft")
    return first


def test_csv_of_commitments(client, rows):
    response = client.get(url("commitments", "csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = table[0], table[1:]
    assert header == [str(label) for _key, label in exports.COMMITMENT_COLUMNS]
    assert len(body) == 2
    record = dict(zip(header, body[-1], strict=True))
    assert record["Title"].startswith("'=HYPERLINK")  # shown, never run
    assert record["Deliverables"] == "2"
    assert record["Countries (ISO codes)"] == "KE"
    assert record["Co-implementers (confirmed)"].startswith("Nestl")
    assert record["Status light"] == "Reported within the year"
    assert record["On track"] == "Yes"
    assert record["Address"].endswith(f"/commitments/{rows.pk}/")


def test_filters_apply_to_the_files(client, rows):
    response = client.get(url("commitments", "csv"), {"light": "red"})
    body = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert [r[2] for r in body] == ["Kenya's (example)"]
    assert "light-red" in response["Content-Disposition"]


def test_xlsx_of_commitments_and_deliverables(client, rows):
    book = load_workbook(io.BytesIO(client.get(url("commitments", "xlsx")).content))
    sheet = book.active
    assert sheet.title == "Commitments"
    values = list(sheet.values)
    assert len(values) == 3
    assert values[0][0] == "ID"
    book = load_workbook(io.BytesIO(client.get(url("deliverables", "xlsx")).content))
    values = list(book.active.values)
    assert values[0][3] == "Deliverable"
    assert len(values) == 1 + 3  # two deliverables of the first, one of Kenya's
    targets = sorted(v[7] for v in values[1:])
    assert targets == [5, 200, 200]  # numbers, not text


def test_csv_of_deliverables(client, rows):
    response = client.get(url("deliverables", "csv"))
    body = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["Deliverable"] for r in body} == {"Labour inspectors trained (example)", "Second deliverable (example)"}


def test_json_with_deliverables_inside(client, rows):
    response = client.get(url("commitments", "json"))
    data = json.loads(response.content)
    assert data["count"] == 2
    first = next(c for c in data["commitments"] if c["id"] == rows.pk)
    assert first["title"].startswith("=HYPERLINK")  # JSON is data, not a spreadsheet
    assert [d["target"] for d in first["deliverable_list"]] == ["200", "5"]
    assert first["countries"] == ["KE"]
    assert set(first) >= {key for key, _label in exports.COMMITMENT_COLUMNS}


def test_members_download_partners_only_ones_too(client, cast, rows):
    client.force_login(cast.partner_editor)
    data = json.loads(client.get(url("commitments", "json")).content)
    assert data["count"] == 3


def test_unknown_files_are_404(client, alliance):
    assert client.get(url("deliverables", "json")).status_code == 404
    assert client.get("/commitments/other.csv").status_code == 404


def test_the_registry_links_its_downloads(client, rows):
    html = client.get(reverse("commitments:registry"), {"light": "green"}).content.decode()
    for what, fmt in (
        ("commitments", "csv"),
        ("commitments", "xlsx"),
        ("commitments", "json"),
        ("deliverables", "csv"),
    ):
        assert f'{url(what, fmt)}?light=green"' in html


def test_export_queries_do_not_grow(client, cast, priority, django_assert_max_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a = cast.alliance
    commitment(lead=a.free_the_slaves, priorities=[priority], countries=[a.kenya], co_implementers=[a.nestle])
    with CaptureQueriesContext(connection) as one:
        client.get(url("commitments", "csv"))
    for _n in range(2):
        commitment(lead=a.kenya, priorities=[priority], countries=[a.kenya, a.mexico], co_implementers=[a.nestle])
    cache.clear()
    with CaptureQueriesContext(connection) as three:
        client.get(url("commitments", "csv"))
    assert len(three) == len(one)
