"""The safeguarding pages (the cue and help-line editors), the help on the phone page, the programme link on
the banner's pages, and the consoles on /me/ (issue 13)."""

import re

import pytest
from django.core import mail

from alliance87.artwork import services
from alliance87.artwork.models import DisclosureCue, HelpLine
from alliance87.artwork.vocab import Status
from alliance87.events.models import Event
from alliance87.events.vocab import EventStatus

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

CUES = "/artwork/safeguarding/cues/"
LINES = "/artwork/safeguarding/help-lines/"
STAFF = "Tell a member of staff at the venue"


def send(banner, token, **fields):
    fields.setdefault("colour", "#A21942")
    return services.contribute(banner=banner, device_token=token, **fields).contribution


# --- The cue editor -----------------------------------------------------------------------------------------


def test_the_focal_point_adds_edits_and_sets_aside_a_cue_from_the_page(client, cast, banner):
    client.force_login(cast.safeguarding)
    page = client.get(f"{CUES}?language=fr").content.decode()
    assert "Cues in French" in page and "pris mon passeport" in page
    response = client.post(
        f"{CUES}?language=fr", {"language": "fr", "phrase": "Ils gardent mon salaire", "kind": "other"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?language=fr")
    cue = DisclosureCue.objects.get(phrase="ils gardent mon salaire")
    assert send(banner, "p1", message="Ils gardent mon salaire!").status == Status.SAFEGUARDING

    edit = f"{CUES}{cue.pk}/"
    assert 'value="ils gardent mon salaire"' in client.get(edit).content.decode()
    response = client.post(edit, {"language": "fr", "phrase": "elle garde mon salaire", "kind": "other"})
    assert response.status_code == 302
    cue.refresh_from_db()
    assert cue.phrase == "elle garde mon salaire"

    response = client.post(f"{CUES}?language=fr", {"deactivate": str(cue.pk)})
    assert response.status_code == 302
    cue.refresh_from_db()
    assert not cue.active
    page = client.get(response["Location"]).content.decode()
    assert "is no longer in use" in page and "Use again" in page
    client.post(f"{CUES}?language=fr", {"activate": str(cue.pk)})
    cue.refresh_from_db()
    assert cue.active


def test_a_refused_cue_is_said_beside_its_field(client, cast):
    client.force_login(cast.safeguarding)
    response = client.post(CUES, {"language": "en", "phrase": "cannot leave", "kind": "not_free_to_leave"})
    assert response.status_code == 200
    assert "already on the English list" in response.content.decode()


def test_the_secretariat_keeps_the_cues_too(secretariat_client):
    assert secretariat_client.get(CUES).status_code == 200
    assert secretariat_client.get(LINES).status_code == 200


@pytest.mark.parametrize("path", [CUES, LINES])
def test_others_may_not_open_the_safeguarding_editors(client, cast, moderator, path):
    assert client.get(path).status_code == 302  # to sign in
    for user in (moderator, cast.outsider, cast.partner_editor):
        client.force_login(user)
        assert client.get(path).status_code == 403
        assert (
            client.post(path, {"language": "en", "phrase": "new words", "kind": "other", "name": "X"}).status_code
            == 403
        )
    assert not DisclosureCue.objects.filter(phrase="new words").exists() and not HelpLine.objects.exists()


# --- The help-line editor and the phone page ----------------------------------------------------------------


def test_the_phone_page_reads_well_without_any_help_line(client, banner):
    page = client.get(f"/artwork/{banner.slug}/").content.decode()
    assert "Need help?" in page and STAFF.lower() in page.lower()
    assert "help lines" not in page.lower()


def test_the_focal_point_adds_a_help_line_and_the_phone_page_shows_it_for_its_country(client, cast, banner):
    client.force_login(cast.safeguarding)
    page = client.get(LINES).content.decode()
    assert "No help line yet" in page
    response = client.post(
        LINES,
        {"country": "KE", "name": "Example line for Kenya", "phone": "+000 000 000", "hours": "Every day"},
    )
    assert response.status_code == 302
    client.post(LINES, {"country": "", "name": "Example line for everyone", "web_address": "https://example.org/help"})
    kenya = HelpLine.objects.get(country="KE")
    client.logout()

    from alliance87.artwork.device import DEVICE_COOKIE

    # A contributor who gave Kenya sees Kenya's line, then the line for everyone.
    client.post(f"/artwork/{banner.slug}/", {"colour": "#A21942", "country": "KE"})
    sent = banner.contributions.get()
    assert client.cookies.get(DEVICE_COOKIE)
    page = client.get(f"/artwork/{banner.slug}/?sent={sent.pk}").content.decode()
    help_part = page[page.index('id="help"') :]
    assert help_part.index("Example line for Kenya") < help_part.index("Example line for everyone")
    assert 'href="tel:+000000000"' in help_part and "for Kenya, then for everyone" in help_part
    assert STAFF.lower() in help_part.lower()
    # Someone who gave no country sees the line for everyone only.
    page = client.get(f"/artwork/{banner.slug}/").content.decode()
    assert "Example line for everyone" in page and "Example line for Kenya" not in page

    # Taken off the phone page, at once (the cache follows).
    client.force_login(cast.safeguarding)
    client.post(LINES, {"deactivate": str(kenya.pk)})
    client.post(f"{LINES}{kenya.pk}/", {"country": "", "name": "Renamed", "phone": "+000 1"})
    kenya.refresh_from_db()
    assert kenya.name == "Renamed" and not kenya.active
    client.logout()
    page = client.get(f"/artwork/{banner.slug}/").content.decode()
    assert "Renamed" not in page and "Example line for Kenya" not in page


def test_a_help_line_without_phone_or_address_is_refused_beside_the_field(client, cast):
    client.force_login(cast.safeguarding)
    response = client.post(LINES, {"name": "Nothing"})
    assert response.status_code == 200 and "Give a phone number, a web address, or both." in response.content.decode()
    assert not HelpLine.objects.exists()


# --- The safeguarding queue links its pages; the console's one key ------------------------------------------


def test_the_safeguarding_queue_links_the_cues_and_the_help_lines(client, cast, banner):
    send(banner, "p1", message="help me")
    client.force_login(cast.safeguarding)
    page = client.get(f"/artwork/{banner.slug}/safeguarding/").content.decode()
    assert f'href="{CUES}"' in page and f'href="{LINES}"' in page
    assert re.search(r"1 waiting", page)


def test_a_moderator_sends_a_queue_item_to_safeguarding_with_the_key_s_or_its_button(client, moderator, banner):
    contribution = send(banner, "p1", message="Something odd")
    client.force_login(moderator)
    page = client.get(f"/artwork/{banner.slug}/moderate/").content.decode()
    assert f'value="safeguarding" id="aw-queue-safeguarding-{contribution.pk}"' in page
    assert 'aria-keyshortcuts="S" data-key="s"' in page
    assert "<kbd>S</kbd></dt><dd>Send it to the safeguarding focal point" in page
    response = client.post(
        f"/artwork/{banner.slug}/moderate/step/", {"action": "safeguarding", "contribution": contribution.pk}
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == Status.SAFEGUARDING


# --- The banner links its programme ---------------------------------------------------------------------


@pytest.mark.parametrize("page", ["", "wall/", "launch/"])
def test_the_banner_pages_link_the_programme_once_the_event_is_published(client, banner, page):
    programme = f'href="/events/{banner.event.slug}/"'
    assert programme not in client.get(f"/artwork/{banner.slug}/{page}").content.decode()  # a draft event
    Event.objects.filter(pk=banner.event_id).update(status=EventStatus.PUBLISHED)
    assert programme in client.get(f"/artwork/{banner.slug}/{page}").content.decode()
    assert f'href="/fr/events/{banner.event.slug}/"' in client.get(f"/fr/artwork/{banner.slug}/{page}").content.decode()


# --- /me/ ----------------------------------------------------------------------------------------------------


def test_me_shows_the_focal_point_the_urgent_queue_with_its_count_first(client, cast, banner):
    from alliance87.artwork.consoles import consoles_for

    send(banner, "p1", message="They took my passport")
    send(banner, "p2", message="I cannot leave")
    client.force_login(cast.safeguarding)
    page = client.get("/me/").content.decode()
    first = page.index("console-urgent")
    assert page.index(f'href="/artwork/{banner.slug}/safeguarding/"') > first
    assert "2 possible disclosures wait for you" in page
    assert f'href="{CUES}"' in page
    found = consoles_for(cast.safeguarding)
    assert found[0].urgent and found[0].waiting == 2


def test_me_shows_the_moderator_the_console_with_its_count_and_no_safeguarding(client, moderator, banner):
    send(banner, "p1", message="Hello")
    send(banner, "p2", message="help me")
    client.force_login(moderator)
    page = client.get("/me/").content.decode()
    assert f'href="/artwork/{banner.slug}/moderate/"' in page and "1 contribution to moderate" in page
    assert "/safeguarding/" not in page and mail.outbox == []
