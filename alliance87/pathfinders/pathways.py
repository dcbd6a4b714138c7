"""The pathway as the platform knows it: the steps recorded by hand and the steps that follow from its facts.

Two steps follow from what the platform holds and are never typed (docs/domain.md, "The pathway in the
platform"): "Roadmap adopted" is reached when a version of the country's roadmap is recorded (on its
adoption date), "Reporting annually" when one of its annual reports is published (on the date it was
published). Every other step is recorded by hand (``Milestone``), because the platform cannot know it: the
expression of interest, the coordination mechanism, the situational mapping, the strategic planning
workshop, and the GCG's decisions (status granted, inactive).

A ``Milestone`` of a step that follows from the facts (typed before the platform derived those steps, or by a
loader) is a *claim*: it never places the country on the pathway. A claim the facts do not confirm is shown
to the people who keep the country's pathway, to be settled; never to the public.

Query counts stay flat: one pathway costs four queries, every pathway four as well.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from alliance87.network.models import Country

from .models import Milestone, Report, ReportStatus, Roadmap
from .vocab import DERIVED_STAGES, STAGE_ORDER, Stage

# Steps a later step shows were taken, though nobody recorded them: they come before the GCG's decision and
# the GCG grants the status only once they are done (a workshop that produced a viable roadmap).
IMPLIED_BY_LATER = (Stage.INTEREST, Stage.COORDINATION, Stage.MAPPING, Stage.WORKSHOP)


@dataclass(frozen=True)
class Step:
    """One dated fact of the pathway: a step recorded by hand, or one that follows from a record."""

    stage: str
    date: datetime.date | None
    note: str = ""
    url: str = ""
    derived: bool = False  # follows from a roadmap or a published report
    record: Milestone | None = field(default=None, compare=False)  # the hand entry, for a recorded step

    def get_stage_display(self) -> str:
        return Stage(self.stage).label


@dataclass
class Pathway:
    country: Country
    milestones: list  # every Step, recorded or derived, by date (unknown dates last)
    stage: str | None  # the furthest stage reached; None when nothing is known
    claims: list[Milestone] = field(default_factory=list)  # hand entries of derived steps

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label if self.stage else ""

    @property
    def recorded(self) -> list[Step]:
        return [s for s in self.milestones if not s.derived]

    @property
    def claims_to_check(self) -> list[Milestone]:
        """Hand entries of a derived step the facts do not confirm: to settle, never shown to the public."""
        reached = {s.stage for s in self.milestones if s.derived}
        return [c for c in self.claims if c.stage not in reached]

    @property
    def steps(self) -> list[dict]:
        """Every stage in order with its dated facts and whether it is reached: the timeline a page draws.

        ``status`` is "reached" (recorded, or follows from the facts), "implied" (a step nobody recorded
        that a later one shows was taken) or "not_reached". A derived step is never implied: it is reached
        exactly when its record exists, so the timeline cannot contradict the roadmap or reports shown."""
        by_stage = defaultdict(list)
        for step in self.milestones:
            by_stage[step.stage].append(step)
        reached_orders = [STAGE_ORDER[s] for s in by_stage if s != Stage.INACTIVE]
        if self.country.is_pathfinder:
            reached_orders.append(STAGE_ORDER[Stage.STATUS_GRANTED])
        furthest = max(reached_orders, default=-1)
        steps = []
        for stage in Stage.values:
            entries = by_stage.get(stage, [])
            if stage == Stage.INACTIVE and not entries:
                continue
            if entries or stage == Stage.STATUS_GRANTED and self.country.is_pathfinder:
                status = "reached"
            elif stage in IMPLIED_BY_LATER and STAGE_ORDER[stage] < furthest:
                status = "implied"
            else:
                status = "not_reached"
            steps.append(
                {
                    "stage": stage,
                    "label": Stage(stage).label,
                    "milestones": entries,
                    "status": status,
                    "reached": status != "not_reached",
                    "derived": stage in DERIVED_STAGES,
                }
            )
        return steps


def stage_from_codes(stages: set[str], is_pathfinder: bool) -> str | None:
    """The furthest stage among ``stages``; inactive overrides; a Pathfinder has at least its status."""
    if Stage.INACTIVE in stages:
        return Stage.INACTIVE
    best = max(stages, key=STAGE_ORDER.__getitem__, default=None)
    if is_pathfinder and (best is None or STAGE_ORDER[best] < STAGE_ORDER[Stage.STATUS_GRANTED]):
        return Stage.STATUS_GRANTED
    return best


def current_stage(milestones: list, is_pathfinder: bool) -> str | None:
    return stage_from_codes({m.stage for m in milestones}, is_pathfinder)


def _by_date(steps: list[Step]) -> list[Step]:
    return sorted(steps, key=lambda s: (s.date is None, s.date or datetime.date.min, STAGE_ORDER[s.stage]))


def _roadmap_step(version: int, adopted_on) -> Step:
    return Step(Stage.ROADMAP, adopted_on, gettext("Roadmap, version %(version)s") % {"version": version}, derived=True)


def _report_step(pk: int, year: int, published_at) -> Step:
    return Step(
        Stage.REPORTING,
        timezone.localdate(published_at) if published_at else None,
        gettext("Annual report for the %(year)s cycle, published") % {"year": year},
        url=reverse("pathfinders:report", args=[pk]),
        derived=True,
    )


def _facts(country_ids=None) -> tuple[dict, dict, dict]:
    """Per country: the steps recorded by hand, the claims, and the derived steps (three queries)."""
    milestones = Milestone.objects.order_by("date", "pk")
    roadmaps = Roadmap.objects.order_by("version").values_list("country_id", "version", "adopted_on")
    reports = (
        Report.objects.filter(status=ReportStatus.PUBLISHED)
        .order_by("cycle__year")
        .values_list("country_id", "pk", "cycle__year", "published_at")
    )
    if country_ids is not None:
        milestones = milestones.filter(country_id__in=country_ids)
        roadmaps = roadmaps.filter(country_id__in=country_ids)
        reports = reports.filter(country_id__in=country_ids)
    recorded, claims, derived = defaultdict(list), defaultdict(list), defaultdict(list)
    for m in milestones:
        if m.stage in DERIVED_STAGES:
            claims[m.country_id].append(m)
        else:
            recorded[m.country_id].append(Step(m.stage, m.date, m.note, record=m))
    for country_id, version, adopted_on in roadmaps:
        derived[country_id].append(_roadmap_step(version, adopted_on))
    for country_id, pk, year, published_at in reports:
        derived[country_id].append(_report_step(pk, year, published_at))
    return recorded, claims, derived


def _pathway(country: Country, recorded, claims, derived) -> Pathway:
    steps = _by_date(recorded.get(country.pk, []) + derived.get(country.pk, []))
    return Pathway(
        country=country,
        milestones=steps,
        stage=current_stage(steps, country.is_pathfinder),
        claims=claims.get(country.pk, []),
    )


def pathway_for(country: Country) -> Pathway:
    return _pathway(country, *_facts([country.pk]))


def pathways() -> list[Pathway]:
    """Every country on the pathway (a step recorded or derived, or Pathfinder status), by name. Four queries."""
    recorded, claims, derived = _facts()
    on_pathway = set(recorded) | set(derived)
    countries = Country.objects.filter(Q(pk__in=on_pathway) | Q(is_pathfinder=True))
    result = [_pathway(c, recorded, claims, derived) for c in countries]
    return sorted(result, key=lambda p: p.country.name)


def stages_by_country() -> tuple[list[Country], dict[int, str | None]]:
    """Every country on the pathway and its stage, read as plain values (the Framework's matrix needs no more)."""
    codes = defaultdict(set)
    for country_id, stage in Milestone.objects.exclude(stage__in=DERIVED_STAGES).values_list("country_id", "stage"):
        codes[country_id].add(stage)
    for country_id in Roadmap.objects.values_list("country_id", flat=True).distinct():
        codes[country_id].add(Stage.ROADMAP)
    published = Report.objects.filter(status=ReportStatus.PUBLISHED)
    for country_id in published.values_list("country_id", flat=True).distinct():
        codes[country_id].add(Stage.REPORTING)
    countries = list(Country.objects.filter(Q(pk__in=codes.keys()) | Q(is_pathfinder=True)))
    stages = {c.pk: stage_from_codes(codes.get(c.pk, set()), c.is_pathfinder) for c in countries}
    return sorted(countries, key=lambda c: c.name), stages


def claims_to_check(country_ids=None) -> list[Milestone]:
    """Every hand entry of a derived step that the facts do not confirm (for the secretariat's list)."""
    claims = Milestone.objects.filter(stage__in=DERIVED_STAGES).select_related("country")
    if country_ids is not None:
        claims = claims.filter(country_id__in=country_ids)
    with_roadmap = set(Roadmap.objects.values_list("country_id", flat=True))
    reporting = set(Report.objects.filter(status=ReportStatus.PUBLISHED).values_list("country_id", flat=True))
    confirmed = {Stage.ROADMAP: with_roadmap, Stage.REPORTING: reporting}
    return [c for c in claims if c.country_id not in confirmed[c.stage]]


def latest(*moments) -> datetime.datetime | None:
    """The latest of ``moments`` (dates or datetimes), None when none is known."""
    known = [
        m if isinstance(m, datetime.datetime) else datetime.datetime.combine(m, datetime.time(), datetime.UTC)
        for m in moments
        if m
    ]
    return max(known, default=None)


def last_updated_overview() -> datetime.datetime | None:
    """The latest change to what the Pathfinder page shows: the countries, the pathway, roadmaps, reports."""
    return latest(
        Country.history.aggregate(t=Max("history_date"))["t"],
        Milestone.history.filter(is_example=False).aggregate(t=Max("history_date"))["t"],
        Roadmap.history.filter(is_example=False).aggregate(t=Max("history_date"))["t"],
        Report.objects.filter(status=ReportStatus.PUBLISHED, is_example=False).aggregate(t=Max("published_at"))["t"],
    )


def _latest_history(model, **filters):
    return model.history.filter(**filters).aggregate(t=Max("history_date"))["t"]


def last_updated_country(country: Country) -> datetime.datetime | None:
    """The latest change to what a country's page shows: the country, its pathway, its roadmaps (priorities,
    key actions, indicators), its published reports and assessments, the partners based there."""
    from alliance87.network.models import Organisation  # noqa: PLC0415 -- only this page lists partners

    from .models import Assessment, AssessmentStatus, Indicator, KeyAction, Priority  # noqa: PLC0415

    roadmap_ids = list(Roadmap.objects.filter(country=country).values_list("pk", flat=True))
    return latest(
        _latest_history(Country, id=country.pk),
        _latest_history(Milestone, country_id=country.pk),
        _latest_history(Roadmap, country_id=country.pk),
        _latest_history(Priority, roadmap_id__in=roadmap_ids),
        _latest_history(KeyAction, priority__roadmap_id__in=roadmap_ids),
        _latest_history(Indicator, priority__roadmap_id__in=roadmap_ids),
        Report.objects.filter(country=country, status=ReportStatus.PUBLISHED).aggregate(t=Max("published_at"))["t"],
        Assessment.objects.filter(country=country, status=AssessmentStatus.PUBLISHED).aggregate(t=Max("updated_at"))[
            "t"
        ],
        _latest_history(Organisation, country_id=country.pk),
    )
