"""Who may build the ten-year report: the secretariat. Reading the stocktake, the profiles and a built
report is everyone's."""

import rules

from alliance87.accounts.rules import is_secretariat

rules.add_perm("stocktake.build_report", is_secretariat)
