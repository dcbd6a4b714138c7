"""The Accountability Framework pages: the overview matrix (what the public and reviewers see, filters,
query counts) and the assessment page (suggestions beside judgements, errors, who may publish)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance87.network.models import Country
from alliance87.pathfinders import services
from alliance87.pathfinders.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    CriterionResult,
    PendingJudgement,
    ReportCycle,
)

FRAMEWORK = "/framework/"
EXAMPLELAND = "Exampleland (example country)"
TODAY = datetime.date(2026, 11, 24)


class _MatrixParser(HTMLParser):
    """The rows of the matrix table (``table.matrix``): each a list of its cells' visible text."""

    def __init__(self):
        super().__init__()
        self.rows, self.header = [], []
        self._in_table = self._in_thead = False
        self._row = self._cell = None
        self._hidden_depth = 0
        self.row_links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "matrix" in (attrs.get("class") or ""):
            self._in_table = True
        if not self._in_table:
            return
        if tag == "thead":
            self._in_thead = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a" and self._row is not None and not self._row and self._cell is not None:
            self.row_links.append(attrs.get("href"))
        if tag == "span" and "visually-hidden" in (attrs.get("class") or ""):
            self._hidden_depth = 1
        elif tag == "span" and self._hidden_depth:
            self._hidden_depth += 1

    def handle_endtag(self, tag):
        if not self._in_table:
            return
        if tag == "span" and self._hidden_depth:
            self._hidden_depth -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (self.header if self._in_thead else self.rows).append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_thead = False
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data):
        if self._cell is not None and not self._hidden_depth:
            self._cell.append(data)


def matrix(response) -> dict[str, list[str]]:
    """Country name → [assessment status, AF1 cell, AF2 cell, ...], from the page as a user sees it."""
    assert response.status_code == 200
    parser = _MatrixParser()
    parser.feed(response.content.decode())
    result = {}
    for row in parser.rows:
        name = row[0]
        for country in Country.objects.all():
            if name.startswith(country.name):
                result[country.name] = row[1:]
                break
    return result


def text(response) -> str:
    return response.content.decode()


def login(client, user):
    client.force_login(user)
    return client


def cycle(year: int) -> ReportCycle:
    return ReportCycle.objects.get(year=year)


def criterion(code: str) -> Criterion:
    return Criterion.objects.get(version__is_current=True, code=code)


# ---- The overview ---------------------------------------------------------------------------------


def test_framework_page_shows_where_the_criteria_come_from_and_the_criteria(client, example):
    page = text(client.get(FRAMEWORK))
    assert "Pathfinder Country Accountability Framework (default criteria)" in page
    assert "These criteria are drawn from the Alliance’s published commitments" in page
    assert 'Roadmap adopted and current <span class="muted">(AF1)</span>' in page
    assert "AF5" in page and "Relevant ILO conventions ratified or in progress" in page
    assert "The platform, from the data" in page and "A reviewer" in page


def test_framework_matrix_example_row_defaults_to_latest_cycle(client, example):
    response = client.get(FRAMEWORK)
    assert "Where each country stands, 2025 cycle" in text(response)
    rows = matrix(response)
    # Platform-judged criteria carry the suggestion; reviewer-judged ones the reviewer's judgement.
    assert rows[EXAMPLELAND] == [
        "Published",
        "Met (suggested)",
        "Met (suggested)",
        "Met (suggested)",
        "Met",
        "Partly met",
        "Met",
    ]


def test_framework_matrix_row_header_links_country_with_stage_and_example_tag(client, example):
    response = client.get(FRAMEWORK)
    parser = _MatrixParser()
    parser.feed(text(response))
    header = next(row[0] for row in parser.rows if row[0].startswith(EXAMPLELAND))
    assert header == f"{EXAMPLELAND} Example Reporting annually"
    assert "/countries/xe/" in parser.row_links
    kenya = next(row for row in parser.rows if row[0].startswith("Kenya"))
    assert kenya[0] == "Kenya Pathfinder status granted by the Global Coordinating Group"
    assert kenya[1:] == ["Not assessed"] + ["—"] * 6


