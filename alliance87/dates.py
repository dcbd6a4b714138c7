"""Dates and times as a person reads them: one unambiguous style per language.

"11 February 2026, 16:30–18:00 WET": the day before the month, the month written out (never 02/11/2026,
never "Jui"), the 24-hour clock in every language, a range joined by an en dash and the time zone named
once, at the end. The written-out forms come from the format modules (``alliance87/formats/<lang>/``), so
every function speaks the active language: a page's, or an e-mail's (``notify`` activates the
recipient's). The rules, and why: docs/architecture.md, "Dates and times".

A date-time is always stored in UTC. Each function takes the zone to read it in (``tz``: a name such as
"Africa/Casablanca", a ``tzinfo``, or ``None`` for the active zone: the event's inside
``{% timezone event.time_zone %}``, UTC elsewhere). A plain ``date`` is shown as it is.

The templates use these through the tags in ``date_tags.py``; machine formats (ISO 8601 in exports, the
``datetime`` attribute of ``<time>``) are not written here.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format, get_format_modules
from django.utils.functional import lazy

DASH = "\u2013"  # en dash: 16:30–18:00
SPACED_DASH = f" {DASH} "  # between two dates or date-times: 30 January – 2 February 2026

_DEFAULTS = {"WEEKDAY_DATE_FORMAT": "l j F Y", "WEEKDAY_MONTH_DAY_FORMAT": "l j F", "DATE_TIME_SEPARATOR": ", "}


def _house_format(name: str) -> str:
    """A format of our own modules (``WEEKDAY_DATE_FORMAT``, ``DATE_TIME_SEPARATOR``) for the active language."""
    for module in get_format_modules():
        if hasattr(module, name):
            return getattr(module, name)
    return _DEFAULTS[name]


def _zone(tz) -> datetime.tzinfo:
    if not tz:  # None, or "" from a template's missing value
        return timezone.get_current_timezone()
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def local(value, tz=None):
    """``value`` read in ``tz`` (a ``date`` as it is)."""
    if not isinstance(value, datetime.datetime):
        return value
    zone = _zone(tz)
    return timezone.make_aware(value, zone) if timezone.is_naive(value) else value.astimezone(zone)


def day(value, tz=None, *, weekday: bool = False, year: bool = True) -> str:
    """The day: "11 February 2026"; with ``weekday`` "Wednesday 11 February 2026"; without ``year``
    "11 February" or "Wednesday 11 February" (the days of one conference)."""
    if weekday:
        name = "WEEKDAY_DATE_FORMAT" if year else "WEEKDAY_MONTH_DAY_FORMAT"
        return date_format(local(value, tz), _house_format(name))
    return date_format(local(value, tz), "DATE_FORMAT" if year else "MONTH_DAY_FORMAT")


def clock(value, tz=None) -> str:
    """The time of day, "16:30", on the 24-hour clock."""
    return date_format(local(value, tz), "TIME_FORMAT")


def utc_offset(value, tz=None) -> str:
    """The offset from UTC at that moment, short: "+1", "+5:30", "-3", "+0"."""
    offset = local(value, tz).utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def zone(value, tz=None) -> str:
    """The zone's name at that moment: the tz database's abbreviation when it is one ("WET", "CEST",
    "EST", "UTC"), else the offset ("UTC+1" for Africa/Casablanca, whose abbreviation is "+01")."""
    moment = local(value, tz)
    name = moment.tzname() or ""
    return name if name.isalpha() else f"UTC{utc_offset(moment, moment.tzinfo)}"


def day_time(value, tz=None, *, weekday: bool = False, with_zone: bool = True) -> str:
    """A moment: "11 February 2026, 16:30 WET"."""
    moment = local(value, tz)
    here = moment.tzinfo  # read once: what follows must not convert it again
    text = day(moment, here, weekday=weekday) + _house_format("DATE_TIME_SEPARATOR") + clock(moment, here)
    return f"{text} {zone(moment, here)}" if with_zone else text


@dataclass(frozen=True, slots=True)
class TimeRange:
    """A time range in pieces, so a page can wrap each end in ``<time>``: ``start`` + ``dash`` + ``end``
    + ``zone_suffix`` reads "11 February 2026, 16:30" "–" "18:00" " WET"."""

    start: str
    dash: str
    end: str
    zone_suffix: str

    def __str__(self) -> str:
        return f"{self.start}{self.dash}{self.end}{self.zone_suffix}"


def time_range_parts(start, end, tz=None, *, weekday: bool = False, with_zone: bool = True) -> TimeRange:
    """The pieces of :func:`time_range`."""
    start, end = local(start, tz), local(end, tz)
    here = start.tzinfo
    start_zone, end_zone = zone(start, here), zone(end, here)
    first = day_time(start, here, weekday=weekday, with_zone=False)
    if start.date() == end.date():
        dash, last = DASH, clock(end, here)
    else:
        dash, last = SPACED_DASH, day_time(end, here, weekday=weekday, with_zone=False)
    if with_zone and start_zone != end_zone:  # a clock change in between: name the zone of each end
        first = f"{first} {start_zone}"
    return TimeRange(first, dash, last, f" {end_zone}" if with_zone else "")


def time_range(start, end, tz=None, *, weekday: bool = False, with_zone: bool = True) -> str:
    """From one moment to another: "11 February 2026, 16:30–18:00 WET"; across days
    "30 January 2026, 16:30 – 2 February 2026, 18:00 WET"; across a clock change each end names its zone
    ("28 March 2026, 21:00 CET – 29 March 2026, 05:00 CEST")."""
    return str(time_range_parts(start, end, tz, weekday=weekday, with_zone=with_zone))


def clock_range(start, end, tz=None) -> str:
    """Two times of one day, "16:30–18:00": no date, no zone (a programme's items under a day's heading)."""
    return f"{clock(start, tz)}{DASH}{clock(end, tz)}"


def date_range(start, end, tz=None) -> str:
    """Days, the shared parts written once: "11 February 2026", "11–13 February 2026",
    "30 January – 2 February 2026", "30 December 2025 – 2 January 2026"."""
    start, end = local(start, tz), local(end, tz)
    if isinstance(start, datetime.datetime):
        start = start.date()
    if isinstance(end, datetime.datetime):
        end = end.date()
    if start == end:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{DASH}{day(end)}"
    if start.year == end.year:
        return date_format(start, "MONTH_DAY_FORMAT") + SPACED_DASH + day(end)
    return day(start) + SPACED_DASH + day(end)


# For e-mails: ``notify`` formats its context in the recipient's language, so it needs a value that is
# written out only then, not in the language of the person whose action sent the mail.
day_lazy = lazy(day, str)
day_time_lazy = lazy(day_time, str)
