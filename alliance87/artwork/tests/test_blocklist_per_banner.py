"""Blocklists per banner: each banner's moderators keep their banner's list; the shared starter list is the
secretariat's. The right is checked against the list a term is on, whatever banner the request names."""

import pytest
from django.core.exceptions import PermissionDenied

from alliance87.accounts.models import Role
from alliance87.accounts.services import role_grant
from alliance87.artwork import screening, services
from alliance87.artwork.models import Banner, BlockedTerm
from alliance87.testing import make_user

from .conftest import NOW

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

BURGUNDY = "#A21942"
PAGE = "/artwork/blocklist/"


@pytest.fixture
def other_banner(alliance):
    from alliance87.events import services as events

    event = events.event_create(
        by=None, title="Another side event", time_zone="UTC", starts_at=NOW, ends_at=NOW.replace(hour=18)
    )
    return Banner.objects.create(title="Another banner", slug="another", event=event, columns=12, rows=4)


@pytest.fixture
def terms(banner, other_banner):
    """A term on each banner's list and one on the shared list."""
    own = BlockedTerm.objects.create(banner=banner, language="en", term="ours")
    theirs = BlockedTerm.objects.create(banner=other_banner, language="en", term="theirs")
    shared = BlockedTerm.objects.create(banner=None, language="en", term="everyone's")
    for banner_id in (None, banner.pk, other_banner.pk):
        screening.blocklist_changed(banner_id)
    return own, theirs, shared


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_blocklist_moderator_cannot_remove_another_banners_term_even_naming_their_own(moderator_client, banner, terms):
    _own, theirs, _shared = terms
    response = moderator_client.post(PAGE, {"banner": banner.slug, "remove": theirs.pk})
    assert response.status_code == 403
    response = moderator_client.post(f"{PAGE}?banner={banner.slug}", {"remove": theirs.pk})
    assert response.status_code == 403
    assert BlockedTerm.objects.filter(pk=theirs.pk).exists()


def test_blocklist_moderator_cannot_remove_a_shared_term(moderator_client, banner, terms):
    _own, _theirs, shared = terms
    assert moderator_client.post(PAGE, {"banner": banner.slug, "remove": shared.pk}).status_code == 403
    assert moderator_client.post(PAGE, {"remove": shared.pk}).status_code == 403
    assert BlockedTerm.objects.filter(pk=shared.pk).exists()


def test_blocklist_moderator_cannot_add_to_another_banner_or_the_shared_list(
    moderator_client, banner, other_banner, terms
):
    assert moderator_client.post(PAGE, {"banner": other_banner.slug, "language": "en", "term": "x"}).status_code == 403
    assert moderator_client.post(PAGE, {"language": "en", "term": "x"}).status_code == 403
    assert moderator_client.get(f"{PAGE}?banner={other_banner.slug}").status_code == 403
    assert not BlockedTerm.objects.filter(term="x").exists()


def test_blocklist_services_check_the_terms_own_list(banner, other_banner, moderator, terms):
    own, theirs, shared = terms
    for blocked in (theirs, shared):
        with pytest.raises(PermissionDenied):
            services.blocklist_remove(by=moderator, blocked=blocked)
    with pytest.raises(PermissionDenied):
        services.blocklist_add(by=moderator, language="en", term="x", banner=other_banner)
    with pytest.raises(PermissionDenied):
        services.blocklist_add(by=moderator, language="en", term="x", banner=None)
    services.blocklist_remove(by=moderator, blocked=own)
    assert not BlockedTerm.objects.filter(pk=own.pk).exists()


def test_blocklist_moderator_keeps_their_banners_list_and_reads_the_shared_one(moderator_client, banner, terms):
    own, theirs, shared = terms
    html = moderator_client.get(f"{PAGE}?banner={banner.slug}").content.decode()
    banner_part, shared_part = html.split('data-list="shared"')
    assert "ours" in banner_part and f'name="remove" value="{own.pk}"' in banner_part
    assert "everyone&#x27;s" in shared_part and 'name="remove"' not in shared_part  # read-only
    assert "theirs" not in html
    assert "The secretariat keeps it: ask them to add or remove a term." in html

    response = moderator_client.post(PAGE, {"banner": banner.slug, "language": "fr", "term": " Zut "}, follow=True)
    assert "“zut” is on the French list." in response.content.decode()
    assert BlockedTerm.objects.filter(banner=banner, language="fr", term="zut").exists()
    response = moderator_client.post(PAGE, {"banner": banner.slug, "language": "en", "term": "Everyone's"})
    assert "“everyone&#x27;s” is already on the shared English list, which every banner uses." in (
        response.content.decode()
    )


def test_blocklist_secretariat_keeps_the_shared_list(secretariat_client, banner, terms):
    _own, theirs, shared = terms
    response = secretariat_client.post(PAGE, {"language": "es", "term": "basura"}, follow=True)
    assert "“basura” is on the Spanish list." in response.content.decode()
    assert BlockedTerm.objects.filter(banner=None, term="basura").exists()
    assert secretariat_client.post(PAGE, {"remove": shared.pk}).status_code == 302
    assert secretariat_client.post(PAGE, {"banner": banner.slug, "remove": theirs.pk}).status_code == 302
    assert not BlockedTerm.objects.filter(pk__in=[shared.pk, theirs.pk]).exists()


def test_a_banners_term_holds_its_own_contributions_only_the_shared_ones_every_banner(banner, other_banner, terms):
    def hits(on, message, token):
        return services.contribute(
            banner=on, device_token=token, colour=BURGUNDY, message=message, now=NOW
        ).contribution.blocklist_hits

    assert hits(banner, "ours and theirs", "p1") == ["ours (en)"]
    assert hits(other_banner, "ours and theirs", "p2") == ["theirs (en)"]
    assert hits(other_banner, "everyone's", "p3") == ["everyone's (en)"]


def test_the_starter_terms_are_the_shared_list(db):
    assert BlockedTerm.objects.filter(term="merde", language="fr", banner=None).exists()
    assert not BlockedTerm.objects.exclude(banner=None).exists()


def test_blocklist_moderator_of_two_events_keeps_both_lists(client, banner, other_banner, terms):
    both = make_user("both@example.org", Role.MODERATOR, banner.event)
    role_grant(user=both, role=Role.MODERATOR, scope=other_banner.event)
    client.force_login(both)
    _own, theirs, _shared = terms
    assert client.post(PAGE, {"banner": banner.slug, "remove": theirs.pk}).status_code == 302
