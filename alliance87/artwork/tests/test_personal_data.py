"""Contributors' personal data: erased after the banner's retention, a mark withdrawn by the phone that made
it, and a muted phone kept out even with a new device token."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from alliance87.artwork import services, snapshot
from alliance87.artwork.models import Banner, Contribution, LogEntry, MutedDevice
from alliance87.artwork.views.phone import DEVICE_COOKIE
from alliance87.artwork.vocab import Status

from .conftest import NOW

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

BURGUNDY = "#A21942"
MUTED = {"device": ["Contributions from this phone are paused by the moderators."]}


def send(banner, token, *, now=NOW, **fields):
    fields.setdefault("colour", BURGUNDY)
    return services.contribute(banner=banner, device_token=token, now=now, **fields).contribution


def approved(banner, moderator, token, **fields):
    contribution = send(banner, token, **fields)
    services.moderate(contribution=contribution, by=moderator, status=Status.APPROVED, now=NOW)
    return Contribution.objects.get(pk=contribution.pk)


# ---- Retention ---------------------------------------------------------------------------------------


def test_personal_data_is_erased_after_the_banners_retention_and_the_mark_stays(banner, moderator):
    old = approved(banner, moderator, "p1", address="10.0.0.1", first_name="Amina", message="Ten years", country="KE")
    young = approved(
        banner, moderator, "p2", address="10.0.0.2", first_name="Omar", now=NOW + timedelta(days=20), x=5, y=0
    )

    assert services.erase_expired_personal_data(now=NOW + timedelta(days=29)) == 0
    assert services.erase_expired_personal_data(now=NOW + timedelta(days=30, seconds=1)) == 1

    old.refresh_from_db()
    assert (old.first_name, old.device, old.address) == ("", "", "")
    assert (old.status, old.message, old.colour, old.country.code) == (Status.APPROVED, "Ten years", BURGUNDY, "KE")
    young.refresh_from_db()
    assert (young.first_name, bool(young.device), bool(young.address)) == ("Omar", True, True)
    approval = LogEntry.objects.get(contribution=old, kind="approved")
    assert approval.data["first_name"] == "" and approval.data["message"] == "Ten years"
    names = [c["first_name"] for c in snapshot.state(Banner.objects.get(pk=banner.pk))["contributions"]]
    assert sorted(names) == ["", "Omar"]
    assert services.erase_expired_personal_data(now=NOW + timedelta(days=31)) == 0  # idempotent


def test_the_secretariat_sets_the_retention_per_banner_in_the_admin(secretariat_client, banner, moderator):
    approved(banner, moderator, "p1", first_name="Amina")
    html = secretariat_client.get(f"/admin/artwork/banner/{banner.pk}/change/").content.decode()
    assert 'name="personal_data_days"' in html and 'value="30"' in html
    Banner.objects.filter(pk=banner.pk).update(personal_data_days=7)
    assert services.erase_expired_personal_data(now=NOW + timedelta(days=8)) == 1


def test_erase_expired_artwork_data_command(banner, moderator, monkeypatch):
    approved(banner, moderator, "p1", first_name="Amina")
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW + timedelta(days=31))
    out = StringIO()
    call_command("erase_expired_artwork_data", stdout=out)
    assert out.getvalue().strip() == "Erased the personal data of 1 artwork contribution(s)."
    assert Contribution.objects.get().first_name == ""


def test_the_console_erases_expired_data_at_most_once_an_hour(client, banner, moderator, monkeypatch):
    approved(banner, moderator, "p1", first_name="Amina")
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW + timedelta(days=31))
    client.force_login(moderator)
    assert client.get(f"/artwork/{banner.slug}/moderate/").status_code == 200
    assert Contribution.objects.get().first_name == ""
    assert services.erase_expired_personal_data_now_and_then() is None  # done this hour


def test_a_contribution_whose_data_was_erased_cannot_be_muted(banner, moderator):
    contribution = approved(banner, moderator, "p1", message="Hello")
    services.erase_expired_personal_data(now=NOW + timedelta(days=31))
    contribution.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.mute_device(contribution=contribution, by=moderator)
    assert error.value.message_dict == {
        "device": ["This contribution's phone is no longer known: its personal data was erased."]
    }


# ---- Withdrawing one's own mark ---------------------------------------------------------------------


def api_withdraw(client, banner, pk, token):
    return client.delete(f"/api/artwork/{banner.slug}/contributions/{pk}", headers={"X-Device-Token": token})


def test_withdraw_an_approved_mark_through_the_api_takes_it_off_the_wall(client, banner, moderator):
    mark = approved(banner, moderator, "phone-1", message="Ten years", first_name="Amina")
    assert [c["id"] for c in client.get(f"/artwork/{banner.slug}/snapshot.json").json()["contributions"]] == [mark.pk]

    response = api_withdraw(client, banner, mark.pk, "phone-1")

    assert response.status_code == 200
    assert response.json() == {"id": mark.pk, "status": "withdrawn", "x": mark.x, "y": mark.y, "colour_only": True}
    mark.refresh_from_db()
    assert (mark.status, mark.message, mark.first_name) == (Status.WITHDRAWN, "", "")
    last = LogEntry.objects.filter(banner=banner).order_by("-seq").first()
    assert (last.kind, last.data["id"], last.by) == ("hidden", mark.pk, None)
    wall = client.get(f"/artwork/{banner.slug}/log.json").json()
    assert wall["entries"][-1] == {"seq": last.seq, "kind": "hidden", "at": wall["entries"][-1]["at"],
                                   "data": {"id": mark.pk, "x": mark.x, "y": mark.y}}  # fmt: skip
    assert "Ten years" not in str(wall) and "Amina" not in str(wall)
    assert snapshot.state(Banner.objects.get(pk=banner.pk))["contributions"] == []  # the JSON: within a second
    with pytest.raises(ValidationError):  # no moderator can put it back
        services.moderate(contribution=mark, by=moderator, status=Status.APPROVED)
    assert send(banner, "phone-2", x=mark.x, y=mark.y).pk  # its cell is free


def test_withdraw_a_pending_mark_leaves_the_queue(client, banner, moderator):
    mark = send(banner, "phone-1", message="Words in the queue")
    assert api_withdraw(client, banner, mark.pk, "phone-1").status_code == 200
    client.force_login(moderator)
    assert "Words in the queue" not in client.get(f"/artwork/{banner.slug}/moderate/").content.decode()


def test_withdraw_by_another_phone_is_404_as_for_an_unknown_mark(client, banner):
    mark = send(banner, "phone-1", message="Mine")
    other = api_withdraw(client, banner, mark.pk, "phone-2")
    unknown = api_withdraw(client, banner, mark.pk + 100, "phone-2")
    no_token = client.delete(f"/api/artwork/{banner.slug}/contributions/{mark.pk}")
    huge = api_withdraw(client, banner, 10**20, "phone-1")
    assert other.status_code == unknown.status_code == no_token.status_code == huge.status_code == 404
    assert other.content == unknown.content
    assert Contribution.objects.get(pk=mark.pk).status == Status.PENDING


def test_withdraw_a_mark_held_for_safeguarding_keeps_it_on_the_safeguarding_page(client, banner, cast):
    mark = send(banner, "phone-1", message="help me please")
    assert mark.status == Status.SAFEGUARDING
    response = api_withdraw(client, banner, mark.pk, "phone-1")
    assert response.json()["status"] == "withdrawn"  # the phone is not told it was flagged
    client.force_login(cast.safeguarding)
    html = client.get(f"/artwork/{banner.slug}/safeguarding/").content.decode()
    assert "Withdrawn by the person who sent it" in html and "help me please" in html


def test_withdraw_from_the_phone_page_without_javascript_asks_first(client, banner, moderator):
    response = client.post(f"/artwork/{banner.slug}/", {"colour": BURGUNDY, "message": "Ten years"})
    mark = Contribution.objects.get()
    services.moderate(contribution=mark, by=moderator, status=Status.APPROVED)
    page = client.get(response["Location"]).content.decode()
    withdraw_url = f"/artwork/{banner.slug}/withdraw/{mark.pk}/"
    assert f'href="{withdraw_url}"' in page and "Withdraw my mark" in page

    confirm = client.get(withdraw_url).content.decode()
    assert "leaves the banner and the big screen for good" in confirm
    assert Contribution.objects.get().status == Status.APPROVED  # asking is not doing

    done = client.post(withdraw_url, follow=True).content.decode()
    assert "You took this mark back: it is off the wall, and no one can put it back." in done
    assert Contribution.objects.get().status == Status.WITHDRAWN


def test_withdraw_page_of_another_phones_mark_is_404(client, banner):
    mark = send(banner, "phone-1", message="Mine")
    client.cookies[DEVICE_COOKIE] = "phone-2"
    assert client.get(f"/artwork/{banner.slug}/withdraw/{mark.pk}/").status_code == 404
    assert client.post(f"/artwork/{banner.slug}/withdraw/{mark.pk}/").status_code == 404
    assert client.get(f"/artwork/{banner.slug}/withdraw/99999999999999999999999/").status_code == 404
    del client.cookies[DEVICE_COOKIE]
    assert client.post(f"/artwork/{banner.slug}/withdraw/{mark.pk}/").status_code == 404
    assert Contribution.objects.get().status == Status.PENDING


def test_the_api_sets_the_device_cookie_so_the_page_can_withdraw(client, banner):
    response = client.post(
        f"/api/artwork/{banner.slug}/contributions",
        {"colour": BURGUNDY, "message": "Hi"},
        content_type="application/json",
        headers={"X-Device-Token": "js-phone"},
    )
    assert response.cookies[DEVICE_COOKIE].value == "js-phone" and response.cookies[DEVICE_COOKIE]["httponly"]
    pk = response.json()["id"]
    assert client.post(f"/artwork/{banner.slug}/withdraw/{pk}/").status_code == 302
    assert Contribution.objects.get(pk=pk).status == Status.WITHDRAWN


# ---- A muted phone stays muted with a new device token ----------------------------------------------


def test_a_muted_phone_with_a_new_device_token_gets_the_muted_answer(banner, moderator):
    spam = send(banner, "phone-1", address="10.0.0.9", message="spam")
    services.mute_device(contribution=spam, by=moderator, now=NOW + timedelta(seconds=5))
    assert MutedDevice.objects.get().address == spam.address

    with pytest.raises(ValidationError) as same:
        send(banner, "phone-1", address="10.0.0.9", now=NOW + timedelta(minutes=5))
    with pytest.raises(ValidationError) as new_token:
        send(banner, "a-brand-new-token", address="10.0.0.9", now=NOW + timedelta(minutes=5))
    assert same.value.message_dict == new_token.value.message_dict == MUTED


def test_a_mute_spares_phones_that_had_sent_from_the_same_network_before(banner, moderator):
    neighbour = send(banner, "neighbour", address="10.0.0.9", x=5, y=0)
    spam = send(banner, "phone-1", address="10.0.0.9", message="spam", now=NOW + timedelta(seconds=1))
    services.mute_device(contribution=spam, by=moderator, now=NOW + timedelta(seconds=5))
    assert send(banner, "neighbour", address="10.0.0.9", now=NOW + timedelta(minutes=2)).pk != neighbour.pk
    assert send(banner, "elsewhere", address="10.0.0.10", now=NOW + timedelta(minutes=2)).pk  # other network

    services.mute_device(contribution=spam, by=moderator, muted=False)  # unmuting lifts both
    assert send(banner, "a-brand-new-token", address="10.0.0.9", now=NOW + timedelta(minutes=3)).pk


def test_mute_from_the_console_says_new_phones_on_its_network_are_refused(client, banner, moderator):
    spam = send(banner, "phone-1", address="10.0.0.9", message="spam")
    client.force_login(moderator)
    response = client.post(
        f"/artwork/{banner.slug}/moderate/step/", {"action": "mute", "contribution": spam.pk}, follow=True
    )
    html = response.content.decode()
    assert "is muted, and so are new phones on its network" in html
    assert "Muting a phone also refuses new phones on its network address" in html
