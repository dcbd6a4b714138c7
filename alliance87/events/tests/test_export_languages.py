"""The event's files in the page's language: the calendar file (read by people) follows the address's
language; the schedule JSON and frab XML (read by conference apps) stay in English."""

import pytest
from icalendar import Calendar

from alliance87.events import services
from alliance87.events.management.commands.load_side_event import translate


@pytest.fixture
def event(side_event):
    translate(side_event)
    for item in side_event.items.all():
        translate(item)
    return services.event_publish(event=side_event, by=None)


def entries(body: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(body)
    return {str(c["uid"]): c for c in calendar.walk("VEVENT")}


def test_the_french_calendar_file_is_in_french(client, event):
    body = client.get(f"/fr/events/{event.slug}/calendar.ics").content
    calendar = Calendar.from_ical(body)
    assert str(calendar["x-wr-calname"]) == "Alliance 8.7 : 10 ans de partenariat et d’action"
    opening = event.items.order_by("position").first()
    entry = entries(body)[f"item-{opening.pk}@alliance87"]
    assert str(entry["summary"]).startswith("Allocution d’ouverture — Alliance 8.7 : 10 ans de partenariat")
    assert str(entry["description"]).startswith("Célébrer le 10e anniversaire")
    assert str(entry["url"]).endswith(f"/fr/events/{event.slug}/#item-{opening.pk}")
    whole = entries(body)[f"event-{event.pk}@alliance87"]
    assert "16:30 Allocution d’ouverture" in str(whole["description"])


def test_the_english_calendar_file_and_an_untranslated_item(client, event):
    opening = event.items.order_by("position").first()
    opening.translations = {}
    opening.save()
    french = entries(client.get(f"/fr/events/{event.slug}/calendar.ics").content)[f"item-{opening.pk}@alliance87"]
    assert str(french["summary"]).startswith("Opening remarks — Alliance 8.7 : 10 ans")  # falls back to English
    english = entries(client.get(f"/events/{event.slug}/calendar.ics").content)[f"item-{opening.pk}@alliance87"]
    assert str(english["summary"]).startswith("Opening remarks — Alliance 8.7: 10 years of Partnership and Action")


def test_the_machine_formats_stay_in_english(client, event):
    schedule_json = client.get(f"/fr/events/{event.slug}/schedule.json").content.decode()
    assert "Opening remarks" in schedule_json
    assert "Allocution" not in schedule_json
    xml = client.get(f"/fr/events/{event.slug}/schedule.xml").content.decode()
    assert "<title>Opening remarks</title>" in xml
    assert "<title>Allocution" not in xml  # (the kinds' and roles' labels follow the page, as before)
