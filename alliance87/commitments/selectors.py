"""Reads for the public registry of commitments, a commitment's page, its exports and API, the sections on
other pages (``{% commitments_of obj %}``) and the stocktake's figures: each in a fixed number of queries,
whatever the number of commitments.

Who sees what (the rules of ``rules.py``, as queries): anyone sees the published, completed and closed
commitments made public; a signed-in member of the Alliance (any role) also those shown to partners only.
Drafts, submitted ones and those sent back are on no list; their page is a 404 except for their makers,
confirmed co-implementers and the secretariat (``commitment_for_page``).

Filters are applied with ``Exists`` subqueries, never joins, so a commitment appears once and counts stay
true whatever is combined.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.urls import reverse

from . import lights as lights_rules
from .models import (
    CoImplementer,
    Commitment,
    CommitmentStatus,
    Deliverable,
    Light,
    MakerKind,
    Progress,
    ProgressUpdate,
    UpdateEvidence,
)
from .rules import is_alliance_member

# The lights a published commitment may show, in the order the registry lists them.
LIGHTS = (Light.GREEN, Light.YELLOW, Light.RED, Light.INACTIVE, Light.DONE, Light.CLOSED)
# The maker kinds beyond an organisation's own kind (the registry's "partner kind" filter).
KIND_COUNTRY = "country"
KIND_ACTION_GROUP = "action_group"


def visible(user):
    """The commitments ``user`` sees in lists: public ones, and partners-only ones for Alliance members."""
    if is_alliance_member(user):
        return Commitment.objects.visible_to_partners()
    return Commitment.objects.public()


# ---- Filters -------------------------------------------------------------------------------------------------


@dataclass
class Filters:
    """The registry's filters, each optional; the same for the page, the exports and the API."""

    priority: str = ""  # a thematic priority's slug
    country: str = ""  # ISO 3166-1 alpha-2: led by the country or in its countries
    kind: str = ""  # an organisation kind (of the lead organisation), "country" or "action_group"
    group: str = ""  # an Action Group's slug: led by it or in its Action Groups
    organisation: str = ""  # an organisation's slug: led or co-implemented (confirmed)
    light: str = ""
    status: str = ""
    q: str = ""  # words of the title

    def any(self) -> bool:
        return any(vars(self).values())

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def _priority_in(slug: str):
    through = Commitment.priorities.through
    return Exists(through.objects.filter(commitment_id=OuterRef("pk"), priority__slug=slug))


def _country_in(code: str):
    through = Commitment.countries.through
    return Q(lead_country__code=code) | Q(
        Exists(through.objects.filter(commitment_id=OuterRef("pk"), country__code=code))
    )


def _group_in(slug: str):
    through = Commitment.action_groups.through
    return Q(lead_action_group__slug=slug) | Q(
        Exists(through.objects.filter(commitment_id=OuterRef("pk"), actiongroup__slug=slug))
    )


def _organisation_in(slug: str):
    return Q(lead_organisation__slug=slug) | Q(
        Exists(
            CoImplementer.objects.filter(
                commitment_id=OuterRef("pk"), organisation__slug=slug, confirmed_at__isnull=False
            )
        )
    )


def filtered(commitments, filters: Filters):
    """``commitments`` narrowed by every filter given (combined with AND)."""
    if filters.priority:
        commitments = commitments.filter(_priority_in(filters.priority))
    if filters.country:
        commitments = commitments.filter(_country_in(filters.country.upper()))
    if filters.kind == KIND_COUNTRY:
        commitments = commitments.filter(maker_kind=MakerKind.COUNTRY)
    elif filters.kind == KIND_ACTION_GROUP:
        commitments = commitments.filter(maker_kind=MakerKind.ACTION_GROUP)
    elif filters.kind:
        commitments = commitments.filter(maker_kind=MakerKind.ORGANISATION, lead_organisation__kind=filters.kind)
    if filters.group:
        commitments = commitments.filter(_group_in(filters.group))
    if filters.organisation:
        commitments = commitments.filter(_organisation_in(filters.organisation))
    if filters.light:
        commitments = commitments.filter(light=filters.light)
    if filters.status:
        commitments = commitments.filter(status=filters.status)
    if filters.q:
        for word in filters.q.split()[:10]:
            commitments = commitments.filter(title__icontains=word)
    return commitments


