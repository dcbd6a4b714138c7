"""The secretariat's second factor holds at every door: pages, the admin, sockets and API tokens."""

import asyncio
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import timezone

from alliance87.accounts.models import ApiToken, Role, RoleAssignment
from alliance87.accounts.services import api_token_create
from alliance87.admin_site import SecretariatAdminSite
from alliance87.artwork.models import Banner
from alliance87.events import services as event_services
from alliance87.events.tests.test_consumers import TIMEOUT, Screen

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _password_only(client, user):
    """A secretariat session signed in with the password alone: an authenticator, no code given."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, SECRET)
    client.force_login(user)
    return client


def _confirm_code(client, user):
    from allauth.account.internal.flows.login import record_authentication

    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "mfa", type="totp")
    request.session.save()
    return client


def test_admin_under_accounts_path_asks_for_the_code_first(client, cast):
    # The audit's bypass: /admin/accounts/… contains "/accounts/" and used to pass without the code.
    _password_only(client, cast.secretariat)
    page = client.get("/admin/accounts/roleassignment/add/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/2fa/reauthenticate/")


def test_admin_grant_without_the_code_grants_nothing(client, cast):
    _password_only(client, cast.secretariat)
    response = client.post(
        "/admin/accounts/roleassignment/add/",
        {"user": cast.outsider.pk, "role": Role.SECRETARIAT, "granted_at_0": "2026-01-01", "granted_at_1": "10:00"},
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=cast.outsider).exists()


def test_admin_site_refuses_a_session_without_the_code_even_without_the_middleware(cast):
    # Defence in depth: has_permission checks the code itself, whatever the middleware stack is.
    request = RequestFactory().get("/admin/")
    request.user = cast.secretariat
    client = _password_only(Client(), cast.secretariat)
    request.session = client.session
    assert not SecretariatAdminSite().has_permission(request)
    _confirm_code(client, cast.secretariat)
    request.session = client.session
    assert SecretariatAdminSite().has_permission(request)


@pytest.mark.parametrize("path", ["/me/", "/fr/me/", "/admin/", "/es/me/tokens/"])
def test_every_page_but_the_sign_in_pages_asks_for_the_code(client, cast, path):
    _password_only(client, cast.secretariat)
    response = client.get(path)
    assert response.status_code == 302
    assert "/2fa/reauthenticate/" in response["Location"]


@pytest.mark.parametrize("path", ["/accounts/2fa/reauthenticate/", "/fr/accounts/2fa/reauthenticate/"])
def test_the_code_page_itself_is_open_under_every_language(client, cast, path):
    _password_only(client, cast.secretariat)
    assert client.get(path).status_code == 200


def test_secretariat_rules_are_off_until_the_code_is_given(client, cast, alliance):
    # On an exempt page the session is marked too, so no rule grants the secretariat's rights there.
    from alliance87.accounts import twofactor
    from alliance87.accounts.rules import is_secretariat

    _password_only(client, cast.secretariat)
    user = cast.secretariat
    assert twofactor.mark_session_user(user, client.session) is True
    assert not is_secretariat(user)
    assert not user.has_perm("accounts.manage_roles")
    _confirm_code(client, cast.secretariat)
    assert twofactor.mark_session_user(user, client.session) is False
    assert is_secretariat(user)


def _cookie(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _socket(path: str, cookie: str) -> Screen:
    from alliance87.asgi import application

    headers = [
        (b"origin", b"http://testserver"),
        (b"host", b"testserver"),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
    ]
    return Screen(application, path, headers)


@pytest.mark.django_db(transaction=True)
def test_run_of_show_socket_needs_the_code_to_run(cast, alliance):
    from alliance87.events.tests.conftest import SEED

    event = event_services.concept_note_import(text=SEED.read_text(encoding="utf-8"), by=None)
    event_services.event_publish(event=event, by=None)
    client = _password_only(Client(), cast.secretariat)

    async def run(cookie):
        screen = _socket(f"/ws/events/{event.slug}/run/", cookie)
        connected, _ = await screen.connect()
        assert connected
        await screen.receive_json_from(TIMEOUT)  # the snapshot
        await screen.send_json_to({"type": "action", "action": "start"})
        answer = await screen.receive_json_from(TIMEOUT)
        await screen.disconnect()
        return answer

    refused = async_to_sync(run)(_cookie(client))
    assert refused["type"] == "error" and refused["code"] == "permission"
    _confirm_code(client, cast.secretariat)
    accepted = async_to_sync(run)(_cookie(client))
    assert accepted["type"] == "state" and accepted["version"] >= 1


@pytest.mark.django_db(transaction=True)
def test_artwork_console_socket_needs_the_code(cast, alliance):
    event = event_services.event_create(
        by=None,
        title="Side event",
        time_zone="Africa/Casablanca",
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    banner = Banner.objects.create(title="Banner", slug="banner", event=event, columns=12, rows=4)
    client = _password_only(Client(), cast.secretariat)

    async def follow(cookie, ping=False):
        screen = _socket(f"/ws/artwork/{banner.slug}/console/", cookie)
        await screen.send_input({"type": "websocket.connect"})
        first = await screen.receive_output(TIMEOUT)
        assert first["type"] == "websocket.accept"
        if ping:  # a console that may follow answers; one refused was told why at once
            await screen.send_input({"type": "websocket.receive", "text": '{"type": "ping"}'})
        answer = await screen.receive_output(TIMEOUT)
        await screen.disconnect()
        return answer

    refused = async_to_sync(follow)(_cookie(client))
    assert refused["type"] == "websocket.send" and '"permission"' in refused["text"]
    _confirm_code(client, cast.secretariat)
    followed = async_to_sync(follow)(_cookie(client), ping=True)
    assert followed == {"type": "websocket.send", "text": '{"type":"pong"}'}


def test_secretariat_token_stops_working_after_its_days(client, cast, alliance):
    _token, raw = api_token_create(user=cast.secretariat, name="Dashboard")
    headers = {"Authorization": f"Bearer {raw}"}
    body = {"website": "https://www.freetheslaves.net/"}
    url = f"/api/organisations/{alliance.free_the_slaves.slug}"
    assert client.patch(url, body, content_type="application/json", headers=headers).status_code == 200
    ApiToken.objects.filter(user=cast.secretariat).update(
        created_at=timezone.now() - timedelta(days=settings.SECRETARIAT_TOKEN_DAYS, minutes=1)
    )
    response = client.patch(url, body, content_type="application/json", headers=headers)
    assert response.status_code == 401


def test_partner_editor_token_has_no_expiry(client, cast, alliance):
    _token, raw = api_token_create(user=cast.partner_editor, name="CRM")
    ApiToken.objects.filter(user=cast.partner_editor).update(created_at=timezone.now() - timedelta(days=400))
    response = client.patch(
        f"/api/organisations/{alliance.free_the_slaves.slug}",
        {"website": "https://www.freetheslaves.net/"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 200


def test_tokens_page_tells_the_secretariat_when_its_token_expires(client, cast):
    _confirm_code(_password_only(client, cast.secretariat), cast.secretariat)
    api_token_create(user=cast.secretariat, name="Dashboard")
    page = client.get("/me/tokens/").content.decode()
    assert f"your tokens work for {settings.SECRETARIAT_TOKEN_DAYS} days" in page
    assert "Until revoked" not in page


def test_other_roles_tokens_work_until_revoked(client, cast):
    api_token_create(user=cast.outsider, name="Script")
    client.force_login(cast.outsider)
    assert "Until revoked" in client.get("/me/tokens/").content.decode()


def test_admin_role_deletion_tells_open_sockets(secretariat_client, cast, alliance, django_capture_on_commit_callbacks):
    # What every server process's watch hears on the real channel layer (accounts.rights_changed).
    from channels.layers import get_channel_layer

    from alliance87.accounts import rights_changed

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(rights_changed.GROUP, channel)
    editor = cast.partner_editor
    assignment = RoleAssignment.objects.get(user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(f"/admin/accounts/roleassignment/{assignment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=editor).exists()

    async def heard():
        return await asyncio.wait_for(layer.receive(channel), TIMEOUT)

    message = async_to_sync(heard)()
    assert message == {"type": "rights.changed", "user": editor.pk}
    async_to_sync(layer.group_discard)(rights_changed.GROUP, channel)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/reauthenticate/",
        "/fr/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/totp/activate/",  # setting up another one, while one exists
    ],
)
def test_pages_that_change_the_account_ask_for_the_code_first(client, cast, path):
    # With the password alone, one could turn the owner's authenticator off and set up one's own.
    _password_only(client, cast.secretariat)
    response = client.get(path)
    assert response.status_code == 302
    assert "/2fa/reauthenticate/" in response["Location"]


def test_password_only_session_cannot_turn_the_authenticator_off(client, cast):
    from allauth.mfa.models import Authenticator

    _password_only(client, cast.secretariat)
    client.post("/accounts/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(user=cast.secretariat, type="totp").exists()


def test_a_secretariat_without_an_authenticator_may_set_one_up(client, cast):
    client.force_login(cast.secretariat)
    assert client.get("/me/")["Location"].startswith("/accounts/2fa/totp/activate/")
    # allauth asks for the password again before the first authenticator: that page is open too.
    activate = client.get("/accounts/2fa/totp/activate/")
    assert activate["Location"].startswith("/accounts/reauthenticate/")
    assert client.get(activate["Location"]).status_code == 200
