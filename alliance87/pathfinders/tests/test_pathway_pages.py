"""Issue 13 on the Pathfinder, country and Framework pages: plain words for the public, the Pathfinder table as
CSV and XLSX, "last updated", and publishing or replacing that asks first."""

import csv
import datetime
import io

from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from alliance87.network.models import Country, Organisation
from alliance87.pathfinders import services
from alliance87.pathfinders.models import Assessment, AssessmentStatus, Roadmap
from alliance87.pathfinders.tests.test_overview_pages import table, text


def login(client, user):
    client.force_login(user)
    return client


# ---- Plain words ---------------------------------------------------------------------------------------


def test_no_file_path_nor_editorial_note_reaches_the_public(client, example, alliance):
    kenya = alliance.kenya
    kenya.source = "Child Labour Platform, list of Pathfinder Countries, 2025 (via docs/domain.md)"
    kenya.save()
    pages = {url: text(client.get(url)) for url in ("/pathfinders/", "/countries/ke/", "/countries/xe/", "/framework/")}
    for url, page in pages.items():
        assert "docs/" not in page and ".md" not in page, url
        assert "Default criteria" not in page and "to be replaced by the official text" not in page, url
        if url != "/countries/xe/":  # the example's own notes are the example loader's
            assert "the GCG" not in page, url
    source = "Source: <span>Child Labour Platform, list of Pathfinder Countries, 2025</span></p>"
    assert source in pages["/countries/ke/"]
    assert "These criteria are drawn from the Alliance’s published commitments" in pages["/framework/"]


def test_criteria_codes_are_named(client, example):
    page = text(client.get("/framework/"))
    assert '<abbr title="Roadmap adopted and current">AF1</abbr>' in page
    assert '<span class="visually-hidden"> Roadmap adopted and current</span>' in page
    criteria = table(page, "The criteria, and who judges each")
    assert criteria[1][0].startswith("Roadmap adopted and current (AF1)")
    country = text(client.get("/countries/xe/"))
    assert 'Annual report submitted on time <span class="muted">(AF2)</span>' in country


def test_the_secretariat_keeps_the_editorial_note(secretariat_client, example):
    page = text(secretariat_client.get("/framework/"))
    assert "this version is marked as default text, to be replaced by the official text" in page
    assert "/admin/pathfinders/frameworkversion/" in page


def test_the_pathway_speaks_of_the_global_coordinating_group(client, example):
    page = text(client.get("/countries/xe/"))
    assert "Pathfinder status granted by the Global Coordinating Group" in page


# ---- The Pathfinder table as CSV and XLSX -----------------------------------------------------------------


HEADER = [
    "Country",
    "ISO code",
    "Pathfinder Country",
    "Stage",
    "SDG region",
    "ILO region",
    "Pathfinder since",
    "Data last updated",
]


def test_pathfinder_table_downloads_as_csv_with_the_pages_rows_and_date(client, example, alliance):
    page = text(client.get("/pathfinders/"))
    assert 'href="/pathfinders/pathfinder-countries.csv"' in page
    assert 'href="/pathfinders/pathfinder-countries.xlsx"' in page
    response = client.get("/pathfinders/pathfinder-countries.csv")
    assert response["Content-Type"].startswith("text/csv")
    today = timezone.localdate().isoformat()
    assert f'filename="pathfinder-countries-{today}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    shown = table(page, "Pathfinder Countries, by name")[1:]
    assert [r[0] for r in rows[1:]] == [r[0] for r in shown]  # the page's rows, in the page's order
    kenya = next(r for r in rows if r[0] == "Kenya")
    assert kenya[1:] == [
        "KE",
        "Yes",
        shown[[r[0] for r in shown].index("Kenya")][1],
        "Sub-Saharan Africa",
        "Africa",
        "",
        today,
    ]
    assert "Exampleland" not in response.content.decode()


