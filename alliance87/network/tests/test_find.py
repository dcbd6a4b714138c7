"""Issue 13, parts 4 and 5 in the network: the directory's search matches as the site search does, its
download, "last updated", sources by their public name, and any ISO 3166 country for a partner."""

import io
import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from alliance87.network import alliance_facts, services
from alliance87.network.models import ActionGroup, Country, Organisation, Person, StatedFigure

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [org.name for org in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nestle", "Nestlé"),
        ("NESTLÉ", "Nestlé"),
        ("OIT", "International Labour Organization"),
        ("BIT", "International Labour Organization"),
        ("labor", "International Labour Organization"),
        ("organization of employers", "International Organisation of Employers"),
    ],
)
def test_directory_search_finds_what_the_issue_missed(client, alliance, text, expected):
    response = client.get("/partners/", {"q": text})
    assert response.status_code == 200
    assert expected in names(response)


def test_directory_search_refuses_a_long_text_clearly(client, alliance):
    response = client.get("/partners/", {"q": "x" * 10_000})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


def test_directory_search_refuses_nul(client, alliance):
    assert client.get("/partners/", {"q": "Nest\x00le"}).status_code == 400


def test_api_directory_matches_like_the_page(client, alliance):
    items = client.get("/api/organisations", {"q": "OIT"}).json()["items"]
    assert [i["slug"] for i in items] == ["ilo"]


# -- downloads -----------------------------------------------------------------------------------------


def test_directory_csv_has_the_columns_shown_and_the_filters(client, alliance):
    response = client.get("/partners/download.csv", {"kind": "business"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "Name,Acronym,Kind,Country,Page"
    assert len(lines) == 2 and lines[1].startswith("Nestlé,,Business,,http")


def test_directory_xlsx_with_a_search(client, alliance):
    response = client.get("/partners/download.xlsx", {"q": "OIT"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Name", "Acronym", "Kind", "Country", "Page")
    assert rows[1][:3] == ("International Labour Organization", "ILO", "UN agency")
    assert len(rows) == 2


def test_download_keeps_formulas_as_text(client, alliance, cast):
    services.organisation_update(organisation=alliance.nestle, by=cast.secretariat, name="=HYPERLINK(1)")
    text = client.get("/partners/download.csv", {"kind": "business"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


def test_download_links_on_the_directory_carry_the_filters(client, alliance):
    page = client.get("/partners/", {"kind": "business"}).content.decode()
    assert "/partners/download.csv?kind=business" in page
    assert "/partners/download.xlsx?kind=business" in page


def test_unknown_download_format_is_404(client, alliance):
    assert client.get("/partners/download.pdf").status_code == 404


# -- last updated ------------------------------------------------------------------------------------------


def test_last_updated_on_directory_organisation_and_group(client, alliance):
    for path in ["/partners/", "/partners/nestle/", "/action-groups/agriculture/"]:
        page = client.get(path).content.decode()
        assert "Last updated:" in page and "<time datetime=" in page, path


# -- sources by their public name --------------------------------------------------------------------------


def test_no_source_names_a_file_of_the_project(alliance):
    for model in (Country, Organisation, Person, ActionGroup, StatedFigure):
        for source in model.objects.values_list("source", flat=True):
            assert ".md" not in source and "docs/" not in source, source


def test_pages_print_no_file_path(client, alliance):
    for path in ["/", "/partners/ilo/", "/partners/nestle/", "/action-groups/supply-chains/", "/countries/mx/"]:
        page = client.get(path).content.decode()
        assert "docs/domain.md" not in page, path


def test_migration_replaces_old_sources(alliance):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("alliance87.network.migrations.0003_sources_by_public_name")
    old = next(iter(alliance_facts.OLD_SOURCES))
    Organisation.objects.filter(slug="ituc").update(source=f"{old}: partner (workers’ organisation)")
    migration.forward(apps, None)
    assert (
        Organisation.objects.get(slug="ituc").source == "Alliance 8.7, alliance87.org: partner (workers’ organisation)"
    )


def test_source_address_is_a_link(client, alliance):
    page = client.get("/partners/ituc/").content.decode()
    assert re.search(r'<a href="http://alliance87\.org"[^>]*>alliance87\.org</a>', page)


# -- any ISO 3166 country -----------------------------------------------------------------------------------


def test_editor_picks_a_country_not_yet_in_the_platform(client, alliance, cast):
    assert not Country.objects.filter(code="NP").exists()
    pathfinders_before = Country.objects.pathfinders().count()
    client.force_login(cast.partner_editor)
    form = client.get("/partners/free-the-slaves/edit/").content.decode()
    assert '<option value="NP">Nepal</option>' in form
    assert 'value="XE"' not in form  # the invented example country is not offered

    response = client.post(
        "/partners/free-the-slaves/edit/",
        {"name": "Free the Slaves", "acronym": "", "country": "NP", "website": "", "description": ""},
    )
    assert response.status_code == 302
    nepal = Country.objects.get(code="NP")
    assert Organisation.objects.get(slug="free-the-slaves").country == nepal
    assert not nepal.is_pathfinder and nepal.ilo_region == "" and nepal.source == ""
    assert Country.objects.pathfinders().count() == pathfinders_before
    # The Pathfinder page does not list it; the directory's country filter does, under its name.
    assert "Nepal" not in client.get("/pathfinders/").content.decode()
    assert '<option value="np">Nepal</option>' in client.get("/partners/").content.decode()


def test_country_names_in_french(client, alliance, cast):
    client.force_login(cast.partner_editor)
    assert '<option value="DE">Allemagne</option>' in client.get("/fr/partners/free-the-slaves/edit/").content.decode()


def test_api_takes_any_iso_code(client, alliance, cast):
    from alliance87.accounts.services import api_token_create

    secret = api_token_create(user=cast.partner_editor, name="t")[1]
    response = client.patch(
        "/api/organisations/free-the-slaves",
        {"country": "np"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["country"] == {"code": "NP", "name": "Nepal"}


def test_rebuilt_search_finds_a_newly_added_country(alliance, cast):
    services.organisation_update(organisation=alliance.free_the_slaves, by=cast.secretariat, country="np")
    call_command("rebuild_search_index", verbosity=0)
    from alliance87.search.engine import matching_ids

    assert Country.objects.filter(pk__in=matching_ids("Népal", "country"), code="NP").exists()
