"""Commitments on the thematic priorities, their deliverables, and the progress reported on them.

- ``Commitment``: a promise made by a lead (an organisation, a Pathfinder Country or an Action Group,
  exactly one) with co-implementers who each confirm (``CoImplementer``). Its title is at most 20 words
  (the 2021 Action Pledges' rule), it serves thematic priorities and conference outcome areas (the Durban
  Call to Action's six), SDG targets and countries, and a country's commitment may point to its roadmap's
  key actions. Its life: draft → submitted → published → completed or closed; the secretariat's review
  applies the SMART checklist (``smart_review``, one verdict and note per letter) and may send it back
  (``changes_requested``). Written in one language (``language``), shown marked with it.
- ``Deliverable``: what will be delivered, measured by an indicator from a baseline to a target by a due
  date. A commitment without one measurable deliverable cannot be submitted.
- ``Resource``: money, in kind or staff that the commitment rests on.
- ``ProgressUpdate`` with ``UpdateEvidence`` (files under the reports' upload rules, and links): what was
  reported, per deliverable or on the whole; the final report on completion is one (``is_final``).
- ``CommitmentRules``: the thresholds of the status light and the reminders, set by the secretariat
  (one row). The light itself is computed (``lights.py``) and kept on the commitment (``light``,
  ``light_computed_at``) so the registry filters on it; the daily command recomputes it.
- ``Takeaway`` and ``Invitation``: from the stage to the registry. An event's takeaways point to
  priorities; an invitation is a link per organisation (or country) to commit, and a commitment made
  through it records it, so the side event's first outcome is counted, not assumed.
- ``PledgeImport``: one import of the 2021 Action Pledges, its file's digest (a file imported twice is
  refused) and what it created.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

TITLE_MAX_WORDS = 20
CONTRIBUTION_MAX_WORDS = 100


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text or ""))


def check_words(value: str, limit: int) -> None:
    count = word_count(value)
    if count > limit:
        raise ValidationError(
            ngettext(
                "At most %(limit)d word; this has %(count)d.",
                "At most %(limit)d words; this has %(count)d.",
                limit,
            )
            % {"limit": limit, "count": count},
            code="too_many_words",
        )


def title_words(value: str) -> None:
    check_words(value, TITLE_MAX_WORDS)


def contribution_words(value: str) -> None:
    check_words(value, CONTRIBUTION_MAX_WORDS)


SDG_TARGET = re.compile(r"^\d{1,2}\.[0-9a-z]{1,2}$")


def validate_sdg_targets(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and SDG_TARGET.match(v) for v in value):
        raise ValidationError(_("SDG targets are written like 8.7 or 16.2, separated by commas."), code="sdg_target")


class MakerKind(models.TextChoices):
    ORGANISATION = "organisation", _("Partner organisation")
    COUNTRY = "country", _("Pathfinder Country")
    ACTION_GROUP = "action_group", _("Action Group")


class CommitmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")


# Statuses the public sees (with visibility public).
PUBLIC_STATUSES = (CommitmentStatus.PUBLISHED, CommitmentStatus.COMPLETED, CommitmentStatus.CLOSED)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: in the registry for everyone")
    PARTNERS = "partners", _("Alliance 8.7 only: signed-in partners and countries")


class Light(models.TextChoices):
    """The reporting status light, after the UN Partnerships for SDGs registry."""

    NONE = "", _("Not yet published")
    GREEN = "green", _("Reported within the year")
    YELLOW = "yellow", _("A report is due")
    RED = "red", _("Report overdue")
    INACTIVE = "inactive", _("Inactive: no report for too long")
    DONE = "done", _("Completed")
    CLOSED = "closed", _("Closed")


class SmartLetter(models.TextChoices):
    SPECIFIC = "S", _("Specific")
    MEASURABLE = "M", _("Measurable")
    ACHIEVABLE = "A", _("Achievable")
    RESOURCE_BASED = "R", _("Resource-based")
    TIME_BASED = "T", _("Time-based")


class CommitmentQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: published, completed or closed, and public."""
        return self.filter(status__in=PUBLIC_STATUSES, visibility=Visibility.PUBLIC)

    def visible_to_partners(self):
        return self.filter(status__in=PUBLIC_STATUSES)

    def of_organisation(self, organisation):
        return self.filter(Q(lead_organisation=organisation) | Q(co_implementers__organisation=organisation)).distinct()

    def of_country(self, country):
        """Made by the country, or about it (in its countries)."""
        return self.filter(Q(lead_country=country) | Q(countries=country)).distinct()


