"""The 2021 Action Pledges import: the service, its refusals (nothing half-saved) and the command. The files in
``data/`` are invented examples: their makers are example organisations and the example country."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alliance87.commitments import pledges
from alliance87.commitments.models import CoImplementer, Commitment, Deliverable, PledgeImport
from alliance87.network.models import Country, Organisation

DATA = Path(__file__).parent / "data"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture
def makers(db):
    cooperative = Organisation.objects.create(name="Example Cooperative", slug="example-cooperative", kind="other")
    union = Organisation.objects.create(name="Example Workers Union", slug="example-workers-union", kind="workers")
    country, _created = Country.objects.get_or_create(code="XE", defaults={"is_example": True})
    return cooperative, union, country


def counts() -> tuple:
    return (
        Commitment.objects.count(),
        Deliverable.objects.count(),
        CoImplementer.objects.count(),
        PledgeImport.objects.count(),
        Organisation.objects.count(),
    )


def test_a_good_csv_lands_as_published_2021_pledges(makers, cast):
    cooperative, union, country = makers
    record = pledges.import_pledges(by=cast.secretariat, raw=read("pledges_good.csv"), name="pledges_good.csv")
    assert (record.rows, record.created, record.original_name) == (3, 3, "pledges_good.csv")
    one, two, three = Commitment.objects.filter(pledge_import=record).order_by("pledge_reference")
    assert (one.pledge_reference, one.lead, one.status, one.visibility) == (
        "EX-2021-001",
        cooperative,
        "published",
        "public",
    )
    assert (one.starts_on, one.ends_on) == (datetime.date(2021, 5, 14), datetime.date(2021, 12, 31))
    assert one.published_at.date() == datetime.date(2021, 5, 14)
    # Lit at once, by the UN registry's rule: published in 2021 and silent since.
    assert one.light == two.light == "inactive"
    [deliverable] = one.deliverables.all()
    assert deliverable.due_on == datetime.date(2021, 11, 30)
    [joint] = one.co_implementers.all()
    assert joint.organisation == union and joint.confirmed_at is not None
    assert (two.lead, two.starts_on) == (country, datetime.date(2021, 5, 12))  # "12 May": the year inferred
    assert three.lead == country and three.starts_on is None  # no submission date: left empty
    inferred = " ".join(record.report["inferred"])
    assert "“12 May” has no year; read as 2021-05-12" in inferred
    assert "matched by name to the country" in inferred
    assert "Line 4, column “submitted on”: no submission date" in inferred


def test_a_good_xlsx_lands_too(makers, cast):
    record = pledges.import_pledges(by=cast.secretariat, raw=read("pledges_good.xlsx"), name="pledges_good.xlsx")
    assert record.created == 3
    first = Commitment.objects.get(pledge_reference="EX-2021-201")
    assert first.starts_on == datetime.date(2021, 5, 14) and first.deliverables.get().due_on == datetime.date(
        2021, 11, 30
    )


def test_utf8_with_a_bom_and_semicolons(makers, cast):
    plan = pledges.read_pledges(read("pledges_semicolon_bom.csv"), "pledges_semicolon_bom.csv")
    assert plan.problems == [] and len(plan.rows) == 3
    assert plan.rows[0].reference == "EX-2021-101"  # the BOM is not part of the first header
    assert "byte-order mark" in plan.encoding and "“;”" in plan.encoding


def test_headers_match_without_case_and_spaces(makers, cast):
    raw = read("pledges_good.csv").replace(b"Pledge reference,Pledge maker", b"PLEDGE  REFERENCE , pledge maker")
    assert pledges.read_pledges(raw, "x.csv").problems == []


def test_an_unknown_column_is_named_and_refuses_the_file(makers, cast):
    before = counts()
    with pytest.raises(pledges.PledgesRefused) as refused:
        pledges.import_pledges(by=cast.secretariat, raw=read("pledges_unknown_column.csv"), name="bad.csv")
    assert refused.value.problems[0].startswith("Column “Budget” is not a column of the Action Pledges")
    assert counts() == before


def test_a_missing_required_column_is_named(makers):
    raw = read("pledges_good.csv").replace(b",Kind,", b",Sort,")
    with pytest.raises(pledges.PledgesRefused) as refused:
        pledges.read_pledges(raw, "x.csv")
    assert "The column “kind” is missing." in refused.value.problems


def test_an_unknown_maker_is_refused_with_its_line_unless_created(makers, cast):
    before = counts()
    raw = read("pledges_unknown_maker.csv")
    with pytest.raises(pledges.PledgesRefused) as refused:
        pledges.import_pledges(by=cast.secretariat, raw=raw, name="unknown.csv")
    assert refused.value.problems == [
        "Lines 2: no organisation on the platform is named “Example Unknown Foundation” (create it on the import "
        "page, or add it first)."
    ]
    assert counts() == before
    plan = pledges.read_pledges(raw, "unknown.csv")
    assert plan.unknown_organisations == ["Example Unknown Foundation"]
    record = pledges.import_pledges(
        by=cast.secretariat, raw=raw, name="unknown.csv", create={"Example Unknown Foundation": "civil_society"}
    )
    created = Organisation.objects.get(name="Example Unknown Foundation")
    assert created.kind == "civil_society" and not created.is_partner and "unknown.csv" in created.source
    assert record.report["organisations_created"] == ["Example Unknown Foundation"]
    assert Commitment.objects.get(pledge_reference="EX-2021-001").lead_organisation == created


def test_an_unknown_country_is_refused_and_never_created(makers, cast):
    raw = read("pledges_good.csv").replace(b"EX-2021-002,XE,", b"EX-2021-002,Nowhereland,")
    before = counts()
    with pytest.raises(pledges.PledgesRefused) as refused:
        pledges.import_pledges(by=cast.secretariat, raw=raw, name="x.csv")
    assert refused.value.problems == [
        "Line 3, column “pledge maker”: no country on the platform is “Nowhereland” (write its name or its ISO "
        "code, e.g. GH)."
    ]
    assert counts() == before


def test_a_title_of_21_words_is_refused_naming_line_and_column(makers, cast):
    before = counts()
    with pytest.raises(pledges.PledgesRefused) as refused:
        pledges.import_pledges(by=cast.secretariat, raw=read("pledges_long_title.csv"), name="long.csv")
    assert refused.value.problems == ["Line 2, column “name of the pledge”: at most 20 words; this has 21."]
    assert counts() == before


def test_bad_dates_and_kinds_are_named(makers):
    raw = (
        read("pledges_good.csv")
        .replace(b",2021-05-14,", b",2019-05-14,")
        .replace(b"XE,country", b"XE,ministry")
        .replace(b",2021-12-31", b",31/02/2021")
    )
    plan = pledges.read_pledges(raw, "x.csv")
    assert plan.problems == [
        "Line 2, column “submitted on”: 2019-05-14 is not in 2021: the Action Pledges were made and achievable in "
        "2021.",
        "Line 3, column “kind”: “ministry” is not organisation, country or action group.",
        "Line 4, column “due date”: “31/02/2021” is not a date (write it like 2021-05-14 or 14/05/2021).",
    ]


def test_a_file_imported_twice_is_refused_with_the_earlier_import(makers, cast):
    first = pledges.import_pledges(by=cast.secretariat, raw=read("pledges_good.csv"), name="pledges_good.csv")
    before = counts()
    with pytest.raises(pledges.PledgesRefused) as refused:
        pledges.import_pledges(by=cast.secretariat, raw=read("pledges_good.csv"), name="again.csv")
    assert refused.value.earlier == [first]
    assert "This file was imported before" in refused.value.problems[0]
    assert counts() == before


def test_a_reference_already_there_is_refused_with_the_earlier_import(makers, cast):
    first = pledges.import_pledges(by=cast.secretariat, raw=read("pledges_good.csv"), name="pledges_good.csv")
    raw = read("pledges_good.csv").replace(b"EX-2021-002", b"EX-2021-099").replace(b"EX-2021-003", b"EX-2021-098")
    before = counts()
    with pytest.raises(pledges.PledgesRefused) as refused:
        pledges.import_pledges(by=cast.secretariat, raw=raw, name="changed.csv")
    assert refused.value.problems == [
        "Line 2, column “pledge reference”: the pledge “EX-2021-001” was imported before (pledges_good.csv)."
    ]
    assert refused.value.earlier == [first]
    assert counts() == before


def test_a_reference_twice_in_the_file_is_refused(makers):
    raw = read("pledges_good.csv").replace(b"EX-2021-002", b"EX-2021-001")
    plan = pledges.read_pledges(raw, "x.csv")
    assert plan.problems == ["Line 3, column “pledge reference”: “EX-2021-001” is also on line 2."]


def test_only_the_secretariat_imports(makers, cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        pledges.import_pledges(by=cast.partner_editor, raw=read("pledges_good.csv"), name="x.csv")
    assert not PledgeImport.objects.exists()


def test_the_command_imports_and_refuses_with_exit_codes(makers, cast, capsys):
    secretariat = cast.secretariat
    with pytest.raises(CommandError) as refused:
        call_command("import_action_pledges", str(DATA / "pledges_unknown_maker.csv"), by=secretariat.email)
    assert refused.value.returncode == 1 and "Example Unknown Foundation" in capsys.readouterr().err
    call_command("import_action_pledges", str(DATA / "pledges_good.csv"), by=secretariat.email)
    out = capsys.readouterr().out
    assert "3 pledge(s) imported and published" in out
    with pytest.raises(CommandError) as refused:
        call_command("import_action_pledges", str(DATA / "pledges_good.csv"), by=secretariat.email)
    assert refused.value.returncode == 1
    err = capsys.readouterr().err
    assert "This file was imported before" in err and "/commitments/manage/import-pledges/" in err
    with pytest.raises(CommandError) as refused:
        call_command("import_action_pledges", str(DATA / "no-such-file.csv"), by=secretariat.email)
    assert refused.value.returncode == 2
    with pytest.raises(CommandError) as refused:
        call_command("import_action_pledges", str(DATA / "pledges_good.xlsx"), by=cast.partner_editor.email)
    assert refused.value.returncode == 2
    assert Commitment.objects.count() == 3


def test_the_command_dry_run_writes_nothing(makers, cast, capsys):
    call_command("import_action_pledges", str(DATA / "pledges_good.xlsx"), by=cast.secretariat.email, dry_run=True)
    assert "nothing was written" in capsys.readouterr().out
    assert not PledgeImport.objects.exists()


def test_a_stakeholder_named_twice_is_one_co_implementer_and_the_maker_is_not_its_own(makers, cast):
    raw = read("pledges_good.csv").replace(
        b"organisation,Example Workers Union,", b"organisation,Example Workers Union; example workers union,"
    )
    record = pledges.import_pledges(by=cast.secretariat, raw=raw, name="twice.csv")
    assert Commitment.objects.get(pledge_import=record, pledge_reference="EX-2021-001").co_implementers.count() == 1
    raw = read("pledges_good.csv").replace(b"organisation,Example Workers Union,", b"organisation,Example Cooperative,")
    raw = raw.replace(b"EX-2021-00", b"EX-2021-05")
    plan = pledges.read_pledges(raw, "self.csv")
    assert plan.problems == ["Line 2, column “joint with”: “Example Cooperative” is the pledge’s maker."]
