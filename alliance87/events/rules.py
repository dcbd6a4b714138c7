"""Who may change events: the secretariat, and the event organisers of that event.

Attaching an event to a conference (its ``parent``) takes a right over the conference too: the same
right as editing it. Otherwise anyone's side event could show in anyone's conference programme.
"""

import rules

from alliance87.accounts.models import Role
from alliance87.accounts.rules import holds_role_for, is_secretariat

from .vocab import EventStatus

is_organiser_of = holds_role_for(Role.EVENT_ORGANISER)
is_moderator_of = holds_role_for(Role.MODERATOR)

can_edit_event = is_secretariat | is_organiser_of


@rules.predicate
def is_published(user, event) -> bool:
    return event is not None and event.status == EventStatus.PUBLISHED


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
# Asked about the parent: may this person make an event part of it? (They must also edit the event itself.)
rules.add_perm("events.attach_to_event", can_edit_event)
# A draft is seen only by those who may edit or run it; to anyone else it does not exist (404, as an
# unknown one would be).
rules.add_perm("events.view_event", is_published | can_edit_event | is_moderator_of)
rules.add_perm("events.run_event", can_edit_event | is_moderator_of)
