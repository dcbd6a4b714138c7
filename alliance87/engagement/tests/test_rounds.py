"""The second round's services, arithmetic and export: who may do what, votes that replace each other,
a closed round that refuses, statements with NUL or too long refused; two opinion groups found in a
hand-made vote matrix, with the consensus computed by hand; the Pol.is zip read back with ``csv``."""

import csv
import io
import math
import zipfile

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alliance87.engagement import round_analysis, round_export, rounds
from alliance87.engagement.models import Priority, Statement, StatementStatus, Vote
from alliance87.testing import make_user

from .making import make_consultation, make_round

N = np.nan
# Two opinion groups: the first four agree with 1 and 3 and disagree with 2; the last four the opposite;
# everyone agrees with 0. Participant 3 passes on 3; participant 7 did not vote on 3.
MATRIX = np.array(
    [
        [1, 1, -1, 1],
        [1, 1, -1, 1],
        [1, 1, -1, 1],
        [1, 1, -1, 0],
        [1, -1, 1, -1],
        [1, -1, 1, -1],
        [1, -1, 1, -1],
        [1, -1, 1, N],
    ],
    dtype=float,
)
STAKEHOLDERS = ["civil_society"] * 4 + ["government"] * 4


def test_two_opinion_groups_and_the_consensus_computed_by_hand():
    analysis = round_analysis.analyse(MATRIX, STAKEHOLDERS)
    assert [g.members for g in analysis.groups] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert analysis.grouped == 8
    # Per group, (agrees + 1) / (votes + 2):
    #   0: (4+1)/(4+2) * (4+1)/(4+2) = 25/36       1: 5/6 * 1/6 = 5/36
    #   2: 1/6 * 5/6 = 5/36                          3: (3+1)/(4+2) * (0+1)/(3+2) = 4/6 * 1/5 = 2/15
    assert analysis.consensus_raw == pytest.approx([25 / 36, 5 / 36, 5 / 36, 2 / 15])
    assert analysis.consensus == pytest.approx([5 / 6, math.sqrt(5 / 36), math.sqrt(5 / 36), math.sqrt(2 / 15)])
    assert analysis.consensus_order == [0, 1, 2, 3]
    first = analysis.by_group[0]
    assert (first[3].agrees, first[3].disagrees, first[3].passes) == (3, 0, 1)
    assert analysis.by_group[1][3].votes == 3


def test_what_divides_stakeholder_groups_is_the_spread_of_their_agree_shares():
    analysis = round_analysis.analyse(MATRIX, STAKEHOLDERS)
    assert [(d.statement, d.spread) for d in analysis.divisions] == [(1, 1.0), (2, 1.0), (3, 0.75)]
    assert analysis.divisions[2].shares == {"civil_society": 0.75, "government": 0.0}


def test_representative_statements_of_an_opinion_group():
    analysis = round_analysis.analyse(MATRIX, STAKEHOLDERS)
    first = [(r.statement, r.direction, round(r.ratio, 3)) for r in analysis.groups[0].representative]
    # inside / outside, each smoothed: (4+1)/(4+2) over (0+1)/(4+2) = 5 for 1 and 2; (3+1)/6 / (1/5) for 3.
    # Statement 0, which everyone agrees with, says nothing about the group (ratio 1): not listed.
    assert first == [(1, "agree", 5.0), (2, "disagree", 5.0), (3, "agree", round(10 / 3, 3))]


def test_participants_with_fewer_than_three_votes_are_not_grouped():
    sparse = np.vstack([MATRIX, [[1, N, N, N], [N, -1, 1, N]]])
    analysis = round_analysis.analyse(sparse, [*STAKEHOLDERS, "", ""])
    assert analysis.grouped == 8
    assert sorted(m for g in analysis.groups for m in g.members) == list(range(8))
    assert analysis.points[8][2] is None and analysis.points[0][2] == 0


def test_the_same_votes_give_the_same_groups():
    rng = np.random.default_rng(1)
    matrix = rng.choice([1.0, -1.0, 0.0, N], size=(40, 9))
    one, two = round_analysis.analyse(matrix), round_analysis.analyse(matrix.copy())
    assert [g.members for g in one.groups] == [g.members for g in two.groups]
    assert 2 <= len(one.groups) <= 5


