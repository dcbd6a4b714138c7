"""The example that lets a new user see the whole Pathfinder cycle: an invented country, Exampleland.

Everything here is marked as an example (``is_example``) and is never counted with the real
Pathfinder Countries. Real countries get only what is known: nothing is invented about them.

Reporting cycles: the example's two cycles are example cycles and hold only its invented reports. No real
cycle is opened here: the dates and deadline of the current real cycle are not known (DOMAIN.md gives
none), so the secretariat opens it from /reports/, which says so while none is open.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from alliance87.accounts.models import User
from alliance87.network.models import Country

from . import services
from .defaults import cycle_title
from .models import Assessment, Report, ReportCycle, ReportStatus
from .vocab import Stage

LOADER_EMAIL = "data-loader@alliance87.invalid"

MILESTONES = [
    (Stage.INTEREST, datetime.date(2019, 3, 1), "Example: letter of interest to the Global Coordinating Group"),
    (Stage.COORDINATION, datetime.date(2019, 9, 1), "Example: national coordination group set up"),
    (Stage.MAPPING, datetime.date(2020, 2, 1), "Example: situational mapping published"),
    (Stage.WORKSHOP, datetime.date(2020, 10, 1), "Example: strategic planning workshop"),
    (Stage.STATUS_GRANTED, datetime.date(2021, 6, 1), "Example: status granted by the Global Coordinating Group"),
]

PRIORITIES = [
    (
        "Strengthen labour inspection in agriculture (example)",
        ["agriculture", "prevent_protect"],
        ["child_labour", "forced_labour"],
        [
            (
                "Train 200 labour inspectors on child labour in agriculture",
                "Ministry of Labour (example)",
                2021,
                2023,
                Decimal("250000"),
                "USD",
                "funded",
            ),
            (
                "Joint inspections with agricultural extension services",
                "Ministry of Agriculture (example)",
                2022,
                2025,
                Decimal("120000"),
                "USD",
                "partly",
            ),
        ],
        [
            (
                "Inspections covering child labour in agriculture",
                "inspections",
                Decimal("40"),
                2020,
                Decimal("400"),
                2025,
            )
        ],
    ),
    (
        "Keep children in school (example)",
        ["education", "social_protection"],
        ["child_labour"],
        [
            (
                "School meals in the ten districts with most child labour",
                "Ministry of Education (example)",
                2021,
                2026,
                Decimal("1800000"),
                "USD",
                "partly",
            ),
        ],
        [("Children aged 5-17 in child labour", "%", Decimal("12.5"), 2019, Decimal("6"), 2026)],
    ),
    (
        "Identify and protect victims of trafficking (example)",
        ["prevent_protect", "financing"],
        ["human_trafficking", "modern_slavery"],
        [
            (
                "A national referral mechanism for victims",
                "Ministry of Interior (example)",
                2022,
                2024,
                None,
                "",
                "unknown",
            ),
        ],
        [("Victims identified and referred to services", "people", Decimal("35"), 2020, Decimal("150"), 2025)],
    ),
]


def loader_user() -> User:
    """An account the loaders act as: a superuser no one can sign in as (unusable password)."""
    user, created = User.objects.get_or_create(
        email=LOADER_EMAIL, defaults={"name": "Data loader", "is_superuser": True, "is_staff": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_example(today: datetime.date | None = None) -> Country:
    """Load Exampleland's pathway, roadmap, two report cycles, reports and assessments. Idempotent."""
    today = today or datetime.date.today()
    by = loader_user()
    services.framework_default_create()
    country, _created = Country.objects.get_or_create(
        code=settings.EXAMPLE_COUNTRY_CODE,
        defaults={
            "is_example": True,
            "sdg_region": "ssa",
            "ilo_region": "africa",
            "source": "Invented for the demonstration",
        },
    )
    if country.milestones.exists():
        return country
    for stage, date, note in MILESTONES:
        services.milestone_record(
            country=country,
            stage=stage,
            date=date,
            note=note,
            by=by,
            is_example=True,
            viable_roadmap=stage == Stage.WORKSHOP,
        )
    roadmap = services.roadmap_create(
        country=country,
        by=by,
        title="Exampleland National SDG 8.7 Roadmap 2021-2026 (example)",
        period_start=2021,
        period_end=2026,
        adopted_on=datetime.date(2021, 3, 1),
        is_example=True,
    )
    for title, areas, forms, actions, indicators in PRIORITIES:
        priority = services.priority_add(roadmap=roadmap, by=by, title=title, durban_areas=areas, forms=forms)
        for a_title, body, start, end, amount, currency, funding in actions:
            services.key_action_add(
                priority=priority,
                by=by,
                title=a_title,
                responsible_body=body,
                start_year=start,
                end_year=end,
                budget_amount=amount,
                budget_currency=currency,
                funding=funding,
            )
        for name, unit, baseline, b_year, target, t_year in indicators:
            services.indicator_add(
                priority=priority,
                by=by,
                name=name,
                unit=unit,
                baseline_value=baseline,
                baseline_year=b_year,
                target_value=target,
                target_year=t_year,
            )
    for year, on_time in ((today.year - 2, False), (today.year - 1, True)):
        cycle = ReportCycle.objects.filter(year=year).first()
        if cycle is not None and not cycle.is_example:
            continue  # a real cycle for that year: it holds no invented report
        cycle = cycle or services.cycle_create(
            by=by,
            year=year,
            title=cycle_title(year, example=True),
            opens_on=datetime.date(year + 1, 1, 15),
            deadline=datetime.date(year + 1, 4, 30),
            is_example=True,
        )
        _example_report(country, cycle, by, on_time=on_time, today=today)
    return country


