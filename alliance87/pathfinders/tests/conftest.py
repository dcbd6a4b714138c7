import datetime

import pytest

from alliance87.pathfinders.demo import load_example


@pytest.fixture
def example(alliance):
    """Exampleland: pathway, roadmap, two published reports and assessments (all marked examples)."""
    return load_example(today=datetime.date(2026, 11, 24))
