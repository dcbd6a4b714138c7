"""The API: public reads, token writes through the same services, JSON errors naming the field."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance87.accounts.services import api_token_create


@pytest.fixture
def editor_token(cast):
    return api_token_create(user=cast.partner_editor, name="test")[1]


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_api_lists_partners_with_filters(client, alliance):
    data = client.get("/api/organisations", {"kind": "workers"}).json()
    assert sorted(o["acronym"] for o in data["items"]) == ["BWI", "ITUC"]
    assert data["count"] == 2
    data = client.get("/api/organisations", {"country": "KE"}).json()
    assert [o["name"] for o in data["items"]] == ["Survivors Network Kenya"]
    assert data["items"][0]["country"] == {"code": "KE", "name": "Kenya"}


def test_api_organisation_detail_and_404(client, alliance):
    assert client.get("/api/organisations/free-the-slaves").json()["kind"] == "civil_society"
    response = client.get("/api/organisations/nobody")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_api_pathfinder_countries(client, alliance):
    data = client.get("/api/countries", {"pathfinder": "true"}).json()
    assert len(data) == 20
    kenya = next(c for c in data if c["code"] == "KE")
    assert (kenya["sdg_region"], kenya["pathfinder_since"]) == ("ssa", None)


def test_api_action_group_with_members(client, alliance):
    data = client.get("/api/action-groups/agriculture").json()
    assert data["lead_organisation"] == "fao"
    assert data["memberships"] == [
        {
            "organisation": "fao",
            "organisation_name": "Food and Agriculture Organization of the United Nations",
            "role": "lead",
            "since_year": None,
        }
    ]
    assert len(client.get("/api/action-groups").json()) == 5


def test_api_people_only_with_consent(client, alliance):
    assert client.get("/api/people").json()["items"] == []


def test_api_figures_carry_source(client, alliance):
    figures = {f["key"]: f for f in client.get("/api/figures").json()}
    assert figures["partners"]["value"] == "400+"
    assert figures["partners"]["source"].startswith("Concept note")


def test_api_openapi_schema_is_served(client, db):
    schema = client.get("/api/openapi.json").json()
    assert "/api/organisations/{slug}" in schema["paths"]
    assert "patch" in schema["paths"]["/api/organisations/{slug}"]


def test_api_patch_by_partner_editor_updates_profile(client, alliance, editor_token):
    response = client.patch(
        "/api/organisations/free-the-slaves",
        data=json.dumps({"description": "Via the API.", "website": "https://example.org/"}),
        content_type="application/json",
        headers=auth(editor_token),
    )
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "Via the API."
    alliance.free_the_slaves.refresh_from_db()
    assert alliance.free_the_slaves.website == "https://example.org/"
    assert alliance.free_the_slaves.history.latest().history_user.email == "editor@freetheslaves.example.org"


def test_api_patch_other_organisation_is_403(client, alliance, editor_token):
    response = client.patch(
        "/api/organisations/nestle",
        data=json.dumps({"description": "x"}),
        content_type="application/json",
        headers=auth(editor_token),
    )
    assert response.status_code == 403
    assert "detail" in response.json()


def test_api_patch_without_token_is_401(client, alliance):
    response = client.patch(
        "/api/organisations/free-the-slaves", data=json.dumps({"description": "x"}), content_type="application/json"
    )
    assert response.status_code == 401
    assert "bearer token" in response.json()["detail"]


def test_api_patch_revoked_token_is_401(client, alliance, cast):
    from alliance87.accounts.services import api_token_revoke

    token, raw = api_token_create(user=cast.partner_editor, name="old")
    api_token_revoke(token=token)
    response = client.patch(
        "/api/organisations/free-the-slaves", data="{}", content_type="application/json", headers=auth(raw)
    )
    assert response.status_code == 401


def test_api_patch_bad_website_names_the_field(client, alliance, editor_token):
    response = client.patch(
        "/api/organisations/free-the-slaves",
        data=json.dumps({"website": "not a url"}),
        content_type="application/json",
        headers=auth(editor_token),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "website"]


def test_api_patch_unknown_country_names_the_field(client, alliance, editor_token):
    response = client.patch(
        "/api/organisations/free-the-slaves",
        data=json.dumps({"country": "ZZ"}),
        content_type="application/json",
        headers=auth(editor_token),
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "country"], "msg": "“ZZ” is not an ISO 3166 country code."}]


def test_api_patch_malformed_json_is_4xx_json(client, alliance, editor_token):
    response = client.patch(
        "/api/organisations/free-the-slaves",
        data="{not json",
        content_type="application/json",
        headers=auth(editor_token),
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_api_patch_partner_editor_cannot_change_kind(client, alliance, editor_token):
    response = client.patch(
        "/api/organisations/free-the-slaves",
        data=json.dumps({"kind": "business"}),
        content_type="application/json",
        headers=auth(editor_token),
    )
    # `kind` is not part of the patch schema: it is ignored, never applied.
    assert response.status_code == 200
    alliance.free_the_slaves.refresh_from_db()
    assert alliance.free_the_slaves.kind == "civil_society"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(
        st.text(max_size=50),
        st.dictionaries(
            st.sampled_from(["name", "acronym", "description", "website", "country", "x"]),
            st.one_of(st.none(), st.integers(), st.text(max_size=300), st.lists(st.integers(), max_size=3)),
            max_size=4,
        ).map(json.dumps),
    )
)
def test_api_patch_never_500_on_any_body(client, alliance, editor_token, body):
    response = client.patch(
        "/api/organisations/free-the-slaves", data=body, content_type="application/json", headers=auth(editor_token)
    )
    assert response.status_code in (200, 400, 422), response.content
    assert isinstance(response.json(), dict)


@pytest.mark.parametrize(
    "query", [{"kind": "army"}, {"page": "-1"}, {"page": "abc"}, {"country": "TOOLONG"}, {"q": "x" * 500}]
)
def test_api_list_bad_query_is_422_json(client, alliance, query):
    response = client.get("/api/organisations", query)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_api_unknown_address_is_json_404(client, db):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
