"""The commitments' tests: a published priority, commitments made by the factories (``making.py``), and the
people around them (the root conftest's ``cast``: the partner editor of Free the Slaves, the focal point of
Kenya, the lead of the Agriculture Action Group, the secretariat; here also the wrong people)."""

import pytest

from alliance87.accounts.models import Role
from alliance87.testing import make_user

from .making import commitment, published_priority


@pytest.fixture
def priority(db):
    return published_priority()


@pytest.fixture
def draft(cast, priority):
    """A draft of Free the Slaves (its partner editor is ``cast.partner_editor``) that passes the checklist."""
    return commitment(lead=cast.alliance.free_the_slaves, status="draft", by=cast.partner_editor, priorities=[priority])


@pytest.fixture
def published(cast, priority):
    """A published, public commitment of Free the Slaves."""
    return commitment(lead=cast.alliance.free_the_slaves, by=cast.partner_editor, priorities=[priority])


@pytest.fixture
def other_editor(cast):
    """A partner editor of another organisation (Nestlé)."""
    return make_user("editor@nestle.example.org", Role.PARTNER_EDITOR, cast.alliance.nestle)


@pytest.fixture
def other_focal_point(cast):
    """The focal point of another country (Mexico)."""
    return make_user("focal.mexico@example.org", Role.COUNTRY_FOCAL_POINT, cast.alliance.mexico)


@pytest.fixture
def exampleland(alliance):
    """The example country with its current roadmap and key actions (``pathfinders.demo``)."""
    import datetime

    from alliance87.pathfinders.demo import load_example

    return load_example(today=datetime.date(2026, 11, 24))


@pytest.fixture
def example_focal_point(exampleland):
    return make_user("focal.exampleland@example.org", Role.COUNTRY_FOCAL_POINT, exampleland)


@pytest.fixture
def mail_at_once(monkeypatch):
    """Mail leaves when the transaction commits, which a test's never does: send it at once instead."""
    from types import SimpleNamespace

    monkeypatch.setattr("alliance87.notify.transaction", SimpleNamespace(on_commit=lambda send: send()))