def registry(user, filters: Filters):
    """What the registry lists for ``user`` with ``filters``, newest published first."""
    return filtered(visible(user), filters).order_by("-published_at", "-created_at", "-pk")


# ---- Rows ------------------------------------------------------------------------------------------------------


def _leads(commitments):
    return commitments.select_related("lead_organisation", "lead_country", "lead_action_group")


def with_counts(commitments: list) -> list:
    """``commitments`` (a page of them) each given ``deliverable_count`` and ``achieved_count`` (one query)."""
    ids = [c.pk for c in commitments]
    counts = {
        row["commitment_id"]: row
        for row in Deliverable.objects.filter(commitment_id__in=ids)
        .values("commitment_id")
        .annotate(
            total=Count("pk"),
            achieved=Count("pk", filter=Q(achieved_at__isnull=False) | Q(progress=Progress.ACHIEVED)),
        )
        .order_by()
    }
    for c in commitments:
        row = counts.get(c.pk, {})
        c.deliverable_count = row.get("total", 0)
        c.achieved_count = row.get("achieved", 0)
    return commitments


def rows(commitments) -> list:
    """A page of commitments (a sliced queryset) with their leads, priorities and deliverables counted (four
    queries). The page's numbers are found first on the narrow rows alone, then only those rows are read
    whole with their leads: sorting thousands of wide joined rows for 25 of them cost 20 ms at 5,000."""
    ids = list(commitments.values_list("pk", flat=True))
    found = {
        c.pk: c
        for c in _leads(Commitment.objects.filter(pk__in=ids)).prefetch_related(
            Prefetch("priorities", queryset=_priorities_model().objects.order_by("position", "title"))
        )
    }
    page = with_counts([found[pk] for pk in ids if pk in found])
    _addresses(page)
    return page


def _addresses(commitments: list) -> None:
    """Each commitment's and priority's address as ``url``, one ``reverse`` for all of them (25 rows with
    two priorities each made 75 reverses, a tenth of the rows' render)."""
    if not commitments:
        return
    marker = 987654321
    commitment_url = reverse("commitments:commitment", args=[marker])
    priority_url = reverse("engagement:priority", args=["slug-marker"])
    for c in commitments:
        c.url = commitment_url.replace(str(marker), str(c.pk))
        for p in c.priorities.all():
            p.url = priority_url.replace("slug-marker", p.slug)


def _priorities_model():
    return Commitment.priorities.field.related_model


# ---- Figures ---------------------------------------------------------------------------------------------------


@dataclass
class Figures:
    """Counted from the commitments, never typed: how many, how many on track, by light, by maker kind and by
    thematic priority."""

    total: int = 0
    on_track: int = 0
    by_light: list[tuple[str, str, int]] = field(default_factory=list)  # (light, label, count)
    by_kind: list[tuple[str, str, int]] = field(default_factory=list)  # (maker kind, label, count)
    by_priority: list[tuple[object, int]] = field(default_factory=list)  # (Priority, count)


# On track: the one rule, kept with the light (``lights.on_track``: published, green, no deliverable late).
on_track = lights_rules.on_track


def figures(commitments=None, *, with_priorities: bool = True) -> Figures:
    """The figures of ``commitments`` (the public registry when None): four or five queries."""
    if commitments is None:
        commitments = Commitment.objects.public()
    lights = dict(commitments.values_list("light").annotate(n=Count("pk")).order_by())
    kinds = dict(commitments.values_list("maker_kind").annotate(n=Count("pk")).order_by())
    result = Figures(
        total=sum(lights.values()),
        on_track=on_track(commitments).count() if lights.get(Light.GREEN) else 0,
        by_light=[(v, str(Light(v).label), lights[v]) for v in LIGHTS if lights.get(v)],
        by_kind=[(v, str(label), kinds.get(v, 0)) for v, label in MakerKind.choices],
    )
    if lights.get(Light.NONE):  # published but not yet computed by the daily command
        result.by_light.append(("", str(Light.NONE.label), lights[Light.NONE]))
    if with_priorities and result.total:
        priority = _priorities_model()
        counts = dict(
            Commitment.priorities.through.objects.filter(commitment_id__in=commitments.values("pk"))
            .values_list("priority_id")
            .annotate(n=Count("commitment_id", distinct=True))
            .order_by()
        )
        result.by_priority = [
            (p, counts[p.pk]) for p in priority.objects.filter(pk__in=list(counts)).order_by("position", "title")
        ]
    return result


