"""The stocktake's console on ``/me/``: for the secretariat, the ten-year report, with the languages whose
newest build is under way or failed (one query)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance87.consoles import Console

from . import report


def consoles_for(user) -> list[Console]:
    if not user.has_perm(report.PERM):
        return []
    waiting = report.waiting_count()
    return [
        Console(
            title=_("Ten-year report"),
            url=reverse("stocktake:report"),
            waiting=waiting,
            waiting_label=ngettext(
                "%(count)d build under way or failed", "%(count)d builds under way or failed", waiting
            )
            % {"count": waiting},
            description=_("Build the ten-year report from the data as it stands, in one language or all four."),
        )
    ]
