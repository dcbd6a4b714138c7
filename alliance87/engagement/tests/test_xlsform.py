"""XLSForm import and export: a trilingual form with each supported type, the report of what was left out,
each bad file with its exact message, the round trip through pyxform, and the rights."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pyxform.xls2xform import convert

from alliance87.engagement import services, xlsform
from alliance87.engagement.models import Consultation

from .making import make_consultation
from .xlsx_files import TRILINGUAL, xlsx_upload

pytestmark = pytest.mark.django_db(transaction=False)


def _refused(cast, sheets_or_file) -> list[str]:
    file = sheets_or_file if isinstance(sheets_or_file, SimpleUploadedFile) else xlsx_upload(sheets_or_file)
    before = Consultation.objects.count()
    with pytest.raises(ValidationError) as refused:
        xlsform.import_form(by=cast.secretariat, file=file, kind="survey")
    assert Consultation.objects.count() == before  # nothing lands
    return refused.value.messages


def _shape(consultation) -> list[tuple]:
    return [
        (
            q.name,
            q.kind,
            q.label,
            q.hint,
            q.required,
            q.translations,
            (q.scale_min, q.scale_max) if q.kind == "scale" else None,
            [(c.value, c.label, c.translations) for c in q.choices.order_by("position", "pk")],
        )
        for q in consultation.questions.order_by("position", "pk")
    ]


def test_a_trilingual_form_is_imported_with_a_report_of_what_was_not(cast):
    done = xlsform.import_form(by=cast.secretariat, file=xlsx_upload(TRILINGUAL), kind="regional")
    consultation = done.consultation
    assert (consultation.title, consultation.kind, consultation.status) == ("Partner survey 2025", "regional", "draft")
    assert consultation.languages == ["en", "fr", "ar"]
    kinds = [(q.name, q.kind) for q in consultation.questions.order_by("position")]
    assert kinds == [
        ("sector", "single"),  # inside the group "about": kept by its own name
        ("priority", "text"),
        ("areas", "multiple"),
        ("order", "ranking"),
        ("urgency", "scale"),
        ("trust", "scale"),
        ("funded", "yes_no"),
        ("staff", "text"),
    ]
    sector = consultation.questions.get(name="sector")
    assert sector.required
    assert sector.translations == {"fr": {"label": "Votre secteur"}, "ar": {"label": "قطاعك"}}
    assert [(c.value, c.translations["ar"]["label"]) for c in sector.choices.all()] == [
        ("government", "حكومة"),
        ("workers", "عمال"),
    ]
    priority = consultation.questions.get(name="priority")
    assert (priority.hint, priority.translations["fr"]["hint"]) == ("One sentence is enough.", "Une phrase suffit.")
    trust = consultation.questions.get(name="trust")
    assert (trust.scale_min, trust.scale_max) == (0, 10)
    assert not consultation.questions.get(name="funded").choices.exists()  # yes/no has its own two
    assert [str(line) for line in done.not_imported] == [
        "Sheet “survey”, row 1, column K (label::Portuguese (pt)): a language the platform does not have "
        "(it has English, French, Spanish and Arabic)",
        "Sheet “survey”, row 11, column I (constraint): imported as a text question: no range within 0 to 10 "
        "(such as . >= 1 and . <= 5)",
        "Sheet “survey”, row 12, column A (type): the type “geopoint” is not one the platform asks "
        "(it asks: text, select_one, select_multiple, rank, integer, decimal, range)",
        "Sheet “survey”, row 13, column A (type): the type “note” is not one the platform asks "
        "(it asks: text, select_one, select_multiple, rank, integer, decimal, range)",
        "Sheet “survey”, row 14, column C (label::English (en)): no English label",
        "Sheet “survey”, row 15, column A (type): the list “nowhere” is not on the choices sheet",
    ]
    services.consultation_open(by=cast.secretariat, consultation=consultation)  # a form that can be answered


def test_export_converts_in_pyxform_and_comes_back_the_same(cast):
    consultation = make_consultation(cast.secretariat, open_it=False, languages=("en", "fr", "es", "ar"))
    by = cast.secretariat
    services.question_add(
        by=by,
        consultation=consultation,
        kind="yes_no",
        label="Is it funded?",
        name="funded",
        hint="Any source",
        translations={"ar": {"label": "هل هو ممول؟", "hint": "أي مصدر"}, "es": {"label": "¿Está financiado?"}},
    )
    for kind, name in (("multiple", "areas"), ("ranking", "order")):
        question = services.question_add(by=by, consultation=consultation, kind=kind, label=f"{name}?", name=name)
        services.choice_add(
            by=by, question=question, label="Data", value="data", translations={"es": {"label": "Datos"}}
        )
        services.choice_add(by=by, question=question, label="Law", value="law")
    data = xlsform.export_form(by=by, consultation=consultation)

    result = convert(xlsform=data, warnings=[])  # as KoboToolbox would read it
    assert "Est-ce" not in result.xform and "هل هو ممول؟" in result.xform and "Sí" in result.xform

    again = xlsform.import_form(by=by, file=SimpleUploadedFile("back.xlsx", data), kind="survey")
    assert again.not_imported == []
    assert again.consultation.title == consultation.title
    assert again.consultation.languages == ["en", "fr", "es", "ar"]
    assert _shape(again.consultation) == _shape(consultation)


def test_only_the_secretariat_imports_and_exports(cast):
    for someone in (cast.outsider, cast.partner_editor, cast.safeguarding, None):
        with pytest.raises(PermissionDenied):
            xlsform.import_form(by=someone, file=xlsx_upload(TRILINGUAL), kind="survey")
    consultation = make_consultation(cast.secretariat, open_it=False)
    consultation.team.add(cast.reviewer)
    with pytest.raises(PermissionDenied):
        xlsform.export_form(by=cast.reviewer, consultation=consultation)


def test_bad_files_are_refused_with_where_and_why(cast):
    assert _refused(cast, SimpleUploadedFile("form.xls", b"\xd0\xcf\x11\xe0 an old Excel file")) == [
        "“form.xls” is not an XLSX file: save the form from your spreadsheet as .xlsx."
    ]
    assert _refused(cast, SimpleUploadedFile("form.xlsx", b"PK\x03\x04 but no zip")) == [
        "“form.xlsx” could not be opened as an XLSX workbook: it may be damaged."
    ]
    assert _refused(cast, {"questions": [["type", "name"]], "choices": [["list_name", "name"]]}) == [
        "The file has no sheet named “survey” (sheets found: choices, questions): it is not an XLSForm."
    ]
    assert _refused(cast, {"survey": [["kind", "name", "label"], ["text", "a", "A"]]}) == [
        "Sheet “survey” has no column “type” in its first row (columns found: kind, name, label)."
    ]
    assert _refused(
        cast, {"survey": [["type", "name", "label"], ["text", "a", "A"]], "choices": [["list", "name"]]}
    ) == ["Sheet “choices” has no column “list_name” in its first row (columns found: list, name)."]
    assert _refused(cast, {"survey": [["type", "name", "label"], ["geopoint", "where", "Where?"]]}) == [
        "No question in this form can be imported:",
        "Sheet “survey”, row 2, column A (type): the type “geopoint” is not one the platform asks "
        "(it asks: text, select_one, select_multiple, rank, integer, decimal, range)",
    ]
    unmatched = {"survey": [["type", "name", "label"], ["begin group", "g", "G"], ["text", "a", "A"]]}
    assert _refused(cast, unmatched) == [
        "pyxform, which checks XLSForms as KoboToolbox does, refused this form: [row : 2] Unmatched "
        "'begin_group'. No matching 'end_group' was found for the name 'g'."
    ]
    too_big = xlsx_upload(TRILINGUAL, name="huge.xlsx")
    too_big.size = xlsform.MAX_BYTES + 1
    assert _refused(cast, too_big) == ["“huge.xlsx” is 52.4 MB; the limit is 50 MB."]


def test_a_long_label_is_left_out_and_a_refused_import_makes_nothing(cast):
    sheets = {
        "survey": [["type", "name", "label"], ["text", "first", "First"], ["text", "second", "x" * 501]],
        "settings": [["form_title"], ["Half"]],
    }
    done = xlsform.import_form(by=cast.secretariat, file=xlsx_upload(sheets), kind="survey")
    assert [str(line) for line in done.not_imported] == [
        "Sheet “survey”, row 3: a label or hint longer than 500 characters"
    ]
    before = Consultation.objects.count()
    with pytest.raises(ValidationError) as refused:
        xlsform.import_form(by=cast.secretariat, file=xlsx_upload(sheets), kind="not-a-kind")
    assert refused.value.messages == ["Sheet “settings”, row 2: Value 'not-a-kind' is not a valid choice."]
    assert Consultation.objects.count() == before


def test_the_pages_import_a_form_report_it_and_download_it(secretariat_client, client, cast):
    page = secretariat_client.get("/consultations/manage/")
    assert "Import an XLSForm" in page.content.decode()
    refused = secretariat_client.post(
        "/consultations/manage/new/xlsform/",
        {"kind": "survey", "file": SimpleUploadedFile("form.xls", b"\xd0\xcf\x11\xe0")},
    )
    assert refused.status_code == 400
    assert "“form.xls” is not an XLSX file: save the form from your spreadsheet as .xlsx." in refused.content.decode()
    done = secretariat_client.post(
        "/consultations/manage/new/xlsform/", {"kind": "survey", "file": xlsx_upload(TRILINGUAL)}, follow=True
    )
    consultation = Consultation.objects.get(title="Partner survey 2025")
    assert done.redirect_chain[-1][0].endswith(f"/consultations/manage/{consultation.slug}/import-report/")
    html = done.content.decode()
    assert "8 questions imported into the draft “Partner survey 2025”." in html
    assert "Sheet “survey”, row 15, column A (type): the list “nowhere” is not on the choices sheet" in html
    manage = secretariat_client.get(f"/consultations/manage/{consultation.slug}/").content.decode()
    assert "Download as XLSForm" in manage and "Import answers from KoboToolbox" in manage
    download = secretariat_client.get(f"/consultations/manage/{consultation.slug}/xlsform/")
    assert download["Content-Disposition"] == f'attachment; filename="{consultation.slug.replace("-", "_")}.xlsx"'
    assert convert(xlsform=download.content, warnings=[]).xform
    client.force_login(cast.outsider)
    assert client.get(f"/consultations/manage/{consultation.slug}/xlsform/").status_code == 404  # a draft
    assert client.get("/consultations/manage/new/xlsform/").status_code == 403
