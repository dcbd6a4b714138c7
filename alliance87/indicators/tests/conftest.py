"""Fixtures the indicator tests share: uploads kept in a folder of the test's own, and the SDG series
most files are imported into."""

import pytest

from alliance87.indicators.codes import CHILD_LABOUR_EC
from alliance87.indicators.models import Series, SeriesKind


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def series(db):
    return Series.objects.get_or_create(
        code=CHILD_LABOUR_EC,
        defaults={"kind": SeriesKind.SDG, "indicator": "8.7.1", "title": "Children in child labour (example title)"},
    )[0]
