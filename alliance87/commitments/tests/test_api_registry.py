"""The registry in the API: the list with the page's filters and rights, paged; a commitment with its
deliverables and updates; a draft a 404."""

import pytest
from django.utils import timezone

from alliance87.accounts.services import api_token_create
from alliance87.commitments.models import Light, ProgressUpdate, UpdateEvidence, Visibility

from .making import commitment


@pytest.fixture
def two(cast, priority):
    a = cast.alliance
    return (
        commitment(lead=a.free_the_slaves, title="Public one (example)", light=Light.GREEN, priorities=[priority]),
        commitment(lead=a.fao, title="Partners one (example)", visibility=Visibility.PARTNERS),
    )


def token_for(user) -> str:
    return api_token_create(user=user, name="test")[1]


def test_list_is_public_and_paged(client, two):
    body = client.get("/api/commitments").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["title"] == "Public one (example)"
    assert item["deliverables"] == 1 and item["deliverables_achieved"] == 0
    assert item["priorities"] == ["decent-work-in-agricultural-supply-chains-example"]


def test_filters_in_the_query(client, two, priority):
    assert client.get("/api/commitments", {"light": "green"}).json()["count"] == 1
    assert client.get("/api/commitments", {"light": "red"}).json()["count"] == 0
    assert client.get("/api/commitments", {"kind": "civil_society", "priority": priority.slug}).json()["count"] == 1
    refused = client.get("/api/commitments", {"light": "purple"})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["query", "light"]


def test_a_member_token_sees_partners_only_ones(client, cast, two):
    token = token_for(cast.partner_editor)
    body = client.get("/api/commitments", headers={"Authorization": f"Bearer {token}"}).json()
    assert body["count"] == 2


def test_a_commitment_with_deliverables_and_updates(client, two):
    public = two[0]
    update = ProgressUpdate.objects.create(
        commitment=public, deliverable=public.deliverables.first(), progress="on_track", value=40, text="Forty so far."
    )
    UpdateEvidence.objects.create(update=update, url="https://example.org/report", title="Report (example)")
    body = client.get(f"/api/commitments/{public.pk}").json()
    assert body["deliverable_list"][0]["target"] == 200
    assert body["updates"][0]["text"] == "Forty so far."
    assert body["updates"][0]["evidence"][0]["url"] == "https://example.org/report"
    assert body["updates"][0]["reported_at"] <= timezone.now().isoformat()


def test_a_draft_and_a_partners_only_one_are_404_for_the_public(client, cast, two):
    draft = commitment(lead=cast.alliance.ilo, status="draft")
    assert client.get(f"/api/commitments/{draft.pk}").status_code == 404
    assert client.get(f"/api/commitments/{two[1].pk}").status_code == 404
    assert client.get("/api/commitments/999999").status_code == 404


def test_the_secretariat_reads_a_draft(client, cast):
    draft = commitment(lead=cast.alliance.ilo, status="draft", title="Draft (example)")
    token = token_for(cast.secretariat)
    response = client.get(f"/api/commitments/{draft.pk}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["status"] == "draft"
