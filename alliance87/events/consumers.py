"""The run-of-show over WebSockets: ``/ws/events/<slug>/run/``.

Messages from the server (JSON): ``{"type": "state", ...}`` the snapshot of ``live.run_state`` (on
connect, after every change, and on ``sync``); ``{"type": "pong", "t": <client ms>, "server_ms": ...}``
for clock-offset estimates; ``{"type": "error", "code": ..., "message": ...}`` naming what is wrong.

Messages to the server: ``{"type": "ping", "t": <client ms>}``; ``{"type": "sync"}``;
``{"type": "action", "action": "next", "version": <the version the screen shows>}`` (only for users
with ``events.run_event``). Anyone may follow a published event (the public snapshot, without notes);
those who may run it get the full one.

Bad frames (empty, binary, not a JSON object, too long, a NUL character, a field of the wrong type)
are answered with the ``bad_message`` error and the socket stays open; an unforeseen failure is answered
``server_error`` and closed with 1011 (``alliance87.sockets``). Closes: 4404 (``not_found``: no published
event at this address), 4403 (``permission``: the user's right to run the event is gone), 1011.

The right to run is checked again, with the user's roles read afresh, before every action and every
``sync`` of a screen that may run, when the user's rights change (``accounts.rights_changed``: a role
revoked, at once) and every minute. A screen whose right is gone is closed with 4403 and a
``permission`` error, not quietly downgraded: its page (``events-run.js``) reconnects and then follows
the event as the public does (a draft answers ``not_found``), and says why.

New states reach the screens through the channel layer (in memory, or Redis across processes), once
per process: see ``Relay``.
"""

import asyncio
import logging
import math
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from alliance87.accounts import rights_changed
from alliance87.sockets import GuardedSocket

from . import live
from .models import Event
from .vocab import EventStatus

CLOSE_PERMISSION = 4403
CLOSE_NOT_FOUND = 4404
log = logging.getLogger(__name__)


def _language(scope) -> str:
    """The screen's language, from ``?lang=`` (the page's), else the default."""
    query = scope.get("query_string", b"").decode("latin-1")
    for part in query.split("&"):
        name, _sep, value = part.partition("=")
        if name == "lang" and value in dict(settings.LANGUAGES):
            return value
    return settings.LANGUAGE_CODE


class Relay:
    """The one member of an event's channel group in this process: it hands each new state to every
    screen of the event connected to this process.

    Why not one group member per screen, as channels usually does: an advance would then be one channel
    layer message per screen, and the in-memory layer scans all its channels and groups on every
    receive. Measured with 200 screens (bench/runofshow.py, on a busy 2-core machine): a member per
    screen cost about 70 ms of server CPU per advance, with a p99 delay of 400 to 750 ms; through the
    relay, about 35 ms and a p99 of 60 to 90 ms. With Redis it is likewise one message per process.
    If the layer fails (Redis restarting, or redis-py 8's 5-second read timeout on an idle channel),
    the relay follows again on the same channel, where what was sent meanwhile still waits.
    """

    _running: dict[tuple[int, str], "Relay"] = {}  # (event loop, group) → its relay

    def __init__(self, group: str):
        self.group = group
        self.screens: set[RunOfShowConsumer] = set()
        self.ready = asyncio.Event()
        self.task = asyncio.get_running_loop().create_task(self._relay())

    @classmethod
    async def join(cls, group: str, screen: "RunOfShowConsumer") -> None:
        """Follow ``group`` from now on (returns once the relay is in the group, so nothing is missed)."""
        key = (id(asyncio.get_running_loop()), group)
        relay = cls._running.get(key)
        if relay is None:
            relay = cls._running[key] = cls(group)
        relay.screens.add(screen)
        await relay.ready.wait()

    @classmethod
    def leave(cls, group: str, screen: "RunOfShowConsumer") -> None:
        key = (id(asyncio.get_running_loop()), group)
        relay = cls._running.get(key)
        if relay is None:
            return
        relay.screens.discard(screen)
        if not relay.screens:  # the last screen here: stop following the group
            del cls._running[key]
            relay.task.cancel()

    async def _relay(self) -> None:
        layer = get_channel_layer()
        channel = await layer.new_channel()
        try:
            while True:
                try:
                    try:
                        await layer.group_add(self.group, channel)
                    finally:
                        self.ready.set()  # even on failure: the screens get their snapshot; the retry follows
                    while True:
                        message = await layer.receive(channel)
                        for screen in list(self.screens):
                            try:
                                await screen.deliver(message)
                            except Exception:  # noqa: BLE001 -- a screen that went away must not stop the others
                                log.debug("run-of-show: could not deliver to a screen", exc_info=True)
                except asyncio.CancelledError:
                    raise
                except Exception:  # noqa: BLE001 -- the layer failed (Redis restarting, a read timeout): go on
                    # The same channel again: what was sent to it meanwhile is still waiting there.
                    log.warning("run-of-show: the channel layer failed; following %s again", self.group, exc_info=True)
                    await asyncio.sleep(0.2)
        finally:
            try:
                await layer.group_discard(self.group, channel)
            except Exception:  # noqa: BLE001 -- best effort: the membership expires anyway
                log.debug("run-of-show: could not leave %s", self.group, exc_info=True)


