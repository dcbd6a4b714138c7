"""The second rounds in the API: each round and its statements for anyone once it is open, and the
aggregate results (opinion groups with their sizes, counts per statement and per group, consensus, what
divides stakeholder groups) for the team at any time and for everyone once the round is closed.

Nothing here names or counts a participant one by one: no key, no hash, no id, no single vote. Statement
texts are in English in ``text`` and in the other languages in ``translations``, as everywhere in the API.
Voting goes through the page (a cookie key); the Pol.is export through the team's console.
"""

import datetime

from ninja import Router, Schema

from alliance87.api_auth import OptionalTokenAuth

from . import round_selectors
from .models import Round, RoundStatus, StatementStatus
from .round_analysis import round_results

router = Router(tags=["second rounds"])


class StatementOut(Schema):
    id: int
    text: str
    translations: dict[str, dict[str, str]]
    priority: str | None  # the slug of the priority it drafts


class RoundOut(Schema):
    slug: str
    title: str
    description: str
    status: str
    consultation: str | None
    languages: list[str]
    accepts_statements: bool
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    translations: dict[str, dict[str, str]]


class RoundDetailOut(RoundOut):
    statements: list[StatementOut]


class CountsOut(Schema):
    agrees: int
    disagrees: int
    passes: int


class StatementResultOut(Schema):
    id: int
    text: str
    totals: CountsOut
    groups: list[CountsOut]  # one per opinion group, in the groups' order
    consensus: float | None  # group-informed consensus, the geometric mean over groups (0-1)
    consensus_product: float | None  # the product over groups of (agrees + 1) / (votes + 2)
    stakeholder_spread: float | None  # largest minus smallest agree share across stakeholder groups
    stakeholder_shares: dict[str, float]


class RepresentativeOut(Schema):
    statement: int
    direction: str
    share: float


class GroupOut(Schema):
    id: int
    label: str
    size: int
    representative: list[RepresentativeOut]


class ResultsOut(Schema):
    participants: int
    grouped: int
    groups: list[GroupOut]
    statements: list[StatementResultOut]


def _round_out(found: Round) -> dict:
    return {
        "slug": found.slug,
        "title": found.title,
        "description": found.description,
        "status": found.status,
        "consultation": found.consultation.slug if found.consultation else None,
        "languages": found.languages,
        "accepts_statements": found.accepts_statements,
        "opens_at": found.opens_at,
        "closes_at": found.closes_at,
        "translations": found.translations,
    }


@router.get("/rounds", response=list[RoundOut], auth=OptionalTokenAuth())
def list_rounds(request):
    """Rounds opened at least once (open or closed), newest first; with the secretariat's token, the drafts
    too."""
    rounds = Round.objects.select_related("consultation").order_by("-created_at", "-pk")
    if not request.auth.has_perm("engagement.manage_rounds"):
        rounds = rounds.exclude(status=RoundStatus.DRAFT)
    return [_round_out(r) for r in rounds]


@router.get("/rounds/{slug}", response=RoundDetailOut, auth=OptionalTokenAuth())
def get_round(request, slug: str):
    """A round with the statements participants vote on (shown ones only), in every language."""
    found = round_selectors.round_for_page(slug, request.auth)
    return {
        **_round_out(found),
        "statements": [
            {
                "id": s.pk,
                "text": s.text,
                "translations": s.translations,
                "priority": s.priority.slug if s.priority else None,
            }
            for s in found.statements.filter(status=StatementStatus.SHOWN)
            .select_related("priority")
            .order_by("position", "pk")
        ],
    }


@router.get("/rounds/{slug}/results", response=ResultsOut, auth=OptionalTokenAuth())
def get_results(request, slug: str):
    """The aggregate results: for the team (the secretariat and the consultation's team) at any time, for
    everyone once the round is closed (a 403 before; a draft is a 404)."""
    found = round_selectors.round_for_results(slug, request.auth)
    results = round_results(found)
    analysis = results.analysis
    divisions = {d.statement: d for d in analysis.divisions}
    statements = []
    for index, statement in enumerate(results.statements):
        totals = analysis.totals[index]
        division = divisions.get(index)
        statements.append(
            {
                "id": statement.pk,
                "text": statement.text,
                "totals": {"agrees": totals.agrees, "disagrees": totals.disagrees, "passes": totals.passes},
                "groups": [
                    {"agrees": g[index].agrees, "disagrees": g[index].disagrees, "passes": g[index].passes}
                    for g in analysis.by_group
                ],
                "consensus": analysis.consensus[index] if analysis.consensus else None,
                "consensus_product": analysis.consensus_raw[index] if analysis.consensus_raw else None,
                "stakeholder_spread": division.spread if division else None,
                "stakeholder_shares": division.shares if division else {},
            }
        )
    return {
        "participants": analysis.participants,
        "grouped": analysis.grouped,
        "groups": [
            {
                "id": g.id,
                "label": round_selectors.group_label(g.id),
                "size": g.size,
                "representative": [
                    {"statement": results.statements[r.statement].pk, "direction": r.direction, "share": r.share}
                    for r in g.representative
                ],
            }
            for g in analysis.groups
        ],
        "statements": statements,
    }
