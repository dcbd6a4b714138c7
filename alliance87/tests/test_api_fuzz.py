"""The API fuzzer: schemathesis sends every operation of /api/openapi.json generated requests, valid and
invalid, anonymously and with the token of a user who holds roles, and fails on any 5xx, any answer
whose status or body the OpenAPI does not describe, and any 422 whose ``loc`` names no real field.

It runs in-process (the project's WSGI application, in the test's thread) on the test database: the
real Alliance data, the side event (published) and a draft copy, the conference banner and Exampleland's
reports. Path parameters are half the time the slugs and ids of that data, so the fuzzer gets past the
404 into the services. Strings may hold NUL: ``alliance87.text_input`` answers those with a 422.

Bounded: schemathesis' boundary cases plus ``EXAMPLES`` generated ones per operation, derandomised so CI
sends the same requests every run, no example database, no deadline (the first request warms caches).
About 3,700 requests: 1-1.5 minutes on SQLite. On PostgreSQL:
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/test_apifuzz pytest alliance87/tests/test_api_fuzz.py``.
"""

import re

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from alliance87.accounts.models import Role
from alliance87.accounts.services import api_token_create, role_grant
from alliance87.api import api
from alliance87.events import services as events_services
from alliance87.events.management.commands.load_side_event import SEED
from alliance87.pathfinders.models import Report
from alliance87.testing import make_user

# Per operation and run, on top of schemathesis' boundary cases (its coverage phase, about twice as many).
EXAMPLES = 15

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
schema.config.generation.update(
    max_examples=EXAMPLES,
    deterministic=True,
    database="none",
)

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # ``db`` is function-scoped on purpose: each operation's writes are rolled back after all its examples.
    # The API answers in tens of milliseconds, which Hypothesis's input-size checks count as slow.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
    print_blob=False,
)

# What the test database holds, by the path parameter's name: filled by the ``world`` fixture, read when
# a case is drawn (ids differ between runs and databases).
KNOWN: dict[str, list] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not path_parameters:
        return st.just(path_parameters)
    known = {name: KNOWN.get(_known_key(context.operation.path, name)) for name in path_parameters}
    known = {name: values for name, values in known.items() if values}
    if not known:
        return st.just(path_parameters)
    real = st.fixed_dictionaries({name: st.sampled_from(values) for name, values in known.items()})
    return st.one_of(st.just(path_parameters), real.map(lambda values: {**path_parameters, **values}))


def _known_key(path: str, name: str) -> str:
    """``slug`` of /api/events/{slug} is an event's slug, of /api/organisations/{slug} an organisation's…"""
    if name == "slug":
        return path.split("/")[2] + ".slug"
    return name


def _field_names(case, location: str) -> set[str]:
    """The names a ``loc`` may give after ``location``: the operation's parameters or the body's fields, and
    any key the request itself sent there (the text check names an unknown key that holds a NUL)."""
    operation = case.operation.definition.raw
    if location == "body":
        content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        declared = set(_resolve(content.get("schema", {})).get("properties", {}))
        return declared | (set(case.body) if isinstance(case.body, dict) else set())
    sent = {"query": case.query, "path": case.path_parameters, "header": case.headers, "cookie": case.cookies}
    declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == location}
    return declared | set(sent.get(location) or {})


def _resolve(node: dict) -> dict:
    ref = node.get("$ref")
    if ref:
        return schema.raw_schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return node


# The pathfinder services name a report's items by kind and key (documented in pathfinders/api.py):
# answer_<question id>, action_<key action id>, indicator_<code>.
REPORT_ITEM = re.compile(r"^(answer|action|indicator)_\S+$")


def loc_names_a_real_field(ctx, response, case):
    """Every item of a 422 names where the input was refused: a parameter or a field of the body."""
    if response.status_code != 422:
        return None
    for error in response.json()["detail"]:
        loc = error["loc"]
        assert loc and loc[0] in {"body", "query", "path", "header", "cookie"}, f"loc {loc!r}: no location"
        if len(loc) == 1:
            assert loc == ["body"], f"loc {loc!r}: names no field"
            continue
        name = loc[1]
        if loc[0] == "body" and isinstance(name, int):
            assert isinstance(case.body, list), f"loc {loc!r}: an index into a body that is no list"
            continue
        assert name in _field_names(case, loc[0]) or REPORT_ITEM.match(str(name)), (
            f"loc {loc!r}: {name!r} is not a field of this operation's {loc[0]}: {error['msg']}"
        )
    return True


CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, loc_names_a_real_field]


@pytest.fixture
def in_process_requests():
    # Django's WSGI handler closes the database connection after each request, which would end the
    # test's transaction; the test client unhooks the same signal for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The data the fuzzer's path parameters point at, and a token of a user who holds roles in it.

    Made once for the module, in a transaction rolled back at its end (each test's own changes are rolled
    back to here by its ``db``): making it per operation took longer than fuzzing them.
    """
    from alliance87.artwork.models import Banner
    from alliance87.events.models import Event
    from alliance87.network.models import ActionGroup, Country, Organisation

    with django_db_blocker.unblock(), transaction.atomic():
        for command in ("load_side_event", "load_conference_banner", "load_pathfinder_demo"):
            call_command(command, verbosity=0)
        event = Event.objects.get(source__endswith=".txt")
        # A copy under another title: the same note again would be refused (its event is published).
        note = SEED.read_text(encoding="utf-8-sig").replace("10 years of Partnership and Action", "A draft copy", 1)
        draft = events_services.concept_note_import(text=note, by=None)
        example = Country.objects.get(is_example=True)
        kenya = Country.objects.get(code="KE")
        partner = Organisation.objects.get(slug="free-the-slaves")
        user = make_user("fuzz@example.org", Role.EVENT_ORGANISER, event)
        for role, scope in (
            (Role.EVENT_ORGANISER, draft),
            (Role.COUNTRY_FOCAL_POINT, example),
            (Role.COUNTRY_FOCAL_POINT, kenya),
            (Role.PARTNER_EDITOR, partner),
        ):
            role_grant(user=user, role=role, scope=scope)
        _token, raw = api_token_create(user=user, name="fuzzer")
        KNOWN.update(
            {
                "events.slug": [event.slug, draft.slug],
                "organisations.slug": [partner.slug, "ilo"],
                "action-groups.slug": list(ActionGroup.objects.values_list("slug", flat=True)[:2]),
                "artwork.slug": list(Banner.objects.values_list("slug", flat=True)),
                "code": [kenya.code.code, example.code.code],
                "report_id": list(Report.objects.values_list("pk", flat=True)),
                "item_id": list(event.items.values_list("pk", flat=True)[:3]),
                "participant_id": list(event.participations.values_list("pk", flat=True)[:3]),
            }
        )
        yield {"Authorization": f"Bearer {raw}"}
        KNOWN.clear()
        transaction.set_rollback(True)


@schema.parametrize()
@FUZZ
def test_api_anonymous_answers_as_documented(case, world, db, in_process_requests):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_api_with_token_answers_as_documented(case, world, db, in_process_requests):
    case.call_and_validate(headers=world, checks=CHECKS)
