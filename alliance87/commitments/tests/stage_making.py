"""An event to follow up, for the stage's tests (services, pages, browser): a published side event that took
place, with Free the Slaves as organiser, a speaker from Nestlé, one agenda item, and its organiser."""

import datetime

from django.utils import timezone

from alliance87.accounts.models import Role
from alliance87.events.models import AgendaItem, Event, EventOrganisation, Participation
from alliance87.network.models import Person
from alliance87.testing import make_user


def past_event(alliance, *, slug: str = "follow-up-example", days_ago: int = 2, **fields) -> Event:
    start = timezone.now() - datetime.timedelta(days=days_ago)
    values = {
        "title": "Side event to follow up (example)",
        "time_zone": "UTC",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "status": "published",
        "is_example": True,
    }
    values.update(fields)
    event = Event.objects.create(slug=slug, **values)
    EventOrganisation.objects.create(event=event, organisation=alliance.free_the_slaves)
    item = AgendaItem.objects.create(event=event, position=1, title="Panel (example)", duration_minutes=60)
    speaker = Person.objects.create(name="Speaker (example)", organisation=alliance.nestle)
    Participation.objects.create(event=event, agenda_item=item, person=speaker, role="speaker")
    return event


def organiser_of(event, email: str | None = None):
    return make_user(email or f"organiser-{event.slug}@example.org", Role.EVENT_ORGANISER, event)
