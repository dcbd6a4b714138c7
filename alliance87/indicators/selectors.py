"""Reads of indicator data for the public pages, the API and the country profiles. Published data only (the
API adds the secretariat's drafts where it says so); every read is a fixed number of queries.

- ``country_series(country)``: the series with published figures for a country, each with its national
  totals by year, for the country profile (H6) and the series pages.
- ``series_groups()``: the index page's groups (SDG 8.7.1, global estimates, national series), each series
  with its latest value.
- ``series_page(series, filters)``: what a series page shows for its filters (area, sex, age, area of
  residence): the observations, the chart, the sources, the footnotes, the focal points' comments and the
  reporting status of countries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87 import charts
from alliance87.translations import localised

from . import areas
from .facts import ABOUT
from .models import (
    TOTAL,
    CountryNotice,
    Dataset,
    DatasetStatus,
    NoticeStatus,
    Observation,
    Series,
    SeriesKind,
    Sex,
    Unit,
    Urbanisation,
)

PUBLISHED = Q(dataset__status=DatasetStatus.PUBLISHED)
NATIONAL_LEVEL = Q(geo_code="")  # the file's sub-national rows (a state, a region) are in the downloads
TOTALS = Q(sex=TOTAL, age=TOTAL, urbanisation=TOTAL)

GROUPS = (
    (SeriesKind.SDG, gettext_lazy("SDG indicator 8.7.1")),
    (SeriesKind.ESTIMATE, gettext_lazy("Global estimates")),
    (SeriesKind.NATIONAL, gettext_lazy("National series")),
)


def published_observations():
    return Observation.objects.filter(PUBLISHED)


def display_value(value, text: str = "") -> str:
    """A value in the reader's digits, with its own decimals up to two ("9.6", "7.07", "25,797"); with the
    text the source wrote, its decimals ("6.0" stays "6.0")."""
    if value is None:
        return "–"
    value = Decimal(value).normalize()
    exponent = value.as_tuple().exponent
    if text:
        try:
            exponent = Decimal(text.strip()).as_tuple().exponent
        except (ArithmeticError, ValueError):
            pass
    decimals = min(2, max(0, -int(exponent)))
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def unit_suffix(unit: str) -> str:
    return {Unit.PERCENT: "%", Unit.MILLIONS: _("million"), Unit.THOUSANDS: _("thousand")}.get(unit, "")


def age_label(code: str) -> str:
    """SDMX age codes: "_T" → "Total", "Y5T17" → "5 to 17 years"; anything else as it is."""
    if code == TOTAL:
        return _("Total")
    if code.startswith("Y") and "T" in code[1:]:
        low, high = code[1:].split("T", 1)
        if low.isdigit() and high.isdigit():
            return _("%(low)s to %(high)s years") % {"low": low, "high": high}
    return code


@dataclass
class Note:
    """A note in the reader's language when the platform knows it ("About"), else as the source wrote it
    (``lang`` "en": the page marks it)."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text


def note(text: str) -> Note | None:
    if not text:
        return None
    if text == ABOUT:
        return Note(_("about"))
    return Note(text, "en")


# ---------------------------------------------------------------------------------------------- country


@dataclass
class CountrySeries:
    """A series with published figures for a country: ``points`` are its national totals by year
    (``(year, Decimal | None)``, oldest first), ``latest`` the last one with a value."""

    series: Series
    unit: str
    points: list[tuple[int, Decimal | None]] = field(default_factory=list)
    datasets: list[Dataset] = field(default_factory=list)
    is_proxy: bool = False
    comments: list[CountryNotice] = field(default_factory=list)

    @property
    def latest(self) -> tuple[int, Decimal] | None:
        with_value = [p for p in self.points if p[1] is not None]
        return with_value[-1] if with_value else None


def country_series(country) -> list[CountrySeries]:
    """The series with published figures for ``country`` (a ``network.Country``), in the series' order, each
    with its national totals by year, its datasets (the sources to cite), whether they are a proxy, and the
    focal point's published comments. Two queries whatever the number of series. A series whose file mixes
    units gives one entry per unit."""
    observations = (
        published_observations()
        .filter(country=country)
        .filter(NATIONAL_LEVEL, TOTALS)
        .select_related("series", "dataset")
        .order_by("series__position", "series__code", "year", "row")
    )
    found: dict[tuple, CountrySeries] = {}
    seen_years: set[tuple] = set()
    for obs in observations:
        key = (obs.series_id, obs.unit)
        entry = found.get(key)
        if entry is None:
            entry = found[key] = CountrySeries(series=obs.series, unit=obs.unit, is_proxy=True)
        if obs.dataset not in entry.datasets:
            entry.datasets.append(obs.dataset)
        entry.is_proxy = entry.is_proxy and (obs.is_proxy or obs.dataset.is_proxy)
        if (key, obs.year) not in seen_years:  # the file's first row for a year, if it has several
            seen_years.add((key, obs.year))
            entry.points.append((obs.year, obs.value))
    if found:
        dataset_ids = {d.pk for e in found.values() for d in e.datasets}
        for notice in _answered_notices(dataset_ids).filter(country=country):
            for entry in found.values():
                if any(d.pk == notice.dataset_id for d in entry.datasets):
                    entry.comments.append(notice)
    return list(found.values())


