"""No NUL character and no oversized value reaches a service, whatever the entry point: answered with
the field named, nothing saved (on SQLite, which would store a NUL, and PostgreSQL, which would fail)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliance87.accounts.models import ApiToken
from alliance87.accounts.services import api_token_create
from alliance87.network.models import Organisation
from alliance87.pathfinders.tests.test_report_pages import start_report
from alliance87.writes import save_validated

NUL_MESSAGE = "Text may not contain NUL characters."


def _bearer(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='test')[1]}"}


def test_api_patch_with_nul_is_422_naming_the_field(client, cast, alliance):
    before = Organisation.objects.get(pk=alliance.free_the_slaves.pk).description
    response = client.patch(
        f"/api/organisations/{alliance.free_the_slaves.slug}",
        {"description": "Partner\u0000text"},
        content_type="application/json",
        headers=_bearer(cast.partner_editor),
    )
    assert response.status_code == 422
    assert response.json() == {"detail": [{"loc": ["body", "description"], "msg": NUL_MESSAGE}]}
    assert Organisation.objects.get(pk=alliance.free_the_slaves.pk).description == before


def test_api_nul_in_a_nested_key_is_named(client, cast, alliance):
    response = client.patch(
        f"/api/organisations/{alliance.free_the_slaves.slug}",
        {"links": [{"na\u0000me": "x"}]},
        content_type="application/json",
        headers=_bearer(cast.partner_editor),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "links", 0, "na\u0000me"]


def test_artwork_first_name_with_nul_is_refused(client, db):
    response = client.post(
        "/api/artwork/any-banner/contributions",
        {"colour": "#A21942", "x": 1, "y": 1, "first_name": "Ana\u0000"},
        content_type="application/json",
        headers={"X-Device-Token": "d" * 32},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "first_name"], "msg": NUL_MESSAGE}]


def test_page_form_with_nul_is_400_naming_the_field(client, cast):
    client.force_login(cast.outsider)
    response = client.post("/me/tokens/", {"name": "My\u0000script"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "In “name”:" in page and NUL_MESSAGE in page and "nothing was saved" in page
    assert not ApiToken.objects.filter(user=cast.outsider).exists()


def test_query_string_with_nul_is_400(client, db):
    response = client.get("/partners/?q=%00")
    assert response.status_code == 400
    assert "In “q”:" in response.content.decode()


def test_report_autosave_with_nul_answers_json_and_keeps_the_draft(client, cast, alliance):
    from alliance87.pathfinders.tests.test_report_pages import client_for, give_roadmap, open_cycle

    give_roadmap(alliance.kenya, cast.secretariat)
    cycle = open_cycle(cast.secretariat, 2026)
    focal = client_for(cast.focal_point)
    report = start_report(focal, cycle)
    question = cycle.questions.first()
    url = reverse("pathfinders:report_autosave", args=[report.pk])
    assert focal.post(url, {f"answer-{question.pk}": "Kept"}, HTTP_ACCEPT="application/json").status_code == 200
    response = focal.post(url, {f"answer-{question.pk}": "Lost\u0000"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json() == {"errors": {f"answer-{question.pk}": [NUL_MESSAGE]}}
    assert report.answers.get().text == "Kept"


def test_oversized_value_is_refused(client, cast, alliance, settings):
    settings.TEXT_INPUT_MAX_CHARS = 1000
    response = client.patch(
        f"/api/organisations/{alliance.free_the_slaves.slug}",
        {"description": "x" * 1001},
        content_type="application/json",
        headers=_bearer(cast.partner_editor),
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"loc": ["body", "description"], "msg": "Text may be at most 1,000 characters long."}]
    }


def test_uploaded_files_may_hold_nul_bytes(client, cast):
    # A PDF is binary: the check reads the form's text fields, never the files.
    client.force_login(cast.outsider)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\x00\x00binary", content_type="application/pdf")
    response = client.post("/me/tokens/", {"name": "With a file", "file": upload})
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=cast.outsider, name="With a file").exists()


def test_services_refuse_nul_that_came_another_way(alliance):
    organisation = Organisation.objects.get(pk=alliance.nestle.pk)
    organisation.name = "Nestl\u0000é"
    with pytest.raises(ValidationError) as error:
        save_validated(organisation, by=None)
    assert error.value.message_dict["name"] == [NUL_MESSAGE]
