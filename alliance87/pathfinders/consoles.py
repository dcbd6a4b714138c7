"""The Pathfinder consoles on ``/me/``: reports to file (a country's focal point), reports to review
(reviewers and the secretariat), accepted reports to publish (the secretariat), and the Accountability
Framework's assessments. Each count is what waits for this person."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance87.accounts.models import Role
from alliance87.consoles import Console
from alliance87.network.models import Country

from . import selectors
from .models import Report, ReportStatus, Roadmap

TO_FILE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
TO_REVIEW = (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW)


def _to_file(country_ids) -> int:
    """Drafts and returned reports, and each country with a roadmap whose report for the open cycle is
    not started yet (a real cycle for real countries, an example one for the example country)."""
    waiting = Report.objects.filter(country__in=country_ids, status__in=TO_FILE).count()
    with_roadmap = Roadmap.objects.current().filter(country__in=country_ids)
    for example in (False, True):
        cycle = selectors.open_cycle(example=example)
        if cycle is None:
            continue
        countries = with_roadmap.filter(country__is_example=example).exclude(country__reports__cycle=cycle)
        waiting += countries.count()
    return waiting


def consoles_for(user) -> list[Console]:
    found = []
    countries = user.scopes_for(Role.COUNTRY_FOCAL_POINT, Country)
    if countries:
        waiting = _to_file(countries)
        found.append(
            Console(
                title=_("Annual reports to file"),
                url=reverse("pathfinders:reports"),
                waiting=waiting,
                waiting_label=ngettext(
                    "%(count)d report to start, finish or correct",
                    "%(count)d reports to start, finish or correct",
                    waiting,
                )
                % {"count": waiting},
                description=_("Your country's annual progress report: fill it in, attach evidence, submit it."),
            )
        )
    if user.has_perm("pathfinders.review_report"):
        waiting = Report.objects.filter(status__in=TO_REVIEW).count()
        found.append(
            Console(
                title=_("Annual reports to review"),
                url=reverse("pathfinders:reports") + "#waiting-title",
                waiting=waiting,
                waiting_label=ngettext("%(count)d report to review", "%(count)d reports to review", waiting)
                % {"count": waiting},
                description=_("Accept a submitted report or return it with comments."),
            )
        )
    if user.has_perm("pathfinders.publish_report"):
        waiting = Report.objects.filter(status=ReportStatus.ACCEPTED).count()
        found.append(
            Console(
                title=_("Annual reports to publish"),
                url=reverse("pathfinders:reports") + "#waiting-title",
                waiting=waiting,
                waiting_label=ngettext(
                    "%(count)d accepted report to publish", "%(count)d accepted reports to publish", waiting
                )
                % {"count": waiting},
                description=_("Publish the reports the Monitoring Working Group accepted, and open reporting cycles."),
            )
        )
    if user.has_perm("pathfinders.assess"):
        found.append(
            Console(
                title=_("Accountability Framework"),
                url=reverse("pathfinders:framework"),
                description=_("Assess each country's report against the Framework's criteria."),
            )
        )
    return found
