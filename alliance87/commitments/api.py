"""The registry in the API: ``GET /api/commitments`` (the registry's filters as query parameters, paged like
every list) and ``GET /api/commitments/{id}`` (with its deliverables and updates). Rights as the pages: the
public reads public commitments; a bearer token of an Alliance member adds the partners-only ones; a draft
or submitted one is a 404 except for its makers and the secretariat. Nothing here writes (``api_making``,
``api_progress`` do).
"""

import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from alliance87.api_auth import OptionalTokenAuth
from alliance87.api_pagination import PageNumbers

from . import selectors
from .models import Light, MakerKind

router = Router(tags=["commitments"])


class RegistryFilters(Schema):
    q: str = Field("", max_length=200, description="words of the title (all of them)")
    priority: str = Field("", max_length=80, description="a thematic priority's slug")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2: led by the country or carried out in it")
    kind: str = Field(
        "",
        max_length=20,
        description="the maker: 'country', 'action_group', or a partner organisation's kind (e.g. 'civil_society')",
    )
    group: str = Field("", max_length=80, description="an Action Group's slug: led by it or naming it")
    organisation: str = Field("", max_length=80, description="an organisation's slug: led or co-implemented")
    light: Light | None = Field(None, description="the status light")
    status: str = Field("", max_length=20, description="published, completed or closed")


class RegistryDeliverableOut(Schema):
    id: int
    position: int
    title: str
    indicator: str
    unit: str
    baseline: float | None
    target: float | None
    due_on: datetime.date | None
    current_value: float | None
    progress: str
    achieved_at: datetime.datetime | None


class RegistryEvidenceOut(Schema):
    title: str
    url: str | None  # a link; files are not listed by address here
    file_name: str | None


class RegistryUpdateOut(Schema):
    reported_at: datetime.datetime
    deliverable_id: int | None
    progress: str
    value: float | None
    text: str
    language: str
    is_final: bool
    evidence: list[RegistryEvidenceOut]


class RegistryCommitmentOut(Schema):
    id: int
    url: str
    title: str
    language: str
    maker_kind: MakerKind
    lead: str
    lead_url: str
    status: str
    visibility: str
    light: str
    published_at: datetime.datetime | None
    last_reported_at: datetime.datetime | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    priorities: list[str]  # slugs
    deliverables: int
    deliverables_achieved: int
    is_example: bool


class RegistryCommitmentDetailOut(RegistryCommitmentOut):
    description: str
    contribution: str
    communication: str
    focal_point: str
    co_implementers: list[str]
    sdg_targets: list[str]
    countries: list[str]  # ISO codes
    action_groups: list[str]  # slugs
    outcome_areas: list[str]
    deliverable_list: list[RegistryDeliverableOut]
    updates: list[RegistryUpdateOut]


def _number(value):
    return float(value) if value is not None else None


def _out(c) -> dict:
    return {
        "id": c.pk,
        "url": c.get_absolute_url(),
        "title": c.title,
        "language": c.language,
        "maker_kind": c.maker_kind,
        "lead": str(c.lead),
        "lead_url": c.lead.get_absolute_url(),
        "status": c.status,
        "visibility": c.visibility,
        "light": c.light,
        "published_at": c.published_at,
        "last_reported_at": c.last_reported_at,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "priorities": [p.slug for p in c.priorities.all()],
        "deliverables": c.deliverable_count,
        "deliverables_achieved": c.achieved_count,
        "is_example": c.is_example,
    }


class _Rows:
    """The registry's queryset for the paginator: counted and sliced by it, each page read with its leads,
    priorities and deliverables counted (three queries a page)."""

    def __init__(self, commitments):
        self.commitments = commitments

    def count(self) -> int:
        return self.commitments.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return [_out(c) for c in selectors.rows(self.commitments[index])]


@router.get("/commitments", response=list[RegistryCommitmentOut], auth=OptionalTokenAuth())
@paginate(PageNumbers, page_size=50)
def list_commitments(request, filters: Query[RegistryFilters]):
    """The registry, newest published first, filtered like its page (every filter given must hold)."""
    chosen = selectors.Filters(**{k: (v or "") for k, v in filters.dict().items()})
    return _Rows(selectors.registry(request.auth, chosen))


@router.get("/commitments/{commitment_id}", response=RegistryCommitmentDetailOut, auth=OptionalTokenAuth())
def get_commitment(request, commitment_id: int):
    """A commitment with its deliverables and its updates (newest first), as its page shows them."""
    found = selectors.commitment_for_page(commitment_id, request.auth)
    more = selectors.details(found)
    selectors.with_counts([found])
    out = _out(found)
    out.update(
        description=found.description,
        contribution=found.contribution,
        communication=found.communication,
        focal_point=found.focal_point,
        co_implementers=[str(co.party) for co in more["co_implementers"]],
        sdg_targets=list(found.sdg_targets or []),
        countries=[c.code.code for c in more["countries"]],
        action_groups=[g.slug for g in more["action_groups"]],
        outcome_areas=[str(a) for a in more["outcome_areas"]],
        priorities=[p.slug for p in more["priorities"]],
        deliverable_list=[
            {
                "id": d.pk,
                "position": d.position,
                "title": d.title,
                "indicator": d.indicator,
                "unit": d.unit,
                "baseline": _number(d.baseline),
                "target": _number(d.target),
                "due_on": d.due_on,
                "current_value": _number(d.current_value),
                "progress": d.progress,
                "achieved_at": d.achieved_at,
            }
            for d in more["deliverables"]
        ],
        updates=[
            {
                "reported_at": u.reported_at,
                "deliverable_id": u.deliverable_id,
                "progress": u.progress,
                "value": _number(u.value),
                "text": u.text,
                "language": u.language,
                "is_final": u.is_final,
                "evidence": [
                    {"title": str(e), "url": e.url or None, "file_name": e.original_name or None}
                    for e in u.evidence.all()
                ],
            }
            for u in more["updates"]
        ],
    )
    return out