class Commitment(models.Model):
    title = models.CharField(_("title"), max_length=300, validators=[title_words], help_text=_("At most 20 words."))
    description = models.TextField(
        _("what will be done, and how"), max_length=8000, help_text=_("How the commitment will be implemented.")
    )
    contribution = models.TextField(
        _("how it helps end child labour, forced labour, modern slavery and human trafficking"),
        max_length=2000,
        blank=True,
        validators=[contribution_words],
        help_text=_("At most 100 words."),
    )
    communication = models.TextField(_("how it will be communicated"), max_length=2000, blank=True)
    language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES, default="en")

    maker_kind = models.CharField(_("made by"), max_length=20, choices=MakerKind.choices)
    lead_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_commitments",
    )
    lead_country = models.ForeignKey(
        "network.Country",
        verbose_name=_("lead country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_commitments",
    )
    lead_action_group = models.ForeignKey(
        "network.ActionGroup",
        verbose_name=_("lead Action Group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_commitments",
    )
    focal_point = models.CharField(
        _("focal point"), max_length=200, blank=True, help_text=_("Who answers for the commitment (shown publicly).")
    )
    focal_point_email = models.EmailField(_("focal point’s e-mail (never shown publicly)"), blank=True)

    priorities = models.ManyToManyField(
        "engagement.Priority", verbose_name=_("thematic priorities"), blank=True, related_name="commitments"
    )
    outcome_areas = models.ManyToManyField(
        "engagement.OutcomeArea", verbose_name=_("conference outcome areas"), blank=True, related_name="commitments"
    )
    sdg_targets = models.JSONField(
        _("SDG targets"),
        default=list,
        blank=True,
        validators=[validate_sdg_targets],
        help_text=_("For example 8.7, 16.2."),
    )
    countries = models.ManyToManyField(
        "network.Country", verbose_name=_("countries"), blank=True, related_name="commitments"
    )
    action_groups = models.ManyToManyField(
        "network.ActionGroup", verbose_name=_("Action Groups"), blank=True, related_name="commitments"
    )
    key_actions = models.ManyToManyField(
        "pathfinders.KeyAction", verbose_name=_("roadmap key actions"), blank=True, related_name="commitments"
    )

    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)

    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.DRAFT
    )
    # {"S": {"ok": true, "note": "…"}, "M": {...}, ...}: the secretariat's verdict per SMART letter.
    smart_review = models.JSONField(_("SMART review"), default=dict, blank=True)
    review_comment = models.TextField(_("reviewer’s comments"), blank=True, max_length=8000)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_reason = models.CharField(_("why it was closed"), max_length=1000, blank=True)

    light = models.CharField(_("reporting status"), max_length=10, choices=Light.choices, blank=True, default="")
    light_computed_at = models.DateTimeField(null=True, blank=True)
    last_reported_at = models.DateTimeField(_("last reported"), null=True, blank=True)

    # From the stage to the registry, and from the 2021 Action Pledges.
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("made at event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
    )
    invitation = models.ForeignKey(
        "commitments.Invitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments"
    )
    pledge_import = models.ForeignKey(
        "commitments.PledgeImport", on_delete=models.PROTECT, null=True, blank=True, related_name="commitments"
    )
    pledge_reference = models.CharField(_("pledge reference"), max_length=100, blank=True)

    is_example = models.BooleanField(_("example"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["light", "light_computed_at"])
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-published_at", "-created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "visibility", "light"]),
            models.Index(fields=["maker_kind", "status"]),
            models.Index(fields=["-published_at", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="commitment_one_lead",
                condition=(
                    Q(
                        maker_kind="organisation",
                        lead_organisation__isnull=False,
                        lead_country__isnull=True,
                        lead_action_group__isnull=True,
                    )
                    | Q(
                        maker_kind="country",
                        lead_country__isnull=False,
                        lead_organisation__isnull=True,
                        lead_action_group__isnull=True,
                    )
                    | Q(
                        maker_kind="action_group",
                        lead_action_group__isnull=False,
                        lead_organisation__isnull=True,
                        lead_country__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["pledge_reference"], condition=~Q(pledge_reference=""), name="commitment_pledge_reference_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commitments:commitment", args=[self.pk])

    @property
    def lead(self):
        """The organisation, country or Action Group that leads it."""
        return self.lead_organisation or self.lead_country or self.lead_action_group

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end (%(end)s) comes before the start (%(start)s).") % {
                "end": self.ends_on.isoformat(),
                "start": self.starts_on.isoformat(),
            }
        lead_field = {
            MakerKind.ORGANISATION: "lead_organisation",
            MakerKind.COUNTRY: "lead_country",
            MakerKind.ACTION_GROUP: "lead_action_group",
        }.get(self.maker_kind)
        if lead_field and getattr(self, f"{lead_field}_id") is None:
            errors[lead_field] = _("Choose who leads the commitment.")
        for other in {"lead_organisation", "lead_country", "lead_action_group"} - {lead_field}:
            if getattr(self, f"{other}_id") is not None:
                errors[other] = _("A commitment has one lead: an organisation, a country or an Action Group.")
        if errors:
            raise ValidationError(errors)


class CoImplementer(models.Model):
    """Another organisation, country or Action Group that implements the commitment with its lead. It shows
    publicly only once someone who holds a role for it has confirmed."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="co_implementers")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="co_commitments"
    )
    country = models.ForeignKey(
        "network.Country", on_delete=models.CASCADE, null=True, blank=True, related_name="co_commitments"
    )
    action_group = models.ForeignKey(
        "network.ActionGroup", on_delete=models.CASCADE, null=True, blank=True, related_name="co_commitments"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-implementer")
        verbose_name_plural = _("co-implementers")
        constraints = [
            models.CheckConstraint(
                name="co_implementer_one_party",
                condition=(
                    Q(organisation__isnull=False, country__isnull=True, action_group__isnull=True)
                    | Q(organisation__isnull=True, country__isnull=False, action_group__isnull=True)
                    | Q(organisation__isnull=True, country__isnull=True, action_group__isnull=False)
                ),
            ),
            models.UniqueConstraint(fields=["commitment", "organisation"], name="co_implementer_organisation_once"),
            models.UniqueConstraint(fields=["commitment", "country"], name="co_implementer_country_once"),
            models.UniqueConstraint(fields=["commitment", "action_group"], name="co_implementer_group_once"),
        ]

    def __str__(self) -> str:
        return str(self.party)

    @property
    def party(self):
        return self.organisation or self.country or self.action_group


class Deliverable(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="deliverables")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("deliverable"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True, help_text=_("What will be counted."))
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=3, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=3, null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # The latest reported value and progress, kept from the updates so the registry reads them without a join.
    current_value = models.DecimalField(_("latest value"), max_digits=16, decimal_places=3, null=True, blank=True)
    progress = models.CharField(_("progress"), max_length=20, blank=True, default="")
    achieved_at = models.DateTimeField(_("achieved at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["commitment", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_measurable(self) -> bool:
        return bool(self.indicator.strip()) and self.target is not None


class ResourceKind(models.TextChoices):
    MONEY = "money", _("Money")
    IN_KIND = "in_kind", _("In kind")
    STAFF = "staff", _("Staff")


class Resource(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    description = models.CharField(_("description"), max_length=500)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. USD."))
    staff_count = models.DecimalField(
        _("staff (full-time equivalents)"), max_digits=8, decimal_places=1, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["commitment", "pk"]

    def __str__(self) -> str:
        return self.description


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class ProgressUpdate(models.Model):
    """What was reported. ``deliverable`` is None for an update on the whole commitment; ``is_final`` marks
    the final report that completes it."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, null=True, blank=True, related_name="updates"
    )
    progress = models.CharField(_("progress"), max_length=20, choices=Progress.choices)
    value = models.DecimalField(_("value reached"), max_digits=16, decimal_places=3, null=True, blank=True)
    text = models.TextField(_("what happened"), max_length=8000)
    language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES, default="en")
    is_final = models.BooleanField(_("final report"), default=False)
    share_as_story = models.BooleanField(
        _("share this journey as a story"), default=False, help_text=_("Offer it to the exchange of experiences.")
    )
    reported_at = models.DateTimeField(default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["commitment", "-reported_at"])]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.get_progress_display()}"


