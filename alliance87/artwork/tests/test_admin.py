"""The secretariat's admin for the artwork: banners with their zones; contributions and the log read-only."""

import pytest
from django.urls import reverse

from alliance87.artwork import screening, services
from alliance87.artwork.models import BlockedTerm, Contribution

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")


def test_admin_banner_page_shows_zones_design_and_links(secretariat_client, banner):
    banner.zones.create(name="Africa", kind="region", x=0, y=0, width=4, height=2)
    response = secretariat_client.get(reverse("admin:artwork_banner_change", args=[banner.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Africa" in html and "Zones" in html
    assert '<path fill="#a21942" d="M' in html  # the letters, drawn from the mask
    assert f'href="/artwork/{banner.slug}/moderate/"' in html and f'href="/artwork/{banner.slug}/poster.pdf"' in html


def test_admin_contributions_are_listed_by_status_and_read_only(secretariat_client, banner):
    contribution = services.contribute(banner=banner, device_token="p1", colour="#A21942", message="Hello").contribution
    changelist = reverse("admin:artwork_contribution_changelist")
    html = secretariat_client.get(changelist, {"status__exact": "pending"}).content.decode()
    assert "Hello" in html
    assert "Hello" not in secretariat_client.get(changelist, {"status__exact": "approved"}).content.decode()
    assert secretariat_client.get(reverse("admin:artwork_contribution_add")).status_code == 403
    page = secretariat_client.get(reverse("admin:artwork_contribution_change", args=[contribution.pk]))
    assert page.status_code == 200 and 'name="message"' not in page.content.decode()
    assert contribution.device not in page.content.decode()  # the device hash is not shown
    response = secretariat_client.post(
        reverse("admin:artwork_contribution_delete", args=[contribution.pk]), {"post": "yes"}
    )
    assert response.status_code == 403 and Contribution.objects.filter(pk=contribution.pk).exists()


def test_admin_log_is_read_only(secretariat_client, banner):
    services.contribute(banner=banner, device_token="p1", colour="#A21942")
    html = secretariat_client.get(reverse("admin:artwork_logentry_changelist")).content.decode()
    assert "Contributed" in html and "Approved" in html
    assert secretariat_client.get(reverse("admin:artwork_logentry_add")).status_code == 403


def test_admin_blocklist_term_is_normalised_and_applies_at_once(secretariat_client, banner):
    response = secretariat_client.post(
        reverse("admin:artwork_blockedterm_add"), {"language": "en", "term": "  Silly   Word "}
    )
    assert response.status_code == 302
    assert BlockedTerm.objects.filter(language="en", term="silly word").exists()
    assert screening.blocklist_hits("what a SILLY word") == ["silly word (en)"]


def test_admin_is_closed_to_moderators(client, moderator, banner):
    client.force_login(moderator)
    response = client.get(reverse("admin:artwork_banner_changelist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
