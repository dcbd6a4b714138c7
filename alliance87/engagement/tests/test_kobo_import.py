"""Answers exported from KoboToolbox/ODK: CSV in each encoding and delimiter a spreadsheet writes, XLSX,
group paths, split multiple-choice columns, a second import that adds nothing, duplicates, empty answers,
safeguarding, and every problem by line with nothing stored."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance87.engagement import kobo, services
from alliance87.engagement.models import Answer, Response

from .making import make_consultation
from .xlsx_files import xlsx_upload

pytestmark = pytest.mark.django_db(transaction=False)

HEADER = [
    "start",
    "about/first",
    "about/area",
    "urgency",
    "areas",
    "areas/data",
    "areas/law",
    "_uuid",
    "_submission_time",
]
ROWS = [
    [
        "2025-08-14",
        "Données fiables sur le travail forcé",
        "data",
        "4",
        "data law",
        "1",
        "1",
        "u-1",
        "2025-08-14T10:22:31",
    ],
    ["2025-08-15", "", "finance", "", "", "0", "0", "u-2", "2025-08-15T08:00:00"],
    ["2025-08-16", "Más financiación; menos reuniones", "", "5", "law", "0", "1", "u-3", "2025-08-16T09:30:00"],
]


@pytest.fixture
def consultation(cast):
    consultation = make_consultation(cast.secretariat)
    areas = services.question_add(
        by=cast.secretariat, consultation=consultation, kind="multiple", label="Areas", name="areas"
    )
    services.choice_add(by=cast.secretariat, question=areas, label="Data", value="data")
    services.choice_add(by=cast.secretariat, question=areas, label="Law", value="law")
    return consultation


def _csv(rows, *, delimiter=",", encoding="utf-8", header=HEADER, name="answers.csv") -> SimpleUploadedFile:
    """The file as a spreadsheet or KoboToolbox writes it (a cell holding the delimiter is quoted)."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([header, *rows])
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


def _answers(consultation) -> dict:
    return {
        (r.external_uuid, a.question.name): a.text or a.choices or a.number
        for r in consultation.responses.prefetch_related("answers__question")
        for a in r.answers.all()
    }


EXPECTED = {
    ("u-1", "first"): "Données fiables sur le travail forcé",
    ("u-1", "area"): ["data"],
    ("u-1", "urgency"): 4,
    ("u-1", "areas"): ["data", "law"],
    ("u-2", "area"): ["finance"],
    ("u-3", "first"): "Más financiación; menos reuniones",
    ("u-3", "urgency"): 5,
    ("u-3", "areas"): ["law"],
}


@pytest.mark.parametrize(
    ("delimiter", "encoding", "read_as"),
    [
        (",", "utf-8", "UTF-8"),
        (";", "utf-8-sig", "UTF-8 with BOM"),
        (";", "latin-1", "Windows-1252 (latin-1)"),
        ("\t", "utf-16", "UTF-16"),
    ],
)
def test_kobo_csv_in_each_encoding_and_delimiter(cast, consultation, delimiter, encoding, read_as):
    done = kobo.import_answers(
        by=cast.secretariat, consultation=consultation, file=_csv(ROWS, delimiter=delimiter, encoding=encoding)
    )
    assert (done.imported, done.already_there, done.encoding) == (3, 0, read_as)
    assert done.notes == ["Column A (start) is no question of this consultation: not imported."]
    assert _answers(consultation) == EXPECTED  # u-2's empty text and scale stay empty: no answer made
    first = consultation.responses.get(external_uuid="u-1")
    assert (first.source, first.status, first.quotable) == ("kobo", "submitted", False)
    assert (
        first.submitted_at
        == first.external_submitted_at
        == datetime.datetime(2025, 8, 14, 10, 22, 31, tzinfo=datetime.UTC)
    )


def test_a_second_import_adds_nothing_and_a_later_export_only_the_new(cast, consultation):
    kobo.import_answers(by=cast.secretariat, consultation=consultation, file=_csv(ROWS[:2]))
    again = kobo.import_answers(by=cast.secretariat, consultation=consultation, file=_csv(ROWS[:2]))
    assert (again.imported, again.already_there) == (0, 2)
    later = kobo.import_answers(by=cast.secretariat, consultation=consultation, file=_csv(ROWS))
    assert (later.imported, later.already_there) == (1, 2)
    assert consultation.responses.count() == 3


def test_xlsx_export_with_split_columns_only(cast, consultation):
    header = ["first", "areas/data", "areas/law", "_uuid", "_submission_time"]
    rows = [["Rule of law", 1, 1, "x-1", datetime.datetime(2025, 11, 3, 12, 0)], ["Data", 0, 1, "x-2", None]]
    done = kobo.import_answers(
        by=cast.secretariat, consultation=consultation, file=xlsx_upload({"Partner survey": [header, *rows]}, "k.xlsx")
    )
    assert (done.imported, done.encoding) == (2, "XLSX")
    assert _answers(consultation) == {
        ("x-1", "first"): "Rule of law",
        ("x-1", "areas"): ["data", "law"],
        ("x-2", "first"): "Data",
        ("x-2", "areas"): ["law"],
    }


