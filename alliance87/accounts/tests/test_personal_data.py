"""A person's own data from "My account": the download holds theirs and nobody else's; deleting the
account removes it and every trace of their name and address in the change history."""

import datetime
import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.test import Client
from simple_history.models import HistoricalChanges

from alliance87.accounts.models import ApiToken, Role, RoleAssignment
from alliance87.accounts.personal_data import DELETED, account_delete, personal_data_export
from alliance87.accounts.services import api_token_create
from alliance87.pathfinders import services as pathfinders
from alliance87.pathfinders.models import Assessment, ReportCycle
from alliance87.testing import PASSWORD, make_user

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def reviewer_work(cast, alliance):
    """The reviewer opened Kenya's assessment (history, and a record that names them as assessor) and
    holds a token and an authenticator; the secretariat opened the cycle and wrote the reviewer's address
    into a cycle's title (history rows the reviewer did not make)."""
    pathfinders.framework_default_create()
    cycle = pathfinders.cycle_create(
        by=cast.secretariat,
        year=2025,
        title="2025 cycle, questions to reviewer@example.org",
        opens_on=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 4, 30),
    )
    assessment = pathfinders.assessment_prepare(country=alliance.kenya, cycle=cycle, by=cast.reviewer)
    token, raw = api_token_create(user=cast.reviewer, name="Reviewers' spreadsheet")
    TOTP.activate(cast.reviewer, SECRET)
    return {"cycle": cycle, "assessment": assessment, "token": token, "raw": raw}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def history_rows_naming(text: str) -> list[str]:
    """Every history row, in every app, with ``text`` in one of its text fields."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, HistoricalChanges):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                for pk in model.objects.filter(**{f"{field.name}__icontains": text}).values_list("pk", flat=True):
                    found.append(f"{model._meta.label}#{pk}.{field.name}")
    return found


def history_rows_by(user_pk: int) -> list[str]:
    """Every history row that points to the user, through ``history_user`` or a copied field."""
    user_model = get_user_model()
    found = []
    for model in apps.get_models():
        if not issubclass(model, HistoricalChanges):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is user_model:
                if model.objects.filter(**{field.attname: user_pk}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found


# ---- Download ------------------------------------------------------------------------------------


def test_personal_data_download_is_attachment_with_own_data(cast, reviewer_work):
    response = signed_in(cast.reviewer).get("/me/data/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="alliance87-my-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "reviewer@example.org" and data["account"]["name"] == "reviewer"
    assert [(r["role"], r["held_for"]) for r in data["roles"]] == [(Role.MONITORING_REVIEWER, None)]
    assert data["api_tokens"] == [
        {
            "name": "Reviewers' spreadsheet",
            "prefix": reviewer_work["token"].prefix,
            "created_at": reviewer_work["token"].created_at.isoformat(),
            "last_used_at": None,
            "revoked_at": None,
        }
    ]
    assert data["two_factor_authenticators"] == ["totp"]
    assert {(c["model"], c["change"]) for c in data["changes_in_history"]} == {
        ("pathfinders.assessment", "created"),
        ("pathfinders.criterionresult", "created"),
    }
    assessment = reviewer_work["assessment"]
    assert {"model": "pathfinders.assessment", "field": "assessed by", "id": assessment.pk} in [
        {k: r[k] for k in ("model", "field", "id")} for r in data["linked_records"]
    ]


def test_personal_data_download_holds_no_secret_nor_other_person(cast, reviewer_work):
    body = signed_in(cast.reviewer).get("/me/data/download/").content.decode()
    assert reviewer_work["token"].key_hash not in body and reviewer_work["raw"] not in body
    assert SECRET not in body and "secret" not in body.lower()
    assert "secretariat@example.org" not in body  # who opened the cycle is not the reviewer's data
    data = json.loads(body)
    assert "pathfinders.reportcycle" not in {c["model"] for c in data["changes_in_history"]}


def test_personal_data_export_of_another_person_holds_none_of_the_reviewers(cast, reviewer_work):
    data = personal_data_export(user=cast.secretariat)
    assert data["account"]["email"] == "secretariat@example.org"
    assert data["api_tokens"] == [] and data["two_factor_authenticators"] == []
    assert "pathfinders.assessment" not in {c["model"] for c in data["changes_in_history"]}
    assert "reviewer@example.org" not in json.dumps(data, default=str)


def test_personal_data_page_linked_from_dashboard(cast):
    client = signed_in(cast.reviewer)
    assert 'href="/me/data/"' in client.get("/me/").content.decode()
    page = client.get("/me/data/").content.decode()
    assert "Download my data (JSON)" in page and 'href="/me/data/download/"' in page
    assert 'href="/me/delete/"' in page


def test_personal_data_anonymous_is_sent_to_sign_in(client):
    for address in ("/me/data/", "/me/data/download/", "/me/delete/"):
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---- Deletion ------------------------------------------------------------------------------------


def test_account_delete_removes_user_and_history_traces(cast, reviewer_work):
    reviewer = cast.reviewer
    client = signed_in(reviewer)
    assert history_rows_by(reviewer.pk) and history_rows_naming("reviewer@example.org")
    response = client.post("/me/delete/", {"confirmation": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/me/deleted/"
    page = client.get("/me/deleted/").content.decode()
    assert "Your account is deleted" in page and "You are signed out." in page

    assert not get_user_model().objects.filter(email="reviewer@example.org").exists()
    assert not RoleAssignment.objects.filter(user_id=reviewer.pk).exists()
    assert not ApiToken.objects.filter(user_id=reviewer.pk).exists()
    assert not Authenticator.objects.filter(user_id=reviewer.pk).exists()
    assert history_rows_by(reviewer.pk) == []
    assert history_rows_naming("reviewer@example.org") == []
    cycle = ReportCycle.history.filter(id=reviewer_work["cycle"].pk).latest()
    assert cycle.title == f"2025 cycle, questions to {DELETED}"  # the secretariat's row, scrubbed of the address
    assert cycle.history_user == cast.secretariat  # and still the secretariat's
    assessment = Assessment.objects.get(pk=reviewer_work["assessment"].pk)
    assert assessment.assessed_by is None and assessment.history.count() == 1  # the work stays
    # The session is gone: the next page asks to sign in, and the token no longer works.
    assert client.get("/me/")["Location"].startswith("/accounts/login/")
    api = Client().get("/api/reports/999999", headers={"Authorization": f"Bearer {reviewer_work['raw']}"})
    assert api.status_code == 401 and "bearer token" in api.json()["detail"]


def test_account_delete_scrubs_name_from_the_history_rows_the_person_made(cast, alliance):
    amina = make_user("amina.diallo@example.org", Role.MONITORING_REVIEWER, name="Amina Diallo")
    pathfinders.framework_default_create()
    cycle = pathfinders.cycle_create(
        by=cast.secretariat,
        year=2025,
        title="2025",
        opens_on=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 4, 30),
    )
    assessment = pathfinders.assessment_prepare(country=alliance.kenya, cycle=cycle, by=amina)
    af4 = assessment.version.criteria.get(code="AF4")
    pathfinders.assessment_judge(
        assessment=assessment, criterion=af4, by=amina, judgement="met", comment="Met with Amina Diallo's team."
    )
    assert history_rows_naming("Amina Diallo")
    account_delete(user=amina, by=amina)
    assert history_rows_naming("Amina Diallo") == [] and history_rows_naming("amina.diallo@") == []
    judged = assessment.results.get(criterion=af4).history.latest()
    assert (judged.comment, judged.history_user) == (f"Met with {DELETED}'s team.", None)


def test_account_delete_wrong_password_keeps_account(cast):
    client = signed_in(cast.reviewer)
    response = client.post("/me/delete/", {"confirmation": "not my password"})
    assert response.status_code == 400
    assert "This is not your password. Your account is not deleted." in response.content.decode()
    assert get_user_model().objects.filter(pk=cast.reviewer.pk).exists()


def test_account_delete_without_password_asks_for_email(cast):
    cast.outsider.set_unusable_password()
    cast.outsider.save()
    client = signed_in(cast.outsider)
    assert 'type="email" name="confirmation"' in client.get("/me/delete/").content.decode()
    response = client.post("/me/delete/", {"confirmation": "other@example.org"})
    assert "This is not your e-mail address. Your account is not deleted." in response.content.decode()
    assert client.post("/me/delete/", {"confirmation": "Someone@Example.org"}).status_code == 302
    assert not get_user_model().objects.filter(pk=cast.outsider.pk).exists()


def test_account_delete_last_secretariat_member_refused(secretariat_client, cast):
    others = get_user_model().objects.filter(roles__role=Role.SECRETARIAT).exclude(pk=cast.secretariat.pk)
    assert not others.exists() and not get_user_model().objects.filter(is_superuser=True).exists()
    response = secretariat_client.post("/me/delete/", {"confirmation": PASSWORD})
    assert response.status_code == 400
    assert "You are the last member of the secretariat, so this account cannot be deleted" in (
        response.content.decode()
    )
    assert get_user_model().objects.filter(pk=cast.secretariat.pk).exists()
    assert RoleAssignment.objects.filter(user=cast.secretariat, role=Role.SECRETARIAT).exists()


def test_account_delete_secretariat_member_with_a_colleague_is_deleted(secretariat_client, cast):
    make_user("second.secretariat@example.org", Role.SECRETARIAT)
    response = secretariat_client.post("/me/delete/", {"confirmation": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=cast.secretariat.pk).exists()


def test_account_delete_by_another_person_is_forbidden(cast):
    with pytest.raises(PermissionDenied):
        account_delete(user=cast.reviewer, by=cast.outsider)
    assert get_user_model().objects.filter(pk=cast.reviewer.pk).exists()


def test_account_delete_no_model_protects_the_user():
    """Deletion relies on it: a model that PROTECTs (or RESTRICTs) a user would make every deletion of
    its users fail. Whoever adds one decides here whether to deactivate and scrub instead."""
    user_model = get_user_model()
    protecting = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and field.related_model is user_model
        and field.remote_field.on_delete in (models.PROTECT, models.RESTRICT)
    ]
    assert protecting == []
