"""The second rounds in the API: the round and its shown statements for anyone once open, the drafts for
the secretariat's token only, and the aggregate results (no participant key, id or single vote) for the
team at any time and for everyone once closed."""

import json

import pytest

from alliance87.accounts.services import api_token_create
from alliance87.engagement import rounds
from alliance87.testing import make_user

from .making import make_consultation, make_round

SIDES = [("civil_society", (1, 1, -1))] * 3 + [("government", (1, -1, 1))] * 3


@pytest.fixture
def voted(cast):
    consultation = make_consultation(cast.secretariat)
    round_ = make_round(cast.secretariat, consultation=consultation)
    statements = list(round_.statements.order_by("position"))
    for group, values in SIDES:
        participant, _key = rounds.participant_join(round_=round_, stakeholder_group=group)
        for statement, value in zip(statements, values, strict=True):
            rounds.vote(participant=participant, statement=statement, value=value)
    return round_


def _bearer(user) -> dict:
    _token, raw = api_token_create(user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


def test_a_round_and_its_statements_in_every_language(client, voted):
    body = client.get(f"/api/rounds/{voted.slug}").json()
    assert body["status"] == "open" and body["translations"]["fr"]["title"].startswith("Deuxième tour")
    assert [s["text"] for s in body["statements"]] == [
        "Fund labour inspection in every district",
        "Publish open data on child labour",
        "Ban recruitment fees for migrant workers",
    ]
    assert body["statements"][0]["translations"] == {"fr": {"text": "Financer l’inspection du travail partout"}}


def test_drafts_are_the_secretariats(client, cast):
    draft = make_round(cast.secretariat, open_it=False)
    assert client.get(f"/api/rounds/{draft.slug}").status_code == 404
    assert [r["slug"] for r in client.get("/api/rounds").json()] == []


def test_the_results_for_the_team_then_for_everyone_once_closed(client, cast, voted):
    member = make_user("analyst@example.org")
    voted.consultation.team.add(member)
    assert client.get(f"/api/rounds/{voted.slug}/results").status_code == 403
    answer = client.get(f"/api/rounds/{voted.slug}/results", headers=_bearer(member))
    assert answer.status_code == 200
    body = answer.json()
    assert body["participants"] == 6 and [g["size"] for g in body["groups"]] == [3, 3]
    first = body["statements"][0]
    assert first["totals"] == {"agrees": 6, "disagrees": 0, "passes": 0}
    assert first["consensus_product"] == pytest.approx((4 / 5) ** 2) and first["consensus"] == pytest.approx(4 / 5)
    assert body["statements"][1]["stakeholder_spread"] == 1.0
    text = json.dumps(body)
    assert "key" not in text and "participant_id" not in text
    rounds.round_close(by=cast.secretariat, round_=voted)
    assert client.get(f"/api/rounds/{voted.slug}/results").status_code == 200
