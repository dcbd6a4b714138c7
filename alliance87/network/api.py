"""The network's API: public reads, and token-authenticated writes through the same services.

Organisations, Action Groups and stated figures carry their ``translations`` (``alliance87.api_translations``);
lists keep the English order whatever the request's language, so a client's pages stay stable.
"""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import HttpUrl

from alliance87.api_auth import TokenAuth
from alliance87.api_pagination import PageNumbers
from alliance87.api_translations import translations_field, translations_out, translations_type
from alliance87.translations import SOURCE_LANGUAGE

from . import selectors, services
from .models import ActionGroup, Country, Organisation, OrganisationKind, StatedFigure

router = Router(tags=["network"])


class CountryRef(Schema):
    code: str
    name: str


class CountryOut(CountryRef):
    is_example: bool
    ilo_region: str
    sdg_region: str
    is_pathfinder: bool
    pathfinder_since: int | None
    source: str


def country_ref(country: Country | None) -> dict | None:
    return {"code": country.code.code, "name": country.name} if country else None


def country_out(country: Country) -> dict:
    return {
        **country_ref(country),
        "is_example": country.is_example,
        "ilo_region": country.ilo_region,
        "sdg_region": country.sdg_region,
        "is_pathfinder": country.is_pathfinder,
        "pathfinder_since": country.pathfinder_since,
        "source": country.source,
    }


class OrganisationOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    country: CountryRef | None
    website: str
    description: str
    is_partner: bool
    partner_since: int | None
    translations: translations_type(Organisation) = translations_field()

    @staticmethod
    def resolve_country(obj: Organisation):
        return country_ref(obj.country)

    @staticmethod
    def resolve_translations(obj: Organisation):
        return translations_out(obj)


class MembershipOut(Schema):
    organisation: str = Field(..., alias="organisation.slug")
    organisation_name: str = Field(..., alias="organisation.name")
    role: str
    since_year: int | None


class ActionGroupOut(Schema):
    slug: str
    name: str
    lead_organisation: str | None = Field(None, alias="lead_organisation.slug")
    secretariat: str
    mandate: str
    is_active: bool
    started_year: int | None
    ended_year: int | None
    stated_size: str
    status_verified: bool
    translations: translations_type(ActionGroup) = translations_field()

    @staticmethod
    def resolve_translations(obj: ActionGroup):
        return translations_out(obj)


class ActionGroupDetailOut(ActionGroupOut):
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj):
        return list(obj.memberships.all())


class PersonOut(Schema):
    name: str
    title: str
    organisation: str | None = Field(None, alias="organisation.slug")


class FigureOut(Schema):
    key: str
    label: str
    value: str
    as_of_year: int | None
    source: str
    translations: translations_type(StatedFigure) = translations_field()

    @staticmethod
    def resolve_translations(obj: StatedFigure):
        return translations_out(obj)


class DirectoryFilters(Schema):
    q: str = Field("", max_length=100)
    kind: OrganisationKind | None = None
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2 code")
    region: str = Field("", max_length=30, description="an SDG or ILO region code")


class OrganisationPatch(Schema):
    """The fields to change; leave out what stays as it is."""

    name: str | None = Field(None, min_length=1, max_length=200)
    acronym: str | None = Field(None, max_length=30)
    description: str | None = Field(None, max_length=4000)
    website: HttpUrl | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code, or an empty string for none")


@router.get("/organisations", response=list[OrganisationOut])
@paginate(PageNumbers, page_size=50)
def list_organisations(request, filters: Query[DirectoryFilters]):
    """The partner directory, searchable and filtered like the page."""
    return selectors.directory(
        text=filters.q,
        kind=filters.kind or "",
        country=filters.country,
        region=filters.region,
        language=SOURCE_LANGUAGE,
    )


@router.get("/organisations/{slug}", response=OrganisationOut)
def get_organisation(request, slug: str):
    return get_object_or_404(Organisation.objects.select_related("country"), slug=slug)


@router.patch("/organisations/{slug}", response=OrganisationOut, auth=TokenAuth())
def patch_organisation(request, slug: str, payload: OrganisationPatch):
    """Change an organisation's profile (its partner editors and the secretariat)."""
    organisation = get_object_or_404(Organisation.objects.select_related("country"), slug=slug)
    changes = payload.dict(exclude_unset=True)
    if "website" in changes:
        changes["website"] = str(changes["website"]) if changes["website"] else ""
    if "country" in changes:
        # Any ISO 3166-1 code; the service adds a country not yet in the platform (not as a Pathfinder).
        changes["country"] = (changes["country"] or "").upper()
    return services.organisation_update(organisation=organisation, by=request.auth, **changes)


@router.get("/countries", response=list[CountryOut])
def list_countries(request, pathfinder: bool | None = None, include_examples: bool = False):
    """Countries of the network; the invented example country only with ``include_examples=true``."""
    qs = Country.objects.all() if include_examples else Country.objects.real()
    if pathfinder is not None:
        qs = qs.filter(is_pathfinder=pathfinder)
    return [country_out(c) for c in sorted(qs, key=lambda c: c.name)]


@router.get("/countries/{code}", response=CountryOut)
def get_country(request, code: str):
    return country_out(get_object_or_404(Country, code=code.upper()[:2]))


@router.get("/action-groups", response=list[ActionGroupOut])
def list_action_groups(request):
    return selectors.action_groups(SOURCE_LANGUAGE)


@router.get("/action-groups/{slug}", response=ActionGroupDetailOut)
def get_action_group(request, slug: str):
    return selectors.action_group_for_page(slug)


@router.get("/people", response=list[PersonOut])
@paginate(PageNumbers, page_size=50)
def list_people(request):
    """People who consented to be shown publicly; nobody else."""
    return selectors.public_people()


@router.get("/figures", response=list[FigureOut])
def list_figures(request):
    """Counts as their sources state them (e.g. the concept note), each with its source."""
    return selectors.stated_figures()
