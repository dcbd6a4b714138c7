"""The phone page: the banner as a grid, the palette, the form that works without JavaScript."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from alliance87.artwork import services
from alliance87.artwork.models import Contribution
from alliance87.artwork.views.phone import DEVICE_COOKIE

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

BURGUNDY = "#A21942"


def url(banner, rest=""):
    return f"/artwork/{banner.slug}/{rest}"


def test_phone_page_shows_the_grid_and_the_palette(client, banner):
    services.contribute(banner=banner, device_token="p1", colour="#4C9F38", x=2, y=1)
    response = client.get(url(banner))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg class="aw-grid" viewBox="0 0 12 4"' in html
    assert '<path fill="#4C9F38" d="M2 1h1v1h-1z"/>' in html  # the placed colour, in its cell
    assert "1 mark placed · 47 cells free" in html
    for name, hex_ in (("SDG 8 burgundy", BURGUNDY), ("Sky blue", "#26BDE2"), ("Navy", "#19486A")):
        assert re.search(rf'<input type="radio" name="colour" id="aw-colour-\d+" value="{hex_}"', html)
        assert f"<span>{name}</span>" in html
    assert html.count('name="colour"') == 8 and html.count(" checked>") == 1  # one colour chosen for them
    assert 'dir="auto"' in html and "Up to 80 characters, in any language." in html
    assert "You are anonymous unless you say more here." in html
    assert ">Send</button>" in html


def test_phone_page_post_without_javascript_creates_it_and_shows_it_pending(client, banner):
    response = client.post(
        url(banner),
        {"colour": BURGUNDY, "column": "3", "row": "2", "message": "Dix ans ensemble", "first_name": "Amina"},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.x, contribution.y, contribution.message) == (2, 1, "Dix ans ensemble")
    assert response["Location"] == f"{url(banner)}?sent={contribution.pk}#sent"
    assert response.cookies[DEVICE_COOKIE]["httponly"]
    html = client.get(response["Location"]).content.decode()
    assert f'data-sent="{contribution.pk}"' in html
    assert "<span data-status-title>Waiting for a moderator</span>" in html
    assert "Column 3, row 2" in html
    assert "You can add another mark in" in html


def test_phone_page_colour_only_says_placed(client, banner):
    response = client.post(url(banner), {"colour": BURGUNDY}, follow=True)
    html = response.content.decode()
    assert "<span data-status-title>Placed</span>" in html
    assert "<p data-status-text>Your colour is on the banner.</p>" in html


def test_phone_page_status_only_for_the_phone_that_sent_it(client, banner):
    client.post(url(banner), {"colour": BURGUNDY, "message": "Hello"})
    pk = Contribution.objects.get().pk
    client.cookies[DEVICE_COOKIE] = "another-phone"
    html = client.get(f"{url(banner)}?sent={pk}").content.decode()
    assert "data-sent=" not in html and "<span data-status-title>Waiting" not in html


def test_phone_page_errors_are_shown_beside_their_fields(client, banner):
    services.contribute(banner=banner, device_token="p1", colour=BURGUNDY, x=0, y=0)
    response = client.post(url(banner), {"colour": "#123456", "column": "1", "row": "1", "message": "x" * 81})
    assert response.status_code == 200
    html = response.content.decode()
    # The service stops at the first problem it meets: the message is read before the colour and the cell.
    assert re.search(r'id="id_message_errors">\s*<li>The message is 81 characters long; at most 80 fit.</li>', html)
    html = client.post(url(banner), {"colour": "#123456"}).content.decode()
    assert re.search(r'id="aw-colour_errors">\s*<li>Pick a colour from the banner&#x27;s palette.</li>', html)
    response = client.post(url(banner), {"colour": BURGUNDY, "column": "1", "row": "1"})
    html = response.content.decode()
    assert "This cell is already taken; pick another, or let us choose one." in html
    assert html.index("This cell is already taken") > html.index('id="aw-cell_errors"')
    response = client.post(url(banner), {"colour": BURGUNDY, "column": "4"})
    assert "Give both the column and the row" in response.content.decode()
    assert Contribution.objects.count() == 1


def test_phone_page_cooldown_is_429_with_the_seconds(client, banner):
    client.post(url(banner), {"colour": BURGUNDY})
    response = client.post(url(banner), {"colour": BURGUNDY})
    assert response.status_code == 429
    assert 50 <= int(response["Retry-After"]) <= 60
    assert "Thank you! You can add another mark in" in response.content.decode()


def test_phone_page_muted_phone_is_told(client, banner, moderator):
    client.post(url(banner), {"colour": BURGUNDY, "message": "Hello"})
    services.mute_device(contribution=Contribution.objects.get(), by=moderator)
    banner.cooldown_seconds = 0
    banner.save()
    html = client.post(url(banner), {"colour": BURGUNDY}).content.decode()
    assert "Contributions from this phone are paused by the moderators." in html


def test_phone_page_closed_banner_says_so_plainly(client, banner):
    banner.closes_at = timezone.now() - timedelta(hours=1)
    banner.save()
    html = client.get(url(banner)).content.decode()
    assert "This banner is closed: it is not taking contributions now." in html
    assert ">Send</button>" not in html
    client.post(url(banner), {"colour": BURGUNDY})
    assert not Contribution.objects.exists()


def test_phone_page_is_in_french_and_spanish(client, banner):
    assert client.get(f"/fr{url(banner)}").status_code == 200
    html = client.get(f"/es{url(banner)}").content.decode()
    assert '<html lang="es" dir="ltr"' in html


def test_phone_page_unknown_banner_is_404(client, banner):
    assert client.get("/artwork/no-such-banner/").status_code == 404


def test_phone_page_is_small(client, banner):
    # A crowded Wi-Fi: the page (with the full 120 × 40 grid) stays small, and loads two scripts (its own and
    # site.js, which remembers the language read in), no image.
    banner.columns, banner.rows = 120, 40
    banner.save()
    html = client.get(url(banner)).content.decode()
    assert len(html.encode()) < 40_000
    assert html.count("<script src=") == 2 and "<img" not in html
