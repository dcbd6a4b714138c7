"""No ambiguous date on any public page, in any language (issue 14): a crawl from each language's home
page (test_doors's) finds no numeric day/month (02/11/2026), no 12-hour clock ("p.m."), and no
abbreviated month ("Jui" is juin or juillet in French; "Dec. 6", "1 Jun 2021")."""

import html
import re

import pytest

from alliance87.tests.test_doors import crawl, demo  # noqa: F401 -- demo is a fixture

NUMERIC_DAY = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
TWELVE_HOUR = re.compile(r"\b\d{1,2}(:\d\d)?\s?[ap]\.\s?m\.", re.I)
ENGLISH_MONTHS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
FRENCH_MONTHS = "janv|févr|avr|juil|sept|oct|nov|déc|jui"
SPANISH_MONTHS = "ene|feb|mar|abr|jun|jul|ago|sep|oct|nov|dic"
ABBREVIATED_MONTH = re.compile(
    rf"\b\d{{1,2}}\.? (?:de )?(?:{ENGLISH_MONTHS}|{FRENCH_MONTHS}|{SPANISH_MONTHS})\b\.?(?! ?[a-zà-ÿ])"
    rf"|\b(?:{ENGLISH_MONTHS})\. \d{{1,2}}\b",
    re.I,
)


def seen(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_patterns_catch_the_defects_found():
    for bad in ("02/11/2026 4:30 p.m.–18:00", "1 Jui 2021", "Dec. 6, 2026, 9:57 p.m.", "1 Jun 2021"):
        text = seen(bad)
        assert NUMERIC_DAY.search(text) or TWELVE_HOUR.search(text) or ABBREVIATED_MONTH.search(text), bad
    for good in ("11 February 2026, 16:30–18:00 UTC+1", "1 juin 2021", "1 de julio de 2021", "11 فبراير 2026"):
        text = seen(good)
        assert not (NUMERIC_DAY.search(text) or TWELVE_HOUR.search(text) or ABBREVIATED_MONTH.search(text)), good


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_public_pages_write_dates_one_unambiguous_way(client, demo, language):  # noqa: F811
    _reached, _statuses, texts = crawl(client, "/" if language == "en" else f"/{language}/")
    assert len(texts) > 20, f"{language}: the crawl read only {len(texts)} pages"
    found = {}
    for path, page in texts.items():
        text = seen(page)
        for pattern in (NUMERIC_DAY, TWELVE_HOUR, ABBREVIATED_MONTH):
            if match := pattern.search(text):
                found[path] = text[max(0, match.start() - 40) : match.end() + 20]
    assert not found, f"{language}: ambiguous dates: {found}"