def test_framework_matrix_has_caption_scopes_and_scrollable_region(client, example):
    page = text(client.get(FRAMEWORK))
    assert '<caption id="matrix-caption">' in page
    assert 'role="region" aria-labelledby="matrix-caption" tabindex="0"' in page
    assert '<th scope="row">' in page and '<th scope="col" class="criterion-col">' in page
    assert "Scroll sideways to see every criterion." in page


def test_framework_matrix_cycle_parameter_selects_cycle(client, example):
    response = client.get(FRAMEWORK, {"cycle": "2024"})
    assert "Where each country stands, 2024 cycle" in text(response)
    assert matrix(response)[EXAMPLELAND][2] == "Partly met (suggested)"  # AF2: the 2024 report was late


def test_framework_matrix_unknown_cycle_falls_back_to_latest_with_message(client, example):
    response = client.get(FRAMEWORK, {"cycle": "1999"})
    page = text(response)
    assert "A filter was not understood and is ignored" in page
    assert "Where each country stands, 2025 cycle" in page


def test_framework_matrix_region_filter_changes_rows(client, example, alliance):
    everyone = matrix(client.get(FRAMEWORK))
    assert EXAMPLELAND in everyone and "Mexico" in everyone and "Kenya" in everyone
    latin_america = matrix(client.get(FRAMEWORK, {"region": "lac"}))  # an SDG region
    assert "Mexico" in latin_america and EXAMPLELAND not in latin_america and "Kenya" not in latin_america
    africa = matrix(client.get(FRAMEWORK, {"region": "africa"}))  # an ILO region
    assert EXAMPLELAND in africa and "Kenya" in africa and "Mexico" not in africa
    assert "Clear filters" in text(client.get(FRAMEWORK, {"region": "africa"}))


def test_framework_matrix_stage_filter_changes_rows(client, example):
    reporting = matrix(client.get(FRAMEWORK, {"stage": "reporting"}))
    assert list(reporting) == [EXAMPLELAND]
    granted = matrix(client.get(FRAMEWORK, {"stage": "status_granted"}))
    assert EXAMPLELAND not in granted and "Kenya" in granted
    nobody = client.get(FRAMEWORK, {"stage": "mapping"})
    assert matrix(nobody) == {} and "No country matches these filters." in text(nobody)


def test_framework_filter_form_works_without_javascript(client, example):
    page = text(client.get(FRAMEWORK))
    assert re.search(r'<form method="get" action="/framework/" class="filters"', page)
    assert '<select name="region"' in page and '<optgroup label="SDG regions">' in page
    assert '<optgroup label="ILO regions">' in page and '<select name="stage"' in page


def test_framework_anonymous_sees_only_published_assessments(client, example, cast):
    draft = services.assessment_prepare(country=cast.alliance.kenya, cycle=cycle(2025), by=cast.reviewer)
    services.assessment_judge(
        assessment=draft, criterion=criterion("AF4"), by=cast.reviewer, judgement="met", evidence="A meeting record."
    )
    anonymous = matrix(client.get(FRAMEWORK))
    assert anonymous["Kenya"] == ["Not assessed"] + ["—"] * 6
    assert anonymous[EXAMPLELAND][0] == "Published"

    reviewer = matrix(login(client, cast.reviewer).get(FRAMEWORK))
    assert reviewer["Kenya"][0] == "Draft Open"
    assert reviewer["Kenya"][1] == "Not met (suggested)"  # AF1: Kenya has no roadmap recorded
    assert reviewer["Kenya"][4] == "Met"  # AF4, the reviewer's judgement


