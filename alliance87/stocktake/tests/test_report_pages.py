"""The ten-year report's page: the latest report per language to download, the secretariat's builds with their
progress, who may build, the download of a report not ready, the console and the command."""

import datetime
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from alliance87.stocktake import report
from alliance87.stocktake.consoles import consoles_for
from alliance87.stocktake.models import BuildStatus, TenYearReport
from alliance87.testing import make_user

PAGE = "/ten-years/report/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def ready(language: str, *, days_ago: int = 0, pages: int = 24, by=None) -> TenYearReport:
    """A report built earlier: a stored file (the build itself is tested in test_report.py)."""
    when = timezone.now() - datetime.timedelta(days=days_ago)
    row = TenYearReport.objects.create(
        language=language,
        status=BuildStatus.DONE,
        stage="done",
        pages=pages,
        size=2048,
        data_as_of=when,
        finished_at=when,
        created_by=by,
    )
    row.file.save(f"alliance87-ten-year-report-{language}-{row.pk}.pdf", ContentFile(b"%PDF-1.7 " + b"x" * 2039))
    return row


def test_the_page_says_when_no_report_is_built_yet(client, alliance):
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "The report in English has not been built yet." in page.text
    assert "Build the report" not in page.text


def test_the_latest_report_in_the_pages_language_comes_first_with_its_facts(client, alliance):
    ready("en", days_ago=30)
    newest = ready("en", days_ago=1, pages=31)
    arabic = ready("ar", days_ago=2)
    TenYearReport.objects.create(language="en", status=BuildStatus.FAILED, error="Broken")
    page = client.get(PAGE)
    hero = page.text.split('class="tr-hero"', 1)[1].split("</section>", 1)[0]
    assert f'href="{reverse("stocktake:report_file", args=[newest.pk])}"' in hero
    assert "Download the report in English (PDF)" in hero
    assert "<dd>31</dd>" in hero and "2.0\xa0KB" in hero
    assert report.dates.day(newest.data_as_of) in hero
    # The other languages, each named in its own language
    others = page.text.split('id="tr-others-title"', 1)[1].split("</section>", 1)[0]
    assert f'href="{reverse("stocktake:report_file", args=[arabic.pk])}"' in others
    assert '<span lang="ar" dir="rtl">العربية</span>' in others
    assert "Broken" not in page.text  # a failed build is the secretariat's business


def test_the_french_page_offers_the_french_report(client, alliance):
    french = ready("fr")
    page = client.get("/fr" + PAGE)
    assert f'href="/fr/ten-years/report/{french.pk}.pdf"' in page.text


def test_the_public_page_queries_do_not_grow(client, alliance, django_assert_max_num_queries):
    ready("en")
    with django_assert_max_num_queries(1):
        assert client.get(PAGE).status_code == 200
    ready("fr"), ready("es"), ready("ar", days_ago=3), ready("ar")
    with django_assert_max_num_queries(1):
        assert client.get(PAGE).status_code == 200


def test_the_secretariats_page_queries_do_not_grow(secretariat_client, cast, django_assert_max_num_queries):
    ready("en", by=cast.secretariat)
    secretariat_client.get(PAGE)
    with django_assert_max_num_queries(12) as one:
        secretariat_client.get(PAGE)
    for language in ("fr", "es", "ar"):
        ready(language, by=cast.secretariat)
    TenYearReport.objects.create(language="en", status=BuildStatus.RUNNING, created_by=cast.secretariat)
    with django_assert_max_num_queries(len(one.captured_queries)):
        secretariat_client.get(PAGE)


