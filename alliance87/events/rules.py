"""Who may change events: the secretariat, and the event organisers of that event."""

import rules

from alliance87.accounts.models import Role
from alliance87.accounts.rules import holds_role_for, is_secretariat

is_organiser_of = holds_role_for(Role.EVENT_ORGANISER)
is_moderator_of = holds_role_for(Role.MODERATOR)

can_edit_event = is_secretariat | is_organiser_of

rules.add_perm("events.create_event", is_secretariat)
rules.add_perm("events.import_concept_note", is_secretariat)
rules.add_perm("events.edit_event", can_edit_event)
rules.add_perm("events.publish_event", can_edit_event)
rules.add_perm("events.run_event", can_edit_event | is_moderator_of)
