"""Long-lived threads for Django's synchronous code under ASGI, so each keeps its database connection.

Django's ASGI handler runs each request's synchronous parts (middleware, views) on a thread made for
that request, and database connections belong to threads: every request opens a new connection (for
SQLite, about a millisecond of reading the schema) and starts a thread, whatever ``CONN_MAX_AGE`` says.
``RequestThreads`` wraps the HTTP application and lends each request one of a few threads that live
on (asgiref's ``ThreadSensitiveContext(executor=...)``), so connections are kept as configured. When
every pooled thread is busy (a PDF export, a burst of requests), a request gets a thread of its own, as
Django would give it, so nothing waits for a slow neighbour.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext

POOL_SIZE = 16  # 12 contributions at once at the artwork's peak, with room for page views beside them


class RequestThreads:
    def __init__(self, app, size: int = POOL_SIZE):
        self.app = app
        self.size = size
        self.idle: deque[ThreadPoolExecutor] = deque()
        self.made = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        executor = self._borrow()
        if executor is None:  # every pooled thread is busy: a thread for this request alone, as Django does
            await self.app(scope, receive, send)
            return
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.app(scope, receive, send)
        finally:
            self.idle.append(executor)

    def _borrow(self) -> ThreadPoolExecutor | None:
        if self.idle:
            return self.idle.pop()  # the most recently used: its connection is the freshest
        if self.made < self.size:
            self.made += 1
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"request-{self.made}")
        return None
