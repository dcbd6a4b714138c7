"""Telling open sockets that someone's rights changed, so a revoked role stops working at once.

A socket checks its user's right when it opens; a role revoked afterwards must not keep working on it
(the run-of-show console, the artwork console). ``announce(user_id=...)`` (called by
``services.role_revoke`` after its commit) sends one message ``{"type": "rights.changed", "user": id}``
to the ``accounts.rights`` group of the channel layer. In each server process one ``Watch`` (an asyncio
task, started with the first socket that asks and stopped with the last) is that group's only member,
and calls ``rights_changed()`` on that user's sockets here, which read the user's roles again and close
if the right is gone. One member per process, not one per socket, for the reason ``events.consumers.Relay``
and ``artwork.live`` give: the channel layer's cost is per member and message. With Redis
(``REDIS_URL``) every process gets the message.

A role can also go without ``role_revoke`` (the admin's delete button, a user made inactive in the
admin), and a message can be lost (Redis restarting): so the watch also asks every socket it holds to
check again every ``RECHECK_SECONDS``.

``reread`` is how a socket checks again: on the very user object of its scope (the authentication stack
sets attributes on it, such as whether the session owes its second factor, that a fresh ``User`` would
not have), dropping its cached roles and reading whether the account is still active.
"""

import asyncio
import logging
import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from . import twofactor

log = logging.getLogger(__name__)

GROUP = "accounts.rights"
RECHECK_SECONDS = 60.0  # every watched socket checks its right again this often, whatever it was told
REGROUP_SECONDS = 3600.0  # join the group again this often (channel layers expire group members)

_pending: set[asyncio.Task] = set()


def announce(*, user_id: int) -> None:
    """Tell every server process that ``user_id``'s rights changed (call it after the commit).

    Never raises: the change is saved, and the sockets check again within ``RECHECK_SECONDS`` anyway.
    From a request's thread the message goes out through the server's event loop; from an event loop's
    own thread it is sent by a task, without blocking the loop.
    """
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "rights.changed", "user": int(user_id)}
    try:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            async_to_sync(layer.group_send)(GROUP, message)
        else:
            task = loop.create_task(layer.group_send(GROUP, message))
            _pending.add(task)
            task.add_done_callback(_pending.discard)
    except Exception:  # noqa: BLE001 -- see the docstring: the periodic check covers a lost message
        log.warning("accounts: could not announce that the rights of user %s changed", user_id, exc_info=True)


def reread(user, session) -> bool:
    """Forget ``user``'s cached roles, read whether the account still exists and is active, and mark
    again whether ``session`` still owes its second factor (``twofactor``: a role granted since the
    socket opened may need one), all in place, on the same object. False if the account is gone or
    inactive; then no right holds, whatever the rules say. Runs queries: call it from a thread
    (``database_sync_to_async``)."""
    user = getattr(user, "_wrapped", user)  # channels' lazy scope user: the real object behind it
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    user.__dict__.pop("_role_assignments", None)
    try:
        user.refresh_from_db(fields=["is_active", "is_superuser"])
    except user.DoesNotExist:
        return False
    twofactor.mark_session_user(user, session)
    return bool(user.is_active)


def _user_id(user) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


async def watch(user, socket) -> None:
    """Call ``socket.rights_changed()`` whenever ``user``'s rights may have changed, until ``unwatch``.

    Returns once this process follows the group, so a change committed after it is not missed (check
    the right after this, not before). Anonymous users have no rights to lose: nothing to watch.
    """
    user_id = _user_id(user)
    if user_id is None:
        return
    await Watch.add(user_id, socket)


def unwatch(user, socket) -> None:
    """Stop watching for ``socket`` (idempotent)."""
    user_id = _user_id(user)
    if user_id is not None:
        Watch.discard(user_id, socket)


def watched_sockets() -> int:
    """How many sockets this process watches (for tests and diagnostics)."""
    return sum(len(sockets) for watch in Watch._running.values() for sockets in watch.sockets.values())


