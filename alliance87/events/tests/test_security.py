"""Issue 12's findings in events: attaching to someone else's event, drafts that show, extreme date-times,
and the organiser's people picker. Each test failed before its fix."""

import json
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliance87.accounts.models import Role
from alliance87.accounts.services import api_token_create
from alliance87.events import live, selectors, services
from alliance87.events.models import Event
from alliance87.network.models import Person
from alliance87.testing import make_user

pytestmark = pytest.mark.django_db

START = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
END = datetime(2026, 6, 1, 17, 0, tzinfo=UTC)
NOT_YOURS = "You can attach this event only to an event you organise."


def new_event(title: str, *, start=START, end=END, zone="Europe/Zurich", **fields) -> Event:
    return services.event_create(by=None, title=title, time_zone=zone, starts_at=start, ends_at=end, **fields)


def auth(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='test')[1]}"}


def patch(client, event, user, body):
    return client.patch(f"/api/events/{event.slug}", data=body, content_type="application/json", headers=auth(user))


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def mine():
    return new_event("My side event")


@pytest.fixture
def organiser(mine):
    return make_user("organiser@example.org", Role.EVENT_ORGANISER, mine)


@pytest.fixture
def their_conference():
    """Another organiser's published conference."""
    conference = new_event("Their conference")
    services.event_publish(event=conference, by=None)
    make_user("them@example.org", Role.EVENT_ORGANISER, conference)
    return conference


@pytest.fixture
def their_draft():
    draft = new_event("Their secret draft")
    make_user("them.too@example.org", Role.EVENT_ORGANISER, draft)
    return draft


# --- Leak 2: attaching an event to someone else's ----------------------------------------------------


def test_api_attach_to_another_organisers_conference_is_refused(client, mine, organiser, their_conference):
    services.event_publish(event=mine, by=None)
    response = patch(client, mine, organiser, {"parent": their_conference.slug})
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "parent"], "msg": NOT_YOURS}]
    mine.refresh_from_db()
    assert mine.parent is None
    assert client.get(f"/api/events/{their_conference.slug}").json()["sessions"] == []
    schedule = json.loads(client.get(reverse("events:schedule_json", args=[their_conference.slug])).content)
    assert "My side event" not in json.dumps(schedule)


def test_api_attach_to_a_conference_one_organises_is_allowed(client, mine, organiser):
    conference = new_event("My conference")
    services.event_publish(event=conference, by=None)
    services.event_publish(event=mine, by=None)
    from alliance87.accounts.services import role_grant

    role_grant(user=organiser, role=Role.EVENT_ORGANISER, scope=conference)
    response = patch(client, mine, organiser, {"parent": conference.slug})
    assert response.status_code == 200, response.json()
    assert response.json()["parent"] == {"slug": conference.slug, "title": "My conference"}
    assert [s["slug"] for s in client.get(f"/api/events/{conference.slug}").json()["sessions"]] == [mine.slug]


def test_event_update_parent_needs_a_right_over_the_parent(cast, mine, organiser, their_conference):
    with pytest.raises(ValidationError) as error:
        services.event_update(event=mine, by=organiser, parent=their_conference)
    assert error.value.message_dict == {"parent": [NOT_YOURS]}
    services.event_update(event=mine, by=cast.secretariat, parent=their_conference)  # the secretariat may
    mine.refresh_from_db()
    assert mine.parent == their_conference
    # Kept as it is, the parent set by the secretariat does not stop the organiser's other changes.
    services.event_update(event=mine, by=organiser, parent=their_conference, room="Hall C")


def test_event_create_parent_needs_a_right_over_the_parent(cast, their_conference):
    event = services.event_create(
        by=cast.secretariat, title="Session", time_zone="UTC", starts_at=START, ends_at=END, parent=their_conference
    )
    assert event.parent == their_conference