def test_framework_reviewer_sees_assess_links_and_cycle_exports(client, example, cast):
    page = text(login(client, cast.reviewer).get(FRAMEWORK))
    assert 'href="/framework/ke/2025/"' in page and 'href="/framework/xe/2025/"' in page
    assert 'href="/reports/cycle/2025/reports.xlsx"' in page
    assert "You see draft assessments too" in page


def test_framework_public_sees_no_assess_links_nor_exports(client, example):
    page = text(client.get(FRAMEWORK))
    assert "/framework/xe/2025/" not in page and "reports.xlsx" not in page


def test_framework_page_without_cycles_says_so(client, alliance):
    services.framework_default_create()
    page = text(client.get(FRAMEWORK))
    assert "No reporting cycle is recorded yet" in page
    assert "AF1" in page


def test_framework_page_queries_do_not_grow_with_countries(client, example, cast):
    """1 vs 3 assessed countries in the rows: the same number of queries."""
    by_loader = Assessment.objects.get(country__code="XE", cycle__year=2025).assessed_by

    def add_country(code: str) -> None:
        country, _ = Country.objects.get_or_create(code=code, defaults={"sdg_region": "ena"})
        services.milestone_record(country=country, stage="mapping", date=datetime.date(2023, 1, 1), by=by_loader)
        assessment = services.assessment_prepare(country=country, cycle=cycle(2025), by=by_loader)
        for code_ in ("AF4", "AF5", "AF6"):
            services.assessment_judge(
                assessment=assessment, criterion=criterion(code_), by=by_loader, judgement="not_assessable"
            )
        services.assessment_publish(assessment=assessment, by=by_loader)

    def queries() -> tuple[int, int]:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(FRAMEWORK, {"stage": "mapping"})
        return len(captured), len(matrix(response))

    add_country("IS")
    one = queries()
    add_country("NO")
    add_country("FI")
    three = queries()
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]


# ---- The platform's suggestion ---------------------------------------------------------------------


def test_suggestion_report_on_time_partly_for_late_2024_met_for_2025(client, example, cast):
    af2 = criterion("AF2")
    assert services.suggest(criterion=af2, country=example, cycle=cycle(2024), today=TODAY) == "partly"
    assert services.suggest(criterion=af2, country=example, cycle=cycle(2025), today=TODAY) == "met"

    login(client, cast.reviewer)
    for year, value, label in ((2024, "partly", "Partly met"), (2025, "met", "Met")):
        section = af_section(text(client.get(f"/framework/xe/{year}/")), "AF2")
        assert f'Platform’s suggestion:</strong><br><span class="judgement judgement-{value}">{label}<' in section


# ---- Assessment editing ---------------------------------------------------------------------------


def af_section(page: str, code: str) -> str:
    return page.split(f'id="criterion-{code}"', 1)[1].split("</section>", 1)[0]


def test_assessment_page_shows_suggestions_before_assessment_is_opened(client, example, cast):
    assert not Assessment.objects.filter(country=cast.alliance.kenya).exists()
    page = text(login(client, cast.reviewer).get("/framework/ke/2025/"))
    assert not Assessment.objects.filter(country=cast.alliance.kenya).exists()  # a GET opens nothing
    assert "Assessment of Kenya, 2025 cycle" in page
    assert "Not opened yet: your first judgement opens it as a draft" in page
    assert 'Platform’s suggestion:</strong><br><span class="judgement judgement-not_met">Not met<' in af_section(
        page, "AF1"
    )
    assert "No report has been started for this cycle yet" in page and 'href="/reports/"' in page
    assert "No suggestion: a reviewer judges this criterion." in af_section(page, "AF4")
    assert '<select name="AF4-judgement"' in page and '<textarea name="AF4-evidence"' in page
    assert "Publish assessment" not in page  # the reviewer does not publish


