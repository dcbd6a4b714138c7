"""Progress in the API: ``GET /api/commitments/{id}/updates`` (what was reported, newest first, with its
evidence: links, and files by the address of their download) and ``POST /api/commitments/{id}/updates``
(a bearer token of a maker, a confirmed co-implementer or the secretariat: an update with links; files are
attached on the report page). Rights and checks are the pages': ``progress.report_progress``; a refusal
names its field (422), nothing is saved.
"""

import datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema

from alliance87.api_auth import OptionalTokenAuth, TokenAuth

from . import progress
from .models import Commitment, Progress, ProgressUpdate

router = Router(tags=["commitments"])


class CommitmentLinkIn(Schema):
    url: str = Field(..., max_length=1000, description="https://…")
    title: str = Field("", max_length=300)


class CommitmentUpdateIn(Schema):
    deliverable: int | None = Field(None, description="the deliverable's id; none: the commitment as a whole")
    progress: Progress
    value: Decimal | None = Field(None, description="the indicator's latest value (a deliverable's update only)")
    text: str = Field(..., max_length=8000, description="what happened")
    language: str = Field("en", max_length=10, description="the language the text is written in")
    links: list[CommitmentLinkIn] = Field(default_factory=list, max_length=10)
    share_as_story: bool = False


class CommitmentEvidenceOut(Schema):
    title: str
    url: str | None  # a link
    file_name: str | None
    file_url: str | None  # where a file downloads


class CommitmentUpdateOut(Schema):
    id: int
    deliverable: int | None
    progress: str
    value: float | None
    text: str
    language: str
    is_final: bool
    share_as_story: bool
    reported_at: datetime.datetime
    evidence: list[CommitmentEvidenceOut]


def _update_out(update: ProgressUpdate) -> dict:
    return {
        "id": update.pk,
        "deliverable": update.deliverable_id,
        "progress": update.progress,
        "value": float(update.value) if update.value is not None else None,
        "text": update.text,
        "language": update.language,
        "is_final": update.is_final,
        "share_as_story": update.share_as_story,
        "reported_at": update.reported_at,
        "evidence": [
            {
                "title": e.title or e.original_name,
                "url": e.url or None,
                "file_name": e.original_name or None,
                "file_url": reverse("commitments:progress_evidence", args=[update.commitment_id, e.pk])
                if e.file
                else None,
            }
            for e in update.evidence.all()
        ],
    }


def _visible(commitment_id: int, user) -> Commitment:
    commitment = get_object_or_404(
        Commitment.objects.select_related("lead_organisation", "lead_country", "lead_action_group"), pk=commitment_id
    )
    if not user.has_perm("commitments.view_commitment", commitment):
        raise Http404
    return commitment


@router.get("/commitments/{int:commitment_id}/updates", response=list[CommitmentUpdateOut], auth=OptionalTokenAuth())
def list_updates(request, commitment_id: int):
    """The progress reported on a commitment, newest first, the final report marked ``is_final``."""
    commitment = _visible(commitment_id, request.auth)
    return [_update_out(u) for u in progress.history_of(commitment)]


@router.post("/commitments/{int:commitment_id}/updates", response={201: CommitmentUpdateOut}, auth=TokenAuth())
def post_update(request, commitment_id: int, payload: CommitmentUpdateIn):
    """Report progress on a published commitment, on a deliverable or on the whole, with links as evidence."""
    commitment = _visible(commitment_id, request.auth)
    data = payload.model_dump()
    update = progress.report_progress(
        by=request.auth,
        commitment=commitment,
        deliverable=data["deliverable"],
        progress=data["progress"],
        value=data["value"],
        text=data["text"],
        language=data["language"],
        links=data["links"],
        share_as_story=data["share_as_story"],
    )
    return 201, _update_out(ProgressUpdate.objects.prefetch_related("evidence").get(pk=update.pk))
