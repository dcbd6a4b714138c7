"""Whole-page cache for anonymous visitors of the public pages, invalidated by writes, without stampedes.

Public pages are read by many and changed by few. A view opts in with ``@public_page``; its
successful anonymous responses are kept as (status, headers, body) until any service that changes
public data calls ``public_pages_changed()``, which moves the version every entry is checked against.

Two layers share one key and one stored form:
- ``PublicPageCacheASGI`` wraps the ASGI application and answers hits before Django runs at all.
  Measured on this 2-core machine, a hit through Django's ASGI handler costs about 1 ms of CPU (a
  thread hop per request, signals); answered here it costs under 0.1 ms.
- ``PublicPageCacheMiddleware`` stores what Django renders, and serves hits where there is no ASGI
  layer in front (WSGI, the test client).

No stampede. Each page address keeps its last copy, stamped with the version it was rendered at and
the time it stays fresh. When a write moves the version or the copy's time is up, the copy is stale:
one request takes the address's render lock (``cache.add``, atomic in local memory and in Redis) and
renders the page again, while every other request for it is served the stale copy (marked ``stale``)
instead of rendering it too. Measured on the 300-item programme: without this, a change made every
request in flight render the page at once, p99 0.6-2.9 s; with it, one render (docs/benchmarks.md).
A copy is never served past the moment its page said it changes by itself (``public_page_until``: an
event starting, a banner closing), stale or not.

Under uvicorn the new copy is rendered in another process (``renderer``, a ``page_render_process.RenderProcess``
given by ``asgi.py``): the request that takes the lock is answered the stale copy like the others, and the
copy is stored when the other process sends it back. Rendered in the serving process, the one render of a
300-item page (about 70 ms of CPU) held the interpreter while the event loop answered the stale copies,
and they waited for it: p99 363 ms in a run crossing an expiry, against 8 ms for plain hits.

``shared_fragment`` applies the same rule to a piece of a page that every visitor shares, signed in
or not (the event programme's body), so signed-in pages need not render it either.
"""

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from http.cookies import SimpleCookie

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "a87:public-pages:version"
HEADER = "X-Public-Page-Cache"
# How long a stale copy may stand in for its page while one request renders the new one; and the
# longest a render may hold its address's lock (a crashed worker's lock lapses after that).
KEEP_STALE_SECONDS = 24 * 60 * 60
RENDER_LOCK_SECONDS = 30
# The ASGI scope's key that tells the middleware its request holds the render lock taken at the ASGI layer.
RENDER_LOCK_SCOPE_KEY = "a87.render_lock"
# The WSGI environ's key that tells the middleware another process asked for this render, and keeps the copy
# itself (page_render_process.py): step aside. Not a header, so no request from outside can set it.
RENDER_ELSEWHERE_KEY = "a87.render_elsewhere"


def public_page(view):
    """Mark a view's successful anonymous responses as cacheable."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_page = True
        return response

    return wrapped


def public_pages_changed() -> None:
    """Invalidate every cached public page, now and again when the transaction commits.

    The second bump marks stale a page that another request rendered from the old data while this
    transaction was still open.
    """

    def bump() -> None:
        cache.set(VERSION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
    return version


def _skip(method: str, cookie_names) -> bool:
    return (
        method not in ("GET", "HEAD")
        or settings.SESSION_COOKIE_NAME in cookie_names
        or "messages" in cookie_names  # a message waits to be shown (e.g. "You have signed out")
        or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0
    )


def page_key(*, scheme: str, host: str, htmx: bool, path: str, query: str) -> str:
    """The cache key of a page's last copy: what makes two requests the same page (not the version)."""
    where = hashlib.sha1(f"{scheme}|{host}|{path}?{query}".encode(), usedforsecurity=False).hexdigest()
    return f"a87:page:{'hx' if htmx else 'full'}:{where}"


# ---- One copy per key, one render at a time ------------------------------------------------------
# An entry is (version, fresh_until, valid_until, value): times in seconds since the epoch, valid_until
# None when the content does not change by itself.


def _now() -> float:
    """Django's clock (the one the pages read and the tests move), in seconds since the epoch."""
    return timezone.now().timestamp()


def _state(entry, version: int, now: float) -> str:
    """ "fresh", "stale" (may stand in while one request renders) or "gone" (no copy that may be shown)."""
    if entry is None or (entry[2] is not None and now >= entry[2]):
        return "gone"
    return "fresh" if entry[0] == version and now < entry[1] else "stale"


