"""The team reads a consultation's answers: the answers page with its filters, the summary of each
question (counts, shares, chart and table, mean places, quotes), the CSV/XLSX exports; who gets in, and
that a possible disclosure's text reaches no one but those who safeguard, and never a download."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from alliance87.engagement import services
from alliance87.testing import make_user

from .making import make_consultation

DISCLOSURE = "They took my passport and I cannot leave"


@pytest.fixture
def consultation(cast):
    """The three questions of ``make_consultation`` with a yes/no, a multiple choice and a ranking."""
    by = cast.secretariat
    consultation = make_consultation(by, open_it=False, languages=("en", "fr", "es", "ar"))
    services.question_add(by=by, consultation=consultation, kind="yes_no", label="Is there a plan?", name="plan")
    tools = services.question_add(
        by=by, consultation=consultation, kind="multiple", label="Which tools help?", name="tools"
    )
    order = services.question_add(by=by, consultation=consultation, kind="ranking", label="Rank these", name="order")
    for question in (tools, order):
        for value in ("law", "data", "money"):
            services.choice_add(
                by=by,
                question=question,
                label=value.title(),
                value=value,
                translations={"fr": {"label": f"{value}-fr"}},
            )
    services.consultation_open(by=by, consultation=consultation)
    return consultation


def answer(consultation, by, *, language="en", group="civil_society", region="africa", quote=True, **values):
    """One submitted response, through an invitation's link as a person would."""
    address = f"p{consultation.responses.count()}@example.org"
    [done] = services.invite(by=by, consultation=consultation, addresses=[(address, language)])
    token = done.link.rstrip("/").rsplit("/", 1)[1]
    return services.response_save(
        consultation=consultation,
        token=token,
        version=None,
        values=values,
        profile={"stakeholder_group": group, "region": region, "consent_quote": quote},
        language=language,
        submit=True,
    )


@pytest.fixture
def answered(consultation, cast):
    by = cast.secretariat
    answer(
        consultation,
        by,
        first="Fund labour inspection",
        area="data",
        urgency="5",
        plan="yes",
        tools=["law", "data"],
        order=["data", "law", "money"],
    )
    answer(
        consultation,
        by,
        language="fr",
        group="government",
        region="europe_central_asia",
        first="Financer l’inspection du travail",
        area="finance",
        urgency="3",
        plan="no",
        tools=["data"],
        order=["law", "money", "data"],
    )
    answer(consultation, by, language="ar", region="arab_states", first="حماية العمال المهاجرين", area="data")
    answer(consultation, by, first=DISCLOSURE, area="data", quote=True)
    answer(consultation, by, first='=HYPERLINK("http://x")', quote=False)
    return consultation


def _page(client, name, consultation, **query):
    return client.get(reverse(f"engagement:{name}", args=[consultation.slug]), query)


# --- Who gets in -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "partner_editor", "safeguarding", "reviewer"])
@pytest.mark.parametrize("name", ["answers", "summary", "answers_csv", "answers_xlsx"])
def test_only_the_team_reads_the_answers(client, cast, answered, who, name):
    client.force_login(getattr(cast, who))
    assert _page(client, name, answered).status_code == 403


def test_signed_out_readers_are_sent_to_sign_in(client, answered):
    assert _page(client, "summary", answered).status_code == 302


def test_a_team_member_reads_every_view_of_the_answers(client, answered):
    member = make_user("analyst@example.org")
    answered.team.add(member)
    client.force_login(member)
    for name in ("answers", "summary", "answers_csv", "answers_xlsx"):
        assert _page(client, name, answered).status_code == 200


# --- The answers page --------------------------------------------------------------------------------


def test_answers_are_marked_with_their_language_and_consent(secretariat_client, answered):
    html = _page(secretariat_client, "answers", answered).content.decode()
    assert "5 responses submitted" in html
    assert '<dd lang="fr" dir="auto">Financer l’inspection du travail</dd>' in html
    assert '<dd lang="ar" dir="auto">حماية العمال المهاجرين</dd>' in html
    assert "may be quoted" in html and "not to be quoted" in html
    assert "Law, Data" in html  # choices by their label
    assert "1. Data › 2. Law › 3. Money" in html