def update_evidence_path(instance, filename: str) -> str:
    return f"commitments/{instance.update.commitment_id}/{filename}"


class UpdateEvidence(models.Model):
    """A file (under the reports' upload rules) or a link backing an update: exactly one of the two."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=update_evidence_path, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                name="update_evidence_file_or_link",
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
            )
        ]

    def __str__(self) -> str:
        return self.title or self.original_name or self.url


class CommitmentRules(models.Model):
    """The status light's thresholds and the reminders' timing, as the secretariat sets them (one row;
    ``CommitmentRules.current()``). Defaults follow the UN Partnerships for SDGs registry."""

    green_days = models.PositiveSmallIntegerField(
        _("green while the last report is at most this many days old"), default=365
    )
    red_days = models.PositiveSmallIntegerField(_("red once the last report is this many days old"), default=730)
    inactive_days = models.PositiveSmallIntegerField(
        _("inactive once the last report is this many days old"), default=1095
    )
    remind_before_days = models.PositiveSmallIntegerField(
        _("remind this many days before a report falls due"), default=30
    )
    remind_after_days = models.PositiveSmallIntegerField(_("remind again this many days after it fell due"), default=14)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status light rules")
        verbose_name_plural = _("status light rules")

    def __str__(self) -> str:
        return str(_("Status light rules"))

    def clean(self):
        if not (0 < self.green_days < self.red_days <= self.inactive_days):
            raise ValidationError(
                {"red_days": _("The days must grow: green, then red, then inactive (e.g. 365, 730, 1095).")}
            )

    @classmethod
    def current(cls) -> "CommitmentRules":
        rules = cls.objects.order_by("pk").first()
        return rules or cls.objects.create()


class ReminderSent(models.Model):
    """One reminder sent for a commitment, so the daily command sends each once (``kind`` is "before" or
    "after", ``due_on`` the report's due date it was about)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10)
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "kind", "due_on"], name="commitment_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.kind} {self.due_on}"


