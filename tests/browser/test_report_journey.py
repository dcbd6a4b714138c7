"""The annual report, filed from /me/ to publication (issue 13, "Done means"), then one axe sweep.

The journey: the secretariat opens a real reporting cycle from /reports/; Kenya's focal point signs in,
goes from /me/ to the report, fills it (a roadmap indicator included), submits and confirms; the reviewer
reaches it from /me/ and accepts (confirming); the secretariat (two-factor confirmed) reaches it from /me/
and publishes (confirming); the public report page shows it, not tagged "Example".

The sweep: every page of the report journey this issue changed, in English, French and Spanish, at a
desktop and a phone width: axe finds no serious or critical violation and nothing scrolls sideways.
"""

import datetime
import os
import re

import pytest
from playwright.sync_api import Page, expect
from second_factor import secretariat_cookie

from alliance87.pathfinders import services
from alliance87.pathfinders.models import Report, ReportStatus

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TODAY = datetime.date.today()
SCREENSHOTS = os.environ.get("REPORT_SCREENSHOTS", "")  # a folder: keep a picture of each page swept


def kenya_roadmap(cast):
    """Kenya's roadmap: one priority, one key action, one indicator of its own."""
    roadmap = services.roadmap_create(
        country=cast.alliance.kenya,
        by=cast.secretariat,
        title="Kenya roadmap (test)",
        period_start=2022,
        period_end=2030,
    )
    priority = services.priority_add(roadmap=roadmap, by=cast.secretariat, title="Child labour in agriculture")
    services.key_action_add(priority=priority, by=cast.secretariat, title="Train 100 labour inspectors")
    services.indicator_add(
        priority=priority,
        by=cast.secretariat,
        name="Inspections covering child labour",
        baseline_value=40,
        baseline_year=2021,
        target_value=400,
        target_year=2028,
    )
    return roadmap


@pytest.fixture
def secretariat_tab(open_page, site, cast):
    def _open(viewport=None) -> Page:
        tab = open_page(viewport or DESKTOP)
        cookie = secretariat_cookie(cast.secretariat, site)
        tab.context.add_cookies([cookie])
        return tab

    return _open


def open_console(tab: Page, title: str) -> None:
    tab.goto("/me/")
    tab.get_by_role("main").get_by_role("link", name=title).click()
    tab.wait_for_url(re.compile(r"/reports/(#waiting-title)?$"))


def open_the_cycle(secretariat: Page, year: int, deadline: datetime.date) -> None:
    """The secretariat opens the real cycle: none is open yet, and the page says so."""
    secretariat.goto("/reports/")
    main = secretariat.get_by_role("main")
    expect(main).to_contain_text("No real reporting cycle is open")
    main.get_by_label("Year the reports cover").fill(str(year))
    main.get_by_label("Deadline").fill(deadline.isoformat())
    main.get_by_role("button", name="Open the cycle").click()
    expect(secretariat.get_by_role("status").first).to_contain_text(f"Annual progress reports {year} is open.")


