"""An address without a language opens in the reader's: the browser's on a first visit, then the one
remembered (first_language.py), in front of both page-cache layers."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from alliance87.accounts.models import User
from alliance87.asgi import application
from alliance87.first_language import browser_language, redirect_language

FRENCH_PHONE = "fr-MA,fr;q=0.9,ar-MA;q=0.8,en;q=0.5"


@pytest.fixture
def phone_page(alliance):
    """The banner's phone page: the QR code printed on the banner holds this unprefixed address."""
    from datetime import UTC, datetime

    from alliance87.artwork.models import Banner
    from alliance87.events import services

    start = datetime(2026, 2, 11, 16, 0, tzinfo=UTC)
    event = services.event_create(
        by=None, title="Side event", time_zone="Africa/Casablanca", starts_at=start, ends_at=start.replace(hour=17)
    )
    banner = Banner.objects.create(title="Ten years", slug="ten-years", event=event, columns=12, rows=4)
    return f"/artwork/{banner.slug}/"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("fr-MA,fr;q=0.9,en;q=0.8", "fr"),
        ("ar-MA", "ar"),
        ("es-419", "es"),
        ("de,fr;q=0.5", "fr"),  # German is not offered: the next the browser accepts
        ("en-US,fr;q=0.8", "en"),
        ("fr;q=0,es;q=0.4", "es"),  # q=0 means "not French"
        ("en;q=0.2,ar;q=0.7", "ar"),  # q-values, not the order, decide
        ("*", None),
        ("", None),
    ],
)
def test_browser_language_honours_q_values_and_regions(header, language):
    assert browser_language(header) == language


def test_french_phone_scanning_the_qr_code_gets_the_french_phone_page(client, phone_page):
    response = client.get(phone_page, {"sent": "7"}, HTTP_ACCEPT_LANGUAGE=FRENCH_PHONE)
    assert response.status_code == 302
    assert response["Location"] == f"/fr{phone_page}?sent=7"  # the query kept
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=FRENCH_PHONE)
    assert page.status_code == 200 and '<html lang="fr"' in page.content.decode()


