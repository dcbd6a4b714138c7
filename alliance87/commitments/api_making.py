"""Making and reviewing commitments in the API (a bearer token), through the same services as the pages:

- a maker (someone who speaks for the lead; the secretariat for any): ``POST /commitment-drafts`` (a draft),
  ``PATCH /commitments/{id}/draft`` (fields and links), ``POST …/deliverables``, ``POST …/resources``,
  ``POST …/submit`` (refused, 422, naming each failing SMART letter);
- the secretariat: ``POST …/review`` (a verdict and note per letter), ``POST …/publish``,
  ``POST …/request-changes``;
- both: ``GET /commitments/{id}/draft``, the commitment as its makers see it, with the checklist.

Parties are named as elsewhere in the API: an organisation or an Action Group by its slug, a country by its
ISO code; priorities by slug. Errors name the field (422); the wrong person gets 403.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import BaseModel, Field

from alliance87.api_auth import TokenAuth
from alliance87.api_types import Text

from . import services, smart
from .models import Commitment
from .rules import is_maker

router = Router(tags=["commitments"])


# --- Schemas -------------------------------------------------------------------------------------------------


class MakingDeliverableOut(Schema):
    id: int
    title: str
    indicator: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    due_on: datetime.date | None


class MakingResourceOut(Schema):
    id: int
    kind: str
    description: str
    amount: Decimal | None
    currency: str
    staff_count: Decimal | None


class MakingCoImplementerOut(Schema):
    id: int
    party: str
    confirmed: bool
    declined: bool


class MakingLetterOut(Schema):
    letter: str
    name: str
    ok: bool
    reasons: list[str]


class MakingVerdictOut(Schema):
    ok: bool
    note: str


class MakingCommitmentOut(Schema):
    id: int
    status: str
    maker_kind: str
    lead: str
    title: str
    description: str
    contribution: str
    communication: str
    language: str
    focal_point: str
    priorities: list[str]  # slugs
    outcome_areas: list[int]
    sdg_targets: list[str]
    countries: list[str]  # ISO codes
    action_groups: list[str]  # slugs
    key_actions: list[int]
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    visibility: str
    deliverables: list[MakingDeliverableOut]
    resources: list[MakingResourceOut]
    co_implementers: list[MakingCoImplementerOut]
    smart: list[MakingLetterOut]  # the automatic checklist
    smart_review: dict[str, MakingVerdictOut]  # the secretariat's verdicts
    review_comment: str
    url: str


class MakingFields(BaseModel):
    """The fields a maker writes; leave out what stays as it is."""

    title: Text | None = Field(None, max_length=300)
    description: Text | None = Field(None, max_length=8000)
    contribution: Text | None = Field(None, max_length=2000)
    communication: Text | None = Field(None, max_length=2000)
    language: Text | None = Field(None, max_length=10)
    focal_point: Text | None = Field(None, max_length=200)
    focal_point_email: Text | None = Field(None, max_length=254)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    visibility: Text | None = Field(None, max_length=10, description="public or partners")
    priorities: list[Text] | None = Field(None, description="slugs of published thematic priorities")
    outcome_areas: list[int] | None = None
    sdg_targets: list[Text] | Text | None = Field(None, description='"8.7, 16.2" or ["8.7", "16.2"]')
    countries: list[Text] | None = Field(None, description="ISO codes")
    action_groups: list[Text] | None = Field(None, description="slugs")
    key_actions: list[int] | None = Field(None, description="a country's commitment: its roadmap's key actions")


class MakingCommitmentIn(MakingFields):
    maker_kind: Text = Field(..., max_length=20, description="organisation, country or action_group")
    lead: Text = Field(..., max_length=80, description="an organisation's or Action Group's slug, a country's code")
    title: Text = Field(..., max_length=300)
    description: Text = Field(..., max_length=8000)


class MakingDeliverableIn(BaseModel):
    title: Text = Field(..., max_length=300)
    indicator: Text = Field("", max_length=300)
    unit: Text = Field("", max_length=50)
    baseline: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=3)
    target: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=3)
    due_on: datetime.date | None = None


class MakingResourceIn(BaseModel):
    kind: Text = Field("money", max_length=10, description="money, in_kind or staff")
    description: Text = Field(..., max_length=500)
    amount: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    currency: Text = Field("", max_length=3)
    staff_count: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=1)


class MakingVerdictIn(BaseModel):
    ok: bool
    note: Text = Field("", max_length=2000)


class MakingReviewIn(BaseModel):
    S: MakingVerdictIn | None = None
    M: MakingVerdictIn | None = None
    A: MakingVerdictIn | None = None
    R: MakingVerdictIn | None = None
    T: MakingVerdictIn | None = None


class MakingCommentIn(BaseModel):
    comment: Text = Field(..., max_length=8000)


# --- Shaping and lookups -------------------------------------------------------------------------------------


def making_out(commitment: Commitment) -> dict:
    c = (
        Commitment.objects.select_related("lead_organisation", "lead_country", "lead_action_group")
        .prefetch_related(
            "priorities",
            "outcome_areas",
            "countries",
            "action_groups",
            "key_actions",
            "deliverables",
            "resources",
            "co_implementers__organisation",
            "co_implementers__country",
            "co_implementers__action_group",
        )
        .get(pk=commitment.pk)
    )
    review = {k: v for k, v in (c.smart_review or {}).items() if isinstance(v, dict)}
    return {
        "id": c.pk,
        "status": c.status,
        "maker_kind": c.maker_kind,
        "lead": str(c.lead),
        "title": c.title,
        "description": c.description,
        "contribution": c.contribution,
        "communication": c.communication,
        "language": c.language,
        "focal_point": c.focal_point,
        "priorities": [p.slug for p in c.priorities.all()],
        "outcome_areas": [a.pk for a in c.outcome_areas.all()],
        "sdg_targets": list(c.sdg_targets or []),
        "countries": [country.code.code for country in c.countries.all()],
        "action_groups": [g.slug for g in c.action_groups.all()],
        "key_actions": [k.pk for k in c.key_actions.all()],
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "visibility": c.visibility,
        "deliverables": list(c.deliverables.all()),
        "resources": list(c.resources.all()),
        "co_implementers": [
            {"id": co.pk, "party": str(co.party), "confirmed": bool(co.confirmed_at), "declined": bool(co.declined_at)}
            for co in c.co_implementers.all()
        ],
        "smart": [
            {"letter": r.letter, "name": r.name, "ok": r.ok, "reasons": [str(x) for x in r.reasons]}
            for r in smart.check(c)
        ],
        "smart_review": {k: {"ok": bool(v.get("ok")), "note": v.get("note", "")} for k, v in review.items()},
        "review_comment": c.review_comment,
        "url": c.get_absolute_url(),
    }


def _lead(kind: str, name: str):
    from alliance87.network.models import ActionGroup, Country, Organisation  # noqa: PLC0415

    if kind not in services.LEAD_FIELD:
        raise ValidationError({"maker_kind": _("Choose organisation, country or action_group.")})
    if kind == "country":
        found = Country.objects.filter(code=name.upper()).first()
    else:
        found = (Organisation if kind == "organisation" else ActionGroup).objects.filter(slug=name).first()
    if found is None:
        raise ValidationError({"lead": _("Nobody of that kind is called “%(name)s” in the network.") % {"name": name}})
    return found


def _by_names(queryset, names, *, field: str, key: str, message: str) -> list:
    wanted = list(dict.fromkeys(names))
    rows = queryset.filter(**{f"{key}__in": wanted})
    found = {(row.code.code if key == "code" else getattr(row, key)): row for row in rows}
    missing = [n for n in wanted if n not in found]
    if missing:
        raise ValidationError({field: message % {"values": ", ".join(missing)}})
    return [found[n].pk for n in wanted]


def _links(data: dict) -> dict:
    from alliance87.engagement.models import Priority  # noqa: PLC0415
    from alliance87.network.models import ActionGroup, Country  # noqa: PLC0415

    if data.get("priorities") is not None:
        data["priorities"] = _by_names(
            Priority.objects.published(),
            data["priorities"],
            field="priorities",
            key="slug",
            message=_("Not a published thematic priority: %(values)s"),
        )
    if data.get("countries") is not None:
        data["countries"] = _by_names(
            Country.objects.all(),
            [c.upper() for c in data["countries"]],
            field="countries",
            key="code",
            message=_("Unknown country: %(values)s"),
        )
    if data.get("action_groups") is not None:
        data["action_groups"] = _by_names(
            ActionGroup.objects.all(),
            data["action_groups"],
            field="action_groups",
            key="slug",
            message=_("Unknown Action Group: %(values)s"),
        )
    return data


def _given(payload: BaseModel) -> dict:
    return {
        k: v
        for k, v in payload.model_dump(exclude_unset=True).items()
        if v is not None or k in ("starts_on", "ends_on")
    }


def _commitment(commitment_id: int, user, perm: str = "commitments.view_commitment") -> Commitment:
    commitment = get_object_or_404(Commitment, pk=commitment_id)
    if not user.has_perm("commitments.view_commitment", commitment):
        raise Http404  # a draft's number is unknown to whoever may not see it
    if not user.has_perm(perm, commitment):
        raise PermissionDenied(_("You may not do this."))
    return commitment


# --- Operations ----------------------------------------------------------------------------------------------


@router.post("/commitment-drafts", response={201: MakingCommitmentOut}, auth=TokenAuth())
def create_commitment(request, payload: MakingCommitmentIn):
    """A draft commitment for a party one speaks for (the secretariat: any)."""
    data = _given(payload)
    kind, name = data.pop("maker_kind"), data.pop("lead")
    lead = _lead(kind, name)
    made = services.start_commitment(by=request.auth, maker_kind=kind, lead=lead, **_links(data))
    return 201, making_out(made)


@router.get("/commitments/{int:commitment_id}/draft", response=MakingCommitmentOut, auth=TokenAuth())
def get_draft(request, commitment_id: int):
    """The commitment as its makers and the secretariat see it, in any state, with the SMART checklist."""
    commitment = _commitment(commitment_id, request.auth)
    user = request.auth
    if not (user.has_perm("commitments.review_commitment") or is_maker(user, commitment)):
        raise PermissionDenied(_("You may not do this."))
    return making_out(commitment)


@router.patch("/commitments/{int:commitment_id}/draft", response=MakingCommitmentOut, auth=TokenAuth())
def patch_commitment(request, commitment_id: int, payload: MakingFields):
    """Change a draft (or one sent back): only what is given; nothing is saved when anything is refused."""
    commitment = _commitment(commitment_id, request.auth, "commitments.edit_commitment")
    services.update_commitment(by=request.auth, commitment=commitment, **_links(_given(payload)))
    return making_out(commitment)


@router.post("/commitments/{int:commitment_id}/deliverables", response={201: MakingCommitmentOut}, auth=TokenAuth())
def add_deliverable(request, commitment_id: int, payload: MakingDeliverableIn):
    commitment = _commitment(commitment_id, request.auth, "commitments.edit_commitment")
    services.add_deliverable(by=request.auth, commitment=commitment, **payload.model_dump())
    return 201, making_out(commitment)


@router.post("/commitments/{int:commitment_id}/resources", response={201: MakingCommitmentOut}, auth=TokenAuth())
def add_resource(request, commitment_id: int, payload: MakingResourceIn):
    commitment = _commitment(commitment_id, request.auth, "commitments.edit_commitment")
    services.add_resource(by=request.auth, commitment=commitment, **payload.model_dump())
    return 201, making_out(commitment)


@router.post("/commitments/{int:commitment_id}/submit", response=MakingCommitmentOut, auth=TokenAuth())
def submit_commitment(request, commitment_id: int):
    """Submit to the secretariat; refused (422) while a SMART letter fails, each named with why."""
    commitment = _commitment(commitment_id, request.auth, "commitments.submit_commitment")
    services.submit(by=request.auth, commitment=commitment)
    return making_out(commitment)


@router.post("/commitments/{int:commitment_id}/review", response=MakingCommitmentOut, auth=TokenAuth())
def review_commitment(request, commitment_id: int, payload: MakingReviewIn):
    """The secretariat's verdict and note on each SMART letter (all five; a "not ok" needs a note)."""
    commitment = _commitment(commitment_id, request.auth, "commitments.review_commitment")
    verdicts = {k: v for k, v in payload.model_dump().items() if v is not None}
    services.review(by=request.auth, commitment=commitment, verdicts=verdicts)
    return making_out(commitment)


@router.post("/commitments/{int:commitment_id}/publish", response=MakingCommitmentOut, auth=TokenAuth())
def publish_commitment(request, commitment_id: int):
    """Publish a submitted commitment whose letters all pass, checks and verdicts alike."""
    commitment = _commitment(commitment_id, request.auth, "commitments.publish_commitment")
    services.publish(by=request.auth, commitment=commitment)
    return making_out(commitment)


@router.post("/commitments/{int:commitment_id}/request-changes", response=MakingCommitmentOut, auth=TokenAuth())
def request_changes(request, commitment_id: int, payload: MakingCommentIn):
    """Send it back to its makers with a comment."""
    commitment = _commitment(commitment_id, request.auth, "commitments.review_commitment")
    services.request_changes(by=request.auth, commitment=commitment, comment=payload.comment)
    return making_out(commitment)
