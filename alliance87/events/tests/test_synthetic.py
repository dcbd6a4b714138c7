import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance87.events import selectors
from alliance87.events.synthetic import Shape, build_conference

pytestmark = pytest.mark.django_db


def test_synthetic_conference_has_the_asked_shape_and_fills_each_session():
    conference = build_conference(Shape())
    sessions = selectors.programme_sessions(conference)
    assert len(sessions) == 3 * 3 * 6
    assert {s.event.room for s in sessions} == {f"Room {n}" for n in range(1, 7)}
    assert len({s.local_start.date() for s in sessions}) == 3
    assert sum(len(s.agenda) for s in sessions) == 300
    assert all(s.agenda[-1].ends_at == s.local_end for s in sessions)
    assert conference.is_example and all(s.event.is_example for s in sessions)


def test_programme_sessions_queries_do_not_grow_with_items():
    small = build_conference(Shape(items=12, rooms=2, days=1, people=10), slug="small-example")
    with CaptureQueriesContext(connection) as few:
        selectors.programme_sessions(small)
    large = build_conference(Shape(items=120, rooms=4, days=2, people=50), slug="large-example")
    with CaptureQueriesContext(connection) as many:
        assert sum(len(s.agenda) for s in selectors.programme_sessions(large)) == 120
    assert len(few) == len(many) == 3
