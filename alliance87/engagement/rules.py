"""Who may do what with a consultation.

The secretariat creates, edits, opens and closes consultations and invites people. The consultation's
team (the secretariat plus the people named in ``Consultation.team``) reads its raw answers; nobody else
does, and nothing raw is public. The safeguarding focal point (and the secretariat) reads the answers the
screening flagged as possible disclosures, whatever consultation they belong to. Answering needs no
account: it is checked by the invitation's token or, for an anonymous consultation, by its draft's key
(``services.response_for_token``).
"""

import rules

from alliance87.accounts.rules import is_safeguarding_focal_point, is_secretariat

from .models import ConsultationStatus


@rules.predicate
def is_team_member(user, consultation) -> bool:
    return bool(
        user and user.is_authenticated and consultation is not None and consultation.team.filter(pk=user.pk).exists()
    )


@rules.predicate
def is_public(user, consultation) -> bool:
    return consultation is not None and consultation.status != ConsultationStatus.DRAFT


can_read_answers = is_secretariat | is_team_member

rules.add_perm("engagement.manage_consultations", is_secretariat)
rules.add_perm("engagement.edit_consultation", is_secretariat)
rules.add_perm("engagement.invite", is_secretariat)
rules.add_perm("engagement.read_answers", can_read_answers)
rules.add_perm("engagement.view_consultation", is_public | can_read_answers)
rules.add_perm("engagement.safeguard", is_secretariat | is_safeguarding_focal_point)
rules.add_perm("engagement.manage_priorities", is_secretariat)
