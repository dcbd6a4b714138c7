"""The ASGI layer answers cached public pages without running Django, and only those."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from alliance87.asgi import django_asgi_app
from alliance87.network import services
from alliance87.pagecache import PublicPageCacheASGI


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Django's ASGI handler closes database connections at each request's start and end (as the test
    client's handler does not): keep the test's connection, and with it the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class CountingApp:
    def __init__(self, app):
        self.app, self.calls = app, 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await self.app(scope, receive, send)


def request(app, path: str, method: str = "GET", cookie: str = "", query: str = ""):
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"testserver")] + ([(b"cookie", cookie.encode())] if cookie else []),
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    sent = []
    received = []

    async def receive():
        if received:  # the body was read: wait, as a client that stays connected
            await asyncio.Event().wait()
        received.append(True)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    async_to_sync(app)(scope, receive, send)
    start = sent[0]
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], headers, body.decode()


def test_asgi_layer_serves_second_visit_without_django(alliance):
    inner = CountingApp(django_asgi_app)
    app = PublicPageCacheASGI(inner)
    status, headers, body = request(app, "/partners/")
    assert (status, headers.get("x-public-page-cache"), inner.calls) == (200, "stored", 1)
    status, headers, body_again = request(app, "/partners/")
    assert (status, headers["x-public-page-cache"], inner.calls) == (200, "hit", 1)
    assert body_again == body and "Free the Slaves" in body
    assert headers["content-type"].startswith("text/html")
    assert headers["x-content-type-options"] == "nosniff"  # the security headers are kept
    status, headers, body = request(app, "/partners/", method="HEAD")
    assert (status, body, inner.calls) == (200, "", 1)


def test_asgi_layer_keys_on_the_query(alliance):
    app = PublicPageCacheASGI(django_asgi_app)
    request(app, "/partners/", query="q=slaves")
    _status, headers, body = request(app, "/partners/", query="q=nestl")
    assert headers["x-public-page-cache"] == "stored"
    assert "Nestlé" in body and "Free the Slaves" not in body


def test_asgi_layer_passes_signed_in_visitors_to_django(alliance):
    inner = CountingApp(django_asgi_app)
    app = PublicPageCacheASGI(inner)
    request(app, "/partners/")
    request(app, "/partners/", cookie="sessionid=abc")
    assert inner.calls == 2


def test_asgi_layer_drops_pages_after_a_write(alliance, cast):
    inner = CountingApp(django_asgi_app)
    app = PublicPageCacheASGI(inner)
    request(app, "/partners/nestle/")
    services.organisation_update(organisation=alliance.nestle, by=cast.secretariat, description="Fresh words.")
    _status, headers, body = request(app, "/partners/nestle/")
    assert inner.calls == 2 and "Fresh words." in body
