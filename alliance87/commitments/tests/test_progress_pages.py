"""The pages of progress: the report form, the final report, the reports due, the rules, the evidence
files, and the consoles on /me/; rights (403 for the wrong person, 404 for what they may not see)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from alliance87.commitments import lights
from alliance87.commitments.consoles_progress import consoles_for
from alliance87.commitments.models import Commitment, CommitmentRules, Light, ProgressUpdate

from .making import commitment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def editor_client(client, cast):
    client.force_login(cast.partner_editor)
    return client


def url(name, c):
    return reverse(f"commitments:{name}", args=[c.pk])


def test_the_report_form(editor_client, published):
    page = editor_client.get(url("progress_report", published))
    assert page.status_code == 200
    html = page.content.decode()
    assert published.title in html and 'enctype="multipart/form-data"' in html
    assert "<progress" in html and "Labour inspectors trained (example)" in html


def test_reporting_with_a_file_redirects_to_the_commitment(editor_client, published):
    d = published.deliverables.get()
    answer = editor_client.post(
        url("progress_report", published),
        {
            "deliverable": d.pk,
            "progress": "on_track",
            "value": "50",
            "text": "Fifty inspectors trained.",
            "language": "en",
            "links": "https://example.org/report The report\nhttps://example.org/photos",
            "share_as_story": "on",
            "files": [SimpleUploadedFile("training.pdf", PDF)],
        },
    )
    assert answer.status_code == 303
    update = ProgressUpdate.objects.get()
    assert update.share_as_story and update.deliverable == d
    assert [(e.original_name, e.url, e.title) for e in update.evidence.order_by("pk")] == [
        ("training.pdf", "", ""),
        ("", "https://example.org/report", "The report"),
        ("", "https://example.org/photos", ""),
    ]
    evidence = update.evidence.order_by("pk").first()
    download = editor_client.get(reverse("commitments:progress_evidence", args=[published.pk, evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_bad_file_shows_the_form_again_and_saves_nothing(editor_client, published):
    answer = editor_client.post(
        url("progress_report", published),
        {
            "progress": "on_track",
            "text": "Fifty inspectors trained.",
            "language": "en",
            "files": [SimpleUploadedFile("training.pdf", PDF), SimpleUploadedFile("virus.exe", b"MZ")],
        },
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Nothing was saved" in html
    assert "“virus.exe” is not a PDF, an Office document or an image" in html
    assert "Fifty inspectors trained." in html  # what was typed stays
    assert not ProgressUpdate.objects.exists()


def test_missing_fields_are_named(editor_client, published):
    answer = editor_client.post(url("progress_report", published), {"language": "en"})
    assert answer.status_code == 400
    form = answer.context["form"]
    assert set(form.errors) == {"progress", "text"}


def test_the_wrong_people(client, cast, published, other_editor):
    client.force_login(other_editor)
    assert client.get(url("progress_report", published)).status_code == 403
    assert client.post(url("progress_complete", published), {"text": "x"}).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(url("progress_report", published)).status_code == 403
    draft = commitment(lead=cast.alliance.free_the_slaves, status="draft")
    assert client.get(url("progress_report", draft)).status_code == 404  # not told it exists
    client.logout()
    assert client.get(url("progress_report", published)).status_code == 302  # sign in first


def test_a_maker_of_a_commitment_not_running_is_told_why(editor_client, cast):
    done = commitment(lead=cast.alliance.free_the_slaves, status="completed")
    page = editor_client.get(url("progress_report", done))
    assert page.status_code == 409
    assert "progress is reported on published commitments only" in page.content.decode()


def test_the_final_report(editor_client, published, mailoutbox, cast, django_capture_on_commit_callbacks):
    cast.secretariat  # noqa: B018 -- someone to tell
    page = editor_client.get(url("progress_complete", published))
    assert page.status_code == 200
    refused = editor_client.post(url("progress_complete", published), {"progress": "achieved", "text": "Done."})
    assert refused.status_code == 400 and "confirm" in refused.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        answer = editor_client.post(
            url("progress_complete", published),
            {"progress": "achieved", "text": "All 200 trained.", "language": "en", "confirm": "on"},
        )
    assert answer.status_code == 303
    published.refresh_from_db()
    assert published.status == "completed" and published.light == Light.DONE
    assert len(mailoutbox) == 1


def test_the_rules_page(secretariat_client, client, cast, published):
    rules_url = reverse("commitments:progress_rules")
    assert secretariat_client.get(rules_url).status_code == 200
    refused = secretariat_client.post(
        rules_url,
        {"green_days": 800, "red_days": 730, "inactive_days": 1095, "remind_before_days": 30, "remind_after_days": 14},
    )
    assert refused.status_code == 400
    assert "The days must grow" in refused.content.decode()
    Commitment.objects.filter(pk=published.pk).update(published_at=timezone.now() - datetime.timedelta(days=100))
    saved = secretariat_client.post(
        rules_url,
        {"green_days": 90, "red_days": 180, "inactive_days": 365, "remind_before_days": 10, "remind_after_days": 7},
    )
    assert saved.status_code == 303
    assert CommitmentRules.current().green_days == 90
    published.refresh_from_db()
    assert published.light == Light.YELLOW
    client.force_login(cast.partner_editor)
    assert client.get(rules_url).status_code == 403


def test_the_reports_due_page_and_its_queries(editor_client, cast, django_assert_max_num_queries):
    due_url = reverse("commitments:progress_due")

    def make(n):
        for _ in range(n):
            commitment(lead=cast.alliance.free_the_slaves, published_at=timezone.now() - datetime.timedelta(days=400))
        lights.recompute_all()

    make(1)
    with django_assert_max_num_queries(12) as one:
        assert editor_client.get(due_url).status_code == 200
    make(2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = editor_client.get(due_url)
    assert page.content.decode().count("Report progress<span") == 3


def test_the_consoles(cast, published, other_editor):
    Commitment.objects.filter(pk=published.pk).update(published_at=timezone.now() - datetime.timedelta(days=800))
    commitment(lead=cast.alliance.free_the_slaves)  # green
    lights.recompute_all()
    (mine,) = consoles_for(cast.partner_editor)
    assert (mine.waiting, mine.url) == (1, reverse("commitments:progress_due"))
    assert mine.waiting_label == "1 commitment waiting for a progress report"
    assert consoles_for(other_editor) == []  # nothing published to report on yet: "Your commitments" is the door
    assert consoles_for(cast.outsider) == []
    (secretariat,) = consoles_for(cast.secretariat)
    assert secretariat.title == "Commitments overdue" and secretariat.waiting == 1
