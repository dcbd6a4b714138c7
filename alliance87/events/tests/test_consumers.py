"""The run-of-show over WebSockets, through the real ASGI application (origin check, sessions, the router).

Each test drives its screens inside one event loop (``async_to_sync``); the consumer's database work
comes back to the test's thread, and a step's broadcast runs after its transaction commits, as in
production, so these tests use a transactional database.

``Screen`` is channels' ``WebsocketCommunicator``, reduced to what these tests use: ``channels.testing``
cannot be imported without Daphne (its live-server test case imports it), which this project does not
install; the platform serves with uvicorn.
"""

import json
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.auth import UserLazyObject
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.test import Client

from alliance87.accounts import rights_changed
from alliance87.accounts import services as accounts_services
from alliance87.accounts.models import Role, RoleAssignment, User
from alliance87.asgi import application
from alliance87.events import live, services
from alliance87.events.consumers import Relay
from alliance87.events.models import RunOfShow
from alliance87.testing import SocketClient, make_user

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 5


@pytest.fixture
def event(side_event):
    services.event_publish(event=side_event, by=None)
    return side_event


@pytest.fixture
def moderator(event):
    return make_user("moderator@example.org", Role.MODERATOR, event)


@pytest.fixture(autouse=True)
def _empty_channel_layer():
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        async_to_sync(layer.flush)()
    yield


