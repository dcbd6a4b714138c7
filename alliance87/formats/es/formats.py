"""Spanish: "11 de febrero de 2026, 16:30"."""

DATE_FORMAT = r"j \d\e F \d\e Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
# As in French: ISO 8601 first, so a date field shows its value; the Spanish forms are still understood.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"]
WEEKDAY_DATE_FORMAT = r"l j \d\e F \d\e Y"
WEEKDAY_MONTH_DAY_FORMAT = r"l j \d\e F"
DATE_TIME_SEPARATOR = ", "