def test_assessment_reviewer_judging_without_evidence_shows_error_next_to_field(client, example, cast):
    login(client, cast.reviewer)
    client.get("/framework/ke/2025/")
    response = client.post(
        "/framework/ke/2025/", {"criterion": "AF4", "AF4-judgement": "met", "AF4-evidence": "", "AF4-comment": ""}
    )
    assert response.status_code == 400
    section = af_section(text(response), "AF4")
    error = section.index("Give the evidence or a comment for this judgement.")
    assert section.index("AF4-evidence") < error < section.index('<textarea name="AF4-evidence"')
    result = CriterionResult.objects.get(assessment__country=cast.alliance.kenya, criterion__code="AF4")
    assert result.judgement == ""  # nothing saved


def test_assessment_reviewer_judges_with_evidence(client, example, cast):
    login(client, cast.reviewer)
    response = client.post(
        "/framework/ke/2025/",
        {"criterion": "AF5", "AF5-judgement": "partly", "AF5-evidence": "C138 and C182 ratified.", "AF5-comment": ""},
    )
    assert response.status_code == 302 and response["Location"].endswith("/framework/ke/2025/#criterion-AF5")
    page = text(client.get("/framework/ke/2025/"))
    assert "The judgement of AF5 is saved." in page
    assert 'class="judgement judgement-partly">Partly met<' in af_section(page, "AF5")
    assert "C138 and C182 ratified." in af_section(page, "AF5")


def test_assessment_secretariat_publish_lists_unjudged_criteria(secretariat_client, example, cast):
    response = secretariat_client.post("/framework/ke/2025/", {"action": "publish"})
    assert response.status_code == 400
    assert "Judge these criteria first: AF4, AF5, AF6." in text(response)
    # A publish that fails opens nothing: the first judgement saved does.
    assert not Assessment.objects.filter(country=cast.alliance.kenya).exists()


def test_assessment_secretariat_publishes(secretariat_client, example, cast):
    page = text(secretariat_client.get("/framework/ke/2025/"))
    assert "Publish assessment" in page
    for code in ("AF4", "AF5", "AF6"):
        secretariat_client.post(
            "/framework/ke/2025/",
            {"criterion": code, f"{code}-judgement": "not_met", f"{code}-comment": "Nothing reported yet."},
        )
    response = secretariat_client.post("/framework/ke/2025/", {"action": "publish"})
    assert response.status_code == 302
    assert Assessment.objects.get(country=cast.alliance.kenya).status == AssessmentStatus.PUBLISHED
    page = text(secretariat_client.get("/framework/ke/2025/"))
    assert "The assessment is published." in page and "This assessment is published" in page
    assert "Publish assessment" not in page
    anonymous = matrix(Client().get(FRAMEWORK))
    assert anonymous["Kenya"][0] == "Published" and anonymous["Kenya"][4] == "Not met"


def test_assessment_reviewer_cannot_publish(client, example, cast):
    login(client, cast.reviewer)
    draft = services.assessment_prepare(country=cast.alliance.kenya, cycle=cycle(2025), by=cast.reviewer)
    for code in ("AF4", "AF5", "AF6"):
        services.assessment_judge(
            assessment=draft, criterion=criterion(code), by=cast.reviewer, judgement="not_assessable"
        )
    response = client.post("/framework/ke/2025/", {"action": "publish"})
    assert response.status_code == 403
    assert Assessment.objects.get(pk=draft.pk).status == AssessmentStatus.DRAFT


@pytest.mark.parametrize("role", ["partner_editor", "focal_point", "outsider", "group_lead"])
def test_assessment_page_forbidden_without_assess_permission(client, example, cast, role):
    response = login(client, getattr(cast, role)).get("/framework/xe/2025/")
    assert response.status_code == 403
    assert "Not allowed" in text(response)
    assert client.post("/framework/xe/2025/", {"action": "publish"}).status_code == 403


