"""Reads for the artwork's pages that more than one view needs: the help lines the phone page shows, the link
to the banner's event's programme."""

from django.core.cache import cache
from django.urls import reverse

from alliance87.translations import localised

from .models import Banner, HelpLine

HELP_LINES_KEY = "artwork:help-lines:v1"
HELP_LINES_SECONDS = 300
SHOWN = ("country", "name", "phone", "web_address", "languages", "hours", "notes")


def help_lines_changed() -> None:
    """Forget the cached help lines (after any change to them)."""
    cache.delete(HELP_LINES_KEY)


def _active_lines() -> list[dict]:
    lines = cache.get(HELP_LINES_KEY)
    if lines is None:
        lines = [
            {**row, "country": str(row["country"] or "")}
            for row in HelpLine.objects.filter(active=True).order_by("name", "pk").values(*SHOWN)
        ]
        cache.set(HELP_LINES_KEY, lines, HELP_LINES_SECONDS)
    return lines


def help_lines_for(country: str = "") -> dict:
    """The help lines for a contributor: those of ``country`` (an ISO 3166 code, when they gave one), and the
    lines for everyone. Read from the cache: the phone page is opened by hundreds of people at once."""
    country = (country or "").upper()
    lines = _active_lines()
    return {
        "country": [line for line in lines if country and line["country"] == country],
        "everywhere": [line for line in lines if not line["country"]],
    }


def programme_link(banner: Banner) -> dict | None:
    """The programme of the banner's event, when the event is published: its address and title."""
    from alliance87.events.vocab import EventStatus

    event = banner.event if banner.event_id else None
    if event is None or event.status != EventStatus.PUBLISHED:
        return None
    return {"url": reverse("events:programme", args=[event.slug]), "title": localised(event, "title")}
