"""scripts/po_fill.py, the dev script that fills translations into a .po file: run as a translator runs it."""

import gettext
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "po_fill.py"

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#: alliance87/events/views/run.py:67
msgid "Next"
msgstr ""

#: alliance87/events/templates/events/programme.html:12
msgctxt "the agenda item that comes next"
msgid "Next"
msgstr ""

#: alliance87/events/templates/events/programme.html:20
#, fuzzy, python-format
#| msgid "%(count)s item"
msgid "%(count)s segment"
msgid_plural "%(count)s segments"
msgstr[0] "%(count)s élément"
msgstr[1] "%(count)s éléments"

#: alliance87/events/templates/events/run/console.html:57
msgid "Start"
msgstr ""
"""


def fill(tmp_path: Path, translations: dict) -> str:
    po = tmp_path / "django.po"
    po.write_text(PO, encoding="utf-8")
    values = tmp_path / "fill.json"
    values.write_text(json.dumps(translations, ensure_ascii=False), encoding="utf-8")
    subprocess.run([sys.executable, str(SCRIPT), str(po), str(values)], check=True, capture_output=True)
    return po.read_text(encoding="utf-8")


def compiled(tmp_path: Path, text: str) -> gettext.GNUTranslations:
    """The file as gettext reads it (msgfmt checks its syntax on the way)."""
    po, mo = tmp_path / "check.po", tmp_path / "check.mo"
    po.write_text(text, encoding="utf-8")
    subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True, capture_output=True)
    with mo.open("rb") as catalogue:
        return gettext.GNUTranslations(catalogue)


def test_a_context_entry_keeps_its_own_translation(tmp_path):
    text = fill(
        tmp_path,
        {"Next": "Suivant", "the agenda item that comes next\u0004Next": "À suivre", "Start": "Démarrer"},
    )
    assert text.count('msgstr "Suivant"') == 1
    assert text.count('msgstr "À suivre"') == 1
    if shutil.which("msgfmt"):
        catalogue = compiled(tmp_path, text)
        assert catalogue.gettext("Next") == "Suivant"
        assert catalogue.pgettext("the agenda item that comes next", "Next") == "À suivre"


def test_a_bare_msgid_leaves_its_context_twin_alone(tmp_path):
    text = fill(tmp_path, {"Next": "Suivant"})
    twin = text.split('msgctxt "the agenda item that comes next"\n', 1)[1].split("\n\n", 1)[0]
    assert twin == 'msgid "Next"\nmsgstr ""'


def test_the_last_entry_keeps_its_msgstr_and_the_file_its_final_newline(tmp_path):
    text = fill(tmp_path, {"Start": "Démarrer"})
    assert text.endswith('msgid "Start"\nmsgstr "Démarrer"\n')
    assert "\n\n\n" not in text


def test_plurals_are_filled_and_the_fuzzy_flag_and_old_msgid_cleared(tmp_path):
    text = fill(tmp_path, {"%(count)s segment": ["%(count)s segment", "%(count)s segments"]})
    entry = text.split("programme.html:20\n", 1)[1].split("\n\n", 1)[0]
    assert entry == (
        "#, python-format\n"
        'msgid "%(count)s segment"\n'
        'msgid_plural "%(count)s segments"\n'
        'msgstr[0] "%(count)s segment"\n'
        'msgstr[1] "%(count)s segments"'
    )


def test_a_key_not_in_the_file_is_named(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO, encoding="utf-8")
    values = tmp_path / "fill.json"
    values.write_text(json.dumps({"Nowhere": "Nulle part"}), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(po), str(values)], check=False, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Nowhere" in result.stderr


@pytest.mark.parametrize("ending", ["", "\n"])
def test_only_the_named_entries_change(tmp_path, ending):
    po = tmp_path / "django.po"
    po.write_text(PO.rstrip("\n") + ending, encoding="utf-8")
    values = tmp_path / "fill.json"
    values.write_text(json.dumps({"Next": "Suivant"}), encoding="utf-8")
    subprocess.run([sys.executable, str(SCRIPT), str(po), str(values)], check=True)
    assert po.read_text(encoding="utf-8") == (PO.rstrip("\n") + ending).replace(
        'run.py:67\nmsgid "Next"\nmsgstr ""', 'run.py:67\nmsgid "Next"\nmsgstr "Suivant"'
    )
