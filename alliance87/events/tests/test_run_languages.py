"""The run-of-show in the screen's language: the snapshot, the console, the countdown and the live socket
give each title in the page's language where the event has it, and an English title standing in is
marked lang="en"."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.test import Client

from alliance87.accounts.models import Role
from alliance87.asgi import application
from alliance87.events import live, services
from alliance87.events.management.commands.load_side_event import translate
from alliance87.testing import SocketClient, make_user

OPENING_FR = "Allocution d’ouverture"
OPENING_AR = "كلمة افتتاحية"
CONVERSATION_I = "Conversation I: Global Leadership and Shared Priorities"
TIMEOUT = 5


@pytest.fixture
def event(side_event):
    """The side event with the platform's translations, except Conversation I's in French (so it falls back)."""
    translate(side_event)
    for item in side_event.items.all():
        translate(item)
        if item.title == CONVERSATION_I:
            item.translations["fr"].pop("title")
            item.save()
    services.event_publish(event=side_event, by=None)
    return side_event


@pytest.fixture
def moderator(event):
    return make_user("moderator@example.org", Role.MODERATOR, event)


def test_the_snapshot_gives_titles_in_its_language_and_says_which(event, moderator):
    live.run_control(event=event, by=moderator, action="start")
    french = live.run_state(event, private=True, language="fr")
    assert french["language"] == "fr"
    assert (french["current"]["title"], french["current"]["title_lang"]) == (OPENING_FR, "fr")
    assert french["current"]["description"].startswith("Célébrer le 10e anniversaire")
    assert (french["next"]["title"], french["next"]["title_lang"]) == (CONVERSATION_I, "en")  # falls back
    assert french["event"]["title"] == "Alliance 8.7 : 10 ans de partenariat et d’action"
    english = live.run_state(event, language="en")
    assert (english["current"]["title"], english["current"]["title_lang"]) == ("Opening remarks", "en")


def test_the_state_json_follows_the_address_language(client, event, moderator):
    live.run_control(event=event, by=moderator, action="start")
    snapshot = client.get(f"/ar/events/{event.slug}/run/state.json").json()
    assert (snapshot["current"]["title"], snapshot["current"]["title_lang"]) == (OPENING_AR, "ar")
    assert client.get(f"/events/{event.slug}/run/state.json").json()["current"]["title"] == "Opening remarks"


def test_the_french_console_shows_french_titles_and_marks_the_english_one(client, event, moderator):
    live.run_control(event=event, by=moderator, action="start")
    client.force_login(moderator)
    html = client.get(f"/fr/events/{event.slug}/run/").content.decode()
    assert f'data-field="title">{OPENING_FR}</h2>' in html
    assert f'data-field="next-title" lang="en">{CONVERSATION_I}</p>' in html
    assert f'<span lang="en">{CONVERSATION_I}</span>' in html  # the run sheet
    assert "Alliance 8.7 : 10 ans de partenariat et d’action</a>" in html


def test_the_arabic_countdown_shows_the_arabic_title(client, event):
    html = client.get(f"/ar/events/{event.slug}/countdown/").content.decode()
    assert f'<span data-field="title">{OPENING_AR}</span>' in html
    assert 'dir="rtl"' in html


class Screen(SocketClient):
    async def receive_json(self):
        response = await self.receive_output(TIMEOUT)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])


def screen(event, language: str, cookie: str = "") -> Screen:
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return Screen(application, f"/ws/events/{event.slug}/run/?lang={language}", headers)


@pytest.mark.django_db(transaction=True)
def test_each_socket_gets_the_titles_in_its_own_language(event, moderator):
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        async_to_sync(layer.flush)()
    client = Client()
    client.force_login(moderator)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    async def scenario():
        console, french, arabic, spanish = (
            screen(event, "fr", cookie),
            screen(event, "fr"),
            screen(event, "ar"),
            screen(event, "es"),
        )
        on_connect = []
        for each in (console, french, arabic, spanish):
            await each.send_input({"type": "websocket.connect"})
            assert (await each.receive_output(TIMEOUT))["type"] == "websocket.accept"
            on_connect.append(await each.receive_json())
        await console.send_input(
            {"type": "websocket.receive", "text": json.dumps({"type": "action", "action": "start"})}
        )
        after = [await each.receive_json() for each in (console, french, arabic, spanish)]
        for each in (console, french, arabic, spanish):
            await each.send_input({"type": "websocket.disconnect", "code": 1000})
            await each.wait(TIMEOUT)
        return on_connect, after

    on_connect, after = async_to_sync(scenario)()
    assert [s["next"]["title"] for s in on_connect] == [OPENING_FR, OPENING_FR, OPENING_AR, "Palabras de apertura"]
    console, french, arabic, spanish = after
    assert (console["current"]["title"], console["private"]) == (OPENING_FR, True)
    assert (french["current"]["title"], french["private"]) == (OPENING_FR, False)
    assert (french["next"]["title"], french["next"]["title_lang"]) == (CONVERSATION_I, "en")
    assert (arabic["current"]["title"], arabic["next"]["title_lang"]) == (OPENING_AR, "ar")
    assert spanish["current"]["title"] == "Palabras de apertura"
    assert "notes" not in french["current"]


def test_a_screen_in_a_language_the_titles_lack_gets_the_english_snapshot():
    versions = {"en": '{"english":1}', "fr": '{"french":1}'}
    assert live.in_language(versions, "fr") == '{"french":1}'
    assert live.in_language(versions, "es") == '{"english":1}'
