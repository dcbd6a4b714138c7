"""Grouping unit vectors: spherical k-means and spectral clustering, numpy only, seeded.

Spectral clustering on a nearest-neighbour graph is used because answers to a consultation are short and
noisy: a theme is a chain of answers that resemble their neighbours more than a ball around one centre,
and on the labelled test set it groups them better than k-means (docs/benchmarks.md). The number of
themes is where the graph's spectrum has its largest gap. Beyond ``UNIT_LIMIT`` vectors, k-means first
makes small groups and the graph is built on their centres, which keeps 10,000 answers within seconds.
"""

import numpy as np

UNIT_LIMIT = 1500
MICRO_CLUSTERS = 500
NEIGHBOURS = 20
SEED = 87


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
    """Labels of every vector: spectral on the vectors, or on k-means micro-groups when there are many."""
    if len(vectors) <= UNIT_LIMIT:
        return spectral(vectors, k, low, high)
    micro, centres = kmeans(vectors, MICRO_CLUSTERS, restarts=1, iterations=20)
    labels, k, gaps = spectral(centres, k, low, high)
    return labels[micro], k, gaps
