"""The exchange of collaborative experiences: what worked, told so others can copy it.

- ``Experience``: a good practice or a story (title, summary, context, what was done, with whom, results,
  lessons), about countries, an Action Group, thematic priorities and commitments, written in one language.
  draft → submitted → published; a published one may be withdrawn (kept, off the public pages). One made
  from a commitment's progress update ("share your journey") records it (``from_update``).
- A story of a person with lived experience (``lived_experience``) follows survivor-informed practice: it
  is anonymous by default; the teller is named only when their consent is recorded (``teller_named`` with
  ``consent_recorded_at`` and how it was given); the teller may withdraw it at any time, and a withdrawn
  story leaves every public page, the search and the API at once.
- ``ExperienceMedia``: a photo or a document; one that shows people is published only with the recorded
  consent of the people shown.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ExperienceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ExperienceKind(models.TextChoices):
    PRACTICE = "practice", _("Good practice")
    STORY = "story", _("Story")


class ExperienceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ExperienceStatus.PUBLISHED)


class Experience(models.Model):
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ExperienceKind.choices, default=ExperienceKind.PRACTICE)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    context = models.TextField(_("context"), max_length=4000, blank=True)
    what_was_done = models.TextField(_("what was done"), max_length=8000, blank=True)
    with_whom = models.TextField(_("with whom"), max_length=2000, blank=True)
    results = models.TextField(_("results"), max_length=4000, blank=True)
    lessons = models.TextField(_("lessons learned"), max_length=4000, blank=True)
    language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES, default="en")

    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("shared by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiences",
    )
    countries = models.ManyToManyField(
        "network.Country", verbose_name=_("countries"), blank=True, related_name="experiences"
    )
    action_group = models.ForeignKey(
        "network.ActionGroup",
        verbose_name=_("Action Group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiences",
    )
    priorities = models.ManyToManyField(
        "engagement.Priority", verbose_name=_("thematic priorities"), blank=True, related_name="experiences"
    )
    commitments = models.ManyToManyField(
        "commitments.Commitment", verbose_name=_("commitments"), blank=True, related_name="experiences"
    )
    from_update = models.ForeignKey(
        "commitments.ProgressUpdate",
        verbose_name=_("from the progress update"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
    )

    # Survivor-informed: anonymous unless consent to be named is recorded.
    lived_experience = models.BooleanField(_("told by a person with lived experience"), default=False)
    teller_named = models.BooleanField(_("the teller is named"), default=False)
    teller_name = models.CharField(_("teller’s name"), max_length=200, blank=True)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_note = models.CharField(_("how consent was given"), max_length=500, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    status = models.CharField(
        _("status"), max_length=20, choices=ExperienceStatus.choices, default=ExperienceStatus.DRAFT
    )
    review_comment = models.TextField(_("reviewer’s comments"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("why it was withdrawn"), max_length=500, blank=True)

    is_example = models.BooleanField(_("example"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["countries", "priorities", "commitments"])
    objects = ExperienceQuerySet.as_manager()

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        ordering = ["-published_at", "-created_at", "pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchange:experience", args=[self.slug])

    def clean(self):
        errors = {}
        if self.teller_named:
            if not self.teller_name.strip():
                errors["teller_name"] = _("Give the teller’s name, or leave the story anonymous.")
            if not self.consent_recorded_at:
                errors["teller_named"] = _("A teller is named only once their consent is recorded.")
        if errors:
            raise ValidationError(errors)

    @property
    def public_teller(self) -> str:
        """The teller's name as the public may read it: empty unless named with recorded consent."""
        if self.teller_named and self.consent_recorded_at and self.teller_name:
            return self.teller_name
        return ""


def media_path(instance, filename: str) -> str:
    return f"exchange/{instance.experience_id}/{filename}"


class ExperienceMedia(models.Model):
    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="media")
    file = models.FileField(upload_to=media_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("description for people who cannot see it"), max_length=500, blank=True)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    shows_people = models.BooleanField(_("shows people"), default=False)
    people_consent_recorded_at = models.DateTimeField(
        _("consent of the people shown recorded at"), null=True, blank=True
    )
    people_consent_note = models.CharField(_("how the people shown consented"), max_length=500, blank=True)
    people_consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent of the people shown recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("picture or document")
        verbose_name_plural = _("pictures and documents")
        ordering = ["experience", "pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name

    @property
    def may_be_shown(self) -> bool:
        """Shown publicly only when it shows nobody, or the consent of the people shown is recorded."""
        return not self.shows_people or self.people_consent_recorded_at is not None
