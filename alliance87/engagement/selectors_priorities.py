"""Reads for the thematic priorities' pages and API, each in a fixed number of queries, and the getter that
keeps drafts from the public (a 404, never a "not allowed" that says a draft exists).

The evidence trail (``evidence_of``): the themes with their counts and shares and who raised them; quotes
only from answers that may be quoted (``Answer.quotable``: submitted, the person agreed to be quoted, which
for a survivor is the same explicit box; never a possible disclosure, whatever consent was given), each in
its original language with the near-parallel answer as its translation when that one may be quoted too; the
conference outcome areas; the consultations. ``commitments`` is where issue 16's commitments will appear.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404

from alliance87.network.models import IloRegion, OrganisationKind

from .models import (
    Answer,
    Consultation,
    ConsultationStatus,
    OutcomeArea,
    OutcomeDocument,
    Priority,
    PriorityStatus,
    ResponseStatus,
    Theme,
    ThemeStatus,
)

QUOTES_PER_THEME = 3
BREAKDOWN_SHOWN = 3  # the groups and regions that raised a theme most
SEEN_BY_PUBLIC = (PriorityStatus.PUBLISHED, PriorityStatus.WITHDRAWN)
# The query form of ``Answer.quotable`` (kept beside it in the tests: the two must agree).
QUOTABLE = Q(may_be_disclosure=False, response__status=ResponseStatus.SUBMITTED, response__consent_quote=True)


@dataclass
class Quote:
    text: str
    language: str
    stakeholder_group: str  # its label, or ""
    region: str
    translation: str = ""
    translation_language: str = ""


@dataclass
class Raised:
    label: str
    count: int


@dataclass
class ThemeEvidence:
    theme: Theme
    consultation: Consultation
    count: int
    total: int  # the answers the synthesis read
    share: int | None  # per cent of the answers the synthesis read
    groups: list[Raised]
    regions: list[Raised]
    quotes: list[Quote]


@dataclass
class Evidence:
    themes: list[ThemeEvidence]
    documents: list[tuple[OutcomeDocument, list[OutcomeArea]]]
    consultations: list[Consultation]
    answer_count: int
    commitments: list = field(default_factory=list)  # issue 16: the commitments that point at this priority


def _with_evidence(priorities):
    return priorities.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.select_related("run__consultation").order_by("pk")),
        Prefetch("outcome_areas", queryset=OutcomeArea.objects.select_related("document").order_by("pk")),
    )


def published_priorities():
    """The published priorities in order, each with its themes and outcome areas (three queries)."""
    return _with_evidence(Priority.objects.published().order_by("position", "title", "pk"))


def priorities_for_console():
    """Every priority, drafts first, with their evidence (three queries)."""
    return _with_evidence(Priority.objects.order_by("status", "position", "title", "pk"))


def drafts_waiting() -> int:
    return Priority.objects.filter(status=PriorityStatus.DRAFT).count()


def priority_for_page(slug: str, user) -> Priority:
    """The public page's priority: published or withdrawn; a draft only for the secretariat (404 else)."""
    priority = Priority.objects.filter(slug=slug).first()
    if priority is None:
        raise Http404
    if priority.status not in SEEN_BY_PUBLIC and not user.has_perm("engagement.manage_priorities"):
        raise Http404
    return priority


def priority_for_edit(slug: str, user) -> Priority:
    """For the secretariat's console: anyone else is refused (403), an unknown slug is a 404."""
    if not user.has_perm("engagement.manage_priorities"):
        raise PermissionDenied
    priority = Priority.objects.filter(slug=slug).first()
    if priority is None:
        raise Http404
    return priority


def eligible_themes():
    """Themes a priority may rest on: standing, from a synthesis whose review is finished (two joins, one
    query), by consultation then position."""
    return (
        Theme.objects.filter(status=ThemeStatus.ACTIVE, run__reviewed_at__isnull=False)
        .select_related("run__consultation")
        .order_by("run__consultation__title", "run__consultation_id", "-run__reviewed_at", "position", "pk")
    )


def outcome_documents():
    """Every conference outcome with its areas (two queries), newest first (undated last)."""
    return OutcomeDocument.objects.prefetch_related(
        Prefetch("areas", queryset=OutcomeArea.objects.order_by("number", "pk"))
    ).order_by("-adopted_on", "title")


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return ""


def _raised(entries, choices) -> list[Raised]:
    rows = sorted(
        (e for e in entries or [] if isinstance(e, dict) and e.get("value")), key=lambda e: -int(e.get("count", 0))
    )
    return [
        Raised(label=_label(choices, e["value"]) or e["value"], count=int(e.get("count", 0)))
        for e in rows[:BREAKDOWN_SHOWN]
    ]


def _quotable_answers(themes: list[Theme]) -> dict[int, Answer]:
    wanted = set()
    for theme in themes:
        for quote in theme.quotes or []:
            if isinstance(quote, dict):
                wanted.add(quote.get("answer"))
                wanted.update((quote.get("translations") or {}).values())
    wanted = {pk for pk in wanted if isinstance(pk, int)}
    if not wanted:
        return {}
    answers = Answer.objects.filter(QUOTABLE, pk__in=wanted).select_related("response")
    return {a.pk: a for a in answers}


def _quotes(theme: Theme, answers: dict[int, Answer]) -> list[Quote]:
    quotes = []
    for quote in theme.quotes or []:
        if not isinstance(quote, dict):
            continue
        answer = answers.get(quote.get("answer"))
        if answer is None or not answer.text.strip():
            continue  # not quotable (no consent, a possible disclosure) or gone: never shown
        translation = next(
            (answers[pk] for pk in (quote.get("translations") or {}).values() if pk in answers),
            None,
        )
        quotes.append(
            Quote(
                text=answer.text,
                language=quote.get("language") or answer.response.language,
                stakeholder_group=_label(OrganisationKind, answer.response.stakeholder_group),
                region=_label(IloRegion, answer.response.region),
                translation=translation.text if translation else "",
                translation_language=translation.response.language if translation else "",
            )
        )
        if len(quotes) == QUOTES_PER_THEME:
            break
    return quotes


def evidence_of(priority: Priority) -> Evidence:
    """The evidence trail of ``priority`` (four queries whatever its size)."""
    themes = list(priority.themes.select_related("run__consultation").order_by("run__consultation_id", "position"))
    answers = _quotable_answers(themes)
    trail = []
    for theme in themes:
        total = theme.run.answer_count
        trail.append(
            ThemeEvidence(
                theme=theme,
                consultation=theme.run.consultation,
                count=theme.answer_count,
                total=total,
                share=round(100 * theme.answer_count / total) if total else None,
                groups=_raised((theme.breakdown or {}).get("stakeholder_group"), OrganisationKind),
                regions=_raised((theme.breakdown or {}).get("region"), IloRegion),
                quotes=_quotes(theme, answers),
            )
        )
    documents: dict[int, tuple[OutcomeDocument, list[OutcomeArea]]] = {}
    for area in priority.outcome_areas.select_related("document").order_by("document_id", "number"):
        documents.setdefault(area.document_id, (area.document, []))[1].append(area)
    consultations = list({t.consultation.pk: t.consultation for t in trail}.values())
    return Evidence(
        themes=trail,
        documents=list(documents.values()),
        consultations=consultations,
        answer_count=sum(t.count for t in trail),
    )


def public_consultation(consultation: Consultation) -> bool:
    """Whether a consultation's own page may be linked from a priority (never a draft's)."""
    return consultation.status != ConsultationStatus.DRAFT