class RunOfShowConsumer(GuardedSocket, AsyncJsonWebsocketConsumer):
    # A layer alias that is not configured: channels then gives the consumer no channel of its own (a
    # screen takes nothing from the layer directly; its process's relay does, once for all its screens).
    channel_layer_alias = "run-of-show screens follow through their relay"
    event: Event | None = None
    can_run = False
    user = None
    group: str | None = None  # set while the screen is with its relay

    async def connect(self):
        self.language = _language(self.scope)
        self.user = self.scope.get("user")
        # Before the check: a role revoked after it is then heard of (see rights_changed.watch).
        await rights_changed.watch(self.user, self)
        slug = self.scope["url_route"]["kwargs"]["slug"]
        self.event, self.can_run = await self._load(slug)
        await self.accept()
        if self.event is None:
            with translation.override(self.language):
                message = _("There is no published event at this address.")
            await self.send_json({"type": "error", "code": "not_found", "message": message})
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.group = live.group_name(self.event)  # before joining: a failure while joining still leaves
        await Relay.join(self.group, self)
        await self._send_snapshot()

    async def disconnect(self, code):
        self.forget()

    def forget(self) -> None:
        """Leave the relay and the rights watch (idempotent; runs however the consumer ends)."""
        if self.group is not None:
            Relay.leave(self.group, self)
            self.group = None
        rights_changed.unwatch(self.user, self)

    @database_sync_to_async
    def _load(self, slug: str) -> tuple[Event | None, bool]:
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            return None, False
        user = self.user
        can_run = bool(user is not None and user.is_authenticated and user.has_perm("events.run_event", event))
        if event.status != EventStatus.PUBLISHED and not can_run:
            return None, False  # a draft is not public: the same answer as an unknown address
        return event, can_run

    @database_sync_to_async
    def _may_still_run(self) -> bool:
        """The right to run, with the user's roles read again (on the scope's own user object)."""
        return rights_changed.reread(self.user, self.scope.get("session")) and self.user.has_perm(
            "events.run_event", self.event
        )

    @database_sync_to_async
    def _snapshot(self) -> dict:
        return live.run_state(self.event, private=self.can_run, language=self.language)

    async def _send_snapshot(self):
        await self.send_json(await self._snapshot())

    async def receive_message(self, content: dict):
        with translation.override(self.language):
            await self._receive(content)

    async def _receive(self, content: dict):
        kind = content.get("type")
        if kind == "ping":
            t = content.get("t")
            if t is not None and (
                isinstance(t, bool) or not isinstance(t, int | float) or (isinstance(t, float) and not math.isfinite(t))
            ):
                await self._error("bad_message", _("The ping's time must be a number."))
                return
            await self.send_json({"type": "pong", "t": t, "server_ms": int(time.time() * 1000)})
        elif kind == "sync":
            if self.can_run and not await self._may_still_run():
                await self._right_gone()
                return
            await self._send_snapshot()
        elif kind == "action":
            await self._act(content)
        else:
            await self._error("bad_message", self.not_understood())

    async def _act(self, content: dict):
        if not self.can_run:
            message = (
                _("You are following this event: only its organisers, its moderators and the secretariat can run it.")
                if self.user is not None and self.user.is_authenticated
                else _("You are following this event: sign in as an organiser or moderator to run it.")
            )
            await self._error("permission", message)
            return
        version = content.get("version")
        if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
            await self._error("bad_message", _("The version must be a whole number."))
            return
        action = content.get("action")
        if not isinstance(action, str):
            await self._error("bad_message", _("The action must be one of the show's steps, such as “next”."))
            return
        error = await self._control(action, version)
        if error is not None:
            code, message = error
            if code == "permission":
                await self._right_gone()
                return
            await self._error(code, message)
            if code == "stale":
                await self._send_snapshot()
        # On success the new state arrives through the group, on this screen as on every other.

    @database_sync_to_async
    def _control(self, action: str, version: int | None) -> tuple[str, str] | None:
        with translation.override(self.language):
            try:
                # The roles as they are now, not as they were when the socket opened (a revoked role).
                if not rights_changed.reread(self.user, self.scope.get("session")):
                    raise PermissionDenied
                live.run_control(event=self.event, by=self.user, action=action, expected_version=version)
            except PermissionDenied:
                return "permission", _("You may not run this event.")
            except ValidationError as error:
                errors = error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]
                codes = [e.code for group in errors for e in group]
                return (codes[0] if codes else "invalid"), " ".join(error.messages)
        return None

    async def rights_changed(self) -> None:
        """The user's rights may have changed (``accounts.rights_changed``): a screen that may run the
        event checks again and closes if it may no longer (a follower has nothing to lose)."""
        if self.can_run and not self.closing and not await self._may_still_run():
            await self._right_gone()

    async def _right_gone(self) -> None:
        """Close with 4403: no more private states, no more actions (the page reconnects as a follower)."""
        if self.closing:
            return  # told already (the watch and the screen's own message may both find the right gone)
        self.closing = True
        self.can_run = False  # from now on, even a state already on its way is the public one
        self.forget()
        with translation.override(self.language):
            message = _("You may no longer run this event: your role was withdrawn or changed.")
        await self._error("permission", message)
        await self.close(code=CLOSE_PERMISSION)

    async def _error(self, code: str, message: str):
        await self.send_error(code, message)

    async def deliver(self, message: dict) -> None:
        """A new state, from ``live.broadcast`` through the relay: the version this screen may see (JSON), in
        its language."""
        versions = message["private"] if self.can_run else message["public"]
        await self.send(text_data=live.in_language(versions, self.language))
