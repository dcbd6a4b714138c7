"""The co-created artwork: banners (a designed mosaic), contributions to their cells, and the log.

Every contribution and every moderation step is appended to ``LogEntry`` with a sequence number,
per banner, in the same transaction as the change, before anyone is told it happened. The wall and
the consoles load a snapshot and follow the log; a client that reconnects asks for what came after
the last number it saw.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from alliance87.network.models import OrganisationKind

from .vocab import DEFAULT_PALETTE, HOLDS_CELL, CueKind, Language, LogKind, Status, ZoneKind

PERSONAL_DATA_DAYS = 30  # the default retention of contributors' first names and hashes


def default_palette() -> list[dict]:
    return [dict(colour) for colour in DEFAULT_PALETTE]


class Banner(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    text = models.CharField(_("text spelled by the letters"), max_length=60, default="10 Years of Alliance 8.7")
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="banners",
        help_text=_("Moderators of this event moderate the banner."),
    )
    is_conference_banner = models.BooleanField(_("the conference's banner"), default=False)
    width_cm = models.PositiveIntegerField(_("width (cm)"), default=300, validators=[MinValueValidator(10)])
    height_cm = models.PositiveIntegerField(_("height (cm)"), default=100, validators=[MinValueValidator(10)])
    columns = models.PositiveSmallIntegerField(
        _("columns"), default=120, validators=[MinValueValidator(4), MaxValueValidator(400)]
    )
    rows = models.PositiveSmallIntegerField(
        _("rows"), default=40, validators=[MinValueValidator(2), MaxValueValidator(200)]
    )
    palette = models.JSONField(_("palette"), default=default_palette)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    cooldown_seconds = models.PositiveIntegerField(_("seconds between two contributions from one phone"), default=60)
    address_limit_per_minute = models.PositiveIntegerField(
        _("contributions per minute from one network address"),
        default=30,
        help_text=_("A conference's Wi-Fi puts many phones behind one address: keep this generous."),
    )
    auto_approve_colour_only = models.BooleanField(_("approve colour-only contributions automatically"), default=True)
    wall_delay_seconds = models.PositiveIntegerField(_("delay before the big screen (seconds)"), default=10)
    frozen = models.BooleanField(_("wall frozen"), default=False)
    personal_data_days = models.PositiveIntegerField(
        _("keep contributors' personal data (days)"),
        default=PERSONAL_DATA_DAYS,
        validators=[MinValueValidator(1)],
        help_text=_(
            "After this many days a contribution's first name and the hashes of its phone and network address "
            "are erased (the mark stays: its cell, colour and approved message). Print the banner before then "
            "if the print should carry the first names."
        ),
    )
    last_seq = models.BigIntegerField(_("last sequence number"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("banner")
        verbose_name_plural = _("banners")
        ordering = ["-is_conference_banner", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_conference_banner"], condition=Q(is_conference_banner=True), name="one_conference_banner"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("artwork:contribute", args=[self.slug])

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The banner must close after it opens.")})
        colours = [entry.get("hex", "") if isinstance(entry, dict) else "" for entry in self.palette or []]
        if not colours or any(not _is_hex(colour) for colour in colours):
            raise ValidationError({"palette": _("The palette needs at least one colour, each as #RRGGBB.")})

    @property
    def colours(self) -> list[str]:
        return [entry["hex"].upper() for entry in self.palette]

    @property
    def cells(self) -> int:
        return self.columns * self.rows

    @property
    def cell_cm(self) -> tuple[float, float]:
        return self.width_cm / self.columns, self.height_cm / self.rows

    def is_open(self, now) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)


def _is_hex(value: str) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 7
        and value[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )


class Zone(models.Model):
    banner = models.ForeignKey(Banner, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=ZoneKind.choices, default=ZoneKind.THEME)
    x = models.PositiveSmallIntegerField(_("first column"))
    y = models.PositiveSmallIntegerField(_("first row"))
    width = models.PositiveSmallIntegerField(_("columns"), validators=[MinValueValidator(1)])
    height = models.PositiveSmallIntegerField(_("rows"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["banner", "y", "x"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.banner_id and (self.x + self.width > self.banner.columns or self.y + self.height > self.banner.rows):
            raise ValidationError(_("The zone reaches outside the banner's grid."))

    def contains(self, x: int, y: int) -> bool:
        return self.x <= x < self.x + self.width and self.y <= y < self.y + self.height


class Contribution(models.Model):
    banner = models.ForeignKey(Banner, on_delete=models.CASCADE, related_name="contributions")
    x = models.PositiveSmallIntegerField(_("column"))
    y = models.PositiveSmallIntegerField(_("row"))
    colour = models.CharField(_("colour"), max_length=7)
    message = models.CharField(_("message"), max_length=80, blank=True)
    drawing = models.JSONField(_("drawing"), default=list, blank=True, help_text=_("Strokes of points, 0 to 1."))
    first_name = models.CharField(_("first name"), max_length=40, blank=True)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=OrganisationKind.choices, blank=True
    )
    country = CountryField(_("country"), blank=True)
    device = models.CharField(_("device"), max_length=64, db_index=True, help_text=_("A hash of the phone's token."))
    address = models.CharField(_("network address"), max_length=64, blank=True, help_text=_("A hash, not the address."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    blocklist_hits = models.JSONField(_("blocklist hits"), default=list, blank=True)
    possible_disclosure = models.BooleanField(_("possible disclosure"), default=False)
    created_at = models.DateTimeField(_("sent at"), db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["banner", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["banner", "x", "y"], condition=Q(status__in=HOLDS_CELL), name="one_live_contribution_per_cell"
            )
        ]
        indexes = [models.Index(fields=["banner", "status"]), models.Index(fields=["banner", "device", "created_at"])]

    def __str__(self) -> str:
        return f"{self.banner} ({self.x}, {self.y})"

    @property
    def is_colour_only(self) -> bool:
        """No text and no drawing: the only kind approved without a moderator. The first name is text like
        any other (it reaches the wall); the kind of organisation and the country are choices, not text."""
        return not self.message and not self.drawing and not self.first_name

    @property
    def texts(self) -> list[str]:
        """Every piece of free text the contributor gave: what screening reads and moderators decide on."""
        return [text for text in (self.message, self.first_name) if text]


class MutedDevice(models.Model):
    """A phone the moderators muted on a banner: its device hash, and the hash of the network address it
    sent from, so that a new device token from the same network is refused too (``services.is_muted``)."""

    banner = models.ForeignKey(Banner, on_delete=models.CASCADE, related_name="muted_devices")
    device = models.CharField(_("device"), max_length=64)
    address = models.CharField(_("network address"), max_length=64, blank=True, help_text=_("A hash, not the address."))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)  # the service's clock, not the row's: see is_muted

    class Meta:
        verbose_name = _("muted device")
        verbose_name_plural = _("muted devices")
        constraints = [models.UniqueConstraint(fields=["banner", "device"], name="mute_once")]
        indexes = [models.Index(fields=["banner", "address"])]

    def __str__(self) -> str:
        return f"{self.banner}: {self.device[:8]}…"


class BlockedTerm(models.Model):
    """A word or phrase held for a moderator wherever it appears, in any of the languages.

    A term belongs to one banner (its moderators keep it) or, without a banner, to the shared starter
    list that only the secretariat keeps; a banner's contributions are screened against both.
    """

    banner = models.ForeignKey(
        Banner,
        verbose_name=_("banner"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="blocked_terms",
        help_text=_("Empty: the shared list every banner uses, kept by the secretariat."),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    term = models.CharField(_("term"), max_length=80)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blocked term")
        verbose_name_plural = _("blocklist")
        ordering = ["language", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["banner", "language", "term"], condition=Q(banner__isnull=False), name="blocked_term_once"
            ),
            models.UniqueConstraint(
                fields=["language", "term"], condition=Q(banner__isnull=True), name="shared_blocked_term_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.language})"

    @property
    def is_shared(self) -> bool:
        return self.banner_id is None


class DisclosureCue(models.Model):
    """A word or phrase that may be someone telling of harm: a contribution that holds one goes to the
    safeguarding focal point instead of the queue (``screening.may_be_disclosure``).

    Matched as whole words, case- and accent-insensitively, in every banner and whatever language the
    contribution is in; a ``*`` at the end of a word stands for any ending ("threaten*"). Kept by the
    safeguarding focal point and the secretariat (``services.cue_save``); a cue is deactivated, never
    deleted, so the record says what was screened for.
    """

    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    phrase = models.CharField(
        _("word or phrase"),
        max_length=120,
        help_text=_(
            "Matched as whole words, whatever the capitals and accents. End a word with * for any ending: "
            "“threaten*” also matches “threatened” and “threatens”."
        ),
    )
    kind = models.CharField(_("what it may be a sign of"), max_length=20, choices=CueKind.choices)
    active = models.BooleanField(_("in use"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("disclosure cue")
        verbose_name_plural = _("disclosure cues")
        ordering = ["language", "kind", "phrase"]
        constraints = [models.UniqueConstraint(fields=["language", "phrase"], name="disclosure_cue_once")]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.language})"


class HelpLine(models.Model):
    """Where a contributor can turn for help, shown on the phone page: for one country, or (no country) for
    everyone. Kept by the safeguarding focal point and the secretariat; none is shipped, since a help line
    must be checked by someone who knows it exists and answers."""

    country = CountryField(
        _("country"), blank=True, help_text=_("Empty: shown to everyone, whatever country they give.")
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    web_address = models.URLField(_("web address"), max_length=300, blank=True)
    languages = models.CharField(
        _("languages spoken"), max_length=200, blank=True, help_text=_("For example: English, French, Arabic.")
    )
    hours = models.CharField(_("hours"), max_length=200, blank=True, help_text=_("For example: every day, 24 hours."))
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    active = models.BooleanField(_("shown on the phone page"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("help line")
        verbose_name_plural = _("help lines")
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.phone.strip() and not self.web_address.strip():
            raise ValidationError({"phone": _("Give a phone number, a web address, or both.")})


class LogEntry(models.Model):
    """One step in a banner's history. ``seq`` counts up from 1 per banner, without gaps."""

    banner = models.ForeignKey(Banner, on_delete=models.CASCADE, related_name="log")
    seq = models.BigIntegerField(_("sequence number"))
    kind = models.CharField(_("kind"), max_length=20, choices=LogKind.choices)
    contribution = models.ForeignKey(
        Contribution, on_delete=models.SET_NULL, null=True, blank=True, related_name="log_entries"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="artwork_steps"
    )
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log")
        ordering = ["banner", "seq"]
        constraints = [models.UniqueConstraint(fields=["banner", "seq"], name="one_entry_per_seq")]

    def __str__(self) -> str:
        return f"{self.banner} #{self.seq} {self.kind}"
