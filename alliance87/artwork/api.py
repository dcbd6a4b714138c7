"""The artwork API: a phone adds its mark, then asks how it is doing. No account; a device token instead.

``POST /api/artwork/{slug}/contributions`` takes a colour and, optionally, a cell (``x``, ``y``, counted
from 0), a message (up to 80 characters), a drawing (strokes of ``[x, y]`` points between 0 and 1), a
first name, a kind of organisation and a country. The phone sends a random token it made once as the
``X-Device-Token`` header; the database keeps only a keyed hash of it. Answers:

- 201 ``{id, status, seq, x, y}``: ``status`` is ``approved`` when a colour-only mark was placed at
  once, ``pending`` while it waits for a moderator;
- 422 ``{"detail": [{"loc": ["body", field], "msg": …}]}``, the services' messages (a cell taken, a
  closed banner, a muted phone, a colour outside the palette…);
- 429 ``{"detail": message, "retry_after": seconds}`` with a ``Retry-After`` header, for a phone within
  its cooldown or a network address over its ceiling;
- 404 for a banner that does not exist.

``GET /api/artwork/{slug}/contributions/{id}`` answers the phone that sent it (the same
``X-Device-Token``; anyone else gets 404) with its status. A contribution held for the safeguarding
focal point reads as ``pending``: the phone is not told it was flagged.

``DELETE /api/artwork/{slug}/contributions/{id}`` (the same ``X-Device-Token``) withdraws the phone's own
contribution, whatever its status: it leaves the wall and cannot be approved again; 200 with its status
(``withdrawn``), 404 for anyone else's or an unknown number (the same answer). A phone whose mark the
moderators muted, or whose data was erased after the banner's retention, is answered the same 404.

A successful POST also sets the phone page's device cookie (when the phone has none) to the same token,
so the page's own "withdraw" step (which works without JavaScript) knows the phone's marks.

``?lang=fr`` (or ``es``) gives the messages in that language.

The network address is ``REMOTE_ADDR``: behind a proxy, the proxy must set it to the phone's address
(uvicorn's ``--forwarded-allow-ips`` with ``--proxy-headers``), or every phone shares the proxy's ceiling.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Field, Header, Router, Schema

from . import rows, services
from .device import DEVICE_COOKIE, set_device_cookie
from .models import Banner, Contribution
from .vocab import Status

router = Router(tags=["artwork"])

DEVICE_HEADER = "X-Device-Token"


class ContributionIn(Schema):
    colour: str = Field(..., description="#RRGGBB, one of the banner's palette")
    x: int | None = Field(None, description="column, from 0; leave out x and y to be given a free cell")
    y: int | None = Field(None, description="row, from 0")
    message: str = Field("", description="up to 80 characters, any language and script; shown as text")
    drawing: Any = Field(None, description="a list of strokes, each a list of [x, y] points between 0 and 1")
    first_name: str = ""
    organisation_kind: str = Field("", description="government, un_agency, workers, employers, civil_society, …")
    country: str = Field("", description="ISO 3166 alpha-2 code")


class ReceiptOut(Schema):
    id: int
    status: str = Field(..., description="approved (placed at once) or pending (waiting for a moderator)")
    seq: int = Field(..., description="the banner's log sequence number of the last step this contribution made")
    x: int
    y: int


class StatusOut(Schema):
    id: int
    status: str = Field(..., description="pending, approved, rejected, hidden, erased or withdrawn")
    x: int
    y: int
    colour_only: bool


class ThrottledOut(Schema):
    detail: str
    retry_after: int = Field(..., description="seconds to wait, as in the Retry-After header")


def contributor_status(contribution: Contribution) -> str:
    """What the phone that sent it is told: a contribution with the safeguarding focal point is "pending"."""
    return Status.PENDING if contribution.status == Status.SAFEGUARDING else contribution.status


STATUS_FIELDS = ("pk", "status", "x", "y", "message", "drawing", "first_name")


def _status_out(contribution: Contribution) -> dict:
    """What the phone that sent it may know of its contribution (``StatusOut``)."""
    return {
        "id": contribution.pk,
        "status": contributor_status(contribution),
        "x": contribution.x,
        "y": contribution.y,
        "colour_only": contribution.is_colour_only,
    }


def _language(request):
    code = request.GET.get("lang", "")
    return translation.override(code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)


@router.post(
    "/artwork/{slug}/contributions",
    response={201: ReceiptOut, 429: ThrottledOut},
    url_name="artwork_contribute",
)
def contribute(
    request,
    slug: str,
    payload: ContributionIn,
    device_token: str = Header("", alias=DEVICE_HEADER, description="a random token the phone made once"),
):
    """Add a mark to the banner (no account: the phone's ``X-Device-Token`` header)."""
    banner = rows.banner_by_slug(slug)  # Banner.objects.get's row, a fifth of its cost (rows.py)
    if banner is None:
        raise Http404
    with _language(request):
        try:
            receipt = services.contribute(
                banner=banner,
                device_token=device_token,
                address=request.META.get("REMOTE_ADDR", ""),
                colour=payload.colour,
                x=payload.x,
                y=payload.y,
                message=payload.message,
                drawing=payload.drawing,
                first_name=payload.first_name,
                organisation_kind=payload.organisation_kind,
                country=payload.country,
            )
        except services.Throttled as throttled:
            response = JsonResponse({"detail": throttled.message, "retry_after": throttled.seconds}, status=429)
            response["Retry-After"] = str(throttled.seconds)
            return response
        except ValidationError as error:
            # The service names the phone "device"; here the phone is the X-Device-Token header.
            if hasattr(error, "error_dict") and "device" in error.error_dict:
                message = " ".join(error.message_dict["device"])
                return JsonResponse({"detail": [{"loc": ["header", DEVICE_HEADER], "msg": message}]}, status=422)
            raise
    contribution = receipt.contribution
    response = JsonResponse(
        {
            "id": contribution.pk,
            "status": contributor_status(contribution),
            "seq": receipt.seq,
            "x": contribution.x,
            "y": contribution.y,
        },
        status=201,
    )
    if not request.COOKIES.get(DEVICE_COOKIE):
        set_device_cookie(request, response, device_token)
    return response


@router.get("/artwork/{slug}/contributions/{contribution_id}", response=StatusOut, url_name="artwork_contribution")
def contribution_status(
    request,
    slug: str,
    contribution_id: int,
    token: str = Header("", alias=DEVICE_HEADER, description="the token the phone sent its contribution with"),
):
    """How a contribution is doing, for the phone that sent it (the same ``X-Device-Token``)."""
    if not token:
        raise Http404
    contribution = (
        Contribution.objects.filter(pk=contribution_id, banner__slug=slug, device=services.device_hash(token))
        .only(*STATUS_FIELDS)
        .first()
    )
    if contribution is None:
        raise Http404
    return _status_out(contribution)


@router.delete(
    "/artwork/{slug}/contributions/{contribution_id}",
    response={200: StatusOut},
    url_name="artwork_withdraw",
)
def withdraw(
    request,
    slug: str,
    contribution_id: int,
    token: str = Header("", alias=DEVICE_HEADER, description="the token the phone sent its contribution with"),
):
    """Withdraw this phone's own contribution (the same ``X-Device-Token``): it leaves the wall for good."""
    banner = get_object_or_404(Banner, slug=slug)
    try:
        services.withdraw(banner=banner, contribution_id=contribution_id, device_token=token)
    except services.NotTheirs as error:
        raise Http404 from error
    contribution = Contribution.objects.only(*STATUS_FIELDS).get(pk=contribution_id)
    return _status_out(contribution)
