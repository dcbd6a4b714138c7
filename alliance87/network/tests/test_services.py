import pytest
from django.core.exceptions import ValidationError

from alliance87.network import services
from alliance87.network.models import Membership, Organisation


def test_organisation_update_records_who_changed_it(cast, alliance):
    services.organisation_update(
        organisation=alliance.free_the_slaves, by=cast.partner_editor, description="We fight slavery."
    )
    latest = alliance.free_the_slaves.history.latest()
    assert latest.description == "We fight slavery."
    assert latest.history_user == cast.partner_editor


def test_organisation_update_bad_website_names_the_field(cast, alliance):
    with pytest.raises(ValidationError) as error:
        services.organisation_update(organisation=alliance.free_the_slaves, by=cast.partner_editor, website="nope")
    assert set(error.value.message_dict) == {"website"}
    alliance.free_the_slaves.refresh_from_db()
    assert alliance.free_the_slaves.website == ""


def test_organisation_update_unknown_field_is_refused(cast, alliance):
    with pytest.raises(ValidationError) as error:
        services.organisation_update(organisation=alliance.free_the_slaves, by=cast.secretariat, slug="x")
    assert "slug" in error.value.message_dict


def test_organisation_create_makes_a_unique_slug(cast, alliance):
    first = services.organisation_create(by=cast.secretariat, name="Example Institute", kind="academia")
    second = services.organisation_create(by=cast.secretariat, name="Example Institute", kind="academia")
    assert (first.slug, second.slug) == ("example-institute", "example-institute-2")


def test_organisation_create_unknown_kind_names_the_field(cast, alliance):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(by=cast.secretariat, name="Example", kind="army")
    assert "kind" in error.value.message_dict
    assert not Organisation.objects.filter(name="Example").exists()


def test_membership_add_twice_says_already_member(cast, alliance):
    services.membership_add(group=alliance.agriculture, organisation=alliance.nestle, by=cast.group_lead)
    with pytest.raises(ValidationError) as error:
        services.membership_add(group=alliance.agriculture, organisation=alliance.nestle, by=cast.group_lead)
    assert error.value.message_dict["organisation"] == ["Nestlé is already a member of this group."]


def test_membership_remove_refuses_the_lead(cast, alliance):
    lead = Membership.objects.get(action_group=alliance.agriculture, organisation=alliance.fao)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=lead, by=cast.group_lead)
    assert Membership.objects.filter(pk=lead.pk).exists()


def test_action_group_update_end_before_start_is_refused(cast, alliance):
    with pytest.raises(ValidationError) as error:
        services.action_group_update(group=alliance.supply_chains, by=cast.secretariat, ended_year=2010)
    assert "ended_year" in error.value.message_dict


def test_action_group_lead_cannot_change_status(cast, alliance):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.action_group_update(group=alliance.agriculture, by=cast.group_lead, is_active=False)


def test_group_lead_cannot_make_another_lead(cast, alliance):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.membership_add(
            group=alliance.agriculture, organisation=alliance.nestle, by=cast.group_lead, role="lead"
        )
    services.membership_add(group=alliance.agriculture, organisation=alliance.nestle, by=cast.secretariat, role="lead")