def test_too_few_participants_make_no_groups():
    analysis = round_analysis.analyse(MATRIX[:3], STAKEHOLDERS[:3])
    assert analysis.groups == [] and analysis.consensus == []


# --- Services -------------------------------------------------------------------------------------------


def test_the_secretariat_makes_a_round_from_draft_priorities_with_their_translations(cast):
    priority = Priority.objects.create(
        slug="inspection", title="Labour inspection", translations={"fr": {"title": "Inspection du travail"}}
    )
    round_ = rounds.round_create(by=cast.secretariat, title="Second round", priorities=[priority], statements=["Data"])
    texts = [(s.text, s.translations, s.priority_id) for s in round_.statements.order_by("position")]
    assert texts == [
        ("Labour inspection", {"fr": {"text": "Inspection du travail"}}, priority.pk),
        ("Data", {}, None),
    ]
    assert round_.status == "draft" and round_.slug == "second-round"


@pytest.mark.parametrize("who", ["outsider", "partner_editor", "safeguarding", "reviewer"])
def test_only_the_secretariat_manages_rounds(cast, who):
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        rounds.round_create(by=user, title="Mine")
    round_ = make_round(cast.secretariat, open_it=False)
    with pytest.raises(PermissionDenied):
        rounds.round_open(by=user, round_=round_)
    with pytest.raises(PermissionDenied):
        rounds.statement_moderate(by=user, statement=round_.statements.first(), status="hidden")


def test_a_round_without_a_statement_does_not_open(cast):
    round_ = rounds.round_create(by=cast.secretariat, title="Empty")
    with pytest.raises(ValidationError, match="Add at least one statement"):
        rounds.round_open(by=cast.secretariat, round_=round_)


def test_a_second_vote_replaces_the_first(cast):
    round_ = make_round(cast.secretariat)
    participant, key = rounds.participant_join(round_=round_, stakeholder_group="government", region="africa")
    statement = round_.statements.first()
    rounds.vote(participant=participant, statement=statement, value=1)
    rounds.vote(participant=participant, statement=statement, value=-1)
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]
    assert rounds.participant_for_key(round_=round_, key=key) == participant
    assert participant.key_hash != key and len(participant.key_hash) == 64


def test_one_cookie_key_is_a_different_participant_in_each_round(cast):
    first, second = make_round(cast.secretariat), make_round(cast.secretariat)
    one, key = rounds.participant_join(round_=first)
    two, same_key = rounds.participant_join(round_=second, key=key)
    assert same_key == key and one.key_hash != two.key_hash
    assert rounds.participant_join(round_=first, key=key)[0] == one  # joining again: the same participant


def test_a_vote_is_refused_on_a_closed_round_a_hidden_statement_and_a_bad_value(cast):
    round_ = make_round(cast.secretariat)
    participant, _key = rounds.participant_join(round_=round_)
    first, second, _third = round_.statements.order_by("position")
    with pytest.raises(ValidationError, match="Vote agree, disagree or pass"):
        rounds.vote(participant=participant, statement=first, value=2)
    rounds.statement_moderate(by=cast.secretariat, statement=second, status="hidden")
    with pytest.raises(ValidationError, match="not open for votes"):
        rounds.vote(participant=participant, statement=second, value=1)
    rounds.round_close(by=cast.secretariat, round_=round_)
    participant.round.refresh_from_db()
    with pytest.raises(ValidationError, match="not open for votes"):
        rounds.vote(participant=participant, statement=first, value=1)
    assert not Vote.objects.exists()


def test_another_rounds_statement_is_refused(cast):
    mine, other = make_round(cast.secretariat), make_round(cast.secretariat)
    participant, _key = rounds.participant_join(round_=mine)
    with pytest.raises(PermissionDenied):
        rounds.vote(participant=participant, statement=other.statements.first(), value=1)


