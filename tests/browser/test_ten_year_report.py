"""The ten-year report in a real browser, in English and Arabic: the secretariat builds it from the page and
lands on its download link; a build under way shows its progress, which the page follows every second until
the download link takes its place; the public page offers the report. Each page passes axe, on a desktop and
a phone. Screenshots go to $SCREENSHOTS when it is set."""

import threading
import time

import pytest
from django.db import connections
from django.utils import translation
from pictures import keep_picture
from playwright.sync_api import expect
from second_factor import secretariat_cookie

from alliance87.stocktake import report
from alliance87.stocktake.models import BuildStatus, TenYearReport

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def build_beside(report_id: int) -> threading.Thread:
    """Build in another thread, on the live server's database (in memory: the connection is shared, as the
    live server's own thread shares it)."""
    shared = connections["default"]
    shared.inc_thread_sharing()  # as the live server's thread does

    def work():
        connections["default"] = shared
        try:
            report.build(report_id)
        finally:
            shared.dec_thread_sharing()

    thread = threading.Thread(target=work, name=f"report-{report_id}")
    thread.start()
    return thread


def secretariat_tab(open_page, cookie: dict, viewport):
    tab = open_page(viewport)
    tab.context.add_cookies([cookie])
    return tab


def fits(tab) -> bool:
    return tab.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_build_follow_and_download_the_report(cast, open_page, site, axe, language, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    prefix = "" if language == "en" else f"/{language}"
    address = f"{prefix}/ten-years/report/"

    # The secretariat builds the report in the page's language from the form.
    page = secretariat_tab(open_page, secretariat_cookie(cast.secretariat, site), DESKTOP)
    page.goto(address, timeout=60_000)  # the first page of a session on a busy machine
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    axe(page)
    page.locator("#id_language").select_option(language)
    # The build is done within the request on the test database: the click waits for the page that follows.
    page.locator(".tr-build-form button[type=submit]").click(timeout=180_000)
    download = page.locator("[data-report-download]")
    expect(download).to_be_visible()
    assert TenYearReport.objects.get(language=language).status == BuildStatus.DONE
    response = page.request.get(download.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    axe(page)
    keep_picture(page, f"ten-year-report-{language}-desktop")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_page_follows_a_build_to_its_download_link(
    cast, open_page, visitor_page, site, axe, language, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    prefix = "" if language == "en" else f"/{language}"
    address = f"{prefix}/ten-years/report/"
    real = report.render_report

    def slow(row, progress=None):  # the real build, with time for the page to see each stage go by
        for step in range(3):
            progress("writing", step, 3)
            time.sleep(1.5)
        return real(row, progress)

    monkeypatch.setattr(report, "render_report", slow)
    waiting = TenYearReport.objects.create(language=language, stage="queued", created_by=cast.secretariat)
    cookie = secretariat_cookie(cast.secretariat, site)
    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        tab = secretariat_tab(open_page, cookie, viewport)
        tab.goto(address, timeout=60_000)
        expect(tab.locator(f"progress#tr-progress-{waiting.pk}")).to_be_visible()
        expect(tab.get_by_role("status").first).to_be_visible()
        expect(tab.locator("[data-report-refresh]")).to_be_hidden()  # the script follows; no need to refresh
        axe(tab)
        assert fits(tab), name
        keep_picture(tab, f"ten-year-report-progress-{language}-{name}")
    with translation.override(language):
        writing = report.stage_labels()["writing"]
    thread = build_beside(waiting.pk)
    expect(tab.locator("[data-report-stage]")).to_have_text(writing, timeout=10_000)
    thread.join(timeout=180)
    expect(tab.locator(f"progress#tr-progress-{waiting.pk}")).to_have_count(0, timeout=15_000)
    expect(tab.locator(f'a[href$="/ten-years/report/{waiting.pk}.pdf"]').first).to_be_visible()

    # The public page offers the newest report, up front.
    visitor = visitor_page(PHONE)
    visitor.goto(address)
    href = f"{prefix}/ten-years/report/{waiting.pk}.pdf"
    expect(visitor.locator("[data-report-download]")).to_have_attribute("href", href)
    expect(visitor.locator(".tr-build")).to_have_count(0)
    axe(visitor)
    assert fits(visitor)
    keep_picture(visitor, f"ten-year-report-public-{language}-phone")