def _store(key: str, version: int, value, *, seconds: float, until: float | None, now: float) -> None:
    keep = seconds + KEEP_STALE_SECONDS if until is None else max(until - now, 1)
    cache.set(key, (version, now + seconds, until, value), keep)


def _take_lock(key: str) -> bool:
    return cache.add(f"{key}:render", 1, RENDER_LOCK_SECONDS)


def _release_lock(key: str) -> None:
    cache.delete(f"{key}:render")


def shared_fragment(key: str, build: Callable[[], tuple[object, float | None]]):
    """``build()``'s value, kept under ``key`` while no public data changes (the pages' version).

    ``build`` returns (value, until): ``until`` the time (``timezone.now().timestamp()``) the value
    changes by itself, or None. One request builds while the others get the last value (as for whole pages).
    Built every time when the public-page cache is off (``PUBLIC_PAGE_CACHE_SECONDS=0``).
    """
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return build()[0]
    key = f"a87:fragment:{key}"
    version, now = current_version(), _now()
    entry = cache.get(key)
    state = _state(entry, version, now)
    if state == "fresh":
        return entry[3]
    locked = state == "stale" and _take_lock(key)
    if state == "stale" and not locked:
        return entry[3]
    try:
        value, until = build()
        if until is None or until - now > 1:
            _store(
                key,
                version,
                value,
                seconds=seconds if until is None else min(seconds, until - now),
                until=until,
                now=now,
            )
        return value
    finally:
        if locked:
            _release_lock(key)


# ---- The two layers ---------------------------------------------------------------------------------


def _response(entry, how: str) -> HttpResponse:
    status, headers, body = entry[3]
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = how
    return response


def copy_to_keep(method: str, response) -> tuple[tuple, float | None] | None:
    """What is kept of a response, (stored form, until), or None when it is not one to keep."""
    if (
        method == "GET"
        and getattr(response, "public_page", False)
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
    ):
        return (200, list(response.items()), response.content), getattr(response, "public_page_until", None)
    return None


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _skip(request.method, request.COOKIES) or request.META.get(RENDER_ELSEWHERE_KEY):
            return self.get_response(request)
        key = page_key(
            scheme=request.scheme,
            host=request.get_host(),
            htmx=bool(request.headers.get("HX-Request")),
            path=request.path,
            query=request.META.get("QUERY_STRING", ""),
        )
        version, now = current_version(), _now()
        entry = cache.get(key)
        state = _state(entry, version, now)
        if state == "fresh":
            return _response(entry, "hit")
        # The ASGI layer took the render lock for this very request: it renders (the layer lets go after).
        held = (getattr(request, "scope", None) or {}).get(RENDER_LOCK_SCOPE_KEY) == key
        # Only a page with a copy takes the lock: with none to stand in, the others could only wait.
        locked = state == "stale" and not held and _take_lock(key)
        if state == "stale" and not locked and not held:
            return _response(entry, "stale")  # another request is rendering it
        try:
            response = self.get_response(request)
            kept = copy_to_keep(request.method, response)
            if kept is not None:
                stored, until = kept
                _store(key, version, stored, seconds=settings.PUBLIC_PAGE_CACHE_SECONDS, until=until, now=now)
                response[HEADER] = "stored"
            return response
        finally:
            if locked:
                _release_lock(key)


@dataclass(frozen=True)
class RenderOrder:
    """A stale page to render again elsewhere, as the request that found it stale would have rendered it."""

    key: str  # the page's key, whose render lock the asking process holds
    version: int  # the public pages' version when the lock was taken: the copy is stored at it
    scheme: str
    root_path: str
    path: str
    query: str
    headers: tuple[tuple[bytes, bytes], ...]  # the request's, as received
    client: tuple[str, int] | None


@dataclass(frozen=True)
class Lookup:
    """What the ASGI layer found for a request: a copy to send (``how`` says hit or stale), or the render
    lock of a stale page taken for this request (``how`` None, ``copy`` the stale copy)."""

    copy: tuple
    how: bytes | None
    key: str
    version: int
    now: float


