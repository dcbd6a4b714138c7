"""The consultation services: rights, invitations and their tokens, answering, anonymity, safeguarding."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alliance87.accounts.models import Role
from alliance87.engagement import services
from alliance87.engagement.models import Answer, Consultation, Invitation, Response, ResponseStatus
from alliance87.testing import make_user

from .making import make_consultation

pytestmark = pytest.mark.django_db(transaction=False)


def _invite_address(consultation, by, address="ana@example.org", language="fr"):
    done = services.invite(by=by, consultation=consultation, addresses=[(address, language)])
    return done[0].link.rstrip("/").rsplit("/", 1)[1]


def _save(consultation, token, *, submit=False, version=None, **values):
    return services.response_save(
        consultation=consultation,
        token=token,
        version=version,
        values=values,
        profile={"consent_quote": True},
        language="fr",
        submit=submit,
    )


def test_only_the_secretariat_creates_edits_opens_and_closes(cast):
    for someone in (cast.outsider, cast.safeguarding, cast.partner_editor, None):
        with pytest.raises(PermissionDenied):
            services.consultation_create(by=someone, title="T", kind="survey", languages=["en"])
    consultation = make_consultation(cast.secretariat, open_it=False)
    with pytest.raises(PermissionDenied):
        services.consultation_open(by=cast.outsider, consultation=consultation)
    with pytest.raises(PermissionDenied):
        services.question_add(by=cast.reviewer, consultation=consultation, kind="text", label="Mine")
    with pytest.raises(PermissionDenied):
        services.invite(by=cast.partner_editor, consultation=consultation, addresses=[("x@example.org", "")])
    consultation.team.add(cast.reviewer)  # a team member reads answers, and edits nothing
    with pytest.raises(PermissionDenied):
        services.consultation_close(by=cast.reviewer, consultation=consultation)
    assert cast.reviewer.has_perm("engagement.read_answers", consultation)
    assert not cast.outsider.has_perm("engagement.read_answers", consultation)


def test_opening_names_what_is_missing(cast):
    consultation = services.consultation_create(by=cast.secretariat, title="Empty", kind="survey", languages=["en"])
    with pytest.raises(ValidationError, match="Add at least one question"):
        services.consultation_open(by=cast.secretariat, consultation=consultation)
    services.question_add(by=cast.secretariat, consultation=consultation, kind="single", label="Pick")
    with pytest.raises(ValidationError, match="needs at least two choices"):
        services.consultation_open(by=cast.secretariat, consultation=consultation)


def test_languages_must_include_english(cast):
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(by=cast.secretariat, title="T", kind="survey", languages=["fr"])
    assert "languages" in refused.value.message_dict


def test_invitation_is_emailed_in_the_invitees_language_and_its_token_kept_hashed(
    cast, django_capture_on_commit_callbacks
):
    consultation = make_consultation(cast.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.invite(by=cast.secretariat, consultation=consultation, addresses=[("ana@example.org", "fr")])
    token = done[0].link.rstrip("/").rsplit("/", 1)[1]
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "Priorités après Durban" in message.subject
    assert f"/fr/consultations/{consultation.slug}/answer/{token}/" in message.body
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash and invitation.token_hash == services.token_hash(token)
    assert invitation.sent_at is not None


def test_an_organisation_is_invited_through_its_partner_editors(cast, alliance, django_capture_on_commit_callbacks):
    consultation = make_consultation(cast.secretariat)
    editor = cast.partner_editor
    editor.language = "es"
    editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        [done] = services.invite(
            by=cast.secretariat, consultation=consultation, organisations=[alliance.free_the_slaves]
        )
    [message] = mail.outbox
    assert message.to == [editor.email] and "/es/consultations/" in message.body
    token = done.link.rstrip("/").rsplit("/", 1)[1]
    response = services.response_for_token(consultation=consultation, token=token)
    # The stakeholder group and region come from the organisation: the form does not ask them.
    assert response.organisation == alliance.free_the_slaves
    assert response.stakeholder_group == alliance.free_the_slaves.kind
    assert "stakeholder_group" not in services.asked_profile(response)


def test_a_token_cannot_be_replayed_after_submission(cast):
    consultation = make_consultation(cast.secretariat)
    token = _invite_address(consultation, cast.secretariat)
    _save(consultation, token, submit=True, first="Fund labour inspection.")
    assert Invitation.objects.get().used_at is not None
    with pytest.raises(services.AlreadySubmitted):
        services.response_for_token(consultation=consultation, token=token)
    with pytest.raises(services.AlreadySubmitted):
        _save(consultation, token, submit=True, first="Changed afterwards.")
    assert Answer.objects.get(question__name="first").text == "Fund labour inspection."


def test_an_unknown_token_opens_nothing(cast):
    consultation = make_consultation(cast.secretariat)
    _invite_address(consultation, cast.secretariat)
    with pytest.raises(Response.DoesNotExist):
        services.response_for_token(consultation=consultation, token="not-a-token")
    other = make_consultation(cast.secretariat)
    token = _invite_address(other, cast.secretariat, "bo@example.org")
    with pytest.raises(Response.DoesNotExist):  # a link of another consultation
        services.response_for_token(consultation=consultation, token=token)


def test_save_and_resume_keeps_the_answers_and_refuses_a_stale_page(cast):
    consultation = make_consultation(cast.secretariat)
    token = _invite_address(consultation, cast.secretariat)
    first = _save(consultation, token, first="Données d’abord", area="data")
    assert first.status == ResponseStatus.DRAFT
    resumed = services.response_for_token(consultation=consultation, token=token)
    assert resumed.pk == first.pk
    assert {a.question.name: (a.text or a.choices) for a in resumed.answers.all()} == {
        "first": "Données d’abord",
        "area": ["data"],
    }
    _save(consultation, token, version=first.version, first="Plus tard")
    with pytest.raises(services.StaleResponse):  # the same page, saved again: another save came between
        _save(consultation, token, version=first.version, first="Écrase")
    assert Answer.objects.get(question__name="first").text == "Plus tard"


def test_a_draft_may_lack_required_answers_a_submission_may_not(cast):
    consultation = make_consultation(cast.secretariat)
    token = _invite_address(consultation, cast.secretariat)
    _save(consultation, token, area="finance")
    with pytest.raises(ValidationError) as refused:
        _save(consultation, token, submit=True, area="finance")
    assert refused.value.message_dict == {"q_first": ["This question needs an answer."]}
    with pytest.raises(ValidationError) as wrong:
        _save(consultation, token, area="not-a-choice", urgency="9")
    assert set(wrong.value.message_dict) == {"q_area", "q_urgency"}


def test_closed_and_not_yet_open_refuse_answers(cast):
    consultation = make_consultation(cast.secretariat)
    token = _invite_address(consultation, cast.secretariat)
    services.consultation_close(by=cast.secretariat, consultation=consultation)
    with pytest.raises(services.NotAccepting) as closed:
        _save(consultation, token, first="Too late")
    assert closed.value.reason == "closed"
    later = make_consultation(cast.secretariat, opens_at=timezone.now() + datetime.timedelta(days=2))
    token = _invite_address(later, cast.secretariat, "bo@example.org")
    with pytest.raises(services.NotAccepting) as early:
        services.response_for_token(consultation=later, token=token)
    assert early.value.reason == "not_yet"
    assert not Response.objects.filter(consultation=later).exists()


def test_anonymous_answers_keep_no_email_ip_or_device(cast, client):
    consultation = make_consultation(cast.secretariat, anonymous=True)
    response, key = services.response_start_anonymous(consultation=consultation, language="fr")
    services.response_save(
        consultation=consultation,
        token=key,
        version=None,
        values={"first": "Des inspecteurs"},
        profile={"stakeholder_group": "workers", "region": "africa", "consent_quote": True, "consent_name": True},
        language="fr",
        submit=True,
    )
    response.refresh_from_db()
    assert (response.stakeholder_group, response.region) == ("workers", "africa")
    assert response.invitation is None and response.organisation is None
    assert response.consent_name is False  # never asked when anonymous: nothing to name
    assert response.resume_hash == ""  # the link opens nothing once submitted
    stored = " ".join(str(v) for v in Response.objects.filter(pk=response.pk).values().get().values())
    assert "@" not in stored and "127.0.0.1" not in stored
    with pytest.raises(Response.DoesNotExist):
        services.response_for_token(consultation=consultation, token=key)


def test_an_invitation_only_consultation_has_no_anonymous_way_in(cast):
    consultation = make_consultation(cast.secretariat)
    with pytest.raises(PermissionDenied):
        services.response_start_anonymous(consultation=consultation)


def test_a_disclosure_goes_to_safeguarding_without_its_text_and_is_never_quotable(
    cast, django_capture_on_commit_callbacks
):
    safeguarding = cast.safeguarding
    consultation = make_consultation(cast.secretariat)
    token = _invite_address(consultation, cast.secretariat)
    words = "My employer took my passport and I cannot leave"
    with django_capture_on_commit_callbacks(execute=True):
        _save(consultation, token, first=words)
    flagged = Answer.objects.get(question__name="first")
    assert flagged.may_be_disclosure and not flagged.quotable
    [message] = [m for m in mail.outbox if safeguarding.email in m.to]
    assert "passport" not in message.body and words not in message.body
    assert "/consultations/safeguarding/" in message.body
    with django_capture_on_commit_callbacks(execute=True):  # saved again: no second e-mail
        _save(consultation, token, first=words + ".")
    assert len([m for m in mail.outbox if safeguarding.email in m.to]) == 1
    services.answer_safeguarding_done(by=safeguarding, answer=flagged)
    with pytest.raises(PermissionDenied):
        services.answer_safeguarding_done(by=cast.outsider, answer=flagged)


def test_a_disclosure_in_french_is_found_too(cast):
    consultation = make_consultation(cast.secretariat)
    token = _invite_address(consultation, cast.secretariat)
    _save(consultation, token, first="Mon patron a pris mon passeport, je ne peux pas partir")
    assert Answer.objects.get(question__name="first").may_be_disclosure


def test_questions_answered_cannot_be_deleted_or_change_kind(cast):
    consultation = make_consultation(cast.secretariat)
    token = _invite_address(consultation, cast.secretariat)
    _save(consultation, token, submit=True, first="Answered")
    question = consultation.questions.get(name="first")
    with pytest.raises(ValidationError):
        services.question_delete(by=cast.secretariat, question=question)
    with pytest.raises(ValidationError):
        services.question_update(by=cast.secretariat, question=question, kind="single")
    services.question_update(by=cast.secretariat, question=question, label="What first, in a word?")


def test_team_members_read_answers(cast):
    consultation = make_consultation(cast.secretariat)
    member = make_user("analyst@example.org")
    services.team_add(by=cast.secretariat, consultation=consultation, email="ANALYST@example.org")
    assert member.has_perm("engagement.read_answers", Consultation.objects.get(pk=consultation.pk))
    with pytest.raises(ValidationError):
        services.team_add(by=cast.secretariat, consultation=consultation, email="nobody@example.org")


def test_safeguarding_falls_back_to_the_secretariat(cast):
    secretariat = cast.secretariat
    assert services.safeguarding_recipients() == [secretariat]
    make_user("sg@example.org", Role.SAFEGUARDING_FOCAL_POINT)
    assert [u.email for u in services.safeguarding_recipients()] == ["sg@example.org"]