class Takeaway(models.Model):
    """A takeaway of an event's conversation, linked by its organiser to the priorities it bears on."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="takeaways")
    agenda_item = models.ForeignKey(
        "events.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="takeaways"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("takeaway"), max_length=2000)
    language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES, default="en")
    priorities = models.ManyToManyField(
        "engagement.Priority", verbose_name=_("thematic priorities"), blank=True, related_name="takeaways"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["priorities"])

    class Meta:
        verbose_name = _("takeaway")
        verbose_name_plural = _("takeaways")
        ordering = ["event", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Invitation(models.Model):
    """An invitation to commit, from an event, for one organisation or country: a link with a secret token
    (stored as its SHA-256), which opens the commitment form for that maker and records the commitment as
    coming from the event."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="commitment_invitations")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="commitment_invitations"
    )
    country = models.ForeignKey(
        "network.Country", on_delete=models.CASCADE, null=True, blank=True, related_name="commitment_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    priorities = models.ManyToManyField("engagement.Priority", blank=True, related_name="commitment_invitations")
    message = models.TextField(_("message"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to commit")
        verbose_name_plural = _("invitations to commit")
        constraints = [
            models.CheckConstraint(
                name="invitation_one_maker",
                condition=Q(organisation__isnull=False, country__isnull=True)
                | Q(organisation__isnull=True, country__isnull=False),
            ),
            models.UniqueConstraint(fields=["event", "organisation"], name="invitation_organisation_once"),
            models.UniqueConstraint(fields=["event", "country"], name="invitation_country_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.maker}"

    @property
    def maker(self):
        return self.organisation or self.country


class PledgeImport(models.Model):
    """One import of the 2021 Action Pledges (CSV or XLSX). ``sha256`` refuses the same file twice."""

    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)  # what was inferred and what was ignored, for the record
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Action Pledges import")
        verbose_name_plural = _("Action Pledges imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.original_name
