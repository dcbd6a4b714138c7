"""Who may do what with a second round (imported by ``rounds``, which every page and the API of a round
go through, so the rules are registered before anyone asks them).

The secretariat creates, opens, closes and moderates rounds. The results (opinion groups, consensus,
what divides) and the Pol.is export are read by the secretariat and by the team of the consultation the
round follows; everyone reads the results once the round is closed (never the export, which holds every
participant's votes). Voting needs no account: a participant is known by the key in their browser
(``rounds.participant_for_key``).
"""

import rules

from alliance87.accounts.rules import is_secretariat

from .models import RoundStatus
from .rules import is_team_member


@rules.predicate
def is_round_team_member(user, round_) -> bool:
    return bool(round_ is not None and round_.consultation_id and is_team_member(user, round_.consultation))


@rules.predicate
def is_closed_round(user, round_) -> bool:
    return round_ is not None and round_.status == RoundStatus.CLOSED


@rules.predicate
def is_public_round(user, round_) -> bool:
    return round_ is not None and round_.status != RoundStatus.DRAFT


can_read_round_results = is_secretariat | is_round_team_member

rules.add_perm("engagement.manage_rounds", is_secretariat)
rules.add_perm("engagement.read_round_results", can_read_round_results)
rules.add_perm("engagement.export_round", can_read_round_results)
rules.add_perm("engagement.view_round_results", can_read_round_results | is_closed_round)
rules.add_perm("engagement.view_round", is_public_round | is_secretariat)
