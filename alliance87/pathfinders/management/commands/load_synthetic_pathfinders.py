"""``manage.py load_synthetic_pathfinders``: a large, visibly fake Pathfinder dataset for load tests.

``--countries 195 --cycles 10 --actions 30`` (the defaults) gives every country a pathway, one current
roadmap with 30 key actions over five priorities, a published report for each of ten cycles (every key
action with a status) and a published assessment per cycle. Everything is marked as an example
(``is_example``) and every title says "Synthetic example": new countries use real ISO codes (a country
page needs one) but are marked as example countries, so they are never counted with the real
Pathfinders; their stages, regions, roadmaps and reports are invented.

When there are not enough free ISO codes, countries that already exist with no pathway or roadmap are
used as well (the synthetic ones first). Never load this into a real database: it refuses to run when real
Pathfinder work (a milestone, roadmap or report not marked as an example) exists, unless ``--force`` is
given (``make bench`` does so on its own throwaway database).

Rows are written with ``bulk_create`` (no history records, no e-mails) so that the whole load takes
seconds, not the minutes the services would take one report at a time.
"""

import datetime
import time
from decimal import Decimal
from itertools import cycle

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_countries import countries as iso_countries

from alliance87.network.models import Country, IloRegion, SdgRegion
from alliance87.pagecache import public_pages_changed
from alliance87.pathfinders import services
from alliance87.pathfinders.defaults import DEFAULT_INDICATORS, DEFAULT_QUESTIONS, stored
from alliance87.pathfinders.models import (
    ActionStatus,
    Assessment,
    AssessmentStatus,
    AutomaticRule,
    CriterionResult,
    CycleIndicator,
    CycleQuestion,
    FrameworkVersion,
    Funding,
    Indicator,
    Judgement,
    KeyAction,
    Milestone,
    Priority,
    Report,
    ReportActionStatus,
    ReportAnswer,
    ReportCycle,
    ReportIndicatorValue,
    ReportStatus,
    Roadmap,
)
from alliance87.pathfinders.vocab import DurbanArea, Form, Stage

SOURCE = "Synthetic example data for load tests (make bench); not a fact"
TITLE = "Synthetic example roadmap"
PRIORITIES = 5
BATCH = 2000
# The pathway up to annual reporting; a country's position in the list decides how far it got.
PATHWAY = [
    Stage.INTEREST,
    Stage.COORDINATION,
    Stage.MAPPING,
    Stage.WORKSHOP,
    Stage.ROADMAP,
    Stage.STATUS_GRANTED,
    Stage.REPORTING,
]


