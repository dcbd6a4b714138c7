"""Annual progress reports in the browser: a focal point starts, saves, submits; reviewers review; the
secretariat publishes; the cycle page shows late and missing reports; evidence files are checked."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance87.network.models import Country
from alliance87.pathfinders import services
from alliance87.pathfinders.models import Report, ReportActionStatus, ReportStatus

TODAY = datetime.date.today()
SMALL_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# ---- The cast's situation -------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


class _TableRows(HTMLParser):
    """Each row of the tables whose class includes ``css_class``: the visible text of its cells."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class, self.rows = css_class, []
        self._depth = 0  # >0 inside a matching table
        self._row = self._cell = None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and self.css_class in classes:
            self._depth = 1
        elif tag == "table" and self._depth:
            self._depth += 1
        if not self._depth:
            return
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "span" and ("visually-hidden" in classes or self._hidden):
            self._hidden += 1

    def handle_endtag(self, tag):
        if not self._depth:
            return
        if tag == "span" and self._hidden:
            self._hidden -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "table":
            self._depth -= 1

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def table_rows(response, css_class: str) -> list[list[str]]:
    parser = _TableRows(css_class)
    parser.feed(text(response))
    return parser.rows


def row_for(rows: list[list[str]], first_cell: str) -> list[str]:
    matches = [row for row in rows if row and row[0].startswith(first_cell)]
    assert matches, f"no row for {first_cell!r} in {rows}"
    return matches[0]


def give_roadmap(country, by, actions=("Train 100 labour inspectors", "Open a child labour hotline")):
    roadmap = services.roadmap_create(
        country=country, by=by, title=f"{country.name} roadmap (test)", period_start=2022, period_end=2030
    )
    priority = services.priority_add(roadmap=roadmap, by=by, title="Child labour in agriculture")
    for title in actions:
        services.key_action_add(priority=priority, by=by, title=title, responsible_body="Ministry of Labour")
    return roadmap


def open_cycle(by, year: int, *, deadline: datetime.date | None = None, example: bool = False):
    deadline = deadline or TODAY + datetime.timedelta(days=60)
    return services.cycle_create(
        by=by,
        year=year,
        title=f"Annual progress reports {year}" + (" (example cycle)" if example else ""),
        opens_on=deadline - datetime.timedelta(days=100),
        deadline=deadline,
        is_example=example,
    )


@pytest.fixture
def kenya_cycle(cast, alliance):
    """Kenya reports: a roadmap with one priority and two key actions; the 2026 cycle is open."""
    give_roadmap(alliance.kenya, cast.secretariat)
    return open_cycle(cast.secretariat, 2026)


@pytest.fixture
def focal(cast) -> Client:
    return client_for(cast.focal_point)


@pytest.fixture
def reviewer(cast) -> Client:
    return client_for(cast.reviewer)


def complete_form(report) -> dict:
    """Every field of ``report``'s form, filled in as a focal point would."""
    data = {
        "indicator-8.7.1-a-value": "11.2",
        "indicator-8.7.1-a-year": "2026",
        "indicator-8.7.1-a-note": "National child labour survey",
    }
    for n, question in enumerate(report.cycle.questions.all(), start=1):
        data[f"answer-{question.pk}"] = f"Our answer to question {n}."
    for action in report.roadmap.priorities.get().key_actions.all():
        data[f"action-{action.pk}-status"] = "on_track"
        data[f"action-{action.pk}-note"] = "Going as planned"
    return data


def start_report(focal, cycle, code="ke") -> Report:
    response = focal.post(reverse("pathfinders:report_start", args=[code, cycle.year]))
    report = Report.objects.get(country__code=code.upper(), cycle=cycle)
    assert response.status_code == 303
    assert response["Location"] == reverse("pathfinders:report_edit", args=[report.pk])
    return report


def submit_report(focal, report, data=None):
    """Fill in the whole form, submit it and confirm (the step that asks first)."""
    submit = reverse("pathfinders:report_submit", args=[report.pk])
    focal.post(submit, data if data is not None else complete_form(report))
    return focal.post(submit, {"confirm": "yes"}, follow=True)


# ---- The list ---------------------------------------------------------------------------------------


