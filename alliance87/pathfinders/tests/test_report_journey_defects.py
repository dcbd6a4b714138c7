"""The annual report journey, whole (issue 13, part 3): one test per defect found by walking it as each
role would. Each failed before its fix."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from alliance87.consoles import consoles_for
from alliance87.pathfinders import services
from alliance87.pathfinders.models import Report, ReportCycle, ReportStatus

from .test_report_pages import client_for, complete_form, give_roadmap, open_cycle, start_report, submit_report, text

TODAY = datetime.date.today()


@pytest.fixture
def kenya_indicator(cast, alliance):
    """Kenya's roadmap with one indicator of its own, and an open real cycle."""
    roadmap = give_roadmap(alliance.kenya, cast.secretariat)
    indicator = services.indicator_add(
        priority=roadmap.priorities.get(),
        by=cast.secretariat,
        name="Labour inspections covering child labour in tea",
        unit="inspections",
        baseline_value=40,
        baseline_year=2021,
        target_value=400,
        target_year=2028,
    )
    return indicator, open_cycle(cast.secretariat, 2026)


# ---- 1. Every "not yet" explains itself and links the step to take -------------------------------------


def test_report_index_without_roadmap_links_the_roadmap_page(cast, alliance):
    open_cycle(cast.secretariat, 2026)
    page = text(client_for(cast.focal_point).get(reverse("pathfinders:reports")))
    assert "Only countries with a roadmap report." in page
    assert f'href="{reverse("pathfinders:roadmap_edit", args=["ke"])}"' in page
    assert "Add the roadmap of Kenya" in page


def test_report_edit_of_a_submitted_report_says_it_is_locked_not_forbidden(cast, kenya_indicator):
    focal = client_for(cast.focal_point)
    report = start_report(focal, kenya_indicator[1])
    submit_report(focal, report)
    report.refresh_from_db()
    response = focal.get(reverse("pathfinders:report_edit", args=[report.pk]))
    assert response.status_code == 200
    page = " ".join(text(response).split())
    submitted = date_format(timezone.localtime(report.submitted_at), "DATE_FORMAT")
    assert "is locked" in page
    assert f"It was submitted on {submitted} and waits for the review of the Monitoring Working Group" in page
    assert "If the reviewers return it with comments, you are e-mailed and can change it again here." in page
    assert "Not allowed" not in page and "permission" not in page.lower()
    assert f'href="{reverse("pathfinders:report", args=[report.pk])}"' in page


# ---- 2. Real reporting cycles ------------------------------------------------------------------------


def test_report_of_a_real_country_is_never_started_in_the_example_cycle(cast, alliance, example):
    give_roadmap(alliance.kenya, cast.secretariat)
    focal = client_for(cast.focal_point)
    page = " ".join(text(focal.get(reverse("pathfinders:reports"))).split())
    # Only example cycles exist: the focal point is told no cycle is open, and who opens one.
    assert "Start the report" not in page
    assert "No reporting cycle is open yet, so the report of Kenya cannot be started." in page
    assert "The Alliance 8.7 secretariat opens a cycle each year" in page
    example_cycle = ReportCycle.objects.filter(is_example=True).order_by("-year").first()
    response = focal.post(reverse("pathfinders:report_start", args=["ke", example_cycle.year]), follow=True)
    assert "is the example cycle: only the example country reports there." in text(response)
    assert not Report.objects.filter(country=alliance.kenya).exists()


def test_report_cycle_opened_by_the_secretariat_from_the_reports_page(
    secretariat_client, cast, alliance, example, mailoutbox, django_capture_on_commit_callbacks
):
    give_roadmap(alliance.kenya, cast.secretariat)
    cast.focal_point  # noqa: B018 -- Kenya has a focal point, who is told
    page = " ".join(text(secretariat_client.get(reverse("pathfinders:reports"))).split())
    assert "No real reporting cycle is open: the focal points cannot start their reports." in page
    url = reverse("pathfinders:report_cycle_open")
    assert f'action="{url}"' in page
    # A refusal is shown next to its field, after a redirect.
    response = secretariat_client.post(url, {"year": "2026", "deadline": ""})
    assert response.status_code == 303
    page = text(secretariat_client.get(response["Location"]))
    assert '<ul class="errorlist" id="cycle-deadline-errors"><li>Give the deadline as a date' in page
    deadline = TODAY + datetime.timedelta(days=90)
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(url, {"year": "2026", "deadline": deadline.isoformat()}, follow=True)
    assert "Annual progress reports 2026 is open." in text(response)
    cycle = ReportCycle.objects.get(year=2026)
    assert not cycle.is_example and cycle.opens_on == TODAY and cycle.deadline == deadline
    assert cycle.questions.count() == 5
    [mail] = mailoutbox
    assert mail.to == [cast.focal_point.email]
    assert reverse("pathfinders:reports") in mail.body
    page = text(client_for(cast.focal_point).get(reverse("pathfinders:reports")))
    assert "Start the report for Annual progress reports 2026" in page
    # Only the secretariat opens cycles.
    assert client_for(cast.reviewer).post(url, {"year": "2027", "deadline": deadline.isoformat()}).status_code == 403
    assert client_for(cast.focal_point).post(url, {"year": "2027", "deadline": deadline.isoformat()}).status_code == 403
    assert not ReportCycle.objects.filter(year=2027).exists()


