"""Making and reviewing through the API: the same services, errors naming the field, 403 for the wrong person."""

import json

import pytest

from alliance87.accounts.services import api_token_create
from alliance87.commitments.models import Commitment, CommitmentStatus

pytestmark = pytest.mark.usefixtures("mail_at_once")


def send(client, method: str, path: str, body=None, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(path, headers=headers)
    return getattr(client, method)(path, data=json.dumps(body or {}), content_type="application/json", headers=headers)


@pytest.fixture
def editor_token(cast):
    return api_token_create(user=cast.partner_editor, name="crm")[1]


@pytest.fixture
def secretariat_token(cast):
    return api_token_create(user=cast.secretariat, name="secretariat")[1]


def new_body(cast, priority, **more):
    body = {
        "maker_kind": "organisation",
        "lead": cast.alliance.free_the_slaves.slug,
        "title": "Train labour inspectors (example)",
        "description": "In every district.",
        "priorities": [priority.slug],
        "sdg_targets": "8.7, 16.2",
        "countries": ["ke"],
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
    }
    body.update(more)
    return body


def test_a_maker_creates_completes_and_submits_and_the_secretariat_publishes(
    client, cast, priority, editor_token, secretariat_token
):
    response = send(client, "post", "/api/commitment-drafts", new_body(cast, priority), editor_token)
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["status"] == "draft" and made["priorities"] == [priority.slug] and made["countries"] == ["KE"]
    assert made["sdg_targets"] == ["8.7", "16.2"]
    assert {r["letter"]: r["ok"] for r in made["smart"]} == {"S": True, "M": False, "A": True, "R": False, "T": True}
    pk = made["id"]

    refused = send(client, "post", f"/api/commitments/{pk}/submit", token=editor_token)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"].startswith(
        "M (Measurable): no deliverable has both an indicator and a target"
    )

    deliverable = {
        "title": "Inspectors trained",
        "indicator": "Inspectors",
        "baseline": 0,
        "target": 200,
        "due_on": "2027-06-30",
    }
    assert send(client, "post", f"/api/commitments/{pk}/deliverables", deliverable, editor_token).status_code == 201
    resource = {"kind": "money", "description": "Budget", "amount": "50000", "currency": "usd"}
    assert send(client, "post", f"/api/commitments/{pk}/resources", resource, editor_token).status_code == 201
    submitted = send(client, "post", f"/api/commitments/{pk}/submit", token=editor_token)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"

    # The maker may not review or publish.
    assert send(client, "post", f"/api/commitments/{pk}/publish", token=editor_token).status_code == 403
    verdicts = {letter: {"ok": True, "note": ""} for letter in "SMART"}
    assert send(client, "post", f"/api/commitments/{pk}/review", verdicts, editor_token).status_code == 403

    reviewed = send(client, "post", f"/api/commitments/{pk}/review", verdicts, secretariat_token)
    assert reviewed.status_code == 200 and reviewed.json()["smart_review"]["M"] == {"ok": True, "note": ""}
    published = send(client, "post", f"/api/commitments/{pk}/publish", token=secretariat_token)
    assert published.status_code == 200 and published.json()["status"] == "published"


def test_errors_name_the_field(client, cast, priority, editor_token):
    response = send(
        client, "post", "/api/commitment-drafts", new_body(cast, priority, priorities=["nope"]), editor_token
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "priorities"], "msg": "Not a published thematic priority: nope"}
    ]

    response = send(
        client,
        "post",
        "/api/commitment-drafts",
        new_body(cast, priority, starts_on="2027-01-01", ends_on="2026-01-01"),
        editor_token,
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "ends_on"]

    response = send(
        client, "post", "/api/commitment-drafts", new_body(cast, priority, lead="no-such-org"), editor_token
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "lead"]
    assert not Commitment.objects.exists()


def test_the_wrong_person_gets_403(client, cast, priority, draft, other_editor):
    other = api_token_create(user=other_editor, name="other")[1]
    response = send(client, "post", "/api/commitment-drafts", new_body(cast, priority), other)
    assert response.status_code == 403
    # A draft is unknown (404) to whoever may not see it.
    assert send(client, "patch", f"/api/commitments/{draft.pk}/draft", {"title": "Mine"}, other).status_code == 404
    assert send(client, "get", f"/api/commitments/{draft.pk}/draft", token=other).status_code == 404
    assert send(client, "post", f"/api/commitments/{draft.pk}/submit", token=other).status_code == 404
    draft.refresh_from_db()
    assert draft.status == CommitmentStatus.DRAFT


def test_patch_changes_only_what_is_given(client, cast, draft, editor_token):
    response = send(
        client, "patch", f"/api/commitments/{draft.pk}/draft", {"sdg_targets": ["8.7", "5.2"]}, editor_token
    )
    assert response.status_code == 200
    assert response.json()["sdg_targets"] == ["8.7", "5.2"]
    assert response.json()["title"] == draft.title
    response = send(client, "patch", f"/api/commitments/{draft.pk}/draft", {"sdg_targets": "8.7, x"}, editor_token)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "sdg_targets"]


def test_without_a_token_401(client, draft):
    assert send(client, "post", f"/api/commitments/{draft.pk}/submit").status_code == 401
