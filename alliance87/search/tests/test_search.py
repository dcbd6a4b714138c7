"""The site search (issue 13, part 5): one box, every kind, the exact cases of the issue."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alliance87.events.models import Event, EventStatus
from alliance87.network import services
from alliance87.network.models import Person
from alliance87.search.engine import QueryRefused, matches
from alliance87.search.models import Kind, SearchEntry
from alliance87.search.normalise import aliases, fold

pytestmark = pytest.mark.django_db
URL = "/search/"


def found(text: str, kind: str) -> set[int]:
    return set(matches(text, kind).values_list("object_id", flat=True))


def titles(client, text: str) -> str:
    response = client.get(URL, {"q": text})
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


# -- folding (no database) -------------------------------------------------------------------------


def test_fold_drops_accents_and_case_and_meets_spellings():
    assert fold("Nestlé") == fold("NESTLE") == "nestle"
    assert fold("Labor organization") == fold("labour Organisation") == "labour organisation"
    assert fold("Côte d’Ivoire") == "cote d ivoire"
    assert fold("size prize") == "size prize"  # short stems keep -ize


def test_aliases_come_from_the_acronym_or_a_full_name_only():
    assert "OIT" in aliases(acronyms=["ILO"]) and "BIT" in aliases(acronyms=["ILO"])
    assert "OIM" in aliases(names=["International Organization for Migration"])
    assert aliases(names=["A bit of a problem"], acronyms=[""]) == []  # "bit" in a sentence is not the BIT


# -- the cases -----------------------------------------------------------------------------


def test_nestle_without_accent_finds_nestle(alliance, client):
    assert alliance.nestle.pk in found("Nestle", Kind.ORGANISATION)
    assert "Nestlé" in titles(client, "Nestle")


@pytest.mark.parametrize("text", ["OIT", "BIT", "ILO", "oit", "Organisation internationale du Travail", "Organización"])
def test_the_ilo_in_every_language(alliance, text):
    assert alliance.ilo.pk in found(text, Kind.ORGANISATION)


def test_oit_also_finds_the_group_the_ilo_leads(alliance, client):
    assert alliance.supply_chains.pk in found("OIT", Kind.GROUP)
    page = titles(client, "OIT")
    assert "International Labour Organization" in page and "Action Group on Supply Chains" in page


def test_labor_finds_labour(alliance):
    assert alliance.ilo.pk in found("labor", Kind.ORGANISATION)
    assert alliance.ilo.pk in found("International Labor Organization", Kind.ORGANISATION)


def test_organization_finds_organisation(alliance):
    # The IOE writes "Organisation"; a reader types the American spelling.
    ioe = alliance.ilo.__class__.objects.get(slug="ioe")
    assert ioe.pk in found("international organization of employers", Kind.ORGANISATION)


@pytest.mark.parametrize("text", ["nEsTlE", "NESTLÉ", "nestlé", "  nestle  "])
def test_mixed_case_and_spaces(alliance, text):
    assert alliance.nestle.pk in found(text, Kind.ORGANISATION)


def test_iom_is_oim_in_french_and_spanish(alliance):
    iom = alliance.ilo.__class__.objects.get(slug="iom")
    assert iom.pk in found("OIM", Kind.ORGANISATION)


def test_typing_finds_from_the_start_of_a_word(alliance):
    assert alliance.nestle.pk in found("Nest", Kind.ORGANISATION)
    assert alliance.free_the_slaves.pk in found("slave", Kind.ORGANISATION)


def test_countries_in_english_french_and_spanish(alliance):
    germany = alliance.kenya.__class__.objects.get(code="DE")
    for name in ("Germany", "Allemagne", "Alemania", "deu"):
        assert germany.pk in found(name, Kind.COUNTRY), name
    assert alliance.mexico.pk in found("Mexique", Kind.COUNTRY)
    assert alliance.mexico.pk in found("méxico", Kind.COUNTRY)


def test_results_are_grouped_by_kind_with_counts(alliance, client):
    response = client.get(URL, {"q": "Kenya"})
    groups = {g.kind: g for g in response.context["groups"]}
    assert groups["country"].count == 1
    assert groups["organisation"].count >= 1  # Survivors Network Kenya, based there
    assert [g.kind for g in response.context["groups"]] == [k.value for k in Kind]
    page = response.content.decode()
    assert 'id="results-country"' in page and "Survivors Network Kenya" in page


def test_french_page_shows_french_country_names(alliance, client):
    response = client.get("/fr/search/", {"q": "Allemagne"})
    assert "Allemagne" in response.content.decode()


# -- people: only those who agreed to be listed ------------------------------------------------------


def test_people_only_with_recorded_consent(alliance, client, cast):
    person = Person.objects.get(name="Bernd Seiffert")
    assert not person.public_consent
    assert person.pk not in found("Seiffert", Kind.PERSON)
    assert "Bernd Seiffert" not in titles(client, "Seiffert")

    services.person_record_consent(person=person, by=cast.secretariat, consent=True, note="in writing")
    assert person.pk in found("Seiffert", Kind.PERSON)
    page = titles(client, "Seiffert")
    assert "Bernd Seiffert" in page and f"#person-{person.pk}" in page

    services.person_record_consent(person=person, by=cast.secretariat, consent=False)
    assert person.pk not in found("Seiffert", Kind.PERSON)


# -- events: published only --------------------------------------------------------------------------


def _event(status):
    start = timezone.now() + datetime.timedelta(days=30)
    return Event.objects.create(
        title="Regional consultation on supply chains",
        slug="regional-consultation",
        time_zone="UTC",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        status=status,
    )


def test_events_only_when_published(alliance, client):
    event = _event(EventStatus.DRAFT)
    assert event.pk not in found("consultation", Kind.EVENT)
    assert "Regional consultation" not in titles(client, "consultation")

    event.status = EventStatus.PUBLISHED
    event.save()
    assert event.pk in found("consultation", Kind.EVENT)
    assert "Regional consultation" in titles(client, "consultation")

    event.delete()
    assert not SearchEntry.objects.filter(kind=Kind.EVENT, object_id=event.pk).exists()


# -- kept current ------------------------------------------------------------------------------------


def test_an_edit_is_found_at_once_and_the_old_name_is_not(alliance, cast):
    services.organisation_update(organisation=alliance.nestle, by=cast.secretariat, name="Nestlé S.A. renamed")
    assert alliance.nestle.pk in found("renamed", Kind.ORGANISATION)
    services.organisation_update(organisation=alliance.nestle, by=cast.secretariat, name="Nestlé")
    assert alliance.nestle.pk not in found("renamed", Kind.ORGANISATION)


def test_rebuild_command_restores_an_emptied_index(alliance):
    SearchEntry.objects.all().delete()
    assert not found("Nestle", Kind.ORGANISATION)
    call_command("rebuild_search_index", verbosity=0)
    assert alliance.nestle.pk in found("Nestle", Kind.ORGANISATION)


def test_rebuild_after_migrate_only_when_empty(alliance):
    from alliance87.search.indexing import rebuild_if_empty

    SearchEntry.objects.all().delete()
    rebuild_if_empty()
    count = SearchEntry.objects.count()
    assert count > 20
    SearchEntry.objects.filter(kind=Kind.COUNTRY).delete()
    rebuild_if_empty()  # not empty: left alone
    assert SearchEntry.objects.count() < count


# -- refused clearly -----------------------------------------------------------------------------------


def test_nul_is_refused_clearly(client):
    response = client.get(URL, {"q": "nest\x00le"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    with pytest.raises(QueryRefused):
        matches("a\x00b")


def test_ten_thousand_characters_are_refused_clearly(client):
    response = client.get(URL, {"q": "a" * 10_000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "too long" in page and "200" in page
    assert 'value="' + "a" * 201 not in page  # the boxes do not take the text back whole


def test_punctuation_and_query_syntax_are_just_words(alliance, client):
    for text in ['"', "*", "NEAR(", "nestle OR", "a:*", "'; DROP TABLE", "-", "()", "&|!"]:
        assert client.get(URL, {"q": text}).status_code == 200, text


def test_empty_search_shows_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_header_search_box_is_on_every_page(alliance, client):
    assert reverse("search:search") == "/search/"
    for path in ["/", "/partners/", "/glossary/", "/fr/privacy/"]:
        page = client.get(path).content.decode()
        assert 'id="site-search-q"' in page and 'role="search"' in page, path
