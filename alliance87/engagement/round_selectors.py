"""Reads for the second round's pages and API, each with a fixed number of queries, and getters that check
the right to read (they raise ``Http404``/``PermissionDenied``, never return what may not be seen)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Q, When
from django.http import Http404

from alliance87.network.models import OrganisationKind

from . import rules_rounds  # noqa: F401 -- the rules these getters ask
from .models import Consultation, Participant, Round, RoundStatus, Statement, StatementStatus, Vote
from .round_analysis import RoundResults

GROUP_LETTERS = "ABCDE"


def _get(slug: str) -> Round:
    found = Round.objects.select_related("consultation").filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def round_for_page(slug: str, user) -> Round:
    """The public page's round: opened at least once; a draft only for the secretariat."""
    found = _get(slug)
    if not user.has_perm("engagement.view_round", found):
        raise Http404
    return found


def _get_unless_refused(slug: str, user, perm: str) -> Round:
    """The round if ``user`` has ``perm`` on it; else a draft is a 404 (nobody else may learn it exists)
    and any other round a 403."""
    found = _get(slug)
    if not user.has_perm(perm, found):
        if found.status == RoundStatus.DRAFT:
            raise Http404
        raise PermissionDenied
    return found


def round_for_results(slug: str, user) -> Round:
    """The results: the team's at any time; everyone's once closed. A draft is a 404 to anyone else."""
    return _get_unless_refused(slug, user, "engagement.view_round_results")


def round_for_manage(slug: str, user) -> Round:
    found = _get(slug)
    if not user.has_perm("engagement.manage_rounds", found):
        raise PermissionDenied
    return found


def round_for_export(slug: str, user) -> Round:
    return _get_unless_refused(slug, user, "engagement.export_round")


def shown_statements(round_: Round) -> list[Statement]:
    return list(round_.statements.filter(status=StatementStatus.SHOWN).order_by("position", "pk"))


def voted_ids(participant: Participant) -> set[int]:
    return set(participant.votes.values_list("statement_id", flat=True))


def rounds_for_console():
    """Every round with ``statement_count``, ``waiting_count``, ``participant_count`` (one query)."""
    return (
        Round.objects.select_related("consultation")
        .annotate(
            statement_count=Count("statements", filter=Q(statements__status=StatementStatus.SHOWN), distinct=True),
            waiting_count=Count("statements", filter=Q(statements__status=StatementStatus.WAITING), distinct=True),
            participant_count=Count("participants", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def statements_for_console(round_: Round):
    """The round's statements, waiting first, each with its ``agrees``, ``disagrees`` and ``passes``."""
    return (
        round_.statements.select_related("priority")
        .annotate(
            agrees=Count("votes", filter=Q(votes__value=1)),
            disagrees=Count("votes", filter=Q(votes__value=-1)),
            passes=Count("votes", filter=Q(votes__value=0)),
        )
        .order_by(Case(When(status=StatementStatus.WAITING, then=0), default=1), "position", "pk")
    )


def waiting_statements():
    """Participants' statements waiting for the secretariat, in every round."""
    return Statement.objects.filter(status=StatementStatus.WAITING)


def public_rounds_of(consultation: Consultation):
    """The rounds following a consultation that a visitor may open (open or closed)."""
    return consultation.rounds.exclude(status=RoundStatus.DRAFT).order_by("-created_at")


def vote_counts(round_: Round) -> dict[int, dict[int, int]]:
    counts: dict[int, dict[int, int]] = {}
    for statement, value, n in (
        Vote.objects.filter(statement__round=round_).values_list("statement", "value").annotate(n=Count("pk"))
    ):
        counts.setdefault(statement, {})[value] = n
    return counts


# --- The results as the page shows them ---------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    agree: int  # percentages, rounded
    disagree: int
    passed: int
    votes: int

    @property
    def agree_end(self) -> int:
        return self.agree + self.disagree  # where the pass part starts, on the 0-100 bar


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _bar(label: str, counts) -> Bar:
    return Bar(
        label,
        _percent(counts.agrees, counts.votes),
        _percent(counts.disagrees, counts.votes),
        _percent(counts.passes, counts.votes),
        counts.votes,
    )


def group_label(number: int) -> str:
    return GROUP_LETTERS[number] if number < len(GROUP_LETTERS) else str(number + 1)


def results_view(found: RoundResults) -> dict:
    """The results in the page's terms: opinion groups with their sizes and representative statements,
    the most consensual and most divisive statements, per-statement bars (all, then each group), and the
    participants' map (an SVG in a 0-100 square)."""
    analysis, statements = found.analysis, found.statements
    kinds = dict(OrganisationKind.choices)
    groups = [
        {
            "label": group_label(g.id),
            "size": g.size,
            "representative": [
                {"statement": statements[r.statement], "direction": r.direction, "share": round(100 * r.share)}
                for r in g.representative
            ],
        }
        for g in analysis.groups
    ]
    consensus = [
        {"statement": statements[i], "value": round(100 * analysis.consensus[i])} for i in analysis.consensus_order
    ][:5]
    divisive = [
        {
            "statement": statements[d.statement],
            "spread": round(100 * d.spread),
            "shares": [(kinds.get(k, k), round(100 * v)) for k, v in sorted(d.shares.items(), key=lambda kv: -kv[1])],
        }
        for d in analysis.divisions[:5]
    ]
    rows = []
    for index, statement in enumerate(statements):
        bars = [_bar("", analysis.totals[index])]
        bars += [_bar(group_label(g), per[index]) for g, per in enumerate(analysis.by_group)]
        rows.append({"statement": statement, "bars": bars})
    points = []
    if analysis.points:
        xs = [p[0] for p in analysis.points]
        ys = [p[1] for p in analysis.points]
        span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
        for x, y, group in analysis.points:
            points.append(
                {
                    "x": round(5 + 90 * (x - min(xs)) / span, 2),
                    "y": round(5 + 90 * (y - min(ys)) / span, 2),
                    "group": "" if group is None else group_label(group),
                    "css": "none" if group is None else str(group),
                }
            )
    return {
        "participants": analysis.participants,
        "grouped": analysis.grouped,
        "groups": groups,
        "consensus": consensus,
        "divisive": divisive,
        "rows": rows,
        "points": points,
    }
