"""What a second round's votes say, computed with numpy only, never stored (``round_results`` reads the
votes each time; the pure ``analyse`` does the arithmetic, for the tests' hand-made matrices).

Learned from Pol.is's documented method (its code is AGPL; nothing is copied):

- The participant x statement matrix holds 1 agree, -1 disagree, 0 pass, and NaN where a participant
  did not vote. For the map, missing counts as 0 (as Pol.is), then each participant's projection on the
  first two principal components is scaled by sqrt(statements / their votes), so that someone who voted
  on few statements is not pulled to the middle only for having said little.
- Opinion groups: k-means on those two dimensions, k from 2 to 5 chosen by the silhouette, with a fixed
  seed (the same votes give the same groups). Only participants with at least ``MIN_VOTES`` votes are
  grouped, the idea of Pol.is's threshold: a participant with one vote says nothing about a group.
- Group-informed consensus of a statement: the product over opinion groups of (agrees + 1) / (votes + 2),
  each group's agree share smoothed (votes counts agree, disagree and pass). The product falls with the
  number of groups, so it is shown normalised as its geometric mean, product ** (1 / groups): a share
  between 0 and 1 that reads "a typical group's agreement", comparable from round to round.
- What divides stakeholder groups: per statement, the agree share (agrees / votes) in each stakeholder
  group that voted on it; the spread is the largest share minus the smallest.
- Representative statements of an opinion group: where the group agrees (or disagrees) more than the
  rest: the smoothed share inside divided by the smoothed share outside (above 1), among statements
  where a majority of the group's votes went that way.
"""

from dataclasses import dataclass, field

import numpy as np

from .models import Participant, Round, Statement, StatementStatus, Vote

MIN_VOTES = 3  # votes a participant needs to be grouped
K_RANGE = range(2, 6)  # opinion groups: 2 to 5
SEED = 87
RESTARTS = 8
SILHOUETTE_SAMPLE = 1500
TOP = 5  # statements in the consensus, divisive and representative lists


@dataclass(frozen=True)
class Counts:
    agrees: int
    disagrees: int
    passes: int

    @property
    def votes(self) -> int:
        return self.agrees + self.disagrees + self.passes

    @property
    def agree_share(self) -> float:
        return self.agrees / self.votes if self.votes else 0.0

    @property
    def disagree_share(self) -> float:
        return self.disagrees / self.votes if self.votes else 0.0


@dataclass(frozen=True)
class Representative:
    statement: int  # index into the statements
    direction: str  # "agree" or "disagree"
    share: float  # the group's share that way
    ratio: float  # smoothed share inside / smoothed share outside


@dataclass(frozen=True)
class OpinionGroup:
    id: int  # 0, 1, ... by size, largest first
    members: list[int]  # participant indices
    representative: list[Representative]

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Division:
    statement: int
    spread: float
    shares: dict[str, float]  # stakeholder group -> agree share


@dataclass
class Analysis:
    participants: int
    grouped: int  # participants with at least MIN_VOTES votes
    groups: list[OpinionGroup]
    totals: list[Counts]  # per statement
    by_group: list[list[Counts]]  # [group][statement]
    consensus_raw: list[float]  # per statement; empty without groups
    consensus: list[float]  # the geometric mean: the product ** (1 / groups)
    consensus_order: list[int]  # statements, most consensual first
    divisions: list[Division]  # most divisive first
    points: list[tuple[float, float, int | None]] = field(default_factory=list)  # x, y, group per participant


def _counts(block: np.ndarray) -> list[Counts]:
    return [Counts(int(np.sum(column == 1)), int(np.sum(column == -1)), int(np.sum(column == 0))) for column in block.T]


def project(matrix: np.ndarray) -> np.ndarray:
    """Each participant on the first two principal components, missing votes as 0, scaled by
    sqrt(statements / votes)."""
    filled = np.nan_to_num(matrix, nan=0.0)
    centred = filled - filled.mean(axis=0)
    _u, _s, components = np.linalg.svd(centred, full_matrices=False)
    components = components[:2]
    if components.shape[0] < 2:
        components = np.vstack([components, np.zeros((2 - components.shape[0], matrix.shape[1]))])
    # A component's sign is arbitrary: make its largest loading positive, so the map does not flip.
    signs = np.sign(components[np.arange(2), np.argmax(np.abs(components), axis=1)])
    components = components * np.where(signs == 0, 1, signs)[:, None]
    voted = np.maximum((~np.isnan(matrix)).sum(axis=1), 1)
    return (centred @ components.T) * np.sqrt(matrix.shape[1] / voted)[:, None]


