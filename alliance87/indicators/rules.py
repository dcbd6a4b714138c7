"""Who may do what with indicator data: one predicate per rule, for pages, the API and the admin alike.

- The secretariat imports files, opens the notice to the countries, publishes and withdraws.
- A country's focal point sees its country's figures while they are shown for comment (and before, once a
  notice is open) and comments on them.
- Everyone reads published datasets; a draft or a dataset under notice is the secretariat's and the
  notified countries' focal points' only: to anyone else it does not exist (404).
"""

import rules

from alliance87.accounts.models import Role
from alliance87.accounts.rules import is_secretariat

from .models import DatasetStatus


@rules.predicate
def is_focal_point_of_notice(user, notice) -> bool:
    if not (user and user.is_authenticated) or notice is None:
        return False
    return user.has_role(Role.COUNTRY_FOCAL_POINT, notice.country)


@rules.predicate
def may_see_dataset(user, dataset) -> bool:
    if dataset is None:
        return False
    if dataset.status == DatasetStatus.PUBLISHED:
        return True
    if is_secretariat(user):
        return True
    if dataset.status != DatasetStatus.NOTICE or not (user and user.is_authenticated):
        return False
    return any(user.has_role(Role.COUNTRY_FOCAL_POINT, n.country) for n in dataset.notices.all())


rules.add_perm("indicators.import_data", is_secretariat)
rules.add_perm("indicators.open_notice", is_secretariat)
rules.add_perm("indicators.publish_dataset", is_secretariat)
rules.add_perm("indicators.withdraw_dataset", is_secretariat)
rules.add_perm("indicators.view_dataset", may_see_dataset)
rules.add_perm("indicators.comment_on_notice", is_focal_point_of_notice)
