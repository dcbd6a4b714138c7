"""The wall's and the consoles' WebSockets, through the same middleware as ``alliance87/asgi.py`` (origin check,
sessions), with the real in-memory channel layer and a transactional database.

Each test drives its screens inside one event loop (``async_to_sync``); the services run through
``database_sync_to_async`` so their commits nudge the tailer in that loop, as a request would in production.
``Screen`` is channels' ``WebsocketCommunicator`` reduced to what these tests use (``channels.testing`` cannot
be imported without Daphne, which the project does not install).
"""

import asyncio
import json
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.conf import settings
from django.test import Client

from alliance87.accounts import rights_changed
from alliance87.accounts import services as accounts_services
from alliance87.accounts.models import Role, RoleAssignment
from alliance87.artwork import consumers, live, routing, services, snapshot
from alliance87.artwork.models import Banner
from alliance87.artwork.vocab import Status
from alliance87.testing import SocketClient

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 5
BURGUNDY = "#A21942"

# As alliance87/asgi.py serves them (until the lead joins these routes there).
application = AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(routing.websocket_urlpatterns)))


@pytest.fixture(autouse=True)
def _fresh_layer_and_tailers():
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        async_to_sync(layer.flush)()
    live._tailers.clear()
    consumers._wall_banners.clear()
    yield
    live._tailers.clear()
    consumers._wall_banners.clear()


class Screen(SocketClient):
    def __init__(self, path: str, headers: list[tuple[bytes, bytes]]):
        super().__init__(application, path, headers)

    async def connect(self, timeout=TIMEOUT):
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        return response["type"] == "websocket.accept"

    async def send_json(self, data) -> None:
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json(self, timeout=TIMEOUT):
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def receive_close(self, timeout=TIMEOUT):
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.close", response
        return response.get("code")

    async def entries_until(self, last: int, timeout=TIMEOUT) -> list[dict]:
        """Every "entries" message until one reaches ``last`` (other messages skipped)."""
        messages = []
        deadline = asyncio.get_running_loop().time() + timeout
        while not messages or messages[-1]["to"] < last:
            message = await self.receive_json(max(0.1, deadline - asyncio.get_running_loop().time()))
            if message["type"] == "entries":
                messages.append(message)
        return messages

    async def disconnect(self, code=1000):
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(TIMEOUT)


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def screen(banner, audience: str = "wall", *, cookie: str = "", query: str = "") -> Screen:
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return Screen(f"/ws/artwork/{banner.slug}/{audience}/{query}", headers)


@database_sync_to_async
def add(banner, token: str, **fields):
    fields.setdefault("colour", BURGUNDY)
    return services.contribute(banner=banner, device_token=token, **fields).contribution


@database_sync_to_async
def moderate(contribution, by, status):
    return services.moderate(contribution=contribution, by=by, status=status)


@database_sync_to_async
def last_seq(banner) -> int:
    return Banner.objects.values_list("last_seq", flat=True).get(pk=banner.pk)


def covered(messages) -> list[int]:
    """Every number the messages cover, in order (a gap or an overlap shows)."""
    return [seq for m in messages for seq in range(m["from"], m["to"] + 1)]


def test_a_wall_that_reconnects_gets_exactly_the_entries_it_missed(banner, moderator):
    async def scenario():
        wall = screen(banner)
        assert await wall.connect()
        await wall.send_json({"since": 0})
        first = [await add(banner, f"p{i}") for i in range(3)]
        seen = await wall.entries_until(await last_seq(banner))
        await wall.disconnect()
        # Away: more colour, a message that waits, then is approved; a private rejection.
        missed = [await add(banner, f"q{i}") for i in range(2)]
        message = await add(banner, "q-message", message="Ten years together")
        rejected = await add(banner, "q-rejected", message="Not this")
        await moderate(message, moderator, Status.APPROVED)
        await moderate(rejected, moderator, Status.REJECTED)
        back = screen(banner)
        assert await back.connect()
        await back.send_json({"since": seen[-1]["to"]})
        caught_up = await back.entries_until(await last_seq(banner))
        later = await add(banner, "r1")
        live_after = await back.entries_until(await last_seq(banner))
        await back.disconnect()
        return first, seen, missed, message, caught_up, later, live_after, await last_seq(banner)

    first, seen, missed, message, caught_up, later, live_after, last = async_to_sync(scenario)()

    messages = seen + caught_up + live_after
    assert covered(messages) == list(range(1, last + 1))  # no gap, no overlap
    approved = [e["data"]["id"] for m in messages for e in m["entries"] if e["kind"] == "approved"]
    assert approved == [c.pk for c in first + missed] + [message.pk, later.pk]  # each once, in order
    assert {e["kind"] for m in messages for e in m["entries"]} == {"approved"}  # nothing private
    shown = next(e for m in caught_up for e in m["entries"] if e["data"]["id"] == message.pk)
    assert shown["data"]["message"] == "Ten years together"


