"""The figures of the ten-year stocktake, computed from the platform's data on each call, never typed.

Shared by the page ``/ten-years/``, the country profiles and the generated ten-year report. Every function
returns plain data: each figure, chart and table carries its ``source`` and the date it holds for
(``as_of``: a date, or a year when the source gives only a year).

Two kinds of figure are never mixed. **Counted** figures are what the platform's records count (countries
marked Pathfinder Country, reports, commitments, observations loaded from a published dataset).
**Stated** figures are what a source says, kept as written ("over 20", "400+") in the network app's
``StatedFigure`` rows (``Figure.stated`` is true): they are shown beside the counts, never added to them.

Use::

    from alliance87.stocktake import figures
    for section in figures.all_sections():
        section.key, section.title, section.charts, section.tables, section.figures
        section.csv_rows()  # [["part", "row", "column", "value", "source", "as_of"], ...]
    figures.regional_table()  # the 2020 prevalence of child labour by SDG region
    figures.pathfinder_countries()  # [(code, name, since), ...] for the links to the profiles

Queries: each section makes a fixed number of queries whatever the number of rows (see the tests).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87 import charts
from alliance87.indicators import codes
from alliance87.indicators.models import TOTAL, DatasetStatus, Observation, Series, Sex
from alliance87.indicators.selectors import display_value

PLATFORM = "platform"  # the ``source`` of a figure the platform's own records count


def platform_source() -> str:
    return _("This platform’s records")


@dataclass
class Figure:
    """One figure: a count from the data, or a statement from a source (``stated``) kept as written."""

    key: str
    label: str
    value: int | Decimal | str | None  # str only for a stated figure ("over 20")
    source: str
    as_of: datetime.date | int | None  # a date, or a year when the source gives only that
    stated: bool = False
    unit: str = ""
    note: str = ""  # what the source adds ("about"), kept with the figure


@dataclass
class Table:
    """A table as the page prints it: ``header`` (the first cell heads the row headers), ``rows`` whose first
    cell is the row's header."""

    key: str
    caption: str
    header: list[str]
    rows: list[list]
    source: str = ""
    as_of: datetime.date | int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.rows


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    charts: list[charts.Chart] = field(default_factory=list)  # each with its own table, source and as_of
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    empty: str = ""  # what the page says when the section has nothing to show

    @property
    def is_empty(self) -> bool:
        return not (self.figures or any(t.rows for t in self.tables) or any(c.rows for c in self.charts))

    def csv_rows(self) -> list[list]:
        """The section as one long table: a line per figure and per table cell, each with its source and date."""
        out: list[list] = [["part", "row", "column", "value", "source", "as_of"]]
        for f in self.figures:
            out.append([f.key, f.label, "", _csv_value(f.value), f.source, _csv_date(f.as_of)])
        blocks = [(c.key or c.title, c.title, c.header, c.rows, c.source, c.as_of) for c in self.charts]
        blocks += [(t.key, t.caption, t.header, t.rows, t.source, t.as_of) for t in self.tables]
        for key, _title, header, rows, source, as_of in blocks:
            for row in rows:
                for column, value in zip(header[1:], row[1:], strict=False):
                    out.append([key, _csv_value(row[0]), column, _csv_value(value), source, _csv_date(as_of)])
        return out


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _csv_date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _today() -> datetime.date:
    return timezone.localdate()


def _as_written(obs_value: Decimal | None, text: str) -> Decimal | None:
    """The value with the decimals its source wrote (9.60000000 stored, "9.6" written → 9.6)."""
    if obs_value is None:
        return None
    digits = len(text.split(".", 1)[1]) if "." in (text or "") else 0
    if not text:
        normal = obs_value.normalize()
        digits = max(0, -normal.as_tuple().exponent)
    return obs_value.quantize(Decimal(1).scaleb(-digits))


# ---- Pathfinder Countries over time --------------------------------------------------------------------------

FIRST_YEAR = 2018  # the Pathfinder Country strategy was launched in 2018
PATHFINDER_FIGURE_PREFIX = "pathfinders-"


def pathfinder_countries() -> list[tuple[str, str, int | None]]:
    """(ISO code in lower case, name, year it became a Pathfinder or None), by name; one query."""
    from alliance87.network.models import Country  # noqa: PLC0415

    rows = Country.objects.filter(is_pathfinder=True, is_example=False).values_list("code", "pathfinder_since")
    out = []
    for code, since in rows:
        country = Country(code=code)
        out.append((str(code).lower(), country.name, since))
    return sorted(out, key=lambda r: r[1])


