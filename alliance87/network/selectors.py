"""Reads of the network, shaped for pages and the API. Query counts do not grow with rows.

Lists of organisations and Action Groups are in the alphabetical order of the reader's language (the
name in that language, else the English one: ``localised_order``), so the French directory reads in
French order, "Organisation internationale du Travail" among the O's.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from alliance87.translations import localised_order

from .models import (
    ActionGroup,
    Country,
    IloRegion,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    SdgRegion,
    StatedFigure,
)


@dataclass(frozen=True)
class NetworkCounts:
    pathfinder_countries: int
    partners: int
    active_action_groups: int
    inactive_action_groups: int
    partners_by_kind: list[tuple[str, str, int]]


def network_counts() -> NetworkCounts:
    """The Alliance at a glance, counted from the data (three queries)."""
    pathfinders = Country.objects.pathfinders().count()
    groups = ActionGroup.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)), inactive=Count("pk", filter=Q(is_active=False))
    )
    by_kind = dict(Organisation.objects.partners().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    kinds = [(k.value, k.label, by_kind.get(k.value, 0)) for k in OrganisationKind]
    return NetworkCounts(
        pathfinder_countries=pathfinders,
        partners=sum(by_kind.values()),
        active_action_groups=groups["active"],
        inactive_action_groups=groups["inactive"],
        partners_by_kind=kinds,
    )


def stated_figures() -> list[StatedFigure]:
    return list(StatedFigure.objects.all())


def directory(*, text: str = "", kind: str = "", country: str = "", region: str = "", language: str | None = None):
    """Partners matching the directory's search and filters, with their country, by name in ``language``
    (default: the reader's)."""
    qs = Organisation.objects.partners().select_related("country")
    if text:
        qs = qs.search(text)
    if kind:
        qs = qs.of_kind(kind)
    if country:
        qs = qs.in_country(country)
    if region:
        qs = qs.in_region(region)
    return qs.order_by(localised_order("name", language), "name", "pk")


def directory_last_updated():
    """When a partner's record last changed (None when there is none)."""
    return Organisation.objects.partners().aggregate(last=Max("updated_at"))["last"]


def action_group_last_updated(group: ActionGroup):
    """When the group's page or its members last changed, from their history (None when unknown)."""
    moments = [
        ActionGroup.history.filter(id=group.pk).aggregate(last=Max("history_date"))["last"],
        Membership.history.filter(action_group_id=group.pk).aggregate(last=Max("history_date"))["last"],
    ]
    return max((m for m in moments if m), default=None)


def countries_with_partners() -> list[Country]:
    """Countries that have at least one partner, by name (for the directory's country filter)."""
    countries = Country.objects.filter(organisations__is_partner=True).distinct()
    return sorted(countries, key=lambda c: c.name)


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    return [(_("SDG regions"), list(SdgRegion.choices)), (_("ILO regions"), list(IloRegion.choices))]


def organisation_for_page(slug: str) -> Organisation:
    return get_object_or_404(
        Organisation.objects.select_related("country").prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("action_group").order_by(
                    "-action_group__is_active", localised_order("name", through="action_group__"), "pk"
                ),
            ),
            Prefetch("people", queryset=Person.objects.public(), to_attr="public_people"),
        ),
        slug=slug,
    )


def organisation_for_edit(slug: str, user) -> Organisation:
    """The organisation, if ``user`` may edit it; PermissionDenied otherwise."""
    organisation = get_object_or_404(Organisation.objects.select_related("country"), slug=slug)
    if not user.has_perm("network.edit_organisation", organisation):
        raise PermissionDenied
    return organisation


def action_groups(language: str | None = None) -> list[ActionGroup]:
    """Every Action Group, the active ones first, by name in ``language`` (default: the reader's)."""
    return list(
        ActionGroup.objects.select_related("lead_organisation")
        .annotate(member_count=Count("memberships"))
        .order_by("-is_active", localised_order("name", language), "pk")
    )


def action_group_for_page(slug: str) -> ActionGroup:
    return get_object_or_404(
        ActionGroup.objects.select_related("lead_organisation").prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organisation__country").order_by(
                    "role", localised_order("name", through="organisation__"), "pk"
                ),
            )
        ),
        slug=slug,
    )


def action_group_for_edit(slug: str, user) -> ActionGroup:
    group = action_group_for_page(slug)
    if not user.has_perm("network.edit_action_group", group):
        raise PermissionDenied
    return group


def pathfinder_countries() -> list[Country]:
    return sorted(Country.objects.pathfinders(), key=lambda c: c.name)


def country_for_page(code: str) -> Country:
    return get_object_or_404(
        Country.objects.prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.partners().order_by(localised_order("name"), "pk"))
        ),
        code=code.upper(),
    )


def public_people():
    return Person.objects.public().select_related("organisation").order_by("name")
