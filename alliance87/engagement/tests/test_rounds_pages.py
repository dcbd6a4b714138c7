"""The second round's pages: voting without an account and without JavaScript (plain forms, redirects),
the htmx card, the cookie, the results for the team and for everyone once closed, the console (create
from priorities, moderate, open, close), the export's rights, and the doors (/me/, the consultation's
page, the consultations console)."""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from alliance87.engagement import rounds
from alliance87.engagement.models import Participant, Priority, Round, Statement, Vote
from alliance87.testing import make_user

from .making import make_consultation, make_round


@pytest.fixture
def round_(cast):
    return make_round(cast.secretariat)


def _page(client, round_):
    return client.get(reverse("engagement:round_page", args=[round_.slug]))


def _join(client, round_, **profile):
    return client.post(reverse("engagement:round_join", args=[round_.slug]), profile)


def _vote(client, round_, statement, value, **headers):
    return client.post(
        reverse("engagement:round_vote", args=[round_.slug]),
        {"statement": statement.pk, "value": value},
        headers=headers,
    )


def test_a_visitor_joins_once_then_votes_statement_by_statement_without_javascript(client, round_):
    page = _page(client, round_).content.decode()
    assert "Before you start" in page and "Your stakeholder group" in page
    joined = _join(client, round_, stakeholder_group="workers", region="africa")
    assert joined.status_code == 302
    cookie = joined.cookies[rounds.KEY_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    participant = Participant.objects.get()
    assert participant.key_hash == rounds.key_hash(round_, cookie.value) and cookie.value not in participant.key_hash
    assert (participant.stakeholder_group, participant.region) == ("workers", "africa")

    first, second, third = round_.statements.order_by("position")
    page = _page(client, round_).content.decode()
    assert "Statement 1 of 3" in page and "Fund labour inspection in every district" in page
    assert _vote(client, round_, first, 1).status_code == 302
    page = _page(client, round_).content.decode()
    assert "Statement 2 of 3" in page and "Publish open data on child labour" in page
    _vote(client, round_, second, -1)
    _vote(client, round_, third, 0)
    page = _page(client, round_).content.decode()
    assert "You have voted on all 3 statements" in page
    assert sorted(Vote.objects.values_list("value", flat=True)) == [-1, 0, 1]


def test_htmx_gets_the_next_card_alone(client, round_):
    _join(client, round_)
    first = round_.statements.order_by("position").first()
    card = _vote(client, round_, first, 1, HX_Request="true")
    html = card.content.decode()
    assert card.status_code == 200
    assert html.lstrip().startswith('<section id="rd-card"') and "<html" not in html
    assert "Statement 2 of 3" in html


def test_the_page_reads_in_french(client, round_):
    _join(client, round_)
    page = client.get(f"/fr/rounds/{round_.slug}/").content.decode()
    assert "Deuxième tour : priorités après Durban" in page
    assert "Financer l’inspection du travail partout" in page


def test_a_vote_without_joining_or_on_a_closed_round_changes_nothing(client, cast, round_):
    first = round_.statements.first()
    _vote(client, round_, first, 1)
    assert not Vote.objects.exists()
    _join(client, round_)
    rounds.round_close(by=cast.secretariat, round_=round_)
    answer = _vote(client, round_, first, 1, HX_Request="true")
    assert answer.status_code == 400 and "This round is not open for votes." in answer.content.decode()
    assert not Vote.objects.exists()
    assert "This round is closed" in _page(client, round_).content.decode()


def test_a_draft_round_is_a_404_to_visitors(client, cast):
    draft = make_round(cast.secretariat, open_it=False)
    assert _page(client, draft).status_code == 404
    assert client.get(reverse("engagement:round_results", args=[draft.slug])).status_code == 404


def test_a_participant_proposes_a_statement_that_waits(client, cast):
    round_ = make_round(cast.secretariat, accepts_statements=True)
    _join(client, round_)
    assert "Add a statement of your own" in _page(client, round_).content.decode()
    sent = client.post(reverse("engagement:round_propose", args=[round_.slug]), {"text": "Protect domestic workers"})
    assert sent.status_code == 302
    assert Statement.objects.get(text="Protect domestic workers").status == "waiting"
    too_long = client.post(reverse("engagement:round_propose", args=[round_.slug]), {"text": "x" * 300})
    assert too_long.status_code == 400
    assert "Ensure this value has at most 280 characters" in too_long.content.decode()


def _votes_from(round_, rows):
    statements = list(round_.statements.order_by("position"))
    for group, values in rows:
        participant, _key = rounds.participant_join(round_=round_, stakeholder_group=group)
        for statement, value in zip(statements, values, strict=True):
            rounds.vote(participant=participant, statement=statement, value=value)


TWO_SIDES = [("civil_society", (1, 1, -1))] * 3 + [("government", (1, -1, 1))] * 3


def test_the_results_show_groups_consensus_and_division_to_the_team(client, cast):
    consultation = make_consultation(cast.secretariat)
    round_ = make_round(cast.secretariat, consultation=consultation)
    _votes_from(round_, TWO_SIDES)
    member = make_user("analyst@example.org")
    consultation.team.add(member)
    client.force_login(member)
    page = client.get(reverse("engagement:round_results", args=[round_.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Group A" in html and "Group B" in html and html.count("3 people") == 2
    consensus = html[html.index('id="consensus-title"') : html.index('id="divisive-title"')]
    assert consensus.index("Fund labour inspection") < consensus.index("Publish open data")
    divisive = html[html.index('id="divisive-title"') : html.index('id="statements-title"')]
    assert "100 points apart" in divisive and "Civil society" in divisive
    assert "Download in Pol.is" in html
    assert html.count('class="rd-dot') == 6


def test_the_results_are_public_once_closed_and_the_export_never(client, cast, round_):
    _votes_from(round_, TWO_SIDES)
    results = reverse("engagement:round_results", args=[round_.slug])
    export = reverse("engagement:round_export", args=[round_.slug])
    assert client.get(results).status_code == 403
    rounds.round_close(by=cast.secretariat, round_=round_)
    page = client.get(results).content.decode()
    assert "Group A" in page and "Download in Pol.is" not in page
    client.force_login(cast.outsider)
    assert client.get(export).status_code == 403


def test_the_secretariat_downloads_the_export(secretariat_client, round_):
    _votes_from(round_, TWO_SIDES)
    answer = secretariat_client.get(reverse("engagement:round_export", args=[round_.slug]))
    assert answer["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert f"{round_.slug}/participants-votes.csv" in names


def test_the_secretariat_creates_a_round_from_priorities_moderates_opens_and_closes(secretariat_client, cast):
    priority = Priority.objects.create(
        slug="inspection", title="Labour inspection", translations={"fr": {"title": "Inspection du travail"}}
    )
    made = secretariat_client.post(
        reverse("engagement:round_new"),
        {
            "title": "Second round",
            "title__fr": "Deuxième tour",
            "priorities": [priority.pk],
            "statements": "Open data\nFinance for inspection\n",
            "accepts_statements": "on",
        },
    )
    round_ = Round.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse("engagement:round_manage", args=[round_.slug])
    assert list(round_.statements.values_list("text", flat=True)) == [
        "Labour inspection",
        "Open data",
        "Finance for inspection",
    ]
    assert round_.translations == {"fr": {"title": "Deuxième tour"}}
    secretariat_client.post(reverse("engagement:round_open", args=[round_.slug]))
    round_.refresh_from_db()
    assert round_.status == "open"
    participant, _key = rounds.participant_join(round_=round_)
    proposal = rounds.statement_propose(participant=participant, text="Protect domestic workers")
    manage = secretariat_client.get(reverse("engagement:round_manage", args=[round_.slug])).content.decode()
    assert manage.index("Protect domestic workers") < manage.index("Labour inspection")  # waiting first
    secretariat_client.post(reverse("engagement:round_moderate", args=[round_.slug, proposal.pk]), {"status": "shown"})
    proposal.refresh_from_db()
    assert proposal.status == "shown"
    secretariat_client.post(reverse("engagement:round_close", args=[round_.slug]))
    round_.refresh_from_db()
    assert round_.status == "closed"


def test_a_typed_statement_too_long_is_named_by_its_line(secretariat_client):
    page = secretariat_client.post(
        reverse("engagement:round_new"), {"title": "Second round", "statements": "Fine\n" + "x" * 281}
    )
    assert page.status_code == 400
    assert "Line 2 is longer than 280 characters" in page.content.decode()
    assert not Round.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "partner_editor", "safeguarding", "reviewer"])
def test_the_console_is_the_secretariats(client, cast, round_, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("engagement:round_console")).status_code == 403
    assert client.get(reverse("engagement:round_manage", args=[round_.slug])).status_code == 403
    assert client.post(reverse("engagement:round_close", args=[round_.slug])).status_code == 403
    statement = round_.statements.first()
    moderate = reverse("engagement:round_moderate", args=[round_.slug, statement.pk])
    assert client.post(moderate, {"status": "hidden"}).status_code == 403
    round_.refresh_from_db()
    statement.refresh_from_db()
    assert round_.status == "open" and statement.status == "shown"


def test_me_counts_the_statements_waiting_for_moderation(secretariat_client, cast):
    round_ = make_round(cast.secretariat, accepts_statements=True)
    participant, _key = rounds.participant_join(round_=round_)
    rounds.statement_propose(participant=participant, text="Protect domestic workers")
    page = secretariat_client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("engagement:round_console") in page
    assert "1 statement waiting for moderation" in page


def test_the_rounds_are_linked_from_the_consultations_console_and_page(secretariat_client, client, cast):
    consultation = make_consultation(cast.secretariat)
    round_ = make_round(cast.secretariat, consultation=consultation)
    console = secretariat_client.get(reverse("engagement:console")).content.decode()
    assert reverse("engagement:round_console") in console
    public = client.get(reverse("engagement:consultation", args=[consultation.slug])).content.decode()
    assert reverse("engagement:round_page", args=[round_.slug]) in public


@pytest.mark.parametrize("rows", [1, 3])
def test_the_console_lists_rounds_in_a_fixed_number_of_queries(
    secretariat_client, cast, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_round(cast.secretariat)
    secretariat_client.get(reverse("engagement:round_console"))
    with django_assert_num_queries(4) as captured:
        page = secretariat_client.get(reverse("engagement:round_console"))
    assert len(re.findall(r'href="/rounds/manage/(?!new/)[^"/]+/"', page.content.decode())) == rows, captured


def test_a_priority_s_console_page_starts_a_round_with_it_ticked(secretariat_client):
    """The whole-journey test found no way from a priority to a second round but the rounds' console."""
    asked = Priority.objects.create(slug="inspection", title="Labour inspection")
    other = Priority.objects.create(slug="education", title="Free, quality education")
    page = secretariat_client.get(reverse("engagement:priority_manage", args=[asked.slug])).content.decode()
    link = reverse("engagement:round_new") + "?priority=inspection"
    assert f'href="{link}"' in page and "Ask about it in a second round" in page
    form = secretariat_client.get(link).content.decode()
    ticked = set(re.findall(r'<input type="checkbox" name="priorities" value="(\d+)"[^>]*checked', form))
    assert ticked == {str(asked.pk)} and f'value="{other.pk}"' in form
