"""Who may do what with experiences: one predicate per rule, shared by pages, the API and the admin.

- Anyone who speaks for an organisation (partner editor), a country (focal point) or an Action Group (lead),
  and the secretariat, may share an experience.
- Its sharers: the person who wrote it, and whoever speaks for the organisation or Action Group it is shared
  by. They edit it while it is a draft or sent back, submit it, and may withdraw it at any time (a teller's
  story is theirs to take back: they ask the sharer or the secretariat).
- The secretariat reviews: publishes, or sends it back with a comment; and withdraws on a teller's request.
- "Share your journey": only someone who may report on the commitment turns its update into a story.
"""

import rules

from alliance87.accounts.models import Role
from alliance87.accounts.rules import is_secretariat
from alliance87.commitments.rules import is_confirmed_co_implementer, is_maker, speaks_for

from .models import ExperienceStatus

SHARING_ROLES = (Role.PARTNER_EDITOR, Role.COUNTRY_FOCAL_POINT, Role.ACTION_GROUP_LEAD)
EDITABLE = (ExperienceStatus.DRAFT, ExperienceStatus.CHANGES_REQUESTED)


@rules.predicate
def speaks_for_someone(user) -> bool:
    """Holds a role that lets them speak for an organisation, a country or an Action Group."""
    return bool(user and user.is_authenticated and any(user.has_role(role) for role in SHARING_ROLES))


@rules.predicate
def is_sharer(user, experience) -> bool:
    if experience is None or not (user and user.is_authenticated):
        return False
    if experience.created_by_id is not None and experience.created_by_id == user.pk:
        return True
    return speaks_for(user, experience.organisation) or speaks_for(user, experience.action_group)


@rules.predicate
def is_editable(user, experience) -> bool:
    return experience is not None and experience.status in EDITABLE


@rules.predicate
def is_submitted(user, experience) -> bool:
    return experience is not None and experience.status == ExperienceStatus.SUBMITTED


@rules.predicate
def is_published(user, experience) -> bool:
    return experience is not None and experience.status == ExperienceStatus.PUBLISHED


@rules.predicate
def is_not_withdrawn(user, experience) -> bool:
    return experience is not None and experience.status != ExperienceStatus.WITHDRAWN


@rules.predicate
def may_report_on(user, commitment) -> bool:
    """Asked with a commitment: its makers and confirmed co-implementers (whatever its status)."""
    return is_maker(user, commitment) or is_confirmed_co_implementer(user, commitment)


can_view = is_published | is_secretariat | is_sharer
can_edit = (is_secretariat | is_sharer) & is_editable

rules.add_perm("exchange.share_experience", is_secretariat | speaks_for_someone)
rules.add_perm("exchange.view_experience", can_view)
rules.add_perm("exchange.edit_experience", can_edit)
rules.add_perm("exchange.submit_experience", can_edit)
rules.add_perm("exchange.review_experience", is_secretariat)
rules.add_perm("exchange.withdraw_experience", (is_secretariat | is_sharer) & is_not_withdrawn)
rules.add_perm("exchange.share_journey", is_secretariat | may_report_on)  # asked with the commitment