def pathfinders_over_time() -> Section:
    """Pathfinder Countries: what the platform counts (countries marked Pathfinder, by the year they became
    one) and, apart, the counts sources state (``StatedFigure`` rows whose key starts ``pathfinders-``).
    Two queries."""
    from alliance87.network.models import StatedFigure  # noqa: PLC0415

    today = _today()
    countries = pathfinder_countries()
    section = Section(
        key="pathfinders",
        title=_("Pathfinder Countries"),
        intro=_(
            "In 2018 Alliance 8.7 launched its Pathfinder Country strategy: countries that commit to go further "
            "and faster. The counts the sources state are shown as they wrote them; the platform’s own count "
            "is of the countries recorded here."
        ),
        empty=_("No Pathfinder Country is recorded yet."),
    )
    for figure in StatedFigure.objects.filter(key__startswith=PATHFINDER_FIGURE_PREFIX).order_by(
        "as_of_year", "position"
    ):
        section.figures.append(
            Figure(
                key=figure.key,
                label=figure.localised("label"),
                value=figure.value,
                source=figure.source,
                as_of=figure.as_of_year,
                stated=True,
            )
        )
    if countries:
        section.figures.append(
            Figure(
                key="pathfinders-recorded",
                label=_("Pathfinder Countries recorded on this platform"),
                value=len(countries),
                source=platform_source(),
                as_of=today,
            )
        )
        undated = sum(1 for _c, _n, since in countries if since is None)
        section.figures.append(
            Figure(
                key="pathfinders-undated",
                label=_("of which the year they became one is not known"),
                value=undated,
                source=platform_source(),
                as_of=today,
            )
        )
        years = [since for _c, _n, since in countries if since is not None]
        if years:
            points = [(y, sum(1 for s in years if s <= y)) for y in range(min(FIRST_YEAR, *years), today.year + 1)]
            chart = charts.line_chart(
                [charts.Line(_("Pathfinder Countries with a known year"), points)],
                title=_("Pathfinder Countries recorded, by the year they became one (running total)"),
                description=_("Counted from the countries recorded on this platform whose year is known."),
                chart_id="chart-pathfinders",
            )
            chart.header[0] = _("Year")
            chart.rows = [[str(row[0]), *row[1:]] for row in chart.rows]
            chart.key, chart.source, chart.as_of = "pathfinders-by-year", platform_source(), today
            section.charts.append(chart)
    return section


# ---- Reports and the Framework ---------------------------------------------------------------------------------


