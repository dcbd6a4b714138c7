"""Statistical series for SDG Target 8.7 and their observations, as national SDG platforms and the UN
exchange them.

- ``Series``: what is measured. The SDG global series of indicator 8.7.1 (``SL_TLF_CHLDEA``,
  ``SL_TLF_CHLDEC`` and their counts), the global estimates of child labour, forced labour and modern
  slavery (the platform's own codes, never sent as SDG series), and the national series a country adds.
  Its title and definition are translated.
- ``Dataset``: the observations that came from one file (or one loader), with the source they cite, the
  national definition they follow, whether they are a proxy, and where they stand: ``draft`` (landed,
  seen by the secretariat only) → ``notice`` (the countries' focal points see them and may comment) →
  ``published`` (the public sees them, with the comments beside them) or ``withdrawn``. ``columns`` keeps
  the file's own columns in their order, so an export gives the file back.
- ``Observation``: one value (or an empty one, which Open SDG files carry and the export gives back), its
  year, area (M49, with the country when it is one and the file's sub-national ``GeoCode``), its
  disaggregations coded as the global SDG data structure codes them (SEX, AGE, URBANISATION; ``_T`` for a
  total) and as the file wrote them (``labels``), unit, proxy flag, observation status, nature and note.
- ``IndicatorImport``: one upload on its way in: the file, the validation report (every problem by line and
  column, every inferred value to confirm), then the landing, done in the background with its progress.
- ``CountryNotice``: the notice-and-comment step (after Delta 8.7): before a country's figures are
  published its focal point sees them and may comment; the comment is published beside the figures.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance87.translations import Translatable

TOTAL = "_T"  # the SDMX code of a total (no breakdown), for every disaggregation


class SeriesKind(models.TextChoices):
    SDG = "sdg", _("SDG global series")
    ESTIMATE = "estimate", _("Global estimate")
    NATIONAL = "national", _("National series")


class Unit(models.TextChoices):
    """UNIT_MEASURE codes of the global SDG data structure that Target 8.7's series use."""

    PERCENT = "PT", _("Percent")
    NUMBER = "NUMBER", _("Number")
    THOUSANDS = "THOUSANDS", _("Thousands")  # not an SDG code; the estimates' source tables use it
    MILLIONS = "MILLIONS", _("Millions")


class Sex(models.TextChoices):
    TOTAL = TOTAL, _("Total")
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class Urbanisation(models.TextChoices):
    TOTAL = TOTAL, _("Total")
    URBAN = "U", _("Urban")
    RURAL = "R", _("Rural")


class ObsStatus(models.TextChoices):
    """OBS_STATUS (SDMX code list CL_OBS_STATUS)."""

    NORMAL = "A", _("Normal value")
    ESTIMATED = "E", _("Estimated value")
    PROVISIONAL = "P", _("Provisional value")
    BREAK = "B", _("Time series break")
    MISSING = "M", _("Missing value")


class Nature(models.TextChoices):
    """NATURE (the SDG data structure's code list CL_NATURE)."""

    COUNTRY = "C", _("Country data")
    COUNTRY_ADJUSTED = "CA", _("Country adjusted data")
    ESTIMATED = "E", _("Estimated data")
    MODELLED = "M", _("Modelled data")
    GLOBAL = "G", _("Global monitoring data")
    NOT_RELEVANT = "N", _("Non-relevant")
    UNKNOWN = "_X", _("Not reported")