class Command(BaseCommand):
    help = "Load synthetic example Pathfinder data (for benchmarks only; refuses to touch a real database)."

    def add_arguments(self, parser):
        parser.add_argument("--countries", type=int, default=195)
        parser.add_argument("--cycles", type=int, default=10)
        parser.add_argument("--actions", type=int, default=30, help="Key actions per roadmap.")
        parser.add_argument(
            "--force", action="store_true", help="Run although real Pathfinder work exists (throwaway database only)."
        )

    def handle(self, *args, countries, cycles, actions, force, **options):
        if not (1 <= countries <= 300 and 1 <= cycles <= 30 and 1 <= actions <= 200):
            raise CommandError("Give 1-300 countries, 1-30 cycles and 1-200 key actions.")
        real = (
            Report.objects.filter(is_example=False).exists()
            or Roadmap.objects.filter(is_example=False).exists()
            or Milestone.objects.filter(is_example=False).exists()
        )
        if real and not force:
            raise CommandError(
                "The database holds real Pathfinder work (milestones, roadmaps or reports not marked as "
                "examples): this command only fills an empty or throwaway database with synthetic "
                "examples. Use --force if this really is one."
            )
        if Roadmap.objects.filter(title__startswith=TITLE).exists():
            raise CommandError("Synthetic Pathfinder examples are already loaded in this database.")

        started = time.monotonic()
        with transaction.atomic():
            country_rows = self._countries(countries)
            self._milestones(country_rows)
            roadmaps, actions_by_roadmap = self._roadmaps(country_rows, actions)
            cycle_rows = self._cycles(cycles)
            reports = self._reports(country_rows, cycle_rows, roadmaps, actions_by_roadmap)
            assessments = self._assessments(country_rows, cycle_rows)
            public_pages_changed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic Pathfinder examples loaded in {time.monotonic() - started:.1f} s: "
                f"{len(country_rows)} countries, {len(roadmaps)} roadmaps ({actions} key actions each), "
                f"{len(cycle_rows)} cycles, {reports} published reports, {assessments} published assessments."
            )
        )

    # ---- Countries and their pathway ------------------------------------------------------------

    def _countries(self, count: int) -> list[Country]:
        taken = set(Country.objects.values_list("code", flat=True))
        codes = [c.code for c in iso_countries if c.code not in taken and c.code != settings.EXAMPLE_COUNTRY_CODE]
        codes = codes[:count]
        sdg, ilo = cycle(SdgRegion.values), cycle(IloRegion.values)
        Country.objects.bulk_create(
            [
                Country(code=code, sdg_region=next(sdg), ilo_region=next(ilo), is_example=True, source=SOURCE)
                for code in codes
            ],
            batch_size=BATCH,
        )
        rows = list(Country.objects.filter(code__in=codes))
        if len(rows) < count:
            # Not enough free codes: use countries with no pathway or roadmap yet, the synthetic ones first.
            reuse = (
                Country.objects.exclude(code__in=codes)
                .exclude(roadmaps__isnull=False)
                .exclude(milestones__isnull=False)
                .exclude(code=settings.EXAMPLE_COUNTRY_CODE)
                .order_by("-is_example", "code")
            )
            rows += list(reuse.filter(Q(is_example=True) | Q(source__startswith="Synthetic")))
            rows += list(reuse.exclude(Q(is_example=True) | Q(source__startswith="Synthetic")))
            rows = rows[:count]
        if len(rows) < count:
            raise CommandError(f"Only {len(rows)} countries are available; asked for {count}.")
        return sorted(rows, key=lambda c: c.code.code)

    def _milestones(self, countries: list[Country]) -> None:
        """Most countries report annually; one in seven stops earlier and one in eleven became inactive."""
        rows, granted = [], []
        for i, country in enumerate(countries):
            last = len(PATHWAY) - 1 if i % 7 else 4 + i % 3  # ROADMAP, STATUS_GRANTED or REPORTING
            start = datetime.date(2018 + i % 4, 1 + i % 12, 1)
            for step, stage in enumerate(PATHWAY[: last + 1]):
                rows.append(
                    Milestone(
                        country=country,
                        stage=stage,
                        date=start + datetime.timedelta(days=120 * step),
                        viable_roadmap=stage == Stage.WORKSHOP,
                        note="Synthetic example",
                        source=SOURCE,
                        is_example=True,
                    )
                )
            if i % 11 == 5:
                rows.append(
                    Milestone(
                        country=country,
                        stage=Stage.INACTIVE,
                        date=start + datetime.timedelta(days=120 * (last + 2)),
                        note="Synthetic example",
                        source=SOURCE,
                        is_example=True,
                    )
                )
            if last >= PATHWAY.index(Stage.STATUS_GRANTED) and country.is_example:
                country.is_pathfinder = True
                country.pathfinder_since = (start + datetime.timedelta(days=120 * 5)).year
                granted.append(country)
        Milestone.objects.bulk_create(rows, batch_size=BATCH)
        # Only the example countries are marked: a real country's Pathfinder status is a fact.
        Country.objects.bulk_update(granted, ["is_pathfinder", "pathfinder_since"], batch_size=BATCH)

    # ---- Roadmaps ---------------------------------------------------------------------------------

    def _roadmaps(self, countries: list[Country], actions: int) -> tuple[dict, dict]:
        Roadmap.objects.bulk_create(
            [
                Roadmap(
                    country=country,
                    version=1,
                    title=f"{TITLE} {n:03d}",
                    period_start=2018,
                    period_end=2032,
                    adopted_on=datetime.date(2018 + n % 4, 6, 1),
                    is_current=True,
                    is_example=True,
                )
                for n, country in enumerate(countries, 1)
            ],
            batch_size=BATCH,
        )
        roadmaps = {r.country_id: r for r in Roadmap.objects.filter(title__startswith=TITLE)}
        areas, forms = DurbanArea.values, Form.values
        Priority.objects.bulk_create(
            [
                Priority(
                    roadmap=roadmap,
                    position=p,
                    title=f"Synthetic example priority {p + 1}",
                    description="A synthetic example priority for load tests.",
                    durban_areas=[areas[p % len(areas)], areas[(p + 2) % len(areas)]],
                    forms=[forms[p % len(forms)]],
                )
                for roadmap in roadmaps.values()
                for p in range(PRIORITIES)
            ],
            batch_size=BATCH,
        )
        priorities = list(Priority.objects.filter(roadmap__in=roadmaps.values()).order_by("roadmap_id", "position"))
        by_roadmap: dict[int, list[Priority]] = {}
        for priority in priorities:
            by_roadmap.setdefault(priority.roadmap_id, []).append(priority)
        fundings = cycle(Funding.values)
        action_rows, indicator_rows = [], []
        for roadmap_priorities in by_roadmap.values():
            for a in range(actions):
                priority = roadmap_priorities[a % len(roadmap_priorities)]
                funding = next(fundings)
                action_rows.append(
                    KeyAction(
                        priority=priority,
                        position=a // len(roadmap_priorities),
                        title=f"Synthetic example key action {a + 1}",
                        responsible_body="Example ministry",
                        start_year=2018 + a % 5,
                        end_year=2026 + a % 5,
                        budget_amount=None if funding == Funding.UNKNOWN else Decimal(10_000 * (a + 1)),
                        budget_currency="" if funding == Funding.UNKNOWN else "USD",
                        funding=funding,
                    )
                )
            for p, priority in enumerate(roadmap_priorities):
                indicator_rows.append(
                    Indicator(
                        priority=priority,
                        name=f"Synthetic example indicator {p + 1}",
                        unit="%",
                        baseline_value=Decimal("20.5"),
                        baseline_year=2018,
                        target_value=Decimal("5"),
                        target_year=2030,
                    )
                )
        KeyAction.objects.bulk_create(action_rows, batch_size=BATCH)
        Indicator.objects.bulk_create(indicator_rows, batch_size=BATCH)
        actions_by_roadmap: dict[int, list[int]] = {}
        for roadmap_id, pk in KeyAction.objects.filter(priority__roadmap__in=roadmaps.values()).values_list(
            "priority__roadmap_id", "pk"
        ):
            actions_by_roadmap.setdefault(roadmap_id, []).append(pk)
        return roadmaps, actions_by_roadmap

    # ---- Cycles, reports, assessments ---------------------------------------------------------------

    def _cycles(self, count: int) -> list[ReportCycle]:
        """The ``count`` years up to last year; a year that already has a cycle keeps it."""
        last = timezone.localdate().year - 1
        years = list(range(last - count + 1, last + 1))
        existing = set(ReportCycle.objects.filter(year__in=years).values_list("year", flat=True))
        ReportCycle.objects.bulk_create(
            ReportCycle(
                year=year,
                title=f"Annual progress reports {year} (synthetic example cycle)",
                opens_on=datetime.date(year + 1, 1, 15),
                deadline=datetime.date(year + 1, 4, 30),
                is_example=True,
            )
            for year in years
            if year not in existing
        )
        cycles = list(ReportCycle.objects.filter(year__in=years).order_by("year"))
        new = [c for c in cycles if c.year not in existing]
        CycleQuestion.objects.bulk_create(
            CycleQuestion(cycle=c, position=i, text=text["en"], translations=stored("text", text))
            for c in new
            for i, text in enumerate(DEFAULT_QUESTIONS)
        )
        CycleIndicator.objects.bulk_create(
            CycleIndicator(cycle=c, position=i, code=code, label=label["en"], translations=stored("label", label))
            for c in new
            for i, (code, label) in enumerate(DEFAULT_INDICATORS)
        )
        return cycles

    def _reports(self, countries, cycles, roadmaps, actions_by_roadmap) -> int:
        rows = []
        for i, country in enumerate(countries):
            for c in cycles:
                late = (i + c.year) % 5 == 0  # one report in five came in after the deadline
                submitted = datetime.datetime.combine(
                    c.deadline + datetime.timedelta(days=9 if late else -9), datetime.time(10), tzinfo=datetime.UTC
                )
                rows.append(
                    Report(
                        country=country,
                        cycle=c,
                        roadmap=roadmaps[country.pk],
                        status=ReportStatus.PUBLISHED,
                        submitted_at=submitted,
                        published_at=submitted + datetime.timedelta(days=60),
                        is_example=True,
                    )
                )
        Report.objects.bulk_create(rows, batch_size=BATCH)
        reports = list(
            Report.objects.filter(country__in=countries, cycle__in=cycles).values_list("pk", "roadmap_id", "cycle_id")
        )
        questions, indicators = {}, {}
        for q in CycleQuestion.objects.filter(cycle__in=cycles):
            questions.setdefault(q.cycle_id, []).append(q.pk)
        for ind in CycleIndicator.objects.filter(cycle__in=cycles).order_by("position"):
            indicators.setdefault(ind.cycle_id, []).append(ind.pk)
        statuses = ActionStatus.values
        answers, values, action_statuses = [], [], []
        for n, (report_id, roadmap_id, cycle_id) in enumerate(reports):
            answers += [
                ReportAnswer(report_id=report_id, question_id=q, text="Synthetic example answer for load tests.")
                for q in questions.get(cycle_id, [])
            ]
            values += [
                ReportIndicatorValue(report_id=report_id, indicator_id=ind, value=str(10 + n % 7), note="Synthetic")
                for ind in indicators.get(cycle_id, [])[:2]
            ]
            action_statuses += [
                ReportActionStatus(report_id=report_id, key_action_id=a, status=statuses[(n + k) % len(statuses)])
                for k, a in enumerate(actions_by_roadmap.get(roadmap_id, []))
            ]
        ReportAnswer.objects.bulk_create(answers, batch_size=BATCH)
        ReportIndicatorValue.objects.bulk_create(values, batch_size=BATCH)
        ReportActionStatus.objects.bulk_create(action_statuses, batch_size=BATCH)
        return len(reports)

    def _assessments(self, countries, cycles) -> int:
        services.framework_default_create()  # the default criteria, when no version exists yet
        version = FrameworkVersion.objects.get(is_current=True)
        criteria = list(version.criteria.all())
        Assessment.objects.bulk_create(
            [
                Assessment(
                    country=country, cycle=c, version=version, status=AssessmentStatus.PUBLISHED, is_example=True
                )
                for country in countries
                for c in cycles
            ],
            batch_size=BATCH,
        )
        assessments = list(
            Assessment.objects.filter(country__in=countries, cycle__in=cycles).values_list(
                "pk", "country_id", "cycle_id"
            )
        )
        late = {
            (country_id, cycle_id)
            for country_id, cycle_id, submitted, deadline in Report.objects.filter(
                country__in=countries, cycle__in=cycles
            ).values_list("country_id", "cycle_id", "submitted_at", "cycle__deadline")
            if submitted.date() > deadline
        }
        reviewer_judgements = [Judgement.MET, Judgement.PARTLY, Judgement.MET, Judgement.NOT_MET]
        rows = []
        for n, (assessment_id, country_id, cycle_id) in enumerate(assessments):
            for k, criterion in enumerate(criteria):
                if criterion.rule == AutomaticRule.REPORT_ON_TIME:
                    suggestion, judgement = (Judgement.PARTLY if (country_id, cycle_id) in late else Judgement.MET), ""
                elif criterion.rule:
                    suggestion, judgement = Judgement.MET, ""
                else:
                    suggestion, judgement = "", reviewer_judgements[(n + k) % len(reviewer_judgements)]
                rows.append(
                    CriterionResult(
                        assessment_id=assessment_id,
                        criterion=criterion,
                        suggestion=suggestion,
                        judgement=judgement,
                        evidence="Synthetic example evidence." if judgement else "",
                    )
                )
        CriterionResult.objects.bulk_create(rows, batch_size=BATCH)
        return len(assessments)