def reports_and_framework() -> Section:
    """Annual progress reports per cycle (submitted, on time, published) and the Accountability Framework's
    published results per cycle (met, partly met, not met, not assessable). Four queries."""
    from alliance87.pathfinders.models import (  # noqa: PLC0415
        CriterionResult,
        Judgement,
        Report,
        ReportCycle,
        Roadmap,
    )

    today = _today()
    section = Section(
        key="reports",
        title=_("Roadmaps, annual reports and the Accountability Framework"),
        intro=_(
            "Pathfinder Countries with a roadmap report on it every year. Since 2022 the Pathfinder Country "
            "Accountability Framework sets out what is expected of them; the secretariat publishes each "
            "country’s results."
        ),
        empty=_("No report cycle is recorded yet."),
    )
    cycles = list(ReportCycle.objects.filter(is_example=False).order_by("year").values_list("pk", "year", "deadline"))
    roadmaps = Roadmap.objects.filter(is_current=True, country__is_example=False).count()
    section.figures.append(
        Figure(
            key="roadmaps-current",
            label=_("Countries with a roadmap recorded"),
            value=roadmaps,
            source=platform_source(),
            as_of=today,
        )
    )
    if not cycles:
        return section
    deadline = {pk: d for pk, _y, d in cycles}
    counts: dict[int, list[int]] = {pk: [0, 0, 0] for pk, _y, _d in cycles}
    for cycle_id, submitted_at, status in Report.objects.filter(
        cycle_id__in=list(deadline), is_example=False
    ).values_list("cycle_id", "submitted_at", "status"):
        if submitted_at is not None:
            counts[cycle_id][0] += 1
            if timezone.localdate(submitted_at) <= deadline[cycle_id]:
                counts[cycle_id][1] += 1
        if status == "published":
            counts[cycle_id][2] += 1
    section.tables.append(
        Table(
            key="reports-by-cycle",
            caption=_("Annual progress reports, by the year reported on"),
            header=[_("Year reported on"), _("Submitted"), _("Submitted on time"), _("Published")],
            rows=[[str(year), *counts[pk]] for pk, year, _d in cycles],
            source=platform_source(),
            as_of=today,
        )
    )
    results: dict[int, dict[str, int]] = {pk: {} for pk, _y, _d in cycles}
    for cycle_id, judgement, n in (
        CriterionResult.objects.filter(
            assessment__cycle_id__in=list(deadline), assessment__status="published", assessment__is_example=False
        )
        .exclude(judgement="")
        .values_list("assessment__cycle_id", "judgement")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        results[cycle_id][judgement] = n
    if any(results.values()):
        labels = [(code, str(label)) for code, label in Judgement.choices]
        section.tables.append(
            Table(
                key="framework-by-cycle",
                caption=_("Accountability Framework: published results on its criteria, by the year reported on"),
                header=[_("Year reported on"), *[label for _c, label in labels]],
                rows=[[str(year), *[results[pk].get(code, 0) for code, _l in labels]] for pk, year, _d in cycles],
                source=platform_source(),
                as_of=today,
            )
        )
    return section


# ---- Commitments -----------------------------------------------------------------------------------------------


def commitments() -> Section:
    """The registry of commitments: how many, on track, by status light, by maker and by priority
    (``commitments.selectors.figures``, four or five queries)."""
    from alliance87.commitments import selectors  # noqa: PLC0415

    today = _today()
    data = selectors.figures()
    section = Section(
        key="commitments",
        title=_("Commitments"),
        intro=_(
            "Governments and partners make public commitments on the priorities and report on them; a light "
            "shows whether each one reports on time."
        ),
        empty=_("No commitment is published yet."),
    )
    if not data.total:
        return section
    section.figures += [
        Figure("commitments-total", _("Commitments published"), data.total, platform_source(), today),
        Figure("commitments-on-track", _("Commitments on track"), data.on_track, platform_source(), today),
    ]
    for key, title, bars in (
        (
            "commitments-by-light",
            _("Commitments by their status light"),
            [(label, n) for _v, label, n in data.by_light],
        ),
        ("commitments-by-maker", _("Commitments by who made them"), [(label, n) for _v, label, n in data.by_kind]),
        (
            "commitments-by-priority",
            _("Commitments by thematic priority"),
            [(_priority_title(p), n) for p, n in data.by_priority],
        ),
    ):
        if not bars:
            continue
        chart = charts.bar_chart(
            [charts.Bar(label, n) for label, n in bars], title=title, description=title, chart_id=f"chart-{key}"
        )
        chart.header = ["", _("Commitments")]
        chart.key, chart.source, chart.as_of = key, platform_source(), today
        section.charts.append(chart)
    return section


def _priority_title(priority) -> str:
    localised = getattr(priority, "localised", None)
    return localised("title") if callable(localised) else str(priority)


# ---- Consultations and priorities ------------------------------------------------------------------------------


def consultations_and_priorities() -> Section:
    """Consultations held (public ones, by kind), answers received, themes standing, priorities published.
    Four queries."""
    from alliance87.engagement.models import Consultation, ConsultationKind, Response, ResponseStatus  # noqa: PLC0415
    from alliance87.engagement.models_priorities import Priority, PriorityStatus  # noqa: PLC0415
    from alliance87.engagement.models_themes import Theme, ThemeStatus  # noqa: PLC0415

    today = _today()
    section = Section(
        key="consultations",
        title=_("Consultations and priorities"),
        intro=_(
            "Partners, countries and people with lived experience are asked what matters; their answers are "
            "grouped into themes and the secretariat publishes the priorities that come out of them."
        ),
        empty=_("No consultation has been held on this platform yet."),
    )
    public = Consultation.objects.public()
    kinds = dict(public.values_list("kind").annotate(n=Count("pk")).order_by())
    held = sum(kinds.values())
    answers = Response.objects.filter(consultation__in=public, status=ResponseStatus.SUBMITTED).count()
    themes = Theme.objects.filter(run__consultation__in=public, status=ThemeStatus.ACTIVE).count()
    priorities = Priority.objects.filter(status=PriorityStatus.PUBLISHED).count()
    if not (held or priorities):
        return section
    section.figures += [
        Figure("consultations-held", _("Consultations held"), held, platform_source(), today),
        Figure("consultations-answers", _("Answers received"), answers, platform_source(), today),
        Figure("consultations-themes", _("Themes found in the answers"), themes, platform_source(), today),
        Figure("priorities-published", _("Priorities published"), priorities, platform_source(), today),
    ]
    if held:
        section.tables.append(
            Table(
                key="consultations-by-kind",
                caption=_("Consultations held, by kind"),
                header=[_("Kind"), _("Consultations")],
                rows=[[str(label), kinds[code]] for code, label in ConsultationKind.choices if kinds.get(code)],
                source=platform_source(),
                as_of=today,
            )
        )
    return section


# ---- Global estimates ------------------------------------------------------------------------------------------


def global_estimates() -> Section:
    """Children in child labour and in hazardous work, modern slavery, forced labour and forced marriage over
    the years (the world, millions of people), from the published global estimates. Two queries."""
    section = Section(
        key="estimates",
        title=_("Global estimates"),
        intro=_(
            "How many children are in child labour, and how many people in forced labour and modern slavery, "
            "as the global estimates of the ILO, UNICEF, Walk Free and IOM count them."
        ),
        empty=_("No data yet: the global estimates have not been loaded."),
    )
    rows = (
        Observation.objects.filter(
            series__code__in=list(codes.ESTIMATE_SERIES),
            area=codes.WORLD,
            dataset__status=DatasetStatus.PUBLISHED,
            sex=TOTAL,
            urbanisation=TOTAL,
            value__isnull=False,
        )
        .order_by("year", "pk")
        .values_list("series__code", "year", "value", "value_text", "note", "dataset__source", "dataset__source_date")
    )
    # (series code) → {year: (value, note, source, source date)}; a later dataset's figure for a year wins
    by_series: dict[str, dict[int, tuple]] = {}
    for code, year, value, text, note, source, source_date in rows:
        by_series.setdefault(code, {})[year] = (_as_written(value, text), note, source, source_date)
    if not by_series:
        return section
    titles = {s.code: s.localised("title") for s in Series.objects.filter(code__in=list(by_series))}
    groups = (
        (
            "estimates-child-labour",
            _("Children in child labour, millions"),
            (codes.CHILDREN_IN_CHILD_LABOUR, codes.CHILDREN_IN_HAZARDOUS_WORK),
        ),
        (
            "estimates-modern-slavery",
            _("People in modern slavery, forced labour and forced marriage, millions"),
            (codes.MODERN_SLAVERY, codes.FORCED_LABOUR, codes.FORCED_MARRIAGE),
        ),
    )
    for key, title, group in groups:
        present = [code for code in group if by_series.get(code)]
        if not present:
            continue
        lines = [
            charts.Line(titles.get(code, code), [(year, v[0]) for year, v in sorted(by_series[code].items())])
            for code in present
        ]
        chart = charts.line_chart(lines, title=title, description=title, chart_id=f"chart-{key}")
        chart.header[0] = _("Year")
        chart.rows = [[str(row[0]), *row[1:]] for row in chart.rows]
        chart.key = key
        cited = [v for code in present for v in by_series[code].values()]
        chart.source = "; ".join(dict.fromkeys(v[2] for v in cited if v[2]))
        dates = [v[3] for v in cited if v[3]]
        chart.as_of = max(dates) if dates else None
        section.charts.append(chart)
        for code in present:
            year = max(by_series[code])
            value, note, source, source_date = by_series[code][year]
            section.figures.append(
                Figure(
                    key=f"{code.lower()}-{year}",
                    label=_("%(series)s, %(year)s") % {"series": titles.get(code, code), "year": year},
                    value=value,
                    source=source,
                    as_of=source_date or year,
                    unit="millions",
                    note=note,
                )
            )
    return section


# ---- The 2020 regional table -----------------------------------------------------------------------------------

REGIONAL_YEAR = 2020
REGIONAL_AREAS = (
    codes.WORLD,
    codes.SDG_REGION_M49["ssa"],
    codes.SDG_REGION_M49["nawa"],
    codes.SDG_REGION_M49["csa"],
    codes.SDG_REGION_M49["esea"],
    codes.SDG_REGION_M49["lac"],
    codes.SDG_REGION_M49["oceania"],
    codes.SDG_REGION_M49["anz"],
    codes.SDG_REGION_M49["ena"],
)


def _area_names() -> dict[str, str]:
    from alliance87.network.models import SdgRegion  # noqa: PLC0415

    names = {codes.WORLD: _("World")}
    labels = dict(SdgRegion.choices)
    for key, m49 in codes.SDG_REGION_M49.items():
        names[m49] = str(labels.get(key, m49))
    return names


def regional_table(year: int = REGIONAL_YEAR) -> Table:
    """The prevalence of child labour (series SL_TLF_CHLDEC, children aged 5 to 17) by SDG region in ``year``:
    total, female, male, in percent, each value as the source wrote it. Rows only for the areas with data, in
    the SDG Global Database's order (the world first). One query."""
    names = _area_names()
    cells: dict[str, dict[str, Decimal | None]] = {}
    source, as_of = "", None
    for area in REGIONAL_AREAS:
        cells[area] = {}
    rows = (
        Observation.objects.filter(
            series__code=codes.CHILD_LABOUR_EC,
            year=year,
            area__in=REGIONAL_AREAS,
            dataset__status=DatasetStatus.PUBLISHED,
            urbanisation=TOTAL,
            age__in=(TOTAL, "Y5T17"),
        )
        .order_by("pk")
        .values_list("area", "sex", "value", "value_text", "dataset__source", "dataset__source_date")
    )
    for area, sex, value, text, src, src_date in rows:
        cells[area][sex] = _as_written(value, text)
        source = source or src
        as_of = as_of or src_date
    table_rows = [
        [names[area], cells[area].get(TOTAL), cells[area].get(Sex.FEMALE), cells[area].get(Sex.MALE)]
        for area in REGIONAL_AREAS
        if cells[area]
    ]
    return Table(
        key="regional-2020",
        caption=_("Children in child labour in %(year)s by SDG region, percent of children aged 5 to 17")
        % {"year": year},
        header=[_("Region"), _("Total"), _("Girls"), _("Boys")],
        rows=table_rows,
        source=source,
        as_of=as_of or (year if table_rows else None),
    )


def regional() -> Section:
    """The regional table as a section with its chart (the totals as bars). One query."""
    table = regional_table()
    section = Section(
        key="regions",
        title=_("Child labour by region"),
        intro=_(
            "SDG indicator 8.7.1: the share of children aged 5 to 17 in child labour (economic activity and "
            "household chores), by SDG region."
        ),
        empty=_("No data yet: the regional figures of SDG indicator 8.7.1 have not been loaded."),
    )
    if table.rows:
        chart = charts.bar_chart(
            [charts.Bar(row[0], row[1], display_value(row[1], str(row[1] or ""))) for row in table.rows],
            title=table.caption,
            description=_("The total for each region, as in the table that follows."),
            chart_id="chart-regions",
        )
        # The chart's table is the whole regional table (totals, girls, boys): printed once, after the chart.
        chart.key, chart.header, chart.rows = table.key, table.header, table.rows
        chart.source, chart.as_of = table.source, table.as_of
        section.charts.append(chart)
    return section


# ---- The page's order ------------------------------------------------------------------------------------------


SECTIONS = {
    "pathfinders": pathfinders_over_time,
    "reports": reports_and_framework,
    "commitments": commitments,
    "consultations": consultations_and_priorities,
    "estimates": global_estimates,
    "regions": regional,
}


def section(key: str) -> Section | None:
    """One section by its key (for its CSV), or None."""
    builder = SECTIONS.get(key)
    return builder() if builder else None


def all_sections() -> list[Section]:
    """Every section, in the page's order."""
    return [builder() for builder in SECTIONS.values()]


def latest_data_date() -> datetime.datetime | None:
    """When the newest published indicator dataset was published (the page says how fresh its data is)."""
    from alliance87.indicators.models import Dataset  # noqa: PLC0415

    return Dataset.objects.filter(status=DatasetStatus.PUBLISHED).aggregate(at=Max("published_at"))["at"]


__all__ = [
    "PLATFORM",
    "Figure",
    "Section",
    "Table",
    "all_sections",
    "commitments",
    "consultations_and_priorities",
    "global_estimates",
    "pathfinder_countries",
    "pathfinders_over_time",
    "regional",
    "regional_table",
    "reports_and_framework",
    "section",
]
