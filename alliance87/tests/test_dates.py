"""Dates and times in one unambiguous style per language (issue 14): each function of ``alliance87.dates``
in English, French, Spanish and Arabic, the zone names (Casablanca's "+01" as "UTC+1", a clock change),
Django's own formats (a bare ``|date``), and e-mails written in the recipient's language."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from alliance87 import dates
from alliance87.notify import render

# The side event of the seed concept note: 11 February 2026, 16:30–18:00 in Marrakech (UTC+1).
START = datetime(2026, 2, 11, 15, 30, tzinfo=UTC)
END = datetime(2026, 2, 11, 17, 0, tzinfo=UTC)
MOROCCO = "Africa/Casablanca"
LATE = datetime(2026, 12, 6, 21, 57, tzinfo=UTC)  # Django's English said "Dec. 6, 2026, 9:57 p.m."


def within(language: str, function, *args, **kwargs) -> str:
    with translation.override(language):
        return function(*args, **kwargs)


@pytest.mark.parametrize(
    ("language", "plain", "with_weekday"),
    [
        ("en", "11 February 2026", "Wednesday 11 February 2026"),
        ("fr", "11 février 2026", "mercredi 11 février 2026"),
        ("es", "11 de febrero de 2026", "miércoles 11 de febrero de 2026"),
        ("ar", "11 فبراير 2026", "الأربعاء 11 فبراير 2026"),
    ],
)
def test_day_writes_the_month_out_after_the_day(language, plain, with_weekday):
    assert within(language, dates.day, date(2026, 2, 11)) == plain
    assert within(language, dates.day, START, MOROCCO, weekday=True) == with_weekday


@pytest.mark.parametrize(
    ("language", "june", "july"),
    [
        ("en", "1 June 2021", "1 July 2021"),
        ("fr", "1 juin 2021", "1 juillet 2021"),
        ("es", "1 de junio de 2021", "1 de julio de 2021"),
        ("ar", "1 يونيو 2021", "1 يوليو 2021"),
    ],
)
def test_june_and_july_are_never_the_same_abbreviation(language, june, july):
    # Django's French "M" wrote both as "Jui".
    assert within(language, dates.day, date(2021, 6, 1)) == june
    assert within(language, dates.day, date(2021, 7, 1)) == july


def test_a_day_is_the_day_where_the_moment_is_read():
    late_in_utc = datetime(2026, 2, 11, 23, 30, tzinfo=UTC)
    assert within("en", dates.day, late_in_utc, MOROCCO) == "12 February 2026"
    assert within("en", dates.day, late_in_utc, "UTC") == "11 February 2026"


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_clock_is_the_24_hour_clock_in_every_language(language):
    assert within(language, dates.clock, START, MOROCCO) == "16:30"
    assert within(language, dates.clock, LATE, "UTC") == "21:57"


@pytest.mark.parametrize(
    ("tz", "moment", "name", "offset"),
    [
        (MOROCCO, START, "UTC+1", "+1"),  # zoneinfo's abbreviation is "+01"
        ("Europe/Lisbon", START, "WET", "+0"),
        ("Europe/Paris", START, "CET", "+1"),
        ("Europe/Paris", datetime(2026, 7, 1, 12, tzinfo=UTC), "CEST", "+2"),  # summer time
        ("America/New_York", START, "EST", "-5"),
        ("Asia/Kathmandu", START, "UTC+5:45", "+5:45"),
        ("America/Sao_Paulo", START, "UTC-3", "-3"),
        ("UTC", START, "UTC", "+0"),
    ],
)
def test_zone_is_its_letters_or_its_offset_from_utc(tz, moment, name, offset):
    assert dates.zone(moment, tz) == name
    assert dates.utc_offset(moment, tz) == offset


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "6 December 2026, 21:57 UTC"),
        ("fr", "6 décembre 2026, 21:57 UTC"),
        ("es", "6 de diciembre de 2026, 21:57 UTC"),
        ("ar", "6 ديسمبر 2026، 21:57 UTC"),
    ],
)
def test_day_time_names_the_zone_once(language, expected):
    assert within(language, dates.day_time, LATE, "UTC") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "11 February 2026, 16:30–18:00 UTC+1"),
        ("fr", "11 février 2026, 16:30–18:00 UTC+1"),
        ("es", "11 de febrero de 2026, 16:30–18:00 UTC+1"),
        ("ar", "11 فبراير 2026، 16:30–18:00 UTC+1"),
    ],
)
def test_time_range_in_casablanca(language, expected):
    assert within(language, dates.time_range, START, END, MOROCCO) == expected


def test_time_range_in_a_zone_with_letters_and_across_days():
    assert within("en", dates.time_range, START, END, "Europe/Lisbon") == "11 February 2026, 15:30–17:00 WET"
    assert (
        within("fr", dates.time_range, START, datetime(2026, 2, 13, 12, tzinfo=UTC), "Europe/Lisbon", weekday=True)
        == "mercredi 11 février 2026, 15:30 – vendredi 13 février 2026, 12:00 WET"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "28 March 2026, 21:00 CET – 29 March 2026, 05:00 CEST"),
        ("es", "28 de marzo de 2026, 21:00 CET – 29 de marzo de 2026, 05:00 CEST"),
    ],
)
def test_time_range_across_a_clock_change_names_the_zone_of_each_end(language, expected):
    start, end = datetime(2026, 3, 28, 20, tzinfo=UTC), datetime(2026, 3, 29, 3, tzinfo=UTC)
    assert within(language, dates.time_range, start, end, "Europe/Paris") == expected


@pytest.mark.parametrize(
    ("language", "one_month", "two_months", "two_years"),
    [
        ("en", "11–13 February 2026", "30 January – 2 February 2026", "30 December 2025 – 2 January 2026"),
        ("fr", "11–13 février 2026", "30 janvier – 2 février 2026", "30 décembre 2025 – 2 janvier 2026"),
        (
            "es",
            "11–13 de febrero de 2026",
            "30 de enero – 2 de febrero de 2026",
            "30 de diciembre de 2025 – 2 de enero de 2026",
        ),
        ("ar", "11–13 فبراير 2026", "30 يناير – 2 فبراير 2026", "30 ديسمبر 2025 – 2 يناير 2026"),
    ],
)
def test_date_range_writes_the_shared_parts_once(language, one_month, two_months, two_years):
    assert within(language, dates.date_range, date(2026, 2, 11), date(2026, 2, 11)) == within(
        language, dates.day, date(2026, 2, 11)
    )
    assert within(language, dates.date_range, date(2026, 2, 11), date(2026, 2, 13)) == one_month
    assert within(language, dates.date_range, date(2026, 1, 30), date(2026, 2, 2)) == two_months
    assert within(language, dates.date_range, date(2025, 12, 30), date(2026, 1, 2)) == two_years


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_djangos_own_formats_follow_the_house_style(language):
    """A bare ``|date`` or ``localize`` (the admin's lists, say) never writes 02/11/2026, "p.m." or "Jui"."""
    with translation.override(language):
        assert date_format(LATE, "DATETIME_FORMAT").endswith("21:57")
        assert date_format(LATE, "SHORT_DATETIME_FORMAT") == "2026-12-06 21:57"
        assert date_format(date(2026, 2, 11), "SHORT_DATE_FORMAT") == "2026-02-11"
        assert date_format(date(2026, 2, 11)) == dates.day(date(2026, 2, 11))
        assert Template("{{ d|date }}").render(Context({"d": date(2021, 6, 1)})) == dates.day(date(2021, 6, 1))


def test_template_filters_and_tags():
    template = Template(
        "{% load tz %}{% timezone 'Africa/Casablanca' %}{{ s|day }}|{{ s|weekday }}|{{ s|clock }}|{{ s|zone }}|"
        "{{ s|utc_offset }}|{{ s|day_time }}|{% time_range s e %}|{% clock_range s e %}{% endtimezone %}|"
        "{{ s|day_time }}"
    )
    with translation.override("en"):
        out = template.render(Context({"s": START, "e": END}))
    parts = out.split("|")
    assert parts[:6] == [
        "11 February 2026",
        "Wednesday 11 February 2026",
        "16:30",
        "UTC+1",
        "+1",
        "11 February 2026, 16:30 UTC+1",
    ]
    assert parts[6] == (
        '<time datetime="2026-02-11T16:30:00+01:00">11 February 2026, 16:30</time>\u2013\u2060'
        '<time datetime="2026-02-11T18:00:00+01:00">18:00</time> UTC+1'
    )
    assert parts[7] == (
        '<time datetime="2026-02-11T16:30:00+01:00">16:30</time>\u2013'
        '<time datetime="2026-02-11T18:00:00+01:00">18:00</time>'
    )
    assert parts[8] == "11 February 2026, 15:30 UTC"  # outside the event's zone: UTC, and it says so


def test_a_missing_date_or_zone_gives_nothing_rather_than_an_error():
    template = Template("[{{ none|day }}][{{ s|day_time:banner.event }}][{{ s|day_time:event }}]")
    context = {
        "none": None,
        "s": START,
        "banner": SimpleNamespace(event=None),
        "event": SimpleNamespace(time_zone=MOROCCO),
    }
    assert template.render(Context(context)) == "[][11 February 2026, 15:30 UTC][11 February 2026, 16:30 UTC+1]"


def test_an_email_writes_its_dates_in_the_recipients_language():
    """``notify`` formats the context in the recipient's language: a date made earlier, in the sender's
    language, would reach a French focal point in English."""
    body = "%(deadline)s"
    with translation.override("en"):  # the secretariat acts in English
        context = {"deadline": dates.day_lazy(date(2026, 3, 31)), "when": dates.day_time_lazy(LATE, "UTC")}
        _subject, french = render(SimpleNamespace(language="fr"), subject="s", body=body + " %(when)s", context=context)
        _subject, arabic = render(SimpleNamespace(language="ar"), subject="s", body=body, context=context)
    assert french.startswith("31 mars 2026 6 décembre 2026, 21:57 UTC")
    assert arabic.startswith("31 مارس 2026")