async def _check(socket) -> None:
    try:
        await socket.rights_changed()
    except Exception:  # noqa: BLE001 -- a socket that went away meanwhile: its own ending cleans up
        log.debug("accounts: could not check a socket's rights again", exc_info=True)


class Watch:
    """The one member of the ``accounts.rights`` group in this process (per event loop)."""

    _running: dict[int, "Watch"] = {}  # id(event loop) → its watch

    def __init__(self):
        self.loop = asyncio.get_running_loop()
        self.sockets: dict[int, set] = {}  # user id → their sockets in this process
        self.ready = asyncio.Event()
        self.channel: str | None = None
        self.task = self.loop.create_task(self._follow(), name="accounts-rights-watch")
        self.sweeper = self.loop.create_task(self._sweep(), name="accounts-rights-sweep")

    @classmethod
    async def add(cls, user_id: int, socket) -> None:
        loop = asyncio.get_running_loop()
        watch = cls._running.get(id(loop))
        if watch is None or watch.loop is not loop or watch.task.done():
            watch = cls._running[id(loop)] = cls()
        watch.sockets.setdefault(user_id, set()).add(socket)
        await watch.ready.wait()

    @classmethod
    def discard(cls, user_id: int, socket) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        watch = cls._running.get(id(loop))
        if watch is None or watch.loop is not loop:
            return
        sockets = watch.sockets.get(user_id)
        if sockets is None:
            return
        sockets.discard(socket)
        if not sockets:
            del watch.sockets[user_id]
        if not watch.sockets:  # the last socket here: stop following the group
            del cls._running[id(loop)]
            watch.task.cancel()
            watch.sweeper.cancel()

    def _tell(self, sockets) -> None:
        """Each socket checks in a task of its own: a socket that closes may stop this watch (its last
        socket gone), which must not cut short the socket's own goodbye."""
        for socket in list(sockets):
            task = self.loop.create_task(_check(socket))
            _pending.add(task)
            task.add_done_callback(_pending.discard)

    async def _follow(self) -> None:
        layer = get_channel_layer()
        if layer is None:
            self.ready.set()
            return
        self.channel = await layer.new_channel()
        try:
            while True:
                try:
                    try:
                        await layer.group_add(GROUP, self.channel)
                    finally:
                        self.ready.set()  # even on failure: the sockets open; the retry follows
                    while True:
                        message = await layer.receive(self.channel)
                        sockets = self.sockets.get(message.get("user"))
                        if sockets:
                            self._tell(sockets)
                except asyncio.CancelledError:
                    raise
                except Exception:  # noqa: BLE001 -- the layer failed (Redis restarting): follow again
                    # The same channel again: what was sent to it meanwhile is still waiting there.
                    log.warning("accounts: the channel layer failed; following %s again", GROUP, exc_info=True)
                    await asyncio.sleep(0.2)
        finally:
            try:
                await layer.group_discard(GROUP, self.channel)
            except Exception:  # noqa: BLE001 -- best effort: the membership expires anyway
                log.debug("accounts: could not leave %s", GROUP, exc_info=True)

    async def _sweep(self) -> None:
        """Every ``RECHECK_SECONDS``: every socket checks again (and the group membership is renewed, for
        a process that heard nothing for a day)."""
        layer = get_channel_layer()
        last_join = time.monotonic()
        while True:
            await asyncio.sleep(RECHECK_SECONDS)
            self._tell([socket for sockets in list(self.sockets.values()) for socket in sockets])
            if layer is not None and self.channel is not None and time.monotonic() - last_join > REGROUP_SECONDS:
                try:
                    await layer.group_add(GROUP, self.channel)
                    last_join = time.monotonic()
                except Exception:  # noqa: BLE001 -- the follower retries on its own failures
                    log.debug("accounts: could not renew %s", GROUP, exc_info=True)
