"""From the stage to the registry: takeaways, invitations, the link and the outcome counted (services)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alliance87.commitments import stage
from alliance87.commitments.models import Commitment, Invitation, Takeaway

from .making import commitment, maker_for, published_priority
from .stage_making import organiser_of, past_event


@pytest.fixture
def event(alliance):
    return past_event(alliance)


@pytest.fixture
def organiser(event):
    return organiser_of(event)


def test_the_organiser_adds_orders_and_edits_takeaways_on_published_priorities(event, organiser, priority):
    first = stage.add_takeaway(by=organiser, event=event, text=" Inspect farms. ", priorities=[priority])
    second = stage.add_takeaway(by=organiser, event=event, text="Fund cooperatives.", agenda_item=event.items.first())
    assert (first.text, first.position, second.position) == ("Inspect farms.", 0, 1)
    assert list(first.priorities.all()) == [priority]
    stage.move_takeaway(by=organiser, takeaway=second, step=-1)
    assert [t.text for t in stage.takeaways_of(event)] == ["Fund cooperatives.", "Inspect farms."]
    stage.edit_takeaway(by=organiser, takeaway=second, text="Fund cooperatives and schools.", priorities=[priority])
    second.refresh_from_db()
    assert second.text == "Fund cooperatives and schools." and list(second.priorities.all()) == [priority]
    stage.delete_takeaway(by=organiser, takeaway=first)
    assert list(Takeaway.objects.filter(event=event)) == [second]


def test_a_takeaway_points_to_published_priorities_only_and_to_the_events_own_items(event, organiser, alliance):
    draft = published_priority("A draft priority (example)", status="draft")
    with pytest.raises(ValidationError) as refused:
        stage.add_takeaway(by=organiser, event=event, text="Something.", priorities=[draft])
    assert refused.value.message_dict == {"priorities": ["Choose published thematic priorities only."]}
    other = past_event(alliance, slug="another-example")
    with pytest.raises(ValidationError) as refused:
        stage.add_takeaway(by=organiser, event=event, text="Something.", agenda_item=other.items.first())
    assert "agenda_item" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        stage.add_takeaway(by=organiser, event=event, text="   ")
    assert "text" in refused.value.message_dict
    assert not Takeaway.objects.exists()


def test_the_organiser_of_another_event_may_not_follow_this_one_up(event, alliance, cast):
    other = past_event(alliance, slug="another-example")
    stranger = organiser_of(other)
    for who in (stranger, cast.partner_editor, cast.outsider):
        with pytest.raises(PermissionDenied):
            stage.add_takeaway(by=who, event=event, text="Mine.")
        with pytest.raises(PermissionDenied):
            stage.invite(by=who, event=event, organisations=[alliance.nestle])
    stage.add_takeaway(by=cast.secretariat, event=event, text="The secretariat may.")


def test_takeaways_are_public_once_the_event_took_place(alliance, organiser, event, priority):
    stage.add_takeaway(by=organiser, event=event, text="Seen.", priorities=[priority])
    assert [t.text for t in stage.public_takeaways(event)] == ["Seen."]
    coming = past_event(alliance, slug="coming-example", days_ago=-3)
    stage.add_takeaway(by=organiser_of(coming), event=coming, text="Not yet.")
    assert stage.public_takeaways(coming) == []


def test_candidates_are_the_events_organisations_its_speakers_and_countries(event, alliance):
    found = stage.candidates(event)
    assert alliance.free_the_slaves in found.organisations and alliance.nestle in found.organisations
    assert alliance.ilo not in found.organisations
    assert alliance.kenya in found.countries or not alliance.kenya.is_pathfinder


def test_invitations_are_made_once_per_maker_sent_to_who_speaks_for_it_and_tokens_are_hashed(
    event, organiser, alliance, cast, priority, mailoutbox, django_capture_on_commit_callbacks
):
    stage.add_takeaway(by=organiser, event=event, text="Inspect farms.", priorities=[priority])
    editor = cast.partner_editor  # of Free the Slaves
    with django_capture_on_commit_callbacks(execute=True):
        made = stage.invite(by=organiser, event=event, organisations=[alliance.free_the_slaves, alliance.nestle])
    assert len(made) == 2
    ours = next(n for n in made if n.invitation.organisation == alliance.free_the_slaves)
    token = ours.link.rstrip("/").rsplit("/", 1)[1]
    assert ours.invitation.token_hash == stage.token_hash(token) and token not in ours.invitation.token_hash
    assert list(ours.invitation.priorities.all()) == [priority]
    assert ours.invitation.sent_at is not None  # the editor was e-mailed
    [mail] = [m for m in mailoutbox if editor.email in m.to]
    assert "Side event to follow up (example)" in mail.subject and ours.link in mail.body
    assert stage.invitation_for_token(token) == ours.invitation
    assert stage.invitation_for_token(token + "x") is None and stage.invitation_for_token("") is None
    # Inviting again adds nobody twice.
    again = stage.invite(by=organiser, event=event, organisations=[alliance.free_the_slaves])
    assert again == [] and Invitation.objects.filter(event=event).count() == 2


def test_invite_refuses_nobody_and_strangers(event, organiser, alliance):
    with pytest.raises(ValidationError) as refused:
        stage.invite(by=organiser, event=event)
    assert "organisations" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        stage.invite(by=organiser, event=event, organisations=[alliance.ilo])
    assert "organisations" in refused.value.message_dict
    assert not Invitation.objects.exists()


def test_a_new_link_replaces_the_old_one(event, organiser, alliance):
    [made] = stage.invite(by=organiser, event=event, organisations=[alliance.nestle])
    old = made.link.rstrip("/").rsplit("/", 1)[1]
    new = stage.new_link(by=organiser, invitation=made.invitation).link.rstrip("/").rsplit("/", 1)[1]
    assert stage.invitation_for_token(old) is None
    assert stage.invitation_for_token(new) == made.invitation


def test_a_commitment_from_the_invitation_records_the_event_and_counts_in_the_outcome(
    event, organiser, alliance, cast, priority
):
    stage.add_takeaway(by=organiser, event=event, text="Inspect farms.", priorities=[priority])
    made = stage.invite(by=organiser, event=event, organisations=[alliance.free_the_slaves, alliance.nestle])
    ours = next(n.invitation for n in made if n.invitation.organisation == alliance.free_the_slaves)
    with pytest.raises(PermissionDenied):
        stage.commit_from_invitation(by=maker_for(alliance.nestle), invitation=ours, title="Not mine", description="x")
    stage.mark_opened(by=organiser, invitation=ours)
    assert ours.opened_at is None  # the organiser's look is not the maker's
    stage.mark_opened(by=cast.partner_editor, invitation=ours)
    assert ours.opened_at is not None
    draft = stage.commit_from_invitation(
        by=cast.partner_editor, invitation=ours, title="Inspect cocoa farms (example)", description="How. (Example.)"
    )
    assert (draft.event, draft.invitation, draft.status, draft.lead) == (event, ours, "draft", alliance.free_the_slaves)
    assert list(draft.priorities.all()) == [priority]
    got = stage.outcome(event)
    assert (got.invited, got.opened, got.committed, got.published, got.on_track, got.commitments) == (2, 1, 1, 0, 0, 1)
    Commitment.objects.filter(pk=draft.pk).update(status="published", light="green")
    got = stage.outcome(event)
    assert (got.published, got.on_track) == (1, 1)


def test_the_outcome_counts_a_maker_once_and_ignores_other_events(event, organiser, alliance):
    [made] = stage.invite(by=organiser, event=event, organisations=[alliance.nestle])
    for _n in range(2):
        commitment(lead=alliance.nestle, event=event, invitation=made.invitation, light="green")
    commitment(lead=alliance.nestle)  # not from the event
    got = stage.outcome(event)
    assert (got.invited, got.opened, got.committed, got.published, got.on_track, got.commitments) == (1, 1, 1, 1, 1, 2)
