"""Public pages show what the data says; list pages cost the same queries for 1 or 3 rows."""

import pytest
from django.core.management import call_command

from alliance87.network import services
from alliance87.network.models import ActionGroup, Country, Membership, Organisation, Person


def text(response) -> str:
    return response.content.decode()


def test_home_counts_come_from_the_data(client, alliance):
    page = text(client.get("/"))
    assert ">20<" in page  # Pathfinder Countries recorded
    assert ">9<" in page  # partners recorded
    Organisation.objects.create(name="Example Partner", slug="example-partner", kind="academia")
    call_command("load_alliance_data", verbosity=0)  # bumps the page cache like any write
    assert ">10<" in text(client.get("/"))


def test_home_shows_stated_figures_with_source(client, alliance):
    page = text(client.get("/"))
    assert "400+" in page and "38" in page
    assert "Source:" in page


def test_directory_search_finds_by_name_and_acronym(client, alliance):
    page = text(client.get("/partners/", {"q": "slaves"}))
    assert "Free the Slaves" in page and "Nestlé" not in page
    page = text(client.get("/partners/", {"q": "IOE"}))
    assert "International Organisation of Employers" in page


def test_directory_filters_by_kind_country_region(client, alliance):
    page = text(client.get("/partners/", {"kind": "workers"}))
    assert "Building and Wood Workers" in page and "International Trade Union Confederation" in page
    assert "Nestlé" not in page
    page = text(client.get("/partners/", {"country": "ke"}))
    assert "Survivors Network Kenya" in page and "Free the Slaves" not in page
    page = text(client.get("/partners/", {"region": "ssa"}))
    assert "Survivors Network Kenya" in page and "Free the Slaves" not in page


def test_directory_hides_non_partners(client, alliance):
    assert "Government of Chile" not in text(client.get("/partners/"))


def test_directory_bad_filter_value_shows_all_rather_than_failing(client, alliance):
    response = client.get("/partners/", {"kind": "<script>", "page": "zzz"})
    assert response.status_code == 200
    assert "Free the Slaves" in text(response)


def test_directory_htmx_request_returns_only_results(client, alliance):
    response = client.get("/partners/", {"q": "nestl"}, headers={"HX-Request": "true"})
    page = text(response)
    assert 'id="results"' in page and "<html" not in page and "Nestlé" in page


def test_directory_paginates(client, alliance, settings):
    settings.DIRECTORY_PAGE_SIZE = 4
    page = text(client.get("/partners/", {"page": 2}))
    assert "Page 2 of 3" in page


def test_people_directory_shows_only_consenting_people(client, cast, alliance):
    assert "Bukeni Waruzi" not in text(client.get("/people/"))
    services.person_record_consent(
        person=Person.objects.get(name="Bukeni Waruzi"), by=cast.secretariat, consent=True, note="By e-mail"
    )
    page = text(client.get("/people/"))
    assert "Bukeni Waruzi" in page and "Parul Mehra" not in page
    assert "Bukeni Waruzi" in text(client.get("/partners/free-the-slaves/"))


def test_action_group_page_shows_lead_and_members(client, alliance):
    page = text(client.get("/action-groups/agriculture/"))
    assert "Food and Agriculture Organization of the United Nations" in page
    assert "The mandate has not been entered yet." in page


def test_action_groups_lists_earlier_groups_as_inactive(client, alliance):
    page = text(client.get("/action-groups/"))
    assert "Earlier groups" in page and "Action Group on Rule of Law and Governance" in page
    assert "Status unverified" in page


def test_public_page_cache_serves_anonymous_and_invalidates_on_write(client, cast, alliance):
    first = client.get("/partners/free-the-slaves/")
    assert first["X-Public-Page-Cache"] == "stored"
    services.organisation_update(organisation=alliance.free_the_slaves, by=cast.secretariat, description="New text.")
    assert "New text." in text(client.get("/partners/free-the-slaves/"))


def test_public_page_cache_not_used_for_signed_in_users(client, cast, alliance):
    client.get("/partners/free-the-slaves/")  # anonymous, cached
    client.force_login(cast.partner_editor)
    assert "Edit profile" in text(client.get("/partners/free-the-slaves/"))


