"""The events API: public reads of what the programme shows; organisers' writes with a token, through the services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance87.accounts.models import Role, User
from alliance87.accounts.services import api_token_create, role_grant
from alliance87.events import services
from alliance87.events.models import AgendaItem, Participation
from alliance87.events.synthetic import Shape, build_conference
from alliance87.network.models import Person

pytestmark = pytest.mark.django_db


def make_user(email: str, role: str, scope) -> User:
    # Not conftest's make_user: with the browser tests in the same run, "conftest" may be tests/browser's.
    user = User.objects.create_user(email, "not used here")
    role_grant(user=user, role=role, scope=scope)
    return User.objects.get(pk=user.pk)


def auth(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='test')[1]}"}


@pytest.fixture
def published(side_event):
    return services.event_publish(event=side_event, by=None)


@pytest.fixture
def organiser(side_event):
    return make_user("organiser@example.org", Role.EVENT_ORGANISER, side_event)


def url(event, rest: str = "") -> str:
    return f"/api/events/{event.slug}{rest}"


def send(client, method: str, path: str, user=None, body=None):
    headers = auth(user) if user else {}
    return getattr(client, method)(path, data=body, content_type="application/json", headers=headers)


def items(event) -> list[AgendaItem]:
    return list(event.items.order_by("position"))


# ---- Reading ----------------------------------------------------------------------------------------


def test_api_lists_published_events_only_in_pages(client, side_event):
    assert client.get("/api/events").json() == {"items": [], "count": 0}
    services.event_publish(event=side_event, by=None)
    body = client.get("/api/events").json()
    assert body["count"] == 1
    (event,) = body["items"]
    assert event["slug"] == side_event.slug
    assert event["starts_at"] == "2026-02-11T16:30:00+01:00"
    assert event["starts_at_utc"] == "2026-02-11T15:30:00Z"
    assert event["time_zone"] == "Africa/Casablanca"
    assert event["url"] == f"/events/{side_event.slug}/"


def test_api_lists_a_conferences_sessions_with_parent_filter(client):
    conference = build_conference(Shape(items=12, rooms=2, days=1, people=6))
    body = client.get(f"/api/events?parent={conference.slug}&page_size=100").json()
    assert body["count"] == 6
    assert {e["parent"]["slug"] for e in body["items"]} == {conference.slug}
    assert client.get("/api/events?parent=nothing").json()["count"] == 0


def test_api_event_detail_has_agenda_with_local_and_utc_times(client, published):
    body = client.get(url(published)).json()
    assert body["keywords"] == ["Alliance 8.7", "Pathfinder Countries", "Global partnership", "SDG 8.7"]
    assert body["fit"] == {"status": "fits", "minutes": 0}
    starts = [(i["starts_at"][11:16], i["starts_at_utc"][11:16]) for i in body["agenda"]]
    assert starts == [
        ("16:30", "15:30"),
        ("16:35", "15:35"),
        ("17:10", "16:10"),
        ("17:15", "16:15"),
        ("17:50", "16:50"),
    ]
    assert body["agenda"][-1]["ends_at"] == "2026-02-11T18:00:00+01:00"
    assert [i["duration_minutes"] for i in body["agenda"]] == [5, 35, 5, 35, 10]
    assert client.get(url(published, "/agenda")).json() == body["agenda"]


def test_api_public_read_has_no_unconsented_name_no_person_and_no_notes(client, published, cast):
    item = items(published)[0]
    services.agenda_item_update(item=item, by=cast.secretariat, notes="Mic check at 16:20")
    published.participations.filter(person__name="Bukeni Waruzi").update(name_consent=True)
    response = client.get(url(published))
    text = response.content.decode()
    assert "Younes Sekkouri" not in text
    assert "Mic check" not in text
    body = response.json()
    people = body["participants"] + [p for i in body["agenda"] for p in i["participants"]]
    assert {p["name"] for p in people} == {None, "Bukeni Waruzi"}
    assert all(p["person"] is None and p["name_consent"] is None for p in people)
    minister = [p for p in people if p["printed_title"].startswith("Minister")]
    assert [p["confirmation"] for p in minister] == ["tbc", "tbc"]


def test_api_draft_is_404_to_the_public_and_other_tokens(client, side_event, cast):
    assert client.get(url(side_event)).status_code == 404
    assert client.get(url(side_event, "/agenda")).status_code == 404
    assert client.get(url(side_event), headers=auth(cast.outsider)).status_code == 404
    assert send(client, "patch", url(side_event), cast.outsider, {"title": "Mine"}).status_code == 404
    assert client.get("/api/events/no-such-event").json() == {"detail": "Not found."}


def test_api_organiser_reads_their_draft_with_names_people_and_notes(client, side_event, organiser):
    response = client.get(url(side_event), headers=auth(organiser))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "draft"
    people = [p for i in body["agenda"] for p in i["participants"]]
    assert "Younes Sekkouri" in {p["person"]["name"] for p in people}
    assert all(p["name"] is None for p in people)  # still the public name: nobody agreed yet
    assert all(i["notes"] == "" for i in body["agenda"])


def test_api_wrong_token_is_401_even_on_reads(client, published):
    response = client.get(url(published), headers={"Authorization": "Bearer a87_wrong"})
    assert response.status_code == 401


def test_api_event_detail_queries_do_not_grow_with_items(client):
    small = build_conference(Shape(items=6, rooms=1, days=1, people=4), slug="small-example")
    session = small.side_events.first()
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/api/events/{session.slug}").status_code == 200
    large = build_conference(Shape(items=90, rooms=1, days=1, people=40), slug="large-example")
    session = large.side_events.first()
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(f"/api/events/{session.slug}").json()["agenda"]) == 30
    assert len(few) == len(many)


# ---- Writing ----------------------------------------------------------------------------------------


def test_api_write_without_token_is_401(client, published):
    response = send(client, "patch", url(published), None, {"title": "New"})
    assert response.status_code == 401
    assert "bearer token" in response.json()["detail"]


def test_api_write_by_someone_who_may_not_edit_is_403(client, published, cast):
    other = make_user(
        "other.organiser@example.org", Role.EVENT_ORGANISER, build_conference(Shape(items=1, rooms=1, days=1, people=1))
    )
    for user in (cast.outsider, other):
        response = send(client, "patch", url(published), user, {"title": "Mine"})
        assert response.status_code == 403
        assert response.json() == {"detail": "You may not do this."}
    item = items(published)[0]
    assert send(client, "delete", url(published, f"/items/{item.pk}"), cast.outsider).status_code == 403
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_api_organiser_patches_details_and_publishes(client, side_event, organiser):
    response = send(
        client,
        "patch",
        url(side_event),
        organiser,
        {"room": "Hall B", "languages": ["en", "fr"], "starts_at": "2026-02-11T16:00:00", "published": True},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["room"] == "Hall B" and body["languages"] == ["en", "fr"] and body["status"] == "published"
    # A time without an offset is the event's local time; the agenda follows the new start.
    assert body["starts_at"] == "2026-02-11T16:00:00+01:00"
    assert body["agenda"][0]["starts_at_utc"] == "2026-02-11T15:00:00Z"
    assert body["fit"] == {"status": "gap", "minutes": 30}
    assert client.get(url(side_event)).status_code == 200  # now public


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"ends_at": "2026-02-11T10:00:00+01:00"}, "ends_at"),
        ({"format": "telepathy"}, "format"),
        ({"parent": "no-such-conference"}, "parent"),
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
    ],
)
def test_api_patch_event_refusal_names_the_field(client, published, organiser, body, field):
    response = send(client, "patch", url(published), organiser, body)
    assert response.status_code == 422
    assert field in [e["loc"][-1] for e in response.json()["detail"]], response.json()


def test_api_add_item_at_a_position_gives_derived_times(client, published, organiser):
    response = send(
        client,
        "post",
        url(published, "/items"),
        organiser,
        {"title": "Welcome coffee", "duration_minutes": 10, "kind": "break", "position": 1},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["position"] == 1 and body["kind"] == "break"
    assert (body["starts_at"], body["ends_at"]) == ("2026-02-11T16:30:00+01:00", "2026-02-11T16:40:00+01:00")
    assert [i.title for i in items(published)][:2] == ["Welcome coffee", "Opening remarks"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Zero", "duration_minutes": 0}, "duration_minutes"),
        ({"title": "Negative", "duration_minutes": -5}, "duration_minutes"),
        # Once a 500 on SQLite: the schedule's times overflowed after the item was saved.
        ({"title": "Forever", "duration_minutes": 36500144843783}, "duration_minutes"),
        ({"title": "Two days", "duration_minutes": 2881}, "duration_minutes"),
        ({"title": "Odd", "duration_minutes": 5, "kind": "dance"}, "kind"),
        ({"duration_minutes": 5}, "title"),
    ],
)
def test_api_add_item_refusal_names_the_field(client, published, organiser, body, field):
    response = send(client, "post", url(published, "/items"), organiser, body)
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == [field]
    assert published.items.count() == 5


def test_api_patch_item_longer_than_a_day_is_refused(client, published, organiser):
    video = items(published)[2]
    response = send(client, "patch", url(published, f"/items/{video.pk}"), organiser, {"duration_minutes": 2**40})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "duration_minutes"], "msg": "An item may last at most a day (1,440 minutes)."}
    ]
    assert client.get(url(published)).status_code == 200  # the event still reads


def test_api_patch_item_changes_duration_and_moves_it(client, published, organiser):
    video = items(published)[2]
    response = send(
        client, "patch", url(published, f"/items/{video.pk}"), organiser, {"duration_minutes": 8, "position": 1}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["position"] == 1
    assert response.json()["ends_at"] == "2026-02-11T16:38:00+01:00"
    assert items(published)[0].pk == video.pk


def test_api_item_of_another_event_is_404(client, published, organiser):
    other = build_conference(Shape(items=1, rooms=1, days=1, people=1)).side_events.first().items.first()
    assert send(client, "patch", url(published, f"/items/{other.pk}"), organiser, {"title": "x"}).status_code == 404
    assert send(client, "delete", url(published, f"/items/{other.pk}"), organiser).status_code == 404


def test_api_delete_item_and_reorder(client, published, organiser):
    first, second, *rest = items(published)
    assert send(client, "delete", url(published, f"/items/{first.pk}"), organiser).status_code == 204
    order = [i.pk for i in reversed([second, *rest])]
    response = send(client, "put", url(published, "/items/order"), organiser, order)
    assert response.status_code == 200, response.json()
    assert [i["id"] for i in response.json()] == order
    assert response.json()[0]["starts_at"] == "2026-02-11T16:30:00+01:00"

    response = send(client, "put", url(published, "/items/order"), organiser, order[:2])
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]  # the body is the array itself
    response = send(client, "put", url(published, "/items/order"), organiser, {"items": order})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]  # the body is the array itself


def test_api_participants_add_update_remove(client, published, organiser, alliance):
    person = Person.objects.create(name="Ada Example", public_consent=False)
    item = items(published)[1]
    response = send(
        client,
        "post",
        url(published, "/participants"),
        organiser,
        {
            "person_name": "Ada Example",  # someone outside the organiser's events: by full name
            "role": "panelist",
            "item": item.pk,
            "printed_title": "Director",
            "confirmation": "tbc",
        },
    )
    assert response.status_code == 201, response.json()
    added = response.json()
    assert added["person"] == {"id": person.pk, "name": "Ada Example"}
    assert added["name"] is None and added["item"] == item.pk
    public = client.get(url(published)).json()
    assert "Ada Example" not in str(public)

    response = send(
        client,
        "patch",
        url(published, f"/participants/{added['id']}"),
        organiser,
        {"name_consent": True, "confirmation": "confirmed"},
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Ada Example"
    panel = next(i for i in client.get(url(published)).json()["agenda"] if i["id"] == item.pk)
    assert "Ada Example" in [p["name"] for p in panel["participants"]]

    assert send(client, "delete", url(published, f"/participants/{added['id']}"), organiser).status_code == 204
    assert not Participation.objects.filter(pk=added["id"]).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person": 999999, "role": "speaker"}, "person"),
        ({"role": "speaker"}, "person"),
        ({"person": "PERSON", "role": "juggler"}, "role"),
        ({"person": "PERSON", "role": "speaker", "item": 999999}, "item"),
        ({"person": "PERSON", "role": "speaker", "confirmation": "maybe"}, "confirmation"),
    ],
)
def test_api_add_participant_refusal_names_the_field(client, published, organiser, body, field):
    person = published.participations.first().person  # one of the organiser's own people
    body = {k: (person.pk if v == "PERSON" else v) for k, v in body.items()}
    response = send(client, "post", url(published, "/participants"), organiser, body)
    assert response.status_code == 422
    assert field in [e["loc"][-1] for e in response.json()["detail"]], response.json()


def test_api_participant_of_another_event_is_404(client, published, organiser):
    other = (
        Participation.objects.exclude(event=published).first()
        or build_conference(Shape(items=1, rooms=1, days=1, people=2)).side_events.first().participations.first()
    )
    response = send(client, "patch", url(published, f"/participants/{other.pk}"), organiser, {"position": 2})
    assert response.status_code == 404


def test_api_schema_lists_the_events_paths(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/events",
        "/api/events/{slug}",
        "/api/events/{slug}/agenda",
        "/api/events/{slug}/items",
        "/api/events/{slug}/items/{item_id}",
        "/api/events/{slug}/items/order",
        "/api/events/{slug}/participants",
        "/api/events/{slug}/participants/{participant_id}",
    ):
        assert path in paths
