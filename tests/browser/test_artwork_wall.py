"""The wall in a real browser against a real ASGI server: a contribution approved by a moderator appears live,
its words as words; the launch reveals the banner; the pages pass axe.

The server is uvicorn in a thread of the test process (as ``asgi_server.py`` runs it, with its helper that
lets the server's threads see the in-memory test database), serving the project's HTTP application with the
artwork's addresses (``alliance87.artwork.tests.urls``) and its WebSocket routes beside the events' ones,
until the lead joins them in ``alliance87/urls.py`` and ``alliance87/asgi.py``.
"""

import socket
import threading
import time
from datetime import UTC, datetime

import pytest
import uvicorn
from asgi_server import _share_in_memory_connections
from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.core.asgi import get_asgi_application
from playwright.sync_api import Browser, Page, expect

from alliance87.accounts.models import Role
from alliance87.artwork import consumers, live, routing, services
from alliance87.artwork.models import Banner
from alliance87.artwork.vocab import Status
from alliance87.events import routing as events_routing
from alliance87.events import services as event_services
from alliance87.prepared_frames import WebSocketProtocol
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

WALL = {"width": 1920, "height": 1080}
TIMEOUT_MS = 10_000
HOSTILE = '<img src=x onerror="document.title=1">Ten years!'


@pytest.fixture(scope="module")
def artwork_server(django_db_setup, django_db_blocker):
    """uvicorn serving HTTP and the artwork's WebSockets, for this module."""
    application = ProtocolTypeRouter(
        {
            "http": get_asgi_application(),
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(events_routing.websocket_urlpatterns + routing.websocket_urlpatterns))
            ),
        }
    )
    with django_db_blocker.unblock():
        undo = _share_in_memory_connections()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, ws=WebSocketProtocol, lifespan="off", log_level="warning"
    )  # as make run serves it: the walls get frames prepared once for all (alliance87.prepared_frames)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="artwork-asgi-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the ASGI test server (uvicorn) did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    undo()
    live._tailers.clear()


@pytest.fixture
def banner(transactional_db, alliance, settings, request):
    settings.ROOT_URLCONF = "alliance87.artwork.tests.urls"
    consumers._wall_banners.clear()  # a banner of an earlier test may have had this address
    starts = datetime(2026, 2, 11, 16, 0, tzinfo=UTC)
    event = event_services.event_create(
        by=None, title="Side event", time_zone="UTC", starts_at=starts, ends_at=starts.replace(hour=17)
    )
    banner = Banner.objects.create(
        title="10 Years of Alliance 8.7", slug="ten-years", event=event, columns=24, rows=8, wall_delay_seconds=0
    )
    banner.moderator = make_user("moderator@example.org", Role.MODERATOR, event)
    return banner


@pytest.fixture
def tab(browser: Browser, artwork_server):
    contexts = []

    def _open(viewport=None, **options) -> Page:
        context = browser.new_context(base_url=artwork_server, viewport=viewport or WALL, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def test_an_approved_contribution_appears_on_the_wall_live_as_words(banner, tab, axe):
    services.contribute(banner=banner, device_token="first", colour="#4C9F38")
    wall = tab()
    wall.goto("/artwork/ten-years/wall/")
    expect(wall.locator("[data-field=status]")).to_have_text("Live")
    expect(wall.locator("[data-field=count]")).to_have_text("1")
    axe(wall)

    waiting = services.contribute(
        banner=banner, device_token="phone", colour="#A21942", message=HOSTILE, first_name="Amina", country="KE"
    ).contribution
    assert waiting.status == Status.PENDING
    services.moderate(contribution=waiting, by=banner.moderator, status=Status.APPROVED)

    newest = wall.locator(".aw-ticker-list li").first
    expect(newest.locator(".aw-message-text")).to_have_text(HOSTILE)  # the markup shown as text
    expect(newest.locator(".aw-message-who")).to_have_text("Amina · Kenya")
    expect(wall.locator("[data-field=count]")).to_have_text("2")
    assert wall.locator(".aw-ticker img").count() == 0
    assert wall.title() != "1"
    burgundy_cells = wall.locator('.cells-filled path[data-colour="#A21942"]').get_attribute("d")
    assert burgundy_cells and burgundy_cells.count("z") == 1  # one tile of that colour: the new one


def test_a_hidden_contribution_leaves_the_wall(banner, tab):
    contribution = services.contribute(
        banner=banner, device_token="phone", colour="#A21942", message="Hello"
    ).contribution
    services.moderate(contribution=contribution, by=banner.moderator, status=Status.APPROVED)
    wall = tab()
    wall.goto("/artwork/ten-years/wall/")
    expect(wall.locator(".aw-ticker-list li").first).to_contain_text("Hello")
    expect(wall.locator("[data-field=status]")).to_have_text("Live")

    services.moderate(contribution=contribution, by=banner.moderator, status=Status.HIDDEN)

    expect(wall.locator("[data-field=count]")).to_have_text("0")
    expect(wall.locator(".aw-ticker-list")).not_to_contain_text("Hello")


def test_the_launch_reveals_the_banner_with_and_without_motion(banner, tab, axe):
    services.contribute(banner=banner, device_token="phone", colour="#A21942", country="MX")
    for motion in ("no-preference", "reduce"):
        launch = tab(reduced_motion=motion)
        launch.goto("/artwork/ten-years/launch/")
        stage = launch.locator("[data-artwork-screen]")
        expect(stage).to_have_attribute("data-stage", "covered")
        expect(launch.locator(".aw-launch-mosaic")).to_be_hidden()
        axe(launch)
        launch.get_by_role("button", name="Reveal the banner").click()
        expect(stage).to_have_attribute("data-stage", "revealed", timeout=TIMEOUT_MS)
        expect(launch.locator(".aw-launch-mosaic")).to_be_visible()
        expect(launch.locator("[data-field=summary]")).to_have_text("1 mark · 1 country")


def test_the_wall_reads_without_javascript(banner, tab):
    services.contribute(banner=banner, device_token="phone", colour="#A21942")
    wall = tab(java_script_enabled=False)
    wall.goto("/artwork/ten-years/wall/")
    expect(wall.get_by_role("img", name="10 Years of Alliance 8.7: 1 contributions")).to_be_visible()
    expect(wall.locator("[data-field=count]")).to_have_text("1")


def test_the_replay_plays_the_banner_from_the_first_contribution_to_now(banner, tab, axe):
    for index in range(3):
        services.contribute(banner=banner, device_token=f"phone-{index}", colour="#A21942")
    hidden = services.contribute(
        banner=banner, device_token="taken-down", colour="#A21942", message="Oops"
    ).contribution
    services.moderate(contribution=hidden, by=banner.moderator, status=Status.APPROVED)
    services.moderate(contribution=hidden, by=banner.moderator, status=Status.HIDDEN)
    replay = tab()
    replay.goto("/artwork/ten-years/replay/")
    play = replay.get_by_role("button", name="Play")
    expect(play).to_be_enabled()
    axe(replay)
    replay.get_by_label("Length of the time-lapse").select_option("5")
    play.click()
    expect(replay.get_by_role("button", name="Play again")).to_be_visible(timeout=15_000)
    expect(replay.locator("[data-field=count]")).to_have_text("3")  # what was taken down never shows
