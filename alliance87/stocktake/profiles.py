"""A country's ten years on the platform, computed from what the platform holds: the profile page and its PDF.

Each part comes from the records, with where it comes from and when; a part the platform holds nothing for
is empty and says so, never filled in:

- the pathway (the steps recorded and the steps that follow from the roadmap and reports: ``pathways``);
- the roadmaps, current and earlier, their priorities and key actions, each action with the status the latest
  published report gave it;
- each reporting cycle's report (submitted, on time, published) and the Framework's results per criterion
  per published assessment;
- the indicator series: the country's published observations per series (the national figures charted,
  with their table), the national definition, the proxy flag, the source and its date, and the focal
  point's published comment;
- the commitments made by the country or carried out in it, with their lights; the experiences shared
  about it.

``profile(country, user)`` costs a fixed number of queries whatever the number of reports, commitments or
observations (asserted in the tests). ``pdf_bytes(country)`` renders the public profile as a PDF and keeps
the bytes per country, language and public-page version, so a second download is instant and any change
to public data gives a new PDF.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Prefetch
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from alliance87 import charts, dates, pagecache, pdf
from alliance87.commitments import selectors as commitment_selectors
from alliance87.exchange import selectors as exchange_selectors
from alliance87.indicators import selectors as indicator_selectors
from alliance87.indicators.models import Unit
from alliance87.network.models import Country
from alliance87.pathfinders import selectors as pathfinder_selectors
from alliance87.pathfinders.models import (
    Assessment,
    AssessmentStatus,
    Judgement,
    KeyAction,
    Priority,
    ReportActionStatus,
    ReportCycle,
    ReportStatus,
    Roadmap,
)
from alliance87.translations import localised

PDF_CACHE_SECONDS = 7 * 24 * 60 * 60
JUDGEMENT_LABELS = dict(Judgement.choices)


def country_for_profile(code: str) -> Country:
    """The country of a two-letter code (any case); Http404 for anything else."""
    code = (code or "").upper()
    if len(code) != 2 or not code.isalpha():
        raise Http404
    country = Country.objects.filter(code=code).first()
    if country is None:
        raise Http404
    return country


# ---- the parts ----------------------------------------------------------------------------------------


@dataclass
class CycleReport:
    cycle: ReportCycle
    report: object | None  # the published report of that cycle, or None


@dataclass
class AssessmentGrid:
    cycles: list  # the cycles with a published assessment, oldest first
    rows: list  # [(criterion, [result or None per cycle])]


@dataclass
class SeriesPart:
    series: object
    chart: charts.Chart | None
    unit: str
    unit_code: str
    datasets: list  # the published datasets its observations came from (source, date, definition, proxy)
    comments: list  # the focal point's published comments on those datasets
    is_proxy: bool
    national_definition: str
    other_count: int  # observations not charted (by region, age group, area of residence)
    latest: tuple | None  # (year, value) of the latest national total
    url: str = ""

    @property
    def latest_display(self) -> str:
        """The latest national total in the reader's digits with its unit: "7.07 %", "1.2 million"."""
        if not self.latest:
            return ""
        suffix = indicator_selectors.unit_suffix(self.unit_code)
        value = indicator_selectors.display_value(self.latest[1])
        if not suffix:
            return f"{value} ({self.unit})"
        return f"{value}\u00a0{suffix}" if suffix == "%" else f"{value} {suffix}"


@dataclass
class Profile:
    country: Country
    read_at: datetime.datetime
    pathway: object
    roadmaps: list  # current first, then earlier versions
    action_status: dict  # key action pk -> ReportActionStatus of the latest published report naming it
    cycles: list[CycleReport]
    assessments: AssessmentGrid
    series: list[SeriesPart]
    commitments: list
    commitment_count: int
    commitments_on_track: int
    registry_url: str
    experiences: list
    source: str = ""
    reports_published: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def current_roadmap(self):
        return next((r for r in self.roadmaps if r.is_current), None)

    @property
    def earlier_roadmaps(self) -> list:
        return [r for r in self.roadmaps if not r.is_current]


