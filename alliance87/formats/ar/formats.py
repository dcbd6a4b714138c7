"""Arabic: "11 فبراير 2026، 16:30". The month names are Django's (فبراير, the forms used in Morocco
and Egypt); digits are Western Arabic (0-9), as in Morocco and as the other languages' pages show
them; the 24-hour clock (Django's Arabic "g:i A" would need ص/م). No comma between day and year:
Django's "j F، Y" reads as a list in a sentence."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_MONTH_DAY_FORMAT = "l j F"
DATE_TIME_SEPARATOR = "، "
