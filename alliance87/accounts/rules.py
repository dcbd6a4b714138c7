"""Who may do what, as django-rules predicates shared by views, the API and the admin."""

import rules

from .models import Role
from .twofactor import is_pending


@rules.predicate
def is_secretariat(user) -> bool:
    """The secretariat, once its session is confirmed with a code (``twofactor``): a session that still
    owes the code has none of the secretariat's rights, at any entry point."""
    return bool(
        user
        and user.is_authenticated
        and not is_pending(user)
        and (user.is_superuser or user.has_role(Role.SECRETARIAT))
    )


@rules.predicate
def is_monitoring_reviewer(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.MONITORING_REVIEWER))


@rules.predicate
def is_safeguarding_focal_point(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.SAFEGUARDING_FOCAL_POINT))


def holds_role_for(role: str):
    """A predicate: the user holds ``role`` for the object the rule is asked about."""

    @rules.predicate(name=f"holds_{role}_for")
    def predicate(user, obj) -> bool:
        return bool(user and user.is_authenticated and obj is not None and user.has_role(role, obj))

    return predicate


rules.add_perm("accounts.use_admin", is_secretariat)
rules.add_perm("accounts.manage_roles", is_secretariat)