class PublicPageCacheASGI:
    """Answer cached public pages at the ASGI level; pass everything else to the application.

    A stale copy is answered here too while its page is rendered again. When nobody renders it yet, this
    request takes the render lock here, on the event loop. With a ``renderer`` that can (another
    process: ``page_render_process.RenderProcess``), the render is ordered from it, this request is
    answered the stale copy as well, and the new copy is stored and the lock let go when it comes back:
    the serving process never renders a page that has a copy. Without one, this request goes on to
    Django to render the page (the scope says so to the middleware), and the lock is let go when the
    response is sent. Taking it in Django instead let every request of the moment through to Django's
    one thread for synchronous views, where they queued behind the render before the middleware could
    answer them the stale copy.
    """

    def __init__(self, app, *, renderer=None):
        self.app = app
        self.renderer = renderer
        self.rendering: set[asyncio.Task] = set()  # the renders ordered, kept until done (asyncio keeps none)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = self._lookup(scope)
        if found is None:
            await self.app(scope, receive, send)
            return
        if found.how is not None:
            await self._send(found.copy, found.how, scope["method"], send)
            return
        # This request holds the stale page's render lock.
        if self.renderer is not None and self.renderer.available():
            order = RenderOrder(
                key=found.key,
                version=found.version,
                scheme=scope.get("scheme", "http"),
                root_path=scope.get("root_path", ""),
                path=scope["path"],
                query=scope.get("query_string", b"").decode("latin-1"),
                headers=tuple((bytes(name), bytes(value)) for name, value in scope.get("headers") or ()),
                client=tuple(scope["client"]) if scope.get("client") else None,
            )
            task = asyncio.get_running_loop().create_task(self._render_elsewhere(order, now=found.now))
            self.rendering.add(task)
            task.add_done_callback(self.rendering.discard)
            await self._send(found.copy, b"stale", scope["method"], send)
            return
        try:
            await self.app({**scope, RENDER_LOCK_SCOPE_KEY: found.key}, receive, send)
        finally:
            _release_lock(found.key)

    async def _render_elsewhere(self, order: RenderOrder, *, now: float) -> None:
        """Store the copy the renderer sends back, then let go of the lock.

        Side effects: the page's copy is replaced, or dropped when the page is no longer one to keep (it
        moved, went, or set a cookie: the next request goes to Django and gets what it now is). When the
        renderer fails, the stale copy stays and the lock is let go; the renderer says it is unavailable
        for a while, so the next request renders the page here.
        """
        try:
            kept = await self.renderer.render(order)
            if kept is None:
                cache.delete(order.key)
            else:
                stored, until = kept
                seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
                _store(order.key, order.version, stored, seconds=seconds, until=until, now=now)
        except Exception:  # noqa: BLE001 -- whatever went wrong there, this process goes on serving
            logger.exception("rendering %s%s in another process failed", order.root_path, order.path)
        finally:
            _release_lock(order.key)

    @staticmethod
    def _lookup(scope) -> Lookup | None:
        headers = dict(scope.get("headers") or [])
        cookies = SimpleCookie()
        try:
            cookies.load(headers.get(b"cookie", b"").decode("latin-1"))
        except Exception:  # noqa: BLE001 -- a malformed cookie header: let Django answer it
            return None
        if _skip(scope["method"], cookies.keys()):
            return None
        host = headers.get(b"host", b"").decode("latin-1")
        if not host:
            return None
        key = page_key(
            scheme=scope.get("scheme", "http"),
            host=host,
            htmx=bool(headers.get(b"hx-request")),
            path=scope.get("root_path", "") + scope["path"],
            query=scope.get("query_string", b"").decode("latin-1"),
        )
        # The cache's synchronous get is a dictionary (locmem) or one loopback round trip (Redis):
        # cheaper than the thread hop its async wrapper would make.
        entry = cache.get(key)
        version, now = current_version(), _now()
        state = _state(entry, version, now)
        if state == "fresh":
            return Lookup(entry[3], b"hit", key, version, now)
        if state == "stale":
            # Taking the lock makes this request the one that has the page rendered again.
            return Lookup(entry[3], None if _take_lock(key) else b"stale", key, version, now)
        return None

    @staticmethod
    async def _send(hit, how: bytes, method: str, send) -> None:
        status, headers, body = hit
        raw = [(name.encode("latin-1"), str(value).encode("latin-1")) for name, value in headers]
        raw = [h for h in raw if h[0].lower() != b"content-length"]
        raw += [(b"content-length", str(len(body)).encode()), (HEADER.encode(), how)]
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})
