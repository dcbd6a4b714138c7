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
from asgiref.testing import ApplicationCommunicator
from channels.layers import get_channel_layer
from django.conf import settings
from django.test import Client

from alliance87.accounts.models import Role
from alliance87.asgi import application
from alliance87.events import services
from alliance87.events.models import RunOfShow
from alliance87.testing import make_user

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


class Screen(ApplicationCommunicator):
    """One WebSocket client of the ASGI application (what ``channels.testing.WebsocketCommunicator`` does)."""

    def __init__(self, application, path: str, headers: list[tuple[bytes, bytes]]):
        route, _sep, query = path.partition("?")
        scope = {"type": "websocket", "path": route, "query_string": query.encode(), "headers": headers}
        super().__init__(application, scope)

    # As channels' communicator: the test's database connection is kept between messages.
    async def send_input(self, message):
        with mock.patch("channels.db.close_old_connections", lambda: None):
            return await super().send_input(message)

    async def receive_output(self, timeout=1):
        with mock.patch("channels.db.close_old_connections", lambda: None):
            return await super().receive_output(timeout)

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