def sign_in_and_start(page: Page, email: str, password: str, title: str) -> None:
    """The focal point signs in, lands on /me/ and goes to the report from there."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/me/")
    expect(page.get_by_role("main")).to_contain_text("1 report to start, finish or correct")
    page.get_by_role("main").get_by_role("link", name="Annual reports to file").click()
    page.get_by_role("button", name=f"Start the report for {title}").click()
    page.wait_for_url(re.compile(r"/reports/\d+/edit/$"))


def fill_and_submit(page: Page, title: str) -> None:
    roadmap_indicator = page.get_by_role("group", name="Inspections covering child labour")
    roadmap_indicator.get_by_label("Latest value").fill("180")
    roadmap_indicator.get_by_label("Year").fill(str(TODAY.year))
    roadmap_indicator.get_by_label("Progress since the baseline").fill("Almost half way to the target")
    for number in range(1, 6):
        page.get_by_label(re.compile(rf"^Question {number}\b")).fill(f"Our answer to question {number}.")
    action = page.get_by_role("group", name="Train 100 labour inspectors")
    action.get_by_label("Status").select_option("on_track")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Saved at \d{1,2}:\d{2}"), timeout=10_000)
    # Submitting asks first.
    page.get_by_role("button", name="Submit report").click()
    page.wait_for_url(re.compile(r"/reports/\d+/submit/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Submit the report of Kenya for {title}?")
    page.get_by_role("button", name="Yes, submit the report").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    expect(page.get_by_role("main").locator(".report-status").first).to_have_text("Submitted")


def test_report_journey_from_me_to_publication(page, open_page, tabs_on, secretariat_tab, cast, password, site):
    kenya_roadmap(cast)
    title = f"Annual progress reports {TODAY.year}"
    secretariat = secretariat_tab()
    open_the_cycle(secretariat, TODAY.year, TODAY + datetime.timedelta(days=60))

    sign_in_and_start(page, cast.focal_point.email, password, title)
    report = Report.objects.get(country=cast.alliance.kenya)
    fill_and_submit(page, title)
    # The form now says it is locked, and why.
    page.goto(f"/reports/{report.pk}/edit/")
    expect(page.get_by_role("main")).to_contain_text("waits for the review of the Monitoring Working Group")

    # The reviewer reaches it from /me/ and accepts it, confirming.
    reviewer = tabs_on(site)(cast.reviewer, DESKTOP)
    open_console(reviewer, "Annual reports to review")
    reviewer.get_by_role("link", name=f"Review Kenya: {title}").click()
    reviewer.get_by_role("link", name="Accept the report").click()
    reviewer.get_by_role("button", name="Yes, accept the report").click()
    expect(reviewer.get_by_role("status").first).to_contain_text("The report is accepted.")

    # The secretariat reaches it from /me/ and publishes it, confirming.
    open_console(secretariat, "Annual reports to publish")
    secretariat.get_by_role("link", name=f"Publish Kenya: {title}").click()
    expect(secretariat.get_by_role("heading", level=1)).to_have_text(f"Publish the report of Kenya for {title}?")
    secretariat.get_by_role("button", name="Yes, publish the report").click()
    expect(secretariat.get_by_role("status").first).to_contain_text("The report is published")

    # Everyone reads it; it is a real report, not an example.
    visitor = open_page(PHONE)
    visitor.goto(f"/reports/{report.pk}/")
    main = visitor.get_by_role("main")
    expect(main.locator(".report-status").first).to_have_text("Published")
    expect(main).to_contain_text("Inspections covering child labour")
    expect(main).to_contain_text("180")
    expect(main).not_to_contain_text("Example")
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and not report.is_example and not report.cycle.is_example


# ---- The axe sweep --------------------------------------------------------------------------------------


def no_sideways_scroll(tab: Page) -> None:
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{tab.url} scrolls sideways by {overflow}px"


def test_report_pages_pass_axe_in_three_languages_on_a_desktop_and_a_phone(tabs_on, secretariat_tab, cast, site, axe):
    kenya_roadmap(cast)
    focal_point = cast.focal_point
    earlier = services.cycle_create(
        by=cast.secretariat,
        year=TODAY.year - 1,
        title=f"Annual progress reports {TODAY.year - 1}",
        opens_on=TODAY - datetime.timedelta(days=300),
        deadline=TODAY - datetime.timedelta(days=200),
    )
    current = services.cycle_create(
        by=cast.secretariat,
        year=TODAY.year,
        title=f"Annual progress reports {TODAY.year}",
        opens_on=TODAY,
        deadline=TODAY + datetime.timedelta(days=60),
    )
    submitted = services.report_start(country=cast.alliance.kenya, cycle=earlier, by=focal_point)
    Report.objects.filter(pk=submitted.pk).update(
        status=ReportStatus.SUBMITTED, submitted_at=datetime.datetime.now(datetime.UTC)
    )
    draft = services.report_start(country=cast.alliance.kenya, cycle=current, by=focal_point)
    focal = tabs_on(site)(focal_point, DESKTOP)
    secretariat = secretariat_tab()
    pages = [
        (focal, "/reports/"),
        (focal, f"/reports/{draft.pk}/edit/"),
        (focal, f"/reports/{submitted.pk}/edit/"),  # locked
        (secretariat, "/reports/"),  # the cycle form and what waits
        (secretariat, f"/reports/{submitted.pk}/"),
        (secretariat, f"/reports/{submitted.pk}/review/return/"),
    ]
    for language in ("", "/fr", "/es"):
        for viewport in (DESKTOP, PHONE):
            for tab, path in pages:
                tab.set_viewport_size(viewport)
                tab.goto(f"{language}{path}")
                axe(tab)
                no_sideways_scroll(tab)
                if SCREENSHOTS:
                    name = f"{language.strip('/') or 'en'}-{viewport['width']}-{path.strip('/').replace('/', '-')}"
                    tab.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)
    # The confirmation of a submission, once the draft is complete.
    services.report_save(
        report=draft,
        by=focal_point,
        answers={q.pk: "An answer." for q in current.questions.all()},
        indicator_values={"INSP": "12"},
        action_statuses={a.pk: {"status": "on_track"} for a in draft.roadmap.priorities.get().key_actions.all()},
    )
    for language in ("", "/fr", "/es"):
        for viewport in (DESKTOP, PHONE):
            focal.set_viewport_size(viewport)
            focal.goto(f"{language}/reports/{draft.pk}/submit/")
            expect(focal.get_by_role("button").last).to_be_visible()
            axe(focal)
            no_sideways_scroll(focal)