def _answered_notices(dataset_ids):
    return (
        CountryNotice.objects.filter(dataset_id__in=dataset_ids, status=NoticeStatus.ANSWERED)
        .exclude(comment="")
        .select_related("country")
        .order_by("country__code")
    )


# ---------------------------------------------------------------------------------------------- index


@dataclass
class Latest:
    year: int
    area: str
    value: Decimal | None
    unit: str
    source: str
    note: str

    @property
    def area_name(self) -> str:
        return areas.area_name(self.area)

    @property
    def display(self) -> str:
        return display_value(self.value)

    @property
    def suffix(self) -> str:
        return unit_suffix(self.unit)

    @property
    def note_text(self) -> Note | None:
        return note(self.note)


def series_groups() -> list[dict]:
    """``[{"kind", "title", "series": [(series, Latest | None)]}]``; two queries. The latest value of a series
    is its latest total with a value, the world's first when the world has one that year."""
    all_series = list(Series.objects.select_related("country"))
    latest: dict[int, Latest] = {}
    rows = (
        published_observations()
        .filter(NATIONAL_LEVEL, TOTALS, value__isnull=False)
        .order_by("-year", "row")
        .values_list("series_id", "year", "area", "value", "unit", "dataset__source", "note")
    )
    for series_id, year, area, value, unit, source, note in rows:
        known = latest.get(series_id)
        if known is None or (known.year == year and known.area != "001" and area == "001"):
            latest[series_id] = Latest(year, area, value, unit, source, note)
    groups = []
    for kind, title in GROUPS:
        members = [(s, latest.get(s.pk)) for s in all_series if s.kind == kind]
        if kind == SeriesKind.NATIONAL:
            members = [(s, value) for s, value in members if value is not None]
        if members:
            groups.append({"kind": kind, "title": title, "series": members})
    return groups


# ---------------------------------------------------------------------------------------------- a series


@dataclass
class Filters:
    area: str = ""  # "" all areas
    sex: str = TOTAL
    age: str = TOTAL
    urbanisation: str = TOTAL

    @classmethod
    def from_query(cls, query) -> Filters:
        def pick(name, default):
            value = (query.get(name) or default).strip()
            return value[:12]

        return cls(
            area=pick("area", ""),
            sex=pick("sex", TOTAL),
            age=pick("age", TOTAL),
            urbanisation=pick("urbanisation", TOTAL),
        )

    def as_query(self) -> dict:
        query = {"area": self.area, "sex": self.sex, "age": self.age, "urbanisation": self.urbanisation}
        return {k: v for k, v in query.items() if v and not (k != "area" and v == TOTAL)}


@dataclass
class Row:
    obs: Observation
    area_name: str
    display: str
    footnotes: list[int]


@dataclass
class SeriesPage:
    series: Series
    filters: Filters
    options: dict
    rows: list[Row]
    chart: charts.Chart | None
    datasets: list[Dataset]
    footnotes: list[Note]
    comments: list[CountryNotice]
    reporting: list[dict]
    unit: str

    @property
    def suffix(self) -> str:
        return unit_suffix(self.unit)


def _options(series) -> tuple[dict, set]:
    """The filters' choices: what the series' published national-level observations hold. One query."""
    combos = set(
        published_observations()
        .filter(series=series)
        .filter(NATIONAL_LEVEL)
        .values_list("area", "sex", "age", "urbanisation")
        .distinct()
    )
    area_codes = sorted({c[0] for c in combos}, key=areas.sort_key)
    sex_labels = dict(Sex.choices)
    urb_labels = dict(Urbanisation.choices)
    options = {
        "area": [(code, areas.area_name(code)) for code in area_codes],
        "sex": [(c, str(sex_labels.get(c, c))) for c in sorted({c[1] for c in combos}, key=lambda c: c != TOTAL)],
        "age": [(c, age_label(c)) for c in sorted({c[2] for c in combos}, key=lambda c: (c != TOTAL, c))],
        "urbanisation": [
            (c, str(urb_labels.get(c, c))) for c in sorted({c[3] for c in combos}, key=lambda c: c != TOTAL)
        ],
    }
    return options, combos


def filtered_observations(series, filters: Filters):
    qs = (
        published_observations()
        .filter(series=series)
        .filter(NATIONAL_LEVEL)
        .filter(sex=filters.sex, age=filters.age, urbanisation=filters.urbanisation)
    )
    if filters.area:
        qs = qs.filter(area=filters.area)
    return qs.select_related("dataset__country", "country").order_by("year", "area", "row")


