"""Thematic priorities in the API: the published ones for anyone, with their translations, evidence counts
and conference outcome areas; a priority's evidence trail (its themes, counts and the quotes of people who
agreed to be quoted, as its public page shows them). Drafts and withdrawn priorities are listed only for the
secretariat (a bearer token of theirs); a draft is a 404 to anyone else. Nothing here writes: the console
and ``priorities.py`` do.
"""

import datetime

from ninja import Router, Schema

from alliance87.api_auth import OptionalTokenAuth
from alliance87.api_translations import translations_out, translations_type

from . import selectors_priorities as selectors
from .models import OutcomeArea, Priority, Theme

router = Router(tags=["thematic priorities"])


class OutcomeAreaOut(Schema):
    document: str  # the outcome's slug
    document_title: str
    number: int
    title: str
    translations: translations_type(OutcomeArea)


class ThematicPriorityOut(Schema):
    slug: str
    title: str
    summary: str
    status: str
    published_at: datetime.datetime | None
    url: str
    translations: translations_type(Priority)
    theme_count: int
    answer_count: int  # the answers in its themes (an answer raising two themes counts in both)
    consultations: list[str]  # slugs
    outcome_areas: list[OutcomeAreaOut]


class PriorityQuoteOut(Schema):
    text: str
    language: str
    translation: str | None


class PriorityThemeOut(Schema):
    label: str
    translations: translations_type(Theme)
    consultation: str
    answer_count: int
    answers_read: int
    share_percent: int | None
    quotes: list[PriorityQuoteOut]


class ThematicPriorityDetailOut(ThematicPriorityOut):
    themes: list[PriorityThemeOut]


def _area_out(area: OutcomeArea) -> dict:
    return {
        "document": area.document.slug,
        "document_title": area.document.title,
        "number": area.number,
        "title": area.title,
        "translations": translations_out(area, ("title",)),
    }


def _priority_out(priority: Priority) -> dict:
    themes = list(priority.themes.all())
    return {
        "slug": priority.slug,
        "title": priority.title,
        "summary": priority.summary,
        "status": priority.status,
        "published_at": priority.published_at,
        "url": priority.get_absolute_url(),
        "translations": translations_out(priority),
        "theme_count": len(themes),
        "answer_count": sum(t.answer_count for t in themes),
        "consultations": list(dict.fromkeys(t.run.consultation.slug for t in themes)),
        "outcome_areas": [_area_out(a) for a in priority.outcome_areas.all()],
    }


@router.get("/priorities", response=list[ThematicPriorityOut], auth=OptionalTokenAuth())
def list_priorities(request):
    """The published thematic priorities in order; with the secretariat's token, every one (drafts and
    withdrawn ones too, ``status`` says which)."""
    if request.auth.has_perm("engagement.manage_priorities"):
        found = selectors.priorities_for_console()
    else:
        found = selectors.published_priorities()
    return [_priority_out(p) for p in found]


@router.get("/priorities/{slug}", response=ThematicPriorityDetailOut, auth=OptionalTokenAuth())
def get_priority(request, slug: str):
    """A priority with its evidence trail: each theme's counts and quotes (only of people who agreed to be
    quoted, never a possible disclosure), in the language they were written in."""
    priority = selectors.priority_for_page(slug, request.auth)
    evidence = selectors.evidence_of(priority)
    out = _priority_out(
        selectors.priorities_for_console().get(pk=priority.pk)  # the same shape as the list, prefetched
    )
    out["themes"] = [
        {
            "label": item.theme.label,
            "translations": translations_out(item.theme, ("label", "description")),
            "consultation": item.consultation.slug,
            "answer_count": item.count,
            "answers_read": item.total,
            "share_percent": item.share,
            "quotes": [
                {"text": q.text, "language": q.language, "translation": q.translation or None} for q in item.quotes
            ],
        }
        for item in evidence.themes
    ]
    return out