def test_a_possible_disclosure_is_withheld_from_the_team_and_shown_to_safeguarding(secretariat_client, answered):
    # The secretariat safeguards (with the focal point): it reads the text, marked never to be quoted.
    html = _page(secretariat_client, "answers", answered).content.decode()
    assert DISCLOSURE in html and "safeguarding: never quoted" in html
    member = make_user("analyst@example.org")
    answered.team.add(member)
    secretariat_client.force_login(member)
    html = _page(secretariat_client, "answers", answered).content.decode()
    assert DISCLOSURE not in html
    assert "withheld: possible disclosure" in html


def test_the_filters_narrow_the_answers(secretariat_client, answered):
    html = _page(secretariat_client, "answers", answered, language="fr").content.decode()
    assert "1 response matches these filters" in html
    assert "Financer" in html and "Fund labour" not in html
    html = _page(secretariat_client, "answers", answered, region="arab_states").content.decode()
    assert "حماية" in html and "Financer" not in html
    html = _page(secretariat_client, "answers", answered, stakeholder_group="government").content.decode()
    assert "Financer" in html and "حماية" not in html
    html = _page(secretariat_client, "answers", answered, question="tools").content.decode()
    assert "2 responses match these filters" in html
    assert "Which tools help?" in html and "Fund labour" not in html


def test_a_filter_outside_the_consultation_says_so(secretariat_client, answered):
    page = _page(secretariat_client, "answers", answered, language="de", region="atlantis")
    assert page.status_code == 400
    html = page.content.decode()
    assert html.count("This choice is not one of the consultation’s") == 2
    assert "5 responses submitted" in html


def test_answers_are_paginated(secretariat_client, cast, consultation):
    for n in range(27):
        answer(consultation, cast.secretariat, first=f"Answer number {n}")
    html = _page(secretariat_client, "answers", consultation, region="africa").content.decode()
    assert "Page 1 of 2" in html and "region=africa&amp;page=2" in html
    assert "Answer number 26" in html and "Answer number 0<" not in html
    html = _page(secretariat_client, "answers", consultation, page=2).content.decode()
    assert "Answer number 0<" in html


def test_the_answers_pages_take_the_same_queries_with_more_answers(secretariat_client, cast, answered):
    counts = {}
    _page(secretariat_client, "answers", answered)  # what the first request of a session reads once
    for round_ in (1, 2):
        for name in ("answers", "summary"):
            with CaptureQueriesContext(connection) as queries:
                assert _page(secretariat_client, name, answered).status_code == 200
            counts[round_, name] = len(queries)
        for n in range(12):
            answer(answered, cast.secretariat, first=f"More {n}", area="finance", tools=["money"], order=["money"])
    assert counts[1, "answers"] == counts[2, "answers"]
    assert counts[1, "summary"] == counts[2, "summary"]


# --- Summaries ---------------------------------------------------------------------------------------


def _section(html: str, name: str) -> str:
    start = html.index(f'id="summary-{name}"')
    return html[start : html.find("</section>", start)]


def test_choices_are_counted_with_a_chart_and_a_table(secretariat_client, answered):
    html = _page(secretariat_client, "summary", answered).content.decode()
    assert "5 responses submitted." in html
    area = _section(html, "area")
    assert "4 answered" in area
    # Data: 3 of 4 (75%), Finance: 1 of 4 (25%); the chart's bars are SVG, its table beside it.
    assert '<rect class="cx-bar-fill" width="75" height="1"/>' in area
    assert '<th scope="row">Data</th><td class="num">3</td><td class="num">75.0%</td>' in area
    assert '<th scope="row">Finance</th><td class="num">1</td><td class="num">25.0%</td>' in area
    tools = _section(html, "tools")
    assert "more than 100%" in tools
    assert '<th scope="row">Data</th><td class="num">2</td><td class="num">100.0%</td>' in tools
    plan = _section(html, "plan")
    assert '<th scope="row">Yes</th><td class="num">1</td><td class="num">50.0%</td>' in plan
    urgency = _section(html, "urgency")
    assert "mean 4.0 (from 1 to 5)" in urgency
    assert '<th scope="row">5</th><td class="num">1</td>' in urgency


