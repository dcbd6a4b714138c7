"""Issue 16's whole journey in a real browser, step after step as the people doing it meet it.

A thematic priority is published (as the consultation journey leaves it). Free the Slaves' partner editor
starts from /me/, makes a commitment on it with a deliverable and a resource, tries to submit it while the
deliverable has no indicator nor target and reads that M (Measurable) fails, fixes the deliverable and
submits. The secretariat follows the e-mailed link, gives its verdict on each letter and publishes; the
partner editor is told, follows that link to the commitment's page and reports progress with a PDF, offering
the update as a story, makes the story of it and submits it; the secretariat publishes the story. The example
country's focal point commits for Exampleland, linking a key action of its roadmap; the secretariat publishes.
A visitor goes from the home page to the registry, filters by the priority, opens the commitment and reads
the update, goes on to the priority's follow-up and from there to the story, and downloads the CSV export.
Thirteen months later (the clock moved, nothing else mocked but the outgoing mail) the daily command sends
the overdue reminder and the commitment's light is yellow. The registry, the commitment, the priority and the
story pass axe in English, French, Spanish and Arabic (desktop; the registry and the commitment on a phone
too). Screenshots go to $SCREENSHOTS when it is set.
"""

import csv
import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from pictures import keep_picture
from playwright.sync_api import Page, expect
from reading import looks_right, read_in
from second_factor import secretariat_cookie

from alliance87.accounts.models import Role
from alliance87.commitments import services
from alliance87.commitments.models import Commitment, CommitmentStatus, Light, ProgressUpdate
from alliance87.commitments.tests.making import commitment, published_priority
from alliance87.exchange.models import Experience, ExperienceStatus
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "es", "ar")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

PRIORITY = "Decent work for children's parents in agriculture (example)"
TITLE = "Train labour inspectors on child labour in agriculture (example)"
DELIVERABLE = "Labour inspectors trained (example)"
COUNTRY_TITLE = "Exampleland inspects informal farms (example)"
OTHER_TITLE = "Supply chain due diligence (example)"
UPDATE = "Eighty inspectors trained in four districts. (Example.)"
LINK = re.compile(r"Open it here: (\S+)")


# --- Helpers ----------------------------------------------------------------------------------------------


def _mail_to(outbox, email: str, subject_has: str):
    found = [m for m in outbox if email in m.to and subject_has in m.subject]
    assert found, f"no mail to {email} about “{subject_has}”: {[(m.to, m.subject) for m in outbox]}"
    return found[-1]


def _follow(tab: Page, message) -> None:
    """Open the link the e-mail ends with (its path: the site's own address is the live server here)."""
    match = LINK.search(message.body)
    assert match, message.body
    tab.goto(urlsplit(match.group(1)).path)


def _checklist_says(tab: Page, letter: str, state: str) -> None:
    expect(tab.locator(".cm-checklist .cm-letter", has_text=re.compile(rf"^\W*{letter} \("))).to_contain_text(state)


def _section(tab: Page, heading: str):
    return tab.locator("section", has=tab.get_by_role("heading", name=heading))


def _saved(tab: Page, text: str = "Saved") -> None:
    expect(tab.get_by_role("status").first).to_contain_text(text, ignore_case=True)


def _publish_with_every_letter_met(desk: Page, axe) -> None:
    for letter, name in zip(
        "SMART", ("Specific", "Measurable", "Achievable", "Resource-based", "Time-based"), strict=True
    ):
        desk.get_by_role("group", name=re.compile(rf"^{letter} \({name}\)")).get_by_label("Meets it").check()
    axe(desk)
    desk.get_by_role("button", name="Save and publish").click()
    desk.wait_for_url(re.compile(r"/commitments/manage/$"))
    expect(desk.get_by_role("status").first).to_contain_text("Published")


# --- The steps --------------------------------------------------------------------------------------------


def fill_a_deliverable_not_measurable(tab: Page) -> None:
    """Priority, dates, a resource, and a deliverable with neither indicator nor target."""
    focus = _section(tab, "Priorities and targets")
    focus.get_by_label(PRIORITY).check()
    focus.get_by_label("SDG targets").fill("8.7")
    focus.get_by_role("button", name="Save").click()
    _saved(tab)
    dates = _section(tab, "Dates and visibility")
    dates.get_by_label("Starts on").fill("2026-01-01")
    dates.get_by_label("Ends on").fill("2028-12-31")
    dates.get_by_role("button", name="Save").click()
    _saved(tab)

    # A deliverable with neither indicator nor target: not measurable.
    add = tab.get_by_role("group", name="Add a deliverable")
    add.get_by_label("Deliverable").fill(DELIVERABLE)
    add.get_by_label("Due on").fill("2028-06-30")
    add.get_by_role("button", name="Add the deliverable").click()
    _saved(tab, "Deliverable added")
    add = tab.get_by_role("group", name="Add a resource")
    add.get_by_label("Description").fill("Training budget (example)")
    add.get_by_label("Amount").fill("50000")
    add.get_by_label("Currency").fill("USD")
    add.get_by_role("button", name="Add the resource").click()
    _saved(tab, "Resource added")
    _checklist_says(tab, "M", "fails")


