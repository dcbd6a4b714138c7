"""Keeping a country's pathway and roadmap in the browser: who may, and what they are told when input is wrong."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance87.pathfinders import services
from alliance87.pathfinders.models import Indicator, KeyAction, Milestone, Priority, Roadmap

from .test_overview_pages import table, text

GCG_RULE = "Pathfinder status can only be granted after a strategic planning workshop produced a viable roadmap."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded documents land in a temporary folder, not in the checkout's var/."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def kenya_roadmap(cast, alliance):
    roadmap = services.roadmap_create(
        country=alliance.kenya, by=cast.secretariat, title="Kenya roadmap", period_start=2020, period_end=2025
    )
    priority = services.priority_add(roadmap=roadmap, by=cast.secretariat, title="Child labour in agriculture")
    return priority


def action_data(priority, **values) -> dict:
    data = {"title": "Train inspectors", "funding": "unknown", **values}
    return {f"action-{priority.pk}-{k}": v for k, v in data.items()}


def indicator_data(priority, **values) -> dict:
    data = {"name": "Inspections", **values}
    return {f"indicator-{priority.pk}-{k}": v for k, v in data.items()}


# ---- Who may edit -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/countries/ke/pathway/", "/countries/ke/roadmap/"])
def test_edit_pages_send_anonymous_visitors_to_sign_in(client, alliance, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/countries/ke/pathway/", "/countries/ke/roadmap/"])
def test_focal_point_of_kenya_opens_kenyas_edit_pages(client, cast, url):
    client.force_login(cast.focal_point)
    response = client.get(url)
    assert response.status_code == 200
    assert "Kenya" in text(response)


@pytest.mark.parametrize(
    "url",
    [
        "/countries/xe/pathway/",
        "/countries/mx/pathway/",
        "/countries/xe/roadmap/",
        "/countries/mx/roadmap/",
    ],
)
def test_focal_point_of_kenya_gets_403_on_other_countries(client, cast, example, url):
    client.force_login(cast.focal_point)
    assert client.get(url).status_code == 403


def test_focal_point_of_kenya_cannot_post_to_other_countries(client, cast, example):
    client.force_login(cast.focal_point)
    assert client.post("/countries/mx/pathway/", {"stage": "interest"}).status_code == 403
    response = client.post("/countries/xe/roadmap/versions/", {"version-title": "Mine", "version-period_start": 2020})
    assert response.status_code == 403
    priority = Priority.objects.filter(roadmap__country=example).first()
    response = client.post(f"/countries/xe/roadmap/priorities/{priority.pk}/actions/", action_data(priority))
    assert response.status_code == 403
    response = client.post(f"/countries/ke/roadmap/priorities/{priority.pk}/actions/", action_data(priority))
    assert response.status_code == 404  # Exampleland's priority is not in Kenya's roadmap
    assert not Milestone.objects.filter(country__code="MX").exists()
    assert KeyAction.objects.filter(priority=priority).count() == 2


@pytest.mark.parametrize("role", ["reviewer", "partner_editor", "group_lead", "outsider"])
def test_other_roles_get_403_on_edit_pages(client, cast, alliance, role):
    client.force_login(getattr(cast, role))
    assert client.get("/countries/ke/pathway/").status_code == 403
    assert client.get("/countries/ke/roadmap/").status_code == 403
    assert client.post("/countries/ke/pathway/", {"stage": "interest"}).status_code == 403
    assert client.post("/countries/ke/roadmap/priorities/", {"priority-title": "x"}).status_code == 403
    assert not Milestone.objects.filter(country=alliance.kenya).exists()


def test_secretariat_opens_any_countrys_edit_pages(secretariat_client, example):
    assert secretariat_client.get("/countries/xe/pathway/").status_code == 200
    assert secretariat_client.get("/countries/mx/roadmap/").status_code == 200


# ---- The pathway --------------------------------------------------------------------------------


def test_focal_point_records_a_milestone_and_sees_it(client, cast, alliance):
    client.force_login(cast.focal_point)
    response = client.post(
        "/countries/ke/pathway/",
        {"stage": "workshop", "date": "2019-03-14", "viable_roadmap": "on", "note": "Nairobi", "source": "Minutes"},
        follow=True,
    )
    assert "“Strategic planning workshop” is recorded." in text(response)
    rows = table(text(response), "Steps recorded")
    assert rows[1] == ["Strategic planning workshop", "14 March 2019", "Yes", "Nairobi", "Minutes"]
    milestone = Milestone.objects.get(country=alliance.kenya)
    assert (milestone.date, milestone.viable_roadmap, milestone.is_example) == (datetime.date(2019, 3, 14), True, False)


def test_focal_point_is_not_offered_gcg_decisions(client, cast, alliance):
    client.force_login(cast.focal_point)
    page = text(client.get("/countries/ke/pathway/"))
    assert 'value="interest"' in page and 'value="workshop"' in page
    assert 'value="status_granted"' not in page and 'value="inactive"' not in page
    response = client.post("/countries/ke/pathway/", {"stage": "status_granted"})
    assert "Select a valid choice." in text(response)
    assert not Milestone.objects.filter(country=alliance.kenya).exists()


def test_secretariat_granting_status_without_viable_workshop_sees_the_gcg_rule(secretariat_client, alliance):
    page = text(secretariat_client.get("/countries/ke/pathway/"))
    assert 'value="status_granted"' in page and 'value="inactive"' in page
    response = secretariat_client.post("/countries/ke/pathway/", {"stage": "status_granted", "date": "2020-01-10"})
    page = text(response)
    assert GCG_RULE in page
    stage_row = page.split('for="id_stage"')[1].split("</div>")[0]
    assert GCG_RULE in stage_row  # next to the stage field
    assert not Milestone.objects.filter(country=alliance.kenya).exists()


def test_secretariat_grants_status_after_a_viable_workshop(secretariat_client, cast, alliance):
    services.milestone_record(
        country=alliance.mexico,
        stage="workshop",
        by=cast.secretariat,
        viable_roadmap=True,
        date=datetime.date(2019, 5, 1),
    )
    response = secretariat_client.post(
        "/countries/mx/pathway/", {"stage": "status_granted", "date": "2020-01-10"}, follow=True
    )
    assert "“Pathfinder status granted by the Global Coordinating Group” is recorded." in text(response)
    alliance.mexico.refresh_from_db()
    assert alliance.mexico.pathfinder_since == 2020


def test_pathway_date_in_the_future_is_refused_next_to_the_date(client, cast, alliance):
    client.force_login(cast.focal_point)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    page = text(client.post("/countries/ke/pathway/", {"stage": "interest", "date": tomorrow.isoformat()}))
    assert "The date is in the future." in page.split('for="id_date"')[1].split("</div>")[0]
    assert not Milestone.objects.filter(country=alliance.kenya).exists()


# ---- The roadmap --------------------------------------------------------------------------------


def test_focal_point_builds_a_roadmap_and_the_country_page_shows_it(client, cast, alliance, media):
    client.force_login(cast.focal_point)
    pdf = SimpleUploadedFile("roadmap.pdf", b"%PDF-1.7\n%example\n", content_type="application/pdf")
    response = client.post(
        "/countries/ke/roadmap/versions/",
        {
            "version-title": "Kenya National SDG 8.7 Roadmap",
            "version-period_start": "2022",
            "version-period_end": "2026",
            "version-adopted_on": "2022-06-30",
            "version-document": pdf,
        },
        follow=True,
    )
    assert "Version 1 of the roadmap is now the current one." in text(response)
    roadmap = Roadmap.objects.get(country=alliance.kenya)
    assert (media / roadmap.document.name).read_bytes().startswith(b"%PDF-")

    response = client.post(
        "/countries/ke/roadmap/priorities/",
        {
            "priority-title": "Child labour in tea farming",
            "priority-durban_areas": ["agriculture", "education"],
            "priority-forms": ["child_labour"],
        },
    )
    priority = Priority.objects.get(roadmap=roadmap)
    assert response.status_code == 302 and response["Location"].endswith(f"#priority-{priority.pk}")
    assert priority.durban_areas == ["agriculture", "education"]

    client.post(
        f"/countries/ke/roadmap/priorities/{priority.pk}/actions/",
        action_data(
            priority,
            title="Inspect tea farms",
            responsible_body="Ministry of Labour",
            start_year="2022",
            end_year="2024",
            budget_amount="75000",
            budget_currency="kes",
            funding="partly",
        ),
    )
    client.post(
        f"/countries/ke/roadmap/priorities/{priority.pk}/indicators/",
        indicator_data(
            priority, unit="farms", baseline_value="10", baseline_year="2021", target_value="200", target_year="2026"
        ),
    )
    assert KeyAction.objects.get(priority=priority).budget_currency == "KES"

    page = text(client.get("/countries/ke/"))
    assert "Kenya National SDG 8.7 Roadmap" in page and "30 June 2022" in page
    assert '<a href="/countries/ke/roadmap/versions/1/document/">The roadmap as adopted</a>' in page
    client.logout()  # the document is public, like the page
    document = client.get("/countries/ke/roadmap/versions/1/document/")
    assert document["Content-Type"] == "application/pdf"
    assert b"".join(document.streaming_content).startswith(b"%PDF-1.7")
    assert '<li class="tag">End child labour in agriculture</li>' in page
    assert '<li class="tag tag-accent">Child labour</li>' in page
    assert "Inspect tea farms" in page and "75,000 KES" in page and "Partly funded" in page and "2022–2024" in page
    assert "10 farms (2021)" in page and "200 farms (2026)" in page


def test_unknown_currency_is_refused_next_to_the_field_and_nothing_is_saved(client, cast, kenya_roadmap):
    client.force_login(cast.focal_point)
    priority = kenya_roadmap
    response = client.post(
        f"/countries/ke/roadmap/priorities/{priority.pk}/actions/",
        action_data(priority, budget_amount="1000", budget_currency="ABC"),
    )
    page = text(response)
    message = "“ABC” is not an ISO 4217 currency code (e.g. USD, EUR, KES)."
    assert message in page.split(f'for="id_action-{priority.pk}-budget_currency"')[1].split("</div>")[0]
    assert f'<details class="pf-add" id="add-action-{priority.pk}" open>' in page
    assert 'value="ABC"' in page  # what was typed stays
    assert not KeyAction.objects.exists()


def test_target_year_before_baseline_year_is_refused_and_nothing_is_saved(client, cast, kenya_roadmap):
    client.force_login(cast.focal_point)
    priority = kenya_roadmap
    response = client.post(
        f"/countries/ke/roadmap/priorities/{priority.pk}/indicators/",
        indicator_data(priority, baseline_year="2020", target_year="2019"),
    )
    page = text(response)
    message = "The target year (2019) is before the baseline year (2020)."
    assert message in page.split(f'for="id_indicator-{priority.pk}-target_year"')[1].split("</div>")[0]
    assert not Indicator.objects.exists()


def test_key_action_ending_before_it_starts_is_refused(client, cast, kenya_roadmap):
    client.force_login(cast.focal_point)
    priority = kenya_roadmap
    page = text(
        client.post(
            f"/countries/ke/roadmap/priorities/{priority.pk}/actions/",
            action_data(priority, start_year="2024", end_year="2022"),
        )
    )
    assert "The action ends before it starts." in page
    assert not KeyAction.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        ("roadmap.pdf", b"MZ\x90\x00 this is a program", "“roadmap.pdf” does not look like a PDF file"),
        ("roadmap.exe", b"MZ\x90\x00", "“roadmap.exe” is not a PDF, an Office document or an image"),
    ],
    ids=["fake-pdf", "not-a-document"],
)
def test_roadmap_upload_that_is_not_a_document_is_refused(client, cast, alliance, upload):
    name, content, message = upload
    client.force_login(cast.focal_point)
    response = client.post(
        "/countries/ke/roadmap/versions/",
        {
            "version-title": "Kenya roadmap",
            "version-period_start": "2022",
            "version-period_end": "2026",
            "version-document": SimpleUploadedFile(name, content),
        },
    )
    page = text(response)
    assert message in page.split('for="id_version-document"')[1].split("</div>")[0]
    assert not Roadmap.objects.filter(country=alliance.kenya).exists()


def test_roadmap_upload_over_the_size_limit_is_refused(client, cast, alliance, settings):
    settings.UPLOAD_MAX_BYTES = 2_000_000
    client.force_login(cast.focal_point)
    big = SimpleUploadedFile("roadmap.pdf", b"%PDF-1.7\n" + b"0" * 2_100_000)
    page = text(
        client.post(
            "/countries/ke/roadmap/versions/",
            {
                "version-title": "R",
                "version-period_start": "2022",
                "version-period_end": "2026",
                "version-document": big,
            },
        )
    )
    assert "“roadmap.pdf” is 2.1 MB; the limit is 2 MB." in page
    assert not Roadmap.objects.filter(country=alliance.kenya).exists()


def test_new_roadmap_version_becomes_current_and_keeps_the_old_one(client, cast, kenya_roadmap, alliance):
    client.force_login(cast.focal_point)
    client.post(
        "/countries/ke/roadmap/versions/",
        {"version-title": "Kenya roadmap, revised", "version-period_start": "2024", "version-period_end": "2030"},
    )
    versions = list(Roadmap.objects.filter(country=alliance.kenya).order_by("version"))
    assert [(r.version, r.is_current) for r in versions] == [(1, False), (2, True)]
    page = text(client.get("/countries/ke/roadmap/"))
    assert "Kenya roadmap, revised" in page and "No priority of this roadmap is recorded yet." in page
    # The old version's priority no longer takes key actions through the page.
    response = client.post(f"/countries/ke/roadmap/priorities/{kenya_roadmap.pk}/actions/", action_data(kenya_roadmap))
    assert response.status_code == 404


def test_roadmap_document_missing_is_404(client, kenya_roadmap):
    assert client.get("/countries/ke/roadmap/versions/1/document/").status_code == 404
    assert client.get("/countries/ke/roadmap/versions/9/document/").status_code == 404


def test_roadmap_period_ending_before_it_starts_is_refused(client, cast, alliance):
    client.force_login(cast.focal_point)
    page = text(
        client.post(
            "/countries/ke/roadmap/versions/",
            {"version-title": "R", "version-period_start": "2026", "version-period_end": "2022"},
        )
    )
    assert "The period ends before it starts." in page
    assert not Roadmap.objects.filter(country=alliance.kenya).exists()


def test_priority_without_a_roadmap_asks_for_the_roadmap_first(client, cast, alliance):
    client.force_login(cast.focal_point)
    response = client.post("/countries/ke/roadmap/priorities/", {"priority-title": "P"}, follow=True)
    assert "Record the roadmap first; then add its priorities." in text(response)
    assert not Priority.objects.exists()


def test_roadmap_edit_page_offers_currencies_and_vocabularies(client, cast, kenya_roadmap):
    client.force_login(cast.focal_point)
    page = text(client.get("/countries/ke/roadmap/"))
    assert '<datalist id="currencies">' in page and '<option value="KES">' in page
    assert 'list="currencies"' in page
    assert "Universal social protection" in page and "Human trafficking" in page  # the checkboxes
    assert 'type="checkbox" name="priority-durban_areas" value="financing"' in page


def test_example_country_edits_stay_marked_as_examples(secretariat_client, example):
    secretariat_client.post("/countries/xe/pathway/", {"stage": "workshop", "date": "2021-01-05"})
    assert Milestone.objects.filter(country=example, date=datetime.date(2021, 1, 5)).get().is_example
    secretariat_client.post(
        "/countries/xe/roadmap/versions/",
        {"version-title": "Exampleland roadmap v2", "version-period_start": "2027", "version-period_end": "2030"},
    )
    assert Roadmap.objects.get(country=example, is_current=True).is_example


def test_roadmap_edit_page_queries_do_not_grow_with_priorities(client, cast, alliance):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.focal_point)
    client.get("/countries/ke/roadmap/")  # the first page read keeps the reader's language: not the page's cost
    counts = []
    for n in (1, 3):
        Roadmap.objects.filter(country=alliance.kenya).delete()
        roadmap = services.roadmap_create(
            country=alliance.kenya, by=cast.secretariat, title="R", period_start=2020, period_end=2025
        )
        for i in range(n):
            priority = services.priority_add(roadmap=roadmap, by=cast.secretariat, title=f"P{i}")
            services.key_action_add(priority=priority, by=cast.secretariat, title=f"A{i}")
            services.indicator_add(priority=priority, by=cast.secretariat, name=f"I{i}")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/countries/ke/roadmap/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
