"""The artwork API: a phone adds its mark with its device token, and asks how it is doing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alliance87.artwork import services
from alliance87.artwork.models import Contribution, LogEntry
from alliance87.artwork.vocab import Status

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

BURGUNDY = "#A21942"


def post(client, banner, body, token="phone-1", slug=None, **extra):
    return client.post(
        f"/api/artwork/{slug or banner.slug}/contributions",
        data=body,
        content_type="application/json",
        headers={"X-Device-Token": token} if token else {},
        **extra,
    )


def status_of(client, banner, pk, token="phone-1"):
    return client.get(f"/api/artwork/{banner.slug}/contributions/{pk}", headers={"X-Device-Token": token})


def test_api_colour_only_is_placed_at_once_201(client, banner):
    response = post(client, banner, {"colour": "#a21942", "x": 3, "y": 1})
    assert response.status_code == 201
    body = response.json()
    contribution = Contribution.objects.get()
    assert body == {"id": contribution.pk, "status": "approved", "seq": 2, "x": 3, "y": 1}
    assert contribution.colour == BURGUNDY and contribution.status == Status.APPROVED


def test_api_message_waits_and_the_phone_follows_it(client, banner, moderator):
    response = post(client, banner, {"colour": BURGUNDY, "message": "Ten years together", "drawing": [[[0.1, 0.2]]]})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending" and body["seq"] == 1
    answer = status_of(client, banner, body["id"]).json()
    assert answer == {"id": body["id"], "status": "pending", "x": body["x"], "y": body["y"], "colour_only": False}
    services.moderate(contribution=Contribution.objects.get(pk=body["id"]), by=moderator, status=Status.APPROVED)
    assert status_of(client, banner, body["id"]).json()["status"] == "approved"


def test_api_status_is_only_for_the_phone_that_sent_it(client, banner):
    pk = post(client, banner, {"colour": BURGUNDY}).json()["id"]
    assert status_of(client, banner, pk, token="someone-else").status_code == 404
    assert client.get(f"/api/artwork/{banner.slug}/contributions/{pk}").status_code == 404


def test_api_a_possible_disclosure_reads_as_pending_to_the_phone(client, banner):
    body = post(client, banner, {"colour": BURGUNDY, "message": "help me please"}).json()
    assert Contribution.objects.get(pk=body["id"]).status == Status.SAFEGUARDING
    assert body["status"] == "pending"
    assert status_of(client, banner, body["id"]).json()["status"] == "pending"


def test_api_refusals_are_422_naming_the_field(client, banner):
    post(client, banner, {"colour": BURGUNDY, "x": 0, "y": 0})
    cases = [
        ({"colour": "#123456"}, "colour", "Pick a colour from the banner's palette."),
        (
            {"colour": BURGUNDY, "x": 0, "y": 0},
            "cell",
            "This cell is already taken; pick another, or let us choose one.",
        ),
        ({"colour": BURGUNDY, "message": "x" * 81}, "message", "The message is 81 characters long; at most 80 fit."),
        (
            {"colour": BURGUNDY, "drawing": "<svg onload=alert(1)>"},
            "drawing",
            "The drawing could not be read: send strokes of points between 0 and 1.",
        ),
    ]
    for n, (body, field, message) in enumerate(cases):
        response = post(client, banner, body, token=f"phone-{n + 2}")
        assert response.status_code == 422, body
        assert response.json() == {"detail": [{"loc": ["body", field], "msg": message}]}
    response = post(client, banner, {"colour": BURGUNDY}, token="")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["header", "X-Device-Token"], "msg": "This phone has no valid device token; reload the page."}
    ]
    assert Contribution.objects.count() == 1


def test_api_cooldown_is_429_with_retry_after_and_the_exact_message(client, banner):
    services.contribute(
        banner=banner, device_token="phone-1", colour=BURGUNDY, now=timezone.now() - timedelta(seconds=15)
    )
    response = post(client, banner, {"colour": BURGUNDY})
    assert response.status_code == 429
    assert response["Retry-After"] == "45"
    assert response.json() == {"detail": "Thank you! You can add another mark in 45 seconds.", "retry_after": 45}
    assert post(client, banner, {"colour": BURGUNDY}, token="phone-2").status_code == 201


def test_api_address_ceiling_uses_remote_addr(client, banner):
    banner.address_limit_per_minute = 1
    banner.save()
    assert post(client, banner, {"colour": BURGUNDY}, token="a", REMOTE_ADDR="192.0.2.1").status_code == 201
    response = post(client, banner, {"colour": BURGUNDY}, token="b", REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Many marks come from this network just now; try again in")
    assert post(client, banner, {"colour": BURGUNDY}, token="c", REMOTE_ADDR="192.0.2.2").status_code == 201


def test_api_unknown_banner_is_404(client, banner):
    response = post(client, banner, {"colour": BURGUNDY}, slug="no-such-banner")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_api_muted_phone_and_closed_banner_get_their_messages(client, banner, moderator):
    first = post(client, banner, {"colour": BURGUNDY, "message": "Hello"}).json()
    services.mute_device(contribution=Contribution.objects.get(pk=first["id"]), by=moderator)
    banner.cooldown_seconds = 0
    banner.save()
    response = post(client, banner, {"colour": BURGUNDY})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["header", "X-Device-Token"], "msg": "Contributions from this phone are paused by the moderators."}
    ]
    banner.closes_at = timezone.now() - timedelta(minutes=1)
    banner.save()
    response = post(client, banner, {"colour": BURGUNDY}, token="another-phone")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "banner"], "msg": "This banner is closed: it is not taking contributions now."}
    ]
    assert LogEntry.objects.filter(banner=banner, kind="contributed").count() == 1


def test_api_script_in_a_message_is_stored_as_text(client, banner):
    body = post(client, banner, {"colour": BURGUNDY, "message": "<script>alert(1)</script>"}).json()
    assert Contribution.objects.get(pk=body["id"]).message == "<script>alert(1)</script>"
