"""Reporting progress on a commitment, in the browser (issue 16, "a partner editor commits and reports").

The journey: Free the Slaves' partner editor opens /me/, follows "Reports due on your commitments" to the
commitment whose report is due, reports on a deliverable with a PDF and a link (the upload goes with its
<progress>), sees the message on the commitment's page; then sends the final report, and the commitment is
completed. Without JavaScript the same form posts as usual; a refused file is named and nothing is saved.
The pages pass axe in English and Arabic, at a desktop and a phone width, with nothing scrolling sideways.
"""

import datetime
import re

import pytest
from pictures import keep_picture
from playwright.sync_api import Page, expect
from reading import looks_right, read_in

from alliance87.commitments import lights
from alliance87.commitments.models import Commitment, ProgressUpdate
from alliance87.commitments.tests.making import commitment

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def due(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made = commitment(
        lead=cast.alliance.free_the_slaves,
        by=cast.partner_editor,
        published_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=400),
    )
    lights.recompute_all()
    return made


@pytest.fixture
def editor_tab(tabs_on, site, cast):
    return lambda viewport=None, **options: tabs_on(site)(cast.partner_editor, viewport or DESKTOP, **options)


def fill_update(tab: Page, pdf_path) -> None:
    main = tab.get_by_role("main")
    main.get_by_label("What this update is about").select_option(label="Labour inspectors trained (example)")
    main.get_by_label("On track").check()
    main.get_by_label("Value reached").fill("80")
    main.get_by_label("What happened").fill("Eighty inspectors trained in four districts. (Example.)")
    main.get_by_label("Evidence files").set_input_files(str(pdf_path))
    main.get_by_label("Links to evidence").fill("https://example.org/training Training report")
    main.get_by_label("Share this journey as a story").check()


def test_a_partner_editor_reports_with_a_file_then_completes(editor_tab, due, cast, tmp_path, axe):
    pdf_path = tmp_path / "training.pdf"
    pdf_path.write_bytes(PDF)
    tab = editor_tab()
    tab.goto("/me/")
    tab.get_by_role("main").get_by_role("link", name="Reports due on your commitments").click()
    tab.wait_for_url(re.compile(r"/commitments/reports-due/$"))
    expect(tab.get_by_role("main")).to_contain_text("A report is due")
    keep_picture(tab, "commitment-reports-due")
    tab.get_by_role("main").get_by_role("link", name=re.compile("^Report progress")).click()
    tab.wait_for_url(re.compile(rf"/commitments/{due.pk}/report/$"))
    fill_update(tab, pdf_path)
    axe(tab)
    keep_picture(tab, "commitment-report-filled")
    tab.get_by_role("button", name="Send the report").click()
    expect(tab.get_by_role("status").first).to_contain_text("Thank you: your progress report is saved")
    update = ProgressUpdate.objects.get()
    assert update.share_as_story and update.value == 80 and update.deliverable.title.startswith("Labour")
    assert sorted((e.original_name, e.url) for e in update.evidence.all()) == [
        ("", "https://example.org/training"),
        ("training.pdf", ""),
    ]
    due.refresh_from_db()
    assert due.light == "green"

    tab.goto(f"/commitments/{due.pk}/complete/")
    main = tab.get_by_role("main")
    main.get_by_label("Achieved", exact=True).check()
    main.get_by_label("The final report").fill("All 200 inspectors trained; the protocol is national. (Example.)")
    main.get_by_label("The commitment is complete").check()
    axe(tab)
    main.get_by_role("button", name="Send the final report and complete").click()
    expect(tab.get_by_role("status").first).to_contain_text("the commitment is completed")
    due.refresh_from_db()
    assert due.status == "completed" and due.light == "done"
    assert Commitment.objects.get(pk=due.pk).updates.filter(is_final=True).count() == 1


def test_without_javascript_a_refused_file_is_named_and_nothing_saved(editor_tab, due, tmp_path):
    bad = tmp_path / "minutes.pdf"
    bad.write_bytes(b"MZ this is no PDF")
    tab = editor_tab(java_script_enabled=False)
    tab.goto(f"/commitments/{due.pk}/report/")
    main = tab.get_by_role("main")
    main.get_by_label("On track").check()
    main.get_by_label("What happened").fill("Training started. (Example.)")
    main.get_by_label("Evidence files").set_input_files(str(bad))
    main.get_by_role("button", name="Send the report").click()
    expect(tab.get_by_role("alert")).to_contain_text(
        "“minutes.pdf” does not look like a PDF file: its content does not match its name."
    )
    expect(main.get_by_label("What happened")).to_have_value("Training started. (Example.)")
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_pages_read_right(editor_tab, due, axe, language, viewport):
    tab = editor_tab(viewport)
    for path in (f"/commitments/{due.pk}/report/", f"/commitments/{due.pk}/complete/", "/commitments/reports-due/"):
        read_in(tab, language, path)
        looks_right(tab, axe, language)
        keep_picture(tab, f"commitment-{path.strip('/').replace('/', '-')}-{language}-{viewport['width']}")


def test_the_report_form_by_keyboard(editor_tab, due):
    tab = editor_tab()
    tab.goto(f"/commitments/{due.pk}/report/")
    tab.get_by_label("What this update is about").focus()
    seen = []
    for _ in range(12):
        tab.keyboard.press("Tab")
        seen.append(tab.evaluate("() => document.activeElement.name || document.activeElement.textContent.trim()"))
    assert {"progress", "value", "text", "language", "files", "links", "share_as_story"} <= set(seen)
