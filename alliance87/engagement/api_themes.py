"""The themes of a consultation's answers in the API, for its team only (a bearer token of the secretariat
or a team member): its runs, and a run's themes with their counts, who raised them, and how many of their
answers the machine placed and how many a reviewer did. A draft consultation is a 404 to anyone else, an
open or closed one a 403 (as its raw answers). Labels and descriptions are in English in their fields and in
the other languages in ``translations``. Nothing here writes: the pages and ``themes.py`` do.
"""

import datetime

from ninja import Router, Schema

from alliance87.api_auth import TokenAuth

from . import selectors, themes

router = Router(tags=["consultations"])


class RunOut(Schema):
    id: int
    question: str | None  # the question's name; None: every text question
    status: str
    interrupted: bool
    stage: str
    done: int
    total: int
    encoder: str
    encoder_version: str
    themes_asked: int | None
    themes_chosen: int | None
    answer_count: int
    error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None


class ShareOut(Schema):
    value: str
    count: int
    share: float
    role: str


class QuoteOut(Schema):
    answer: int
    language: str
    translations: dict[str, int]


class ThemeOut(Schema):
    id: int
    key: str
    label: str
    description: str
    translations: dict[str, dict[str, str]]
    terms: list[str]
    terms_by_language: dict[str, list[str]]
    stance: str
    origin: str
    status: str
    merged_into: int | None
    answer_count: int
    share: float
    machine_assignments: int
    human_assignments: int
    breakdown: dict[str, list[ShareOut]]
    quotes: list[QuoteOut]


class RunDetailOut(RunOut):
    themes: list[ThemeOut]


def _run_out(run) -> dict:
    return {
        "id": run.pk,
        "question": run.question.name if run.question_id else None,
        "interrupted": themes.is_interrupted(run),
        **{
            name: getattr(run, name)
            for name in (
                "status",
                "stage",
                "done",
                "total",
                "encoder",
                "encoder_version",
                "themes_asked",
                "themes_chosen",
                "answer_count",
                "error",
                "created_at",
                "finished_at",
                "reviewed_at",
            )
        },
    }


@router.get("/consultations/{slug}/theme-runs", response=list[RunOut], auth=TokenAuth())
def list_runs(request, slug: str):
    """The consultation's synthesis runs, newest first."""
    consultation = selectors.consultation_for_answers(slug, request.auth)
    return [_run_out(run) for run in themes.runs_of(consultation, request.auth)]


@router.get("/consultations/{slug}/theme-runs/{run_id}", response=RunDetailOut, auth=TokenAuth())
def get_run(request, slug: str, run_id: int):
    """A run with its themes (standing first, then merged and discarded)."""
    consultation = selectors.consultation_for_answers(slug, request.auth)
    run = themes.run_for_reading(consultation, run_id, request.auth)
    return {
        **_run_out(run),
        "themes": [
            {
                "id": theme.pk,
                "key": theme.key,
                "label": theme.label,
                "description": theme.description,
                "translations": theme.translations,
                "terms": theme.terms,
                "terms_by_language": theme.terms_by_language,
                "stance": theme.stance,
                "origin": theme.origin,
                "status": theme.status,
                "merged_into": theme.merged_into_id,
                "answer_count": theme.answer_count,
                "share": theme.share,
                "machine_assignments": theme.machine_count,
                "human_assignments": theme.human_count,
                "breakdown": theme.breakdown,
                "quotes": [
                    {"answer": q.answer_id, "language": q.language, "translations": q.translation_ids}
                    for q in theme.shown_quotes
                ],
            }
            for theme in themes.themes_of(run)
        ],
    }
