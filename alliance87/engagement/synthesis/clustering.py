"""Grouping unit vectors: spherical k-means and spectral clustering, numpy only, seeded.

Spectral clustering on a nearest-neighbour graph is used because answers to a consultation are short and
noisy: a theme is a chain of answers that resemble their neighbours more than a ball around one centre,
and on the labelled test set it groups them better than k-means (docs/benchmarks.md). The number of
themes is where the graph's spectrum has its largest gap. Beyond ``UNIT_LIMIT`` vectors, the graph is
built on ``SAMPLE`` of them spread evenly over the (sorted) answers, and every other answer takes the theme
its ``VOTERS`` nearest sampled answers hold, weighted by closeness: the spectrum of a dense n x n graph
costs n³, so 10,000 answers would take minutes, while the sample keeps them within a second or two. On
10,000 answers made from the test set the sample groups as well as k-means micro-groups did (ARI 0.64
against 0.61), at a fifth of the CPU (bench/themes.py).
"""

from functools import cache

import numpy as np

UNIT_LIMIT = 1500
SAMPLE = 1000
VOTERS = 10
NEIGHBOURS = 20
SEED = 87
ASSIGN_CHUNK = 500  # rows of the answers x sample similarity at once: 2 MB, and 4 MB of argpartition indices


def normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def kmeans(vectors: np.ndarray, k: int, *, restarts: int = 4, iterations: int = 50, seed: int = SEED):
    """Labels and unit centres of the best of ``restarts`` k-means++ runs on the sphere (cosine)."""
    k = max(1, min(k, len(vectors)))
    best = None
    for restart in range(restarts):
        rng = np.random.default_rng(seed + restart)
        centres = _plus_plus(vectors, k, rng)
        for _ in range(iterations):
            labels = np.argmax(vectors @ centres.T, axis=1)
            sums = np.zeros_like(centres)
            np.add.at(sums, labels, vectors)
            empty = ~np.any(sums, axis=1)
            sums[empty] = centres[empty]
            updated = normalise(sums)
            if np.allclose(updated, centres, atol=1e-6):
                break
            centres = updated
        labels = np.argmax(vectors @ centres.T, axis=1)
        score = float(np.einsum("ij,ij->", vectors, centres[labels]))
        if best is None or score > best[0]:
            best = (score, labels, centres)
    return best[1], best[2]


def _plus_plus(vectors: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    chosen = [int(rng.integers(len(vectors)))]
    distance = np.maximum(1 - vectors @ vectors[chosen[0]], 0)
    for _ in range(1, k):
        total = distance.sum()
        index = int(rng.choice(len(vectors), p=distance / total)) if total > 0 else int(rng.integers(len(vectors)))
        chosen.append(index)
        distance = np.minimum(distance, np.maximum(1 - vectors @ vectors[index], 0))
    return vectors[chosen].copy()


def spectrum(units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (largest first) and eigenvectors of the normalised nearest-neighbour affinity."""
    n = len(units)
    neighbours = min(NEIGHBOURS, n - 1)
    similarity = units @ units.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argpartition(-similarity, neighbours - 1, axis=1)[:, :neighbours]
    affinity = np.zeros((n, n), dtype=np.float64)
    rows = np.repeat(np.arange(n), neighbours)
    affinity[rows, nearest.ravel()] = np.maximum(similarity[rows, nearest.ravel()], 1e-6)
    affinity = np.maximum(affinity, affinity.T)
    scale = 1 / np.sqrt(affinity.sum(axis=1))
    values, vectors = np.linalg.eigh(scale[:, None] * affinity * scale[None, :])
    return values[::-1], vectors[:, ::-1]


def choose_k(values: np.ndarray, low: int, high: int) -> tuple[int, dict[int, float]]:
    """The k in [low, high] after which the spectrum drops most (the eigengap), with every k's gap."""
    high = min(high, len(values) - 1)
    low = min(low, high)
    gaps = {k: float(values[k - 1] - values[k]) for k in range(max(low, 1), high + 1)}
    return max(gaps, key=lambda k: (gaps[k], -k)), gaps


def spectral(units: np.ndarray, k: int | None, low: int, high: int):
    """Labels of the units, the k used and the eigengap of every k considered."""
    if len(units) <= 2:
        return np.zeros(len(units), dtype=int), 1, {}
    values, vectors = spectrum(units)
    gaps = {}
    if k is None:
        k, gaps = choose_k(values, low, high)
    k = max(1, min(k, len(units) - 1))
    embedding = normalise(vectors[:, :k])
    labels, _ = kmeans(embedding, k)
    return labels, k, gaps


def cluster(vectors: np.ndarray, k: int | None, low: int, high: int):
    """Labels of every vector: spectral on the vectors, or on an even sample when there are many."""
    # One BLAS thread: on a busy 2-core machine two threads spin against each other, and an eigh that takes
    # 0.1 s alone took 5 s of wall time.
    with _single_blas_thread():
        if len(vectors) <= UNIT_LIMIT:
            return spectral(vectors, k, low, high)
        sample = np.linspace(0, len(vectors) - 1, SAMPLE).round().astype(int)
        sampled, k, gaps = spectral(vectors[sample], k, low, high)
        labels = _vote(vectors, vectors[sample], sampled, k)
        labels[sample] = sampled
        return labels, k, gaps


def _vote(vectors: np.ndarray, voters: np.ndarray, their_labels: np.ndarray, k: int) -> np.ndarray:
    """For each vector, the label its ``VOTERS`` nearest voters hold, each weighted by its cosine."""
    count = min(VOTERS, len(voters))
    labels = np.empty(len(vectors), dtype=int)
    for start in range(0, len(vectors), ASSIGN_CHUNK):
        similarity = vectors[start : start + ASSIGN_CHUNK] @ voters.T
        nearest = np.argpartition(-similarity, count - 1, axis=1)[:, :count]
        weights = np.take_along_axis(similarity, nearest, axis=1)
        scores = np.zeros((len(similarity), k))
        rows = np.repeat(np.arange(len(similarity)), count)
        np.add.at(scores, (rows, their_labels[nearest].ravel()), weights.ravel())
        labels[start : start + len(similarity)] = np.argmax(scores, axis=1)
    return labels


@cache
def _blas_limiter():
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()  # finds the BLAS libraries once: scanning them costs a few tens of ms


def _single_blas_thread():
    controller = _blas_limiter()
    if controller is None:
        from contextlib import nullcontext

        return nullcontext()
    return controller.limit(limits=1, user_api="blas")
