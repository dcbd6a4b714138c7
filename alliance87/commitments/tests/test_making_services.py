"""Making a commitment through the services: each rule, each refusal with its message, who is told."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alliance87.commitments import services, smart
from alliance87.commitments.models import Commitment, CommitmentStatus

from .making import commitment, deliverable

pytestmark = pytest.mark.usefixtures("mail_at_once")


def messages_of(error: ValidationError) -> dict:
    return {field: [str(m) for e in errors for m in e.messages] for field, errors in error.error_dict.items()}


def start(cast, **fields):
    values = {"title": "Train inspectors (example)", "description": "In every district."}
    values.update(fields)
    return services.start_commitment(
        by=cast.partner_editor, maker_kind="organisation", lead=cast.alliance.free_the_slaves, **values
    )


# --- Starting ----------------------------------------------------------------------------------------------


def test_a_partner_editor_starts_a_draft_for_their_organisation(cast, priority):
    made = start(cast, priorities=[priority], sdg_targets="8.7, 16.2, 8.7")
    assert made.status == CommitmentStatus.DRAFT
    assert made.lead == cast.alliance.free_the_slaves
    assert made.created_by == cast.partner_editor
    assert made.sdg_targets == ["8.7", "16.2"]
    assert list(made.priorities.all()) == [priority]


def test_nobody_commits_for_a_party_they_do_not_speak_for(cast, other_editor, other_focal_point):
    with pytest.raises(PermissionDenied):
        services.start_commitment(
            by=other_editor, maker_kind="organisation", lead=cast.alliance.free_the_slaves, title="x", description="y"
        )
    with pytest.raises(PermissionDenied):
        services.start_commitment(
            by=other_focal_point, maker_kind="country", lead=cast.alliance.kenya, title="x", description="y"
        )
    with pytest.raises(PermissionDenied):
        services.start_commitment(
            by=cast.outsider, maker_kind="action_group", lead=cast.alliance.agriculture, title="x", description="y"
        )
    assert not Commitment.objects.exists()


def test_the_secretariat_commits_for_anyone(cast):
    made = services.start_commitment(
        by=cast.secretariat, maker_kind="country", lead=cast.alliance.kenya, title="x", description="y"
    )
    assert made.lead_country == cast.alliance.kenya


def test_the_lead_must_be_of_the_kind_named(cast):
    with pytest.raises(ValidationError) as caught:
        services.start_commitment(
            by=cast.secretariat, maker_kind="country", lead=cast.alliance.nestle, title="x", description="y"
        )
    assert messages_of(caught.value) == {"lead_country": ["Choose who leads the commitment."]}


def test_a_title_of_more_than_twenty_words_is_refused(cast):
    with pytest.raises(ValidationError) as caught:
        start(cast, title=" ".join(["word"] * 21))
    assert messages_of(caught.value) == {"title": ["At most 20 words; this has 21."]}


def test_dates_out_of_order_are_refused_naming_the_end(cast):
    with pytest.raises(ValidationError) as caught:
        start(cast, starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2026, 1, 1))
    assert messages_of(caught.value) == {"ends_on": ["The end (2026-01-01) comes before the start (2027-01-01)."]}


def test_unknown_or_unpublished_priorities_are_refused(cast, draft):
    from alliance87.engagement.models import Priority

    hidden = Priority.objects.create(slug="draft-one", title="A draft priority", status="draft")
    with pytest.raises(ValidationError) as caught:
        services.update_commitment(by=cast.partner_editor, commitment=draft, priorities=[hidden.pk])
    assert messages_of(caught.value) == {"priorities": ["Not a published thematic priority: A draft priority"]}
    with pytest.raises(ValidationError) as caught:
        services.update_commitment(by=cast.partner_editor, commitment=draft, priorities=[999999])
    assert messages_of(caught.value) == {"priorities": ["Not a published thematic priority: 999999"]}


def test_sdg_targets_are_parsed_and_a_wrong_one_named(cast, draft):
    services.update_commitment(by=cast.partner_editor, commitment=draft, sdg_targets="8.7; 16.2 5.3")
    draft.refresh_from_db()
    assert draft.sdg_targets == ["8.7", "16.2", "5.3"]
    with pytest.raises(ValidationError) as caught:
        services.update_commitment(by=cast.partner_editor, commitment=draft, sdg_targets="8.7, eight")
    assert messages_of(caught.value) == {
        "sdg_targets": ["SDG targets are written like 8.7 or 16.2, separated by commas; not: eight"]
    }


def test_an_unknown_field_is_named(cast, draft):
    with pytest.raises(ValidationError) as caught:
        services.update_commitment(by=cast.partner_editor, commitment=draft, status="published")
    assert messages_of(caught.value) == {"status": ["Unknown field."]}


def test_key_actions_only_of_the_lead_countrys_current_roadmap(cast, exampleland, example_focal_point, draft):
    from alliance87.pathfinders.models import KeyAction

    mine = services.start_commitment(
        by=example_focal_point, maker_kind="country", lead=exampleland, title="Inspections", description="More."
    )
    ours = list(services.key_actions_for(exampleland)[:2])
    assert ours
    services.update_commitment(by=example_focal_point, commitment=mine, key_actions=[k.pk for k in ours])
    assert set(mine.key_actions.all()) == set(ours)

    other = KeyAction.objects.exclude(pk__in=services.key_actions_for(exampleland).values("pk")).first()
    if other is not None:
        with pytest.raises(ValidationError) as caught:
            services.update_commitment(by=example_focal_point, commitment=mine, key_actions=[other.pk])
        assert list(messages_of(caught.value)) == ["key_actions"]

    with pytest.raises(ValidationError) as caught:
        services.update_commitment(by=cast.partner_editor, commitment=draft, key_actions=[ours[0].pk])
    assert messages_of(caught.value) == {
        "key_actions": ["Only a Pathfinder Country’s commitment links to roadmap key actions."]
    }


def test_only_its_makers_and_the_secretariat_edit_and_only_while_editable(cast, other_editor, draft, published):
    with pytest.raises(PermissionDenied):
        services.update_commitment(by=other_editor, commitment=draft, title="Mine now")
    services.update_commitment(by=cast.secretariat, commitment=draft, title="Tidied by the secretariat")
    with pytest.raises(PermissionDenied):
        services.update_commitment(by=cast.partner_editor, commitment=published, title="Changed after publication")


# --- Deliverables and resources ------------------------------------------------------------------------------


def test_a_deliverable_after_the_end_is_refused_naming_its_due_date(cast, draft):
    with pytest.raises(ValidationError) as caught:
        services.add_deliverable(
            by=cast.partner_editor, commitment=draft, title="Late", due_on=datetime.date(2028, 6, 1)
        )
    assert messages_of(caught.value) == {
        "due_on": ["Due after the commitment ends (2027-12-31): choose 2027-12-31 or earlier."]
    }
    with pytest.raises(ValidationError) as caught:
        services.add_deliverable(
            by=cast.partner_editor, commitment=draft, title="Early", due_on=datetime.date(2025, 6, 1)
        )
    assert messages_of(caught.value) == {
        "due_on": ["Due before the commitment starts (2026-01-01): choose 2026-01-01 or later."]
    }
    assert draft.deliverables.count() == 1


def test_the_end_may_not_move_before_a_deliverable(cast, draft):
    with pytest.raises(ValidationError) as caught:
        services.update_commitment(by=cast.partner_editor, commitment=draft, ends_on=datetime.date(2026, 6, 30))
    assert messages_of(caught.value) == {
        "ends_on": [
            "The deliverable “Labour inspectors trained (example)” is due on 2027-12-31, after this end (2026-06-30)."
        ]
    }
    draft.refresh_from_db()
    assert draft.ends_on == datetime.date(2027, 12, 31)  # nothing half-saved


def test_deliverables_are_added_changed_and_removed(cast, draft):
    added = services.add_deliverable(
        by=cast.partner_editor, commitment=draft, title="Cases followed", indicator="Cases", target="40", baseline=""
    )
    assert added.target == Decimal("40") and added.baseline is None and added.position == 1
    services.update_deliverable(by=cast.partner_editor, deliverable=added, baseline=Decimal("5"))
    added.refresh_from_db()
    assert added.baseline == Decimal("5")
    with pytest.raises(ValidationError) as caught:
        services.update_deliverable(by=cast.partner_editor, deliverable=added, target="many")
    assert messages_of(caught.value) == {"target": ["Enter a number."]}
    services.remove_deliverable(by=cast.partner_editor, deliverable=added)
    assert draft.deliverables.count() == 1


def test_resources_are_checked(cast, draft):
    with pytest.raises(ValidationError) as caught:
        services.add_resource(by=cast.partner_editor, commitment=draft, description="Budget", amount="100")
    assert messages_of(caught.value) == {"currency": ["Say in which currency the amount is."]}
    with pytest.raises(ValidationError) as caught:
        services.add_resource(
            by=cast.partner_editor, commitment=draft, description="Budget", amount="100", currency="dollars"
        )
    assert "currency" in messages_of(caught.value)
    made = services.add_resource(
        by=cast.partner_editor, commitment=draft, kind="staff", description="Two officers", staff_count="2"
    )
    assert made.staff_count == Decimal("2")
    services.remove_resource(by=cast.partner_editor, resource=made)


# --- The SMART checklist -------------------------------------------------------------------------------------


def results(c) -> dict:
    return {r.letter: r for r in smart.check(c)}


def test_a_factory_commitment_passes_every_letter(draft):
    assert all(r.ok for r in smart.check(draft))


def test_specific(cast, draft):
    Commitment.objects.filter(pk=draft.pk).update(title=" ".join(["w"] * 22), description="")
    draft.refresh_from_db()
    draft.priorities.clear()
    assert results(draft)["S"].reasons == [
        "the title has 22 words; at most 20",
        "the description is missing",
        "it serves no thematic priority or conference outcome area",
    ]


def test_measurable_names_the_deliverables_that_lack_an_indicator_or_target(cast, draft):
    draft.deliverables.update(indicator="", target=None)
    deliverable(draft, title="Second", indicator="Visits", target=None)
    found = results(draft)["M"]
    assert not found.ok
    assert found.messages() == [
        "M (Measurable): no deliverable has both an indicator and a target",
        "M (Measurable): no indicator: “Labour inspectors trained (example)”",
        "M (Measurable): no numeric target: “Labour inspectors trained (example)”, “Second”",
    ]


def test_achievable_and_time_based(cast, draft):
    Commitment.objects.filter(pk=draft.pk).update(ends_on=datetime.date(2027, 6, 30))
    draft.refresh_from_db()
    draft.deliverables.update(baseline=None)
    deliverable(draft, title="Early", due_on=datetime.date(2025, 12, 1))
    deliverable(draft, title="Undated", due_on=None)
    found = results(draft)
    assert found["A"].reasons == [
        "a target without a baseline: “Labour inspectors trained (example)”",
        "due before the commitment starts (2026-01-01): “Early”",
    ]
    assert found["T"].reasons == [
        "no due date: “Undated”",
        "due after the commitment ends (2027-06-30): “Labour inspectors trained (example)”",
    ]


def test_resource_based_and_dates_missing(cast):
    bare = commitment(lead=cast.alliance.free_the_slaves, status="draft", resources=0, starts_on=None, ends_on=None)
    found = results(bare)
    assert found["R"].messages() == ["R (Resource-based): no resource (money, in kind or staff) is given"]
    assert found["T"].reasons == ["the start date is missing", "the end date is missing"]


# --- Submitting, reviewing, publishing -----------------------------------------------------------------------


def test_submission_is_refused_naming_the_failing_letter(cast, draft):
    draft.deliverables.all().delete()
    with pytest.raises(ValidationError) as caught:
        services.submit(by=cast.partner_editor, commitment=draft)
    assert caught.value.messages == ["M (Measurable): no deliverable has both an indicator and a target"]
    draft.refresh_from_db()
    assert draft.status == CommitmentStatus.DRAFT


def test_submitting_tells_the_secretariat_with_the_link_to_review(cast, draft, mailoutbox):
    cast.secretariat  # noqa: B018 -- exists before the submission
    services.submit(by=cast.partner_editor, commitment=draft)
    draft.refresh_from_db()
    assert draft.status == CommitmentStatus.SUBMITTED and draft.submitted_at
    [message] = [m for m in mailoutbox if cast.secretariat.email in m.to]
    assert message.subject == f"Commitment to review: {draft.title}"
    assert f"/commitments/{draft.pk}/review/" in message.body


def test_another_organisations_editor_may_not_submit(cast, other_editor, draft):
    with pytest.raises(PermissionDenied):
        services.submit(by=other_editor, commitment=draft)


def all_ok():
    return {letter: {"ok": True, "note": ""} for letter in "SMART"}


def submitted(cast, draft):
    return services.submit(by=cast.partner_editor, commitment=draft)


def test_the_review_needs_a_verdict_on_each_letter_and_a_note_when_not_ok(cast, draft):
    submitted(cast, draft)
    verdicts = all_ok()
    del verdicts["A"]
    verdicts["M"] = {"ok": False, "note": ""}
    with pytest.raises(ValidationError) as caught:
        services.review(by=cast.secretariat, commitment=draft, verdicts=verdicts)
    assert messages_of(caught.value) == {"M_note": ["Say what must change for M."], "A_ok": ["Give a verdict on A."]}
    with pytest.raises(PermissionDenied):
        services.review(by=cast.partner_editor, commitment=draft, verdicts=all_ok())


def test_publishing_needs_every_verdict_ok(cast, draft, mailoutbox):
    submitted(cast, draft)
    with pytest.raises(ValidationError) as caught:
        services.publish(by=cast.secretariat, commitment=draft)
    assert caught.value.messages == ["The secretariat’s verdict is missing for: S, M, A, R, T."]
    verdicts = all_ok()
    verdicts["R"] = {"ok": False, "note": "Say where the money comes from."}
    services.review(by=cast.secretariat, commitment=draft, verdicts=verdicts)
    with pytest.raises(ValidationError) as caught:
        services.publish(by=cast.secretariat, commitment=draft)
    assert caught.value.messages == ["The secretariat’s verdict is not ok for: R."]
    services.review(by=cast.secretariat, commitment=draft, verdicts=all_ok())
    mailoutbox.clear()
    services.publish(by=cast.secretariat, commitment=draft)
    draft.refresh_from_db()
    assert draft.status == CommitmentStatus.PUBLISHED and draft.published_at
    assert draft.smart_review["R"] == {"ok": True, "note": ""}
    [message] = mailoutbox
    assert message.to == [cast.partner_editor.email]
    assert message.subject == f"Published: {draft.title}"
    assert f"/commitments/{draft.pk}/" in message.body


def test_publishing_is_refused_when_an_automatic_check_fails(cast, draft):
    submitted(cast, draft)
    services.review(by=cast.secretariat, commitment=draft, verdicts=all_ok())
    draft.resources.all().delete()
    with pytest.raises(ValidationError) as caught:
        services.publish(by=cast.secretariat, commitment=draft)
    assert caught.value.messages == ["R (Resource-based): no resource (money, in kind or staff) is given"]


def test_the_secretariat_asks_for_changes_and_the_makers_are_told(cast, draft, mailoutbox):
    submitted(cast, draft)
    with pytest.raises(ValidationError) as caught:
        services.request_changes(by=cast.secretariat, commitment=draft, comment="  ")
    assert messages_of(caught.value) == {"comment": ["Say what must change."]}
    mailoutbox.clear()
    services.request_changes(by=cast.secretariat, commitment=draft, comment="Add a baseline for the cases.")
    draft.refresh_from_db()
    assert draft.status == CommitmentStatus.CHANGES_REQUESTED
    [message] = mailoutbox
    assert message.to == [cast.partner_editor.email]
    assert "Add a baseline for the cases." in message.body and f"/commitments/{draft.pk}/edit/" in message.body
    # Back to the makers: they edit and submit again.
    services.update_commitment(by=cast.partner_editor, commitment=draft, title="Train labour inspectors (example)")
    services.submit(by=cast.partner_editor, commitment=draft)


def test_only_a_submitted_commitment_is_reviewed(cast, draft):
    with pytest.raises(ValidationError) as caught:
        services.publish(by=cast.secretariat, commitment=draft)
    assert caught.value.messages == ["Only a submitted commitment can be reviewed; this one is “Draft”."]


def test_closing_needs_a_reason(cast, published, mailoutbox):
    with pytest.raises(PermissionDenied):
        services.close(by=cast.partner_editor, commitment=published, reason="No longer")
    with pytest.raises(ValidationError) as caught:
        services.close(by=cast.secretariat, commitment=published, reason="")
    assert messages_of(caught.value) == {"reason": ["Say why it is closed."]}
    services.close(by=cast.secretariat, commitment=published, reason="The programme ended early.")
    published.refresh_from_db()
    assert published.status == CommitmentStatus.CLOSED and published.closed_reason == "The programme ended early."
    with pytest.raises(ValidationError):
        services.close(by=cast.secretariat, commitment=published, reason="Again")


# --- Co-implementers ------------------------------------------------------------------------------------------


def test_a_co_implementer_is_invited_and_confirms(cast, draft, other_editor, mailoutbox):
    co = services.invite_co_implementer(by=cast.partner_editor, commitment=draft, party=cast.alliance.nestle)
    [message] = mailoutbox
    assert message.to == [other_editor.email]
    assert f"/commitments/co-implementations/{co.pk}/" in message.body
    assert list(services.pending_co_implementations(other_editor)) == [co]

    with pytest.raises(PermissionDenied):
        services.confirm_co_implementation(by=cast.partner_editor, co=co)
    mailoutbox.clear()
    services.confirm_co_implementation(by=other_editor, co=co)
    co.refresh_from_db()
    assert co.confirmed_at and co.confirmed_by == other_editor
    [told] = mailoutbox
    assert told.to == [cast.partner_editor.email] and "confirmed" in told.subject
    assert not services.pending_co_implementations(other_editor).exists()
    services.decline_co_implementation(by=other_editor, co=co)
    co.refresh_from_db()
    assert co.confirmed_at is None and co.declined_at


def test_a_co_implementer_is_named_once_and_never_the_lead(cast, draft):
    services.invite_co_implementer(by=cast.partner_editor, commitment=draft, party=cast.alliance.kenya)
    with pytest.raises(ValidationError) as caught:
        services.invite_co_implementer(by=cast.partner_editor, commitment=draft, party=cast.alliance.kenya)
    assert messages_of(caught.value) == {"party": ["Kenya is named already."]}
    with pytest.raises(ValidationError) as caught:
        services.invite_co_implementer(by=cast.partner_editor, commitment=draft, party=cast.alliance.free_the_slaves)
    assert list(messages_of(caught.value)) == ["party"]


def test_public_pages_change_when_published(cast, draft, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "public_pages_changed", lambda: calls.append(1))
    submitted(cast, draft)
    assert calls == []
    services.review(by=cast.secretariat, commitment=draft, verdicts=all_ok())
    services.publish(by=cast.secretariat, commitment=draft)
    assert calls == [1]
