"""Factories the commitments' tests share (and the exchange's, the registry's, the benchmarks'): a valid
commitment with one measurable deliverable and one resource, for an organisation, a country or an Action
Group, as a draft or published; a published thematic priority; the people who speak for a party.

Rows are written directly (one ``create`` each, no notifications), so a test or a benchmark may make many;
the services' own tests go through ``alliance87.commitments.services``.

    from alliance87.commitments.tests.making import commitment, deliverable, maker_for, published_priority

    c = commitment(lead=alliance.free_the_slaves)                       # published, public
    d = commitment(lead=alliance.kenya, status="draft", title="…")      # a country's draft
    deliverable(c, title="Second one", target=50)
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from alliance87.accounts.models import Role
from alliance87.testing import make_user

from ..models import (
    CoImplementer,
    Commitment,
    CommitmentStatus,
    Deliverable,
    MakerKind,
    Resource,
    ResourceKind,
    Visibility,
)

START = datetime.date(2026, 1, 1)
END = datetime.date(2027, 12, 31)


def maker_kind_of(party) -> str:
    return {
        "organisation": MakerKind.ORGANISATION,
        "country": MakerKind.COUNTRY,
        "actiongroup": MakerKind.ACTION_GROUP,
    }[party._meta.model_name]


def lead_fields(party) -> dict:
    kind = maker_kind_of(party)
    field = {
        MakerKind.ORGANISATION: "lead_organisation",
        MakerKind.COUNTRY: "lead_country",
        MakerKind.ACTION_GROUP: "lead_action_group",
    }[kind]
    return {"maker_kind": kind, field: party}


ROLE_OF = {
    MakerKind.ORGANISATION: Role.PARTNER_EDITOR,
    MakerKind.COUNTRY: Role.COUNTRY_FOCAL_POINT,
    MakerKind.ACTION_GROUP: Role.ACTION_GROUP_LEAD,
}


def maker_for(party, email: str | None = None):
    """A user who speaks for ``party``: a partner editor of an organisation, a focal point of a country, a
    lead of an Action Group."""
    kind = maker_kind_of(party)
    email = email or f"{kind}-{party.pk}-{slugify(str(party))[:30]}@example.org"
    from alliance87.accounts.models import User  # noqa: PLC0415

    found = User.objects.filter(email=email).first()
    return found or make_user(email, ROLE_OF[kind], party)


def published_priority(title: str = "Decent work in agricultural supply chains (example)", **fields):
    """A published thematic priority (written directly: its evidence is the engagement app's concern)."""
    from alliance87.engagement.models import Priority  # noqa: PLC0415

    slug = fields.pop("slug", None) or slugify(title)[:70] or "priority"
    priority, _created = Priority.objects.get_or_create(
        slug=slug,
        defaults={"title": title, "status": "published", "published_at": timezone.now(), **fields},
    )
    return priority


def deliverable(commitment, *, title: str = "Labour inspectors trained (example)", **fields) -> Deliverable:
    """A measurable deliverable: indicator, baseline, target, due before the commitment's end."""
    values = {
        "indicator": "Inspectors trained",
        "unit": "people",
        "baseline": Decimal("0"),
        "target": Decimal("200"),
        "due_on": commitment.ends_on or END,
        "position": commitment.deliverables.count(),
    }
    values.update(fields)
    return Deliverable.objects.create(commitment=commitment, title=title, **values)


def resource(commitment, **fields) -> Resource:
    values = {
        "kind": ResourceKind.MONEY,
        "description": "Programme budget (example)",
        "amount": Decimal("50000"),
        "currency": "USD",
    }
    values.update(fields)
    return Resource.objects.create(commitment=commitment, **values)


def commitment(
    *,
    lead,
    status: str = CommitmentStatus.PUBLISHED,
    by=None,
    priorities=(),
    countries=(),
    action_groups=(),
    co_implementers=(),
    deliverables: int = 1,
    resources: int = 1,
    **fields,
) -> Commitment:
    """A valid commitment led by ``lead`` (Organisation, Country or ActionGroup) that passes the SMART
    checklist: one measurable deliverable (``deliverables=0`` for none), one resource, a period in 2026-27.

    ``status`` "draft", "submitted", "changes_requested", "published", "completed" or "closed"; the dates
    of the steps it went through are set. ``co_implementers``: parties, confirmed (pass ``(party, False)``
    for one still to confirm). ``priorities``: Priority rows (none given: none linked)."""
    now = timezone.now()
    values = {
        "title": "Train labour inspectors on child labour in agriculture (example)",
        "description": "Train inspectors in every district and follow up the cases they find. (Example.)",
        "contribution": "Inspections find and remove children from hazardous work.",
        "communication": "Yearly report on the website.",
        "starts_on": START,
        "ends_on": END,
        "visibility": Visibility.PUBLIC,
        "status": status,
        "sdg_targets": ["8.7"],
        "focal_point": "Programme officer (example)",
        "created_by": by,
        "is_example": True,
    }
    if status in (CommitmentStatus.SUBMITTED, CommitmentStatus.PUBLISHED, CommitmentStatus.COMPLETED):
        values["submitted_at"] = now
    if status in (CommitmentStatus.PUBLISHED, CommitmentStatus.COMPLETED, CommitmentStatus.CLOSED):
        values["published_at"] = now
        values["smart_review"] = {letter: {"ok": True, "note": ""} for letter in "SMART"}
    if status == CommitmentStatus.COMPLETED:
        values["completed_at"] = now
    if status == CommitmentStatus.CLOSED:
        values["closed_at"] = now
        values["closed_reason"] = "Closed (example)."
    values.update(lead_fields(lead))
    values.update(fields)
    made = Commitment.objects.create(**values)
    if priorities:
        made.priorities.set(priorities)
    if countries:
        made.countries.set(countries)
    if action_groups:
        made.action_groups.set(action_groups)
    for index in range(deliverables):
        deliverable(made, title="Labour inspectors trained (example)" if index == 0 else f"Deliverable {index + 1}")
    for _index in range(resources):
        resource(made)
    for given in co_implementers:
        party, confirmed = given if isinstance(given, tuple) else (given, True)
        co_implementer(made, party, confirmed=confirmed)
    return made


def co_implementer(commitment, party, *, confirmed: bool = True, by=None) -> CoImplementer:
    field = {
        MakerKind.ORGANISATION: "organisation",
        MakerKind.COUNTRY: "country",
        MakerKind.ACTION_GROUP: "action_group",
    }[maker_kind_of(party)]
    return CoImplementer.objects.create(
        commitment=commitment,
        confirmed_at=timezone.now() if confirmed else None,
        confirmed_by=by if confirmed else None,
        **{field: party},
    )
