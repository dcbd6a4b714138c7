"""The master print "as it was at" ``?at=``: any value gets a valid print or a 400 naming ``at`` and its format,
never a server error. Run on both databases (``DATABASE_URL=postgres://…``): each stores far dates its own way."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from alliance87.artwork import services
from alliance87.artwork.vocab import Status

from .conftest import NOW

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

AT_ERROR = (
    "“at” must be a date and time in ISO 8601 between the years 1 and 9999, for example 2026-02-11T16:30:00+01:00."
)

REFUSED = [
    "0001-01-01T00:00:00+14:00",  # before the year 1 in UTC
    "9999-12-31T23:59:59-14:00",  # after the year 9999 in UTC
    "2026-02-30T10:00:00",  # well formed, no such day
    "2026-02-11T24:30:00",
    "2026-02-11T16:30:00+25:00",  # no such offset
    "99999999999999999999",
    "garbage",
    "-2026-02-11T16:30:00",
]
PRINTED = [
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59",
    "2000-01-01T00:00:00+01:00",  # before the banner opened: the banner empty
    "2026-02-11T15:59:59.123456789",  # nanoseconds: read to the microsecond
]


@pytest.fixture
def signed_in(client, moderator, banner):
    """A moderator, and a banner small enough (60 × 30 cm) for its PNG and PDF to be quick."""
    banner.width_cm, banner.height_cm = 60, 30
    banner.save()
    contribution = services.contribute(banner=banner, device_token="p1", colour="#A21942", message="Hi", now=NOW)
    services.moderate(contribution=contribution.contribution, by=moderator, status=Status.APPROVED, now=NOW)
    client.force_login(moderator)
    return client


def url(banner, kind="svg"):
    return reverse(f"artwork:print_{kind}", args=[banner.slug])


@pytest.mark.parametrize("at", REFUSED)
def test_print_at_out_of_range_or_unreadable_is_400_naming_at(signed_in, banner, at):
    response = signed_in.get(url(banner), {"at": at})
    assert response.status_code == 400
    assert response.content.decode() == AT_ERROR


@pytest.mark.parametrize("at", PRINTED)
def test_print_at_a_far_but_valid_time_is_a_print(signed_in, banner, at):
    response = signed_in.get(url(banner), {"at": at})
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    shows_the_mark = "Hi" in response.content.decode()
    assert shows_the_mark == at.startswith("9999")  # approved in 2026: after it, not before


def test_print_at_the_year_1_names_its_file_with_four_digits(signed_in, banner):
    response = signed_in.get(url(banner), {"at": "0001-01-01T00:00:00Z"})
    assert response["Content-Disposition"] == 'attachment; filename="ten-years-banner-00010101-0000.svg"'


@pytest.mark.parametrize("kind", ["pdf", "png"])
def test_print_pdf_and_png_at_boundary_times(signed_in, banner, kind):
    for at in ("0001-01-01T00:00:00", "9999-12-31T23:59:59"):
        response = signed_in.get(url(banner, kind), {"at": at})
        assert response.status_code == 200, at
    for at in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        response = signed_in.get(url(banner, kind), {"at": at})
        assert (response.status_code, response.content.decode()) == (400, AT_ERROR)
    if kind == "pdf":
        response = signed_in.get(url(banner, kind), {"at": "9999-12-31T23:59:59"})
        footer = " ".join(PdfReader(io.BytesIO(response.content)).pages[1].extract_text().split())
        assert "31 December 9999, 23:59 UTC" in footer
