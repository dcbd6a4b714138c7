from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alliance87.events import selectors, services
from alliance87.events.models import Event
from alliance87.testing import make_user

START = datetime(2026, 2, 11, 15, 30, tzinfo=UTC)
END = datetime(2026, 2, 11, 17, 0, tzinfo=UTC)


@pytest.fixture
def event(cast):
    return services.event_create(
        by=cast.secretariat, title="Side event", time_zone="Africa/Casablanca", starts_at=START, ends_at=END
    )


def titles(event):
    return list(event.items.order_by("position").values_list("title", flat=True))


def test_event_create_unknown_time_zone_names_the_field(cast):
    with pytest.raises(ValidationError) as error:
        services.event_create(by=cast.secretariat, title="X", time_zone="Mars/Olympus", starts_at=START, ends_at=END)
    assert error.value.message_dict == {
        "time_zone": ["“Mars/Olympus” is not a known time zone; use an IANA name such as Africa/Casablanca."]
    }
    assert not Event.objects.exists()


def test_event_create_end_before_start_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        services.event_create(by=cast.secretariat, title="X", time_zone="UTC", starts_at=END, ends_at=START)
    assert error.value.message_dict["ends_at"] == ["The event must end after it starts."]


def test_event_create_outsider_is_refused(cast):
    with pytest.raises(PermissionDenied):
        services.event_create(by=cast.outsider, title="X", time_zone="UTC", starts_at=START, ends_at=END)


def test_event_create_records_who_and_slug(cast, event):
    assert event.slug == "side-event"
    assert event.history.latest().history_user == cast.secretariat


@pytest.mark.parametrize("minutes", [0, -5])
def test_agenda_item_add_zero_or_negative_duration_is_refused(cast, event, minutes):
    with pytest.raises(ValidationError) as error:
        services.agenda_item_add(event=event, by=cast.secretariat, title="Nothing", duration_minutes=minutes)
    assert error.value.message_dict == {"duration_minutes": ["An item must last at least one minute."]}
    assert not event.items.exists()


def test_agenda_item_add_outsider_is_refused(cast, event):
    with pytest.raises(PermissionDenied):
        services.agenda_item_add(event=event, by=cast.outsider, title="A", duration_minutes=5)


def test_agenda_item_move_reorders_and_times_follow(cast, event):
    for title, minutes in (("A", 10), ("B", 20), ("C", 30)):
        services.agenda_item_add(event=event, by=cast.secretariat, title=title, duration_minutes=minutes)
    c = event.items.get(title="C")
    services.agenda_item_move(item=c, by=cast.secretariat, position=1)
    assert titles(event) == ["C", "A", "B"]
    assert [s.starts_at.strftime("%H:%M") for s in selectors.agenda_with_times(event)] == ["16:30", "17:00", "17:10"]
    services.agenda_item_move(item=c, by=cast.secretariat, position=99)
    assert titles(event) == ["A", "B", "C"]
    assert list(event.items.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


def test_agenda_item_add_at_position_inserts(cast, event):
    services.agenda_item_add(event=event, by=cast.secretariat, title="A", duration_minutes=10)
    services.agenda_item_add(event=event, by=cast.secretariat, title="B", duration_minutes=10, position=1)
    assert titles(event) == ["B", "A"]


def test_fit_check_gap_and_overrun(cast, event):
    services.agenda_item_add(event=event, by=cast.secretariat, title="A", duration_minutes=60)
    assert selectors.fit_check(event) == ("gap", 30)
    services.agenda_item_add(event=event, by=cast.secretariat, title="B", duration_minutes=45)
    assert selectors.fit_check(event) == ("overrun", 15)


def test_items_without_lead_lists_unled_items_but_not_breaks(cast, alliance, event):
    led = services.agenda_item_add(event=event, by=cast.secretariat, title="Led", duration_minutes=10)
    services.agenda_item_add(event=event, by=cast.secretariat, title="Break", duration_minutes=10, kind="break")
    services.agenda_item_add(event=event, by=cast.secretariat, title="Unled", duration_minutes=10)
    person = alliance.free_the_slaves.people.first()
    services.participation_add(
        event=event, by=cast.secretariat, person=person, role="moderator", agenda_item=led, is_lead=True
    )
    assert [item.title for item in selectors.items_without_lead(event)] == ["Unled"]


def test_participation_add_item_of_other_event_is_refused(cast, alliance, event):
    other = services.event_create(by=cast.secretariat, title="Other", time_zone="UTC", starts_at=START, ends_at=END)
    item = services.agenda_item_add(event=other, by=cast.secretariat, title="A", duration_minutes=5)
    person = alliance.free_the_slaves.people.first()
    with pytest.raises(ValidationError) as error:
        services.participation_add(event=event, by=cast.secretariat, person=person, role="speaker", agenda_item=item)
    assert error.value.message_dict["agenda_item"] == ["This item belongs to another event."]


@pytest.fixture
def organiser(event):
    from alliance87.accounts.models import Role

    return make_user("organiser@example.org", Role.EVENT_ORGANISER, event)


def test_event_update_by_its_organiser_but_not_of_another_event(cast, event, organiser):
    services.event_update(event=event, by=organiser, title="Renamed", room="Room 2")
    event.refresh_from_db()
    assert (event.title, event.room) == ("Renamed", "Room 2")
    assert event.history.latest().history_user == organiser
    other = services.event_create(by=cast.secretariat, title="Other", time_zone="UTC", starts_at=START, ends_at=END)
    with pytest.raises(PermissionDenied):
        services.event_update(event=other, by=organiser, title="Mine now")


def test_event_update_refuses_unknown_zone_end_before_start_and_fixed_fields(cast, event):
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event, by=cast.secretariat, time_zone="Atlantis/Capital")
    assert list(error.value.message_dict) == ["time_zone"]
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event, by=cast.secretariat, ends_at=START)
    assert error.value.message_dict["ends_at"] == ["The event must end after it starts."]
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event, by=cast.secretariat, status="published", is_example=True)
    assert error.value.message_dict == {
        "is_example": ["This field cannot be changed here."],
        "status": ["This field cannot be changed here."],
    }


