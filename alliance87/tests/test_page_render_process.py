"""A stale public page is rendered again in a process beside the server's: the server only sends copies.

Rendered in the serving process, the one render of a large page held the interpreter while the event loop
answered the stale copies (p99 363 ms in the bench's run across an expiry, docs/benchmarks.md).
"""

import asyncio
import os
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory

from alliance87.page_render_process import RenderProcess, render_order
from alliance87.pagecache import (
    VERSION_KEY,
    PublicPageCacheASGI,
    PublicPageCacheMiddleware,
    RenderOrder,
    current_version,
    page_key,
    public_pages_changed,
)

pytestmark = pytest.mark.django_db

WAIT_SECONDS = 60  # the longest a test waits for the other process (it starts a Python and sets Django up)


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.PUBLIC_PAGE_RENDER_PROCESS = True


# ---- What the render process runs in these tests (module-level: found there by name) -------------------


def render_when_told(order: RenderOrder):
    """Stands in for Django's render in the other process: says it has started, finishes when told to."""
    folder = Path(parse_qs(order.query)["dir"][0])
    (folder / "started").write_text(str(os.getpid()))
    deadline = time.monotonic() + WAIT_SECONDS
    while not (folder / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return (200, [("Content-Type", "text/plain")], f"rendered in process {os.getpid()}".encode()), None


def die(order: RenderOrder):
    os._exit(3)


# ---- Helpers ----------------------------------------------------------------------------------------------


class ServingProcessApp:
    """Django's place behind the ASGI layer: counts the requests that would render in the serving process."""

    def __init__(self):
        self.calls = 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"rendered in the serving process"})


def scope_of(query: str) -> dict:
    return {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "path": "/page/",
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1234),
    }


async def ask(app, scope) -> tuple[str, str]:
    sent = []

    async def send(message):
        sent.append(message)

    await app(scope, None, send)
    headers = {name.decode().lower(): value.decode() for name, value in sent[0]["headers"]}
    return sent[1]["body"].decode(), headers.get("x-public-page-cache")


def keep_a_copy(query: str) -> None:
    """The page as first rendered and kept, ``render 1``; then a write makes it stale."""

    def page(request):
        response = HttpResponse("render 1")
        response.public_page = True
        return response

    assert PublicPageCacheMiddleware(page)(RequestFactory().get(f"/page/?{query}"))["X-Public-Page-Cache"] == "stored"
    public_pages_changed()