def _example_report(country, cycle, by, *, on_time: bool, today) -> Report:
    report = services.report_start(country=country, cycle=cycle, by=by, is_example=True)
    indicator = cycle.indicators.get(code="8.7.1-a")
    answers = {
        q.pk: f"Example answer to question {n}: this text shows where the country's own answer goes."
        for n, q in enumerate(cycle.questions.all(), 1)
    }
    statuses = {}
    for n, action in enumerate(a for p in report.roadmap.priorities.all() for a in p.key_actions.all()):
        statuses[action.pk] = {"status": ["on_track", "completed", "delayed", "not_started"][n % 4], "note": "Example"}
    roadmap_values = {
        i.pk: {
            "value": f"{i.baseline_value + (i.target_value - i.baseline_value) / 3:.1f}",
            "year": cycle.year,
            "note": "Example: a third of the way from the baseline to the target",
        }
        for p in report.roadmap.priorities.all()
        for i in p.indicators.all()
        if i.baseline_value is not None and i.target_value is not None
    }
    services.report_save(
        report=report,
        by=by,
        indicator_values={indicator.code: {"value": "10.8", "year": cycle.year, "note": "Example value"}},
        answers=answers,
        action_statuses=statuses,
        roadmap_indicator_values=roadmap_values,
    )
    services.report_submit(report=report, by=by)
    submitted = datetime.datetime.combine(
        cycle.deadline + datetime.timedelta(days=-10 if on_time else 12), datetime.time(10), tzinfo=datetime.UTC
    )
    Report.objects.filter(pk=report.pk).update(submitted_at=submitted)  # dates the example plausibly
    report.refresh_from_db()
    services.report_start_review(report=report, by=by)
    services.report_accept(report=report, by=by)
    services.report_publish(report=report, by=by)
    assessment = services.assessment_prepare(country=country, cycle=cycle, by=by, is_example=True)
    for result in assessment.results.select_related("criterion"):
        if not result.suggestion:
            services.assessment_judge(
                assessment=assessment,
                criterion=result.criterion,
                by=by,
                judgement="partly" if result.criterion.code == "AF5" else "met",
                evidence="Example evidence: what a reviewer would cite.",
            )
    services.assessment_publish(assessment=assessment, by=by)
    return report


__all__ = ["load_example", "loader_user", "Assessment", "ReportStatus"]