def test_a_ranking_shows_each_choices_mean_place_best_first(secretariat_client, answered):
    order = _section(_page(secretariat_client, "summary", answered).content.decode(), "order")
    rows = order.split('<th scope="row">')[1:]
    assert [r.split("<")[0] for r in rows] == ["Law", "Data", "Money"]
    assert '<td class="num">1.5</td><td class="num">2</td>' in rows[0]
    assert '<td class="num">2.5</td>' in rows[2]


def test_text_questions_show_recent_quotable_answers_only(secretariat_client, answered):
    first = _section(_page(secretariat_client, "summary", answered).content.decode(), "first")
    assert "5 answered" in first
    assert '<blockquote class="cx-quote" lang="ar" dir="auto">حماية العمال المهاجرين</blockquote>' in first
    assert DISCLOSURE not in first  # agreed to be quoted, but a possible disclosure is never quoted
    assert "HYPERLINK" not in first  # did not agree to be quoted
    assert first.count("<blockquote") == 3  # the three most recent of those that may be quoted


def test_summaries_follow_the_filters_and_the_page_language(secretariat_client, answered):
    html = secretariat_client.get(
        "/fr" + reverse("engagement:summary", args=[answered.slug]), {"language": "fr"}
    ).content.decode()
    area = _section(html, "area")
    assert "Financement" in area and "100,0" in area  # the French label, the French number format
    assert '<rect class="cx-bar-fill" width="100" height="1"/>' in area
    html = _page(secretariat_client, "summary", answered, question="plan").content.decode()
    assert 'id="summary-plan"' in html and 'id="summary-area"' not in html


# --- Exports -----------------------------------------------------------------------------------------


def test_the_csv_has_a_row_per_response_and_a_column_per_question(secretariat_client, answered):
    page = _page(secretariat_client, "answers_csv", answered)
    assert page["Content-Disposition"] == f'attachment; filename="{answered.slug}-answers.csv"'
    rows = list(csv.DictReader(io.StringIO(page.content.decode("utf-8-sig"))))
    assert len(rows) == 5
    assert list(rows[0])[-6:] == ["first", "area", "urgency", "plan", "tools", "order"]
    fund = next(r for r in rows if r["first"] == "Fund labour inspection")
    assert (fund["area"], fund["urgency"], fund["plan"], fund["tools"], fund["order"]) == (
        "data",
        "5",
        "yes",
        "law data",
        "data law money",
    )
    assert fund["language"] == "en" and fund["stakeholder_group"] == "civil_society" and fund["consent_quote"] == "yes"
    texts = [r["first"] for r in rows]
    assert DISCLOSURE not in texts and "withheld: possible disclosure" in texts
    assert '\'=HYPERLINK("http://x")' in texts  # a formula is neutralised


def test_the_xlsx_follows_the_filters(secretariat_client, answered):
    page = _page(secretariat_client, "answers_xlsx", answered, question="first", language="fr")
    sheet = load_workbook(io.BytesIO(page.content)).active
    rows = list(sheet.values)
    assert rows[0][-1] == "first" and "area" not in rows[0]
    assert [r[-1] for r in rows[1:]] == ["Financer l’inspection du travail"]
    everything = load_workbook(io.BytesIO(_page(secretariat_client, "answers_xlsx", answered).content)).active
    texts = [r[9] for r in everything.values]
    assert DISCLOSURE not in texts and "withheld: possible disclosure" in texts
