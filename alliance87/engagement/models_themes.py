"""Themes found in a consultation's answers, and their review (imported by ``models``).

- ``ThemeRun``: one synthesis of one consultation's text answers (one question, or every text question).
  It is a row before it is work: queued, running (its ``stage``, ``done`` and ``total`` are the progress a
  page shows; ``heartbeat_at`` tells a live run from one whose process died), done or failed. It records
  the encoder and its version, the number of themes asked for and chosen, so a run can be told apart
  from another and repeated: same answers, same encoder, same themes.
- ``Theme``: a label and description in every language (``Translatable``), key terms (overall and per
  language), a stance where the question asks for a view (agreement and disagreement are kept apart),
  quotes (answer ids, with the ids of near-parallel answers in other languages as their translations),
  and who raised it (``breakdown``, recomputed after every review step). ``origin`` says whether the
  machine made it or a reviewer did (a split's new theme, say); ``status`` whether it stands, was merged
  into another (``merged_into``) or discarded.
- ``ThemeAssignment``: one answer in one theme, primary or secondary (an answer that raises two themes
  counts in both), with ``source``: the machine's, or a reviewer's (``assigned_by``). A reviewer's move
  never erases the machine's row: it is marked ``superseded`` and the human row stands beside it, so what
  the machine proposed and what people decided stay distinct.
- ``ThemeEvent``: the review's log, one row per step (merge, split, rename, discard, restore, move,
  mark reviewed), with who and when; nothing a reviewer does goes unrecorded.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alliance87.translations import Translatable

__all__ = [
    "ThemeRunStatus",
    "ThemeRun",
    "ThemeStance",
    "ThemeOrigin",
    "ThemeStatus",
    "Theme",
    "AssignmentSource",
    "ThemeAssignment",
    "ThemeAction",
    "ThemeEvent",
]


class ThemeRunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ThemeRun(models.Model):
    consultation = models.ForeignKey("engagement.Consultation", on_delete=models.CASCADE, related_name="theme_runs")
    question = models.ForeignKey(
        "engagement.Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="theme_runs",
        help_text=_("None: every text question of the consultation."),
    )
    status = models.CharField(_("status"), max_length=10, choices=ThemeRunStatus.choices, default=ThemeRunStatus.QUEUED)
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    encoder = models.CharField(_("encoder"), max_length=100, blank=True)
    encoder_version = models.CharField(_("encoder version"), max_length=100, blank=True)
    themes_asked = models.PositiveSmallIntegerField(_("number of themes asked for"), null=True, blank=True)
    themes_chosen = models.PositiveSmallIntegerField(_("number of themes chosen"), null=True, blank=True)
    answer_count = models.PositiveIntegerField(_("answers read"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(_("review finished at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("theme run")
        verbose_name_plural = _("theme runs")
        ordering = ["consultation", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.consultation} run #{self.pk}"


class ThemeStance(models.TextChoices):
    NONE = "", _("No view asked")
    AGREE = "agree", _("Agreement")
    DISAGREE = "disagree", _("Disagreement")


class ThemeOrigin(models.TextChoices):
    MACHINE = "machine", _("Found by the synthesis")
    HUMAN = "human", _("Made by a reviewer")


class ThemeStatus(models.TextChoices):
    ACTIVE = "active", _("Standing")
    MERGED = "merged", _("Merged")
    DISCARDED = "discarded", _("Discarded")


class Theme(Translatable, models.Model):
    translated_fields = ("label", "description")

    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="themes")
    key = models.CharField(max_length=40)  # the engine's key, or "h<n>" for a reviewer's theme
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("label"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    terms = models.JSONField(_("key terms"), default=list, blank=True)
    terms_by_language = models.JSONField(default=dict, blank=True)
    stance = models.CharField(_("stance"), max_length=10, choices=ThemeStance.choices, blank=True, default="")
    # [{"answer": <Answer pk>, "language": "fr", "translations": {"en": <Answer pk>, ...}}, ...]
    quotes = models.JSONField(_("quotes"), default=list, blank=True)
    # {"stakeholder_group": [{"value", "count", "share", "role"}], "region": [...], "language": [...]}
    breakdown = models.JSONField(default=dict, blank=True)
    answer_count = models.PositiveIntegerField(_("answers"), default=0)
    origin = models.CharField(max_length=10, choices=ThemeOrigin.choices, default=ThemeOrigin.MACHINE)
    status = models.CharField(_("status"), max_length=10, choices=ThemeStatus.choices, default=ThemeStatus.ACTIVE)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    renamed = models.BooleanField(default=False)  # a reviewer wrote its label: a re-description keeps it
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["run", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="theme_key_once_per_run")]

    def __str__(self) -> str:
        return self.label


class AssignmentSource(models.TextChoices):
    MACHINE = "machine", _("The synthesis")
    HUMAN = "human", _("A reviewer")


class ThemeAssignment(models.Model):
    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="assignments")
    answer = models.ForeignKey("engagement.Answer", on_delete=models.CASCADE, related_name="theme_assignments")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="assignments")
    is_primary = models.BooleanField(default=True)
    source = models.CharField(max_length=10, choices=AssignmentSource.choices, default=AssignmentSource.MACHINE)
    superseded = models.BooleanField(default=False)  # a reviewer moved the answer elsewhere
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("theme assignment")
        verbose_name_plural = _("theme assignments")
        ordering = ["run", "theme", "pk"]
        indexes = [
            models.Index(fields=["theme", "superseded", "is_primary"], name="assignment_theme_live"),
            models.Index(fields=["run", "answer"], name="assignment_run_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} → {self.theme_id} ({self.source})"


class ThemeAction(models.TextChoices):
    RUN = "run", _("Synthesis run")
    RENAME = "rename", _("Renamed")
    MERGE = "merge", _("Merged")
    SPLIT = "split", _("Split")
    DISCARD = "discard", _("Discarded")
    RESTORE = "restore", _("Restored")
    MOVE = "move", _("Answer moved")
    REVIEWED = "reviewed", _("Review finished")


class ThemeEvent(models.Model):
    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="events")
    theme = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    action = models.CharField(max_length=10, choices=ThemeAction.choices)
    detail = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["run", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"
