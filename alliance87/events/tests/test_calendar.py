"""iCalendar exports, checked with two independent parsers (icalendar and vobject), as RFC 5545 files."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from alliance87.events import services

UTC = datetime.UTC
CASABLANCA = ZoneInfo("Africa/Casablanca")


@pytest.fixture
def published(side_event):
    return services.event_publish(event=side_event, by=None)


def test_event_calendar_has_the_event_and_its_five_items_in_local_time(client, published):
    response = client.get(f"/events/{published.slug}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{published.slug}.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 6
    whole = events[0]
    assert str(whole["summary"]) == "Alliance 8.7: 10 years of Partnership and Action"
    start, end = whole["dtstart"].dt, whole["dtend"].dt
    assert (start.hour, start.minute, end.hour, end.minute) == (16, 30, 18, 0)
    assert start.astimezone(UTC) == datetime.datetime(2026, 2, 11, 15, 30, tzinfo=UTC)
    assert whole["dtstart"].params["TZID"] == "Africa/Casablanca"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Africa/Casablanca"]
    item_starts = [e["dtstart"].dt.astimezone(CASABLANCA).strftime("%H:%M") for e in events[1:]]
    assert item_starts == ["16:30", "16:35", "17:10", "17:15", "17:50"]
    assert len({str(e["uid"]) for e in events}) == 6


def test_event_calendar_parses_with_vobject_too(client, published):
    parsed = vobject.readOne(client.get(f"/events/{published.slug}/calendar.ics").content.decode())
    assert parsed.validate()
    first = parsed.vevent_list[0]
    # Local wall-clock times and the zone's name; vobject (through dateutil's tzical) misreads
    # Morocco's several Ramadan transitions in the VTIMEZONE, so the UTC instant is checked with
    # the icalendar parser above, which reads them right.
    start, end = first.dtstart.value, first.dtend.value
    assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (
        datetime.datetime(2026, 2, 11, 16, 30),
        datetime.datetime(2026, 2, 11, 18, 0),
    )
    assert first.dtstart.params.get("X-VOBJ-ORIGINAL-TZID") == ["Africa/Casablanca"]
    assert len(parsed.vevent_list) == 6


def test_item_calendar_has_only_that_item_with_its_people(client, published):
    item = published.items.order_by("position")[1]
    calendar = Calendar.from_ical(client.get(f"/events/{published.slug}/items/{item.pk}/calendar.ics").content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]).startswith("Conversation I: Global Leadership and Shared Priorities")
    description = str(entry["description"])
    assert (
        "Minister of Economic Inclusion, Small Business, Employment and Skills of the Kingdom of Morocco ("
        in description
    )
    assert "Younes Sekkouri" not in description  # no consent to be named is recorded
    assert entry["dtstart"].dt.astimezone(UTC) == datetime.datetime(2026, 2, 11, 15, 35, tzinfo=UTC)


def test_calendar_of_a_draft_or_another_events_item_is_404(client, side_event, published):
    assert client.get(f"/events/{published.slug}/items/999999/calendar.ics").status_code == 404
    services.event_publish(event=published, by=None, published=False)
    assert client.get(f"/events/{published.slug}/calendar.ics").status_code == 404