def test_a_resume_in_the_address_works_like_a_message(banner):
    async def scenario():
        await add(banner, "p1")
        await add(banner, "p2")
        wall = screen(banner, query="?since=2")
        assert await wall.connect()
        state = await wall.receive_json()
        frame = await wall.entries_until(4)
        await wall.disconnect()
        return state, frame

    state, frame = async_to_sync(scenario)()
    assert state == {"type": "state", "frozen": False, "seq": 4}
    assert covered(frame) == [3, 4]


def test_a_screen_too_far_behind_is_told_to_reload(banner, monkeypatch):
    monkeypatch.setattr(snapshot, "LOG_PAGE", 3)

    async def scenario():
        for index in range(3):
            await add(banner, f"p{index}")
        wall = screen(banner)
        assert await wall.connect()
        await wall.send_json({"since": 0})
        answer = await wall.receive_json()
        await wall.send_json({"since": 99})  # a number this banner never had
        again = await wall.receive_json()
        await wall.disconnect()
        return answer, again

    answer, again = async_to_sync(scenario)()
    assert answer == {"type": "reload", "seq": 6}
    assert again["type"] == "reload"


def test_the_console_needs_a_moderator_and_says_so(banner, moderator, cast):
    outsider_cookie = session_cookie(cast.outsider)

    async def scenario():
        anonymous = screen(banner, "console")
        assert await anonymous.connect()
        refused = await anonymous.receive_json()
        code = await anonymous.receive_close()
        outsider = screen(banner, "console", cookie=outsider_cookie)
        await outsider.connect()
        refused_too = await outsider.receive_json()
        await outsider.receive_close()
        return refused, code, refused_too

    refused, code, refused_too = async_to_sync(scenario)()
    assert refused["code"] == refused_too["code"] == "permission"
    assert "moderators" in refused["message"]
    assert code == 4403


def test_the_console_sees_every_entry_and_the_wall_only_what_is_approved(banner, moderator):
    cookie = session_cookie(moderator)

    async def scenario():
        console, wall = screen(banner, "console", cookie=cookie), screen(banner)
        assert await console.connect() and await wall.connect()
        await console.send_json({"since": 0})
        await wall.send_json({"since": 0})
        await wall.receive_json()  # the wall's state
        waiting = await add(banner, "p1", message="Please read me")
        on_console = await console.entries_until(await last_seq(banner))
        await moderate(waiting, moderator, Status.APPROVED)
        on_console += await console.entries_until(await last_seq(banner))
        on_wall = await wall.entries_until(await last_seq(banner))
        await console.disconnect()
        await wall.disconnect()
        return waiting, on_console, on_wall

    waiting, on_console, on_wall = async_to_sync(scenario)()
    console_entries = [e for m in on_console for e in m["entries"]]
    assert [e["kind"] for e in console_entries] == ["contributed", "approved"]
    assert console_entries[0]["contribution"]["message"] == "Please read me"
    assert console_entries[1]["by"] == "moderator"
    assert covered(on_wall) == [1, 2]
    assert [(e["kind"], e["data"]["id"]) for m in on_wall for e in m["entries"]] == [("approved", waiting.pk)]


