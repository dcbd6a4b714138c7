"""Consultations with many submitted answers, for the themes' tests: the hand-written labelled answers
(``data/answers.csv``) stored as submitted responses to ``make_consultation``'s text question.

The responses are written in bulk (as an import lands them), not one invitation at a time: the tests are
about what the synthesis and the review do with answers, not about answering.
"""

import csv
from pathlib import Path

from django.utils import timezone

from alliance87.engagement.models import Answer, Response, ResponseStatus

from .making import make_consultation

DATA = Path(__file__).parent / "data" / "answers.csv"


def labelled_rows(themes=None, per_theme=None) -> list[dict]:
    """The labelled answers in file order; only ``themes`` (names) when given, at most ``per_theme`` each."""
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if themes is not None:
        rows = [r for r in rows if r["theme"] in themes]
    if per_theme is not None:
        kept, seen = [], {}
        for row in rows:
            seen[row["theme"]] = seen.get(row["theme"], 0) + 1
            if seen[row["theme"]] <= per_theme:
                kept.append(row)
        rows = kept
    return rows


def store_answers(consultation, rows, *, quotable=True) -> list[Answer]:
    """One submitted response per row, answering the consultation's first text question with the row's text."""
    question = consultation.questions.get(name="first")
    now = timezone.now()
    responses = Response.objects.bulk_create(
        [
            Response(
                consultation=consultation,
                language=row.get("language") or "en",
                stakeholder_group=row.get("stakeholder_group", ""),
                region=row.get("region", ""),
                consent_quote=quotable,
                status=ResponseStatus.SUBMITTED,
                submitted_at=now,
            )
            for row in rows
        ]
    )
    return Answer.objects.bulk_create(
        [
            Answer(
                response=response, question=question, text=row["answer"], may_be_disclosure=row.get("disclosure", False)
            )
            for response, row in zip(responses, rows, strict=True)
        ]
    )


THREE_THEMES = ("labour_inspection", "birth_registration", "recruitment_fees")


def answered_consultation(by, *, themes=THREE_THEMES, per_theme=15, **fields):
    """A consultation (EN/FR/ES/AR) whose first question has the labelled answers of ``themes``."""
    consultation = make_consultation(by, languages=("en", "fr", "es", "ar"), **fields)
    store_answers(consultation, labelled_rows(themes, per_theme))
    return consultation