def test_assessment_page_anonymous_is_sent_to_sign_in(client, example):
    response = client.get("/framework/xe/2025/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_assessment_page_unknown_country_or_cycle_is_404(client, example, cast):
    login(client, cast.reviewer)
    assert client.get("/framework/zz/2025/").status_code == 404
    assert client.get("/framework/xe/1999/").status_code == 404


def test_assessment_page_unknown_criterion_is_bad_request(client, example, cast):
    response = login(client, cast.reviewer).post("/framework/xe/2025/", {"criterion": "AF99"})
    assert response.status_code == 400


def test_framework_page_in_french(client, example):
    response = client.get("/fr/framework/")
    assert response.status_code == 200
    assert '<html lang="fr"' in text(response)


# ---- A published assessment changes only when the secretariat publishes ----------------------------

EXAMPLE_AF5 = {
    "criterion": "AF5",
    "AF5-judgement": "not_met",
    "AF5-evidence": "No ratification found.",
    "AF5-comment": "",
}


def public_af5() -> tuple[str, str]:
    """Exampleland's AF5 in 2025 as the public reads it: the Framework page's cell and the API."""
    cell = matrix(Client().get(FRAMEWORK, {"cycle": 2025}))[EXAMPLELAND][5]
    api = Client().get("/api/assessments", {"cycle": 2025, "country": "XE"}).json()["items"][0]["results"]
    return cell, next(r for r in api if r["criterion"] == "AF5")["effective"]


def test_assessment_reviewer_change_to_published_waits_for_secretariat(
    client, example, cast, django_capture_on_commit_callbacks, mailoutbox
):
    assert cast.secretariat  # the one to be told
    assert public_af5() == ("Partly met", "partly")
    login(client, cast.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/framework/xe/2025/", EXAMPLE_AF5)
    assert response.status_code == 302
    page = text(client.get("/framework/xe/2025/"))
    assert "Your change waits for the secretariat to publish it." in page
    section = af_section(page, "AF5")
    assert 'Waiting for publication:</strong><br><span class="judgement judgement-not_met">Not met<' in section
    assert "changed by reviewer on " in section
    assert "1 change waits" not in page and "A change waits for the secretariat to publish it." in page
    assert public_af5() == ("Partly met", "partly")  # the public still sees the published judgement
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["secretariat@example.org"],
            "Changes to a published assessment wait for you: Exampleland (example country), 2025",
        )
    ]
    assert "/framework/xe/2025/" in mailoutbox[0].body


