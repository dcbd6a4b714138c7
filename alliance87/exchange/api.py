"""Experiences in the API: the published ones for anyone (never a withdrawn one, never a teller's name without
recorded consent, never a picture of people without theirs), each with its links; and a new draft for someone
who may share (a bearer token of theirs). Review and publishing are the pages' (``views/review.py``)."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from alliance87.api_auth import OptionalTokenAuth, TokenAuth
from alliance87.api_pagination import PageNumbers
from alliance87.search.engine import QueryRefused

from . import selectors, services
from .models import Experience, ExperienceKind, ExperienceStatus

router = Router(tags=["experiences"])


class ExperienceMediaOut(Schema):
    url: str
    kind: str  # "picture" or "document"
    alt_text: str
    caption: str


class ExperienceOut(Schema):
    slug: str
    kind: str
    title: str
    summary: str
    language: str
    url: str
    lived_experience: bool
    teller: str  # empty unless the teller is named with recorded consent
    organisation: str | None  # slug
    action_group: str | None  # slug
    countries: list[str]  # ISO codes
    priorities: list[str]  # slugs of published priorities
    commitments: list[int]  # ids of public commitments
    published_at: datetime.datetime | None


class ExperienceDetailOut(ExperienceOut):
    context: str
    what_was_done: str
    with_whom: str
    results: str
    lessons: str
    media: list[ExperienceMediaOut]


class ExperienceFilters(Schema):
    q: str = Field("", max_length=200, description="words of the title or summary")
    country: str = Field("", max_length=3, description="ISO code, e.g. KE")
    group: str = Field("", max_length=80, description="Action Group slug")
    priority: str = Field("", max_length=80, description="thematic priority slug")
    kind: str = Field("", max_length=10, description="practice or story")


class ExperienceIn(Schema):
    title: str = Field(..., max_length=200)
    summary: str = Field(..., max_length=1000)
    kind: str = Field(ExperienceKind.PRACTICE, max_length=10)
    context: str = Field("", max_length=4000)
    what_was_done: str = Field("", max_length=8000)
    with_whom: str = Field("", max_length=2000)
    results: str = Field("", max_length=4000)
    lessons: str = Field("", max_length=4000)
    language: str = Field("en", max_length=10)
    organisation: str | None = Field(None, max_length=80, description="slug of the organisation it is shared by")
    action_group: str | None = Field(None, max_length=80, description="Action Group slug")
    countries: list[str] = Field([], max_length=50, description="ISO codes")
    priorities: list[str] = Field([], max_length=50, description="published priorities' slugs")
    lived_experience: bool = False


def _out(experience: Experience) -> dict:
    return {
        "slug": experience.slug,
        "kind": experience.kind,
        "title": experience.title,
        "summary": experience.summary,
        "language": experience.language,
        "url": experience.get_absolute_url(),
        "lived_experience": experience.lived_experience,
        "teller": experience.public_teller,
        "organisation": experience.organisation.slug if experience.organisation_id else None,
        "action_group": experience.action_group.slug if experience.action_group_id else None,
        "countries": [c.code.code for c in experience.countries.all()],
        "priorities": [p.slug for p in experience.priorities.all()],
        "commitments": [c.pk for c in experience.commitments.all()],
        "published_at": experience.published_at,
    }


def _detail(experience: Experience, user) -> dict:
    out = _out(experience)
    for name in ("context", "what_was_done", "with_whom", "results", "lessons"):
        out[name] = getattr(experience, name)
    out["media"] = [
        {
            "url": reverse("exchange:media", args=[experience.slug, m.pk]),
            "kind": "picture" if m.alt_text else "document",
            "alt_text": m.alt_text,
            "caption": m.caption,
        }
        for m in selectors.shown_media(experience, user)
        if m.may_be_shown
    ]
    return out


@router.get("/experiences", response=list[ExperienceOut])
@paginate(PageNumbers, page_size=50)
def list_experiences(request, filters: Query[ExperienceFilters]):
    """The published experiences, newest first, filtered like the public list."""
    try:
        found = selectors.for_list(selectors.Filters(**filters.dict()))
    except QueryRefused as refused:
        raise ValidationError({"q": str(refused)}) from refused
    return [_out(e) for e in selectors._with_everything(found)]


@router.get("/experiences/{slug}", response=ExperienceDetailOut, auth=OptionalTokenAuth())
def get_experience(request, slug: str):
    """A published experience (a withdrawn one is a 404 here); its sharers and the secretariat read their
    drafts too, with a token."""
    try:
        experience = selectors.experience_for_page(slug, request.auth)
    except selectors.Gone as withdrawn:
        raise Http404 from withdrawn
    return _detail(experience, request.auth)


@router.post("/experiences", response={201: ExperienceDetailOut}, auth=TokenAuth())
def create_experience(request, payload: ExperienceIn):
    """A draft experience, for someone who speaks for an organisation, a country or an Action Group, or the
    secretariat. Submitting and the teller's consent are done on its edit page."""
    from alliance87.engagement.models import Priority  # noqa: PLC0415
    from alliance87.network.models import ActionGroup, Country, Organisation  # noqa: PLC0415

    data = payload.dict()
    errors = {}
    if data["kind"] not in ExperienceKind.values:
        errors["kind"] = _("Unknown kind “%(kind)s”: practice or story.") % {"kind": data["kind"]}
    organisation = action_group = None
    if data["organisation"]:
        organisation = Organisation.objects.filter(slug=data["organisation"]).first()
        if organisation is None:
            errors["organisation"] = _("No organisation “%(slug)s”.") % {"slug": data["organisation"]}
    if data["action_group"]:
        action_group = ActionGroup.objects.filter(slug=data["action_group"]).first()
        if action_group is None:
            errors["action_group"] = _("No Action Group “%(slug)s”.") % {"slug": data["action_group"]}
    codes = [c.upper() for c in data["countries"]]
    countries = list(Country.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {c.code.code for c in countries})
    if unknown:
        errors["countries"] = _("No country with the code %(codes)s in the network.") % {"codes": ", ".join(unknown)}
    priorities = list(Priority.objects.published().filter(slug__in=data["priorities"]))
    missing = sorted(set(data["priorities"]) - {p.slug for p in priorities})
    if missing:
        errors["priorities"] = _("No published priority %(slugs)s.") % {"slugs": ", ".join(missing)}
    if errors:
        raise ValidationError(errors)
    experience = services.experience_create(
        by=request.auth,
        title=data["title"],
        summary=data["summary"],
        kind=data["kind"],
        context=data["context"],
        what_was_done=data["what_was_done"],
        with_whom=data["with_whom"],
        results=data["results"],
        lessons=data["lessons"],
        language=data["language"],
        organisation=organisation,
        action_group=action_group,
        countries=countries,
        priorities=priorities,
        lived_experience=data["lived_experience"],
    )
    experience = selectors._with_everything(Experience.objects.filter(pk=experience.pk)).get()
    assert experience.status == ExperienceStatus.DRAFT  # noqa: S101 -- made just now
    return 201, _detail(experience, request.auth)
