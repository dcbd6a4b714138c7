"""The template side of ``alliance87.dates`` (a built-in library: no ``{% load %}`` needed).

Filters give text, in the active language and time zone (the event's inside
``{% timezone event.time_zone %}``, UTC elsewhere), and fit anywhere, ``<title>`` and
``{% blocktranslate with %}`` included::

    {{ d|day }}          11 February 2026
    {{ d|weekday }}      Wednesday 11 February 2026
    {{ d|weekday_without_year }}  Wednesday 11 February (the days of one conference)
    {{ dt|day_time }}    11 February 2026, 16:30 WET
    {{ dt|day_time:banner.event }}  the same in the event's zone (its ``time_zone``; none: the active zone)
    {{ dt|clock }}       16:30
    {{ dt|zone }}        WET (UTC+1 where the zone has no letters)
    {{ dt|utc_offset }}  +1

The range tags give HTML, each end in a ``<time datetime="…">`` a machine can read::

    {% time_range event.starts_at event.ends_at weekday=True %}   Wednesday 11 February 2026, 16:30–18:00 WET
    {% clock_range slot.starts_at slot.ends_at %}                16:30–18:00
    {% date_range first_day last_day %}                          11–13 February 2026 (text)
"""

from django import template
from django.utils.html import format_html

from alliance87 import dates

register = template.Library()


def _iso(value, tz=None) -> str:
    return dates.local(value, tz).isoformat()


def _tz(arg):
    """A filter's zone: a name, or an object with a ``time_zone`` (an event; ``None`` when there is none,
    and then the active zone)."""
    return getattr(arg, "time_zone", arg)


@register.filter
def day(value, tz=None):
    return dates.day(value, _tz(tz)) if value not in (None, "") else ""


@register.filter
def weekday(value, tz=None):
    return dates.day(value, _tz(tz), weekday=True) if value not in (None, "") else ""


@register.filter
def weekday_without_year(value, tz=None):
    return dates.day(value, _tz(tz), weekday=True, year=False) if value not in (None, "") else ""


@register.filter
def day_time(value, tz=None):
    return dates.day_time(value, _tz(tz)) if value not in (None, "") else ""


@register.filter
def clock(value, tz=None):
    return dates.clock(value, _tz(tz)) if value not in (None, "") else ""


@register.filter
def zone(value, tz=None):
    return dates.zone(value, _tz(tz)) if value not in (None, "") else ""


@register.filter
def utc_offset(value, tz=None):
    return dates.utc_offset(value, _tz(tz)) if value not in (None, "") else ""


@register.simple_tag
def time_range(start, end, tz=None, *, weekday=False, zone=True):
    tz = _tz(tz)
    parts = dates.time_range_parts(start, end, tz, weekday=weekday, with_zone=zone)
    return format_html(
        '<time datetime="{}">{}</time>{}<time datetime="{}">{}</time>{}',
        _iso(start, tz),
        parts.start,
        parts.dash + ("\u2060" if parts.dash == dates.DASH else ""),  # "16:30–" never ends a line alone
        _iso(end, tz),
        parts.end,
        parts.zone_suffix,
    )


@register.simple_tag
def clock_range(start, end, tz=None):
    tz = _tz(tz)
    return format_html(
        '<time datetime="{}">{}</time>{}<time datetime="{}">{}</time>',
        _iso(start, tz),
        dates.clock(start, tz),
        dates.DASH,
        _iso(end, tz),
        dates.clock(end, tz),
    )


@register.simple_tag
def date_range(start, end, tz=None):
    return dates.date_range(start, end, _tz(tz))