def test_assessment_reviewer_second_change_sends_no_second_email(
    client, example, cast, django_capture_on_commit_callbacks, mailoutbox
):
    assert cast.secretariat
    login(client, cast.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/framework/xe/2025/", EXAMPLE_AF5)
        client.post(
            "/framework/xe/2025/",
            {"criterion": "AF6", "AF6-judgement": "not_met", "AF6-evidence": "", "AF6-comment": "Nothing acted on."},
        )
    assert len(mailoutbox) == 1
    assert "2 changes wait for the secretariat to publish them." in text(client.get("/framework/xe/2025/"))


def test_assessment_reviewer_cannot_publish_own_change(client, example, cast):
    login(client, cast.reviewer)
    client.post("/framework/xe/2025/", EXAMPLE_AF5)
    page = text(client.get("/framework/xe/2025/"))
    assert "Publish the changes" not in page and "Turn down the changes" not in page
    assert client.post("/framework/xe/2025/", {"action": "publish"}).status_code == 403
    assert client.post("/framework/xe/2025/", {"action": "discard"}).status_code == 403
    assert public_af5() == ("Partly met", "partly")
    assert PendingJudgement.objects.count() == 1


def test_assessment_secretariat_publishes_waiting_change(secretariat_client, example, cast):
    login(Client(), cast.reviewer).post("/framework/xe/2025/", EXAMPLE_AF5)
    page = text(secretariat_client.get("/framework/xe/2025/"))
    assert "Publish the changes" in page and "Turn down the changes" in page
    response = secretariat_client.post("/framework/xe/2025/", {"action": "publish"})
    assert response.status_code == 302
    assert public_af5() == ("Not met", "not_met")
    assert not PendingJudgement.objects.exists()
    result = CriterionResult.objects.get(
        assessment__country__code="XE", assessment__cycle__year=2025, criterion__code="AF5"
    )
    assert result.evidence == "No ratification found."
    assert result.history.latest().history_user == cast.secretariat


def test_assessment_secretariat_turns_down_waiting_change(secretariat_client, example, cast):
    login(Client(), cast.reviewer).post("/framework/xe/2025/", EXAMPLE_AF5)
    response = secretariat_client.post("/framework/xe/2025/", {"action": "discard"}, follow=True)
    assert "The changes are turned down: the published judgements stay." in text(response)
    assert public_af5() == ("Partly met", "partly")
    assert not PendingJudgement.objects.exists()


def test_assessment_secretariat_change_to_published_waits_for_publish(secretariat_client, example):
    response = secretariat_client.post("/framework/xe/2025/", EXAMPLE_AF5, follow=True)
    assert "Your change to AF5 is saved but not public yet" in text(response)
    assert public_af5() == ("Partly met", "partly")


def test_assessment_reviewer_change_back_to_published_withdraws_waiting_one(client, example, cast):
    login(client, cast.reviewer).post("/framework/xe/2025/", EXAMPLE_AF5)
    published = CriterionResult.objects.get(
        assessment__country__code="XE", assessment__cycle__year=2025, criterion__code="AF5"
    )
    response = client.post(
        "/framework/xe/2025/",
        {"criterion": "AF5", "AF5-judgement": "partly", "AF5-evidence": published.evidence, "AF5-comment": ""},
        follow=True,
    )
    assert "The judgement of AF5 is the published one: no change waits." in text(response)
    assert not PendingJudgement.objects.exists()


def _counts() -> tuple[int, ...]:
    return (
        Assessment.objects.count(),
        Assessment.history.count(),
        CriterionResult.objects.count(),
        CriterionResult.history.count(),
        PendingJudgement.objects.count(),
        PendingJudgement.history.count(),
    )


@pytest.mark.parametrize("who", ["reviewer", "secretariat"])
def test_assessment_page_get_creates_and_changes_nothing(client, secretariat_client, example, cast, who):
    """Neither a country not yet assessed nor a published assessment whose data moved on is written by a GET."""
    user_client = secretariat_client if who == "secretariat" else login(Client(), cast.reviewer)
    stale = CriterionResult.objects.filter(
        assessment__country__code="XE", assessment__cycle__year=2025, criterion__code="AF1"
    )
    stale.update(suggestion="not_assessable")  # as if the data changed after publication
    before = _counts()
    for address in ("/framework/ke/2025/", "/framework/xe/2025/", "/framework/xe/2024/"):
        assert user_client.get(address).status_code == 200
    assert _counts() == before
    assert not Assessment.objects.filter(country=cast.alliance.kenya).exists()
    assert stale.get().suggestion == "not_assessable"
    page = text(user_client.get("/framework/xe/2025/"))
    assert "The data now suggests: Met. The published suggestion changes when the secretariat publishes again." in (
        af_section(page, "AF1")
    )


def test_assessment_first_judgement_opens_draft(client, example, cast):
    login(client, cast.reviewer).post(
        "/framework/ke/2025/",
        {"criterion": "AF4", "AF4-judgement": "met", "AF4-evidence": "Minutes of the steering committee."},
    )
    assessment = Assessment.objects.get(country=cast.alliance.kenya, cycle__year=2025)
    assert assessment.status == AssessmentStatus.DRAFT and assessment.assessed_by == cast.reviewer
    assert assessment.results.get(criterion__code="AF1").suggestion == "not_met"
    assert "Draft: only reviewers and the secretariat see it" in text(client.get("/framework/ke/2025/"))