def test_details_form_refuses_a_parent_one_does_not_organise_and_says_why(client, mine, organiser, their_conference):
    client.force_login(organiser)
    url = reverse("events:manage_event", args=[mine.slug])
    data = {
        "title": mine.title,
        "parent": their_conference.pk,
        "time_zone": "Europe/Zurich",
        "starts_at": "2026-06-01T10:00",
        "ends_at": "2026-06-01T19:00",
        "format": "in_person",
    }
    page = text(client.post(url, data))
    assert NOT_YOURS in page
    mine.refresh_from_db()
    assert mine.parent is None


def test_event_cannot_be_part_of_itself_or_of_its_own_session(cast):
    conference = new_event("Conference")
    session = new_event("Session", parent=conference)
    with pytest.raises(ValidationError) as error:
        services.event_update(event=conference, by=cast.secretariat, parent=conference)
    assert error.value.message_dict == {"parent": ["An event cannot be part of itself."]}
    with pytest.raises(ValidationError) as error:
        services.event_update(event=conference, by=cast.secretariat, parent=session)
    assert error.value.message_dict == {
        "parent": ["“Session” is part of another event: choose the conference it belongs to."]
    }
    other = new_event("Other conference")
    with pytest.raises(ValidationError) as error:
        services.event_update(event=conference, by=cast.secretariat, parent=other)
    assert error.value.message_dict == {
        "parent": ["This event has sessions of its own, so it cannot be part of another event."]
    }


def test_attach_rule_is_the_right_to_edit_the_parent(cast, organiser, mine, their_conference):
    assert organiser.has_perm("events.attach_to_event", mine)
    assert not organiser.has_perm("events.attach_to_event", their_conference)
    assert cast.secretariat.has_perm("events.attach_to_event", their_conference)


# --- Leak 3: drafts that show ------------------------------------------------------------------------


def test_parent_picker_lists_only_events_one_may_attach_to(client, mine, organiser, their_conference, their_draft):
    client.force_login(organiser)
    page = text(client.get(reverse("events:manage_event", args=[mine.slug])))
    assert "Their secret draft" not in page
    assert "Their conference" not in page


def test_api_parent_unknown_draft_and_not_yours_get_the_same_answer(
    client, mine, organiser, their_conference, their_draft
):
    answers = []
    for slug in ("no-such-event", their_draft.slug, their_conference.slug):
        response = patch(client, mine, organiser, {"parent": slug})
        answers.append((response.status_code, response.json()))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0] == (422, {"detail": [{"loc": ["body", "parent"], "msg": NOT_YOURS}]})


def test_manage_pages_of_a_draft_one_may_not_edit_are_404_as_an_unknown_event(client, organiser, their_draft):
    client.force_login(organiser)
    for name in ("events:manage_event", "events:manage_agenda", "events:manage_people"):
        assert client.get(reverse(name, args=[their_draft.slug])).status_code == 404
        assert client.get(reverse(name, args=["no-such-event"])).status_code == 404
    for name in ("events:participants_csv", "events:concept_note_pdf", "events:run_of_show_pdf"):
        assert client.get(reverse(name, args=[their_draft.slug])).status_code == 404


def test_programme_of_a_side_event_does_not_name_its_draft_conference(client, cast, mine, their_draft):
    services.event_update(event=mine, by=cast.secretariat, parent=their_draft)
    services.event_publish(event=mine, by=None)
    page = text(client.get(reverse("events:programme", args=[mine.slug])))
    assert "My side event" in page
    assert "Their secret draft" not in page


def test_api_sessions_filter_of_a_draft_conference_lists_nothing(client, cast, mine, their_draft):
    services.event_update(event=mine, by=cast.secretariat, parent=their_draft)
    services.event_publish(event=mine, by=None)
    assert client.get(f"/api/events?parent={their_draft.slug}").json() == {"items": [], "count": 0}


def test_clash_with_another_organisers_draft_does_not_name_it(client, alliance, organiser, mine, their_draft):
    person = Person.objects.create(name="Busy Speaker")
    services.participation_add(event=mine, by=None, person=person, role="speaker")
    services.participation_add(event=their_draft, by=None, person=person, role="speaker")
    client.force_login(organiser)
    page = text(client.get(reverse("events:manage_event", args=[mine.slug])))
    assert "Busy Speaker" in page and "expected in two places at once" in page
    assert "Their secret draft" not in page
    assert "an event not yet published" in page


