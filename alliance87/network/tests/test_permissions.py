"""The permission matrix: each role × each write to the network, through the services."""

import pytest
from django.core.exceptions import PermissionDenied

from alliance87.network import services
from alliance87.network.models import Membership, Person

ROLES = ["secretariat", "focal_point", "reviewer", "partner_editor", "group_lead", "safeguarding", "outsider"]

# write → the roles that may do it; every other role must be refused.
MATRIX = {
    "edit own organisation profile (Free the Slaves)": {"secretariat", "partner_editor"},
    "edit another organisation's profile (Nestlé)": {"secretariat"},
    "change an organisation's kind": {"secretariat"},
    "create an organisation": {"secretariat"},
    "edit the Agriculture group's page": {"secretariat", "group_lead"},
    "edit the Supply Chains group's page": {"secretariat"},
    "add a member to Agriculture": {"secretariat", "group_lead"},
    "remove a member from Agriculture": {"secretariat", "group_lead"},
    "add a member to Supply Chains": {"secretariat"},
    "record a person's consent": {"secretariat"},
}


def attempt(write: str, user, alliance):
    if write == "edit own organisation profile (Free the Slaves)":
        services.organisation_update(organisation=alliance.free_the_slaves, by=user, description="Updated.")
    elif write == "edit another organisation's profile (Nestlé)":
        services.organisation_update(organisation=alliance.nestle, by=user, description="Updated.")
    elif write == "change an organisation's kind":
        services.organisation_update(organisation=alliance.free_the_slaves, by=user, kind="other")
    elif write == "create an organisation":
        services.organisation_create(by=user, name="Example Partner", kind="academia")
    elif write == "edit the Agriculture group's page":
        services.action_group_update(group=alliance.agriculture, by=user, mandate="Example mandate.")
    elif write == "edit the Supply Chains group's page":
        services.action_group_update(group=alliance.supply_chains, by=user, mandate="Example mandate.")
    elif write == "add a member to Agriculture":
        services.membership_add(group=alliance.agriculture, organisation=alliance.nestle, by=user)
    elif write == "remove a member from Agriculture":
        membership = Membership.objects.create(action_group=alliance.agriculture, organisation=alliance.nestle)
        services.membership_remove(membership=membership, by=user)
    elif write == "add a member to Supply Chains":
        services.membership_add(group=alliance.supply_chains, organisation=alliance.nestle, by=user)
    elif write == "record a person's consent":
        services.person_record_consent(person=Person.objects.get(name="Bukeni Waruzi"), by=user, consent=True)
    else:  # pragma: no cover
        raise AssertionError(write)


@pytest.mark.parametrize("write", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_service(role, write, cast, alliance):
    user = getattr(cast, role)
    if role in MATRIX[write]:
        attempt(write, user, alliance)
    else:
        with pytest.raises(PermissionDenied):
            attempt(write, user, alliance)


def test_permission_anonymous_is_refused_every_write(alliance):
    from django.contrib.auth.models import AnonymousUser

    for write in MATRIX:
        with pytest.raises(PermissionDenied):
            attempt(write, AnonymousUser(), alliance)


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("partner_editor", "/partners/free-the-slaves/edit/", 200),
        ("partner_editor", "/partners/nestle/edit/", 403),
        ("group_lead", "/partners/free-the-slaves/edit/", 403),
        ("group_lead", "/action-groups/agriculture/edit/", 200),
        ("group_lead", "/action-groups/supply-chains/edit/", 403),
        ("partner_editor", "/action-groups/agriculture/edit/", 403),
        ("focal_point", "/partners/free-the-slaves/edit/", 403),
        ("outsider", "/action-groups/agriculture/edit/", 403),
    ],
)
def test_permission_matrix_pages(client, cast, role, url, status):
    client.force_login(getattr(cast, role))
    assert client.get(url).status_code == status


def test_permission_edit_page_needs_sign_in(client, alliance):
    response = client.get("/partners/free-the-slaves/edit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_permission_wrong_editor_cannot_post(client, cast, alliance):
    client.force_login(cast.partner_editor)
    response = client.post("/partners/nestle/edit/", {"name": "Hijacked", "description": "x"})
    assert response.status_code == 403
    alliance.nestle.refresh_from_db()
    assert alliance.nestle.name == "Nestlé"
