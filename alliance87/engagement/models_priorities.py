"""Thematic priorities and the evidence behind them (imported by ``models``).

- ``OutcomeDocument`` and ``OutcomeArea``: what a conference adopted, as the secretariat enters it (the
  Durban Call to Action and its six areas; the Marrakech Global Framework for Action). A priority may
  rest on an outcome's area as well as on consultation themes.
- ``Priority``: a thematic priority, its title and summary in every language, published by the
  secretariat from reviewed themes (``themes``) and outcome areas (``outcome_areas``). Its public page
  traces it to that evidence: the themes, their counts, the quotes of people who agreed to be quoted
  (never a possible disclosure, never a survivor without explicit consent), and, once issue 16 lands, the
  commitments that point to it. A draft is seen by the secretariat only.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance87.translations import Translatable

__all__ = ["OutcomeDocument", "OutcomeArea", "PriorityStatus", "PriorityQuerySet", "Priority"]


class OutcomeDocument(Translatable, models.Model):
    translated_fields = ("title", "description")

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    conference = models.CharField(_("conference"), max_length=200, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    url = models.URLField(_("address of the text"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("conference outcome")
        verbose_name_plural = _("conference outcomes")
        ordering = ["-adopted_on", "title"]

    def __str__(self) -> str:
        return self.title


class OutcomeArea(Translatable, models.Model):
    translated_fields = ("title", "text")

    document = models.ForeignKey(OutcomeDocument, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("outcome area")
        verbose_name_plural = _("outcome areas")
        ordering = ["document", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="outcome_area_number_once")]

    def __str__(self) -> str:
        return f"{self.document}: {self.number}. {self.title}"


class PriorityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PriorityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PriorityStatus.PUBLISHED)


class Priority(Translatable, models.Model):
    translated_fields = ("title", "summary")

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=PriorityStatus.choices, default=PriorityStatus.DRAFT)
    themes = models.ManyToManyField("engagement.Theme", verbose_name=_("themes"), blank=True, related_name="priorities")
    outcome_areas = models.ManyToManyField(
        OutcomeArea, verbose_name=_("conference outcome areas"), blank=True, related_name="priorities"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["themes", "outcome_areas"])
    objects = PriorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("thematic priority")
        verbose_name_plural = _("thematic priorities")
        ordering = ["position", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:priority", args=[self.slug])