def by_country(commitments) -> list[tuple[object, int]]:
    """(Country, number of ``commitments`` led by it or about it), most first, then by name (two queries)."""
    from alliance87.network.models import Country  # noqa: PLC0415

    inner_sql, params = commitments.order_by().values("pk").query.sql_with_params()
    through = Commitment.countries.through._meta.db_table
    table = Commitment._meta.db_table
    sql = (
        f"SELECT country_id, COUNT(DISTINCT commitment_id) FROM ("  # noqa: S608 -- table names from the models
        f"SELECT commitment_id, country_id FROM {through} WHERE commitment_id IN ({inner_sql}) "
        f"UNION SELECT id, lead_country_id FROM {table} WHERE lead_country_id IS NOT NULL AND id IN ({inner_sql})"
        f") AS pairs GROUP BY country_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *params])
        counts = dict(cursor.fetchall())
    countries = list(Country.objects.filter(pk__in=list(counts)))
    return sorted(((c, counts[c.pk]) for c in countries), key=lambda pair: (-pair[1], pair[0].name))


# ---- One commitment --------------------------------------------------------------------------------------------


def commitment_for_page(pk: int, user) -> Commitment:
    """A commitment with everything its page shows; a 404 for whoever may not see it (never a 403 that says a
    draft exists)."""
    commitment = (
        _leads(Commitment.objects.filter(pk=pk))
        .prefetch_related(
            Prefetch(
                "co_implementers",
                queryset=CoImplementer.objects.select_related("organisation", "country", "action_group").order_by("pk"),
            ),
        )
        .first()
    )
    if commitment is None or not user.has_perm("commitments.view_commitment", commitment):
        raise Http404
    return commitment


def details(commitment: Commitment) -> dict:
    """What a commitment's page lists besides the commitment itself (a fixed number of queries)."""
    from alliance87.engagement.models import OutcomeArea  # noqa: PLC0415

    deliverables = list(commitment.deliverables.order_by("position", "pk"))
    for d in deliverables:
        d.progress_label = _label(Progress, d.progress)
    updates = list(
        ProgressUpdate.objects.filter(commitment=commitment)
        .select_related("deliverable")
        .prefetch_related(Prefetch("evidence", queryset=UpdateEvidence.objects.order_by("pk")))
        .order_by("-reported_at", "-pk")
    )
    return {
        "co_implementers": [co for co in commitment.co_implementers.all() if co.confirmed_at and not co.declined_at],
        "priorities": list(commitment.priorities.order_by("position", "title")),
        "outcome_areas": list(
            OutcomeArea.objects.filter(commitments=commitment).select_related("document").order_by("document", "number")
        ),
        "countries": sorted(commitment.countries.all(), key=lambda c: c.name),
        "action_groups": list(commitment.action_groups.order_by("name")),
        "key_actions": list(
            commitment.key_actions.select_related("priority__roadmap__country").order_by(
                "priority__position", "position"
            )
        ),
        "deliverables": deliverables,
        "resources": list(commitment.resources.order_by("pk")),
        "updates": updates,
        "status_changes": status_changes(commitment),
    }


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass
class StatusChange:
    status: str
    label: str
    at: datetime.datetime


def status_changes(commitment: Commitment) -> list[StatusChange]:
    """The commitment's statuses as its history recorded them, newest first (one query)."""
    changes, previous = [], None
    for status, at in commitment.history.order_by("history_date", "history_id").values_list("status", "history_date"):
        if status != previous:
            changes.append(StatusChange(status, str(CommitmentStatus(status).label), at))
            previous = status
    return list(reversed(changes))


# ---- On other pages --------------------------------------------------------------------------------------------

SHOWN_ON_OTHER_PAGES = 10


def of_object(obj, user) -> tuple[Filters, object] | None:
    """The filter that gives ``obj``'s commitments (an organisation, a country, an Action Group, a thematic
    priority) and those ``user`` sees; None for any other object."""
    model = obj._meta.label_lower
    if model == "network.organisation":
        filters = Filters(organisation=obj.slug)
    elif model == "network.country":
        filters = Filters(country=obj.code.code)
    elif model == "network.actiongroup":
        filters = Filters(group=obj.slug)
    elif model == "engagement.priority":
        filters = Filters(priority=obj.slug)
    else:
        return None
    return filters, registry(user, filters)