def roadmaps_of(country: Country) -> list:
    """Every version of the country's roadmap, current first, with priorities and key actions (three queries)."""
    return list(
        Roadmap.objects.filter(country=country)
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=Priority.objects.prefetch_related(
                    Prefetch("key_actions", queryset=KeyAction.objects.order_by("position", "pk"))
                ).order_by("position", "pk"),
            )
        )
        .order_by("-is_current", "-version")
    )


def action_statuses(country: Country) -> dict:
    """Each key action's status as the latest published report that gives one records it (one query)."""
    statuses = (
        ReportActionStatus.objects.filter(report__country=country, report__status=ReportStatus.PUBLISHED)
        .select_related("report__cycle")
        .order_by("report__cycle__year", "pk")
    )
    return {s.key_action_id: s for s in statuses}  # later cycles overwrite earlier ones


def cycle_reports(country: Country) -> tuple[list[CycleReport], int]:
    """Every reporting cycle opened so far (example cycles for the example country) and its published report
    (two queries). Cycles before the country's first report or roadmap are shown too: the gap is the fact."""
    today = timezone.localdate()
    cycles = list(ReportCycle.objects.filter(is_example=country.is_example, opens_on__lte=today).order_by("year"))
    reports = {r.cycle_id: r for r in pathfinder_selectors.published_reports_for(country)}
    rows = [CycleReport(cycle, reports.get(cycle.pk)) for cycle in cycles]
    # a published report of a cycle not yet opened (data loaded ahead) still shows
    known = {c.pk for c in cycles}
    rows += [CycleReport(r.cycle, r) for r in reports.values() if r.cycle_id not in known]
    rows.sort(key=lambda row: row.cycle.year)
    return rows, len(reports)


def assessment_grid(country: Country) -> AssessmentGrid:
    """The published assessments' results per criterion (rows) and cycle (columns), in two queries."""
    from alliance87.pathfinders.models import CriterionResult  # noqa: PLC0415

    assessments = list(
        Assessment.objects.filter(country=country, status=AssessmentStatus.PUBLISHED)
        .select_related("cycle")
        .prefetch_related(Prefetch("results", queryset=CriterionResult.objects.select_related("criterion")))
        .order_by("cycle__year")
    )
    criteria, cells = {}, defaultdict(dict)
    for column, assessment in enumerate(assessments):
        for result in assessment.results.all():
            key = (result.criterion.code, result.criterion.position)
            criteria.setdefault(key, result.criterion)
            result.effective_label = JUDGEMENT_LABELS.get(result.effective, "")
            cells[key][column] = result
    order = sorted(criteria, key=lambda key: (key[1], key[0]))
    rows = [(criteria[key], [cells[key].get(i) for i in range(len(assessments))]) for key in order]
    return AssessmentGrid([a.cycle for a in assessments], rows)


def series_parts(country: Country) -> list[SeriesPart]:
    """The country's published series (``indicators.selectors.country_series``: national totals by year, the
    sources, the proxy flag, the focal point's comments), each charted with its table, and how many more
    observations (by region, sex, age group, area of residence) each holds. Three queries."""
    entries = indicator_selectors.country_series(country)
    if not entries:
        return []
    counts = dict(
        indicator_selectors.published_observations()
        .filter(country=country)
        .values_list("series_id")
        .annotate(n=Count("pk"))
        .values_list("series_id", "n")
    )
    parts = []
    for entry in entries:
        series = entry.series
        unit = str(Unit(entry.unit).label) if entry.unit in Unit.values else entry.unit
        points = [(year, value) for year, value in entry.points if value is not None]
        title = str(localised(series, "title"))
        chart = None
        if points:
            chart = charts.line_chart(
                [charts.Line(str(_("Total")), points)],
                title=f"{title} ({unit}), {country.name}",
                description=_("National figures by year, from %(first)s to %(last)s.")
                % {"first": points[0][0], "last": points[-1][0]},
                chart_id=f"series-{series.pk}-{entry.unit.lower()}",
            )
        try:
            url = reverse("indicators:series", args=[series.code])
        except NoReverseMatch:
            url = ""
        parts.append(
            SeriesPart(
                series=series,
                chart=chart,
                unit=unit,
                unit_code=entry.unit,
                datasets=entry.datasets,
                comments=entry.comments,
                is_proxy=entry.is_proxy,
                national_definition="\n\n".join(
                    dict.fromkeys(d.national_definition for d in entry.datasets if d.national_definition)
                ),
                other_count=max(0, counts.get(series.pk, 0) - len(entry.points)),
                latest=entry.latest,
                url=url,
            )
        )
    return parts


