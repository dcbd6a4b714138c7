"""Making a commitment and the secretariat's review, in the browser (issue 16: "a partner editor commits; the
secretariat reviews and publishes").

The journey: Free the Slaves' partner editor opens /me/, follows "Your commitments", makes a commitment (for
the one party they speak for), fills its priorities, a deliverable, a resource and its dates while the SMART
checklist beside it turns from failing to passing, and submits it. The secretariat follows "Commitments to
review" from /me/, gives its verdict on each letter and publishes. The pages use no JavaScript (plain forms
posting and redirecting); axe runs in the page, so the journey's tabs keep it on. Each page passes axe in
English and French (and Arabic, at a phone's width too), scrolling nothing sideways.
"""

import re

import pytest
from pictures import keep_picture
from playwright.sync_api import Page, expect
from reading import looks_right, read_in
from second_factor import secretariat_cookie

from alliance87.commitments import services
from alliance87.commitments.models import Commitment
from alliance87.commitments.tests.making import commitment, published_priority

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def priority(alliance):
    return published_priority()


@pytest.fixture
def editor_tab(tabs_on, site, cast):
    return lambda viewport=None, **options: tabs_on(site)(cast.partner_editor, viewport or DESKTOP, **options)


@pytest.fixture
def secretariat_tab(tabs_on, site, cast):
    cookies = []  # one signed-in session (its second factor set up once), shared by the tabs

    def open_tab(viewport=None, **options) -> Page:
        tab = tabs_on(site)(None, viewport or DESKTOP, **options)
        if not cookies:
            cookies.append(secretariat_cookie(cast.secretariat, site))
        tab.context.add_cookies(cookies)
        return tab

    return open_tab


def checklist_says(tab: Page, letter: str, state: str) -> None:
    expect(tab.locator(".cm-checklist .cm-letter", has_text=re.compile(rf"^\W*{letter} \("))).to_contain_text(state)


def start(tab: Page, cast, axe) -> Commitment:
    tab.goto("/me/")
    tab.get_by_role("main").get_by_role("link", name="Your commitments", exact=True).click()
    tab.wait_for_url(re.compile(r"/commitments/mine/$"))
    tab.get_by_role("link", name="Make a commitment").click()
    main = tab.get_by_role("main")
    expect(main.get_by_label("Whom do you commit for?")).to_have_value(
        f"organisation:{cast.alliance.free_the_slaves.pk}"
    )
    main.get_by_label("Title").fill("Train labour inspectors on child labour in agriculture (example)")
    main.get_by_label("What will be done, and how").fill("Train inspectors in every district. (Example.)")
    axe(tab)
    main.get_by_role("button", name="Save the draft").click()
    expect(tab.get_by_role("status").first).to_contain_text("Draft saved")
    made = Commitment.objects.get()
    checklist_says(tab, "S", "fails")
    checklist_says(tab, "M", "fails")
    keep_picture(tab, "commitment-making-new-draft")
    return made


def fill_focus_and_dates(tab: Page, priority, axe) -> None:
    # Priorities and targets.
    focus = tab.locator("section", has=tab.get_by_role("heading", name="Priorities and targets"))
    focus.get_by_label(priority.title).check()
    focus.get_by_label("SDG targets").fill("8.7, 16.2")
    focus.get_by_role("button", name="Save").click()
    expect(tab.get_by_role("status").first).to_contain_text("Saved")
    checklist_says(tab, "S", "passes")

    # Dates: an end before the start is named at the end.
    dates = tab.locator("section", has=tab.get_by_role("heading", name="Dates and visibility"))
    dates.get_by_label("Starts on").fill("2027-01-01")
    dates.get_by_label("Ends on").fill("2026-01-01")
    dates.get_by_role("button", name="Save").click()
    expect(tab.get_by_role("alert").first).to_be_visible()
    dates = tab.locator("section", has=tab.get_by_role("heading", name="Dates and visibility"))
    expect(dates.locator("#id_ends_on_errors")).to_contain_text("comes before the start")
    axe(tab)
    dates.get_by_label("Starts on").fill("2026-01-01")
    dates.get_by_label("Ends on").fill("2027-12-31")
    dates.get_by_role("button", name="Save").click()
    expect(tab.get_by_role("status").first).to_contain_text("Saved")


def add_deliverable_and_resource(tab: Page, axe) -> None:
    add = tab.get_by_role("group", name="Add a deliverable")
    add.get_by_label("Deliverable").fill("Labour inspectors trained (example)")
    add.get_by_label("Indicator").fill("Inspectors trained")
    add.get_by_label("Unit").fill("people")
    add.get_by_label("Baseline").fill("0")
    add.get_by_label("Target").fill("200")
    add.get_by_label("Due on").fill("2027-06-30")
    add.get_by_role("button", name="Add the deliverable").click()
    expect(tab.get_by_role("status").first).to_contain_text("Deliverable added")
    checklist_says(tab, "M", "passes")
    checklist_says(tab, "R", "fails")
    add = tab.get_by_role("group", name="Add a resource")
    add.get_by_label("Description").fill("Training budget (example)")
    add.get_by_label("Amount").fill("50000")
    add.get_by_label("Currency").fill("USD")
    add.get_by_role("button", name="Add the resource").click()
    expect(tab.get_by_role("status").first).to_contain_text("Resource added")
    for letter in "SMART":
        checklist_says(tab, letter, "passes")
    axe(tab)
    keep_picture(tab, "commitment-making-edit-complete")


