"""Who may do what with commitments: one predicate per rule, shared by pages, the API and the admin.

A commitment's makers are the people who hold a role for its lead: a partner editor of the lead
organisation, a focal point of the lead country, a lead of the lead Action Group. A co-implementer is
confirmed by someone who holds such a role for it; once confirmed, its people report too.
"""

import rules

from alliance87.accounts.models import Role
from alliance87.accounts.rules import is_secretariat
from alliance87.events.rules import is_organiser_of

from .models import PUBLIC_STATUSES, CommitmentStatus, Visibility

ROLE_FOR = {
    "organisation": Role.PARTNER_EDITOR,
    "country": Role.COUNTRY_FOCAL_POINT,
    "action_group": Role.ACTION_GROUP_LEAD,
}


def speaks_for(user, party) -> bool:
    """``user`` holds the role that lets them act for ``party`` (an Organisation, Country or ActionGroup)."""
    if not (user and user.is_authenticated) or party is None:
        return False
    kind = {"organisation": "organisation", "country": "country", "actiongroup": "action_group"}.get(
        party._meta.model_name
    )
    return kind is not None and user.has_role(ROLE_FOR[kind], party)


@rules.predicate
def may_commit_for(user, party) -> bool:
    """A commitment may be started for ``party`` (its lead) by someone who speaks for it."""
    return speaks_for(user, party)


@rules.predicate
def is_maker(user, commitment) -> bool:
    return commitment is not None and speaks_for(user, commitment.lead)


@rules.predicate
def is_confirmed_co_implementer(user, commitment) -> bool:
    if commitment is None or not (user and user.is_authenticated):
        return False
    return any(co.confirmed_at is not None and speaks_for(user, co.party) for co in commitment.co_implementers.all())


@rules.predicate
def is_editable(user, commitment) -> bool:
    return commitment is not None and commitment.status in (CommitmentStatus.DRAFT, CommitmentStatus.CHANGES_REQUESTED)


@rules.predicate
def is_running(user, commitment) -> bool:
    """Published and not yet completed or closed: progress may be reported."""
    return commitment is not None and commitment.status == CommitmentStatus.PUBLISHED


@rules.predicate
def is_public(user, commitment) -> bool:
    return (
        commitment is not None and commitment.status in PUBLIC_STATUSES and commitment.visibility == Visibility.PUBLIC
    )


@rules.predicate
def is_alliance_member(user) -> bool:
    """Signed in and holding any role: a partner, a country, an Action Group or the secretariat."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.role_assignments))


@rules.predicate
def is_for_partners(user, commitment) -> bool:
    return commitment is not None and commitment.status in PUBLIC_STATUSES


@rules.predicate
def speaks_for_co_implementer(user, co_implementer) -> bool:
    return co_implementer is not None and speaks_for(user, co_implementer.party)


can_view = is_public | (is_alliance_member & is_for_partners) | is_secretariat | is_maker | is_confirmed_co_implementer
can_edit = (is_secretariat | is_maker) & is_editable
can_report = (is_secretariat | is_maker | is_confirmed_co_implementer) & is_running

rules.add_perm("commitments.create_commitment", is_secretariat | may_commit_for)
rules.add_perm("commitments.view_commitment", can_view)
rules.add_perm("commitments.edit_commitment", can_edit)
rules.add_perm("commitments.submit_commitment", can_edit)
rules.add_perm("commitments.review_commitment", is_secretariat)
rules.add_perm("commitments.publish_commitment", is_secretariat)
rules.add_perm("commitments.close_commitment", is_secretariat)
rules.add_perm("commitments.report_progress", can_report)
rules.add_perm("commitments.complete_commitment", can_report)
rules.add_perm("commitments.confirm_co_implementation", speaks_for_co_implementer)
rules.add_perm("commitments.manage_rules", is_secretariat)
rules.add_perm("commitments.import_pledges", is_secretariat)
rules.add_perm("commitments.manage_event_follow_up", is_secretariat | is_organiser_of)  # asked with the event

__all__ = ["ROLE_FOR", "speaks_for", "can_view", "can_edit", "can_report"]
