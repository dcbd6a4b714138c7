"""``alliance87 themes ANSWERS.csv --out THEMES.csv [--themes N] [--stances]``: the theme engine on a CSV, offline.

Writes ``id,theme,label,also`` (``also``: the other themes an answer mentions; with ``--stances``, a last
column ``stance``: agree, disagree or empty) and, beside it, ``THEMES.summary.json`` with each theme's
labels, descriptions, terms, stance, quotes (each with its near-parallel answers in other languages) and
breakdowns, and the encoder and version used. Progress goes to standard error. For analysts with
answers from another tool; the platform's own consultations call the same engine.
"""

import json
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliance87 import spreadsheets
from alliance87.engagement.synthesis import engine
from alliance87.engagement.synthesis.answers_csv import AnswersFileError, read_answers

STAGES = {
    "cleaning": "Reading answers",
    "encoding": "Encoding answers",
    "grouping": "Grouping",
    "encoding clauses": "Encoding clauses",
    "describing": "Describing themes",
}


class Command(BaseCommand):
    help = (
        "Group the answers of a CSV (columns id and answer; optional language, stakeholder_group, region) into themes."
    )

    def add_arguments(self, parser):
        parser.add_argument("answers", type=Path, help="CSV with the columns id and answer")
        parser.add_argument("--out", type=Path, required=True, help="where to write id,theme (a CSV)")
        parser.add_argument("--themes", type=int, help="the number of themes (default: chosen between 8 and 20)")
        parser.add_argument(
            "--stances",
            action="store_true",
            help="the question asks for a view: keep answers that agree and answers that disagree in different themes",
        )

    def handle(self, *args, answers: Path, out: Path, themes: int | None, stances: bool = False, **options):
        if themes is not None and not 2 <= themes <= 60:
            raise CommandError("--themes must be between 2 and 60.")
        try:
            rows, encoding = read_answers(answers)
        except AnswersFileError as error:
            raise CommandError(str(error)) from error
        if not out.parent.is_dir():
            raise CommandError(f"--out: the folder {out.parent} does not exist.")
        self.stdout.write(f"{len(rows)} answers read from {answers} ({encoding}).")
        result = engine.synthesise(rows, n_themes=themes, progress=self._progress, stances=stances)
        self._write(result, out, stances=stances)
        summary = out.with_name(out.stem + ".summary.json")
        summary.write_text(json.dumps(_summary(result), ensure_ascii=False, indent=2), encoding="utf-8")
        unassigned = sum(1 for key in result.assignments.values() if not key)
        self.stdout.write(
            f"{len(result.themes)} themes ({result.encoder} {result.encoder_version}); "
            f"{unassigned} answers with nothing to group (empty or courtesy only)."
        )
        for theme in result.themes:
            side = f"  [{theme.stance}]" if theme.stance else ""
            self.stdout.write(f"  {theme.key:>5}  {theme.size:>5}  {theme.label}{side}")
        self.stdout.write(self.style.SUCCESS(f"Written: {out} and {summary}"))

    def _progress(self, stage: str, done: int, total: int) -> None:
        # On stderr, so that stdout stays the result; a terminal sees one line updated in place.
        end = "\n" if done >= total else "\r"
        # self.stderr (not sys.stderr): call_command(stderr=...) captures it; str: not styled red as an error.
        self.stderr.write(f"{STAGES.get(stage, stage.capitalize())}: {done}/{total}", style_func=str, ending=end)
        self.stderr.flush()

    def _write(self, result: engine.Synthesis, out: Path, *, stances: bool) -> None:
        labels = {theme.key: theme.label for theme in result.themes}
        rows = [
            [answer_id, key, labels.get(key, ""), " ".join(result.secondary.get(answer_id, []))]
            + ([result.stances.get(answer_id, "")] if stances else [])
            for answer_id, key in result.assignments.items()
        ]
        header = ["id", "theme", "label", "also"] + (["stance"] if stances else [])
        out.write_bytes(spreadsheets.to_csv(header, rows))


def _summary(result: engine.Synthesis) -> dict:
    return {
        "encoder": result.encoder,
        "encoder_version": result.encoder_version,
        "themes_chosen": result.k_chosen,
        "themes": [asdict(theme) | {"size": theme.size} for theme in result.themes],
        "duplicates": result.duplicates,
        "stances": result.stances,
    }
