"""Signing up and signing in tell a stranger nothing about who has an account, and cannot lock anyone out."""

from django.core import mail

from alliance87.accounts.models import User
from alliance87.testing import PASSWORD

NEW_PASSWORD = "a long and unusual passphrase 7"


def _sign_up(client, email):
    return client.post("/accounts/signup/", {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


def test_sign_up_answers_alike_for_a_known_and_an_unknown_address(client, cast):
    known = _sign_up(client, cast.secretariat.email)
    known_page = client.get(known["Location"]).content.decode().replace(cast.secretariat.email, "ADDRESS")
    client.logout()
    unknown = _sign_up(client, "new.partner@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    unknown_page = client.get(unknown["Location"]).content.decode().replace("new.partner@example.org", "ADDRESS")
    assert known_page == unknown_page


def test_sign_up_with_a_known_address_makes_no_account_and_tells_the_owner(client, cast):
    owner = cast.secretariat
    _sign_up(client, owner.email)
    assert User.objects.filter(email=owner.email).count() == 1
    assert User.objects.get(email=owner.email).check_password(PASSWORD)  # not replaced
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "already" in mail.outbox[0].body.lower()


def test_a_new_account_confirms_its_address_before_signing_in(client, db):
    _sign_up(client, "new.partner@example.org")
    client.logout()
    response = client.post("/accounts/login/", {"login": "new.partner@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


def _fail(client, email, address):
    return client.post("/accounts/login/", {"login": email, "password": "wrong guess"}, REMOTE_ADDR=address)


def test_a_strangers_failed_sign_ins_do_not_lock_out_the_owner(client, cast):
    owner = cast.focal_point
    for _ in range(5):
        _fail(client, owner.email, "203.0.113.9")
    locked = _fail(client, owner.email, "203.0.113.9")
    assert "Too many failed login attempts" in locked.content.decode()
    # The owner, from their own network, signs in at once.
    response = client.post(
        "/accounts/login/", {"login": owner.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.20"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)
