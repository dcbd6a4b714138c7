"""Event pages. Thin: read through selectors, render."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from alliance87.pagecache import public_page

from . import selectors
from .exports import event_ics


@public_page
def programme(request, slug: str):
    event = selectors.published_event_for_page(slug)
    return render(
        request,
        "events/programme.html",
        {
            "event": event,
            "agenda": selectors.agenda_with_times(event),
            "local_start": event.starts_at.astimezone(event.zone),
            "local_end": event.ends_at.astimezone(event.zone),
        },
    )


@public_page
def calendar(request, slug: str, item_pk: int | None = None):
    """“Add to calendar”: the event (or one agenda item) as an iCalendar file."""
    event = selectors.published_event_for_page(slug)
    if item_pk is not None and not event.items.filter(pk=item_pk).exists():
        raise Http404
    response = HttpResponse(event_ics(event, item_pk=item_pk), content_type="text/calendar; charset=utf-8")
    name = f"{event.slug}-{item_pk}.ics" if item_pk else f"{event.slug}.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