# ---- 3. The roadmap's own indicators, and names rather than codes ---------------------------------------


def test_report_asks_for_the_roadmaps_indicators_and_shows_and_exports_them(cast, kenya_indicator):
    indicator, cycle = kenya_indicator
    focal = client_for(cast.focal_point)
    report = start_report(focal, cycle)
    edit = reverse("pathfinders:report_edit", args=[report.pk])
    page = text(focal.get(edit))
    assert f'name="roadmap-{indicator.pk}-value"' in page and f'name="roadmap-{indicator.pk}-note"' in page
    assert "Labour inspections covering child labour in tea (inspections)" in page
    # Raw codes are never shown alone: the name first, the code at most in brackets.
    visible = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1])
    for code in ("INSP", "VICT", "PROS", "SOCP"):
        assert all(visible[m.start() - 1] == "(" for m in re.finditer(code, visible)), code
    data = {
        **complete_form(report),
        f"roadmap-{indicator.pk}-value": "180",
        f"roadmap-{indicator.pk}-year": "2026",
        f"roadmap-{indicator.pk}-note": "Half way to the target",
        "version": str(report.version),
    }
    assert focal.post(edit, data).status_code == 303
    saved = report.roadmap_indicator_values.get()
    assert (saved.indicator, saved.value, saved.year, saved.note) == (indicator, "180", 2026, "Half way to the target")
    detail = text(focal.get(reverse("pathfinders:report", args=[report.pk])))
    assert "Labour inspections covering child labour in tea" in detail and "180 (2026)" in detail
    assert "Half way to the target" in detail
    csv_text = focal.get(reverse("pathfinders:report_csv", args=[report.pk])).content.decode("utf-8-sig")
    assert (
        "R1,Labour inspections covering child labour in tea (inspections),180,2026,Half way to the target" in csv_text
    )


# ---- 4. No data loss ------------------------------------------------------------------------------------


def test_report_reload_after_a_refused_submit_never_erases_what_autosave_saved(cast, kenya_indicator):
    """The issue's scenario: submit an incomplete report (refused), keep typing (autosave confirms), then
    reload the page the refusal was shown on. The reload must not post the old form over the newer answer."""
    focal = client_for(cast.focal_point)
    report = start_report(focal, kenya_indicator[1])
    question = report.cycle.questions.first()
    submit = reverse("pathfinders:report_submit", args=[report.pk])
    edit = reverse("pathfinders:report_edit", args=[report.pk])
    old_form = {f"answer-{question.pk}": "First draft", "version": "0"}  # as the page loaded at version 0 posts it

    refused = focal.post(submit, old_form)  # incomplete: refused, "First draft" saved (version 1)
    saved = focal.post(
        reverse("pathfinders:report_autosave", args=[report.pk]),
        {f"answer-{question.pk}": "Newer text autosave confirmed", "version": "1"},
    )
    assert saved.status_code == 200

    # The browser's "resend the form": the same POST again, with the version the old page was loaded with.
    again = focal.post(submit, old_form)
    assert report.answers.get(question=question).text == "Newer text autosave confirmed"
    # Redirect after POST: the refusal was a 303 to the form, so a reload is a GET there.
    assert refused.status_code == 303 and refused["Location"].startswith(edit)
    assert saved.json()["version"] == 2
    assert again.status_code == 303
    page = " ".join(text(focal.get(again["Location"])).split())
    assert "Question 1: a newer version was saved at" in page
    assert "What you typed is still here but was not saved." in page
    assert "First draft</textarea>" in page  # the typed text stays on screen
    assert "Saved version (newer than this page)" in page and "Newer text autosave confirmed" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_report_autosave_from_a_stale_page_is_refused_with_the_saved_version(cast, kenya_indicator):
    focal = client_for(cast.focal_point)
    report = start_report(focal, kenya_indicator[1])
    question = report.cycle.questions.first()
    url = reverse("pathfinders:report_autosave", args=[report.pk])
    other_tab = focal.post(url, {f"answer-{question.pk}": "Saved in another tab", "version": "0"})
    stale = focal.post(url, {f"answer-{question.pk}": "Typed on the old page", "version": "0"})
    assert report.answers.get().text == "Saved in another tab"
    assert other_tab.json()["version"] == 1
    assert stale.status_code == 409
    body = stale.json()
    assert body["version"] == 1
    [conflict] = body["conflicts"]
    assert conflict["field"] == f"answer-{question.pk}"
    assert conflict["saved"] == "Saved in another tab"
    assert conflict["message"].startswith("Question 1: a newer version was saved at ")
    assert report.answers.get().text == "Saved in another tab"
    # An answer nobody else changed saves even from the older page.
    second = report.cycle.questions.all()[1]
    assert focal.post(url, {f"answer-{second.pk}": "Mine", "version": "0"}).status_code == 200