@pytest.mark.parametrize("path", ["/", "/partners/", "/pathfinders/", "/events/"])
def test_every_public_page_follows_the_browser_on_a_first_visit(client, alliance, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar-MA,ar;q=0.9")
    assert (response.status_code, response["Location"]) == (302, f"/ar{path}")


def test_english_browser_and_bots_get_english_without_a_redirect(client, alliance):
    assert client.get("/partners/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,fr;q=0.5").status_code == 200
    response = client.get("/partners/")  # a bot: no Accept-Language
    assert response.status_code == 200
    # The page depends on both: a cache in between must not give it to a French browser.
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_remembered_english_beats_a_french_browser(client, alliance):
    # The language links go through /language/<code>/, which remembers the choice on the device.
    chosen = client.get("/language/en/", {"next": "/partners/"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert (chosen.status_code, chosen["Location"]) == (302, "/partners/")
    assert chosen.cookies["django_language"].value == "en"
    assert chosen.cookies["django_language"]["max-age"] == 365 * 24 * 3600
    assert client.get("/partners/", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200


def test_remembered_spanish_beats_an_english_browser(client, alliance):
    client.cookies["django_language"] = "es"
    response = client.get("/partners/", HTTP_ACCEPT_LANGUAGE="en-US")
    assert response["Location"] == "/es/partners/"


def test_a_language_link_never_sends_elsewhere(client, alliance):
    for next_url in ("https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)"):
        response = client.get("/language/fr/", {"next": next_url})
        assert response["Location"] == "/fr/", next_url
    assert client.get("/language/xx/", {"next": "/"})["Location"] == "/"
    assert client.cookies["django_language"].value == "en"


def test_signed_in_person_without_a_cookie_gets_the_language_they_last_read(client, cast):
    User.objects.filter(pk=cast.partner_editor.pk).update(language="es")
    client.force_login(cast.partner_editor)
    response = client.get("/partners/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Location"] == "/es/partners/"
    # The device's own choice beats the account's.
    client.cookies["django_language"] = "en"
    assert client.get("/partners/", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200


def test_signed_in_reader_who_never_chose_follows_the_browser(client, cast):
    User.objects.filter(pk=cast.partner_editor.pk).update(language="")
    client.force_login(cast.partner_editor)
    assert client.get("/partners/", HTTP_ACCEPT_LANGUAGE="ar")["Location"] == "/ar/partners/"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/accounts/login/"),
        ("POST", "/partners/"),
        ("GET", "/api/organisations"),
        ("GET", "/api/docs"),
        ("GET", "/static/css/site.css"),
        ("GET", "/media/x.pdf"),
        ("GET", "/admin/"),
        ("GET", "/robots.txt"),
        ("GET", "/no-such-page-anywhere/"),
        ("GET", "/fr/partners/"),
        ("GET", "/es"),
    ],
)
def test_never_redirected(method, path):
    assert redirect_language(method=method, path=path, remembered="fr", accept_language="fr") is None


def test_htmx_partial_requests_are_never_redirected():
    assert redirect_language(method="GET", path="/partners/", remembered=None, accept_language="fr", htmx=True) is None


def test_no_redirect_for_api_post_and_static_through_django(client, alliance):
    assert client.get("/api/organisations", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200
    assert client.get("/robots.txt", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200
    assert client.post("/accounts/login/", {}, HTTP_ACCEPT_LANGUAGE="fr").status_code == 200


def test_cached_english_page_is_not_served_to_a_french_first_visit_middleware(client, alliance):
    first = client.get("/partners/")
    assert first["X-Public-Page-Cache"] == "stored"
    assert client.get("/partners/")["X-Public-Page-Cache"] == "hit"
    french = client.get("/partners/", HTTP_ACCEPT_LANGUAGE="fr-FR")
    assert (french.status_code, french["Location"]) == (302, "/fr/partners/")
    # And the French page is kept under its own address, beside the English one.
    assert client.get("/fr/partners/")["X-Public-Page-Cache"] == "stored"
    page = client.get("/fr/partners/")
    assert page["X-Public-Page-Cache"] == "hit" and '<html lang="fr"' in page.content.decode()
    english = client.get("/partners/")
    assert english["X-Public-Page-Cache"] == "hit" and '<html lang="en"' in english.content.decode()


@pytest.fixture
def _keep_test_connection():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _asgi(path, accept_language="", cookie=""):
    """One GET through the whole ASGI application, as uvicorn would send it."""
    headers = [(b"host", b"testserver")]
    headers += [(b"accept-language", accept_language.encode())] if accept_language else []
    headers += [(b"cookie", cookie.encode())] if cookie else []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    sent, received = [], []

    async def receive():
        if received:  # the body was read: wait, as a client that stays connected
            await asyncio.Event().wait()
        received.append(True)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    async_to_sync(application)(scope, receive, send)
    response_headers = {k.decode().lower(): v.decode() for k, v in sent[0]["headers"]}
    return sent[0]["status"], response_headers, b"".join(m.get("body", b"") for m in sent[1:]).decode()


@pytest.mark.usefixtures("_keep_test_connection")
def test_cached_english_page_is_not_served_to_a_french_first_visit_asgi(alliance):
    assert _asgi("/partners/")[1]["x-public-page-cache"] == "stored"
    assert _asgi("/partners/")[1]["x-public-page-cache"] == "hit"
    status, headers, _body = _asgi("/partners/", "fr-CA,fr;q=0.9")
    assert (status, headers["location"]) == (302, "/fr/partners/")
    assert "x-public-page-cache" not in headers  # answered before the cache, without Django
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in headers["vary"].split(",")}
    # Remembered English: the cached English page.
    status, headers, body = _asgi("/partners/", "fr", cookie="django_language=en")
    assert (status, headers["x-public-page-cache"]) == (200, "hit") and '<html lang="en"' in body
    # A cookie naming no language of the platform is ignored; other cookies around it do not matter.
    status, headers, _body = _asgi("/partners/", "es", cookie="csrftoken=a; django_language=xx; theme=dark")
    assert (status, headers["location"]) == (302, "/es/partners/")
    status, headers, _body = _asgi("/partners/", "en", cookie="csrftoken=a;django_language=ar")
    assert (status, headers["location"]) == (302, "/ar/partners/")
    # A session without a language cookie is Django's to decide (the account may have a language).
    status, headers, _body = _asgi("/partners/", "fr", cookie="sessionid=nothing")
    assert (status, headers["location"]) == (302, "/fr/partners/")


@pytest.mark.usefixtures("_keep_test_connection")
def test_asgi_layer_never_redirects_api_or_static(alliance):
    assert _asgi("/api/organisations", "fr")[0] == 200
    assert _asgi("/robots.txt", "fr")[0] == 200
