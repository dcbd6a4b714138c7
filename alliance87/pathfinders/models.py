"""Pathfinder Countries: the pathway, roadmaps, annual progress reports, the Accountability Framework."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance87.network.models import Country
from alliance87.translations import Translatable

from .vocab import STAGE_ORDER, DurbanArea, Form, Stage

YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]


@deconstructible
class ChoicesValidator:
    """Every value of a list field is one of a vocabulary's codes (named, so migrations can refer to it)."""

    def __init__(self, vocabulary: str):
        self.vocabulary = vocabulary

    def __call__(self, values) -> None:
        from . import vocab  # noqa: PLC0415 -- resolved by name at validation time

        allowed = getattr(vocab, self.vocabulary).values
        if not isinstance(values, list):
            raise ValidationError(_("A list of values is expected."))
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise ValidationError(_("Unknown value: %(values)s.") % {"values": ", ".join(map(str, unknown))})

    def __eq__(self, other) -> bool:
        return isinstance(other, ChoicesValidator) and other.vocabulary == self.vocabulary

    def __hash__(self) -> int:
        return hash(self.vocabulary)


# ---- The pathway -------------------------------------------------------------------------------


class MilestoneQuerySet(models.QuerySet):
    def for_country(self, country):
        return self.filter(country=country)


