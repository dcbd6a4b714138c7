"""The artwork over WebSockets: ``/ws/artwork/<slug>/wall/`` (anyone) and ``/ws/artwork/<slug>/console/``
(those who may moderate the banner).

To the server (JSON): ``{"since": N}`` at any time: "I have everything up to N, send what follows"
(``N`` is the ``last_seq`` of the snapshot the screen loaded, then the ``to`` of the last message it
took); ``?since=N`` in the address does the same on connecting. ``{"type": "ping"}`` is answered with
``{"type": "pong"}`` (browsers cannot see the server's pings; a screen that hears nothing reconnects).

From the server:

- ``{"type": "entries", "from": a, "to": b, "entries": [{seq, kind, at, data}, ...]}`` covers every
  number from a to b. On the wall, only approved content (``snapshot.wall_entries``): an approval with
  the contribution's public data, "hidden" and "erased" to take cells away, "frozen"/"unfrozen"; the
  rest of the range is private and left out. On the console, every entry with ``contribution`` (as it
  is now; the words of a possible disclosure withheld) and ``by`` (who did it).
- ``{"type": "state", "frozen": bool, "seq": n}`` on the wall, when it resumes and when the freeze
  changes (while frozen the wall's numbers stand still: it shows what it showed when frozen).
- ``{"type": "reload"}``: load the snapshot again (``artwork:snapshot``) and resume from its
  ``last_seq`` (the screen was too far behind, or a long freeze let too much through at once).
- ``{"type": "error", "code": ..., "message": ...}`` then a close: ``not_found`` (4404, no such
  banner), ``permission`` (4403, the console needs a moderator, or the right to it is gone),
  ``too_slow`` (4408, the screen did not keep up: reconnect and resume), ``server_error`` (1011, an
  unforeseen failure: reconnect and resume); or with the socket left open, ``bad_message``: an empty or
  binary frame, not a JSON object, too long, a NUL character (``alliance87.sockets``).

A console's right is checked again, with the user's roles read afresh, whenever it asks to resume, when
the user's rights change (``accounts.rights_changed``: a role revoked, at once) and every minute; a
console whose right is gone is closed with 4403. The wall has no right to check: nothing is added to
its path.

The sockets do not join channel-layer groups themselves: ``live.Tailer`` is the only listener per
banner and process, and pushes to them (see ``live``): under ``make run``'s server, as frames prepared once
for every socket and written straight to each connection (``alliance87.prepared_frames``), not through the
consumer and the ASGI server one socket at a time.
"""

import asyncio
import json
import time

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.sessions import InstanceSessionWrapper
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from alliance87.accounts import rights_changed
from alliance87.sockets import GuardedSocket

from . import live
from .models import Banner

CLOSE_PERMISSION = 4403
CLOSE_NOT_FOUND = 4404
WALL_BANNER_SECONDS = 60.0

# slug → (banner id, when looked up): thousands of screens connecting at once look the banner up once.
_wall_banners: dict[str, tuple[int, float]] = {}


def _language(scope) -> str:
    """The screen's language, from ``?lang=`` (the page's), else the default."""
    language = _query(scope).get("lang")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _query(scope) -> dict[str, str]:
    pairs = (part.partition("=") for part in scope.get("query_string", b"").decode("latin-1").split("&") if part)
    return {name: value for name, _sep, value in pairs}


def _server_send(send):
    """The server's own ``send``, from under channels' session wrappers.

    ``SessionMiddleware`` (in ``AuthMiddlewareStack``) wraps ``send`` to save the session on HTTP
    responses; on a WebSocket message it does nothing but read the session's flags, which costs more
    than the send itself when the wall pushes to thousands of screens.
    """
    while isinstance(wrapper := getattr(send, "__self__", None), InstanceSessionWrapper):
        send = wrapper.real_send
    return send


def _banner_id(slug: str) -> int | None:
    return Banner.objects.filter(slug=slug).values_list("pk", flat=True).first()


