"""Progress in the API: list a commitment's updates (as visible as the commitment), post one with links
(a maker's token; 403 for the wrong person; 422 naming the field, nothing saved)."""

import json

import pytest

from alliance87.accounts.services import api_token_create
from alliance87.commitments import progress
from alliance87.commitments.models import ProgressUpdate

from .making import commitment


def post(client, c, body, token):
    return client.post(
        f"/api/commitments/{c.pk}/updates",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.fixture
def editor_token(cast):
    return api_token_create(user=cast.partner_editor, name="monitoring")[1]


def test_post_an_update_with_links(client, published, editor_token):
    d = published.deliverables.get()
    answer = post(
        client,
        published,
        {
            "deliverable": d.pk,
            "progress": "on_track",
            "value": 75,
            "text": "Seventy-five trained.",
            "links": [{"url": "https://example.org/report", "title": "Report"}],
            "share_as_story": True,
        },
        editor_token,
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["deliverable"] == d.pk and body["value"] == 75.0 and body["share_as_story"]
    assert body["evidence"] == [
        {"title": "Report", "url": "https://example.org/report", "file_name": None, "file_url": None}
    ]
    d.refresh_from_db()
    assert d.current_value == 75


def test_refusals_name_the_field_and_save_nothing(client, published, editor_token):
    answer = post(
        client,
        published,
        {"progress": "on_track", "text": "x", "links": [{"url": "ftp://example.org/x"}]},
        editor_token,
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "links"]
    answer = post(client, published, {"progress": "sideways", "text": "x"}, editor_token)
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"][-1] == "progress"
    assert not ProgressUpdate.objects.exists()


def test_the_wrong_people(client, cast, published, other_editor):
    token = api_token_create(user=other_editor, name="other")[1]
    assert post(client, published, {"progress": "on_track", "text": "x"}, token).status_code == 403
    draft = commitment(lead=cast.alliance.nestle, status="draft")
    assert post(client, draft, {"progress": "on_track", "text": "x"}, token).status_code == 403  # its maker
    mine = commitment(lead=cast.alliance.free_the_slaves, status="draft")
    assert post(client, mine, {"progress": "on_track", "text": "x"}, token).status_code == 404
    assert (
        client.post(f"/api/commitments/{published.pk}/updates", data="{}", content_type="application/json").status_code
        == 401
    )


def test_list_updates(client, cast, published, django_assert_max_num_queries):
    progress.report_progress(
        by=cast.partner_editor,
        commitment=published,
        progress="on_track",
        text="First.",
        links=["https://example.org/1"],
    )
    progress.report_progress(by=cast.partner_editor, commitment=published, progress="delayed", text="Second.")
    with django_assert_max_num_queries(4):
        answer = client.get(f"/api/commitments/{published.pk}/updates")
    assert [u["text"] for u in answer.json()] == ["Second.", "First."]
    draft = commitment(lead=cast.alliance.free_the_slaves, status="draft")
    assert client.get(f"/api/commitments/{draft.pk}/updates").status_code == 404
