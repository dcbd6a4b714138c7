"""The concept note in Word: read (as organisers write it, and as the platform writes it) and written back."""

import io
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from openpyxl import Workbook

from alliance87.events import docx_note, exports, services
from alliance87.events.models import Event

NOT_DOCX = "This file is not a Word document (.docx)."
CONVERSATION_I = "Conversation I: Global Leadership and Shared Priorities"
CLOSING = "Communication Activity - “10 Years of Alliance 8.7” & Closing"


def roles(event: Event) -> set[tuple]:
    return {
        (
            p.person.name,
            p.agenda_item.position if p.agenda_item else None,
            p.role,
            p.is_lead,
            p.printed_title,
            p.printed_organisation,
            p.confirmation,
        )
        for p in event.participations.select_related("person", "agenda_item")
    }


def assert_is_the_side_event(event: Event) -> None:
    items = list(event.items.order_by("position"))
    assert [i.duration_minutes for i in items] == [5, 35, 5, 35, 10]
    assert [i.title for i in items][1] == CONVERSATION_I
    assert event.starts_at.astimezone(event.zone).strftime("%H:%M") == "16:30"
    assert event.starts_at == datetime(2026, 2, 11, 15, 30, tzinfo=UTC)
    assert event.ends_at == datetime(2026, 2, 11, 17, 0, tzinfo=UTC)
    assert event.participations.values("person").distinct().count() == 11
    minister = event.participations.filter(person__name="Younes Sekkouri").order_by("agenda_item__position")
    assert [(p.agenda_item.title, p.confirmation) for p in minister] == [(CONVERSATION_I, "tbc"), (CLOSING, "tbc")]


def test_round_trip_through_word_gives_the_same_event(side_event):
    text = docx_note.docx_to_text(exports.concept_note_docx(side_event))
    before = roles(side_event)
    details = {
        field: getattr(side_event, field)
        for field in ("title", "keywords", "background", "objectives", "expected_outcomes", "session_format", "venue")
    }
    plan = services.concept_note_read(text=text, by=None)
    assert (plan.action, plan.changes) == ("update", [])  # the same note: its draft, and nothing changes
    again = services.concept_note_apply(plan, by=None)
    assert again.pk == side_event.pk
    assert_is_the_side_event(again)
    assert roles(again) == before
    for field, value in details.items():
        assert getattr(again, field) == value, field
    assert again.participations.get(person__name="Bukeni Waruzi", agenda_item=None).role == "moderator"
    assert again.participations.get(person__name="Claudia Fuentes Julio", agenda_item=None).role == "chair"


