import csv
from pathlib import Path

import pytest

from alliance87.engagement.synthesis import encoders, engine

DATA = Path(__file__).parent / "data" / "answers.csv"


class RememberingEncoder:
    """The default encoder, each text encoded once per test session: the same vectors, less waiting."""

    def __init__(self, inner):
        self.inner, self.name, self.version = inner, inner.name, inner.version
        self.seen = {}

    def encode(self, texts):
        missing = [t for t in dict.fromkeys(texts) if t not in self.seen]
        if missing:
            self.seen.update(zip(missing, self.inner.encode(missing), strict=True))
        import numpy as np

        return np.vstack([self.seen[t] for t in texts]) if texts else self.inner.encode([])


@pytest.fixture(scope="session")
def labelled():
    """The hand-written test set: id, answer, language, stakeholder_group, region, theme, second_theme."""
    with DATA.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def answers(labelled):
    return [engine.Answer(r["id"], r["answer"], r["language"], r["stakeholder_group"], r["region"]) for r in labelled]


@pytest.fixture(scope="session")
def encoder():
    return RememberingEncoder(encoders.default_encoder())


@pytest.fixture(scope="session")
def synthesis(answers, encoder):
    return engine.synthesise(answers, encoder=encoder)
