"""English: "11 February 2026, 16:30": day before month, the month written out, the 24-hour clock (the
UN's usage, and no "p.m." to misread beside 24-hour times elsewhere)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# Short forms stay unambiguous: ISO 8601, never 02/11/2026.
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
# alliance87.dates's own: a day with its weekday, and what joins a day to its time.
WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_MONTH_DAY_FORMAT = "l j F"
DATE_TIME_SEPARATOR = ", "
