"""Roadmaps: versions, priorities, key actions and the indicators that measure them."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from alliance87.network.models import Country

from ..models import Indicator, KeyAction, Priority, Roadmap
from .common import public_pages_changed, require, save_validated
from .uploads import validate_upload


@transaction.atomic
def roadmap_create(
    *,
    country: Country,
    by,
    title: str,
    period_start: int,
    period_end: int,
    adopted_on: datetime.date | None = None,
    document=None,
    is_example: bool = False,
) -> Roadmap:
    """Add a new version of ``country``'s roadmap; it becomes the current one. Files are checked first."""
    require(by, "pathfinders.edit_roadmap", country)
    if document is not None:
        validate_upload(document, field="document")
    latest = Roadmap.objects.filter(country=country).aggregate(v=Max("version"))["v"] or 0
    roadmap = Roadmap(
        country=country,
        version=latest + 1,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        adopted_on=adopted_on,
        is_current=True,
        is_example=is_example,
    )
    if document is not None:
        roadmap.document = document
    roadmap.full_clean(exclude=["is_current"])  # validate before the previous version steps down
    Roadmap.objects.filter(country=country, is_current=True).update(is_current=False)
    save_validated(roadmap, by)
    public_pages_changed()
    return roadmap


@transaction.atomic
def priority_add(
    *,
    roadmap: Roadmap,
    by,
    title: str,
    description: str = "",
    durban_areas: list[str] | None = None,
    forms: list[str] | None = None,
) -> Priority:
    require(by, "pathfinders.edit_roadmap", roadmap.country)
    position = roadmap.priorities.count()
    priority = Priority(
        roadmap=roadmap,
        position=position,
        title=title.strip(),
        description=description.strip(),
        durban_areas=list(durban_areas or []),
        forms=list(forms or []),
    )
    save_validated(priority, by)
    public_pages_changed()
    return priority


@transaction.atomic
def key_action_add(
    *,
    priority: Priority,
    by,
    title: str,
    responsible_body: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
    budget_amount: Decimal | None = None,
    budget_currency: str = "",
    funding: str = "unknown",
) -> KeyAction:
    """Add a key action; an unknown currency or an end before the start is refused, naming the field."""
    require(by, "pathfinders.edit_roadmap", priority.roadmap.country)
    action = KeyAction(
        priority=priority,
        position=priority.key_actions.count(),
        title=title.strip(),
        responsible_body=responsible_body.strip(),
        start_year=start_year,
        end_year=end_year,
        budget_amount=budget_amount,
        budget_currency=budget_currency.strip().upper(),
        funding=funding,
    )
    save_validated(action, by)
    public_pages_changed()
    return action


@transaction.atomic
def indicator_add(
    *,
    priority: Priority,
    by,
    name: str,
    unit: str = "",
    baseline_value: Decimal | None = None,
    baseline_year: int | None = None,
    target_value: Decimal | None = None,
    target_year: int | None = None,
) -> Indicator:
    """Add an indicator; a target year before the baseline year is refused."""
    require(by, "pathfinders.edit_roadmap", priority.roadmap.country)
    indicator = Indicator(
        priority=priority,
        name=name.strip(),
        unit=unit.strip(),
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        target_value=target_value,
        target_year=target_year,
    )
    save_validated(indicator, by)
    public_pages_changed()
    return indicator
