"""The Pathfinder consoles on ``/me/``: reports to file (a country's focal point), reports to review
(reviewers and the secretariat), and the Accountability Framework's assessments."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance87.accounts.models import Role
from alliance87.accounts.rules import is_monitoring_reviewer, is_secretariat
from alliance87.consoles import Console
from alliance87.network.models import Country

from .models import Report, ReportStatus

TO_FILE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
TO_REVIEW = (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW)


def consoles_for(user) -> list[Console]:
    found = []
    countries = user.scopes_for(Role.COUNTRY_FOCAL_POINT, Country)
    if countries:
        waiting = Report.objects.filter(country__in=countries, status__in=TO_FILE).count()
        found.append(
            Console(
                title=_("Annual reports to file"),
                url=reverse("pathfinders:reports"),
                waiting=waiting,
                waiting_label=ngettext(
                    "%(count)d report in draft or returned", "%(count)d reports in draft or returned", waiting
                )
                % {"count": waiting},
                description=_("Your country's annual progress report: fill it in, attach evidence, submit it."),
            )
        )
    if is_secretariat(user) or is_monitoring_reviewer(user):
        waiting = Report.objects.filter(status__in=TO_REVIEW).count()
        found.append(
            Console(
                title=_("Annual reports to review"),
                url=reverse("pathfinders:reports"),
                waiting=waiting,
                waiting_label=ngettext("%(count)d report to review", "%(count)d reports to review", waiting)
                % {"count": waiting},
                description=_("Accept a submitted report or return it with comments."),
            )
        )
        found.append(
            Console(
                title=_("Accountability Framework"),
                url=reverse("pathfinders:framework"),
                description=_("Assess each country's report against the Framework's criteria."),
            )
        )
    return found