# ---- 5. Each step tells the next person, with a link; the public steps ask first --------------------------


def test_report_each_step_emails_the_next_person_with_a_link(
    cast, kenya_indicator, secretariat_client, mailoutbox, django_capture_on_commit_callbacks
):
    focal = client_for(cast.focal_point)
    reviewer = client_for(cast.reviewer)
    report = start_report(focal, kenya_indicator[1])
    review = reverse("pathfinders:report_review", args=[report.pk])
    page = f"http://testserver{reverse('pathfinders:report', args=[report.pk])}"

    def sent(action) -> list:
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return sorted(((m.to[0], m.subject, m.body) for m in mailoutbox), key=lambda m: m[0])

    [(to, subject, body)] = sent(lambda: submit_report(focal, report))
    assert (to, subject) == (cast.reviewer.email, "Annual report submitted: Kenya, Annual progress reports 2026")
    assert page.replace("http://testserver", "") in body

    comment = "Give the year of the survey."
    [(to, subject, body)] = sent(
        lambda: reviewer.post(review, {"action": "return", "comment": comment, "confirm": "yes"})
    )
    assert to == cast.focal_point.email and comment in body
    assert reverse("pathfinders:report_edit", args=[report.pk]) in body  # the link the e-mail lacked

    sent(lambda: submit_report(focal, report))
    # Accepting asks first: without the confirmation nothing moves and nobody is told.
    assert sent(lambda: reviewer.post(review, {"action": "accept"})) == []
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    mails = sent(lambda: reviewer.post(review, {"action": "accept", "confirm": "yes"}))
    assert [m[0] for m in mails] == sorted([cast.focal_point.email, cast.secretariat.email])
    assert all(reverse("pathfinders:report", args=[report.pk]) in m[2] for m in mails)

    confirm = secretariat_client.get(reverse("pathfinders:report_review_confirm", args=[report.pk, "publish"]))
    assert "Publish the report of Kenya for Annual progress reports 2026?" in text(confirm)
    [(to, subject, body)] = sent(lambda: secretariat_client.post(review, {"action": "publish", "confirm": "yes"}))
    assert (to, subject) == (cast.focal_point.email, "Your annual report is published: Annual progress reports 2026")
    public = text(client_for(cast.outsider).get(reverse("pathfinders:report", args=[report.pk])))
    assert "Published</span>" in public and "An invented example" not in public
    assert '<span class="tag tag-inactive">Example</span>' not in public


# ---- 6. The consoles on /me/ count what waits for each person -----------------------------------------


def waiting(user) -> dict:
    """The annual reports' consoles (the ten-year report's has its own tests in the stocktake app)."""
    return {c.title: c.waiting for c in consoles_for(user) if c.title.startswith("Annual report")}


def test_report_consoles_count_what_waits_for_each_person(cast, kenya_indicator):
    cycle = kenya_indicator[1]
    assert waiting(cast.focal_point) == {"Annual reports to file": 1}  # not started yet in the open cycle
    assert waiting(cast.reviewer) == {"Annual reports to review": 0}
    assert waiting(cast.secretariat) == {"Annual reports to review": 0, "Annual reports to publish": 0}
    assert waiting(cast.outsider) == {} and waiting(cast.partner_editor) == {}
    report = services.report_start(country=cast.alliance.kenya, cycle=cycle, by=cast.focal_point)
    assert waiting(cast.focal_point) == {"Annual reports to file": 1}  # the draft, counted once
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    assert waiting(cast.focal_point) == {"Annual reports to file": 0}
    assert waiting(cast.reviewer) == {"Annual reports to review": 1}
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)
    assert waiting(cast.reviewer) == {"Annual reports to review": 0}
    assert waiting(cast.secretariat)["Annual reports to publish"] == 1
    me = text(client_for(cast.reviewer).get(reverse("accounts:dashboard")))
    assert f'href="{reverse("pathfinders:reports")}#waiting-title"' in me
