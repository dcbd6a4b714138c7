"""Loose ends of the consultations: each test failed before its fix.

- "none" in an XLSForm's refusal is the reader's word, not English built in code;
- an invitation e-mail says why it came (an invited address holds no role, often no account);
- a consultation's address never takes a fixed word of the consultations' addresses ("new", "manage"…);
- the admin lists every record of the consultations, priorities and second rounds for the secretariat.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from alliance87.engagement import services, xlsform
from alliance87.engagement.models import (
    Answer,
    Consultation,
    Invitation,
    OutcomeArea,
    OutcomeDocument,
    Priority,
    Response,
    Round,
    Statement,
)

from .making import make_consultation
from .xlsx_files import xlsx_upload


@pytest.fixture
def french_none():
    """The French catalogue as the next translation round will have it: "none" (nothing found) is "aucune"."""
    catalogues = trans_real.translation("fr")._catalog._catalogs  # looked up in order: this one first
    added = {"nothing found in a file\x04none": "aucune"}
    catalogues.insert(0, added)
    yield
    catalogues.remove(added)


def test_none_in_an_xlsform_refusal_is_translated(cast, french_none):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        xlsform.import_form(by=cast.secretariat, file=xlsx_upload({"survey": []}), kind="survey")
    [message] = refused.value.messages
    assert "(colonnes trouvées : aucune)" in message
    assert "none" not in message


def test_none_reads_none_in_english(cast):
    with pytest.raises(ValidationError) as refused:
        xlsform.import_form(by=cast.secretariat, file=xlsx_upload({"survey": []}), kind="survey")
    assert refused.value.messages == ["Sheet “survey” has no column “type” in its first row (columns found: none)."]


def test_an_invitation_by_address_says_why_it_came(cast, mailoutbox, django_capture_on_commit_callbacks):
    consultation = make_consultation(cast.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(by=cast.secretariat, consultation=consultation, addresses=[("ana@example.org", "en")])
    [sent] = mailoutbox
    footer = sent.body.rsplit("\n-- \n", 1)[1]
    assert "because of a role you hold" not in footer and "/me/" not in footer
    assert "invited this address to answer “Priorities after Durban”; you need no account." in footer
    assert footer.endswith(reverse("pages:contact"))


def test_an_invitation_in_french_says_why_in_french_with_the_french_title(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    consultation = make_consultation(cast.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(by=cast.secretariat, consultation=consultation, addresses=[("ana@example.org", "fr")])
    [sent] = mailoutbox
    footer = sent.body.rsplit("\n-- \n", 1)[1]
    assert "« Priorités après Durban »" in footer  # French quotation marks around the French title
    assert footer.endswith("/fr/contact/")  # the contact page in French


def test_an_organisations_invitation_says_its_editor_keeps_its_page(
    cast, alliance, mailoutbox, django_capture_on_commit_callbacks
):
    cast.partner_editor  # noqa: B018 -- Free the Slaves' editor, who receives its link
    consultation = make_consultation(cast.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(by=cast.secretariat, consultation=consultation, organisations=[alliance.free_the_slaves])
    [sent] = mailoutbox
    footer = sent.body.rsplit("\n-- \n", 1)[1]
    assert "invited your organisation to answer “Priorities after Durban”" in footer


def test_other_mail_keeps_the_role_footer(cast, mailoutbox):
    from alliance87.notify import render  # noqa: PLC0415

    _subject, body = render(cast.reviewer, subject="A report waits", body="Read it.")
    assert "because of a role you hold on the platform" in body


@pytest.mark.parametrize("title", ["New", "Manage", "Safeguarding", "Import"])
def test_a_consultation_never_takes_a_fixed_word_as_its_address(cast, title):
    consultation = services.consultation_create(by=cast.secretariat, title=title, kind="survey", languages=["en"])
    assert consultation.slug == f"{title.lower()}-consultation"
    assert reverse("engagement:manage", args=[consultation.slug]) != reverse("engagement:new")


def test_a_consultation_titled_new_keeps_its_console_page(secretariat_client, cast):
    consultation = services.consultation_create(by=cast.secretariat, title="New", kind="survey", languages=["en"])
    page = secretariat_client.get(reverse("engagement:manage", args=[consultation.slug]))
    assert page.status_code == 200
    assert "<h1>New</h1>" in page.content.decode() or ">New<" in page.content.decode()


ADMIN_MODELS = [Consultation, Invitation, Response, Answer, OutcomeDocument, OutcomeArea, Priority, Round, Statement]


def test_the_admin_lists_the_consultations_records_for_the_secretariat(secretariat_client, cast):
    consultation = make_consultation(cast.secretariat)
    [invited] = services.invite(by=cast.secretariat, consultation=consultation, addresses=[("a@example.org", "en")])
    services.response_save(
        consultation=consultation,
        token=invited.link.rstrip("/").rsplit("/", 1)[1],
        version=None,
        values={"first": "Fund labour inspection"},
        submit=True,
    )
    index = secretariat_client.get("/admin/").content.decode()
    for model in ADMIN_MODELS:
        url = reverse(f"admin:engagement_{model._meta.model_name}_changelist")
        assert f'href="{url}"' in index, model
        assert secretariat_client.get(url).status_code == 200, model
    page = secretariat_client.get(reverse("admin:engagement_consultation_change", args=[consultation.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="title__fr"' in html and "Priorités après Durban" in html  # its translations, editable
    assert 'name="status"' not in html and 'name="slug"' not in html  # the console's steps
    invitation = Invitation.objects.get()
    html = secretariat_client.get(reverse("admin:engagement_invitation_change", args=[invitation.pk])).content.decode()
    assert invitation.token_hash in html and 'name="token_hash"' not in html
    response = Response.objects.get()
    html = secretariat_client.get(reverse("admin:engagement_response_change", args=[response.pk])).content.decode()
    assert "Fund labour inspection" in html
    assert not re.search(r'<input[^>]+name="answers-0-text"', html)  # read, never changed


@pytest.mark.parametrize("who", ["outsider", "reviewer", "safeguarding"])
def test_the_admin_is_closed_to_everyone_else(client, cast, who):
    user = getattr(cast, who)
    user.is_staff = True  # Django's own flag opens nothing: the admin is the secretariat's role
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:engagement_consultation_changelist")).status_code in (302, 403)
    assert client.get(reverse("admin:engagement_response_changelist")).status_code in (302, 403)
