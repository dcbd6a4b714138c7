"""Who may do what with the artwork: the secretariat sets banners up; moderators of the banner's event
(and the secretariat) moderate; the safeguarding focal point (and the secretariat) handles possible
disclosures, and keeps the disclosure cues and the help lines the phone page shows. Contributing needs no
account."""

import rules

from alliance87.accounts.models import Role
from alliance87.accounts.rules import is_safeguarding_focal_point, is_secretariat


@rules.predicate
def moderates_banner(user, banner) -> bool:
    return bool(
        user
        and user.is_authenticated
        and banner is not None
        and banner.event_id
        and user.has_role(Role.MODERATOR, banner.event)
    )


rules.add_perm("artwork.manage_banner", is_secretariat)
rules.add_perm("artwork.moderate", is_secretariat | moderates_banner)
rules.add_perm("artwork.edit_blocklist", is_secretariat | moderates_banner)
rules.add_perm("artwork.safeguard", is_secretariat | is_safeguarding_focal_point)
rules.add_perm("artwork.edit_cues", is_secretariat | is_safeguarding_focal_point)
rules.add_perm("artwork.edit_help_lines", is_secretariat | is_safeguarding_focal_point)
