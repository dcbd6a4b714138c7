"""Who may change the network. One predicate per rule, shared by pages, API and admin."""

import rules

from alliance87.accounts.models import Role
from alliance87.accounts.rules import holds_role_for, is_secretariat

is_partner_editor_of = holds_role_for(Role.PARTNER_EDITOR)
is_action_group_lead_of = holds_role_for(Role.ACTION_GROUP_LEAD)

can_edit_organisation = is_secretariat | is_partner_editor_of
can_edit_action_group = is_secretariat | is_action_group_lead_of

rules.add_perm("network.edit_organisation", can_edit_organisation)
rules.add_perm("network.edit_organisation_status", is_secretariat)
rules.add_perm("network.create_organisation", is_secretariat)
rules.add_perm("network.edit_action_group", can_edit_action_group)
rules.add_perm("network.manage_memberships", can_edit_action_group)
rules.add_perm("network.record_consent", is_secretariat)
rules.add_perm("network.edit_country", is_secretariat)