# --- Server error 3: extreme date-times ---------------------------------------------------------------

OUT_OF_RANGE = "Choose a date between the years 2000 and 2100."


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00", "2101-01-02T00:00"]
)
def test_api_extreme_date_times_are_refused_naming_the_field(client, mine, organiser, moment):
    for field in ("starts_at", "ends_at"):
        response = patch(client, mine, organiser, {field: moment})
        assert response.status_code == 422, response.content
        assert {"loc": ["body", field], "msg": OUT_OF_RANGE} in response.json()["detail"]
    mine.refresh_from_db()
    assert mine.starts_at == START


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_details_form_extreme_date_times_are_refused_next_to_the_field(client, mine, organiser, moment):
    client.force_login(organiser)
    data = {
        "title": mine.title,
        "time_zone": "Pacific/Kiritimati",
        "starts_at": moment,
        "ends_at": "2026-06-01T19:00",
        "format": "in_person",
    }
    response = client.post(reverse("events:manage_event", args=[mine.slug]), data)
    assert response.status_code == 200
    assert OUT_OF_RANGE in text(response)
    data.update(starts_at="2026-06-01T10:00", ends_at=moment, time_zone="Etc/GMT+12")
    response = client.post(reverse("events:manage_event", args=[mine.slug]), data)
    assert response.status_code == 200
    assert OUT_OF_RANGE in text(response)


def test_event_create_extreme_date_times_are_refused(cast):
    with pytest.raises(ValidationError) as error:
        services.event_create(
            by=cast.secretariat,
            title="Far",
            time_zone="UTC",
            starts_at=datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
            ends_at=datetime(9999, 12, 31, 23, 30, tzinfo=UTC),
        )
    assert error.value.message_dict == {"starts_at": [OUT_OF_RANGE], "ends_at": [OUT_OF_RANGE]}


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("Etc/GMT+12", datetime(2000, 1, 1, 0, 0, tzinfo=UTC)),
        ("Pacific/Kiritimati", datetime(2100, 12, 20, tzinfo=UTC)),
    ],
)
def test_exports_and_run_of_show_at_the_boundaries_do_not_fail(client, cast, zone, start):
    event = new_event("Boundary", start=start, end=start.replace(day=start.day + 1), zone=zone)
    services.event_publish(event=event, by=None)  # before the overrun: an overrunning draft is not published
    for title in ("Long", "Longer"):  # two items of a day each (the longest an item may be): an overrun
        services.agenda_item_add(event=event, by=None, title=title, duration_minutes=services.MAX_ITEM_MINUTES)
    for name in ("programme", "calendar", "schedule_json", "schedule_xml", "countdown", "run_state"):
        assert client.get(reverse(f"events:{name}", args=[event.slug])).status_code == 200, name
    assert client.get(f"/api/events/{event.slug}").status_code == 200
    live.run_state(event, private=True)
    assert selectors.flags(event).fit == "overrun"


# --- Data protection: the organiser's people picker ----------------------------------------------------


@pytest.fixture
def stranger(alliance):
    """Someone of the network with no role in the organiser's events."""
    return Person.objects.create(name="Zora Stranger", title="Head of secret unit", organisation=alliance.fao)


@pytest.fixture
def known(mine):
    person = Person.objects.create(name="Kim Known")
    services.participation_add(event=mine, by=None, person=person, role="speaker")
    return person


def test_people_picker_lists_the_organisers_own_people_not_the_network(client, organiser, mine, known, stranger):
    client.force_login(organiser)
    page = text(client.get(reverse("events:manage_people", args=[mine.slug])))
    assert f'<option value="{known.pk}">' in page
    assert "Zora Stranger" not in page and "Head of secret unit" not in page
    other = Person.objects.exclude(participations__event=mine).exclude(pk=stranger.pk).first()
    assert other is None or f'<option value="{other.pk}">' not in page