def profile(country: Country, user=None) -> Profile:
    """Everything the profile shows of ``country``, as ``user`` may see it (the public, by default)."""
    user = user or AnonymousUser()
    found = commitment_selectors.of_object(country, user)
    filters, commitments = found
    shown = commitment_selectors.rows(commitments[: commitment_selectors.SHOWN_ON_OTHER_PAGES])
    if len(shown) < commitment_selectors.SHOWN_ON_OTHER_PAGES:
        count = len(shown)
    else:
        count = commitments.count()
    on_track = commitment_selectors.on_track(commitments.order_by()).count() if shown else 0
    cycles, reports_published = cycle_reports(country)
    roadmaps, statuses = roadmaps_of(country), action_statuses(country)
    for roadmap in roadmaps:
        for priority in roadmap.priorities.all():
            for action in priority.key_actions.all():
                action.reported_status = statuses.get(action.pk)
    return Profile(
        country=country,
        read_at=timezone.now(),
        pathway=pathfinder_selectors.pathway_for(country),
        roadmaps=roadmaps,
        action_status=statuses,
        cycles=cycles,
        reports_published=reports_published,
        assessments=assessment_grid(country),
        series=series_parts(country),
        commitments=shown,
        commitment_count=count,
        commitments_on_track=on_track,
        registry_url=f"{reverse('commitments:registry')}?{urlencode(filters.as_query())}",
        experiences=list(exchange_selectors.about(country)),
        source=_plain_source(country.source),
    )


def _plain_source(source: str) -> str:
    from alliance87.pathfinders.views.country import plain_source  # noqa: PLC0415 -- the country page's rule

    return plain_source(source)


# ---- the PDF ------------------------------------------------------------------------------------------


def pdf_filename(country: Country, language: str) -> str:
    return f"alliance87-ten-years-{country.code.code.lower()}-{language}.pdf"


def _pdf_key(country: Country, language: str) -> str:
    return f"a87:profile-pdf:{country.pk}:{language}:{pagecache.current_version()}"


def render_pdf(country: Country) -> bytes:
    """The public profile of ``country`` as an A4 PDF in the active language."""
    data = profile(country)
    read_on = dates.day(timezone.localdate())
    title = _("%(country)s: ten years of action on Target 8.7") % {"country": country.name}
    html = render_to_string(
        "stocktake/profile/pdf.html",
        {
            "p": data,
            "country": country,
            "title": title,
            "font_dir": pdf.FONT_DIR,
            "css": {
                "short_title": pdf.css_string(title),
                "page_label": pdf.css_string(_("Page")),
                "footer": pdf.css_string(
                    _("Source: the Alliance 8.7 platform, %(site)s. Data read on %(date)s.")
                    % {"site": settings.SITE_ROOT.split("://", 1)[-1].rstrip("/"), "date": read_on}
                ),
            },
        },
    )
    return pdf.render(html)


def pdf_bytes(country: Country) -> bytes:
    """The PDF, from the cache when nothing public changed since it was rendered in this language."""
    key = _pdf_key(country, translation.get_language() or "en")
    found = cache.get(key)
    if found is not None:
        return found
    data = render_pdf(country)
    cache.set(key, data, PDF_CACHE_SECONDS)
    return data