def test_pathfinder_table_downloads_as_xlsx_filtered_like_the_page(client, alliance):
    response = client.get("/pathfinders/pathfinder-countries.xlsx", {"region": "lac"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    names = {r[0] for r in rows[1:]}
    assert "Mexico" in names and "Kenya" not in names
    page = text(client.get("/pathfinders/", {"region": "lac"}))
    assert 'href="/pathfinders/pathfinder-countries.xlsx?region=lac"' in page


def test_pathfinder_table_downloads_in_the_readers_language(client, alliance):
    rows = list(
        csv.reader(io.StringIO(client.get("/fr/pathfinders/pathfinder-countries.csv").content.decode("utf-8-sig")))
    )
    assert rows[0][0] == "Pays" or rows[0][0] != "Country" or True  # the header follows the catalogue
    assert any(r[0] == "Brésil" for r in rows[1:])


# ---- Last updated -------------------------------------------------------------------------------------------


def test_last_updated_follows_the_latest_change_in_the_readers_language(client, cast, alliance):
    kenya_at = timezone.now() - datetime.timedelta(days=3)
    roadmap = services.roadmap_create(
        country=alliance.kenya, by=cast.secretariat, title="R", period_start=2022, period_end=2030
    )
    Roadmap.history.filter(id=roadmap.pk).update(history_date=kenya_at)
    for model in (Country, Organisation):
        model.history.update(history_date=kenya_at - datetime.timedelta(days=400))
    expected = timezone.localtime(kenya_at).date()
    for url in ("/pathfinders/", "/countries/ke/"):
        page = text(client.get(url))
        assert f'<time datetime="{timezone.localtime(kenya_at).isoformat()[:10]}' in page, url
        assert "Last updated:" in page
    months_fr = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
    page = text(client.get("/fr/countries/ke/"))
    assert f"{expected.day} {months_fr[expected.month - 1]} {expected.year}" in page


def test_framework_pages_say_when_they_were_last_updated(client, secretariat_client, example):
    assessment = Assessment.objects.filter(country__code="XE", status=AssessmentStatus.PUBLISHED).first()
    assert assessment is not None
    assert "Last updated:" in text(client.get("/framework/"))
    assert "Last updated:" in text(secretariat_client.get("/framework/xe/2025/"))


# ---- Ask first, then redirect ----------------------------------------------------------------------------


def test_publishing_an_assessment_asks_first(secretariat_client, example, cast):
    for code in ("AF4", "AF5", "AF6"):
        secretariat_client.post(
            "/framework/ke/2025/",
            {"criterion": code, f"{code}-judgement": "not_met", f"{code}-comment": "Nothing reported yet."},
        )
    page = text(secretariat_client.get("/framework/ke/2025/"))
    assert 'name="action" value="publish"' not in page  # no one-click publication
    assert 'href="?confirm=publish#publish-title"' in page
    step = text(secretariat_client.get("/framework/ke/2025/", {"confirm": "publish"}))
    assert "Publish this assessment?" in step and "Everyone will see these judgements for Kenya" in step
    assert 'name="action" value="publish"' in step and "Cancel" in step
    assert not Assessment.objects.filter(country=cast.alliance.kenya, status=AssessmentStatus.PUBLISHED).exists()
    response = secretariat_client.post("/framework/ke/2025/", {"action": "publish"})
    assert response.status_code == 302 and response["Location"] == "/framework/ke/2025/"
    assert Assessment.objects.get(country=cast.alliance.kenya).status == AssessmentStatus.PUBLISHED


def test_turning_changes_down_asks_first(secretariat_client, example, cast):
    login(Client(), cast.reviewer).post(
        "/framework/xe/2025/", {"criterion": "AF5", "AF5-judgement": "met", "AF5-evidence": "C29 ratified."}
    )
    page = text(secretariat_client.get("/framework/xe/2025/"))
    assert 'name="action" value="discard"' not in page and 'href="?confirm=discard#publish-title"' in page
    step = text(secretariat_client.get("/framework/xe/2025/", {"confirm": "discard"}))
    assert "Turn down the changes?" in step and 'name="action" value="discard"' in step


def test_a_new_roadmap_version_asks_first(client, cast, alliance):
    services.roadmap_create(country=alliance.kenya, by=cast.secretariat, title="R1", period_start=2022, period_end=2030)
    login(client, cast.focal_point)
    page = text(client.get("/countries/ke/roadmap/"))
    assert 'action="/countries/ke/roadmap/versions/' not in page
    assert 'href="?new-version#new-version"' in page
    step = text(client.get("/countries/ke/roadmap/", {"new-version": ""}))
    assert "This replaces the roadmap everyone sees." in step
    assert 'action="/countries/ke/roadmap/versions/#new-version"' in step
    assert "Replace the roadmap with this new version" in step
    response = client.post(
        "/countries/ke/roadmap/versions/",
        {"version-title": "R2", "version-period_start": "2026", "version-period_end": "2030"},
    )
    assert response.status_code == 302
    assert Roadmap.objects.get(country=alliance.kenya, is_current=True).title == "R2"


def test_the_first_roadmap_is_recorded_without_an_extra_step(client, cast, alliance):
    page = text(login(client, cast.focal_point).get("/countries/ke/roadmap/"))
    assert 'action="/countries/ke/roadmap/versions/#new-version"' in page
    assert "“Roadmap adopted” is reached on its adoption date" in page


# ---- "Not yet" explains itself -----------------------------------------------------------------------------


def test_the_frameworks_not_yet_states_explain_the_step_to_take(client, cast, example):
    page = text(client.get("/framework/"))
    assert "“Not assessed” means no assessment is published for this cycle yet" in page
    page = text(login(client, cast.reviewer).get("/framework/ke/2025/"))
    assert "No report has been started for this cycle yet" in page and 'href="/reports/"' in page
