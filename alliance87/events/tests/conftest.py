from pathlib import Path

import pytest

from alliance87.events import services

SEED = Path(__file__).resolve().parents[2] / "data" / "seed" / "concept-note-alliance87-side-event.txt"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def side_event(alliance, seed_text):
    """The side event, imported from the seed concept note as `make run` does."""
    return services.concept_note_import(text=seed_text, by=None)
