"""The events index (``/events/``): what is happening now, what is coming, what took place.

Public and cached for anonymous visitors until the next event starts or ends (``whats_on``); a
signed-in organiser or moderator also sees the drafts they may see (rule ``events.view_event``),
marked as drafts and linked to their own pages, since a draft has no public programme.
"""

from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from .. import whats_on
from ..vocab import EventStatus


def _link(event, user) -> str:
    if event.status == EventStatus.PUBLISHED:
        return event.get_absolute_url()
    if user.has_perm("events.edit_event", event):
        return reverse("events:manage_event", args=[event.slug])
    return reverse("events:run", args=[event.slug])  # a moderator's draft: the run-of-show is theirs


def index(request):
    now = timezone.now()
    listing = whats_on.events_index(request.user, now=now)
    for event in [*listing.now, *listing.upcoming, *listing.past]:
        event.url = _link(event, request.user)
        event.local_start = event.starts_at.astimezone(event.zone)
        event.local_end = event.ends_at.astimezone(event.zone)
    response = render(request, "events/index.html", {"listing": listing})
    return whats_on.cacheable_until(response, whats_on.next_change(now=now, banners=[]), now=now)


urls = [path("events/", index, name="index")]