def partner_makes_a_commitment(tab: Page, cast, axe) -> Commitment:
    tab.goto("/me/")
    tab.get_by_role("main").get_by_role("link", name="Your commitments", exact=True).click()
    tab.wait_for_url(re.compile(r"/commitments/mine/$"))
    looks_right(tab, axe, "en")
    tab.get_by_role("link", name="Make a commitment").click()
    main = tab.get_by_role("main")
    expect(main.get_by_label("Whom do you commit for?")).to_have_value(
        f"organisation:{cast.alliance.free_the_slaves.pk}"
    )
    main.get_by_label("Title").fill(TITLE)
    main.get_by_label("What will be done, and how").fill("Train inspectors in every district. (Example.)")
    main.get_by_role("button", name="Save the draft").click()
    _saved(tab, "Draft saved")
    made = Commitment.objects.get(title=TITLE)
    fill_a_deliverable_not_measurable(tab)

    tab.get_by_role("link", name="Submit for review…").click()
    tab.get_by_role("button", name="Submit", exact=True).click()
    alert = tab.get_by_role("alert").first
    expect(alert).to_contain_text("M (Measurable)")
    expect(alert).to_contain_text(DELIVERABLE)
    looks_right(tab, axe, "en")
    keep_picture(tab, "journey-submit-refused")
    made.refresh_from_db()
    assert made.status == CommitmentStatus.DRAFT

    # Fixed: the deliverable gets its indicator, baseline and target.
    tab.get_by_role("link", name="Back to editing").click()
    first = tab.get_by_role("group", name="Deliverable 1")
    first.get_by_label("Indicator").fill("Inspectors trained")
    first.get_by_label("Unit").fill("people")
    first.get_by_label("Baseline").fill("0")
    first.get_by_label("Target").fill("200")
    first.get_by_role("button", name="Save", exact=True).click()
    _saved(tab)
    for letter in "SMART":
        _checklist_says(tab, letter, "passes")
    tab.get_by_role("link", name="Submit for review…").click()
    tab.get_by_role("button", name="Submit", exact=True).click()
    tab.wait_for_url(re.compile(r"/commitments/mine/$"))
    _saved(tab, "Submitted")
    made.refresh_from_db()
    assert made.status == CommitmentStatus.SUBMITTED
    return made


def secretariat_publishes(desk: Page, axe, outbox, cast, made: Commitment) -> None:
    _follow(desk, _mail_to(outbox, cast.secretariat.email, made.title))
    desk.wait_for_url(re.compile(rf"/commitments/{made.pk}/review/$"))
    expect(desk.get_by_role("heading", level=1)).to_be_visible()
    _publish_with_every_letter_met(desk, axe)
    made.refresh_from_db()
    assert made.status == CommitmentStatus.PUBLISHED and made.light == Light.GREEN


def focal_point_commits_for_the_country(tab: Page, axe, exampleland, key_action) -> Commitment:
    tab.goto("/me/")
    tab.get_by_role("main").get_by_role("link", name="Your commitments", exact=True).click()
    tab.get_by_role("link", name="Make a commitment").click()
    main = tab.get_by_role("main")
    expect(main.get_by_label("Whom do you commit for?")).to_have_value(f"country:{exampleland.pk}")
    main.get_by_label("Title").fill(COUNTRY_TITLE)
    main.get_by_label("What will be done, and how").fill("Inspectors visit informal farms. (Example.)")
    main.get_by_role("button", name="Save the draft").click()
    _saved(tab, "Draft saved")
    focus = _section(tab, "Priorities and targets")
    focus.get_by_label(PRIORITY).check()
    focus.get_by_label(f"{key_action.priority.title}: {key_action.title}").check()
    focus.get_by_role("button", name="Save").click()
    _saved(tab)
    looks_right(tab, axe, "en")
    dates = _section(tab, "Dates and visibility")
    dates.get_by_label("Starts on").fill("2026-01-01")
    dates.get_by_label("Ends on").fill("2028-12-31")
    dates.get_by_role("button", name="Save").click()
    _saved(tab)
    add = tab.get_by_role("group", name="Add a deliverable")
    add.get_by_label("Deliverable").fill("Informal farms inspected (example)")
    add.get_by_label("Indicator").fill("Farms inspected")
    add.get_by_label("Baseline").fill("0")
    add.get_by_label("Target").fill("500")
    add.get_by_label("Due on").fill("2028-06-30")
    add.get_by_role("button", name="Add the deliverable").click()
    _saved(tab, "Deliverable added")
    add = tab.get_by_role("group", name="Add a resource")
    add.get_by_label("Kind").select_option("staff")
    add.get_by_label("Description").fill("Inspectors of the labour ministry (example)")
    add.get_by_role("button", name="Add the resource").click()
    _saved(tab, "Resource added")
    tab.get_by_role("link", name="Submit for review…").click()
    tab.get_by_role("button", name="Submit", exact=True).click()
    tab.wait_for_url(re.compile(r"/commitments/mine/$"))
    made = Commitment.objects.get(title=COUNTRY_TITLE)
    assert list(made.key_actions.all()) == [key_action]
    return made


