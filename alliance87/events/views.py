"""Event pages. Thin: read through selectors, render."""

from django.shortcuts import render

from alliance87.pagecache import public_page

from . import selectors


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
