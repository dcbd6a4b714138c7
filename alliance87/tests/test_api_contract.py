"""The API keeps its contract: every list pages safely, every answer it can give is in the OpenAPI, and
every 422 names the field it refuses."""

import json

import pytest

from alliance87.api import api
from alliance87.api_pagination import MAX_PAGE


def _paginated_paths() -> list[str]:
    """Every list with ``@paginate``, found from the routers, so a new list is tested without being named."""
    paths = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if getattr(operation.view_func, "_ninja_is_paginated", False):
                    paths.append("/api" + prefix.rstrip("/") + path)
    return sorted(paths)


PAGINATED = _paginated_paths()

# A list under a path parameter is tested at a real address, with the data its loader gives it.
CONCRETE = {
    "/api/indicators/series/{code}/observations": (
        "/api/indicators/series/SL_TLF_CHLDEC/observations",
        "load_indicator_data",
    ),
}


def _address(path: str) -> str:
    if path not in CONCRETE:
        return path
    from django.core.management import call_command

    address, loader = CONCRETE[path]
    call_command(loader, verbosity=0)
    return address


def test_paginated_lists_are_found():
    # So the tests below cannot pass by testing nothing.
    # At least these (each app that adds a paged list is tested below without editing this line).
    known = {"/api/assessments", "/api/events", "/api/experiences", "/api/organisations", "/api/people", "/api/reports"}
    assert known <= set(PAGINATED)


@pytest.mark.parametrize("path", PAGINATED)
@pytest.mark.parametrize("page", ["9223372036854775808", str(10**30), str(MAX_PAGE + 1), "0", "-1"])
def test_paginated_list_refuses_page_out_of_bounds(client, alliance, path, page):
    response = client.get(path, {"page": page})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "page"]
    assert error["msg"].startswith("Input should be")


@pytest.mark.parametrize("path", PAGINATED)
def test_paginated_list_after_the_last_page_is_empty(client, alliance, path):
    path = _address(path)
    response = client.get(path, {"page": MAX_PAGE})

    assert response.status_code == 200
    body = response.json()
    assert body["items"] == []
    assert body["count"] == client.get(path).json()["count"]


@pytest.mark.parametrize("path", PAGINATED)
def test_paginated_list_huge_page_size_gives_at_most_100(client, alliance, path):
    path = _address(path)
    response = client.get(path, {"page_size": str(2**70)})

    assert response.status_code == 200
    assert len(response.json()["items"]) <= 100


def test_organisation_pages_follow_on_without_overlap(client, alliance):
    first = client.get("/api/organisations", {"page_size": 5}).json()
    second = client.get("/api/organisations", {"page_size": 5, "page": 2}).json()

    assert 5 < first["count"] <= 10  # the real directory: two pages of five
    slugs = [o["slug"] for o in first["items"] + second["items"]]
    assert len(slugs) == len(set(slugs)) == first["count"]


# ---- Every answer an operation can give is in the OpenAPI ---------------------------------------------


def _operations(client):
    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", method, operation


