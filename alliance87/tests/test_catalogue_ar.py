"""The Arabic catalogue: whole, faithful to its placeholders, and read with Arabic's six plural forms.

A missing or fuzzy entry shows English in an Arabic page; a dropped or renamed placeholder raises a
KeyError or prints a raw %(name)s; a fuzzy header makes msgfmt drop the Plural-Forms line, and Django then
picks Arabic plurals by the English rule (the dual form would read "2 cells" in the 3-10 form).
"""

import json
import re
from pathlib import Path

import pytest
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "ar" / "LC_MESSAGES" / "django.po"

# Named and bare %-placeholders, {name} and {{ name }}, template tags, HTML tags and entities.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[sdfi]|%[sdfi%]|\{\{.*?\}\}|\{%.*?%\}|\{[\w.]*\}|</?[a-zA-Z][a-zA-Z0-9]*|&[a-z#0-9]+;"
)


def _entries() -> list[dict]:
    """Each entry of the catalogue as {"flags", "msgctxt", "msgid", "msgid_plural", "msgstr": [...]}."""
    entries = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": "", "msgstr": []}, None
        for line in block.splitlines():
            quoted = line
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
                key, _, quoted = line.partition(" ")
                if key.startswith("msgstr"):
                    entry["msgstr"].append("")
                    key = "msgstr"
                else:
                    entry[key] = ""
            if quoted.startswith('"') and key:
                text = json.loads(quoted)
                if key == "msgstr":
                    entry["msgstr"][-1] += text
                else:
                    entry[key] += text
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = _entries()
    assert len(entries) > 1900
    header = CATALOGUE.read_text(encoding="utf-8").split("\n\n")[0]
    assert "fuzzy" not in header
    assert "Plural-Forms: nplurals=6;" in header
    untranslated = [e["msgid"] for e in entries if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_every_translation_keeps_the_placeholders_tags_and_edges_of_its_source():
    wrong = []
    for entry in _entries():
        if "msgid_plural" in entry:
            assert len(entry["msgstr"]) == 6, entry["msgid"]
            # A form may drop the count only where the English singular does ("This role ...").
            allowed = [_placeholders(entry["msgid_plural"]), _placeholders(entry["msgid"])]
            sources = [entry["msgid_plural"]] * 6
        else:
            allowed = [_placeholders(entry["msgid"])]
            sources = [entry["msgid"]]
        for source, text in zip(sources, entry["msgstr"], strict=True):
            if _placeholders(text) not in allowed:
                wrong.append((entry["msgid"], text))
            if (source[:1].isspace(), source[-1:].isspace(), source.count("\n")) != (
                text[:1].isspace(),
                text[-1:].isspace(),
                text.count("\n"),
            ):
                wrong.append((entry["msgid"], text))
    assert wrong == []


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 خانة شاغرة"),
        (1, "1 خانة واحدة شاغرة"),
        (2, "2 خانتان شاغرتان"),
        (3, "3 خانات شاغرة"),
        (11, "11 خانة شاغرة"),
        (100, "100 خانة شاغرة"),
    ],
)
def test_the_compiled_catalogue_picks_each_of_the_six_plural_forms(count, expected):
    with translation.override("ar"):
        text = translation.ngettext("%(count)s cell free", "%(count)s cells free", count) % {"count": count}
    assert text == expected


def test_a_word_with_two_meanings_follows_its_context():
    with translation.override("ar"):
        assert translation.pgettext("a person's job title", "title") == "المسمى الوظيفي"
        assert translation.gettext("title") == "العنوان"
        assert translation.pgettext("run-of-show control", "Start") == "بدء"


@pytest.mark.django_db
def test_the_arabic_home_page_reads_in_arabic(client):
    page = client.get("/ar/").content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    for words in ("البلدان الرائدة", "مجموعات العمل", "تسجيل الدخول", "عشر سنوات من الشراكة والعمل"):
        assert words in page
    for english in (">Sign in<", "Pathfinder Countries<", "Ten years of partnership and action"):
        assert english not in page