def test_freezing_stops_the_wall_and_unfreezing_lets_the_held_entries_through(banner, moderator):
    async def scenario():
        wall = screen(banner)
        assert await wall.connect()
        await wall.send_json({"since": 0})
        await wall.receive_json()  # state: not frozen
        await database_sync_to_async(services.freeze)(banner=banner, by=moderator, frozen=True)
        frozen = [await wall.receive_json() for _ in range(2)]
        during = await add(banner, "p1")
        await asyncio.sleep(live.POLL_SECONDS * 3)  # the tailer has read it, and holds it
        nothing = wall.output_queue.qsize()
        await database_sync_to_async(services.freeze)(banner=banner, by=moderator, frozen=False)
        thawed = [await wall.receive_json() for _ in range(2)]  # the held entries, and the state
        await wall.disconnect()
        return frozen, during, nothing, thawed

    frozen, during, nothing, thawed = async_to_sync(scenario)()
    kinds = {m["type"] for m in frozen}
    assert kinds == {"entries", "state"}
    assert next(m for m in frozen if m["type"] == "state")["frozen"] is True
    assert nothing == 0  # while frozen the wall gets nothing
    assert next(m for m in thawed if m["type"] == "state")["frozen"] is False
    entries = [e for m in thawed if m["type"] == "entries" for e in m["entries"]]
    assert [e["kind"] for e in entries] == ["approved", "unfrozen"]
    assert entries[0]["data"]["id"] == during.pk


def test_an_unknown_banner_and_a_bad_message_get_clear_answers(banner):
    async def scenario():
        nowhere = screen(Banner(slug="no-such-banner"))
        await nowhere.connect()
        missing = await nowhere.receive_json()
        code = await nowhere.receive_close()
        wall = screen(banner)
        await wall.connect()
        await wall.send_input({"type": "websocket.receive", "text": "not json"})
        bad = await wall.receive_json()
        await wall.send_json({"type": "ping"})
        pong = await wall.receive_json()
        await wall.disconnect()
        return missing, code, bad, pong

    missing, code, bad, pong = async_to_sync(scenario)()
    assert (missing["code"], code) == ("not_found", 4404)
    assert bad["code"] == "bad_message" and '{"since": N}' in bad["message"]
    assert pong == {"type": "pong"}


# --- Bad frames, failures and revoked rights (issue 12) -----------------------------------------------


def listeners_held() -> int:
    """How many sockets this process's tailers push to, and how many the rights watch holds."""
    tailers = sum(len(sockets) for tailer in live._tailers.values() for sockets in tailer.listeners.values())
    return tailers + rights_changed.watched_sockets()


NOT_UNDERSTOOD = 'The server did not understand this message: send {"since": N} with a whole number.'
NUL = "This message contains a NUL character, which is not allowed."
BAD_FRAMES = [
    ({"type": "websocket.receive", "text": ""}, NOT_UNDERSTOOD),
    ({"type": "websocket.receive", "bytes": b"\x00"}, "This socket takes text messages (JSON), not binary ones."),
    ({"type": "websocket.receive", "text": "[" * 100_000}, "This message is too long: at most 2048 characters."),
    ({"type": "websocket.receive", "text": "[" * 2000}, NOT_UNDERSTOOD),  # json raises RecursionError
    ({"type": "websocket.receive", "text": '{"since": "1\\u0000"}'}, NUL),
    ({"type": "websocket.receive", "text": "[1]"}, NOT_UNDERSTOOD),
    ({"type": "websocket.receive", "text": '{"since": [1]}'}, NOT_UNDERSTOOD),
    ({"type": "websocket.receive", "text": '{"since": true}'}, NOT_UNDERSTOOD),
    ({"type": "websocket.receive", "text": '{"since": 1e400}'}, NOT_UNDERSTOOD),
]


def test_bad_frames_on_the_wall_are_answered_and_the_socket_stays_open(banner):
    async def scenario():
        wall = screen(banner)
        assert await wall.connect()
        answers = []
        for frame, _expected in BAD_FRAMES:
            await wall.send_input(frame)
            answers.append(await wall.receive_json())
        await wall.send_json({"type": "ping"})
        pong = await wall.receive_json()
        await wall.disconnect()
        return answers, pong

    answers, pong = async_to_sync(scenario)()
    assert [(a["type"], a["code"]) for a in answers] == [("error", "bad_message")] * len(BAD_FRAMES)
    assert [a["message"] for a in answers] == [expected for _frame, expected in BAD_FRAMES]
    assert pong == {"type": "pong"}  # still open


def test_no_wall_or_console_is_left_behind_after_bad_frames_and_disconnections(banner, moderator):
    cookie = session_cookie(moderator)

    async def scenario():
        screens = [screen(banner), screen(banner, "console", cookie=cookie), screen(banner), screen(banner)]
        for each in screens:
            assert await each.connect()
        held_while_open = listeners_held()
        for each in screens:
            for frame, _expected in BAD_FRAMES:
                await each.send_input(frame)
                await each.receive_json()
        for each in screens:
            await each.disconnect()
        return held_while_open, listeners_held()

    held_while_open, held_after = async_to_sync(scenario)()
    assert held_while_open == 4 + 1  # four sockets with the tailer; the console watched
    assert held_after == 0


