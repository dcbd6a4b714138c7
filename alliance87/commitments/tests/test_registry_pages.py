"""A commitment's page (who sees it, what it shows, its queries flat) and the section on the organisation,
country, Action Group and thematic priority pages (``{% commitments_of obj %}``)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alliance87.commitments.models import Commitment, Light, ProgressUpdate, UpdateEvidence, Visibility

from .making import commitment, deliverable


def page(c) -> str:
    return f"/commitments/{c.pk}/"


def test_a_published_commitment_shows_everything(client, cast, published, priority):
    a = cast.alliance
    published.countries.set([a.kenya])
    published.action_groups.set([a.agriculture])
    Commitment.objects.filter(pk=published.pk).update(light=Light.GREEN, language="fr")
    update = ProgressUpdate.objects.create(
        commitment=published,
        deliverable=published.deliverables.first(),
        progress="on_track",
        value=40,
        text="Quarante inspecteurs formés.",
        language="fr",
    )
    UpdateEvidence.objects.create(update=update, url="https://example.org/rapport", title="Rapport (example)")
    html = client.get(page(published)).content.decode()
    assert 'lang="fr"' in html
    assert "Free the Slaves" in html
    assert priority.get_absolute_url() in html
    assert "Kenya" in html and "Agriculture" in html
    assert "Inspectors trained" in html and "200" in html
    assert "Quarante inspecteurs formés." in html and "https://example.org/rapport" in html
    assert "Reported within the year" in html
    assert "Programme officer (example)" in html
    assert published.focal_point_email not in html or not published.focal_point_email


def test_only_confirmed_co_implementers_show(client, cast):
    a = cast.alliance
    c = commitment(lead=a.free_the_slaves, co_implementers=[a.nestle, (a.fao, False)])
    html = client.get(page(c)).content.decode()
    assert "Nestlé" in html or "Nestle" in html
    assert a.fao.get_absolute_url() not in html


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested"])
def test_unpublished_ones_are_404_to_the_public_and_others(client, cast, status):
    c = commitment(lead=cast.alliance.free_the_slaves, status=status)
    assert client.get(page(c)).status_code == 404
    client.force_login(cast.focal_point)
    assert client.get(page(c)).status_code == 404


def test_makers_and_the_secretariat_see_a_draft(client, secretariat_client, cast, draft):
    assert secretariat_client.get(page(draft)).status_code == 200
    client.force_login(cast.partner_editor)
    response = client.get(page(draft))
    assert response.status_code == 200
    assert "/edit/" in response.content.decode()


def test_partners_only_ones(client, cast):
    c = commitment(lead=cast.alliance.fao, visibility=Visibility.PARTNERS)
    assert client.get(page(c)).status_code == 404
    client.force_login(cast.focal_point)
    assert client.get(page(c)).status_code == 200


def test_an_unknown_number_is_404(client, alliance):
    assert client.get("/commitments/999999/").status_code == 404


def test_the_page_has_the_experiences_hook(published):
    from pathlib import Path

    template = Path(__file__).parents[1] / "templates" / "commitments" / "registry" / "commitment.html"
    assert "{% experiences_of commitment %}" in template.read_text()


def _page_queries(client, c) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page(c)).status_code == 200
    return len(queries)


def test_a_commitments_page_queries_do_not_grow(client, cast, priority):
    a = cast.alliance
    c = commitment(lead=a.free_the_slaves, priorities=[priority], countries=[a.kenya], co_implementers=[a.nestle])
    ProgressUpdate.objects.create(commitment=c, progress="on_track", text="One.")
    one = _page_queries(client, c)
    for n in range(2):
        deliverable(c, title=f"More {n}")
        update = ProgressUpdate.objects.create(commitment=c, progress="on_track", text=f"Update {n}.")
        UpdateEvidence.objects.create(update=update, url="https://example.org/x", title="x")
    c.countries.add(a.mexico)
    c.co_implementers.create(organisation=a.ilo, confirmed_at=timezone.now())
    assert _page_queries(client, c) == one


# ---- On other pages -------------------------------------------------------------------------------------


@pytest.fixture
def around(cast, priority):
    a = cast.alliance
    return [
        commitment(lead=a.free_the_slaves, title="Led by FTS (example)", priorities=[priority], light=Light.GREEN),
        commitment(lead=a.nestle, title="With FTS (example)", co_implementers=[a.free_the_slaves]),
        commitment(lead=a.ilo, title="Unconfirmed FTS (example)", co_implementers=[(a.free_the_slaves, False)]),
        commitment(lead=a.kenya, title="Kenya's own (example)", priorities=[priority]),
        commitment(lead=a.ilo, title="In Kenya (example)", countries=[a.kenya]),
        commitment(lead=a.agriculture, title="Agriculture's (example)"),
        commitment(lead=a.fao, title="Naming agriculture (example)", action_groups=[a.agriculture]),
        commitment(lead=a.kenya, title="Kenya draft (example)", status="draft", countries=[a.kenya]),
    ]


def test_on_an_organisation_page(client, cast, around):
    html = client.get(cast.alliance.free_the_slaves.get_absolute_url()).content.decode()
    assert "Led by FTS (example)" in html and "With FTS (example)" in html
    assert "Unconfirmed FTS" not in html
    assert "/commitments/?organisation=free-the-slaves" in html


def test_on_a_country_page(client, cast, around):
    html = client.get(cast.alliance.kenya.get_absolute_url()).content.decode()
    assert "Kenya&#x27;s own (example)" in html and "In Kenya (example)" in html
    assert "Kenya draft" not in html
    assert "/commitments/?country=KE" in html


def test_on_an_action_group_page(client, cast, around):
    html = client.get(cast.alliance.agriculture.get_absolute_url()).content.decode()
    assert "Agriculture&#x27;s (example)" in html and "Naming agriculture (example)" in html


def test_on_a_priority_page(client, cast, around, priority):
    html = client.get(priority.get_absolute_url()).content.decode()
    assert "Led by FTS (example)" in html and "Kenya&#x27;s own (example)" in html
    assert "2 commitments serve this priority, 1 on track" in html
    assert "0 of 1 deliverable achieved" in html
    assert f"/commitments/?priority={priority.slug}" in html


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_section_queries_do_not_grow(client, cast, priority):
    a = cast.alliance
    commitment(lead=a.free_the_slaves, priorities=[priority], co_implementers=[a.nestle])
    one = _queries(client, priority.get_absolute_url())
    for _n in range(2):
        commitment(lead=a.kenya, priorities=[priority], countries=[a.kenya, a.mexico], co_implementers=[a.nestle])
    assert _queries(client, priority.get_absolute_url()) == one
