import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError

from alliance87.accounts.models import ApiToken, Role
from alliance87.accounts.services import api_token_authenticate, api_token_create, role_grant, role_revoke
from alliance87.testing import PASSWORD


def test_sign_in_with_email_and_password(client, cast):
    response = client.post("/accounts/login/", {"login": cast.partner_editor.email, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/me/").content.decode()
    assert "Partner editor" in page and "Free the Slaves" in page


def test_sign_in_wrong_password_says_so(client, cast):
    response = client.post("/accounts/login/", {"login": cast.partner_editor.email, "password": "wrong"})
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()


def test_sign_in_is_throttled_after_repeated_failures(client, cast):
    for _attempt in range(5):
        client.post("/accounts/login/", {"login": cast.partner_editor.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": cast.partner_editor.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_secretariat_must_set_up_two_factor(client, cast):
    client.force_login(cast.secretariat)
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_secretariat_with_two_factor_is_asked_for_the_code(client, cast):
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time

    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(cast.secretariat, secret)
    response = client.post("/accounts/login/", {"login": cast.secretariat.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    counters = list(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_other_roles_are_not_forced_to_two_factor(client, cast):
    client.force_login(cast.focal_point)
    assert client.get("/me/").status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [("partner_editor", 302), ("group_lead", 302), ("reviewer", 302), ("outsider", 302)],
)
def test_admin_is_for_the_secretariat_only(client, cast, role, status):
    client.force_login(getattr(cast, role))
    response = client.get("/admin/network/organisation/")
    assert response.status_code == status
    assert "/admin/login/" in response["Location"]


def test_admin_secretariat_edits_with_history(secretariat_client, alliance):
    page = secretariat_client.get("/admin/network/organisation/").content.decode()
    assert "Free the Slaves" in page
    history = secretariat_client.get(f"/admin/network/organisation/{alliance.free_the_slaves.pk}/history/")
    assert history.status_code == 200


def test_role_grant_scoped_role_needs_scope(cast):
    with pytest.raises(ValidationError) as error:
        role_grant(user=cast.outsider, role=Role.PARTNER_EDITOR)
    assert "scope" in error.value.message_dict


def test_role_grant_wrong_kind_of_scope_is_refused(cast, alliance):
    with pytest.raises(ValidationError):
        role_grant(user=cast.outsider, role=Role.PARTNER_EDITOR, scope=alliance.kenya)


def test_role_grant_is_idempotent_and_revocable(cast, alliance):
    user = cast.outsider
    role_grant(user=user, role=Role.PARTNER_EDITOR, scope=alliance.nestle)
    role_grant(user=user, role=Role.PARTNER_EDITOR, scope=alliance.nestle)
    assert user.roles.count() == 1
    assert user.has_perm("network.edit_organisation", alliance.nestle)
    role_revoke(user=user, role=Role.PARTNER_EDITOR, scope=alliance.nestle)
    assert not user.has_perm("network.edit_organisation", alliance.nestle)


def test_api_token_is_stored_hashed_and_authenticates(cast):
    token, raw = api_token_create(user=cast.partner_editor, name="Our CRM")
    assert raw.startswith("a87_") and raw not in token.key_hash
    assert api_token_authenticate(raw=raw) == cast.partner_editor
    assert api_token_authenticate(raw=raw + "x") is None


def test_api_token_page_shows_secret_once_and_revokes(client, cast):
    client.force_login(cast.partner_editor)
    page = client.post("/me/tokens/", {"name": "Our CRM"}).content.decode()
    token = ApiToken.objects.get(user=cast.partner_editor)
    assert "Copy this token now" in page and f"a87_{token.prefix}" in page
    assert "Copy this token now" not in client.get("/me/tokens/").content.decode()
    client.post(f"/me/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_api_token_without_name_names_the_field(client, cast):
    client.force_login(cast.partner_editor)
    response = client.post("/me/tokens/", {"name": "  "})
    assert response.status_code == 400
    assert "Give the token a name" in response.content.decode()


def test_other_users_token_cannot_be_revoked(client, cast):
    token, _raw = api_token_create(user=cast.partner_editor, name="Theirs")
    client.force_login(cast.outsider)
    assert client.post(f"/me/tokens/{token.pk}/revoke/").status_code == 404


def test_create_demo_users_refused_outside_demo(db, settings):
    from django.core.management import CommandError, call_command

    settings.DEMO = False
    with pytest.raises(CommandError, match="only created in the local demo"):
        call_command("create_demo_users")


def test_create_demo_users_one_per_role(alliance, settings, capsys):
    from django.core.management import call_command

    from alliance87.accounts.models import User

    settings.DEMO = True
    call_command("create_demo_users")
    call_command("create_demo_users")
    out = capsys.readouterr().out
    assert "secretariat@demo.alliance87.test" in out and "alliance87-demo" in out
    assert User.objects.filter(email__endswith="@demo.alliance87.test").count() == len(Role)
    editor = User.objects.get(email="editor.freetheslaves@demo.alliance87.test")
    assert editor.has_perm("network.edit_organisation", alliance.free_the_slaves)


def test_deploy_check_is_clean_for_a_production_configuration(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "SECRET_KEY": "x" * 30 + "production-secret-key-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "alliance87.example.org",
        "DATA_DIR": str(tmp_path),
        "TESTING": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_served_site_stores_passwords_with_pbkdf2_not_the_tests_fast_hasher(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DATA_DIR": str(tmp_path), "TESTING": "0"}
    script = (
        "import django; django.setup(); from django.contrib.auth.hashers import make_password; "
        "print(make_password('correct horse battery staple').split('$')[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "alliance87.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "pbkdf2_sha256"


def test_admin_secretariat_grants_a_scoped_role(secretariat_client, cast, alliance):
    user = cast.outsider
    response = secretariat_client.post(
        "/admin/accounts/roleassignment/add/",
        {"user": user.pk, "role": "partner_editor", "scope_choice": f"network.organisation:{alliance.nestle.pk}"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert user.has_perm("network.edit_organisation", alliance.nestle)


def test_admin_scoped_role_without_scope_names_the_field(secretariat_client, cast):
    response = secretariat_client.post(
        "/admin/accounts/roleassignment/add/", {"user": cast.outsider.pk, "role": "partner_editor", "scope_choice": ""}
    )
    assert response.status_code == 200
    assert "Choose what this role is held for." in response.content.decode()
    assert not cast.outsider.roles.exists()


def test_admin_login_form_is_the_sites_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_secretariat_signed_in_without_code_is_asked_for_it(client, cast):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(cast.secretariat, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(cast.secretariat)  # a session confirmed by password alone
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")


def test_admin_edit_refreshes_public_pages(secretariat_client, client, alliance):
    from django.test import Client

    anonymous = Client()
    assert "Edited in the admin" not in anonymous.get("/partners/nestle/").content.decode()
    data = {
        "name": "Nestlé",
        "slug": "nestle",
        "acronym": "",
        "kind": "business",
        "website": "",
        "description": "Edited in the admin",
        "is_partner": "on",
        "partner_since": "",
        "source": "x",
        "country": "",
    }
    response = secretariat_client.post(f"/admin/network/organisation/{alliance.nestle.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Edited in the admin" in anonymous.get("/partners/nestle/").content.decode()


def test_demo_users_sign_in_even_if_made_before_addresses_were_confirmed(alliance, settings, client):
    # A demo database from before sign-in needed a confirmed address: `make run` vouches for them again.
    from allauth.account.models import EmailAddress
    from django.core.management import call_command

    from alliance87.accounts.management.commands.create_demo_users import DEMO_PASSWORD

    settings.DEMO = True
    call_command("create_demo_users", verbosity=0)
    EmailAddress.objects.all().delete()
    call_command("create_demo_users", verbosity=0)
    response = client.post(
        "/accounts/login/", {"login": "editor.freetheslaves@demo.alliance87.test", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/me/"