def shown_observations(series, filters: Filters) -> list[Observation]:
    """The observations a series page shows for ``filters``, in its order (year, then the world, the regions
    and countries); the page's CSV gives the same. One query."""
    observations = list(filtered_observations(series, filters))
    observations.sort(key=lambda o: (o.year, areas.sort_key(o.area), o.row))
    return observations


def series_page(series: Series, filters: Filters) -> SeriesPage:
    """Everything a series page shows for ``filters``; five queries whatever the data."""
    options, _combos = _options(series)
    observations = shown_observations(series, filters)

    notes: list[str] = []
    rows = []
    for obs in observations:
        marks = []
        if obs.note:
            if obs.note not in notes:
                notes.append(obs.note)
            marks.append(notes.index(obs.note) + 1)
        rows.append(Row(obs, areas.area_name(obs.area), display_value(obs.value, obs.value_text), marks))

    datasets: list[Dataset] = []
    for obs in observations:
        if obs.dataset not in datasets:
            datasets.append(obs.dataset)
    unit = observations[0].unit if observations else series.unit

    chart = _chart(series, observations, unit) if any(o.value is not None for o in observations) else None
    comments = list(_answered_notices({d.pk for d in datasets})) if datasets else []
    return SeriesPage(
        series=series,
        filters=filters,
        options=options,
        rows=rows,
        chart=chart,
        datasets=datasets,
        footnotes=[note(n) for n in notes],
        comments=comments,
        reporting=reporting_status(series),
        unit=unit,
    )


def _chart(series, observations, unit) -> charts.Chart:
    title = str(localised(series, "title"))
    suffix = unit_suffix(unit)
    if suffix:
        title = f"{title} ({suffix})"
    years = sorted({o.year for o in observations})
    by_area: dict[str, dict[int, Decimal | None]] = defaultdict(dict)
    shown: dict[str, str] = {}  # each area's value as the table prints it, for a single year's bars
    for obs in observations:
        by_area[obs.area].setdefault(obs.year, obs.value)
        shown.setdefault(obs.area, display_value(obs.value, obs.value_text))
    ordered = sorted(by_area, key=areas.sort_key)
    if len(years) == 1:
        bars = [charts.Bar(areas.area_name(a), by_area[a][years[0]], shown[a]) for a in ordered]
        description = _("Values in %(year)s by area.") % {"year": years[0]}
        return charts.bar_chart(bars, title=title, description=description, chart_id=f"chart-{series.code}")
    lines = [charts.Line(areas.area_name(a), sorted(by_area[a].items())) for a in ordered]
    description = _("Values from %(first)s to %(last)s, one line per area.") % {"first": years[0], "last": years[-1]}
    return charts.line_chart(lines, title=title, description=description, chart_id=f"chart-{series.code}")


REPORTING_LABELS = {
    "data": gettext_lazy("Has data"),
    "proxy": gettext_lazy("Proxy only"),
    "none": gettext_lazy("No data"),
}


def reporting_status(series) -> list[dict]:
    """Each Pathfinder Country, and each other country with published figures for the series' SDG indicator
    (in this series or in a national series of the same indicator, such as a national file for 8.7.1):
    "data", "proxy" (every figure it has is a proxy) or "none". Two queries."""
    from alliance87.network.models import Country

    same = Q(series__indicator=series.indicator) if series.indicator else Q(series=series)
    counts = {
        row["country_id"]: row
        for row in published_observations()
        .filter(same, country__isnull=False)
        .values("country_id")
        .annotate(n=Count("id"), proxies=Count("id", filter=Q(is_proxy=True) | Q(dataset__is_proxy=True)))
    }
    countries = Country.objects.filter(Q(is_pathfinder=True) | Q(pk__in=list(counts)))
    result = []
    for country in sorted(countries, key=lambda c: c.name):
        row = counts.get(country.pk)
        status = "none" if row is None else ("proxy" if row["proxies"] == row["n"] else "data")
        result.append({"country": country, "status": status, "label": REPORTING_LABELS[status]})
    return result


def csv_rows(series: Series, observations: list[Observation]) -> tuple[list[str], list[list]]:
    """Observations as a tidy CSV (Year first, Value last, the disaggregations coded as SDMX codes them)."""
    header = ["Year", "SERIES", "UNIT_MEASURE", "REF_AREA", "SEX", "AGE", "URBANISATION", "Value"]
    body = [
        [
            obs.year,
            series.code,
            obs.unit,
            obs.area,
            obs.sex,
            obs.age,
            obs.urbanisation,
            obs.value_text or ("" if obs.value is None else format(Decimal(obs.value).normalize(), "f")),
        ]
        for obs in observations
    ]
    return header, body
