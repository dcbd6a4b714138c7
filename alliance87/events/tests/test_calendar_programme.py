"""The calendar file of a whole programme: a conference's holds every item of its sessions, and every
file says who is still to be confirmed, as the programme page does."""

import pytest
from icalendar import Calendar

from alliance87.events.models import AgendaItem
from alliance87.events.synthetic import Shape, build_conference
from alliance87.events.vocab import Confirmation, EventStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    return build_conference(Shape(items=18, rooms=2, days=2, people=12))


def vevents(client, path: str) -> dict[str, object]:
    response = client.get(path)
    assert response.status_code == 200
    return {str(entry["uid"]): entry for entry in Calendar.from_ical(response.content).walk("VEVENT")}


def test_conference_calendar_holds_every_item_of_its_sessions(client, conference):
    entries = vevents(client, f"/events/{conference.slug}/calendar.ics")
    items = AgendaItem.objects.filter(event__parent=conference)
    assert set(entries) == {f"event-{conference.pk}@alliance87"} | {f"item-{item.pk}@alliance87" for item in items}
    item = items.select_related("event").order_by("event__starts_at", "event__room", "position").first()
    entry = entries[f"item-{item.pk}@alliance87"]
    assert str(entry["summary"]).startswith(f"{item.title} — {item.event.title}")
    assert str(entry["location"]).startswith(item.event.room)
    assert entry["dtstart"].dt == item.event.starts_at  # the session's first item starts with it
    assert str(entry["url"]).endswith(f"/events/{item.event.slug}/#item-{item.pk}")
    whole = entries[f"event-{conference.pk}@alliance87"]
    assert str(whole["description"]).count("Example session") == 12  # its sessions, each with its day


def test_conference_calendar_leaves_out_draft_sessions(client, conference):
    draft = conference.side_events.order_by("starts_at").first()
    draft.status = EventStatus.DRAFT
    draft.save()
    entries = vevents(client, f"/events/{conference.slug}/calendar.ics")
    assert not any(f"item-{item.pk}@alliance87" in entries for item in draft.items.all())
    assert len(entries) == 1 + AgendaItem.objects.filter(event__parent=conference).exclude(event=draft).count()


def test_calendar_says_to_be_confirmed_in_summary_and_description(client, conference):
    entries = vevents(client, f"/events/{conference.slug}/calendar.ics")
    tagged = untagged = 0
    for item in AgendaItem.objects.filter(event__parent=conference).prefetch_related("participations"):
        entry = entries[f"item-{item.pk}@alliance87"]
        summary, description = str(entry["summary"]), str(entry["description"])
        people = list(item.participations.all())
        if any(p.confirmation == Confirmation.TBC for p in people):
            tagged += 1
            assert summary.endswith(" (to be confirmed)")
        else:
            untagged += 1
            assert "to be confirmed" not in summary
        for participation in people:
            role = participation.get_role_display()
            line = next(line for line in description.splitlines() if f"({role}" in line)
            assert line.endswith(f"({role}, to be confirmed)") == (participation.confirmation == Confirmation.TBC)
    assert tagged and untagged  # the synthetic people are confirmed, to be confirmed or invited, in turn


def test_side_event_item_calendar_says_to_be_confirmed(client, side_event):
    from alliance87.events import services  # noqa: PLC0415

    event = services.event_publish(event=side_event, by=None)
    participation = event.participations.filter(agenda_item__isnull=False).select_related("agenda_item").first()
    participation.confirmation = Confirmation.TBC
    participation.save()
    item = participation.agenda_item
    (entry,) = vevents(client, f"/events/{event.slug}/items/{item.pk}/calendar.ics").values()
    assert str(entry["summary"]) == f"{item.title} — {event.title} (to be confirmed)"
    assert f"({participation.get_role_display()}, to be confirmed)" in str(entry["description"])
