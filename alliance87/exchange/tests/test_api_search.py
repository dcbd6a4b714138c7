"""Experiences in the API (published ones only, never a withdrawn one; a draft for who may share) and in the
site search (published experiences and public commitments, in every language's search page; never a draft,
a withdrawn story or a commitment that is not public)."""

import pytest

from alliance87.accounts.services import api_token_create
from alliance87.commitments.tests.making import commitment
from alliance87.exchange import services
from alliance87.exchange.models import Experience, ExperienceStatus

from .making import experience, png


def _token(user) -> dict:
    raw = api_token_create(user=user, name="test")[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_list_and_a_page_give_published_experiences_only(client, cast, priority):
    shown = experience(countries=[cast.alliance.kenya], priorities=[priority], organisation=cast.alliance.nestle)
    draft = experience(title="Draft (example)", status=ExperienceStatus.DRAFT)
    gone = experience(title="Gone (example)", status=ExperienceStatus.WITHDRAWN)
    body = client.get("/api/experiences").json()
    assert [e["slug"] for e in body["items"]] == [shown.slug]
    item = body["items"][0]
    assert item["countries"] == ["KE"] and item["priorities"] == [priority.slug] and item["organisation"] == "nestle"
    assert client.get("/api/experiences?country=KE").json()["count"] == 1
    assert client.get("/api/experiences?country=MX").json()["count"] == 0
    assert client.get(f"/api/experiences/{shown.slug}").status_code == 200
    assert client.get(f"/api/experiences/{draft.slug}").status_code == 404
    assert client.get(f"/api/experiences/{gone.slug}").status_code == 404


def test_a_picture_of_people_without_consent_is_not_in_the_api(client, cast):
    shown = experience()
    shown.media.create(file=png(), original_name="a.png", alt_text="A meeting.")
    shown.media.create(file=png(), original_name="b.png", alt_text="Children.", shows_people=True)
    media = client.get(f"/api/experiences/{shown.slug}").json()["media"]
    assert [m["alt_text"] for m in media] == ["A meeting."]


def test_withdrawn_leaves_the_api_at_once(client, cast):
    story = experience(by=cast.partner_editor, lived_experience=True)
    assert client.get("/api/experiences").json()["count"] == 1
    services.experience_withdraw(by=cast.partner_editor, experience=story)
    assert client.get("/api/experiences").json()["count"] == 0
    assert client.get(f"/api/experiences/{story.slug}").status_code == 404


def test_who_may_share_creates_a_draft_with_a_token(client, cast, priority):
    payload = {
        "title": "Labour inspection with unions (example)",
        "summary": "Joint visits. (Example.)",
        "organisation": "free-the-slaves",
        "countries": ["ke"],
        "priorities": [priority.slug],
    }
    made = client.post("/api/experiences", payload, content_type="application/json", **_token(cast.partner_editor))
    assert made.status_code == 201, made.content
    assert made.json()["countries"] == ["KE"]
    assert Experience.objects.get(slug=made.json()["slug"]).status == ExperienceStatus.DRAFT
    refused = client.post("/api/experiences", payload, content_type="application/json", **_token(cast.outsider))
    assert refused.status_code == 403
    wrong = client.post(
        "/api/experiences",
        {**payload, "countries": ["ZZ"], "organisation": "nestle"},
        content_type="application/json",
        **_token(cast.partner_editor),
    )
    assert wrong.status_code == 422
    assert [d["loc"][-1] for d in wrong.json()["detail"]] == ["countries"]
    assert client.post("/api/experiences", payload, content_type="application/json").status_code == 401


# --- The site search -------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/fr", "/es", "/ar"])
def test_the_search_finds_published_experiences_and_public_commitments(client, cast, prefix):
    shown = experience(title="Cooperatives certify child-labour-free cocoa (example)")
    experience(title="Cooperatives draft (example)", status=ExperienceStatus.DRAFT)
    experience(title="Cooperatives withdrawn (example)", status=ExperienceStatus.WITHDRAWN)
    public = commitment(lead=cast.alliance.free_the_slaves, title="Cooperatives trained on due diligence (example)")
    commitment(lead=cast.alliance.free_the_slaves, status="draft", title="Cooperatives draft commitment (example)")
    commitment(lead=cast.alliance.free_the_slaves, visibility="partners", title="Cooperatives partners only (example)")
    html = client.get(f"{prefix}/search/?q=cooperatives").content.decode()
    experiences = html.split('id="results-experience"', 1)[1].split("</section>", 1)[0]
    commitments = html.split('id="results-commitment"', 1)[1].split("</section>", 1)[0]
    assert shown.title in experiences and f'href="{prefix}/experiences/{shown.slug}/"' in experiences
    assert public.title in commitments and f"/commitments/{public.pk}/" in commitments
    assert "draft" not in experiences + commitments and "withdrawn" not in experiences
    assert "partners only" not in commitments


def test_a_commitment_leaves_the_search_when_it_is_no_longer_public(client, cast):
    from alliance87.search.engine import matching_ids
    from alliance87.search.models import Kind

    made = commitment(lead=cast.alliance.free_the_slaves, title="Findable commitment (example)")
    assert made.pk in set(matching_ids("findable", Kind.COMMITMENT).values_list("object_id", flat=True))
    made.visibility = "partners"
    made.save()
    assert not matching_ids("findable", Kind.COMMITMENT).exists()


def test_the_search_page_names_the_new_kinds(client, db):
    html = client.get("/search/").content.decode()
    assert (
        "Search partners, countries, events, people, Action Groups, consultations, commitments and experiences" in html
    )
