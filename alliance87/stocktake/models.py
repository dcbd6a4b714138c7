"""The ten-year stocktake's one stored thing: the generated ten-year report (a PDF per language), built in
the background with its progress on its row. The stocktake page and the country profiles are computed
from the other apps' data on each (cached) request, never stored.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def report_upload_path(instance, filename: str) -> str:
    return f"ten-year-report/{instance.language}/{filename}"


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class TenYearReport(models.Model):
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED)
    stage = models.CharField(max_length=60, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=report_upload_path, max_length=300, blank=True)
    pages = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    data_as_of = models.DateTimeField(null=True, blank=True, help_text="When the data it was built from was read.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ten-year report")
        verbose_name_plural = _("ten-year reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Ten-year report ({self.language}, {self.get_status_display()})"