def test_a_failure_while_handling_a_message_closes_the_wall_cleanly_and_lets_it_go(banner, monkeypatch):
    async def scenario():
        wall = screen(banner)
        assert await wall.connect()
        tailer = live._tailers[banner.pk]
        monkeypatch.setattr(tailer, "resume", mock.Mock(side_effect=RuntimeError("the tailer failed")))
        await wall.send_json({"since": 0})
        answer = await wall.receive_json()
        code = await wall.receive_close()
        held = listeners_held()  # let go at once, before the server's disconnect arrives
        await wall.disconnect()
        return answer, code, held

    answer, code, held = async_to_sync(scenario)()
    assert (answer["code"], answer["message"]) == (
        "server_error",
        "The server failed to handle this; reconnect to carry on.",
    )
    assert code == 1011
    assert held == 0


@database_sync_to_async
def revoke(user, event):
    return accounts_services.role_revoke(user=user, role=Role.MODERATOR, scope=event)


def test_a_console_whose_moderator_loses_the_role_is_closed_at_once(banner, moderator):
    cookie = session_cookie(moderator)
    gone = "You may no longer follow this banner's console: your role was withdrawn or changed."

    async def scenario():
        console, wall = screen(banner, "console", cookie=cookie), screen(banner)
        assert await console.connect() and await wall.connect()
        await console.send_json({"since": 0})
        await revoke(moderator, banner.event)
        answer = await console.receive_json()
        code = await console.receive_close()
        held_then = listeners_held()
        await console.disconnect()
        await wall.send_json({"type": "ping"})
        pong = await wall.receive_json()
        await wall.disconnect()
        return answer, code, held_then, pong

    answer, code, held_then, pong = async_to_sync(scenario)()
    assert (answer["type"], answer["code"], answer["message"]) == ("error", "permission", gone)
    assert code == 4403
    assert held_then == 1  # only the wall, which has nothing to lose
    assert pong == {"type": "pong"}


def test_a_console_resuming_after_its_role_went_quietly_is_closed(banner, moderator):
    cookie = session_cookie(moderator)

    async def scenario():
        console = screen(banner, "console", cookie=cookie)
        assert await console.connect()
        # As the admin's delete button does: the role goes, nobody is told.
        await database_sync_to_async(RoleAssignment.objects.filter(user=moderator).delete)()
        await console.send_json({"since": 0})
        answer = await console.receive_json()
        code = await console.receive_close()
        await console.disconnect()
        return answer, code

    answer, code = async_to_sync(scenario)()
    assert answer["code"] == "permission"
    assert code == 4403


def test_a_console_whose_role_went_quietly_is_closed_within_the_periodic_check(banner, moderator, monkeypatch):
    monkeypatch.setattr(rights_changed, "RECHECK_SECONDS", 0.2)
    cookie = session_cookie(moderator)

    async def scenario():
        console = screen(banner, "console", cookie=cookie)
        assert await console.connect()
        await database_sync_to_async(RoleAssignment.objects.filter(user=moderator).delete)()
        answer = await console.receive_json()
        code = await console.receive_close()
        await console.disconnect()
        return answer, code, listeners_held()

    answer, code, held = async_to_sync(scenario)()
    assert answer["code"] == "permission"
    assert code == 4403
    assert held == 0


def test_a_console_kept_by_a_secretariat_role_granted_meanwhile_needs_the_second_factor(banner, moderator):
    """The moderator becomes secretariat while the console is open, then loses the moderator role: the
    secretariat's rights need a session confirmed with a code, which this one never was."""
    cookie = session_cookie(moderator)

    @database_sync_to_async
    def become_secretariat_and_stop_moderating():
        accounts_services.role_grant(user=moderator, role=Role.SECRETARIAT)
        RoleAssignment.objects.filter(user=moderator, role=Role.MODERATOR).delete()

    async def scenario():
        console = screen(banner, "console", cookie=cookie)
        assert await console.connect()
        await become_secretariat_and_stop_moderating()
        await console.send_json({"since": 0})
        answer = await console.receive_json()
        code = await console.receive_close()
        await console.disconnect()
        return answer, code

    answer, code = async_to_sync(scenario)()
    assert answer["code"] == "permission"
    assert code == 4403