class Series(Translatable, models.Model):
    translated_fields = ("title", "definition")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("The SDG series code (SL_TLF_CHLDEC) or, for another series, a code of capitals and '_'."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SeriesKind.choices, default=SeriesKind.NATIONAL)
    indicator = models.CharField(_("SDG indicator"), max_length=12, blank=True, help_text=_("For example 8.7.1."))
    title = models.CharField(_("title"), max_length=300)
    definition = models.TextField(_("definition"), max_length=4000, blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, default=Unit.PERCENT)
    country = models.ForeignKey(
        "network.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_series",
        help_text=_("The country whose own series this is (empty for a global series)."),
    )
    custodian = models.CharField(_("custodian or source"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("indicator series")
        verbose_name_plural = _("indicator series")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:series", args=[self.code])


class DatasetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NOTICE = "notice", _("Shown to the countries for comment")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Dataset(models.Model):
    title = models.CharField(_("title"), max_length=300)
    country = models.ForeignKey(
        "network.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_datasets",
        help_text=_("The country whose figures these are; empty for global and regional figures."),
    )
    status = models.CharField(_("status"), max_length=10, choices=DatasetStatus.choices, default=DatasetStatus.DRAFT)
    source = models.CharField(_("source"), max_length=500, help_text=_("Who published the figures, and where."))
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_date = models.DateField(_("date of the source"), null=True, blank=True)
    national_definition = models.TextField(_("national definition"), max_length=4000, blank=True)
    is_proxy = models.BooleanField(
        _("proxy"),
        default=False,
        help_text=_("The figures follow a national measure close to, not the same as, the SDG's."),
    )
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    columns = models.JSONField(_("the file's columns"), default=list, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    labels_language = models.CharField(_("language of the file's labels"), max_length=10, blank=True)
    is_example = models.BooleanField(_("example"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    notice_closes_at = models.DateTimeField(_("comments close"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(_("why it was withdrawn"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "country"])]

    def __str__(self) -> str:
        return self.title


class Observation(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="observations")
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="observations")
    row = models.PositiveIntegerField(_("line in the file"), default=0)
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.CharField(
        _("area (M49)"),
        max_length=3,
        help_text=_("The UN M49 code: 001 the world, 202 Sub-Saharan Africa, 484 Mexico."),
    )
    country = models.ForeignKey(
        "network.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="observations"
    )
    geo_code = models.CharField(_("sub-national area"), max_length=40, blank=True)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=8, null=True, blank=True)
    value_text = models.CharField(
        max_length=40, blank=True, help_text="The value as the file wrote it, so an export gives it back exactly."
    )
    sex = models.CharField(_("sex"), max_length=3, choices=Sex.choices, default=TOTAL)
    age = models.CharField(_("age"), max_length=12, default=TOTAL, help_text=_("SDMX code: _T, Y5T17, Y5T11…"))
    urbanisation = models.CharField(_("area of residence"), max_length=3, choices=Urbanisation.choices, default=TOTAL)
    labels = models.JSONField(
        _("disaggregations as the file wrote them"),
        default=dict,
        blank=True,
        help_text="{column: value} for every column between the year and the value, blank ones included.",
    )
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, default=Unit.PERCENT)
    is_proxy = models.BooleanField(_("proxy"), default=False)
    obs_status = models.CharField(_("observation status"), max_length=2, choices=ObsStatus.choices, default="A")
    nature = models.CharField(_("nature"), max_length=3, choices=Nature.choices, default=Nature.COUNTRY)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["dataset", "row"]
        indexes = [
            models.Index(fields=["series", "area", "year"]),
            models.Index(fields=["country", "series"]),
            models.Index(fields=["dataset", "row"]),
        ]

    def __str__(self) -> str:
        return f"{self.series_id} {self.area} {self.year}: {self.value_text or self.value}"


def import_upload_path(instance, filename: str) -> str:
    return f"indicator-imports/{timezone.now():%Y/%m}/{filename}"


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Checked, waiting for confirmation")
    REFUSED = "refused", _("Refused: the file has problems")
    QUEUED = "queued", _("Waiting to land")
    RUNNING = "running", _("Landing")
    LANDED = "landed", _("Landed")
    FAILED = "failed", _("Failed: nothing was saved")


class IndicatorImport(models.Model):
    """An upload between its check and its landing. ``report`` holds ``{"problems": [{"line", "column",
    "message"}], "inferred": [{"what", "value", "why"}], "summary": {...}}``; the landing needs every
    inferred value confirmed (``confirmed``), and is all or nothing."""

    file = models.FileField(upload_to=import_upload_path, max_length=300)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    country = models.ForeignKey(
        "network.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="indicator_imports"
    )
    series = models.ForeignKey(Series, on_delete=models.PROTECT, null=True, blank=True, related_name="imports")
    options = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)
    confirmed = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW)
    stage = models.CharField(max_length=40, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    dataset = models.OneToOneField(
        Dataset, on_delete=models.SET_NULL, null=True, blank=True, related_name="landed_from"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("indicator import")
        verbose_name_plural = _("indicator imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class NoticeStatus(models.TextChoices):
    OPEN = "open", _("Open for comment")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed without an answer")


class CountryNotice(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="notices")
    country = models.ForeignKey("network.Country", on_delete=models.PROTECT, related_name="indicator_notices")
    status = models.CharField(max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(_("comments close"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    comment_language = models.CharField(_("language of the comment"), max_length=10, blank=True)
    no_comment = models.BooleanField(_("no comment"), default=False)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notice to a country")
        verbose_name_plural = _("notices to countries")
        ordering = ["-opened_at"]
        constraints = [models.UniqueConstraint(fields=["dataset", "country"], name="one_notice_per_country")]

    def __str__(self) -> str:
        return f"{self.dataset} → {self.country}"