def test_a_participants_statement_waits_for_moderation(cast):
    round_ = make_round(cast.secretariat, accepts_statements=True)
    participant, _key = rounds.participant_join(round_=round_)
    statement = rounds.statement_propose(participant=participant, text="  Protect domestic workers  ")
    assert (statement.text, statement.status, statement.author) == ("Protect domestic workers", "waiting", participant)
    with pytest.raises(ValidationError, match="not open for votes"):
        rounds.vote(participant=participant, statement=statement, value=1)
    rounds.statement_moderate(by=cast.secretariat, statement=statement, status="shown")
    rounds.vote(participant=participant, statement=statement, value=1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Bad\x00text", "NUL"),
        ("x" * 281, "at most 280 characters"),
        ("   ", "Write the statement"),
    ],
)
def test_statements_with_nul_oversize_or_nothing_are_refused(cast, text, message):
    round_ = make_round(cast.secretariat, accepts_statements=True)
    participant, _key = rounds.participant_join(round_=round_)
    with pytest.raises(ValidationError, match=message):
        rounds.statement_propose(participant=participant, text=text)
    with pytest.raises(ValidationError, match=message):
        rounds.statement_add(by=cast.secretariat, round_=round_, text=text)
    assert Statement.objects.filter(round=round_).count() == 3


def test_a_round_that_takes_no_statements_refuses_them(cast):
    round_ = make_round(cast.secretariat)
    participant, _key = rounds.participant_join(round_=round_)
    with pytest.raises(PermissionDenied):
        rounds.statement_propose(participant=participant, text="Mine")


def test_stakeholder_group_and_region_come_from_the_consultations_choices(cast):
    consultation = make_consultation(cast.secretariat, stakeholder_groups=["government"], regions=["africa"])
    round_ = make_round(cast.secretariat, consultation=consultation)
    with pytest.raises(ValidationError) as refused:
        rounds.participant_join(round_=round_, stakeholder_group="employers", region="americas")
    assert set(refused.value.error_dict) == {"stakeholder_group", "region"}
    participant, _key = rounds.participant_join(round_=round_, stakeholder_group="government", region="africa")
    assert (participant.stakeholder_group, participant.region) == ("government", "africa")


def test_the_team_reads_the_results_and_the_public_once_closed(cast):
    consultation = make_consultation(cast.secretariat)
    round_ = make_round(cast.secretariat, consultation=consultation)
    member, stranger = make_user("analyst@example.org"), cast.outsider
    consultation.team.add(member)
    assert member.has_perm("engagement.read_round_results", round_)
    assert member.has_perm("engagement.export_round", round_)
    assert not member.has_perm("engagement.manage_rounds")
    assert not stranger.has_perm("engagement.view_round_results", round_)
    rounds.round_close(by=cast.secretariat, round_=round_)
    assert stranger.has_perm("engagement.view_round_results", round_)
    assert not stranger.has_perm("engagement.export_round", round_)


# --- The export -----------------------------------------------------------------------------------------


def _voted_round(cast):
    """The hand-made matrix as a round: eight participants, four statements (one made a formula)."""
    statements = ["Everyone agrees", "Fund inspection", '=HYPERLINK("http://x")', "Open data"]
    round_ = make_round(cast.secretariat, statements=statements, accepts_statements=True)
    round_.description = "What should come first"
    round_.save()
    shown = list(round_.statements.order_by("position"))
    people = []
    for row, group in zip(MATRIX, STAKEHOLDERS, strict=True):
        participant, _key = rounds.participant_join(round_=round_, stakeholder_group=group)
        people.append(participant)
        for statement, value in zip(shown, row, strict=True):
            if not np.isnan(value):
                rounds.vote(participant=participant, statement=statement, value=int(value))
    proposed = rounds.statement_propose(participant=people[1], text="Protect domestic workers")
    return round_, shown, proposed