def test_organisation_edit_form_saves_and_names_bad_fields(client, cast, alliance):
    client.force_login(cast.partner_editor)
    response = client.post(
        "/partners/free-the-slaves/edit/", {"name": "Free the Slaves", "website": "not a url", "description": "x"}
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in text(response)
    response = client.post(
        "/partners/free-the-slaves/edit/",
        {"name": "Free the Slaves", "website": "https://example.org/", "description": "About us."},
    )
    assert response.status_code == 302
    alliance.free_the_slaves.refresh_from_db()
    assert (alliance.free_the_slaves.website, alliance.free_the_slaves.description) == (
        "https://example.org/",
        "About us.",
    )


def test_organisation_edit_empty_name_is_refused(client, cast, alliance):
    client.force_login(cast.partner_editor)
    response = client.post("/partners/free-the-slaves/edit/", {"name": "", "description": "x"})
    assert "This field is required." in text(response)
    alliance.free_the_slaves.refresh_from_db()
    assert alliance.free_the_slaves.name == "Free the Slaves"


def test_group_lead_adds_and_removes_members_in_the_site(client, cast, alliance):
    client.force_login(cast.group_lead)
    response = client.post(
        "/action-groups/agriculture/members/", {"organisation": alliance.nestle.pk, "role": "member"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(action_group=alliance.agriculture, organisation=alliance.nestle)
    response = client.post(f"/action-groups/agriculture/members/{membership.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_group_lead_adding_a_member_twice_sees_the_error(client, cast, alliance):
    client.force_login(cast.group_lead)
    client.post("/action-groups/agriculture/members/", {"organisation": alliance.nestle.pk, "role": "member"})
    response = client.post(
        "/action-groups/agriculture/members/", {"organisation": alliance.nestle.pk, "role": "member"}
    )
    assert response.status_code == 400
    assert "Nestlé is already a member of this group." in text(response)


# Query counts: the same number of queries whether a list shows 1 row or 3.


def make_partners(n: int, country: Country | None = None) -> None:
    for i in range(n):
        Organisation.objects.create(
            name=f"Example partner {i}", slug=f"example-partner-{i}", kind="academia", country=country
        )


@pytest.fixture
def empty_network(db):
    for model in (Membership, ActionGroup, Person, Organisation, Country):
        model.objects.all().delete()
    return Country.objects.create(code="KE", sdg_region="ssa", ilo_region="africa", is_pathfinder=True)


@pytest.mark.parametrize("url", ["/", "/partners/", "/action-groups/", "/people/"])
def test_list_pages_queries_do_not_grow_with_rows(client, empty_network, django_assert_num_queries, url):
    def queries_for(n: int) -> int:
        Organisation.objects.all().delete()
        ActionGroup.objects.all().delete()
        Person.objects.all().delete()
        make_partners(n, empty_network)
        for i in range(n):
            group = ActionGroup.objects.create(name=f"Example group {i}", slug=f"g{i}")
            Membership.objects.create(action_group=group, organisation=Organisation.objects.all()[i])
            Person.objects.create(
                name=f"Example person {i}", public_consent=True, organisation=Organisation.objects.all()[i]
            )
            Country.objects.get_or_create(code=["FR", "MX", "BR"][i], defaults={"is_pathfinder": True})
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries_for(1) == queries_for(3)


def test_action_group_page_queries_do_not_grow_with_members(client, empty_network):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    group = ActionGroup.objects.create(name="Example group", slug="example")
    counts = []
    for n in (1, 3):
        Membership.objects.all().delete()
        Organisation.objects.all().delete()
        make_partners(n, empty_network)
        for org in Organisation.objects.all():
            Membership.objects.create(action_group=group, organisation=org)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get("/action-groups/example/")
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_public_page_cache_skipped_while_a_message_waits(client, alliance):
    client.get("/partners/")
    client.cookies["messages"] = "pending"
    assert "X-Public-Page-Cache" not in client.get("/partners/")


def test_public_page_cache_says_hit(client, alliance):
    assert client.get("/action-groups/")["X-Public-Page-Cache"] == "stored"
    assert client.get("/action-groups/")["X-Public-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    ("lang", "words", "english"),
    [
        ("fr", ["Partenaires", "Pays pionniers", "Groupes d’action", "Rechercher"], ["Partners<", "Search<"]),
        ("es", ["Socios", "Países pioneros", "Grupos de acción", "Buscar"], ["Partners<", "Search<"]),
    ],
)
def test_directory_interface_is_translated(client, alliance, lang, words, english):
    page = text(client.get(f"/{lang}/partners/", {"kind": "workers"}))
    for word in words:
        assert word in page
    for word in english:
        assert word not in page
