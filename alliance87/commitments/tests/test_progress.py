"""Progress updates and the final report, through ``progress.py``: who may report, what an update changes
(the deliverable's value, progress and achievement; the commitment's last report and light), evidence all
or nothing, the final report, the history and the rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from alliance87.commitments import progress
from alliance87.commitments.models import (
    Commitment,
    CommitmentRules,
    Light,
    ProgressUpdate,
    UpdateEvidence,
)

from .making import commitment, maker_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def report(by, c, **kwargs):
    values = {"progress": "on_track", "text": "Forty inspectors trained in two districts.", "language": "en"}
    values.update(kwargs)
    return progress.report_progress(by=by, commitment=c, **values)


def test_a_maker_reports_on_a_deliverable(cast, published):
    d = published.deliverables.get()
    old = timezone.now() - datetime.timedelta(days=500)
    Commitment.objects.filter(pk=published.pk).update(published_at=old, light=Light.YELLOW)
    published.refresh_from_db()
    update = report(
        cast.partner_editor,
        published,
        deliverable=d.pk,
        value="40",
        files=[pdf()],
        links=["https://example.org/report", {"url": "https://example.org/photos", "title": "Photos"}],
        share_as_story=True,
    )
    d.refresh_from_db()
    published.refresh_from_db()
    assert d.current_value == Decimal("40") and d.progress == "on_track" and d.achieved_at is None
    assert published.last_reported_at == update.reported_at
    assert published.light == Light.GREEN
    assert update.share_as_story and update.reported_by == cast.partner_editor
    evidence = list(update.evidence.order_by("pk"))
    assert [e.original_name for e in evidence] == ["evidence.pdf", "", ""]
    assert [e.url for e in evidence[1:]] == ["https://example.org/report", "https://example.org/photos"]
    assert evidence[2].title == "Photos"


def test_achieved_stamps_the_deliverable(cast, published):
    d = published.deliverables.get()
    report(cast.partner_editor, published, deliverable=d, progress="achieved", value=200)
    d.refresh_from_db()
    assert d.achieved_at is not None and d.current_value == 200


def test_an_update_on_the_whole_takes_no_value(cast, published):
    with pytest.raises(ValidationError) as caught:
        report(cast.partner_editor, published, value="12")
    assert caught.value.message_dict == {
        "value": ["A value is reported for a deliverable: choose the deliverable it measures."]
    }
    assert not ProgressUpdate.objects.exists()


def test_another_commitments_deliverable_is_refused(cast, published):
    other = commitment(lead=cast.alliance.nestle)
    with pytest.raises(ValidationError) as caught:
        report(cast.partner_editor, published, deliverable=other.deliverables.get().pk)
    assert "deliverable" in caught.value.message_dict


def test_a_bad_file_saves_nothing_and_is_named(cast, published):
    fake = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        report(cast.partner_editor, published, files=[pdf(), fake], links=["https://example.org/a"])
    assert caught.value.message_dict == {
        "files": ["“minutes.pdf” does not look like a PDF file: its content does not match its name."]
    }
    assert not ProgressUpdate.objects.exists() and not UpdateEvidence.objects.exists()
    published.refresh_from_db()
    assert published.last_reported_at is None


def test_a_bad_link_saves_nothing_and_is_named(cast, published):
    with pytest.raises(ValidationError) as caught:
        report(cast.partner_editor, published, links=["https://example.org/ok", "javascript:alert(1)"])
    assert caught.value.message_dict == {
        "links": ["“javascript:alert(1)” is not a web address: give it whole, starting with https://."]
    }
    assert not ProgressUpdate.objects.exists()


def test_a_missing_text_is_named(cast, published):
    with pytest.raises(ValidationError) as caught:
        report(cast.partner_editor, published, text="  ")
    assert "text" in caught.value.message_dict


def test_who_may_report(cast, published, other_editor):
    co = commitment(lead=cast.alliance.nestle, co_implementers=[cast.alliance.free_the_slaves])
    unconfirmed = commitment(lead=cast.alliance.nestle, co_implementers=[(cast.alliance.kenya, False)])
    report(cast.secretariat, published)
    report(cast.partner_editor, co)  # a confirmed co-implementer
    for user, c in [
        (other_editor, published),
        (cast.outsider, published),
        (cast.focal_point, unconfirmed),
        (cast.reviewer, published),
    ]:
        with pytest.raises(PermissionDenied):
            report(user, c)


@pytest.mark.parametrize("status", ["draft", "submitted", "completed", "closed"])
def test_only_published_commitments_take_reports(cast, status):
    c = commitment(lead=cast.alliance.free_the_slaves, status=status)
    with pytest.raises(PermissionDenied):
        report(cast.partner_editor, c)


def test_the_final_report_completes_and_tells_the_secretariat(
    cast, published, mailoutbox, django_capture_on_commit_callbacks
):
    cast.secretariat.language = "fr"
    cast.secretariat.save()
    with django_capture_on_commit_callbacks(execute=True):
        final = progress.complete(
            by=cast.partner_editor,
            commitment=published,
            text="All 200 inspectors trained.",
            files=[pdf("final.pdf")],
        )
    published.refresh_from_db()
    assert final.is_final and final.progress == "achieved"
    assert published.status == "completed" and published.completed_at == final.reported_at
    assert published.light == Light.DONE
    assert [m.to for m in mailoutbox] == [["secretariat@example.org"]]
    assert published.title in mailoutbox[0].subject
    assert f"/commitments/{published.pk}/" in mailoutbox[0].body
    with pytest.raises(PermissionDenied):  # completed: no more reports
        report(cast.partner_editor, published)


def test_the_final_report_needs_its_text(cast, published):
    with pytest.raises(ValidationError) as caught:
        progress.complete(by=cast.partner_editor, commitment=published, text="")
    assert list(caught.value.message_dict) == ["text"]
    published.refresh_from_db()
    assert published.status == "published"


def test_history_newest_first_with_evidence(cast, published, django_assert_num_queries):
    first = report(cast.partner_editor, published, links=["https://example.org/1"])
    second = report(cast.partner_editor, published, files=[pdf()])
    with django_assert_num_queries(2):
        history = progress.history_of(published)
        assert [u.pk for u in history] == [second.pk, first.pk]
        assert [e.url for e in history[1].evidence.all()] == ["https://example.org/1"]
        assert history[0].evidence.all()[0].original_name == "evidence.pdf"


def test_the_rules_must_grow_and_recompute_every_light(cast, published):
    Commitment.objects.filter(pk=published.pk).update(published_at=timezone.now() - datetime.timedelta(days=200))
    with pytest.raises(ValidationError) as caught:
        progress.rules_update(by=cast.secretariat, green_days=800, red_days=730)
    assert list(caught.value.message_dict) == ["red_days"]
    progress.rules_update(by=cast.secretariat, green_days=180, red_days=365, inactive_days=730)
    published.refresh_from_db()
    assert published.light == Light.YELLOW
    assert CommitmentRules.current().green_days == 180
    with pytest.raises(PermissionDenied):
        progress.rules_update(by=cast.partner_editor, green_days=100)


def test_reportable_by(cast, published, other_editor):
    co = commitment(lead=cast.alliance.nestle, co_implementers=[cast.alliance.free_the_slaves])
    pending = commitment(lead=cast.alliance.nestle, co_implementers=[(cast.alliance.ilo, False)])
    commitment(lead=cast.alliance.free_the_slaves, status="draft")
    assert set(progress.reportable_by(cast.partner_editor)) == {published, co}
    assert set(progress.reportable_by(other_editor)) == {co, pending}
    assert set(progress.reportable_by(cast.outsider)) == set()
    assert set(progress.reportable_by(cast.secretariat)) == {published, co, pending}
    maker = maker_for(cast.alliance.ilo)
    assert set(progress.reportable_by(maker)) == set()
