import csv
from pathlib import Path

import pytest

from alliance87.engagement import themes
from alliance87.engagement.synthesis import encoders, engine
from alliance87.testing import make_user

from .making_themes import answered_consultation

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


# The themes' app tests (test_themes.py, test_themes_pages.py) share these; other files make their own
# ``consultation``, which stands before this one.


@pytest.fixture
def themes_in_the_foreground(settings):
    """The fallback encoder, the run done before start_run returns: those tests are about the app, not about
    the multilingual encoder's quality; and a test's transaction never commits (PostgreSQL too), so a run
    left to its thread after the commit would never start."""
    settings.THEME_ENCODER = "tfidf"
    settings.THEME_RUNS_IN_BACKGROUND = False


@pytest.fixture
def consultation(cast):
    """A consultation with the labelled answers submitted (``making_themes.answered_consultation``)."""
    return answered_consultation(cast.secretariat)


@pytest.fixture
def member(consultation):
    """A member of the consultation's team, who reviews its themes."""
    member = make_user("analyst@example.org")
    consultation.team.add(member)
    return member


@pytest.fixture
def run(consultation, cast):
    """Three themes found by the secretariat in the consultation's answers."""
    return themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=3)
