"""The API keeps its contract: every list pages safely, every answer it can give is in the OpenAPI, and
every 422 names the field it refuses."""

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


def test_paginated_lists_are_found():
    # So the tests below cannot pass by testing nothing.
    assert PAGINATED == ["/api/assessments", "/api/events", "/api/organisations", "/api/people", "/api/reports"]


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
    response = client.get(path, {"page": MAX_PAGE})

    assert response.status_code == 200
    body = response.json()
    assert body["items"] == []
    assert body["count"] == client.get(path).json()["count"]


@pytest.mark.parametrize("path", PAGINATED)
def test_paginated_list_huge_page_size_gives_at_most_100(client, alliance, path):
    response = client.get(path, {"page_size": str(2**70)})

    assert response.status_code == 200
    assert len(response.json()["items"]) <= 100


def test_organisation_pages_follow_on_without_overlap(client, alliance):
    first = client.get("/api/organisations", {"page_size": 5}).json()
    second = client.get("/api/organisations", {"page_size": 5, "page": 2}).json()

    assert 5 < first["count"] <= 10  # the real directory: two pages of five
    slugs = [o["slug"] for o in first["items"] + second["items"]]
    assert len(slugs) == len(set(slugs)) == first["count"]