def _since(value) -> int | None:
    """A sequence number from a message or the address: a whole number, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 19:
        return int(value)
    return None


class BannerConsumer(GuardedSocket, AsyncWebsocketConsumer):
    """One screen following a banner: the wall's or a console's view (``audience``)."""

    audience = live.WALL
    # Not on the channel layer: the tailer receives the nudges and pushes to this socket.
    channel_layer_alias = "artwork-sockets-are-not-on-the-layer"

    position: int | None = None
    tailer: live.Tailer | None = None
    outbox: live.FramedOutbox | live.Outbox | None = None
    banner_id: int | None = None
    user = None

    async def dispatch(self, message):
        """As channels' ``dispatch``, without closing old database connections before every message: these
        handlers do not touch the database (the lookup on connecting goes through ``database_sync_to_async``,
        which does), and that step is a thread hop per message, thousands a second when screens reconnect."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.language = _language(self.scope)
        slug = self.scope["url_route"]["kwargs"]["slug"]
        if self.audience == live.CONSOLE:
            self.user = self.scope.get("user")
            # Before the check: a role revoked after it is then heard of (see rights_changed.watch).
            await rights_changed.watch(self.user, self)
        found = await self._banner(slug)
        await self.accept()
        if found is None:
            await self._refuse("not_found", CLOSE_NOT_FOUND, _("There is no banner at this address."))
            return
        self.banner_id, allowed = found
        if not allowed:
            await self._refuse(
                "permission",
                CLOSE_PERMISSION,
                _("Only the banner's moderators and the secretariat can follow its console: sign in as one of them."),
            )
            return
        self.outbox = live.outbox(self.scope, _server_send(self.base_send), self._too_slow)
        # The tailer calls push once per socket and message: the outbox's own, one call fewer than the method's.
        self.push = self.outbox.push
        self.tailer = live.tailer_for(self.banner_id)
        self.tailer.add(self)
        since = _since(_query(self.scope).get("since"))
        if since is not None:
            self.tailer.resume(self, since)

    async def disconnect(self, code):
        self.forget()

    def forget(self) -> None:
        """Leave the tailer and the rights watch (idempotent; runs however the consumer ends)."""
        if self.tailer is not None:
            self.tailer.remove(self)
            self.tailer = None
        if self.outbox is not None:
            self.outbox.cancel()
        if self.user is not None:
            rights_changed.unwatch(self.user, self)

    def not_understood(self) -> str:
        return _('The server did not understand this message: send {"since": N} with a whole number.')

    async def receive_message(self, message: dict):
        if message.get("type") == "ping":
            self.push(live.PONG)
            return
        since = _since(message.get("since"))
        if since is None or self.tailer is None:
            with translation.override(self.language):
                await self.send_error("bad_message", self.not_understood())
            return
        if self.audience == live.CONSOLE and not await self._may_still_moderate():
            await self._right_gone()
            return
        self.tailer.resume(self, since)

    # For the tailer.

    def push(self, message) -> None:
        self.outbox.push(message)

    def _too_slow(self) -> None:
        """Too many messages waiting: close; the screen reconnects and resumes where it stood."""
        if self.tailer is not None:
            self.tailer.remove(self)
            self.tailer = None
        self.outbox.cancel()
        with translation.override(self.language):
            message = _("This screen fell behind; it reconnects and carries on where it stood.")
        asyncio.get_running_loop().create_task(self._refuse("too_slow", live.CLOSE_TOO_SLOW, message))

    async def _refuse(self, code: str, close_code: int, message: str) -> None:
        with translation.override(self.language):
            text = str(message)
        await self.send(text_data=json.dumps({"type": "error", "code": code, "message": text}))
        await self.close(code=close_code)

    # Who may follow what.

    async def rights_changed(self) -> None:
        """The user's rights may have changed (``accounts.rights_changed``): a console checks again and
        closes if its right is gone."""
        if self.tailer is not None and not self.closing and not await self._may_still_moderate():
            await self._right_gone()

    async def _right_gone(self) -> None:
        if self.closing:
            return  # told already (the watch and the screen's own message may both find the right gone)
        self.closing = True
        self.forget()  # nothing more from the tailer, at once
        await self._refuse(
            "permission",
            CLOSE_PERMISSION,
            _("You may no longer follow this banner's console: your role was withdrawn or changed."),
        )

    async def _banner(self, slug: str) -> tuple[int, bool] | None:
        """The banner's id, and whether this socket may follow it (anyone the wall; moderators the console)."""
        if self.audience == live.WALL:
            known = _wall_banners.get(slug)
            if known is not None and time.monotonic() - known[1] < WALL_BANNER_SECONDS:
                return known[0], True
            banner_id = await database_sync_to_async(_banner_id)(slug)
            if banner_id is None:
                _wall_banners.pop(slug, None)
                return None
            _wall_banners[slug] = (banner_id, time.monotonic())
            return banner_id, True
        return await database_sync_to_async(self._console_banner)(slug)

    def _console_banner(self, slug: str) -> tuple[int, bool] | None:
        banner = Banner.objects.select_related("event").filter(slug=slug).first()
        if banner is None:
            return None
        user = self.scope.get("user")
        return banner.pk, bool(user is not None and user.is_authenticated and user.has_perm("artwork.moderate", banner))

    @database_sync_to_async
    def _may_still_moderate(self) -> bool:
        """The console's right, with the user's roles read again (on the scope's own user object)."""
        if not rights_changed.reread(self.user, self.scope.get("session")):
            return False
        banner = Banner.objects.select_related("event").filter(pk=self.banner_id).first()
        return banner is not None and self.user.has_perm("artwork.moderate", banner)


class WallConsumer(BannerConsumer):
    audience = live.WALL


class ConsoleConsumer(BannerConsumer):
    audience = live.CONSOLE