def test_duplicates_in_one_file(cast, consultation):
    done = kobo.import_answers(by=cast.secretariat, consultation=consultation, file=_csv([ROWS[0], ROWS[1], ROWS[0]]))
    assert done.imported == 2
    assert done.notes[-1] == "Line 4 repeats the submission on line 2 (same _uuid and answers): imported once."
    changed = [*ROWS[0][:1], "Autre chose", *ROWS[0][2:]]
    with pytest.raises(ValidationError) as refused:
        kobo.import_answers(by=cast.secretariat, consultation=consultation, file=_csv([ROWS[2], changed, ROWS[0]]))
    assert refused.value.messages == [
        "Nothing was imported: fix these lines and import the file again.",
        "Line 4 has the _uuid of line 3 with other answers: keep one of the two.",
    ]


def test_bad_values_refuse_the_whole_file_by_line(cast, consultation):
    rows = [
        ROWS[0],
        ["", "Bien", "bananas", "9", "data", "1", "0", "u-5", "yesterday"],
        ["", "Bien", "data", "2", "data", "maybe", "0", "", ""],
    ]
    with pytest.raises(ValidationError) as refused:
        kobo.import_answers(by=cast.secretariat, consultation=consultation, file=_csv(rows))
    assert refused.value.messages == [
        "Nothing was imported: fix these lines and import the file again.",
        "Line 3, column C (area): “bananas” is not among its choices (data, finance).",
        "Line 3, column D (urgency): “9” is not a whole number from 1 to 5.",
        "Line 3, column I: “yesterday” is not a date and time such as 2025-08-14T10:22:31.",
        "Line 4: no submission id (_uuid), or one longer than 100 characters.",
    ]
    assert not Response.objects.filter(consultation=consultation).exists()


def test_files_that_cannot_be_answers(cast, consultation):
    def refused(file):
        with pytest.raises(ValidationError) as error:
            kobo.import_answers(by=cast.secretariat, consultation=consultation, file=file)
        return error.value.messages

    assert refused(_csv(ROWS, header=[h for h in HEADER if h != "_uuid"])) == [
        "The file has no _uuid column (nor ODK’s meta/instanceID): without it, a second import could not tell "
        "which answers are there already. Export from KoboToolbox with its metadata."
    ]
    assert refused(SimpleUploadedFile("a.csv", b"")) == ["“a.csv” is empty: export the answers again from KoboToolbox."]
    assert refused(_csv([["1", "x"]], header=["other", "_uuid"])) == [
        "No column of the file is a question of this consultation (its questions: first, area, urgency, areas)."
    ]
    huge = _csv(ROWS)
    huge.size = 50 * 1024 * 1024 + 1
    assert refused(huge) == ["“answers.csv” is 52.4 MB; the limit is 50 MB."]


def test_odk_central_columns_and_disclosures_screened(cast, consultation, django_capture_on_commit_callbacks):
    header = ["SubmissionDate", "first", "meta/instanceID", "KEY"]
    words = "My employer took my passport and I cannot leave"
    rows = [["2025-11-03T12:00:00.000Z", words, "uuid:abc", "uuid:abc"], ["2025-11-03T13:00:00Z", words, "uuid:d", ""]]
    safeguarding = cast.safeguarding  # the focal point exists before the import
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = kobo.import_answers(by=cast.secretariat, consultation=consultation, file=_csv(rows, header=header))
    assert done.imported == 2
    answer = Answer.objects.get(response__external_uuid="abc")
    assert answer.may_be_disclosure and not answer.quotable
    assert answer.response.external_submitted_at == datetime.datetime(2025, 11, 3, 12, 0, tzinfo=datetime.UTC)
    [message] = [m for m in mail.outbox if safeguarding.email in m.to]  # once for the import
    assert "passport" not in message.body


def test_only_who_edits_the_consultation_imports(cast, consultation):
    consultation.team.add(cast.reviewer)
    for someone in (cast.reviewer, cast.outsider, cast.safeguarding, None):
        with pytest.raises(PermissionDenied):
            kobo.import_answers(by=someone, consultation=consultation, file=_csv(ROWS))


def test_the_page_imports_then_reports_and_lists_every_problem(secretariat_client, consultation):
    address = f"/consultations/manage/{consultation.slug}/import-answers/"
    bad = [["", "Bien", "bananas", "2", "", "0", "0", "u-9", ""]]
    refused = secretariat_client.post(address, {"file": _csv(bad)})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Nothing was imported: fix these lines and import the file again." in html
    assert "Line 2, column C (area): “bananas” is not among its choices (data, finance)." in html
    # One problem, not two: the line that sums them up is not counted (H's journey found "3" for 2).
    assert "What is wrong with the file is listed under it: 1 problem." in " ".join(html.split())
    many = [["", "Bien", "bananas", "2", "", "0", "0", f"u-{n}", ""] for n in range(205)]
    text = " ".join(secretariat_client.post(address, {"file": _csv(many)}).content.decode().split())
    assert "listed under it: 205 problems." in text and "…and 5 more." in text
    done = secretariat_client.post(address, {"file": _csv(ROWS, delimiter=";")}, follow=True)
    assert done.redirect_chain[-1][0].endswith("/import-report/")
    text = " ".join(done.content.decode().split())
    assert "Answers imported</dt><dd>3</dd>" in text and "Already there, skipped</dt><dd>0</dd>" in text
    again = secretariat_client.post(address, {"file": _csv(ROWS, delimiter=";")}, follow=True)
    text = " ".join(again.content.decode().split())
    assert "Answers imported</dt><dd>0</dd>" in text and "Already there, skipped</dt><dd>3</dd>" in text
