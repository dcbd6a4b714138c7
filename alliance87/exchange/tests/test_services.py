"""The exchange's services: who may share, edit, review and withdraw; the survivor-informed consent rules with
their exact messages; pictures of people; "share your journey"; and the mails each step sends."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alliance87.commitments.models import ProgressUpdate
from alliance87.commitments.tests.making import commitment
from alliance87.exchange import services
from alliance87.exchange.models import Experience, ExperienceKind, ExperienceStatus
from alliance87.search.engine import matching_ids
from alliance87.search.models import Kind

from .making import experience, pdf, png


def _draft(cast, **fields):
    return services.experience_create(
        by=cast.partner_editor,
        title="Farm visits with village committees (example)",
        summary="What worked in three districts. (Example.)",
        what_was_done="Committees visited farms. (Example.)",
        organisation=cast.alliance.free_the_slaves,
        countries=[cast.alliance.kenya],
        **fields,
    )


def _errors(caught) -> dict:
    return {field: [str(m) for m in messages] for field, messages in caught.value.message_dict.items()}


# --- Rights ----------------------------------------------------------------------------------------------


def test_people_who_speak_for_someone_share_others_do_not(cast):
    for person in (cast.partner_editor, cast.focal_point, cast.group_lead, cast.secretariat):
        made = services.experience_create(by=person, title="Shared (example)", summary="S.")
        assert made.status == ExperienceStatus.DRAFT and made.created_by == person
    for person in (cast.outsider, cast.reviewer):
        with pytest.raises(PermissionDenied):
            services.experience_create(by=person, title="Shared (example)", summary="S.")


def test_one_shares_only_for_an_organisation_one_speaks_for(cast):
    with pytest.raises(ValidationError) as caught:
        services.experience_create(by=cast.partner_editor, title="T", summary="S", organisation=cast.alliance.nestle)
    assert _errors(caught) == {"organisation": ["You may share only for an organisation you speak for."]}
    made = services.experience_create(by=cast.secretariat, title="T", summary="S", organisation=cast.alliance.nestle)
    assert made.organisation == cast.alliance.nestle


def test_the_slug_avoids_the_fixed_addresses_and_repeats(cast):
    first = services.experience_create(by=cast.partner_editor, title="New", summary="S")
    second = services.experience_create(by=cast.partner_editor, title="New", summary="S")
    assert first.slug == "new-experience" and second.slug == "new-experience-2"


def test_only_its_sharers_edit_a_draft_and_nobody_edits_once_submitted(cast):
    draft = _draft(cast)
    for person in (cast.focal_point, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.experience_update(by=person, experience=draft, title="Mine now")
    services.experience_update(by=cast.partner_editor, experience=draft, title="Better title (example)")
    services.experience_submit(by=cast.partner_editor, experience=draft)
    with pytest.raises(PermissionDenied):
        services.experience_update(by=cast.partner_editor, experience=draft, title="Late change")


def test_text_over_its_limit_is_refused_naming_the_field(cast):
    with pytest.raises(ValidationError) as caught:
        _draft(cast, lessons="x" * 4001)
    assert _errors(caught) == {"lessons": ["At most 4000 characters; this has 4001."]}
    assert not Experience.objects.exists()


# --- Review ----------------------------------------------------------------------------------------------


def test_submit_tells_the_secretariat_with_the_review_link(cast, django_capture_on_commit_callbacks):
    cast.secretariat  # noqa: B018 -- exists before the submission
    draft = _draft(cast)
    mail.outbox.clear()
    with pytest.raises(ValidationError) as caught:
        services.experience_update(by=cast.partner_editor, experience=draft, what_was_done="")
        services.experience_submit(by=cast.partner_editor, experience=draft)
    assert _errors(caught) == {"what_was_done": ["Say what was done: it is what others can copy."]}
    services.experience_update(by=cast.partner_editor, experience=draft, what_was_done="Visits. (Example.)")
    with django_capture_on_commit_callbacks(execute=True):
        services.experience_submit(by=cast.partner_editor, experience=draft)
    assert [m.to for m in mail.outbox] == [[cast.secretariat.email]]
    assert mail.outbox[0].subject == "Experience to review: Farm visits with village committees (example)"
    assert f"/experiences/{draft.slug}/review/" in mail.outbox[0].body


def test_publish_and_send_back_are_the_secretariats_and_tell_the_sharers(cast, django_capture_on_commit_callbacks):
    draft = _draft(cast)
    services.experience_submit(by=cast.partner_editor, experience=draft)
    with pytest.raises(PermissionDenied):
        services.experience_publish(by=cast.partner_editor, experience=draft)
    with pytest.raises(ValidationError) as caught:
        services.experience_request_changes(by=cast.secretariat, experience=draft, comment="  ")
    assert _errors(caught) == {"comment": ["Say what should change, so the person who shared it knows."]}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.experience_request_changes(by=cast.secretariat, experience=draft, comment="Name the districts.")
    draft.refresh_from_db()
    assert draft.status == ExperienceStatus.CHANGES_REQUESTED and draft.review_comment == "Name the districts."
    assert [m.to for m in mail.outbox] == [[cast.partner_editor.email]]
    assert "Name the districts." in mail.outbox[0].body and f"/experiences/{draft.slug}/edit/" in mail.outbox[0].body
    services.experience_submit(by=cast.partner_editor, experience=draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.experience_publish(by=cast.secretariat, experience=draft)
    draft.refresh_from_db()
    assert draft.status == ExperienceStatus.PUBLISHED and draft.published_at
    assert mail.outbox[0].subject == "Your experience is published: Farm visits with village committees (example)"
    assert f"/experiences/{draft.slug}/" in mail.outbox[0].body
    with pytest.raises(ValidationError, match="Only a submitted experience can be published."):
        services.experience_publish(by=cast.secretariat, experience=draft)


# --- Survivor-informed consent ---------------------------------------------------------------------------


def test_a_story_is_anonymous_by_default_and_a_name_needs_recorded_consent(cast):
    story = _draft(cast, lived_experience=True, kind=ExperienceKind.PRACTICE)
    assert story.kind == ExperienceKind.STORY and not story.teller_named and story.public_teller == ""
    with pytest.raises(ValidationError) as caught:
        services.teller_consent(by=cast.partner_editor, experience=story, named=True, name="", how="")
    assert _errors(caught) == {
        "teller_name": ["Give the teller’s name, or leave the story anonymous."],
        "consent_note": [
            "Say how the teller gave their consent to be named (in writing, recorded orally, …): a teller is "
            "named only once their consent is recorded."
        ],
    }
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.teller_consent(
            by=cast.partner_editor, experience=story, named=True, name="Amina", how="Signed form", given_on=tomorrow
        )
    assert _errors(caught) == {"consent_given_on": ["The consent cannot have been given in the future."]}
    story.refresh_from_db()
    assert story.teller_name == "" and story.public_teller == ""
    services.teller_consent(
        by=cast.partner_editor, experience=story, named=True, name="Amina", how="Signed consent form, kept on file"
    )
    story.refresh_from_db()
    assert story.public_teller == "Amina" and story.consent_recorded_by == cast.partner_editor
    assert story.consent_note == "Signed consent form, kept on file" and story.consent_recorded_at
    services.teller_consent(by=cast.partner_editor, experience=story, named=False)
    story.refresh_from_db()
    assert (story.teller_name, story.consent_recorded_at, story.consent_note, story.public_teller) == ("", None, "", "")


def test_a_name_typed_without_consent_is_never_public(cast):
    story = experience(lived_experience=True, teller_named=True, teller_name="Amina", consent_recorded_at=None)
    assert story.public_teller == ""
    with pytest.raises(ValidationError) as caught:
        story.full_clean()
    assert _errors(caught)["teller_named"] == ["A teller is named only once their consent is recorded."]


def test_only_a_lived_experience_story_names_a_teller(cast):
    practice = _draft(cast)
    with pytest.raises(ValidationError) as caught:
        services.teller_consent(by=cast.partner_editor, experience=practice, named=True, name="A", how="Signed")
    assert _errors(caught) == {
        "teller_named": ["Only a story told by a person with lived experience names its teller."]
    }


def test_withdrawing_takes_it_off_the_search_at_once_and_tells_the_secretariat(
    cast, django_capture_on_commit_callbacks
):
    cast.secretariat  # noqa: B018
    story = experience(by=cast.partner_editor, organisation=cast.alliance.free_the_slaves, lived_experience=True)
    assert story.pk in set(matching_ids("cocoa farms", Kind.EXPERIENCE).values_list("object_id", flat=True))
    with pytest.raises(PermissionDenied):
        services.experience_withdraw(by=cast.focal_point, experience=story)
    with django_capture_on_commit_callbacks(execute=True):
        services.experience_withdraw(by=cast.partner_editor, experience=story, reason="The teller asked.")
    story.refresh_from_db()
    assert story.status == ExperienceStatus.WITHDRAWN and story.withdrawn_reason == "The teller asked."
    assert not matching_ids("cocoa farms", Kind.EXPERIENCE).exists()
    assert [m.to for m in mail.outbox] == [[cast.secretariat.email]]
    with pytest.raises(PermissionDenied):  # once is enough
        services.experience_withdraw(by=cast.secretariat, experience=story)


def test_the_secretariat_withdraws_on_the_tellers_request_and_tells_the_sharers(
    cast, django_capture_on_commit_callbacks
):
    story = experience(by=cast.partner_editor, organisation=cast.alliance.free_the_slaves, lived_experience=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.experience_withdraw(by=cast.secretariat, experience=story, reason="At the teller’s request.")
    assert [m.to for m in mail.outbox] == [[cast.partner_editor.email]]
    assert "At the teller’s request." in mail.outbox[0].body


def test_withdrawing_renews_the_cached_public_pages(cast, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "public_pages_changed", lambda: calls.append(1))
    story = experience(by=cast.partner_editor)
    services.experience_withdraw(by=cast.partner_editor, experience=story)
    assert calls


# --- Pictures and documents ------------------------------------------------------------------------------


def test_a_picture_needs_its_description_and_people_need_their_consent(cast):
    draft = _draft(cast)
    with pytest.raises(ValidationError) as caught:
        services.media_add(by=cast.partner_editor, experience=draft, file=png())
    assert _errors(caught) == {"alt_text": ["Describe the picture for people who cannot see it."]}
    shown = services.media_add(
        by=cast.partner_editor, experience=draft, file=png(), alt_text="A committee meets under a tree."
    )
    assert shown.may_be_shown
    people = services.media_add(
        by=cast.partner_editor, experience=draft, file=png("people.png"), alt_text="Pupils.", shows_people=True
    )
    assert not people.may_be_shown and people.people_consent_recorded_at is None
    with pytest.raises(ValidationError) as caught:
        services.media_record_consent(by=cast.partner_editor, media=people, how=" ")
    assert _errors(caught) == {"people_consent": ["Say how the people shown gave their consent."]}
    services.media_record_consent(by=cast.partner_editor, media=people, how="Parents signed the school's form")
    people.refresh_from_db()
    assert people.may_be_shown and people.people_consent_recorded_by == cast.partner_editor
    consented = services.media_add(
        by=cast.partner_editor,
        experience=draft,
        file=png("class.png"),
        alt_text="A class.",
        shows_people=True,
        people_consent="Written consent of the parents",
    )
    assert consented.may_be_shown
    document = services.media_add(by=cast.partner_editor, experience=draft, file=pdf(), alt_text="ignored")
    assert document.alt_text == ""


def test_an_upload_is_checked_like_report_evidence(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = _draft(cast)
    fake = SimpleUploadedFile("photo.png", b"not a picture at all", content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        services.media_add(by=cast.partner_editor, experience=draft, file=fake, alt_text="x")
    assert _errors(caught) == {
        "file": ["“photo.png” does not look like a PNG file: its content does not match its name."]
    }
    with pytest.raises(PermissionDenied):
        services.media_add(by=cast.focal_point, experience=draft, file=png(), alt_text="x")


# --- Share your journey ----------------------------------------------------------------------------------


def _update(cast, priority, *, share=True):
    made = commitment(
        lead=cast.alliance.free_the_slaves,
        by=cast.partner_editor,
        priorities=[priority],
        countries=[cast.alliance.kenya],
    )
    return ProgressUpdate.objects.create(
        commitment=made,
        progress="on_track",
        text="We trained 120 inspectors in two districts. (Example.)",
        language="en",
        share_as_story=share,
        reported_by=cast.partner_editor,
    )


def test_an_update_offered_as_a_story_becomes_a_draft_in_one_step(cast, priority):
    update = _update(cast, priority)
    with pytest.raises(PermissionDenied):
        services.experience_from_update(by=cast.focal_point, update=update)
    story = services.experience_from_update(by=cast.partner_editor, update=update)
    assert story.status == ExperienceStatus.DRAFT and story.kind == ExperienceKind.STORY
    assert story.title == update.commitment.title and story.what_was_done == update.text
    assert story.from_update == update and story.organisation == cast.alliance.free_the_slaves
    assert list(story.countries.all()) == [cast.alliance.kenya]
    assert list(story.priorities.all()) == [priority]
    assert list(story.commitments.all()) == [update.commitment]
    assert services.experience_from_update(by=cast.partner_editor, update=update) == story  # made once


def test_an_update_not_offered_is_refused(cast, priority):
    update = _update(cast, priority, share=False)
    with pytest.raises(ValidationError, match="This update was not offered as a story."):
        services.experience_from_update(by=cast.partner_editor, update=update)