def test_a_ready_report_downloads_as_its_pdf(client, alliance):
    built = ready("es")
    response = client.get(reverse("stocktake:report_file", args=[built.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="alliance87-ten-year-report-es.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.7")


@pytest.mark.parametrize("status", [BuildStatus.QUEUED, BuildStatus.RUNNING, BuildStatus.FAILED])
def test_a_report_not_ready_is_not_found(client, alliance, status):
    unfinished = TenYearReport.objects.create(language="en", status=status)
    assert client.get(reverse("stocktake:report_file", args=[unfinished.pk])).status_code == 404
    assert client.get("/ten-years/report/999999.pdf").status_code == 404


def test_the_secretariat_builds_the_report_from_the_page(
    secretariat_client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    page = secretariat_client.get(PAGE)
    assert '<select name="language"' in page.text
    assert "All four languages, one after the other" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(reverse("stocktake:report_build"), {"language": "ar"})
    assert response.status_code == 302 and response["Location"] == PAGE
    built = TenYearReport.objects.get()
    assert (built.language, built.status, built.created_by) == ("ar", BuildStatus.DONE, cast.secretariat)
    with built.file.open("rb") as handle:
        assert PdfReader(io.BytesIO(handle.read())).trailer["/Root"]["/Lang"] == "ar"
    page = secretariat_client.get(PAGE)
    assert "Build started: Arabic. This page follows it." in page.text
    assert f'href="{reverse("stocktake:report_file", args=[built.pk])}"' in page.text
    assert [m.to for m in mailoutbox] == [[cast.secretariat.email]]


def test_a_language_under_way_is_refused_at_the_field(secretariat_client, cast):
    TenYearReport.objects.create(
        language="es", status=BuildStatus.RUNNING, heartbeat_at=timezone.now(), created_by=cast.secretariat
    )
    response = secretariat_client.post(reverse("stocktake:report_build"), {"language": "es"})
    assert response.status_code == 400
    assert 'id="id_language_errors"' in response.text
    assert "The report in Spanish is already being built." in response.text
    response = secretariat_client.post(reverse("stocktake:report_build"), {"language": "klingon"})
    assert response.status_code == 400
    assert "Select a valid choice." in response.text


def test_the_builds_show_their_progress_and_what_stopped(secretariat_client, cast):
    running = TenYearReport.objects.create(
        language="fr",
        status=BuildStatus.RUNNING,
        stage="annex",
        done=10,
        total=20,
        heartbeat_at=timezone.now(),
        created_by=cast.secretariat,
    )
    failed = TenYearReport.objects.create(language="es", status=BuildStatus.FAILED, error="The build stopped: no disk")
    lost = TenYearReport.objects.create(
        language="ar", status=BuildStatus.RUNNING, heartbeat_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    page = secretariat_client.get(PAGE).text
    progress_url = reverse("stocktake:report_progress", args=[running.pk])
    assert f'data-report-progress="{progress_url}"' in page
    assert f'<progress id="tr-progress-{running.pk}" max="100" value="25">' in page
    assert "Being built: Writing the country profiles" in page
    assert 'aria-live="polite"' in page
    assert f'<a href="{PAGE}">Refresh to see how far it is</a>' in page  # without JavaScript
    assert "The build stopped: no disk" in page
    assert reverse("stocktake:report_again", args=[failed.pk]) in page
    assert "This build was interrupted" in page
    assert reverse("stocktake:report_again", args=[lost.pk]) in page
    assert "js/stocktake-report.js" in page


def test_the_progress_json(secretariat_client, cast):
    running = TenYearReport.objects.create(
        language="fr", status=BuildStatus.RUNNING, stage="layout", heartbeat_at=timezone.now()
    )
    state = json.loads(secretariat_client.get(reverse("stocktake:report_progress", args=[running.pk])).content)
    assert (state["status"], state["stage_label"], state["percent"], state["finished"]) == (
        "running",
        "Laying out the pages",
        50,
        False,
    )
    done = ready("fr")
    state = json.loads(secretariat_client.get(reverse("stocktake:report_progress", args=[done.pk])).content)
    assert state["finished"] and state["download_url"] == reverse("stocktake:report_file", args=[done.pk])
    assert Client().get(reverse("stocktake:report_progress", args=[running.pk])).status_code == 403


def test_an_interrupted_build_is_built_again_from_the_page(secretariat_client, cast, monkeypatch):
    lost = TenYearReport.objects.create(
        language="es", status=BuildStatus.RUNNING, heartbeat_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    monkeypatch.setattr(report, "render_report", lambda r, progress=None: (b"%PDF-1.7 small", 3))
    response = secretariat_client.post(reverse("stocktake:report_again", args=[lost.pk]))
    assert response.status_code == 302
    lost.refresh_from_db()
    assert lost.status == BuildStatus.FAILED
    again = TenYearReport.objects.exclude(pk=lost.pk).get()
    assert (again.language, again.status, again.pages) == ("es", BuildStatus.DONE, 3)


@pytest.mark.parametrize("who", ["focal_point", "outsider", "partner_editor"])
def test_only_the_secretariat_may_build(client, cast, who):
    client.force_login(getattr(cast, who))
    page = client.get(PAGE)
    assert page.status_code == 200 and "Build the report" not in page.text
    assert client.post(reverse("stocktake:report_build"), {"language": "en"}).status_code == 403
    lost = TenYearReport.objects.create(language="es", status=BuildStatus.FAILED)
    assert client.post(reverse("stocktake:report_again", args=[lost.pk])).status_code == 403
    assert client.get(reverse("stocktake:report_progress", args=[lost.pk])).status_code == 403
    assert TenYearReport.objects.count() == 1


def test_a_visitor_is_sent_to_sign_in(client, alliance):
    response = client.post(reverse("stocktake:report_build"), {"language": "en"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not TenYearReport.objects.exists()


def test_the_console_counts_the_builds_under_way_or_failed(cast):
    [console] = consoles_for(cast.secretariat)
    assert (console.title, console.url, console.waiting) == ("Ten-year report", PAGE, 0)
    TenYearReport.objects.create(language="en", status=BuildStatus.FAILED)
    TenYearReport.objects.create(language="fr", status=BuildStatus.RUNNING, heartbeat_at=timezone.now())
    ready("es")
    [console] = consoles_for(cast.secretariat)
    assert (console.waiting, console.waiting_label) == (2, "2 builds under way or failed")
    assert consoles_for(cast.focal_point) == []
    assert consoles_for(make_user("nobody@example.org")) == []


def test_the_me_page_lists_the_console_for_the_secretariat(secretariat_client):
    assert PAGE in secretariat_client.get("/me/").text


def test_the_command_builds_with_a_progress_bar(alliance, monkeypatch):
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(report, "render_report", lambda r, progress=None: (progress("layout", 3, 3), (b"%PDF", 2))[1])
    call_command("build_ten_year_report", "--language", "ar", stdout=out, stderr=err)
    built = TenYearReport.objects.get()
    assert (built.language, built.status, built.pages, built.created_by) == ("ar", BuildStatus.DONE, 2, None)
    assert "ready in" in out.getvalue() and "2 pages" in out.getvalue()
    assert "Laying out the pages" in err.getvalue() and "100%" in err.getvalue()
