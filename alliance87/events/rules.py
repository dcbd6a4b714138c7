"""Who may change events: the secretariat, and the event organisers of that event."""

import rules

from alliance87.accounts.models import Role
from alliance87.accounts.rules import holds_role_for, is_secretariat

is_organiser_of = holds_role_for(Role.EVENT_ORGANISER)
is_moderator_of = holds_role_for(Role.MODERATOR)

can_edit_event = is_secretariat | is_organiser_of


@rules.predicate
def holds_any_event_role(user) -> bool:
    return bool(
        user and user.is_authenticated and (user.has_role(Role.EVENT_ORGANISER) or user.has_role(Role.MODERATOR))
    )


rules.add_perm("events.manage_events", is_secretariat | holds_any_event_role)  # the "Manage events" link
rules.add_perm("events.create_event", is_secretariat)
rules.add_perm("events.import_concept_note", is_secretariat)
rules.add_perm("events.edit_event", can_edit_event)
rules.add_perm("events.publish_event", can_edit_event)
rules.add_perm("events.run_event", can_edit_event | is_moderator_of)
