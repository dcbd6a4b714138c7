"""Exports of an event: iCalendar (RFC 5545), with the event's own time zone."""

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from . import selectors
from .models import Event

PRODID = "-//Alliance 8.7//Platform//EN"


def _people(scheduled) -> str:
    return "\n".join(
        f"{p.person.name}" + (f", {p.printed_title}" if p.printed_title else "") + f" ({p.get_role_display()})"
        for p in scheduled.participations
    )


def event_ics(event: Event, *, item_pk: int | None = None) -> bytes:
    """The event and each of its agenda items as VEVENTs (or only one item), times in the event's zone.

    The VTIMEZONE is generated from the IANA zone, so calendar apps show the right local time even
    where the zone's rules changed (Morocco's UTC+1 with its Ramadan exceptions, for instance).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.title)
    calendar.add("x-wr-timezone", event.time_zone)
    zone = event.zone
    stamp = datetime.now(UTC)
    url = settings.SITE_ROOT + reverse("events:programme", args=[event.slug])
    agenda = selectors.agenda_with_times(event)
    if item_pk is None:
        whole = CalendarEvent()
        whole.add("uid", f"event-{event.pk}@alliance87")
        whole.add("dtstamp", stamp)
        whole.add("dtstart", event.starts_at.astimezone(zone))
        whole.add("dtend", event.ends_at.astimezone(zone))
        whole.add("summary", event.title)
        whole.add("location", ", ".join(filter(None, [event.room, event.venue])))
        whole.add("description", "\n".join(f"{s.starts_at:%H:%M} {s.item.title}" for s in agenda))
        whole.add("url", url)
        calendar.add_component(whole)
    for scheduled in agenda:
        if item_pk is not None and scheduled.item.pk != item_pk:
            continue
        entry = CalendarEvent()
        entry.add("uid", f"item-{scheduled.item.pk}@alliance87")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", scheduled.starts_at)
        entry.add("dtend", scheduled.ends_at)
        entry.add("summary", f"{scheduled.item.title} — {event.title}")
        entry.add("location", ", ".join(filter(None, [event.room, event.venue])))
        entry.add("description", "\n\n".join(filter(None, [scheduled.item.description, _people(scheduled)])))
        entry.add("url", url)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
