"""``alliance87 themes``: a good file gives id,theme and a summary; a bad one a sentence naming the problem."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from alliance87.engagement.synthesis import encoders


@pytest.fixture(autouse=True)
def shared_encoder(monkeypatch, encoder):
    # The command uses the default encoder; the session's copy remembers texts already encoded.
    monkeypatch.setattr(encoders, "default_encoder", lambda: encoder)


def _write(path, labelled, *, encoding="utf-8", delimiter=",", columns=("id", "answer", "language", "region")):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    for row in labelled[:80]:
        writer.writerow([row[c] for c in columns])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _run(*args):
    out = io.StringIO()
    call_command("themes", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_writes_id_theme_and_a_summary_beside_it(tmp_path, labelled):
    source = _write(tmp_path / "answers.csv", labelled)
    printed = _run(source, "--out", tmp_path / "themes.csv")
    assert "80 answers read from" in printed and "(UTF-8)" in printed
    assert "use-multilingual-v3 0.2.1" in printed
    with (tmp_path / "themes.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == sorted(r["id"] for r in labelled[:80])
    assert list(rows[0]) == ["id", "theme", "label", "also"]
    summary = json.loads((tmp_path / "themes.summary.json").read_text(encoding="utf-8"))
    assert summary["encoder"] == "use-multilingual-v3"
    assert {r["theme"] for r in rows} - {""} == {t["key"] for t in summary["themes"]}
    quote = summary["themes"][0]["quotes"][0]
    assert quote["text"] == next(r["answer"] for r in labelled if r["id"] == quote["answer_id"])


def test_the_number_of_themes_is_taken(tmp_path, labelled):
    source = _write(tmp_path / "answers.csv", labelled)
    _run(source, "--out", tmp_path / "themes.csv", "--themes", "4")
    summary = json.loads((tmp_path / "themes.summary.json").read_text(encoding="utf-8"))
    assert summary["themes_chosen"] == 4


@pytest.mark.parametrize(
    ("encoding", "delimiter", "said"),
    [
        ("utf-8-sig", ",", "(UTF-8 with BOM)"),
        ("cp1252", ";", "(Windows-1252 (latin-1))"),
        ("utf-16", "\t", "(UTF-16)"),
    ],
)
def test_spreadsheet_encodings_and_delimiters_are_read(tmp_path, labelled, encoding, delimiter, said):
    latin = [r for r in labelled if r["language"] in {"fr", "es"}]
    source = _write(tmp_path / "answers.csv", latin, encoding=encoding, delimiter=delimiter)
    printed = _run(source, "--out", tmp_path / "themes.csv")
    assert said in printed
    summary = json.loads((tmp_path / "themes.summary.json").read_text(encoding="utf-8"))
    quoted = [q["text"] for t in summary["themes"] for q in t["quotes"]]
    assert set(quoted) <= {r["answer"] for r in latin}  # accents read right: é, ñ, à
    assert any("é" in text for text in quoted)


def _error(*args):
    with pytest.raises(CommandError) as raised:
        _run(*args)
    return str(raised.value)


def test_a_missing_column_is_named(tmp_path, labelled):
    source = _write(tmp_path / "answers.csv", labelled, columns=("id", "language"))
    assert _error(source, "--out", tmp_path / "t.csv") == (
        f"{source} has no column answer (columns found: id, language). "
        "Needed: id and answer; optional: language, stakeholder_group, region."
    )


def test_an_empty_file(tmp_path):
    source = tmp_path / "answers.csv"
    source.write_bytes(b"")
    assert _error(source, "--out", tmp_path / "t.csv") == (
        f"{source} is empty: it needs a header line with at least the columns id and answer."
    )


def test_a_header_without_answers(tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text("id;answer\n", encoding="utf-8")
    assert _error(source, "--out", tmp_path / "t.csv") == f"{source} has a header line but no answers."


def test_a_repeated_id_names_both_lines(tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text("id,answer\na1,More labour inspectors.\na2,Free schools.\na1,Fund survivors.\n", encoding="utf-8")
    assert _error(source, "--out", tmp_path / "t.csv") == "Line 4: the id a1 is used again (first on line 2)."


def test_an_empty_id(tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text("id,answer\na1,More labour inspectors.\n,Free schools.\n", encoding="utf-8")
    assert _error(source, "--out", tmp_path / "t.csv") == "Line 3: the id is empty."


def test_a_missing_file_and_a_missing_output_folder(tmp_path, labelled):
    assert _error(tmp_path / "nowhere.csv", "--out", tmp_path / "t.csv") == f"{tmp_path / 'nowhere.csv'}: no such file."
    source = _write(tmp_path / "answers.csv", labelled)
    assert _error(source, "--out", tmp_path / "no" / "t.csv") == f"--out: the folder {tmp_path / 'no'} does not exist."


def test_an_impossible_number_of_themes(tmp_path, labelled):
    source = _write(tmp_path / "answers.csv", labelled)
    assert _error(source, "--out", tmp_path / "t.csv", "--themes", "1") == "--themes must be between 2 and 60."


def test_progress_goes_to_standard_error_stage_by_stage(tmp_path, labelled):
    source = _write(tmp_path / "answers.csv", labelled)
    out, err = io.StringIO(), io.StringIO()
    call_command("themes", str(source), "--out", str(tmp_path / "themes.csv"), stdout=out, stderr=err)
    progress = err.getvalue()
    finished = [line.rsplit("\r", 1)[-1] for line in progress.splitlines()]
    assert finished[0] == "Reading answers: 80/80"
    assert any(line.startswith("Encoding answers: ") for line in finished)
    assert any(line.startswith("Describing themes: ") for line in finished)
    assert "Encoding" not in out.getvalue()  # stdout stays the result


def test_stances_keep_agreement_and_disagreement_apart(tmp_path):
    source = tmp_path / "views.csv"
    source.write_bytes((Path(__file__).parent / "data" / "view_answers.csv").read_bytes())
    printed = _run(source, "--out", tmp_path / "themes.csv", "--themes", "2", "--stances")
    assert "[agree]" in printed and "[disagree]" in printed
    with (tmp_path / "themes.csv").open(encoding="utf-8-sig") as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    assert list(next(iter(rows.values()))) == ["id", "theme", "label", "also", "stance"]
    assert rows["fa1"]["stance"] == "agree" and rows["fd5"]["stance"] == "disagree"
    assert rows["fa1"]["theme"] != rows["fd5"]["theme"]
    summary = json.loads((tmp_path / "themes.summary.json").read_text(encoding="utf-8"))
    sides = {t["key"]: t["stance"] for t in summary["themes"]}
    assert sides[rows["fa1"]["theme"]] == "agree" and sides[rows["fd5"]["theme"]] == "disagree"
    assert summary["stances"]["fd7"] == "disagree"  # لا أوافق
