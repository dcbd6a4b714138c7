"""Events: conferences and their side events, their agenda and the people who take part."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance87.translations import Translatable

from .vocab import Confirmation, EventFormat, EventStatus, ItemKind, OrganisationRole, ParticipantRole


def validate_time_zone(value: str) -> None:
    """An IANA time zone name, e.g. Africa/Casablanca."""
    if not value or value not in available_timezones():
        raise ValidationError(
            _("“%(zone)s” is not a known time zone; use an IANA name such as Africa/Casablanca."),
            code="unknown_time_zone",
            params={"zone": value},
        )
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(zone)s” is not a known time zone; use an IANA name such as Africa/Casablanca."),
            code="unknown_time_zone",
            params={"zone": value},
        ) from error


# The years an event may be held in. Far enough either way for any real event (the Alliance began in
# 2016), and close enough that an event's local times, its agenda's derived times and its exports never
# leave what Python's datetime and the databases hold (year 1 at +14:00 is before the year 1 in UTC).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
_EARLIEST = datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)
_LATEST = datetime(LATEST_YEAR + 1, 1, 1, tzinfo=UTC)


def moment_in_range(value: datetime) -> bool:
    """Whether ``value`` lies in the years events may be held in (naive values are read as UTC)."""
    try:
        instant = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except OverflowError:  # year 1 east of UTC, or 9999 west of it: no UTC time exists for it
        return False
    return _EARLIEST <= instant < _LATEST


def validate_event_moment(value: datetime) -> None:
    """A start or end in the years events may be held in: every entry point gets this error, never a 500."""
    if not moment_in_range(value):
        raise ValidationError(
            _("Choose a date between the years %(earliest)s and %(latest)s."),
            code="out_of_range",
            params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def withdrawn(self):
        """Drafts again after being public: their programme's address says so."""
        return self.filter(status=EventStatus.DRAFT, withdrawn_at__isnull=False)


class Event(Translatable, models.Model):
    translated_fields = ("title",)  # in the reader's language on the public pages (alliance87.translations)

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="side_events",
        help_text=_("The conference this event is held at."),
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    background = models.TextField(_("background and rationale"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    expected_outcomes = models.TextField(_("expected outcomes and deliverables"), blank=True)
    session_format = models.TextField(_("session format"), blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    starts_at = models.DateTimeField(_("starts at"), validators=[validate_event_moment])
    ends_at = models.DateTimeField(_("ends at"), validators=[validate_event_moment])
    format = models.CharField(_("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.IN_PERSON)
    audience = models.TextField(_("audience"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    # Set by ``event_publish``: a programme once public keeps its address when withdrawn (printed QR codes
    # point at it), and says since when; one never published stays a 404.
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    is_example = models.BooleanField(_("example"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "title"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:programme", args=[self.slug])

    def clean(self) -> None:
        errors = {}
        # Compared only within the years allowed: the field's own error says what is wrong with the others.
        if (
            self.starts_at
            and self.ends_at
            and moment_in_range(self.starts_at)
            and moment_in_range(self.ends_at)
            and self.ends_at <= self.starts_at
        ):
            errors["ends_at"] = _("The event must end after it starts.")
        if self.parent_id is not None:
            errors.update(self._parent_errors())
        if errors:
            raise ValidationError(errors)

    def _parent_errors(self) -> dict:
        """One level only: a conference and its sessions. So no event is ever its own ancestor."""
        if self.pk is not None and self.parent_id == self.pk:
            return {"parent": _("An event cannot be part of itself.")}
        if self.parent.parent_id is not None:
            return {
                "parent": _("“%(title)s” is part of another event: choose the conference it belongs to.")
                % {"title": self.parent.title}
            }
        if self.pk is not None and self.side_events.exists():
            return {"parent": _("This event has sessions of its own, so it cannot be part of another event.")}
        return {}

    @property
    def is_withdrawn(self) -> bool:
        return self.status == EventStatus.DRAFT and self.withdrawn_at is not None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def slot_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class EventOrganisation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey(
        "network.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="events"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=OrganisationRole.choices, default=OrganisationRole.ORGANISER
    )

    class Meta:
        verbose_name = _("organiser or supporter")
        verbose_name_plural = _("organisers and supporters")
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation", "role"], name="one_organisation_role_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class AgendaItem(Translatable, models.Model):
    translated_fields = ("title", "description")  # the programme's; the organisers' notes stay as written

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=30, choices=ItemKind.choices, default=ItemKind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), validators=[MinValueValidator(1)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="agenda_item_duration_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        help_text=_("Empty for a role in the whole event."),
    )
    person = models.ForeignKey(
        "network.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    is_lead = models.BooleanField(_("leads this item"), default=False)
    printed_title = models.CharField(_("title to print"), max_length=300, blank=True)
    printed_organisation = models.CharField(_("organisation to print"), max_length=200, blank=True)
    confirmation = models.CharField(
        _("confirmation"), max_length=10, choices=Confirmation.choices, default=Confirmation.INVITED
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_consent = models.BooleanField(
        _("agreed to be named in this programme"),
        default=False,
        help_text=_(
            "Recorded by the organiser when this person agreed to be named in the public programme of this "
            "event. Without it (or the person's general consent) the programme shows the role and title only."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["event", "agenda_item__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "agenda_item", "person", "role"], name="one_role_per_person_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.agenda_item_id and self.event_id and self.agenda_item.event_id != self.event_id:
            raise ValidationError({"agenda_item": _("This item belongs to another event.")})

    @property
    def public_name(self) -> str:
        """The name to show publicly: only with the person's consent, general or for this event; else ""."""
        if self.name_consent or self.person.public_consent:
            return self.person.name
        return ""

    @property
    def is_unconfirmed(self) -> bool:
        return self.confirmation in (Confirmation.TBC, Confirmation.INVITED)


class RunState(models.TextChoices):
    READY = "ready", _("Not started")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class RunOfShow(models.Model):
    """The live clock of one event: which segment is on, and since when. Written only by ``events.live``.

    The clock is kept as server timestamps, never as a ticking counter: the time spent in the current
    segment is ``elapsed_before_pause`` plus, while running, now minus ``segment_started_at``. Every
    screen computes the same time left from these, so a reload or a reconnect shows no drift.
    """

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="run_of_show")
    state = models.CharField(_("state"), max_length=10, choices=RunState.choices, default=RunState.READY)
    current_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("current segment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    segment_started_at = models.DateTimeField(
        _("segment clock last started"), null=True, blank=True, help_text=_("Empty while paused.")
    )
    elapsed_before_pause = models.FloatField(_("seconds in the segment before the last pause"), default=0)
    show_started_at = models.DateTimeField(_("show started"), null=True, blank=True)
    show_ended_at = models.DateTimeField(_("show ended"), null=True, blank=True)
    # Seconds each segment was the current one (clock running), by agenda item pk; the current one excluded.
    actual_seconds = models.JSONField(_("actual seconds per segment"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("run-of-show")
        verbose_name_plural = _("runs-of-show")

    def __str__(self) -> str:
        return f"{self.event} ({self.get_state_display()})"