def test_a_partner_editor_commits_and_the_secretariat_publishes(editor_tab, secretariat_tab, cast, priority, axe):
    tab = editor_tab()
    made = start(tab, cast, axe)
    fill_focus_and_dates(tab, priority, axe)
    add_deliverable_and_resource(tab, axe)
    tab.get_by_role("link", name="Submit for review…").click()
    axe(tab)
    tab.get_by_role("button", name="Submit", exact=True).click()
    tab.wait_for_url(re.compile(r"/commitments/mine/$"))
    expect(tab.get_by_role("status").first).to_contain_text("Submitted")
    made.refresh_from_db()
    assert made.status == "submitted"

    # The secretariat.
    desk = secretariat_tab()
    desk.goto("/me/")
    desk.get_by_role("main").get_by_role("link", name="Commitments to review", exact=True).click()
    desk.wait_for_url(re.compile(r"/commitments/manage/$"))
    axe(desk)
    desk.get_by_role("link", name=made.title).click()
    desk.wait_for_url(re.compile(rf"/commitments/{made.pk}/review/$"))
    for letter, name in zip(
        "SMART", ("Specific", "Measurable", "Achievable", "Resource-based", "Time-based"), strict=True
    ):
        desk.get_by_role("group", name=re.compile(rf"^{letter} \({name}\)")).get_by_label("Meets it").check()
    desk.get_by_label("Note on M").fill("A clear indicator and target.")
    axe(desk)
    keep_picture(desk, "commitment-review-verdicts")
    desk.get_by_role("button", name="Save and publish").click()
    desk.wait_for_url(re.compile(r"/commitments/manage/$"))
    expect(desk.get_by_role("status").first).to_contain_text("Published")
    made.refresh_from_db()
    assert made.status == "published" and made.smart_review["M"] == {
        "ok": True,
        "note": "A clear indicator and target.",
    }


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_making_pages_read_right(editor_tab, cast, priority, axe, language):
    draft = commitment(
        lead=cast.alliance.free_the_slaves, status="draft", by=cast.partner_editor, priorities=[priority]
    )
    co = services.invite_co_implementer(by=cast.secretariat, commitment=draft, party=cast.alliance.nestle)
    assert co.pk
    viewports = [DESKTOP, PHONE] if language == "ar" else [DESKTOP]
    for viewport in viewports:
        tab = editor_tab(viewport)
        for path in (
            "/commitments/new/",
            f"/commitments/{draft.pk}/edit/",
            f"/commitments/{draft.pk}/submit/",
            "/commitments/mine/",
        ):
            read_in(tab, language, path)
            looks_right(tab, axe, language)
            keep_picture(tab, f"commitment-making-{path.strip('/').replace('/', '-')}-{language}-{viewport['width']}")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_review_pages_read_right(secretariat_tab, cast, priority, axe, language):
    waiting = commitment(lead=cast.alliance.free_the_slaves, status="submitted", priorities=[priority])
    viewports = [DESKTOP, PHONE] if language == "ar" else [DESKTOP]
    for viewport in viewports:
        tab = secretariat_tab(viewport)
        for path in ("/commitments/manage/", f"/commitments/{waiting.pk}/review/", f"/commitments/{waiting.pk}/close/"):
            read_in(tab, language, path)
            looks_right(tab, axe, language)
            keep_picture(tab, f"commitment-review-{path.strip('/').replace('/', '-')}-{language}-{viewport['width']}")


def test_without_javascript_a_deliverable_after_the_end_is_named(editor_tab, cast, priority):
    draft = commitment(lead=cast.alliance.free_the_slaves, status="draft", priorities=[priority], deliverables=0)
    tab = editor_tab(java_script_enabled=False)
    tab.goto(f"/commitments/{draft.pk}/edit/")
    add = tab.get_by_role("group", name="Add a deliverable")
    add.get_by_label("Deliverable").fill("Late (example)")
    add.get_by_label("Target").fill("10")
    add.get_by_label("Due on").fill("2029-01-01")
    add.get_by_role("button", name="Add the deliverable").click()
    expect(tab.locator("#id_new_d-due_on_errors")).to_contain_text("Due after the commitment ends (2027-12-31)")
    expect(tab.get_by_role("group", name="Add a deliverable").get_by_label("Deliverable")).to_have_value(
        "Late (example)"
    )
    assert not draft.deliverables.exists()
