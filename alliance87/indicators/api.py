"""Indicator data in the API: ``GET /api/indicators/series``, ``GET /api/indicators/series/{code}`` and
``GET /api/indicators/series/{code}/observations`` (filtered by area, sex, age, area of residence and years;
paged like every list). Published figures only; the secretariat's token adds the figures still in draft or
shown to the countries for comment (each observation says its dataset's status). A country's own series
with no figures the caller may see is a 404, as on the pages. Nothing here writes.
"""

import datetime

from django.db.models import Q
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from alliance87.accounts.rules import is_secretariat
from alliance87.api_auth import OptionalTokenAuth
from alliance87.api_pagination import PageNumbers

from . import areas
from .models import DatasetStatus, Observation, Series, SeriesKind

router = Router(tags=["indicators"])


class SeriesOut(Schema):
    code: str
    kind: str
    indicator: str
    title: str
    definition: str
    translations: dict[str, dict[str, str]]
    unit: str
    custodian: str
    country: str | None = Field(description="ISO 3166-1 alpha-2 of the country whose own series it is")
    url: str


class ObservationOut(Schema):
    year: int
    area: str = Field(description="UN M49 code: 001 the world, 202 Sub-Saharan Africa, 484 Mexico")
    area_name: str
    country: str | None
    geo_code: str = Field(description="the file's sub-national area, empty at the national level")
    sex: str
    age: str
    urbanisation: str
    labels: dict[str, str] = Field(description="the disaggregations as the file wrote them")
    value: float | None
    value_text: str
    unit: str
    is_proxy: bool
    obs_status: str
    nature: str
    note: str
    dataset: int
    dataset_status: str
    source: str
    source_date: datetime.date | None


class ObservationFilters(Schema):
    area: str = Field("", max_length=3, description="M49 code")
    sex: str = Field("", max_length=3, description="_T, F or M")
    age: str = Field("", max_length=12, description="SDMX age code: _T, Y5T17…")
    urbanisation: str = Field("", max_length=3, description="_T, U or R")
    year_from: int | None = Field(None, ge=1900, le=2200)
    year_to: int | None = Field(None, ge=1900, le=2200)


def _statuses(user) -> list[str]:
    if is_secretariat(user):
        return [DatasetStatus.PUBLISHED, DatasetStatus.NOTICE, DatasetStatus.DRAFT]
    return [DatasetStatus.PUBLISHED]


def _visible_series(user):
    seen = Observation.objects.filter(dataset__status__in=_statuses(user)).values("series_id")
    return Series.objects.filter(~Q(kind=SeriesKind.NATIONAL) | Q(pk__in=seen)).select_related("country")


def _series_out(s: Series) -> dict:
    return {
        "code": s.code,
        "kind": s.kind,
        "indicator": s.indicator,
        "title": s.title,
        "definition": s.definition,
        "translations": s.translations or {},
        "unit": s.unit,
        "custodian": s.custodian,
        "country": s.country.code.code if s.country else None,
        "url": s.get_absolute_url(),
    }


def _series_or_404(user, code: str) -> Series:
    found = _visible_series(user).filter(code=code[:40]).first()
    if found is None:
        raise Http404
    return found


class _Mapped:
    """A queryset the paginator counts and slices, each page turned into dicts by ``out``."""

    def __init__(self, queryset, out):
        self.queryset, self.out = queryset, out

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return [self.out(item) for item in self.queryset[index]]


@router.get("/indicators/series", response=list[SeriesOut], auth=OptionalTokenAuth())
@paginate(PageNumbers, page_size=50)
def list_series(request):
    """The series: SDG indicator 8.7.1's, the global estimates, and countries' own series with figures."""
    return _Mapped(_visible_series(request.auth).order_by("position", "code"), _series_out)


@router.get("/indicators/series/{code}", response=SeriesOut, auth=OptionalTokenAuth())
def get_series(request, code: str):
    """A series with its title and definition (and their translations)."""
    return _series_out(_series_or_404(request.auth, code))


def _observation_out(o: Observation) -> dict:
    return {
        "year": o.year,
        "area": o.area,
        "area_name": areas.area_name(o.area),
        "country": o.country.code.code if o.country else None,
        "geo_code": o.geo_code,
        "sex": o.sex,
        "age": o.age,
        "urbanisation": o.urbanisation,
        "labels": {str(k): "" if v is None else str(v) for k, v in (o.labels or {}).items()},
        "value": float(o.value) if o.value is not None else None,
        "value_text": o.value_text,
        "unit": o.unit,
        "is_proxy": o.is_proxy or o.dataset.is_proxy,
        "obs_status": o.obs_status,
        "nature": o.nature,
        "note": o.note,
        "dataset": o.dataset_id,
        "dataset_status": o.dataset.status,
        "source": o.dataset.source,
        "source_date": o.dataset.source_date,
    }


@router.get("/indicators/series/{code}/observations", response=list[ObservationOut], auth=OptionalTokenAuth())
@paginate(PageNumbers, page_size=100)
def list_observations(request, code: str, filters: Query[ObservationFilters]):
    """A series' figures, oldest first; every filter given must hold (an empty one does not filter)."""
    series = _series_or_404(request.auth, code)
    qs = Observation.objects.filter(series=series, dataset__status__in=_statuses(request.auth))
    for name in ("area", "sex", "age", "urbanisation"):
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{name: value})
    if filters.year_from is not None:
        qs = qs.filter(year__gte=filters.year_from)
    if filters.year_to is not None:
        qs = qs.filter(year__lte=filters.year_to)
    qs = qs.select_related("dataset", "country").order_by("year", "area", "dataset_id", "row", "pk")
    return _Mapped(qs, _observation_out)