def _schema_of(answer: dict) -> str:
    return answer["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def test_openapi_every_operation_documents_its_error_answers(client):
    missing = []
    for label, method, operation in _operations(client):
        parameters = operation.get("parameters", [])
        expected = {"422": "FieldErrors"}
        if operation.get("security"):
            expected["401"] = "Message"
            if method != "get":
                expected["403"] = "Message"
        if any(p["in"] == "path" for p in parameters):
            expected["404"] = "Message"
        if "requestBody" in operation:
            expected["400"] = "Message"
        documented = {status: _schema_of(a) for status, a in operation["responses"].items() if status in expected}
        if documented != expected:
            missing.append((label, sorted(set(expected) - set(documented))))
    assert missing == []


def test_openapi_error_schemas_have_the_handlers_shapes(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]

    assert schemas["Message"]["required"] == ["detail"]
    assert schemas["Message"]["properties"]["detail"]["type"] == "string"
    item = schemas["FieldErrors"]["properties"]["detail"]["items"]
    assert item["required"] == ["loc", "msg"]


def test_openapi_documents_an_event_write_fully(client):
    document = client.get("/api/openapi.json").json()
    answers = document["paths"]["/api/events/{slug}"]["patch"]["responses"]

    assert sorted(answers) == ["200", "400", "401", "403", "404", "422"]
    assert "may not do this" in answers["403"]["description"]


def test_openapi_public_list_has_no_auth_answers(client):
    answers = client.get("/api/openapi.json").json()["paths"]["/api/people"]["get"]["responses"]

    assert sorted(answers) == ["200", "422"]


# ---- Every 422 names a real field -------------------------------------------------------------------


@pytest.fixture
def organiser_token(alliance, settings):
    """A bearer token of someone who may write to every operation's object, so the 422s are the body's."""
    from django.core.management import call_command

    from alliance87.accounts.models import Role
    from alliance87.accounts.services import api_token_create, role_grant
    from alliance87.events.models import Event
    from alliance87.testing import make_user

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # a fast sign-up
    call_command("load_side_event", verbosity=0)
    event = Event.objects.get(source__endswith=".txt")
    user = make_user("organiser@example.org", Role.EVENT_ORGANISER, event)
    role_grant(user=user, role=Role.PARTNER_EDITOR, scope=alliance.free_the_slaves)
    _token, raw = api_token_create(user=user, name="contract")
    item = event.items.first()
    participant = event.participations.first()
    return {
        "headers": {"HTTP_AUTHORIZATION": f"Bearer {raw}"},
        "path": {
            "slug": event.slug,
            "item_id": item.pk,
            "participant_id": participant.pk,
            "report_id": 1,
            "code": "KE",
            "contribution_id": 1,
            "commitment_id": 1,
        },
    }


def _fill(path: str, values: dict, operation: dict) -> str:
    url = path
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            value = values[parameter["name"]]
            if path.startswith("/api/organisations/"):
                value = "free-the-slaves"
            if path.startswith("/api/artwork/"):
                value = "no-such-banner"
            url = url.replace("{" + parameter["name"] + "}", str(value))
    return url


@pytest.mark.parametrize("body", ["{}", '"text"', "[]", '{"title": 5, "position": "first", "website": 12}'])
def test_every_422_of_a_wrong_body_names_a_field_of_the_body(client, organiser_token, body):
    document = client.get("/api/openapi.json").json()
    wrong = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if "requestBody" not in operation:
                continue
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            if "$ref" in schema:
                schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
            fields = set(schema.get("properties", {}))
            url = _fill(path, organiser_token["path"], operation)
            response = client.generic(
                method.upper(), url, body, content_type="application/json", **organiser_token["headers"]
            )
            if response.status_code != 422:
                continue
            for error in response.json()["detail"]:
                loc = error["loc"]
                if loc != ["body"] and not (loc[0] == "body" and len(loc) > 1 and loc[1] in fields):
                    wrong.append((method.upper(), url, body, loc, error["msg"]))
    assert wrong == []


def test_missing_body_is_named_as_the_body_not_the_views_argument(client, organiser_token):
    slug = organiser_token["path"]["slug"]

    response = client.post(
        f"/api/events/{slug}/items", "", content_type="application/json", **organiser_token["headers"]
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body"], "msg": "Field required"}]


def test_agenda_order_error_names_the_body(client, organiser_token):
    slug = organiser_token["path"]["slug"]

    response = client.put(
        f"/api/events/{slug}/items/order", "[1, 2]", content_type="application/json", **organiser_token["headers"]
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body"]
    assert "exactly once" in error["msg"]


def test_wrong_field_is_named_without_the_views_argument(client, organiser_token):
    response = client.patch(
        "/api/organisations/free-the-slaves",
        '{"website": "not a url"}',
        content_type="application/json",
        **organiser_token["headers"],
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "website"]


def test_service_error_about_no_one_field_names_the_body(rf):
    from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

    from alliance87.api import validation_error

    error = ValidationError({NON_FIELD_ERRORS: ["These times overlap."], "title": ["Too long."]})
    response = validation_error(rf.post("/api/events"), error)

    assert json.loads(response.content)["detail"] == [
        {"loc": ["body"], "msg": "These times overlap."},
        {"loc": ["body", "title"], "msg": "Too long."},
    ]


def test_api_form_body_is_refused_not_a_server_error(alliance):
    from django.test import Client

    client = Client(raise_request_exception=False)

    response = client.post("/api/artwork/10-years/contributions", {"colour": "#A21942"})  # multipart

    assert response.status_code in (400, 422)


def _schemas(cls) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("alliance87."):
            found.append(sub)
        found.extend(_schemas(sub))
    return found


def test_response_schemas_have_names_of_their_own():
    """The OpenAPI names a schema by its class name alone: two classes of one name became one component,
    and the roadmap's answer was checked against the thematic priorities' ``PriorityOut``."""
    from ninja import Schema

    by_name: dict[str, set[str]] = {}
    for schema in _schemas(Schema):
        by_name.setdefault(schema.__name__, set()).add(schema.__module__)
    assert len(by_name) > 20  # the API's schemas were found
    assert {name: sorted(modules) for name, modules in by_name.items() if len(modules) > 1} == {}
