"""A country focal point fills in and submits the annual progress report with the keyboard alone.

Kenya gets a roadmap (one priority, two key actions) and a cycle with two questions; its focal point
signs in, starts the report, fills part of it, submits, is taken to the error summary, follows a link
to the missing answer, completes the report, submits it and confirms. axe checks the form on the way.
"""

import datetime
import re

import pytest
from keyboard import tab_to
from playwright.sync_api import Page, expect

from alliance87.accounts.models import Role
from alliance87.accounts.services import role_grant, user_create
from alliance87.pathfinders import services

pytestmark = pytest.mark.browser


@pytest.fixture
def kenya_reports(site, alliance, cast, password):
    """Kenya's focal point (created here), its roadmap with two key actions, and a cycle of two questions."""
    focal_point = user_create(
        email="focal.point@kenya.example.org", password=password, name="Kenya focal point", email_verified=True
    )
    role_grant(user=focal_point, role=Role.COUNTRY_FOCAL_POINT, scope=alliance.kenya)
    roadmap = services.roadmap_create(
        country=alliance.kenya,
        by=cast.secretariat,
        title="Kenya SDG 8.7 Roadmap (test)",
        period_start=2022,
        period_end=2030,
    )
    priority = services.priority_add(roadmap=roadmap, by=cast.secretariat, title="End child labour in agriculture")
    services.key_action_add(priority=priority, by=cast.secretariat, title="Train 100 labour inspectors")
    services.key_action_add(priority=priority, by=cast.secretariat, title="Open a child labour hotline")
    today = datetime.date.today()
    cycle = services.cycle_create(
        by=cast.secretariat,
        year=today.year,
        title=f"Annual progress reports {today.year}",
        opens_on=today - datetime.timedelta(days=30),
        deadline=today + datetime.timedelta(days=60),
    )
    cycle.questions.filter(position__gte=2).delete()  # this cycle asks two questions
    return focal_point, cycle


def sign_in_with_keyboard(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/me/")


def start_this_years_report(page: Page, cycle) -> None:
    page.goto("/reports/")
    start = page.get_by_role("button", name=f"Start the report for {cycle.title}")
    tab_to(page, start)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/reports/\d+/edit/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kenya: {cycle.title}")


def fill_all_but_second_answer_and_action(page: Page, cycle) -> None:
    # Section 1: one indicator, its value and year.
    section_1 = page.get_by_role("group", name=re.compile(r"8\.7\.1-a"))
    tab_to(page, section_1.get_by_label("Value"))
    page.keyboard.type("11.2")
    page.keyboard.press("Tab")
    expect(section_1.get_by_label("Year")).to_be_focused()
    page.keyboard.type(str(cycle.year))

    # Section 2: the first question only.
    tab_to(page, page.get_by_label(re.compile(r"Question 1")))
    page.keyboard.type("Labour inspections covered 40 tea estates.")
    # Autosave says so in its live region, a couple of seconds after the last key.
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Saved at \d{1,2}:\d{2}"), timeout=10_000)

    # Section 3: a status for the first key action, chosen by typing its first letters.
    first_action = page.get_by_role("group", name="Train 100 labour inspectors")
    tab_to(page, first_action.get_by_label("Status"))
    page.keyboard.type("On")
    expect(first_action.get_by_label("Status")).to_have_value("on_track")
    page.keyboard.press("Tab")
    expect(first_action.get_by_label("Note")).to_be_focused()
    page.keyboard.type("Half trained by June")


def submit_and_follow_summary_to_missing_answer(page: Page, second_question) -> None:
    tab_to(page, page.get_by_role("button", name="Submit report"))
    page.keyboard.press("Enter")
    # Refused: redirected back to the form (a reload never posts it again), the summary first.
    page.wait_for_url(re.compile(r"/reports/\d+/edit/#error-summary$"))

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()  # read out first
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading")).to_have_text("The report was not submitted: 2 things to fix")
    missing_answer = summary.get_by_role("link", name=f"Section 2, question 2 has no answer: “{second_question.text}”")
    expect(missing_answer).to_be_visible()
    expect(summary.get_by_role("link", name="Key action “Open a child labour hotline” has no status.")).to_be_visible()
    # Nothing typed was lost.
    expect(page.get_by_label(re.compile(r"Question 1"))).to_have_value("Labour inspections covered 40 tea estates.")
    first_action = page.get_by_role("group", name="Train 100 labour inspectors")
    expect(first_action.get_by_label("Status")).to_have_value("on_track")
    expect(first_action.get_by_label("Note")).to_have_value("Half trained by June")

    tab_to(page, missing_answer)
    page.keyboard.press("Enter")
    expect(page.get_by_label(re.compile(r"Question 2"))).to_be_focused()


def complete_and_submit(page: Page) -> None:
    page.keyboard.type("None was delayed; the hotline opens next year.")
    # The second action's status: reached from the answer with Tab, chosen with the arrow keys.
    status_2 = page.get_by_role("group", name="Open a child labour hotline").get_by_label("Status")
    tab_to(page, status_2)
    for _option in ("Not started", "On track", "Delayed"):
        page.keyboard.press("ArrowDown")
    expect(status_2).to_have_value("delayed")
    # Back up with Shift+Tab to the first answer, to read it over, then on to the submit button.
    answer_1 = page.get_by_label(re.compile(r"Question 1"))
    tab_to(page, answer_1, key="Shift+Tab")
    expect(answer_1).to_have_value("Labour inspections covered 40 tea estates.")
    tab_to(page, page.get_by_role("button", name="Submit report"))
    page.keyboard.press("Space")
    # Submitting asks first, on a page of its own.
    page.wait_for_url(re.compile(r"/reports/\d+/submit/$"))
    tab_to(page, page.get_by_role("button", name="Yes, submit the report"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/reports/\d+/$"))


def test_report_focal_point_fills_and_submits_with_keyboard_only(page, axe, kenya_reports, password):
    focal_point, cycle = kenya_reports
    second_question = cycle.questions.order_by("position")[1]
    sign_in_with_keyboard(page, focal_point.email, password)

    start_this_years_report(page, cycle)
    axe(page)
    fill_all_but_second_answer_and_action(page, cycle)
    submit_and_follow_summary_to_missing_answer(page, second_question)
    axe(page)
    complete_and_submit(page)

    main = page.get_by_role("main")
    expect(page.get_by_role("status").first).to_contain_text("Report submitted")
    expect(main.locator(".report-status").first).to_have_text("Submitted")
    expect(main).to_contain_text("None was delayed; the hotline opens next year.")
    expect(main.get_by_role("row", name=re.compile("Open a child labour hotline"))).to_contain_text("Delayed")
    axe(page)
