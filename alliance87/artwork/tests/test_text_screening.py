"""Every piece of text a contributor gives is screened and moderated: colour-only means no text at all."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alliance87.artwork import screening, services
from alliance87.artwork.models import BlockedTerm, Contribution, LogEntry
from alliance87.artwork.vocab import Status

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

BURGUNDY = "#A21942"


def send(banner, token, **fields):
    fields.setdefault("colour", BURGUNDY)
    return services.contribute(banner=banner, device_token=token, **fields).contribution


def test_first_name_only_waits_for_a_moderator_and_stays_off_every_public_view(client, banner, moderator):
    contribution = send(banner, "p1", first_name="Any text at all, 40 characters of it")

    assert contribution.status == Status.PENDING
    assert list(LogEntry.objects.filter(banner=banner).values_list("kind", flat=True)) == ["contributed"]
    snapshot = client.get(f"/artwork/{banner.slug}/snapshot.json").json()
    assert snapshot["contributions"] == []
    log = client.get(f"/artwork/{banner.slug}/log.json").content.decode()
    assert "Any text at all" not in log
    wall = client.get(f"/artwork/{banner.slug}/wall/").content.decode()
    assert "Any text at all" not in wall
    client.force_login(moderator)
    console = client.get(f"/artwork/{banner.slug}/moderate/").content.decode()
    assert "Any text at all, 40 characters of it" in console  # in the moderators' queue


def test_first_name_only_reads_as_waiting_to_the_phone_that_sent_it(client, banner):
    response = client.post(
        "/api/artwork/ten-years/contributions",
        {"colour": BURGUNDY, "first_name": "Amina"},
        content_type="application/json",
        headers={"X-Device-Token": "phone-1"},
    )
    assert response.status_code == 201 and response.json()["status"] == "pending"
    answer = client.get(
        f"/api/artwork/ten-years/contributions/{response.json()['id']}", headers={"X-Device-Token": "phone-1"}
    ).json()
    assert (answer["status"], answer["colour_only"]) == ("pending", False)


def test_colour_with_country_and_kind_of_organisation_is_still_placed_at_once(banner):
    contribution = send(banner, "p1", country="KE", organisation_kind="workers")
    assert contribution.status == Status.APPROVED


def test_kind_of_organisation_and_country_take_only_their_choices(banner):
    with pytest.raises(ValidationError) as error:
        send(banner, "p1", organisation_kind="Call me on +212 600")
    assert "organisation_kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        send(banner, "p2", country="Free text here")
    assert "country" in error.value.message_dict
    assert not Contribution.objects.exists()


def test_disclosure_in_the_first_name_goes_to_safeguarding(banner, moderator):
    contribution = send(banner, "p1", first_name="help me")
    assert contribution.status == Status.SAFEGUARDING and contribution.possible_disclosure
    with pytest.raises(PermissionDenied):  # the safeguarding focal point's to decide, as for a message
        services.moderate(contribution=contribution, by=moderator, status=Status.APPROVED)


def test_phrases_are_not_made_across_two_fields(banner):
    contribution = send(banner, "p1", first_name="Help", message="me and my friends say hello")
    assert contribution.status == Status.PENDING and not contribution.possible_disclosure


def test_blocklist_reads_the_first_name_and_the_message(banner):
    BlockedTerm.objects.create(language="en", term="silly")
    screening.blocklist_changed()
    assert send(banner, "p1", first_name="Silly").blocklist_hits == ["silly (en)"]
    assert send(banner, "p2", message="so silly", x=5, y=0).blocklist_hits == ["silly (en)"]
    both = send(banner, "p3", message="silly", first_name="silly", x=6, y=0)
    assert both.blocklist_hits == ["silly (en)"]  # once, whichever field it was in


def test_the_wall_shows_the_first_name_once_a_moderator_approved_it(client, banner, moderator):
    contribution = send(banner, "p1", first_name="Amina")
    services.moderate(contribution=contribution, by=moderator, status=Status.APPROVED)
    snapshot = client.get(f"/artwork/{banner.slug}/snapshot.json").json()
    assert [c["first_name"] for c in snapshot["contributions"]] == ["Amina"]
    assert "Amina" in json.dumps(client.get(f"/artwork/{banner.slug}/log.json").json())