def test_people_picker_of_the_secretariat_is_the_whole_network(secretariat_client, mine, stranger):
    page = text(secretariat_client.get(reverse("events:manage_people", args=[mine.slug])))
    assert "Zora Stranger — Head of secret unit" in page


def test_people_exact_search_finds_a_person_by_full_name_only(client, organiser, mine, stranger):
    client.force_login(organiser)
    url = reverse("events:manage_people", args=[mine.slug])
    page = text(client.get(url, {"find": "Zora"}))
    assert "Zora Stranger" not in page
    assert "No one in the network is called “Zora”." in page
    page = text(client.get(url, {"find": "  zora   STRANGER "}))
    assert "1 person is called “zora STRANGER”: choose them in the list below." in page
    assert f'<option value="{stranger.pk}"' in page
    assert "Head of secret unit" not in page
    response = client.post(
        reverse("events:manage_people_add", args=[mine.slug]),
        {"add-find": "zora stranger", "add-person": stranger.pk, "add-role": "speaker", "add-confirmation": "invited"},
        follow=True,
    )
    assert "Zora Stranger is added as speaker." in text(response)
    assert stranger.participations.get().event == mine


def test_people_add_of_someone_neither_known_nor_searched_is_refused(client, organiser, mine, stranger):
    client.force_login(organiser)
    page = text(
        client.post(
            reverse("events:manage_people_add", args=[mine.slug]),
            {"add-person": stranger.pk, "add-role": "speaker", "add-confirmation": "invited"},
        )
    )
    assert "Choose one of the people of your events, or find someone by their full name." in page
    assert not stranger.participations.exists()


def test_api_add_participant_by_id_only_for_the_organisers_own_people(client, organiser, mine, known, stranger):
    url = f"/api/events/{mine.slug}/participants"

    def post(body):
        return client.post(url, data=body, content_type="application/json", headers=auth(organiser))

    refused = post({"person": stranger.pk, "role": "panelist"})
    unknown = post({"person": 999999, "role": "panelist"})
    assert refused.status_code == unknown.status_code == 422
    assert refused.json() == unknown.json()
    assert "Zora" not in refused.content.decode()
    assert post({"person": known.pk, "role": "panelist"}).status_code == 201
    added = post({"person_name": "Zora  Stranger", "role": "panelist"})
    assert added.status_code == 201, added.json()
    assert added.json()["person"] == {"id": stranger.pk, "name": "Zora Stranger"}


def test_api_people_search_is_exact_and_for_editors_only(client, organiser, mine, stranger, cast):
    url = f"/api/events/{mine.slug}/people"
    found = client.get(url, {"name": "zora stranger"}, headers=auth(organiser)).json()
    assert found == [{"id": stranger.pk, "name": "Zora Stranger", "organisation": stranger.organisation.name}]
    assert client.get(url, {"name": "Zora"}, headers=auth(organiser)).json() == []
    assert client.get(url, {"name": "Zora Stranger"}, headers=auth(cast.outsider)).status_code == 404


def test_participation_add_refuses_a_person_the_organiser_may_not_choose(organiser, mine, known, stranger, cast):
    with pytest.raises(ValidationError) as error:
        services.participation_add(event=mine, by=organiser, person=stranger, role="speaker")
    assert error.value.message_dict == {
        "person": ["Choose one of the people of your events, or find someone by their full name."]
    }
    services.participation_add(event=mine, by=organiser, person=known, role="panelist")
    services.participation_add(event=mine, by=organiser, person=stranger, role="speaker", found_by_name="zora stranger")
    assert stranger.participations.get().event == mine
    other = Person.objects.create(name="Other Stranger")
    services.participation_add(event=mine, by=cast.secretariat, person=other, role="speaker")


def test_run_console_of_a_draft_one_may_not_run_is_404_as_an_unknown_event(client, organiser, their_draft):
    client.force_login(organiser)
    for slug in (their_draft.slug, "no-such-event"):
        assert client.get(reverse("events:run", args=[slug])).status_code == 404
        assert client.post(reverse("events:run_control", args=[slug]), {"action": "start"}).status_code == 404