def _read(archive: zipfile.ZipFile, slug: str, name: str) -> list[list[str]]:
    text = archive.read(f"{slug}/{name}").decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_the_polis_export_reads_back_column_by_column(cast):
    round_, shown, proposed = _voted_round(cast)
    archive = zipfile.ZipFile(io.BytesIO(round_export.polis_zip(round_, url="https://example.org/rounds/x/")))
    slug = round_.slug
    assert sorted(archive.namelist()) == sorted(
        f"{slug}/{n}" for n in ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")
    )

    comments = _read(archive, slug, "comments.csv")
    assert comments[0] == [
        "timestamp",
        "datetime",
        "comment-id",
        "author-id",
        "agrees",
        "disagrees",
        "moderated",
        "comment-body",
    ]
    body = {row[2]: row for row in comments[1:]}
    assert [body[str(n)][7] for n in range(5)] == [
        "Everyone agrees",
        "Fund inspection",
        '\'=HYPERLINK("http://x")',  # neutralised: a spreadsheet shows it, never runs it
        "Open data",
        "Protect domestic workers",
    ]
    assert [(body[str(n)][4], body[str(n)][5]) for n in range(5)] == [
        ("8", "0"),
        ("4", "4"),
        ("4", "4"),
        ("3", "3"),
        ("0", "0"),
    ]
    assert [body[str(n)][6] for n in range(5)] == ["1", "1", "1", "1", "0"]  # the proposal waits
    assert [body[str(n)][3] for n in range(5)] == ["0", "0", "0", "0", "2"]  # the owner, then participant 2
    first = comments[1]
    assert int(first[0]) == int(shown[0].created_at.timestamp())
    assert first[1].endswith("GMT+0000 (Coordinated Universal Time)") and first[1][:3] in {
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    }

    votes = _read(archive, slug, "votes.csv")
    assert votes[0] == ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
    assert len(votes) == 1 + 31
    assert [row[2:] for row in votes[1:5]] == [["0", "1", "1"], ["0", "2", "1"], ["0", "3", "1"], ["0", "4", "1"]]
    by_voter = {(row[2], row[3]): row[4] for row in votes[1:]}
    assert by_voter[("1", "5")] == "-1" and by_voter[("3", "4")] == "0" and ("3", "8") not in by_voter

    matrix = _read(archive, slug, "participants-votes.csv")
    assert matrix[0] == [
        "participant",
        "group-id",
        "n-comments",
        "n-votes",
        "n-agree",
        "n-disagree",
        "0",
        "1",
        "2",
        "3",
        "4",
    ]
    rows = {row[0]: row for row in matrix[1:]}
    assert rows["1"] == ["1", "0", "0", "4", "3", "1", "1", "1", "-1", "1", ""]
    assert rows["2"][2] == "1"  # wrote one statement
    assert rows["4"][6:] == ["1", "1", "-1", "0", ""]
    assert rows["8"] == ["8", "1", "0", "3", "2", "1", "1", "-1", "1", "", ""]

    summary = dict(_read(archive, slug, "summary.csv"))
    assert summary == {
        "topic": "Second round: priorities after Durban",
        "url": "https://example.org/rounds/x/",
        "voters": "8",
        "voters-in-conv": "8",
        "commenters": "2",
        "comments": "4",
        "groups": "2",
        "conversation-description": "What should come first",
    }
    assert proposed.status == StatementStatus.WAITING


def test_the_secretariat_is_told_once_when_statements_start_waiting(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    cast.secretariat  # noqa: B018 -- the account the e-mail goes to
    round_ = make_round(cast.secretariat, accepts_statements=True)
    participant, _key = rounds.participant_join(round_=round_)
    with django_capture_on_commit_callbacks(execute=True):
        first = rounds.statement_propose(participant=participant, text="Protect domestic workers")
        rounds.statement_propose(participant=participant, text="Fund shelters")
    [mail] = mailoutbox
    assert mail.to == [cast.secretariat.email]
    assert "Second round: priorities after Durban" in mail.body
    assert f"/rounds/manage/{round_.slug}/#statements-title" in mail.body
    rounds.statement_moderate(by=cast.secretariat, statement=first, status="shown")
    with django_capture_on_commit_callbacks(execute=True):
        rounds.statement_propose(participant=participant, text="Count the children")
    assert len(mailoutbox) == 1  # one still waited: the secretariat knows already