async def wait_for(path: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        await asyncio.sleep(0.01)


# ---- The tests --------------------------------------------------------------------------------------------


def test_a_stale_page_is_rendered_in_another_process_while_every_request_gets_the_copy(tmp_path):
    query = urlencode({"dir": str(tmp_path)})
    keep_a_copy(query)
    serving = ServingProcessApp()
    renderer = RenderProcess(render=render_when_told)
    app = PublicPageCacheASGI(serving, renderer=renderer)
    scope = scope_of(query)

    async def visits():
        answers = [await ask(app, scope)]  # the first finds it stale and orders the render...
        await wait_for(tmp_path / "started")
        answers += [await ask(app, scope) for _ in range(3)]  # ...the others come while it renders
        (tmp_path / "go").touch()
        await asyncio.gather(*app.rendering)
        answers.append(await ask(app, scope))
        return answers

    try:
        answers = asyncio.run(visits())
    finally:
        renderer.stop()
    child = int((tmp_path / "started").read_text())
    assert child != os.getpid()
    assert answers == [("render 1", "stale")] * 4 + [(f"rendered in process {child}", "hit")]
    assert serving.calls == 0  # the serving process rendered nothing
    key = page_key(scheme="http", host="testserver", htmx=False, path="/page/", query=query)
    assert cache.get(f"{key}:render") is None  # the lock is let go once the copy is stored


def test_when_the_render_process_dies_the_serving_process_renders_again(tmp_path, caplog):
    keep_a_copy("")
    serving = ServingProcessApp()
    renderer = RenderProcess(render=die)
    app = PublicPageCacheASGI(serving, renderer=renderer)
    scope = scope_of("")

    async def visits():
        answers = [await ask(app, scope)]
        await asyncio.gather(*app.rendering)
        answers.append(await ask(app, scope))
        return answers

    try:
        answers = asyncio.run(visits())
    finally:
        renderer.stop()
    assert answers == [("render 1", "stale"), ("rendered in the serving process", None)]
    assert serving.calls == 1 and not renderer.available()
    assert "rendering /page/ in another process failed" in caplog.text


def render_or_hang(order: RenderOrder):
    """Renders at once, or, asked for ``?hang``, hangs (for longer than any test waits)."""
    if "hang" in order.query:
        time.sleep(WAIT_SECONDS * 10)
    return (200, [], f"rendered in process {os.getpid()}".encode()), None


def test_a_render_that_hangs_is_ended_and_the_serving_process_renders_again():
    keep_a_copy("")
    keep_a_copy("hang")
    serving = ServingProcessApp()
    renderer = RenderProcess(render=render_or_hang)
    app = PublicPageCacheASGI(serving, renderer=renderer)

    async def visits():
        answers = [await ask(app, scope_of(""))]
        await asyncio.gather(*app.rendering)  # the process is up: ...
        answers.append(await ask(app, scope_of("")))
        renderer.seconds = 1  # ...a render now has a second before it is given up on
        answers.append(await ask(app, scope_of("hang")))
        await asyncio.gather(*app.rendering)
        answers.append(await ask(app, scope_of("hang")))
        return answers

    try:
        answers = asyncio.run(visits())
    finally:
        renderer.stop()
    child = int(answers[1][0].removeprefix("rendered in process "))
    assert answers[1:] == [
        (f"rendered in process {child}", "hit"),
        ("render 1", "stale"),
        ("rendered in the serving process", None),
    ]
    # The hung process was ended (with SIGKILL: it leaves SIGTERM to the server).
    deadline = time.monotonic() + WAIT_SECONDS
    while Path(f"/proc/{child}/status").exists() and "zombie" not in Path(f"/proc/{child}/status").read_text():
        assert time.monotonic() < deadline, "the hung render process is still running"
        time.sleep(0.01)


def test_a_page_that_is_no_longer_one_to_keep_is_dropped():
    class PageGone:  # what the render process answers for a page that went (a 404) or now sets a cookie
        def available(self):
            return True

        async def render(self, order):
            return None

    keep_a_copy("")
    serving = ServingProcessApp()
    app = PublicPageCacheASGI(serving, renderer=PageGone())
    scope = scope_of("")

    async def visits():
        answers = [await ask(app, scope)]
        await asyncio.gather(*app.rendering)
        answers.append(await ask(app, scope))
        return answers

    assert asyncio.run(visits()) == [("render 1", "stale"), ("rendered in the serving process", None)]


def test_turned_off_the_serving_process_renders_as_before(settings):
    settings.PUBLIC_PAGE_RENDER_PROCESS = False
    keep_a_copy("")
    serving = ServingProcessApp()
    renderer = RenderProcess(render=die)
    app = PublicPageCacheASGI(serving, renderer=renderer)
    assert asyncio.run(ask(app, scope_of(""))) == ("rendered in the serving process", None)
    assert serving.calls == 1


def render_here(order: RenderOrder):
    """``render_order`` in the test's process. It opens and closes as a WSGI request does, which on
    PostgreSQL closes the test's connection (its transaction is not in autocommit): keep the connection, and
    with it the test's transaction, while it runs. (A fixture could not: the test client connects the
    signals again after each of its requests.)"""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        return render_order(order)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def order_for(path: str, *, version: int, headers=()) -> RenderOrder:
    key = page_key(scheme="http", host="testserver", htmx=False, path=path, query="")
    return RenderOrder(
        key=key,
        version=version,
        scheme="http",
        root_path="",
        path=path,
        query="",
        headers=((b"host", b"testserver"), *headers),
        client=("127.0.0.1", 1234),
    )


def test_the_render_process_renders_the_page_the_server_would_keep(alliance, client):
    served = client.get("/partners/nestle/")
    assert served["X-Public-Page-Cache"] == "stored"
    order = order_for("/partners/nestle/", version=current_version())
    kept_by_server = cache.get(order.key)[3]
    cache.delete(order.key)

    (status, headers, body), until = render_here(order)  # what the render process runs, here
    assert (status, body) == (200, kept_by_server[2])
    assert dict(headers)["Content-Type"] == served["Content-Type"]
    assert "Nestlé" in body.decode()
    assert cache.get(order.key) is None  # the page cache's middleware stepped aside: the server stores it

    # A page that is not one to keep any more is reported as such.
    assert render_here(order_for("/partners/no-such-partner/", version=current_version())) is None


def test_the_render_process_follows_the_servers_version_when_caches_are_per_process(alliance, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}}
    render_here(order_for("/partners/", version=1234))
    # What it keeps of its own (the shared fragments) is checked against the server's version, so a write in
    # the server, which the next order carries, reaches them.
    assert cache.get(VERSION_KEY) == 1234