def partner_reports_and_shares(tab: Page, axe, outbox, cast, made: Commitment, pdf_path) -> ProgressUpdate:
    _follow(tab, _mail_to(outbox, cast.partner_editor.email, made.title))
    expect(tab.get_by_role("heading", level=1)).to_have_text(TITLE)
    tab.get_by_role("main").get_by_role("link", name="Report progress").click()
    tab.wait_for_url(re.compile(rf"/commitments/{made.pk}/report/$"))
    main = tab.get_by_role("main")
    main.get_by_label("What this update is about").select_option(label=DELIVERABLE)
    main.get_by_label("On track").check()
    main.get_by_label("Value reached").fill("80")
    main.get_by_label("What happened").fill(UPDATE)
    main.get_by_label("Evidence files").set_input_files(str(pdf_path))
    main.get_by_label("Share this journey as a story").check()
    looks_right(tab, axe, "en")
    tab.get_by_role("button", name="Send the report").click()
    _saved(tab, "Thank you: your progress report is saved")
    update = ProgressUpdate.objects.get(commitment=made)
    assert update.share_as_story and update.value == 80
    assert [e.original_name for e in update.evidence.all()] == ["training.pdf"]

    # Share your journey: from the commitment's history, the story in one step.
    expect(tab.get_by_role("heading", level=1)).to_have_text(TITLE)
    tab.get_by_role("button", name="Share your journey as a story").click()
    _saved(tab, "A draft story is made from your update")
    story = Experience.objects.get()
    assert list(story.commitments.all()) == [made], "the story links the commitment it comes from"
    what = tab.get_by_label("What was done")
    if not what.input_value():
        what.fill("District teams trained inspectors on farms, with the union. (Example.)")
        tab.get_by_role("button", name="Save", exact=True).first.click()
        _saved(tab)
    looks_right(tab, axe, "en")
    keep_picture(tab, "journey-story-draft")
    _section(tab, "Submit for review").get_by_role("button", name="Submit for review").click()
    _saved(tab, "Submitted")
    return update


def secretariat_publishes_the_story(desk: Page, axe, outbox, cast) -> Experience:
    story = Experience.objects.get()
    _follow(desk, _mail_to(outbox, cast.secretariat.email, story.title))
    looks_right(desk, axe, "en")
    desk.get_by_role("button", name="Publish").click()
    expect(desk.get_by_text("Published.")).to_be_visible()
    story.refresh_from_db()
    assert story.status == ExperienceStatus.PUBLISHED
    return story


def the_public_follows_it(visitor: Page, axe, priority, made: Commitment, story: Experience, tmp_path) -> None:
    visitor.goto("/")
    visitor.get_by_role("link", name="Commitments on the priorities, and how far they got").click()
    visitor.wait_for_url(re.compile(r"/commitments/$"))
    expect(visitor.locator(".cm-item")).to_have_count(3)  # with the Action Group's (no priority)
    visitor.get_by_label("Thematic priority").select_option(label=PRIORITY)
    visitor.get_by_role("button", name="Apply").click()
    visitor.wait_for_url(re.compile(r"priority="))
    expect(visitor.locator(".cm-item")).to_have_count(2)
    looks_right(visitor, axe, "en")

    # The CSV of what the filters show.
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="CSV").first.click()
    saved = tmp_path / "commitments.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert sorted(row["Title"] for row in rows) == [COUNTRY_TITLE, TITLE], rows
    row = next(row for row in rows if row["Title"] == TITLE)
    assert row["Lead"] == "Free the Slaves", row
    assert row["Thematic priorities"] == priority.slug, row
    assert (row["Deliverables"], row["Deliverables achieved"]) == ("1", "0"), row
    assert row["Last reported"], row  # the update
    assert row["Address"].endswith(made.get_absolute_url()), row

    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator(".cm-history")).to_contain_text(UPDATE)
    expect(visitor.get_by_role("link", name="training.pdf")).to_be_visible()
    expect(visitor.get_by_role("button", name="Share your journey as a story")).to_have_count(0)
    looks_right(visitor, axe, "en")

    visitor.get_by_role("main").get_by_role("link", name=PRIORITY).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(PRIORITY)
    follow_up = visitor.locator(".cm-of")
    expect(follow_up).to_contain_text("2 commitments serve this priority")
    expect(follow_up.locator(".cm-item").filter(has_text=TITLE)).to_contain_text("0 of 1 deliverable achieved")
    expect(follow_up.locator(".cm-item").filter(has_text=COUNTRY_TITLE)).to_contain_text("Exampleland")
    looks_right(visitor, axe, "en")
    visitor.get_by_role("link", name=story.title).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(story.title)
    looks_right(visitor, axe, "en")