class Milestone(models.Model):
    """A dated step of a country along the pathway. The date stays empty when it is not known."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="milestones")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Leave empty when unknown."))
    viable_roadmap = models.BooleanField(
        _("produced a viable roadmap"), default=False, help_text=_("For a strategic planning workshop.")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_example = models.BooleanField(_("example"), default=False)
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["country", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "stage"], condition=~models.Q(stage="workshop"), name="one_milestone_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country}: {self.get_stage_display()}"

    @property
    def order(self) -> int:
        return STAGE_ORDER[self.stage]


# ---- Roadmaps ----------------------------------------------------------------------------------


def roadmap_upload_path(instance, filename: str) -> str:
    return f"roadmaps/{instance.country.code.code.lower()}/{Path(filename).name}"


class RoadmapQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Roadmap(models.Model):
    """One version of a country's national SDG 8.7 Roadmap."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="roadmaps")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=300)
    period_start = models.PositiveSmallIntegerField(_("period from (year)"), validators=YEAR)
    period_end = models.PositiveSmallIntegerField(_("period to (year)"), validators=YEAR)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    document = models.FileField(_("document"), upload_to=roadmap_upload_path, blank=True)
    is_current = models.BooleanField(_("current version"), default=True)
    is_example = models.BooleanField(_("example"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = RoadmapQuerySet.as_manager()

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["country", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["country", "version"], name="one_roadmap_version"),
            models.UniqueConstraint(
                fields=["country"], condition=models.Q(is_current=True), name="one_current_roadmap"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="roadmap_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})


class Priority(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="priorities")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    durban_areas = models.JSONField(
        _("Durban Call to Action areas"), default=list, blank=True, validators=[ChoicesValidator("DurbanArea")]
    )
    forms = models.JSONField(_("forms of SDG 8.7"), default=list, blank=True, validators=[ChoicesValidator("Form")])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["roadmap", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def durban_area_labels(self) -> list[str]:
        return [DurbanArea(v).label for v in self.durban_areas]

    @property
    def form_labels(self) -> list[str]:
        return [Form(v).label for v in self.forms]


class Funding(models.TextChoices):
    FUNDED = "funded", _("Funded")
    PARTLY = "partly", _("Partly funded")
    UNFUNDED = "unfunded", _("Not funded")
    UNKNOWN = "unknown", _("Not known")


class KeyAction(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="key_actions")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("key action"), max_length=300)
    responsible_body = models.CharField(_("responsible body"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True, validators=YEAR)
    end_year = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True, validators=YEAR)
    budget_amount = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    budget_currency = models.CharField(_("currency"), max_length=3, blank=True)
    funding = models.CharField(_("funding"), max_length=10, choices=Funding.choices, default=Funding.UNKNOWN)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key action")
        verbose_name_plural = _("key actions")
        ordering = ["priority", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from .vocab import CURRENCIES  # noqa: PLC0415 -- a large constant, read only here

        errors = {}
        if self.budget_currency and self.budget_currency not in CURRENCIES:
            errors["budget_currency"] = _("“%(code)s” is not an ISO 4217 currency code (e.g. USD, EUR, KES).") % {
                "code": self.budget_currency
            }
        if self.budget_amount is not None and not self.budget_currency:
            errors["budget_currency"] = _("Give the currency of the budget.")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The action ends before it starts.")
        if errors:
            raise ValidationError(errors)


class Indicator(models.Model):
    """How progress on a priority is measured."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline_value = models.DecimalField(_("baseline"), max_digits=16, decimal_places=3, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True, validators=YEAR)
    target_value = models.DecimalField(_("target"), max_digits=16, decimal_places=3, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True, validators=YEAR)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            raise ValidationError(
                {
                    "target_year": _("The target year (%(target)s) is before the baseline year (%(baseline)s).")
                    % {"target": self.target_year, "baseline": self.baseline_year}
                }
            )


# ---- Annual progress reports ---------------------------------------------------------------------


class ReportCycleQuerySet(models.QuerySet):
    def current(self):
        return self.order_by("-year").first()


class ReportCycle(Translatable, models.Model):
    """One annual reporting round: its template (indicators to pick, questions) and its deadline.

    Its title, and its indicators' and questions' wording, are kept in every language (``translations``):
    a focal point reports through questions in the language they read the platform in.
    """

    translated_fields = ("title",)

    year = models.PositiveSmallIntegerField(_("year reported on"), unique=True, validators=YEAR)
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    is_example = models.BooleanField(_("example"), default=False)

    history = HistoricalRecords()
    objects = ReportCycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("report cycle")
        verbose_name_plural = _("report cycles")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": _("The deadline is before the cycle opens.")})


class CycleIndicator(Translatable, models.Model):
    """Section 1: an indicator a country may choose to report."""

    translated_fields = ("label",)

    cycle = models.ForeignKey(ReportCycle, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("code"), max_length=30)
    label = models.CharField(_("indicator"), max_length=300)

    class Meta:
        ordering = ["cycle", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "code"], name="one_indicator_code_per_cycle")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class CycleQuestion(Translatable, models.Model):
    """Section 2: a narrative question on the roadmap's priorities (wording editable, in every language)."""

    translated_fields = ("text",)

    cycle = models.ForeignKey(ReportCycle, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("question"), max_length=1000)
    required = models.BooleanField(_("an answer is required"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")
    PUBLISHED = "published", _("Published")


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)

    def for_country(self, country):
        return self.filter(country=country)


class Report(models.Model):
    """A country's annual progress report for one cycle."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="reports")
    cycle = models.ForeignKey(ReportCycle, on_delete=models.PROTECT, related_name="reports")
    roadmap = models.ForeignKey(Roadmap, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports")
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("reviewer’s comments"), blank=True, max_length=8000)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    is_example = models.BooleanField(_("example"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Counts the saves: a form carries the version it was loaded with, so a stale write can be refused.
    version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual progress report")
        verbose_name_plural = _("annual progress reports")
        ordering = ["-cycle__year", "country"]
        constraints = [models.UniqueConstraint(fields=["country", "cycle"], name="one_report_per_cycle")]

    def __str__(self) -> str:
        return f"{self.country} — {self.cycle}"

    @property
    def submitted_on_time(self) -> bool | None:
        if self.submitted_at is None:
            return None
        return timezone.localdate(self.submitted_at) <= self.cycle.deadline


class ReportIndicatorValue(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(CycleIndicator, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(_("value"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=YEAR)
    note = models.CharField(_("note"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=0)  # the report's version when this value last changed

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"


class ReportAnswer(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(CycleQuestion, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("answer"), blank=True, max_length=8000)
    version = models.PositiveIntegerField(default=0)  # the report's version when this answer last changed

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.report}: {self.question}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")


class ReportActionStatus(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="action_statuses")
    key_action = models.ForeignKey(KeyAction, on_delete=models.CASCADE, related_name="report_statuses")
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(default=0)  # the report's version when this status last changed

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "key_action"], name="one_status_per_action")]

    def __str__(self) -> str:
        return f"{self.key_action}: {self.get_status_display()}"


class ReportRoadmapIndicatorValue(models.Model):
    """Progress on one of the roadmap's own indicators, as the report gives it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="roadmap_indicator_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="report_values")
    value = models.CharField(_("value"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=YEAR)
    note = models.CharField(_("progress"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(default=0)  # the report's version when this value last changed

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_roadmap_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.value}"


def evidence_upload_path(instance, filename: str) -> str:
    return f"evidence/{instance.report.country.code.code.lower()}/{instance.report.cycle.year}/{Path(filename).name}"


class EvidenceFile(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_upload_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ReminderSent(models.Model):
    """One reminder e-mail, kept so that a reminder is never sent twice."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(ReportCycle, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # "before" or "after" the deadline
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["country", "cycle", "kind"], name="one_reminder_per_kind")]

    def __str__(self) -> str:
        return f"{self.country} {self.cycle} {self.kind}"


# ---- The Accountability Framework ----------------------------------------------------------------


class FrameworkVersion(Translatable, models.Model):
    """One version of the Accountability Framework; its name and its criteria are kept in every language."""

    translated_fields = ("name",)

    name = models.CharField(_("name"), max_length=200)
    adopted_year = models.PositiveSmallIntegerField(_("adopted (year)"), null=True, blank=True, validators=YEAR)
    is_default_text = models.BooleanField(
        _("default text, to be replaced by the official text"),
        default=False,
    )
    is_current = models.BooleanField(_("current"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Accountability Framework version")
        verbose_name_plural = _("Accountability Framework versions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=models.Q(is_current=True), name="one_current")
        ]

    def __str__(self) -> str:
        return self.name


class JudgedBy(models.TextChoices):
    PLATFORM = "platform", _("The platform, from the data")
    REVIEWER = "reviewer", _("A reviewer")


class AutomaticRule(models.TextChoices):
    ROADMAP_CURRENT = "roadmap_current", _("A roadmap is adopted and covers the cycle’s year")
    REPORT_ON_TIME = "report_on_time", _("The annual report was submitted by the deadline")
    COORDINATION = "coordination", _("A national coordination mechanism is recorded")


class Criterion(Translatable, models.Model):
    translated_fields = ("title", "description")

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("criterion"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    judged_by = models.CharField(_("judged by"), max_length=10, choices=JudgedBy.choices)
    rule = models.CharField(_("automatic rule"), max_length=30, choices=AutomaticRule.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["version", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="one_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.judged_by == JudgedBy.PLATFORM and not self.rule:
            raise ValidationError({"rule": _("A criterion the platform judges needs its rule.")})


class Judgement(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_ASSESSABLE = "not_assessable", _("Not assessable")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Assessment(models.Model):
    """A country's standing against the Framework for one cycle."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="assessments")
    cycle = models.ForeignKey(ReportCycle, on_delete=models.PROTECT, related_name="assessments")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_example = models.BooleanField(_("example"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [models.UniqueConstraint(fields=["country", "cycle"], name="one_assessment_per_cycle")]

    def __str__(self) -> str:
        return f"{self.country} — {self.cycle}"


class CriterionResult(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="results")
    suggestion = models.CharField(_("platform’s suggestion"), max_length=20, choices=Judgement.choices, blank=True)
    judgement = models.CharField(_("judgement"), max_length=20, choices=Judgement.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True, max_length=4000)
    comment = models.TextField(_("comment"), blank=True, max_length=4000)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="one_result_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.effective}"

    @property
    def effective(self) -> str:
        return self.judgement or self.suggestion


class PendingJudgement(models.Model):
    """A change to one judgement of a published assessment, waiting for the secretariat to publish it.

    Publishing is the secretariat's (docs/roles.md): the published ``CriterionResult`` stays as it was,
    so the public keeps seeing the published judgement until the secretariat publishes the change.
    """

    result = models.OneToOneField(CriterionResult, on_delete=models.CASCADE, related_name="pending")
    judgement = models.CharField(_("judgement"), max_length=20, choices=Judgement.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True, max_length=4000)
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("judgement waiting for publication")
        verbose_name_plural = _("judgements waiting for publication")

    def __str__(self) -> str:
        return f"{self.result.criterion.code}: {self.judgement}"
