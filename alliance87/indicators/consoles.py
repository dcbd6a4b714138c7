"""The indicator data consoles on ``/me/``: "Indicator data" for the secretariat (imports waiting for
confirmation, drafts not yet shown to the countries, and datasets whose comment period is over wait for it) and
"Figures to comment: <country>" for a focal point whose country was shown figures (the open notices wait)."""

from django.db.models import Case, CharField, Count, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance87.accounts.models import Role
from alliance87.consoles import Console
from alliance87.network.models import Country

from . import notices
from .models import Dataset, DatasetStatus, ImportStatus, IndicatorImport

MANAGE = "indicators.import_data"


def secretariat_waiting(now=None) -> dict[str, int]:
    """{"imports", "drafts", "ready"}: what waits for the secretariat, in one query (a union of two counts
    grouped by what waits: /me/ asks every app, and each console costs its query)."""
    now = now or timezone.now()
    datasets = (
        Dataset.objects.filter(Q(status=DatasetStatus.DRAFT) | notices.ready_to_publish_q(now))
        .annotate(
            kind=Case(
                When(status=DatasetStatus.DRAFT, then=Value("drafts")), default=Value("ready"), output_field=CharField()
            )
        )
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    runs = (
        IndicatorImport.objects.filter(status=ImportStatus.PREVIEW)
        .annotate(kind=Value("imports", output_field=CharField()))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {"imports": 0, "drafts": 0, "ready": 0}
    counts.update({row["kind"]: row["n"] for row in datasets.union(runs, all=True)})
    return counts


def consoles_for(user) -> list[Console]:
    found = []
    if user.has_perm(MANAGE):
        counts = secretariat_waiting()
        waiting = counts["imports"] + counts["drafts"] + counts["ready"]
        parts = [
            ngettext("%(count)d import to confirm", "%(count)d imports to confirm", counts["imports"])
            % {"count": counts["imports"]},
            ngettext(
                "%(count)d draft to show to the countries",
                "%(count)d drafts to show to the countries",
                counts["drafts"],
            )
            % {"count": counts["drafts"]},
            ngettext(
                "%(count)d dataset whose comment period is over",
                "%(count)d datasets whose comment period is over",
                counts["ready"],
            )
            % {"count": counts["ready"]},
        ]
        found.append(
            Console(
                title=_("Indicator data"),
                url=reverse("indicators:manage"),
                waiting=waiting,
                waiting_label="; ".join(parts),
                description=_("Import Open SDG files, show the figures to the countries, publish them."),
            )
        )
    countries = user.scopes_for(Role.COUNTRY_FOCAL_POINT, Country)
    if countries:
        by_country = notices.open_notices_by_country(countries)
        # Only a country that was shown figures: before that, the console would lead to an empty page.
        for country in sorted(Country.objects.filter(pk__in=by_country), key=lambda c: c.name):
            waiting = by_country[country.pk]
            found.append(
                Console(
                    title=_("Figures to comment: %(country)s") % {"country": country.name},
                    url=reverse("indicators:notices"),
                    waiting=waiting,
                    waiting_label=ngettext(
                        "%(count)d notice open for comment", "%(count)d notices open for comment", waiting
                    )
                    % {"count": waiting},
                    description=_("Read your country’s figures before they are published, and comment."),
                )
            )
    return found