def test_exported_word_note_has_the_template_sections_and_the_flow_table(side_event):
    document = Document(io.BytesIO(exports.concept_note_docx(side_event)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
    assert headings == [
        "I. Keywords",
        "II. Background & Rationale",
        "III. Key Objectives",
        "IV. Expected Outcomes and Deliverables",
        "V. Session Format",
        "VI. Proposed speakers and targeted audience",
        "VII. Session Flow",
    ]
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Slot", "Segment", "Lead", "Description / Notes"]
    assert [row[0] for row in rows[1:]] == ["5 mins", "35 mins", "5 mins", "35 mins", "10 mins"]
    assert rows[5][2] == (
        "Ambassador Claudia Fuentes Julio, Chair of Alliance 8.7, Chile; "
        "Younes Sekkouri, Minister of Labour, Morocco (tbc)"
    )
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 9
    assert bullets[0].startswith("Younes Sekkouri, Minister of Economic Inclusion") and bullets[0].endswith("(tbc)")


def word_note_as_organisers_write_it(seed_text: str) -> bytes:
    """The seed note as Word would have it: headings without typed numerals, bullets as a Word list, the date
    line laid out as a one-row table, and the session flow as a table."""
    document = Document()
    lines = iter(seed_text.splitlines())
    section = ""
    for line in lines:
        text = line.strip()
        if not text or set(text) <= set("-\t"):
            continue
        if text.startswith("[11 February]"):
            cells = document.add_table(rows=1, cols=3).rows[0].cells
            for cell, part in zip(cells, text.split("|"), strict=True):
                cell.text = part.strip()
        elif text[:3] in ("I. ", "II.", "III", "IV.", "V. ", "VI.", "VII", "VII") and ". " in text[:6]:
            section = text.split(". ", 1)[1]
            document.add_heading(section, level=2)  # Word numbers the headings itself
        elif section == "Session Flow" and "\t" in text:
            cells = [cell.strip() for cell in line.split("\t")]
            table = document.tables[-1] if text.startswith(("5 ", "35 ", "10 ")) else document.add_table(0, 4)
            for cell, value in zip(table.add_row().cells, cells, strict=True):
                cell.text = value
        elif text.startswith("- "):
            document.add_paragraph(text[2:], style="List Bullet")
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_note_as_organisers_write_it_imports_like_the_text(seed_text, alliance):
    data = word_note_as_organisers_write_it(seed_text)
    text = docx_note.docx_to_text(data)
    assert "I. Keywords" in text
    assert "VII. Session Flow\n\nSlot\tSegment\tLead\tDescription / Notes\n5 mins\tOpening remarks\t" in text
    assert "[11 February] | [16:30-18:00] | [In-person]" in text
    assert "- Parul Mehra, Protection Officer, IOM" in text
    assert_is_the_side_event(services.concept_note_import(text=text, by=None))


def test_tracked_deletions_and_tabs_in_pPr_are_not_read_as_text():
    document = Document()
    paragraph = document.add_paragraph("Kept")
    deleted = paragraph._p.makeelement(f"{docx_note.W}del", {})
    run = deleted.makeelement(f"{docx_note.W}r", {})
    gone = run.makeelement(f"{docx_note.W}delText", {})
    gone.text = " and removed"
    run.append(gone)
    deleted.append(run)
    paragraph._p.append(deleted)
    paragraph.paragraph_format.tab_stops.add_tab_stop(914400)
    out = io.BytesIO()
    document.save(out)
    assert docx_note.docx_to_text(out.getvalue()) == "Kept\n"


def _xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"Concept Note for a Side Event on\n",  # plain text
        b"%PDF-1.7\n...",  # a PDF
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,  # Word 97-2003 (.doc)
        b"PK\x03\x04" + b"\x00" * 64,  # a broken zip
        pytest.param(None, id="xlsx"),  # a zip, but a spreadsheet
    ],
)
def test_a_file_that_is_not_a_word_document_gets_the_exact_error(data):
    data = _xlsx() if data is None else data
    with pytest.raises(ValidationError) as raised:
        docx_note.docx_to_text(data)
    assert raised.value.messages == [NOT_DOCX]
    # The upload and the command see the same message, for a file named .docx whatever it holds.
    with pytest.raises(ValidationError) as raised:
        docx_note.note_text(data, filename="concept-note.docx")
    assert raised.value.messages == [NOT_DOCX]


def test_note_text_reads_word_by_content_and_text_as_utf8(seed_text, side_event):
    word = exports.concept_note_docx(side_event)
    assert docx_note.note_text(word, filename="note.txt").startswith("Concept Note for a Side Event on\n")
    assert docx_note.note_text(("\ufeff" + seed_text).encode(), filename="note.txt") == seed_text
    with pytest.raises(ValidationError) as raised:
        docx_note.note_text("Réunion".encode("latin-1"), filename="note.txt")
    assert raised.value.messages == ["This file is neither a Word document (.docx) nor plain text (UTF-8)."]


def test_import_command_reads_a_word_file_by_its_content(tmp_path, side_event, capsys):
    path = tmp_path / "concept-note.txt"  # a misleading name: the content decides
    path.write_bytes(exports.concept_note_docx(side_event))
    call_command("import_concept_note", str(path), "--accept-inferred")
    assert "5 agenda items, 11 people; agenda fits." in capsys.readouterr().out
    assert_is_the_side_event(Event.objects.get(source="concept-note.txt"))


def test_import_command_refuses_a_docx_that_is_not_word(tmp_path, alliance):
    path = tmp_path / "concept-note.docx"
    path.write_text("Concept Note for a Side Event on\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"concept-note\.docx: This file is not a Word document \(\.docx\)\."):
        call_command("import_concept_note", str(path))
    assert not Event.objects.exists()


def test_concept_note_docx_view_gives_the_organiser_a_word_file(secretariat_client, side_event):
    response = secretariat_client.get(reverse("events:concept_note_docx", args=[side_event.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == f'attachment; filename="{side_event.slug}-concept-note.docx"'
    assert response["Cache-Control"] == "private, no-store"
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[1].text == "Alliance 8.7: 10 years of Partnership and Action"
    assert (
        document.core_properties.title
        == "Concept Note for a Side Event on Alliance 8.7: 10 years of Partnership and Action"
    )