def test_reports_index_anonymous_is_sent_to_sign_in(client, alliance):
    response = client.get(reverse("pathfinders:reports"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["partner_editor", "outsider"])
def test_reports_index_without_reporting_role_says_so(cast, kenya_cycle, who):
    response = client_for(getattr(cast, who)).get(reverse("pathfinders:reports"))
    assert response.status_code == 200
    page = text(response)
    assert "You hold no reporting role." in page
    assert "Kenya" not in page and "Start the report" not in page


def test_reports_index_focal_point_sees_start_button_for_current_cycle(focal, kenya_cycle):
    page = text(focal.get(reverse("pathfinders:reports")))
    assert "Start the report for Annual progress reports 2026" in page
    assert f'action="{reverse("pathfinders:report_start", args=["ke", 2026])}"' in page
    assert "No report yet." in page
    assert "Where every reporting country stands" not in page  # a focal point sees only their country


def test_reports_index_focal_point_without_roadmap_is_told_to_add_it(focal, cast):
    open_cycle(cast.secretariat, 2026)
    page = text(focal.get(reverse("pathfinders:reports")))
    assert "Only countries with a roadmap report." in page
    assert "Start the report" not in page


def test_reports_index_focal_point_sees_own_reports_with_status(focal, kenya_cycle):
    start_report(focal, kenya_cycle)
    response = focal.get(reverse("pathfinders:reports"))
    assert row_for(table_rows(response, "country-reports"), "Annual progress reports 2026")[1] == "Draft"
    assert "Continue the report" in text(response)


def test_report_start_for_another_country_is_forbidden(focal, cast, alliance, kenya_cycle):
    give_roadmap(alliance.mexico, cast.secretariat)
    response = focal.post(reverse("pathfinders:report_start", args=["mx", kenya_cycle.year]))
    assert response.status_code == 403
    assert not Report.objects.filter(country=alliance.mexico).exists()


def test_report_start_without_roadmap_shows_the_reason(focal, cast):
    cycle = open_cycle(cast.secretariat, 2026)
    response = focal.post(reverse("pathfinders:report_start", args=["ke", cycle.year]), follow=True)
    assert "Only countries with a roadmap report. Add the roadmap first." in text(response)
    assert not Report.objects.exists()


def test_cycle_status_shows_missing_for_reporting_country_past_deadline(secretariat_client, cast, alliance, example):
    give_roadmap(alliance.kenya, cast.secretariat)
    past = open_cycle(cast.secretariat, 2023, deadline=datetime.date(2024, 4, 30))
    response = secretariat_client.get(reverse("pathfinders:reports"), {"cycle": past.year})
    assert response.status_code == 200
    rows = table_rows(response, "cycle-status")
    kenya = row_for(rows, "Kenya")
    assert kenya[1] == "Not started"
    assert kenya[2] == "Not submitted"
    assert kenya[3] == "Missing"
    assert "Where every reporting country stands: Annual progress reports 2023" in text(response)


def test_cycle_status_shows_late_and_on_time_for_the_example_cycles(reviewer, example):
    # Exampleland's first example report was submitted 12 days after the deadline, the second 10 days before.
    first, second = sorted(Report.objects.filter(country=example), key=lambda r: r.cycle.year)
    late = table_rows(reviewer.get(reverse("pathfinders:reports"), {"cycle": first.cycle.year}), "cycle-status")
    on_time = table_rows(reviewer.get(reverse("pathfinders:reports"), {"cycle": second.cycle.year}), "cycle-status")
    assert row_for(late, "Exampleland")[1:2] == ["Published"]
    assert row_for(late, "Exampleland")[3] == "Late"
    assert row_for(on_time, "Exampleland")[3] == "On time"


def test_cycle_status_defaults_to_latest_cycle_and_lists_cycles(reviewer, example, cast):
    open_cycle(cast.secretariat, 2026)
    page = text(reviewer.get(reverse("pathfinders:reports")))
    assert "Where every reporting country stands: Annual progress reports 2026" in page
    assert re.search(r'<option value="2026" selected>', page)
    assert '<option value="2025">' in page and '<option value="2024">' in page


@pytest.mark.parametrize(
    "submitted",
    [
        False,
        True,
    ],
    ids=["drafts", "submitted"],
)
def test_reports_index_query_count_does_not_grow_with_countries(reviewer, cast, alliance, submitted):
    cycle = open_cycle(cast.secretariat, 2023, deadline=datetime.date(2024, 4, 30))
    countries = list(Country.objects.real().exclude(pk=alliance.kenya.pk).order_by("pk")[:3])

    def add_reporting_country(country):
        give_roadmap(country, cast.secretariat)
        report = services.report_start(country=country, cycle=cycle, by=cast.secretariat)
        if submitted:  # as after the workflow: the row reads its submission time against the deadline
            Report.objects.filter(pk=report.pk).update(
                status=ReportStatus.SUBMITTED, submitted_at=datetime.datetime(2024, 5, 3, 9, tzinfo=datetime.UTC)
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = reviewer.get(reverse("pathfinders:reports"), {"cycle": cycle.year})
        assert response.status_code == 200
        return len(captured)

    add_reporting_country(countries[0])
    queries()  # the first request also records the reader's language and caches content types
    one = queries()
    add_reporting_country(countries[1])
    add_reporting_country(countries[2])
    three = queries()
    assert len(table_rows(reviewer.get(reverse("pathfinders:reports"), {"cycle": cycle.year}), "cycle-status")) == 4
    assert three == one


# ---- Filling in, saving, submitting ---------------------------------------------------------------------


def test_report_edit_shows_every_field_with_its_label(focal, kenya_cycle):
    report = start_report(focal, kenya_cycle)
    page = text(focal.get(reverse("pathfinders:report_edit", args=[report.pk])))
    for question in kenya_cycle.questions.all():
        assert f'name="answer-{question.pk}"' in page
    assert "Question 1</span> What progress was made this year on each priority of the roadmap?" in page
    assert 'name="indicator-8.7.1-a-value"' in page and 'name="indicator-INSP-year"' in page
    for action in report.roadmap.priorities.get().key_actions.all():
        assert f'<select id="action-{action.pk}-status" name="action-{action.pk}-status"' in page
        assert f'name="action-{action.pk}-note"' in page
    for label in ("Not started", "On track", "Delayed", "Completed", "Dropped"):
        assert f">{label}</option>" in page
    assert "(required)" in page
    assert reverse("pathfinders:report_autosave", args=[report.pk]) in page


def test_report_save_draft_keeps_values(focal, kenya_cycle):
    report = start_report(focal, kenya_cycle)
    question = kenya_cycle.questions.first()
    action = report.roadmap.priorities.get().key_actions.first()
    response = focal.post(
        reverse("pathfinders:report_edit", args=[report.pk]),
        {
            "indicator-VICT-value": "312",
            "indicator-VICT-year": "2025",
            "indicator-VICT-note": "Police records",
            f"answer-{question.pk}": "Inspections doubled in the tea sector.",
            f"action-{action.pk}-status": "delayed",
            f"action-{action.pk}-note": "Waiting for the budget",
        },
        follow=True,
    )
    page = text(response)
    assert "Draft saved" in page
    assert 'value="312"' in page and 'value="2025"' in page and 'value="Police records"' in page
    assert "Inspections doubled in the tea sector.</textarea>" in page
    assert '<option value="delayed" selected>Delayed</option>' in page
    assert 'value="Waiting for the budget"' in page
    saved = report.indicator_values.get()
    assert (saved.indicator.code, saved.value, saved.year) == ("VICT", "312", 2025)
    assert ReportActionStatus.objects.get(report=report).status == "delayed"


def test_report_save_draft_bad_year_shows_error_next_to_field_and_keeps_typing(focal, kenya_cycle):
    report = start_report(focal, kenya_cycle)
    question = kenya_cycle.questions.first()
    response = focal.post(
        reverse("pathfinders:report_edit", args=[report.pk]),
        {"indicator-VICT-value": "312", "indicator-VICT-year": "last year", f"answer-{question.pk}": "Typed text"},
    )
    assert response.status_code == 303  # a reload never posts the form again
    response = focal.get(response["Location"])
    page = text(response)
    message = "The year of “Victims of trafficking in persons identified” is not a year."
    assert f'<ul class="errorlist" id="indicator-VICT-errors"><li>{message}</li></ul>' in page
    assert f'<a href="#indicator-VICT-year">{message}</a>' in page
    assert 'value="last year"' in page and "Typed text</textarea>" in page
    assert not report.answers.exists()  # nothing is saved half-way


def test_report_submit_incomplete_names_each_missing_item(focal, kenya_cycle):
    report = start_report(focal, kenya_cycle)
    questions = list(kenya_cycle.questions.all())
    actions = list(report.roadmap.priorities.get().key_actions.all())
    response = focal.post(
        reverse("pathfinders:report_submit", args=[report.pk]), {f"answer-{questions[0].pk}": "Only this one."}
    )
    assert response.status_code == 303
    page = text(focal.get(response["Location"]))
    expected = {
        "indicator-8.7.1-a-value": "Section 1: give the value of at least one indicator.",
        **{
            f"answer-{q.pk}": f"Section 2, question {n} has no answer: “{q.text}”"
            for n, q in enumerate(questions, start=1)
            if n > 1
        },
        **{f"action-{a.pk}-status": f"Key action “{a.title}” has no status." for a in actions},
    }
    summary = page[page.index('id="error-summary"') : page.index("</div>", page.index('id="error-summary"'))]
    assert len(expected) == 7
    assert "The report was not submitted: 7 things to fix" in summary
    for target, message in expected.items():
        assert f'<a href="#{target}">{message}</a>' in summary
        assert f'id="{target}"' in page  # the link lands on the field
    # Each message also stands next to its field; the one answer typed is kept.
    assert (
        f'<ul class="errorlist" id="answer-{questions[1].pk}-errors"><li>{expected[f"answer-{questions[1].pk}"]}'
        in page
    )
    assert f'<ul class="errorlist" id="action-{actions[0].pk}-errors">' in page
    assert "Only this one.</textarea>" in page
    assert "Your answers are saved as a draft." in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.answers.get(question=questions[0]).text == "Only this one."


def test_report_submit_complete_is_submitted(focal, kenya_cycle, mailoutbox, cast, django_capture_on_commit_callbacks):
    cast.reviewer  # noqa: B018 -- the reviewer exists, so is told
    report = start_report(focal, kenya_cycle)
    submit = reverse("pathfinders:report_submit", args=[report.pk])
    # Complete: saved, then asked first; nothing is submitted until confirmed.
    response = focal.post(submit, complete_form(report), follow=True)
    assert response.redirect_chain[-1][0] == submit
    assert "Submit the report of Kenya for Annual progress reports 2026?" in text(response)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    with django_capture_on_commit_callbacks(execute=True):  # mail leaves once the submission is saved
        response = focal.post(submit, {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("pathfinders:report", args=[report.pk])
    page = text(response)
    assert "Report submitted to the Monitoring Working Group." in page
    assert "Submitted</span>" in page
    assert "Our answer to question 3." in page and "On track" in page and "11.2" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == cast.focal_point
    assert [m.to for m in mailoutbox] == [[cast.reviewer.email]]
    # Submitted: locked (not forbidden), and the page says so.
    locked = focal.get(reverse("pathfinders:report_edit", args=[report.pk]))
    assert locked.status_code == 200 and "is locked" in text(locked)
    assert focal.post(reverse("pathfinders:report_autosave", args=[report.pk]), {}).status_code == 409


def test_report_autosave_returns_time_and_saves(focal, kenya_cycle):
    report = start_report(focal, kenya_cycle)
    question = kenya_cycle.questions.first()
    response = focal.post(
        reverse("pathfinders:report_autosave", args=[report.pk]), {f"answer-{question.pk}": "Half a sentence"}
    )
    assert response.status_code == 200
    assert datetime.datetime.fromisoformat(response.json()["saved_at"])
    assert report.answers.get().text == "Half a sentence"


def test_report_autosave_bad_input_returns_errors_as_json(focal, kenya_cycle):
    report = start_report(focal, kenya_cycle)
    response = focal.post(
        reverse("pathfinders:report_autosave", args=[report.pk]),
        {"indicator-INSP-value": "40", "indicator-INSP-year": "1800"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "indicator_INSP": [
                "The year of “Labour inspections that covered child labour or forced labour” must be between 1990 "
                "and 2027."
            ]
        }
    }


def test_report_partial_post_leaves_other_answers_alone(focal, kenya_cycle):
    report = start_report(focal, kenya_cycle)
    first, second = list(kenya_cycle.questions.all())[:2]
    url = reverse("pathfinders:report_autosave", args=[report.pk])
    focal.post(url, {f"answer-{first.pk}": "First"})
    focal.post(url, {f"answer-{second.pk}": "Second"})
    assert sorted(report.answers.values_list("text", flat=True)) == ["First", "Second"]


# ---- Who may see and edit what --------------------------------------------------------------------------


def test_report_edit_of_example_country_is_forbidden_to_kenya_focal_point(focal, example):
    report = Report.objects.filter(country=example).first()
    assert focal.get(reverse("pathfinders:report_edit", args=[report.pk])).status_code == 403
    assert focal.post(reverse("pathfinders:report_submit", args=[report.pk]), {}).status_code == 403
    assert focal.post(reverse("pathfinders:report_autosave", args=[report.pk]), {}).status_code == 403


def test_report_draft_of_another_country_is_forbidden_to_kenya_focal_point(focal, cast, example):
    cycle = open_cycle(cast.secretariat, 2026, example=True)
    draft = services.report_start(country=example, cycle=cycle, by=cast.secretariat)
    # Another country's draft answers as an unknown number does: it is not told apart.
    assert focal.get(reverse("pathfinders:report", args=[draft.pk])).status_code == 404
    assert focal.get(reverse("pathfinders:report_edit", args=[draft.pk])).status_code == 404


def test_report_draft_is_forbidden_to_anonymous_and_outsider(client, cast, focal, kenya_cycle):
    report = start_report(focal, kenya_cycle)
    assert client.get(reverse("pathfinders:report", args=[report.pk])).status_code == 404
    assert client_for(cast.outsider).get(reverse("pathfinders:report", args=[report.pk])).status_code == 404
    assert client.get(reverse("pathfinders:report_edit", args=[report.pk])).status_code == 302  # sign in first


def test_report_published_example_is_public_and_marked_example(client, example):
    report = Report.objects.filter(country=example).order_by("-cycle__year").first()
    response = client.get(reverse("pathfinders:report", args=[report.pk]))
    assert response.status_code == 200
    page = text(response)
    assert '<span class="tag tag-inactive">Example</span> An invented example' in page
    assert "Published</span>" in page
    assert "Strengthen labour inspection in agriculture (example)" in page
    assert "Example answer to question 1" in page
    assert "10.8" in page
    assert "Start the review" not in page and "Edit the report" not in page
    assert f'href="{reverse("pathfinders:report_pdf", args=[report.pk])}"' in page


# ---- The review workflow ------------------------------------------------------------------------------


def test_report_review_workflow_to_publication(focal, reviewer, secretariat_client, kenya_cycle, mailoutbox):
    report = start_report(focal, kenya_cycle)
    submit_report(focal, report)
    review = reverse("pathfinders:report_review", args=[report.pk])
    page_url = reverse("pathfinders:report", args=[report.pk])

    assert "Start the review" in text(reviewer.get(page_url))
    response = reviewer.post(review, {"action": "start_review"}, follow=True)
    assert "The review has started." in text(response) and "Under review</span>" in text(response)

    # Returning asks first, on a page with the comments; they are required and shown next to the field.
    confirm_return = reverse("pathfinders:report_review_confirm", args=[report.pk, "return"])
    assert f'href="{confirm_return}"' in text(response)
    response = reviewer.post(review, {"action": "return", "comment": "  ", "confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == confirm_return
    assert '<ul class="errorlist" id="review-comment-errors"><li>Say what the country should change.</li>' in text(
        response
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW

    comment = "Please give the year of the survey for indicator 8.7.1."
    response = reviewer.post(review, {"action": "return", "comment": comment, "confirm": "yes"}, follow=True)
    assert "Returned with comments</span>" in text(response)

    # The focal point sees the comment on the list, the report and the form, and resubmits.
    assert "Continue the report" in text(focal.get(reverse("pathfinders:reports")))
    assert comment in text(focal.get(page_url))
    edit_page = text(focal.get(reverse("pathfinders:report_edit", args=[report.pk])))
    assert "Returned with comments" in edit_page and comment in edit_page
    response = submit_report(focal, report)
    assert "Submitted</span>" in text(response)

    # Accepting without the confirmation only asks.
    response = reviewer.post(review, {"action": "accept"})
    assert response["Location"] == reverse("pathfinders:report_review_confirm", args=[report.pk, "accept"])
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    response = reviewer.post(review, {"action": "accept", "confirm": "yes"}, follow=True)
    assert "The report is accepted." in text(response)
    assert "Publish the report" not in text(response)  # not the reviewer's step

    response = secretariat_client.post(review, {"action": "publish", "confirm": "yes"}, follow=True)
    assert "The report is published" in text(response)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.published_at is not None

    anonymous = Client()
    public = anonymous.get(page_url)
    assert public.status_code == 200
    assert "Our answer to question 5." in text(public) and "Published</span>" in text(public)


def test_report_publish_by_reviewer_is_forbidden(reviewer, example, cast):
    cycle = open_cycle(cast.secretariat, 2026, example=True)
    report = services.report_start(country=example, cycle=cycle, by=cast.secretariat)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)
    for data in ({"action": "publish"}, {"action": "publish", "confirm": "yes"}):
        response = reviewer.post(reverse("pathfinders:report_review", args=[report.pk]), data)
        assert response.status_code == 403
    confirm = reverse("pathfinders:report_review_confirm", args=[report.pk, "publish"])
    assert reviewer.get(confirm).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_report_review_by_focal_point_is_forbidden(focal, kenya_cycle):
    report = start_report(focal, kenya_cycle)
    submit_report(focal, report)
    for action in ("start_review", "return", "accept", "publish"):
        for confirm in ("", "yes"):
            response = focal.post(
                reverse("pathfinders:report_review", args=[report.pk]),
                {"action": action, "comment": "", "confirm": confirm},
            )
            assert response.status_code == 403, action
    assert "Start the review" not in text(focal.get(reverse("pathfinders:report", args=[report.pk])))


def test_report_review_step_out_of_order_shows_error(reviewer, focal, kenya_cycle):
    report = start_report(focal, kenya_cycle)
    submit_report(focal, report)
    reviewer.post(reverse("pathfinders:report_review", args=[report.pk]), {"action": "accept", "confirm": "yes"})
    response = reviewer.post(reverse("pathfinders:report_review", args=[report.pk]), {"action": "start_review"})
    assert response.status_code == 303
    response = reviewer.get(response["Location"])
    assert "A report that is “Accepted” cannot be moved to “Under review”." in text(response)


# ---- Evidence files -----------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(focal, report, name: str, content: bytes, **kwargs):
    return focal.post(
        reverse("pathfinders:report_evidence_add", args=[report.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
        **kwargs,
    )


def test_report_evidence_pdf_is_attached_and_served_to_readers_only(focal, cast, kenya_cycle, media):
    report = start_report(focal, kenya_cycle)
    response = upload(focal, report, "survey-2026.pdf", SMALL_PDF, follow=True)
    assert "“survey-2026.pdf” is attached." in text(response)
    evidence = report.evidence.get()
    link = reverse("pathfinders:report_evidence", args=[report.pk, evidence.pk])
    assert f'href="{link}"' in text(response)

    download = focal.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == SMALL_PDF
    assert 'filename="survey-2026.pdf"' in download["Content-Disposition"]
    assert client_for(cast.reviewer).get(link).status_code == 200
    assert client_for(cast.outsider).get(link).status_code == 404
    assert Client().get(link).status_code == 404


def test_report_evidence_exe_is_refused_with_message(focal, kenya_cycle, media):
    report = start_report(focal, kenya_cycle)
    response = upload(focal, report, "setup.exe", b"MZ\x90\x00 a program", follow=True)
    assert response.redirect_chain[-1][1] == 303
    assert (
        "“setup.exe” is not a PDF, an Office document or an image (PDF, DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS, PPT, "
        "PNG, JPEG, GIF, WebP)." in text(response)
    )
    assert not report.evidence.exists()


def test_report_evidence_pdf_that_is_not_a_pdf_is_refused_with_message(focal, kenya_cycle, media):
    report = start_report(focal, kenya_cycle)
    response = upload(focal, report, "minutes.pdf", b"<html>not a pdf</html>", follow=True)
    assert response.redirect_chain[-1][1] == 303
    page = text(response)
    message = "“minutes.pdf” does not look like a PDF file: its content does not match its name."
    assert f'<ul class="errorlist" id="evidence-file-errors"><li>{message}</li></ul>' in page
    assert f'<a href="#evidence-file">{message}</a>' in page
    assert not report.evidence.exists()


def test_report_evidence_too_large_is_refused_with_message(focal, kenya_cycle, media, settings):
    settings.UPLOAD_MAX_BYTES = 1_000_000
    report = start_report(focal, kenya_cycle)
    response = upload(focal, report, "scan.pdf", SMALL_PDF + b"0" * 1_500_000, follow=True)
    assert response.redirect_chain[-1][1] == 303
    assert "“scan.pdf” is 1.5 MB; the limit is 1 MB." in text(response)
    assert not report.evidence.exists()


def test_report_evidence_without_file_asks_for_one(focal, kenya_cycle, media):
    report = start_report(focal, kenya_cycle)
    response = focal.post(reverse("pathfinders:report_evidence_add", args=[report.pk]), {}, follow=True)
    assert response.redirect_chain[-1][1] == 303
    assert "Choose a file to upload." in text(response)


def test_report_evidence_of_other_report_is_not_found(focal, cast, kenya_cycle, media, example):
    report = start_report(focal, kenya_cycle)
    upload(focal, report, "survey.pdf", SMALL_PDF)
    evidence = report.evidence.get()
    published = Report.objects.filter(country=example).first()
    link = reverse("pathfinders:report_evidence", args=[published.pk, evidence.pk])
    assert Client().get(link).status_code == 404