class Screen(SocketClient):
    """One WebSocket client of the ASGI application, with the run-of-show's JSON."""

    async def connect(self, timeout=TIMEOUT) -> tuple[bool, object]:
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        return True, response.get("subprotocol")

    async def send_to(self, text_data: str) -> None:
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def send_json_to(self, data) -> None:
        await self.send_to(json.dumps(data))

    async def receive_json_from(self, timeout=TIMEOUT):
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def disconnect(self, code=1000, timeout=TIMEOUT) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def screen(event, cookie: str = "", origin: bytes = b"http://testserver") -> Screen:
    """A screen following the event; ``cookie`` is a signed-in user's session (``session_cookie(user)``)."""
    headers = [(b"origin", origin), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return Screen(application, f"/ws/events/{event.slug}/run/", headers)


def test_a_visitor_gets_the_public_snapshot_on_connect(event):
    async def scenario():
        visitor = screen(event)
        connected, _ = await visitor.connect()
        assert connected
        snapshot = await visitor.receive_json_from(TIMEOUT)
        await visitor.disconnect()
        return snapshot

    snapshot = async_to_sync(scenario)()
    assert snapshot["type"] == "state"
    assert snapshot["state"] == "ready"
    assert snapshot["next"]["title"] == "Opening remarks"
    assert snapshot["private"] is False
    assert "notes" not in snapshot["next"]
    assert "items" not in snapshot


def test_a_moderators_step_reaches_every_screen(event, moderator):
    item = event.items.order_by("position").first()
    item.notes = "Chair to the lectern"
    item.save()
    signed_in = session_cookie(moderator)

    async def scenario():
        console, follower = screen(event, signed_in), screen(event)
        await console.connect()
        await follower.connect()
        first = await console.receive_json_from(TIMEOUT)
        await follower.receive_json_from(TIMEOUT)
        await console.send_json_to({"type": "action", "action": "start", "version": first["version"]})
        on_console = await console.receive_json_from(TIMEOUT)
        on_follower = await follower.receive_json_from(TIMEOUT)
        await console.disconnect()
        await follower.disconnect()
        return first, on_console, on_follower

    first, on_console, on_follower = async_to_sync(scenario)()
    assert first["private"] is True
    assert [s["state"] for s in (on_console, on_follower)] == ["running", "running"]
    assert on_console["current"]["title"] == on_follower["current"]["title"] == "Opening remarks"
    assert on_console["version"] == on_follower["version"] == first["version"] + 1
    assert on_console["server_now_ms"] == on_follower["server_now_ms"]  # one snapshot, the same clock
    assert on_console["current"]["notes"] == "Chair to the lectern"
    assert "notes" not in on_follower["current"]


def test_a_screen_joining_after_every_other_left_still_follows(event, moderator):
    signed_in = session_cookie(moderator)

    async def scenario():
        first = screen(event)
        await first.connect()
        await first.receive_json_from(TIMEOUT)
        await first.disconnect()  # the last screen of this event here: its relay stops
        later, console = screen(event), screen(event, signed_in)
        await later.connect()
        await console.connect()
        await later.receive_json_from(TIMEOUT)
        snapshot = await console.receive_json_from(TIMEOUT)
        await console.send_json_to({"type": "action", "action": "start", "version": snapshot["version"]})
        followed = await later.receive_json_from(TIMEOUT)
        await later.disconnect()
        await console.disconnect()
        return followed

    followed = async_to_sync(scenario)()
    assert (followed["state"], followed["current"]["title"]) == ("running", "Opening remarks")


def test_an_anonymous_screen_cannot_run_the_show_and_is_told_why(event):
    async def scenario():
        visitor = screen(event)
        await visitor.connect()
        await visitor.receive_json_from(TIMEOUT)
        await visitor.send_json_to({"type": "action", "action": "start"})
        answer = await visitor.receive_json_from(TIMEOUT)
        await visitor.disconnect()
        return answer

    answer = async_to_sync(scenario)()
    assert answer["type"] == "error"
    assert answer["code"] == "permission"
    assert answer["message"] == "You are following this event: sign in as an organiser or moderator to run it."
    assert not RunOfShow.objects.filter(event=event).exists()


def test_a_signed_in_outsider_cannot_run_the_show(event, cast):
    signed_in = session_cookie(cast.outsider)

    async def scenario():
        outsider = screen(event, signed_in)
        await outsider.connect()
        snapshot = await outsider.receive_json_from(TIMEOUT)
        await outsider.send_json_to({"type": "action", "action": "start"})
        answer = await outsider.receive_json_from(TIMEOUT)
        await outsider.disconnect()
        return snapshot, answer

    snapshot, answer = async_to_sync(scenario)()
    assert snapshot["private"] is False
    assert answer["code"] == "permission"
    assert "only its organisers, its moderators and the secretariat" in answer["message"]


def test_a_step_that_makes_no_sense_is_answered_with_the_reason(event, moderator):
    signed_in = session_cookie(moderator)

    async def scenario():
        console = screen(event, signed_in)
        await console.connect()
        await console.receive_json_from(TIMEOUT)
        await console.send_json_to({"type": "action", "action": "next"})
        answer = await console.receive_json_from(TIMEOUT)
        await console.disconnect()
        return answer

    answer = async_to_sync(scenario)()
    assert (answer["type"], answer["code"], answer["message"]) == ("error", "not_started", "The show has not started.")


def test_a_stale_step_is_refused_and_the_screen_gets_the_current_state(event, moderator):
    signed_in = session_cookie(moderator)

    async def scenario():
        console = screen(event, signed_in)
        await console.connect()
        await console.receive_json_from(TIMEOUT)
        await console.send_json_to({"type": "action", "action": "start", "version": 0})
        await console.receive_json_from(TIMEOUT)  # version 1
        await console.send_json_to({"type": "action", "action": "pause", "version": 0})
        answer = await console.receive_json_from(TIMEOUT)
        current = await console.receive_json_from(TIMEOUT)
        await console.disconnect()
        return answer, current

    answer, current = async_to_sync(scenario)()
    assert answer["code"] == "stale"
    assert (current["type"], current["state"], current["version"]) == ("state", "running", 1)


def test_ping_is_answered_with_the_servers_clock(event):
    async def scenario():
        visitor = screen(event)
        await visitor.connect()
        await visitor.receive_json_from(TIMEOUT)
        await visitor.send_json_to({"type": "ping", "t": 1234.5})
        pong = await visitor.receive_json_from(TIMEOUT)
        await visitor.send_to(text_data="not json")
        confused = await visitor.receive_json_from(TIMEOUT)
        await visitor.disconnect()
        return pong, confused

    pong, confused = async_to_sync(scenario)()
    assert pong["type"] == "pong"
    assert pong["t"] == 1234.5
    assert pong["server_ms"] > 1_700_000_000_000
    assert confused == {
        "type": "error",
        "code": "bad_message",
        "message": "The server did not understand this message.",
    }


def test_a_draft_event_is_not_followed_by_visitors_but_its_moderator_may_run_it(side_event):
    moderator = make_user("moderator@example.org", Role.MODERATOR, side_event)
    signed_in = session_cookie(moderator)

    async def scenario():
        visitor = screen(side_event)
        await visitor.connect()
        refused = await visitor.receive_json_from(TIMEOUT)
        closed = await visitor.receive_output(TIMEOUT)
        console = screen(side_event, signed_in)
        await console.connect()
        snapshot = await console.receive_json_from(TIMEOUT)
        await console.disconnect()
        return refused, closed, snapshot

    refused, closed, snapshot = async_to_sync(scenario)()
    assert refused["code"] == "not_found"
    assert refused["message"] == "There is no published event at this address."
    assert closed == {"type": "websocket.close", "code": 4404}
    assert snapshot["state"] == "ready"


def test_a_socket_from_another_site_is_refused(event):
    async def scenario():
        stranger = screen(event, origin=b"https://evil.example")
        connected, _ = await stranger.connect()
        return connected

    assert async_to_sync(scenario)() is False


def test_the_screens_language_is_used_for_its_messages(event):
    async def scenario():
        headers = [(b"origin", b"http://testserver")]
        visitor = Screen(application, f"/ws/events/{event.slug}/run/?lang=fr", headers)
        await visitor.connect()
        await visitor.receive_json_from(TIMEOUT)
        await visitor.send_json_to({"type": "bogus"})
        answer = await visitor.receive_json_from(TIMEOUT)
        await visitor.disconnect()
        return answer

    answer = async_to_sync(scenario)()
    assert answer["code"] == "bad_message"
    assert answer["message"]  # French once the .po has it; never empty


# --- Bad frames, failures and revoked rights (issue 12) -----------------------------------------------


def screens_held() -> int:
    """How many screens this process's relays push to, and how many sockets the rights watch holds."""
    return sum(len(relay.screens) for relay in Relay._running.values()) + rights_changed.watched_sockets()


# Each frame a careless or hostile client may send, and the message it is answered with.
NOT_UNDERSTOOD = "The server did not understand this message."
NOT_A_NUMBER = "The ping's time must be a number."
FOLLOWING = "You are following this event: sign in as an organiser or moderator to run it."
BAD_FRAMES = [
    ({"type": "websocket.receive", "text": ""}, NOT_UNDERSTOOD),
    ({"type": "websocket.receive", "bytes": b"\x00\x01"}, "This socket takes text messages (JSON), not binary ones."),
    ({"type": "websocket.receive", "text": "[" * 100_000}, "This message is too long: at most 2048 characters."),
    ({"type": "websocket.receive", "text": "[" * 2000}, NOT_UNDERSTOOD),  # json raises RecursionError
    ({"type": "websocket.receive", "text": "\udcff not UTF-8"}, NOT_UNDERSTOOD),
    ({"type": "websocket.receive", "text": '["ping"]'}, NOT_UNDERSTOOD),
    ({"type": "websocket.receive", "text": "null"}, NOT_UNDERSTOOD),
    (
        {"type": "websocket.receive", "text": '{"type": "ping", "t": "\\u0000"}'},
        "This message contains a NUL character, which is not allowed.",
    ),
    (
        {"type": "websocket.receive", "text": '{"type": "sync\x00"}'},
        "This message contains a NUL character, which is not allowed.",
    ),
    ({"type": "websocket.receive", "text": '{"type": "ping", "t": {"deep": [1]}}'}, NOT_A_NUMBER),
    ({"type": "websocket.receive", "text": '{"type": "ping", "t": NaN}'}, NOT_A_NUMBER),
    ({"type": "websocket.receive", "text": '{"type": ["ping"]}'}, NOT_UNDERSTOOD),
    ({"type": "websocket.receive", "text": '{"type": "action", "action": "next"}'}, FOLLOWING),
    ({"type": "websocket.receive", "text": '{"type": "ping", "t": 1%s}' % ("0" * 1000)}, None),  # a pong
]


def test_bad_frames_are_answered_and_the_socket_stays_open(event):
    async def scenario():
        visitor = screen(event)
        await visitor.connect()
        await visitor.receive_json_from(TIMEOUT)
        answers = []
        for frame, _expected in BAD_FRAMES:
            await visitor.send_input(frame)
            answers.append(await visitor.receive_json_from(TIMEOUT))
        await visitor.send_json_to({"type": "ping", "t": 1})
        pong = await visitor.receive_json_from(TIMEOUT)
        await visitor.disconnect()
        return answers, pong

    answers, pong = async_to_sync(scenario)()
    assert [a.get("message") for a in answers] == [expected for _frame, expected in BAD_FRAMES]
    assert [a.get("code") for a in answers] == ["bad_message"] * (len(BAD_FRAMES) - 2) + ["permission", None]
    assert answers[-1]["t"] == 10**1000  # answered, not a failure
    assert pong["type"] == "pong"  # still open


def test_bad_fields_in_an_action_are_answered_without_acting(event, moderator):
    signed_in = session_cookie(moderator)

    async def scenario():
        console = screen(event, signed_in)
        await console.connect()
        await console.receive_json_from(TIMEOUT)
        answers = []
        for content in (
            {"type": "action", "action": ["start"]},
            {"type": "action", "action": {"start": 1}},
            {"type": "action", "action": "start", "version": True},
            {"type": "action", "action": "start", "version": "0"},
        ):
            await console.send_json_to(content)
            answers.append(await console.receive_json_from(TIMEOUT))
        await console.disconnect()
        return answers

    answers = async_to_sync(scenario)()
    assert [a["code"] for a in answers] == ["bad_message"] * 4
    assert answers[0]["message"] == "The action must be one of the show's steps, such as “next”."
    assert answers[2]["message"] == "The version must be a whole number."
    assert not RunOfShow.objects.filter(event=event).exists()


def test_no_screen_is_left_behind_after_bad_frames_and_disconnections(event, moderator):
    signed_in = session_cookie(moderator)

    async def scenario():
        screens = [screen(event), screen(event, signed_in), screen(event), screen(event, signed_in)]
        for each in screens:
            await each.connect()
            await each.receive_json_from(TIMEOUT)
        held_while_open = screens_held()
        for each in screens:
            for frame, _expected in BAD_FRAMES:
                await each.send_input(frame)
                await each.receive_json_from(TIMEOUT)
        for each in screens:
            await each.disconnect()
        return held_while_open, screens_held()

    held_while_open, held_after = async_to_sync(scenario)()
    assert held_while_open == 4 + 2  # four screens with the relay; the two signed-in ones watched
    assert held_after == 0


def test_a_failure_while_handling_a_message_closes_cleanly_and_lets_the_screen_go(event, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the snapshot failed")

    async def scenario():
        visitor = screen(event)
        await visitor.connect()
        await visitor.receive_json_from(TIMEOUT)
        monkeypatch.setattr(live, "run_state", broken)
        await visitor.send_json_to({"type": "sync"})
        answer = await visitor.receive_json_from(TIMEOUT)
        closed = await visitor.receive_output(TIMEOUT)
        held = screens_held()  # let go at once, before the server's disconnect arrives
        await visitor.disconnect()
        return answer, closed, held

    answer, closed, held = async_to_sync(scenario)()
    assert answer == {
        "type": "error",
        "code": "server_error",
        "message": "The server failed to handle this; reconnect to carry on.",
    }
    assert closed == {"type": "websocket.close", "code": 1011}
    assert held == 0


def test_a_failure_while_connecting_leaves_no_screen_behind(event, moderator, monkeypatch):
    monkeypatch.setattr(live, "run_state", mock.Mock(side_effect=RuntimeError("the snapshot failed")))
    signed_in = session_cookie(moderator)

    async def scenario():
        console = screen(event, signed_in)
        await console.connect()
        answer = await console.receive_json_from(TIMEOUT)
        closed = await console.receive_output(TIMEOUT)
        held = screens_held()
        await console.disconnect()
        return answer, closed, held

    answer, closed, held = async_to_sync(scenario)()
    assert answer["code"] == "server_error"
    assert closed == {"type": "websocket.close", "code": 1011}
    assert held == 0


@database_sync_to_async
def revoke(user, event):
    return accounts_services.role_revoke(user=user, role=Role.MODERATOR, scope=event)


@database_sync_to_async
def remove_roles_quietly(user):
    """As the admin's delete button does: the role goes, nobody is told."""
    RoleAssignment.objects.filter(user=user).delete()


def test_a_revoked_moderators_next_action_is_refused_and_the_socket_closed(event, moderator):
    signed_in = session_cookie(moderator)

    async def scenario():
        console = screen(event, signed_in)
        await console.connect()
        snapshot = await console.receive_json_from(TIMEOUT)
        await remove_roles_quietly(moderator)
        await console.send_json_to({"type": "action", "action": "start", "version": snapshot["version"]})
        answer = await console.receive_json_from(TIMEOUT)
        closed = await console.receive_output(TIMEOUT)
        held = screens_held()
        await console.disconnect()
        return snapshot, answer, closed, held

    snapshot, answer, closed, held = async_to_sync(scenario)()
    assert snapshot["private"] is True  # it could run the show when it opened
    assert answer == {
        "type": "error",
        "code": "permission",
        "message": "You may no longer run this event: your role was withdrawn or changed.",
    }
    assert closed == {"type": "websocket.close", "code": 4403}
    assert held == 0
    assert not RunOfShow.objects.filter(event=event).exists()  # the show did not start


def test_a_revoked_moderators_sync_gets_no_private_state(event, moderator):
    signed_in = session_cookie(moderator)

    async def scenario():
        console = screen(event, signed_in)
        await console.connect()
        await console.receive_json_from(TIMEOUT)
        await remove_roles_quietly(moderator)
        await console.send_json_to({"type": "sync"})
        answer = await console.receive_json_from(TIMEOUT)
        closed = await console.receive_output(TIMEOUT)
        await console.disconnect()
        return answer, closed

    answer, closed = async_to_sync(scenario)()
    assert (answer["type"], answer["code"]) == ("error", "permission")
    assert closed["code"] == 4403


def test_revoking_a_moderators_role_closes_their_open_socket_at_once(event, moderator, cast):
    signed_in, other_signed_in = session_cookie(moderator), session_cookie(cast.outsider)

    async def scenario():
        console, follower, outsider = screen(event, signed_in), screen(event), screen(event, other_signed_in)
        for each in (console, follower, outsider):
            await each.connect()
            await each.receive_json_from(TIMEOUT)
        await revoke(moderator, event)
        answer = await console.receive_json_from(TIMEOUT)
        closed = await console.receive_output(TIMEOUT)
        await console.disconnect()
        # The others are not touched: they still answer.
        for each in (follower, outsider):
            await each.send_json_to({"type": "ping", "t": 2})
        pongs = [await each.receive_json_from(TIMEOUT) for each in (follower, outsider)]
        for each in (follower, outsider):
            await each.disconnect()
        return answer, closed, pongs, screens_held()

    answer, closed, pongs, held = async_to_sync(scenario)()
    assert (answer["code"], answer["message"]) == (
        "permission",
        "You may no longer run this event: your role was withdrawn or changed.",
    )
    assert closed == {"type": "websocket.close", "code": 4403}
    assert [p["type"] for p in pongs] == ["pong", "pong"]
    assert held == 0


def test_a_moderator_made_inactive_in_the_admin_is_closed_within_the_periodic_check(event, moderator, monkeypatch):
    monkeypatch.setattr(rights_changed, "RECHECK_SECONDS", 0.2)
    signed_in = session_cookie(moderator)

    async def scenario():
        console = screen(event, signed_in)
        await console.connect()
        await console.receive_json_from(TIMEOUT)
        await database_sync_to_async(User.objects.filter(pk=moderator.pk).update)(is_active=False)
        answer = await console.receive_json_from(TIMEOUT)
        closed = await console.receive_output(TIMEOUT)
        await console.disconnect()
        return answer, closed

    answer, closed = async_to_sync(scenario)()
    assert answer["code"] == "permission"
    assert closed["code"] == 4403


def test_rereading_rights_keeps_the_scope_users_own_attributes(event, moderator):
    """The authentication stack sets attributes on the scope's user: a socket reads the roles again on
    that same object, through channels' lazy wrapper, so they survive."""
    scope_user = UserLazyObject()
    scope_user._wrapped = moderator
    moderator.set_by_the_auth_stack = True  # a fresh User would not have it
    assert scope_user.has_perm("events.run_event", event)
    RoleAssignment.objects.filter(user=moderator).delete()
    assert scope_user.has_perm("events.run_event", event)  # the cached roles: why sockets read again

    assert rights_changed.reread(scope_user, None) is True  # still an active account...
    assert not scope_user.has_perm("events.run_event", event)  # ...without the role
    assert scope_user._wrapped is moderator
    assert moderator.set_by_the_auth_stack is True
