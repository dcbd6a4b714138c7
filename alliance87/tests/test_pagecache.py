"""The public-page cache renders each page once at a time: while one request renders a page that a change
made stale, the others get the previous copy instead of rendering it too (no stampede)."""

import asyncio
import datetime
import threading
import time

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from alliance87.pagecache import (
    PublicPageCacheASGI,
    PublicPageCacheMiddleware,
    page_key,
    public_pages_changed,
    shared_fragment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


class SlowPage:
    """A public page whose renders are counted, and which renders only when told to (``go``)."""

    def __init__(self):
        self.renders = 0
        self.go = threading.Event()
        self.go.set()
        self.rendering = threading.Event()

    def __call__(self, request):
        self.renders += 1
        self.rendering.set()
        assert self.go.wait(10)
        response = HttpResponse(f"render {self.renders}")
        response.public_page = True
        return response


def get(middleware, path="/page/"):
    response = middleware(RequestFactory().get(path))
    return response.content.decode(), response.get("X-Public-Page-Cache")


def test_while_one_request_renders_a_stale_page_the_others_get_the_previous_copy():
    page = SlowPage()
    middleware = PublicPageCacheMiddleware(page)
    assert get(middleware) == ("render 1", "stored")
    assert get(middleware) == ("render 1", "hit")

    public_pages_changed()  # a write: the copy is stale
    page.go.clear()
    page.rendering.clear()
    first = {}
    renderer = threading.Thread(target=lambda: first.update(answer=get(middleware)))
    renderer.start()
    assert page.rendering.wait(10)  # the first request is rendering the page again
    assert get(middleware) == ("render 1", "stale")  # the second gets the previous copy, at once
    assert get(middleware) == ("render 1", "stale")
    page.go.set()
    renderer.join(10)
    assert first["answer"] == ("render 2", "stored")
    assert page.renders == 2  # one render for the change, however many requests came meanwhile
    assert get(middleware) == ("render 2", "hit")


def test_the_asgi_layer_serves_the_stale_copy_while_the_page_renders():
    page = SlowPage()
    middleware = PublicPageCacheMiddleware(page)
    get(middleware)
    key = page_key(scheme="http", host="testserver", htmx=False, path="/page/", query="")
    scope = {"type": "http", "method": "GET", "path": "/page/", "headers": [(b"host", b"testserver")]}
    assert PublicPageCacheASGI._lookup(scope).how == b"hit"
    public_pages_changed()
    # Nobody renders it: this request takes the render lock here and has it rendered...
    found = PublicPageCacheASGI._lookup(scope)
    assert (found.how, found.key) == (None, key)
    assert cache.get(f"{key}:render") is not None
    # ...while every other request of the moment gets the previous copy at once, without reaching Django.
    found = PublicPageCacheASGI._lookup(scope)
    assert (found.copy[2], found.how) == (b"render 1", b"stale")


def test_the_request_the_asgi_layer_lets_through_renders_and_the_lock_is_let_go():
    page = SlowPage()
    middleware = PublicPageCacheMiddleware(page)
    get(middleware)
    key = page_key(scheme="http", host="testserver", htmx=False, path="/page/", query="")
    public_pages_changed()
    seen = {}

    async def app(scope, receive, send):  # Django's handler, with the page cache middleware in it
        request = RequestFactory().get("/page/")
        request.scope = scope
        response = middleware(request)
        seen["answer"] = (response.content.decode(), response.get("X-Public-Page-Cache"))
        seen["locked during the render"] = cache.get(f"{key}:render") is not None

    async def send(message):
        pass

    scope = {"type": "http", "method": "GET", "path": "/page/", "headers": [(b"host", b"testserver")]}
    asyncio.run(PublicPageCacheASGI(app)(scope, None, send))
    assert seen == {"answer": ("render 2", "stored"), "locked during the render": True}
    assert cache.get(f"{key}:render") is None  # let go once answered
    assert PublicPageCacheASGI._lookup(scope).how == b"hit"


def test_a_copy_is_never_shown_after_the_page_said_it_changes(monkeypatch):
    until = time.time() + 600

    def page(request):
        response = HttpResponse("the banner is open")
        response.public_page, response.public_page_until = True, until
        return response

    middleware = PublicPageCacheMiddleware(page)
    assert get(middleware)[1] == "stored"
    public_pages_changed()
    cache.add(f"{page_key(scheme='http', host='testserver', htmx=False, path='/page/', query='')}:render", 1, 30)
    assert get(middleware)[1] == "stale"  # another request renders: the copy stands in
    later = datetime.datetime.fromtimestamp(until + 1, datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert get(middleware)[1] == "stored"  # past its moment the copy is gone: rendered again


def test_a_shared_fragment_is_built_once_while_others_get_the_previous_value():
    builds = []
    go, building = threading.Event(), threading.Event()

    def build():
        builds.append(1)
        building.set()
        assert go.wait(10)
        return f"value {len(builds)}", None

    go.set()
    assert shared_fragment("test", build) == "value 1"
    assert shared_fragment("test", build) == "value 1"
    public_pages_changed()
    go.clear()
    building.clear()
    first = {}
    builder = threading.Thread(target=lambda: first.update(value=shared_fragment("test", build)))
    builder.start()
    assert building.wait(10)
    assert shared_fragment("test", build) == "value 1"  # not built a second time meanwhile
    go.set()
    builder.join(10)
    assert first["value"] == "value 2" and len(builds) == 2
    assert shared_fragment("test", build) == "value 2"
