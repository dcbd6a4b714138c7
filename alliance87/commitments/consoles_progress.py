"""The consoles of progress on ``/me/``: "Reports due on your commitments" for the people who report on
commitments (a partner editor, a country focal point, an Action Group lead) once they have a published one, with
the count of those whose light is yellow, red or inactive; "Commitments overdue" for the secretariat (red or
inactive)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance87.consoles import Console

from . import lights
from .progress import reportable_by
from .rules import ROLE_FOR


def consoles_for(user) -> list[Console]:
    found = []
    url = reverse("commitments:progress_due")
    if user.has_perm("commitments.manage_rules"):
        overdue = reportable_by(user).filter(light__in=lights.OVERDUE).count()
        found.append(
            Console(
                title=_("Commitments overdue"),
                url=url,
                waiting=overdue,
                waiting_label=ngettext(
                    "%(count)d commitment with its report overdue",
                    "%(count)d commitments with their report overdue",
                    overdue,
                )
                % {"count": overdue},
                description=_("Published commitments whose yearly progress report is overdue, or silent for long."),
            )
        )
        return found
    if any(user.has_role(role) for role in ROLE_FOR.values()):
        # Shown once there is a published commitment to report on: before that, "Your commitments" is the door.
        counts = reportable_by(user).aggregate(
            total=Count("pk"), waiting=Count("pk", filter=Q(light__in=lights.WAITING))
        )
        if not counts["total"]:
            return found
        waiting = counts["waiting"]
        found.append(
            Console(
                title=_("Reports due on your commitments"),
                url=url,
                waiting=waiting,
                waiting_label=ngettext(
                    "%(count)d commitment waiting for a progress report",
                    "%(count)d commitments waiting for a progress report",
                    waiting,
                )
                % {"count": waiting},
                description=_("Report progress on your published commitments at least once a year, with evidence."),
            )
        )
    return found