def time_passes(monkeypatch, outbox, cast, tab: Page, made: Commitment) -> None:
    later = timezone.now() + datetime.timedelta(days=395)
    monkeypatch.setattr(timezone, "now", lambda: later)
    outbox.clear()
    call_command("send_commitment_reminders", stdout=io.StringIO())
    reminder = _mail_to(outbox, cast.partner_editor.email, "Overdue")
    assert made.title in reminder.subject
    _follow(tab, reminder)  # to the report page: signed out, the sign-in page first
    expect(tab).to_have_url(re.compile(rf"/accounts/login/\?next=.*{made.pk}.*report"))
    made.refresh_from_db()
    assert made.light == Light.YELLOW
    read_in(tab, "en", made.get_absolute_url())
    expect(tab.locator(".cm-meta .cm-light-yellow").first).to_have_text("A report is due")
    keep_picture(tab, "journey-commitment-a-year-on")


def read_in_four_languages(open_tab, axe, pages: dict) -> None:
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        tab = open_tab(viewport=viewport)
        for language in LANGUAGES:
            for picture, path in pages.items():
                if viewport is PHONE and picture not in ("registry", "commitment"):
                    continue
                read_in(tab, language, path)
                looks_right(tab, axe, language)
                keep_picture(tab, f"journey-{picture}-{language}-{name}")


# --- The journey ------------------------------------------------------------------------------------------


@pytest.fixture
def exampleland(alliance):
    from alliance87.pathfinders.demo import load_example

    return load_example(today=datetime.date(2026, 11, 24))


def test_commitments_from_making_to_a_reminder_a_year_on(
    cast, alliance, exampleland, tabs_on, site, axe, mailoutbox, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    priority = published_priority(PRIORITY)
    commitment(lead=alliance.agriculture, title=OTHER_TITLE, light=Light.GREEN)  # on no priority: filtered out
    focal_point = make_user("focal.exampleland@example.org", Role.COUNTRY_FOCAL_POINT, exampleland)
    key_action = services.key_actions_for(exampleland).select_related("priority").first()
    pdf_path = tmp_path / "training.pdf"
    pdf_path.write_bytes(PDF)

    open_tab = tabs_on(site)
    partner = open_tab(cast.partner_editor, viewport=DESKTOP)
    desk = open_tab(viewport=DESKTOP)
    desk.context.add_cookies([secretariat_cookie(cast.secretariat, site)])

    made = partner_makes_a_commitment(partner, cast, axe)
    secretariat_publishes(desk, axe, mailoutbox, cast, made)

    country_tab = open_tab(focal_point, viewport=DESKTOP)
    theirs = focal_point_commits_for_the_country(country_tab, axe, exampleland, key_action)
    secretariat_publishes(desk, axe, mailoutbox, cast, theirs)
    read_in(country_tab, "en", theirs.get_absolute_url())
    expect(country_tab.get_by_role("link", name=key_action.title)).to_be_visible()

    partner_reports_and_shares(partner, axe, mailoutbox, cast, made, pdf_path)
    story = secretariat_publishes_the_story(desk, axe, mailoutbox, cast)

    visitor = open_tab(viewport=DESKTOP)
    the_public_follows_it(visitor, axe, priority, made, story, tmp_path)

    read_in_four_languages(
        open_tab,
        axe,
        {
            "registry": "/commitments/",
            "commitment": made.get_absolute_url(),
            "priority": priority.get_absolute_url(),
            "story": story.get_absolute_url(),
        },
    )
    time_passes(monkeypatch, mailoutbox, cast, visitor, made)
