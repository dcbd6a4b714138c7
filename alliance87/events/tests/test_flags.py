"""The organiser's checks: fit, titles, leads, clashes across events, confirmations close to the date."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from alliance87.accounts.models import Role
from alliance87.events import selectors, services
from alliance87.events.models import Event
from alliance87.network.models import Person
from alliance87.testing import make_user

# The seed's side event: 11 February 2026, 16:30-18:00 in Marrakech (15:30-17:00 UTC).
SEED_START = datetime(2026, 2, 11, 15, 30, tzinfo=UTC)


def other_event(cast, *, title="Partner session", start=SEED_START, minutes=60, **fields) -> Event:
    return services.event_create(
        by=cast.secretariat,
        title=title,
        time_zone="Africa/Casablanca",
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        **fields,
    )


def moderator(event) -> Person:
    return Person.objects.get(name="Bukeni Waruzi")


# --- The seed ---------------------------------------------------------------------------------


def test_flags_of_the_seed_fit_exactly_and_name_the_ministers_two_titles(side_event):
    flags = selectors.flags(side_event, now=SEED_START - timedelta(days=60))
    assert (flags.fit, flags.fit_minutes) == ("fits", 0)
    assert side_event.slot_minutes == 90
    (conflict,) = flags.title_conflicts
    assert conflict.person.name == "Younes Sekkouri"
    assert conflict.titles == [
        "Minister of Economic Inclusion, Small Business, Employment and Skills of the Kingdom of Morocco",
        "Minister of Labour",
    ]
    assert flags.items_without_lead == []
    assert flags.person_conflicts == []
    assert flags.unconfirmed == [] and flags.confirmations == "later"
    assert flags.problem_count == 1


def test_flags_panel_shows_the_fit_and_the_title_conflict_in_words(client, side_event):
    client.force_login(make_user("organiser@example.org", Role.EVENT_ORGANISER, side_event))
    page = client.get(reverse("events:manage_event", args=[side_event.slug])).content.decode()
    assert "The items fill the slot exactly" in page
    assert "<strong>Younes Sekkouri</strong> is printed with 2 different titles:" in page
    assert "“Minister of Labour”" in page
    assert "Every item has a lead" in page
    assert "No one is expected in another event at the same time" in page


@pytest.mark.parametrize(
    ("change", "words"),
    [(-15, "15 minutes left unplanned"), (10, "Over by 10 minutes"), (-1, "1 minute left unplanned")],
)
def test_flags_panel_says_the_gap_or_overrun_in_minutes(client, cast, side_event, change, words):
    conversation = side_event.items.get(position=2)  # 35 minutes
    services.agenda_item_update(
        item=conversation, by=cast.secretariat, duration_minutes=conversation.duration_minutes + change
    )
    fit = selectors.flags(side_event)
    assert (fit.fit, fit.fit_minutes) == ("gap" if change < 0 else "overrun", abs(change))
    client.force_login(make_user("organiser@example.org", Role.EVENT_ORGANISER, side_event))
    page = client.get(reverse("events:manage_agenda", args=[side_event.slug])).content.decode()
    assert words in page
    assert "in a slot of 90 minutes" in page


def test_items_without_lead_are_flagged(cast, side_event):
    video = side_event.items.get(position=3)
    video.participations.filter(is_lead=True).update(is_lead=False)
    assert [item.title for item in selectors.flags(side_event).items_without_lead] == [video.title]


# --- People in two places at once -----------------------------------------------------------------


def test_person_conflict_across_events_by_derived_times(cast, side_event):
    # Another event in the same building at 17:00-18:00 local, with the moderator on its panel.
    other = other_event(cast, start=SEED_START + timedelta(minutes=30))
    services.agenda_item_add(event=other, by=cast.secretariat, title="Welcome", duration_minutes=20)
    panel = services.agenda_item_add(event=other, by=cast.secretariat, title="Panel", duration_minutes=40)
    services.participation_add(
        event=other, by=cast.secretariat, person=moderator(side_event), role="panelist", agenda_item=panel
    )

    conflicts = selectors.person_conflicts(side_event)
    # Bukeni moderates the whole event (16:30-18:00) and Conversation II (17:15-17:50) here; the panel
    # there runs 17:20-18:00, derived from the 20-minute welcome before it.
    assert {(c.person.name, c.here.item.title if c.here.item else "whole event") for c in conflicts} == {
        ("Bukeni Waruzi", "whole event"),
        ("Bukeni Waruzi", "Conversation II: Partnership in Action"),
    }
    clash = next(c for c in conflicts if c.here.item is not None)
    assert clash.there.event == other and clash.there.item == panel
    assert clash.there.starts_at.strftime("%H:%M") == "17:20"
    assert clash.here.starts_at.strftime("%H:%M") == "17:15"
    # The same clash, seen from the other event.
    assert [(c.person.name, c.there.event) for c in selectors.person_conflicts(other)][0] == (
        "Bukeni Waruzi",
        side_event,
    )


def test_person_conflict_follows_the_derived_times_when_the_agenda_changes(cast, side_event):
    other = other_event(cast, start=SEED_START + timedelta(minutes=80), minutes=30)  # 17:50-18:20 local
    talk = services.agenda_item_add(event=other, by=cast.secretariat, title="Talk", duration_minutes=30)
    services.participation_add(
        event=other,
        by=cast.secretariat,
        person=Person.objects.get(name="Parul Mehra"),
        role="speaker",
        agenda_item=talk,
    )
    assert selectors.person_conflicts(side_event) == []  # Conversation II, her item, ends at 17:50
    opening = side_event.items.get(position=1)
    services.agenda_item_update(item=opening, by=cast.secretariat, duration_minutes=10)  # now ends at 17:55
    (conflict,) = selectors.person_conflicts(side_event)
    assert conflict.person.name == "Parul Mehra"
    assert conflict.here.ends_at.strftime("%H:%M") == "17:55"


def test_whole_event_roles_count_for_the_events_slot(cast, side_event):
    chair = Person.objects.get(name="Claudia Fuentes Julio")
    other = other_event(cast, start=SEED_START - timedelta(minutes=30), minutes=45)  # 16:00-16:45 local
    services.participation_add(event=other, by=cast.secretariat, person=chair, role="host")
    conflicts = selectors.person_conflicts(side_event)
    assert {c.person.name for c in conflicts} == {"Claudia Fuentes Julio"}
    assert any(c.here.item is None and c.there.item is None for c in conflicts)  # chair here, host there


def test_a_conference_role_does_not_clash_with_its_own_side_event(cast, side_event):
    conference = other_event(cast, title="6th Global Conference", start=SEED_START - timedelta(hours=6), minutes=720)
    services.event_update(event=side_event, by=cast.secretariat, parent=conference)
    services.participation_add(event=conference, by=cast.secretariat, person=moderator(side_event), role="host")
    assert selectors.person_conflicts(side_event) == []
    assert selectors.person_conflicts(conference) == []


def test_no_conflict_for_events_on_other_days(cast, side_event):
    other = other_event(cast, start=SEED_START + timedelta(days=1))
    services.participation_add(event=other, by=cast.secretariat, person=moderator(side_event), role="moderator")
    assert selectors.person_conflicts(side_event) == []


def test_person_conflicts_take_four_queries_however_many_events(cast, side_event, django_assert_num_queries):
    for n in range(3):
        other = other_event(cast, title=f"Parallel {n}", start=SEED_START + timedelta(minutes=10 * n))
        item = services.agenda_item_add(event=other, by=cast.secretariat, title="Talk", duration_minutes=60)
        services.participation_add(
            event=other, by=cast.secretariat, person=moderator(side_event), role="speaker", agenda_item=item
        )
    with django_assert_num_queries(4):
        conflicts = selectors.person_conflicts(side_event)
    assert len({c.there.event.pk for c in conflicts}) == 3


def test_flags_panel_names_the_clash_with_the_other_event(client, cast, side_event):
    other = other_event(cast, title="Partner session", start=SEED_START + timedelta(minutes=30))
    panel = services.agenda_item_add(event=other, by=cast.secretariat, title="Panel", duration_minutes=60)
    services.participation_add(
        event=other, by=cast.secretariat, person=moderator(side_event), role="panelist", agenda_item=panel
    )
    services.event_publish(event=other, by=cast.secretariat)  # someone else's draft is not named (test_security)
    client.force_login(make_user("organiser@example.org", Role.EVENT_ORGANISER, side_event))
    page = client.get(reverse("events:manage_people", args=[side_event.slug])).content.decode()
    assert "<strong>Bukeni Waruzi</strong> is expected in two places at once:" in page
    assert "“Panel” in “Partner session”" in page


# --- Confirmations close to the date ------------------------------------------------------------


def test_unconfirmed_close_to_date_waits_until_two_weeks_before(side_event):
    assert selectors.unconfirmed_close_to_date(side_event, now=SEED_START - timedelta(days=15)) == []


def test_unconfirmed_close_to_date_lists_the_ministers_two_roles(side_event):
    unconfirmed = selectors.unconfirmed_close_to_date(side_event, now=SEED_START - timedelta(days=5))
    assert [(p.person.name, p.agenda_item.position, p.confirmation) for p in unconfirmed] == [
        ("Younes Sekkouri", 2, "tbc"),
        ("Younes Sekkouri", 5, "tbc"),
    ]


def test_unconfirmed_close_to_date_counts_invited_and_respects_days(cast, side_event):
    parul = side_event.participations.get(person__name="Parul Mehra")
    services.participation_update(participation=parul, by=cast.secretariat, confirmation="invited")
    now = SEED_START - timedelta(days=20)
    assert selectors.unconfirmed_close_to_date(side_event, now=now) == []
    names = [p.person.name for p in selectors.unconfirmed_close_to_date(side_event, now=now, days=30)]
    assert names == ["Younes Sekkouri", "Parul Mehra", "Younes Sekkouri"]


def test_unconfirmed_close_to_date_stops_once_the_event_is_over(side_event):
    assert selectors.unconfirmed_close_to_date(side_event, now=SEED_START + timedelta(hours=2)) == []
    assert selectors.flags(side_event, now=SEED_START + timedelta(hours=2)).confirmations == "over"


def test_flags_panel_lists_unconfirmed_people_close_to_the_date(client, side_event, monkeypatch):
    from django.utils import timezone  # noqa: PLC0415 -- the clock is mocked at the process edge, for this test

    monkeypatch.setattr(timezone, "now", lambda: SEED_START - timedelta(days=3))
    client.force_login(make_user("organiser@example.org", Role.EVENT_ORGANISER, side_event))
    page = client.get(reverse("events:manage_event", args=[side_event.slug])).content.decode()
    assert "The event starts in 3 days;" in page
    assert "2 roles are not confirmed:" in page
    assert (
        ">Younes Sekkouri</a>, panelist (Conversation I: Global Leadership and Shared Priorities): to be confirmed"
        in page
    )
    assert ">Younes Sekkouri</a>, speaker (Communication Activity" in page
