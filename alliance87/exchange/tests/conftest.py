"""The exchange's tests: the root conftest's ``cast`` (the partner editor of Free the Slaves, the focal point of
Kenya, the lead of the Agriculture Action Group, the secretariat), uploads kept in a temporary folder."""

import pytest

from alliance87.commitments.tests.making import published_priority


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def priority(db):
    return published_priority()
