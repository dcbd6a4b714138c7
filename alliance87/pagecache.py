"""Whole-page cache for anonymous visitors of the public pages, invalidated by writes.

Public pages are read by many and changed by few. A view opts in with ``@public_page``; the
middleware keeps the rendered response for visitors without a session and serves it again until
any service that changes public data calls ``public_pages_changed()``. It runs outermost and
async-capable, so under ASGI a hit never leaves the event loop for a worker thread.
"""

import hashlib
import time
from functools import wraps

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "a87:public-pages:version"


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

    The second bump drops a page that another request rendered from the old data while this
    transaction was still open.
    """

    def bump() -> None:
        cache.set(VERSION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


class PublicPageCacheMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        key = self._key(request)
        if key and (hit := cache.get(key)) is not None:
            return self._hit(hit)
        return self._store(key, self.get_response(request))

    async def __acall__(self, request):
        key = self._key(request)
        # The cache's synchronous get is a dictionary (locmem) or one loopback round trip (Redis):
        # cheaper than the thread hop its async wrapper would make.
        if key and (hit := cache.get(key)) is not None:
            return self._hit(hit)
        return self._store(key, await self.get_response(request))

    @staticmethod
    def _key(request) -> str | None:
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES  # a message waits to be shown (e.g. "You have signed out")
            or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0
        ):
            return None
        version = cache.get(VERSION_KEY)
        if version is None:
            version = time.time_ns()
            cache.add(VERSION_KEY, version, None)
        htmx = "hx" if request.headers.get("HX-Request") else "full"
        path = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
        return f"a87:page:{version}:{request.scheme}:{htmx}:{path}"

    @staticmethod
    def _hit(response):
        response["X-Public-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _store(key, response):
        if (
            key
            and getattr(response, "public_page", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Public-Page-Cache"] = "stored"
        return response
