"""The pathway's steps follow from the facts the platform holds (issue 13): a roadmap recorded reaches "Roadmap
adopted", a published report reaches "Reporting annually"; only what the platform cannot know is typed."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from alliance87.pathfinders import services
from alliance87.pathfinders.models import Milestone, Roadmap
from alliance87.pathfinders.tests.test_overview_pages import publish_a_report, table, text


def timeline(page: str) -> dict[str, str]:
    """Each step of the country page's timeline, by its title: the step's text."""
    items = page.split('<ol class="pf-timeline"')[1].split("</ol>", maxsplit=1)[0].split('<li class="pf-step')[1:]
    steps = {}
    for item in items:
        title = item.split('<span class="pf-step-title">')[1].split("</span>")[0]
        steps[title] = " ".join(item.split())
    return steps


def roadmap(country, by, adopted_on=None):
    return services.roadmap_create(
        country=country, by=by, title="Roadmap (test)", period_start=2022, period_end=2030, adopted_on=adopted_on
    )


# ---- The two contradictions of issue 13 ------------------------------------------------------------------


def test_a_pathfinder_without_a_roadmap_never_shows_roadmap_adopted_reached(client, alliance):
    """Was: "Roadmap adopted — Reached" above "No roadmap recorded" (the status implied every earlier step)."""
    page = text(client.get("/countries/ke/"))
    assert "No roadmap recorded." in page
    step = timeline(page)["Roadmap adopted"]
    assert "Not reached" in step and ">Reached<" not in step
    assert "No roadmap is recorded for this country yet." in step


def test_a_published_report_reaches_reporting_annually(client, alliance):
    """Was: "Reporting annually — Not reached" after the country's report was published."""
    report = publish_a_report(alliance.kenya, 2025)
    page = text(client.get("/countries/ke/"))
    assert "Latest published report" in page and report.cycle.title in page
    step = timeline(page)["Reporting annually"]
    assert ">Reached<" in step and "Not reached" not in step
    assert '<time datetime="2025-04-01">1 April 2025</time>' in step
    assert f'href="{reverse("pathfinders:report", args=[report.pk])}"' in step
    assert "Current stage: <strong>Reporting annually</strong>" in page


def test_a_roadmap_recorded_reaches_roadmap_adopted_on_its_date(client, cast, alliance):
    roadmap(alliance.kenya, cast.secretariat, adopted_on=datetime.date(2023, 5, 2))
    step = timeline(text(client.get("/countries/ke/")))["Roadmap adopted"]
    assert ">Reached<" in step and '<time datetime="2023-05-02">2 May 2023</time>' in step
    assert "Roadmap, version 1" in step


def test_a_roadmap_without_an_adoption_date_is_reached_with_the_date_unknown(client, cast, alliance):
    roadmap(alliance.kenya, cast.secretariat)
    step = timeline(text(client.get("/countries/ke/")))["Roadmap adopted"]
    assert ">Reached<" in step and "date unknown" in step


def test_a_country_that_is_not_a_pathfinder_is_placed_by_its_roadmap(client, cast, alliance):
    from alliance87.network.models import Country

    morocco = Country.objects.get_or_create(code="MA")[0]
    roadmap(morocco, cast.secretariat, adopted_on=datetime.date(2024, 1, 10))
    page = text(client.get("/pathfinders/"))
    assert ["Morocco", "Roadmap adopted"] == table(page, "Countries on the way to Pathfinder status")[1][:2]
    assert dict(table(page, "Countries by stage of the pathway")[1:])["Roadmap adopted"] == "1"
    steps = timeline(text(client.get("/countries/ma/")))
    assert "Not reached" in steps["Pathfinder status granted by the Global Coordinating Group"]  # never implied
    assert "Not recorded separately" in steps["Strategic planning workshop"]


# ---- Typed by hand: only what the platform cannot know ---------------------------------------------------


def test_the_pathway_form_offers_only_the_steps_the_platform_cannot_know(secretariat_client, alliance):
    page = text(secretariat_client.get("/countries/ke/pathway/"))
    offered = page.split('name="stage"')[1].split("</select>")[0]
    assert 'value="interest"' in offered and 'value="status_granted"' in offered
    assert 'value="roadmap"' not in offered and 'value="reporting"' not in offered
    assert "Steps that follow from the records" in page and "no roadmap recorded yet." in page


@pytest.mark.parametrize(("stage", "says"), [("roadmap", "Record the roadmap"), ("reporting", "is published")])
def test_typing_a_step_that_follows_from_the_records_is_refused_naming_the_step_to_take(
    client, cast, alliance, stage, says
):
    client.force_login(cast.focal_point)
    response = client.post("/countries/ke/pathway/", {"stage": stage, "date": "2021-01-15"})
    assert response.status_code == 200
    assert says in text(response) and "not recorded here" in text(response)
    assert not Milestone.objects.filter(country=alliance.kenya).exists()


def test_a_hand_entry_the_records_do_not_confirm_is_flagged_never_shown_to_the_public(
    secretariat_client, cast, alliance
):
    services.milestone_record(
        country=alliance.kenya, stage="reporting", date=datetime.date(2021, 4, 1), by=cast.secretariat
    )
    public = text(Client().get("/countries/ke/"))
    assert "Not reached" in timeline(public)["Reporting annually"]
    assert "entered by hand" not in public
    for url in ("/countries/ke/", "/countries/ke/pathway/"):
        page = text(secretariat_client.get(url))
        assert "“Reporting annually” was entered by hand for 1 April 2021" in page
        assert "/admin/pathfinders/milestone/" in page  # the secretariat may delete it
    publish_a_report(alliance.kenya, 2025)  # now the records confirm it: nothing to check
    assert "entered by hand" not in text(secretariat_client.get("/countries/ke/pathway/"))


def test_the_focal_point_sees_the_flag_with_the_step_to_take(client, cast, alliance):
    services.milestone_record(
        country=alliance.kenya, stage="roadmap", date=datetime.date(2020, 6, 1), by=cast.secretariat
    )
    client.force_login(cast.focal_point)
    page = text(client.get("/countries/ke/"))
    flag = page.split('class="notice pf-claims"')[1].split("</div>")[0]
    assert "“Roadmap adopted” was entered by hand" in flag
    assert 'href="/countries/ke/roadmap/"' in flag and "/admin/" not in flag


def test_migration_moves_a_hand_entrys_date_to_the_only_roadmap_version(cast, alliance):
    migration = importlib.import_module("alliance87.pathfinders.migrations.0005_pathway_steps_follow_from_records")
    only = roadmap(alliance.kenya, cast.secretariat)
    services.milestone_record(
        country=alliance.kenya, stage="roadmap", date=datetime.date(2020, 6, 1), by=cast.secretariat
    )
    mexico_v1 = roadmap(alliance.mexico, cast.secretariat)
    roadmap(alliance.mexico, cast.secretariat)  # two versions: the date could be either's
    services.milestone_record(
        country=alliance.mexico, stage="roadmap", date=datetime.date(2019, 1, 1), by=cast.secretariat
    )
    migration.keep_hand_entries_as_claims(apps, None)
    assert Roadmap.objects.get(pk=only.pk).adopted_on == datetime.date(2020, 6, 1)
    assert Roadmap.objects.get(pk=mexico_v1.pk).adopted_on is None
    assert Milestone.objects.filter(stage="roadmap").count() == 2  # kept, as claims