def test_agenda_item_update_delete_and_reorder(cast, event):
    for title, minutes in (("A", 10), ("B", 20), ("C", 30)):
        services.agenda_item_add(event=event, by=cast.secretariat, title=title, duration_minutes=minutes)
    a, b, c = event.items.order_by("position")
    with pytest.raises(ValidationError) as error:
        services.agenda_item_update(item=a, by=cast.secretariat, duration_minutes=0)
    assert error.value.message_dict == {"duration_minutes": ["An item must last at least one minute."]}
    services.agenda_item_update(item=a, by=cast.secretariat, title="  A2 ", duration_minutes=15)
    assert event.items.get(pk=a.pk).title == "A2"
    services.agenda_reorder(event=event, by=cast.secretariat, item_ids=[c.pk, a.pk, b.pk])
    assert titles(event) == ["C", "A2", "B"]
    with pytest.raises(ValidationError) as error:
        services.agenda_reorder(event=event, by=cast.secretariat, item_ids=[c.pk, a.pk])
    assert error.value.message_dict == {"items": ["The new order must list each item of this event exactly once."]}
    services.agenda_item_delete(item=c, by=cast.secretariat)
    assert titles(event) == ["A2", "B"]
    assert list(event.items.order_by("position").values_list("position", flat=True)) == [1, 2]
    with pytest.raises(PermissionDenied):
        services.agenda_item_delete(item=a, by=cast.outsider)


def test_participation_update_and_remove(cast, alliance, event):
    person = alliance.free_the_slaves.people.first()
    participation = services.participation_add(event=event, by=cast.secretariat, person=person, role="speaker")
    services.participation_update(
        participation=participation, by=cast.secretariat, confirmation="confirmed", name_consent=True
    )
    participation.refresh_from_db()
    assert (participation.confirmation, participation.public_name) == ("confirmed", person.name)
    with pytest.raises(ValidationError) as error:
        services.participation_update(participation=participation, by=cast.secretariat, person=None)
    assert error.value.message_dict == {"person": ["This field cannot be changed here."]}
    with pytest.raises(PermissionDenied):
        services.participation_remove(participation=participation, by=cast.partner_editor)
    services.participation_remove(participation=participation, by=cast.secretariat)
    assert not event.participations.exists()


def test_an_event_cannot_take_a_reserved_address(cast):
    event = services.event_create(by=cast.secretariat, title="Manage", time_zone="UTC", starts_at=START, ends_at=END)
    assert event.slug == "manage-2"