def _kmeans(points: np.ndarray, k: int, rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """k-means++ seeding then Lloyd's steps; the labels and the inertia."""
    centres = [points[rng.integers(len(points))]]
    for _ in range(1, k):
        distance = np.min([np.sum((points - c) ** 2, axis=1) for c in centres], axis=0)
        total = distance.sum()
        index = rng.choice(len(points), p=distance / total) if total > 0 else rng.integers(len(points))
        centres.append(points[index])
    centres = np.array(centres, dtype=float)
    labels = np.zeros(len(points), dtype=int)
    for _ in range(100):
        distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        new = distances.argmin(axis=1)
        moved = centres.copy()
        for j in range(k):
            if np.any(new == j):
                moved[j] = points[new == j].mean(axis=0)
        if np.array_equal(new, labels) and np.allclose(moved, centres):
            break
        labels, centres = new, moved
    inertia = float(sum(np.sum((points[labels == j] - centres[j]) ** 2) for j in range(k)))
    return labels, inertia


def pairwise_distances(points: np.ndarray) -> np.ndarray:
    squared = (points**2).sum(axis=1)
    return np.sqrt(np.maximum(squared[:, None] + squared[None, :] - 2 * points @ points.T, 0.0))


def silhouette(points: np.ndarray, labels: np.ndarray, distances: np.ndarray | None = None) -> float:
    """The mean silhouette (a point alone in its group scores 0, as usual); ``distances`` between the
    points when already computed."""
    distances = pairwise_distances(points) if distances is None else distances
    names, index = np.unique(labels, return_inverse=True)
    members = np.eye(len(names))[index]  # one-hot: points x groups
    sizes = members.sum(axis=0)
    sums = distances @ members  # each point's summed distance to each group
    own = sizes[index]
    inside = np.where(own > 1, sums[np.arange(len(points)), index] / np.maximum(own - 1, 1), 0.0)
    means = sums / sizes
    means[np.arange(len(points)), index] = np.inf
    outside = means.min(axis=1)
    widest = np.maximum(inside, outside)
    scores = np.where((own > 1) & (widest > 0), (outside - inside) / np.where(widest > 0, widest, 1), 0.0)
    return float(np.mean(scores))


def cluster(points: np.ndarray) -> np.ndarray | None:
    """Labels for k from 2 to 5, the k with the best silhouette (ties: the smaller k); None when there are
    too few distinct points to make two groups."""
    if len(points) < 4 or len(np.unique(points.round(9), axis=0)) < 2:
        return None
    # The silhouette of a fixed sample above SILHOUETTE_SAMPLE points: the distances grow with the square.
    sample = np.arange(len(points))
    if len(points) > SILHOUETTE_SAMPLE:
        sample = np.sort(np.random.default_rng(SEED).choice(len(points), SILHOUETTE_SAMPLE, replace=False))
    distances = pairwise_distances(points[sample])
    best, best_score = None, -2.0
    for k in K_RANGE:
        if k >= len(points):
            break
        rng = np.random.default_rng(SEED)
        runs = [_kmeans(points, k, rng) for _ in range(RESTARTS)]
        labels, _inertia = min(runs, key=lambda run: run[1])
        if len(set(labels.tolist())) < k:
            continue
        score = silhouette(points[sample], labels[sample], distances)
        if score > best_score + 1e-9:
            best, best_score = labels, score
    return best


def _representative(inside: list[Counts], outside: list[Counts]) -> list[Representative]:
    found = []
    for index, (group, rest) in enumerate(zip(inside, outside, strict=True)):
        if not group.votes:
            continue
        for direction, count, other in (
            ("agree", group.agrees, rest.agrees),
            ("disagree", group.disagrees, rest.disagrees),
        ):
            share = count / group.votes
            ratio = ((count + 1) / (group.votes + 2)) / ((other + 1) / (rest.votes + 2))
            if share <= 0.5 or ratio <= 1:  # not the group's majority, or no more than the others
                continue
            found.append(Representative(index, direction, share, ratio))
    found.sort(key=lambda r: (-r.ratio, -r.share, r.statement))
    return found[:TOP]


def analyse(matrix: np.ndarray, stakeholder_groups: list[str] | None = None) -> Analysis:
    """The round's results from its vote matrix (participants x statements; 1, -1, 0, NaN when no vote)
    and each participant's stakeholder group ("" when not given). See the module's docstring."""
    matrix = np.asarray(matrix, dtype=float)
    n_participants, n_statements = matrix.shape
    stakeholder_groups = stakeholder_groups or [""] * n_participants
    totals = _counts(matrix)
    groups: list[OpinionGroup] = []
    labels_of: dict[int, int] = {}
    voted = (~np.isnan(matrix)).sum(axis=1)
    eligible = np.flatnonzero(voted >= MIN_VOTES)
    points = project(matrix) if n_participants and n_statements else np.zeros((n_participants, 2))
    labels = cluster(points[eligible]) if len(eligible) else None
    by_group: list[list[Counts]] = []
    if labels is not None:
        # Number the groups by size, largest first (then by their first member), so "group 0" reads the same.
        members = {label: eligible[labels == label].tolist() for label in set(labels.tolist())}
        ordered = sorted(members.values(), key=lambda m: (-len(m), m[0]))
        for number, member_list in enumerate(ordered):
            inside = _counts(matrix[member_list])
            rest = [i for i in eligible.tolist() if i not in member_list]
            outside = _counts(matrix[rest]) if rest else [Counts(0, 0, 0)] * n_statements
            groups.append(OpinionGroup(number, member_list, _representative(inside, outside)))
            by_group.append(inside)
            labels_of.update({i: number for i in member_list})
    consensus_raw, consensus = [], []
    if groups:
        for index in range(n_statements):
            product = float(np.prod([(g[index].agrees + 1) / (g[index].votes + 2) for g in by_group]))
            consensus_raw.append(product)
            consensus.append(product ** (1 / len(groups)))
    order = sorted(range(len(consensus)), key=lambda i: (-consensus[i], i))
    divisions = []
    for index in range(n_statements):
        shares = {}
        for group_name in sorted({g for g in stakeholder_groups if g}):
            rows = [i for i, g in enumerate(stakeholder_groups) if g == group_name]
            [counts] = _counts(matrix[rows][:, [index]])
            if counts.votes:
                shares[group_name] = counts.agree_share
        if len(shares) >= 2:
            divisions.append(Division(index, max(shares.values()) - min(shares.values()), shares))
    divisions.sort(key=lambda d: (-d.spread, d.statement))
    return Analysis(
        participants=n_participants,
        grouped=len(eligible),
        groups=groups,
        totals=totals,
        by_group=by_group,
        consensus_raw=consensus_raw,
        consensus=consensus,
        consensus_order=order,
        divisions=[d for d in divisions if d.spread > 0],
        points=[(float(x), float(y), labels_of.get(i)) for i, (x, y) in enumerate(points)],
    )


@dataclass
class RoundResults:
    round: Round
    statements: list[Statement]  # the shown ones, in order: the matrix's columns
    participants: list[Participant]  # those who voted: the matrix's rows
    analysis: Analysis


def vote_matrix(round_: Round) -> tuple[list[Statement], list[Participant], np.ndarray]:
    """The shown statements, the participants who voted on them, and the matrix (three queries)."""
    statements = list(round_.statements.filter(status=StatementStatus.SHOWN).order_by("position", "pk"))
    column = {s.pk: j for j, s in enumerate(statements)}
    votes = list(
        Vote.objects.filter(statement__in=[s.pk for s in statements]).values_list(
            "participant_id", "statement_id", "value"
        )
    )
    voter_ids = sorted({participant for participant, _s, _v in votes})
    participants = list(Participant.objects.filter(pk__in=voter_ids).order_by("pk"))
    row = {p.pk: i for i, p in enumerate(participants)}
    matrix = np.full((len(participants), len(statements)), np.nan)
    for participant, statement, value in votes:
        matrix[row[participant], column[statement]] = value
    return statements, participants, matrix


def round_results(round_: Round) -> RoundResults:
    """The round's results as its pages and the API show them."""
    statements, participants, matrix = vote_matrix(round_)
    analysis = analyse(matrix, [p.stakeholder_group for p in participants])
    return RoundResults(round_, statements, participants, analysis)
