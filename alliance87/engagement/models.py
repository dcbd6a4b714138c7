"""Consultations and their answers: the data model every part of ``engagement`` builds on.

- ``Consultation``: what the secretariat asks, of whom (stakeholder groups, regions, invited
  organisations or people), when (``opens_at``/``closes_at``, UTC), in which languages, and whether
  answers are anonymous. Its title and description are content in every language (``Translatable``).
  ``team`` are the people, beside the secretariat, who may read its raw answers.
- ``Question`` (text, single or multiple choice, scale, ranking, yes/no) with its label and hint in every
  language, and ``Choice`` (a stable ``value``, a label in every language). ``Question.name`` is the
  XLSForm ``name`` and ``Choice.value`` the XLSForm choice ``name``, so a form goes out and comes back
  with the same keys. ``asks_view`` marks a question asking for a view, whose answers the synthesis
  splits into agreement and disagreement.
- ``Invitation``: one organisation, person or e-mail address invited; the link's token is kept only as
  its SHA-256 (``token_hash``), so a copy of the database opens no one's answers. ``used_at`` is set on
  submission, and the token answers nothing after that (no replay).
- ``Response``: one person's answers, a draft until submitted. Who answered is only what the form may
  know: the invitation (and its organisation), or, when the consultation is anonymous, nothing but the
  stakeholder group and region the person chose. No e-mail, IP address or device is stored on a response
  (an anonymous draft is resumed through a random key in its link, kept as a hash, tied to nothing else).
  ``version`` goes up with each save: a save from a stale page is refused, never overwrites. Imports
  (XLSForm answers, KoboToolbox/ODK exports) carry ``source``, ``external_uuid`` and
  ``external_submitted_at``; the uuid is unique per consultation, so a second import adds nothing.
- ``Answer``: one question's answer: ``text``, ``choices`` (values, in order), ``number`` (a scale) or
  ``ranking`` (values, first first), by the question's kind. ``may_be_disclosure`` is set when the text
  matches a safeguarding cue (the artwork's ``DisclosureCue``, every language): such an answer goes to the
  safeguarding focal point and is never quoted, whatever consent was given.

Raw answers are read only by the consultation's team (``rules.py``); nothing here is public.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from alliance87.network.models import IloRegion, OrganisationKind
from alliance87.translations import Translatable

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)  # en, fr, es, ar
ANSWER_MAX_CHARS = 10_000
TOKEN_HASH_LENGTH = 64  # hex SHA-256


class ConsultationKind(models.TextChoices):
    SURVEY = "survey", _("Survey")
    REGIONAL = "regional", _("Regional consultation")
    STAKEHOLDER = "stakeholder", _("Stakeholder consultation")
    COUNTRY_EXCHANGE = "country_exchange", _("Country exchange")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("consultation status", "Open")
    CLOSED = "closed", _("Closed")


@deconstructible
class SubsetOf:
    """A JSON list whose every item is one of ``allowed`` (a list of languages, regions, groups)."""

    def __init__(self, allowed, message):
        self.allowed = list(allowed)
        self.message = message

    def __call__(self, values) -> None:
        if not isinstance(values, list) or any(value not in self.allowed for value in values):
            raise ValidationError(self.message, params={"allowed": ", ".join(self.allowed)})

    def __eq__(self, other) -> bool:
        return isinstance(other, SubsetOf) and (self.allowed, self.message) == (other.allowed, other.message)

    def __hash__(self) -> int:
        return hash(tuple(self.allowed))


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        """Consultations whose page is public: opened at least once (open or closed), never drafts."""
        return self.exclude(status=ConsultationStatus.DRAFT)


class Consultation(Translatable, models.Model):
    """A survey or consultation the secretariat runs; see the module's docstring."""

    translated_fields = ("title", "description")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    kind = models.CharField(_("kind"), max_length=20, choices=ConsultationKind.choices)
    stakeholder_groups = models.JSONField(
        _("stakeholder groups asked"),
        default=list,
        blank=True,
        validators=[
            SubsetOf([k for k, _n in OrganisationKind.choices], _("Stakeholder groups must be among: %(allowed)s."))
        ],
        help_text=_("None chosen: every group."),
    )
    regions = models.JSONField(
        _("regions asked"),
        default=list,
        blank=True,
        validators=[SubsetOf([k for k, _n in IloRegion.choices], _("Regions must be among: %(allowed)s."))],
        help_text=_("None chosen: every region."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[SubsetOf(list(LANGUAGE_CODES), _("Languages must be among: %(allowed)s."))],
    )
    is_anonymous = models.BooleanField(
        _("anonymous answers"),
        default=False,
        help_text=_("Anyone with the public link may answer; no e-mail, IP address or device is kept."),
    )
    asks_lived_experience = models.BooleanField(
        _("asks whether the person has lived experience"),
        default=False,
        help_text=_("Survivors’ answers are never quoted without their explicit consent."),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team"),
        blank=True,
        related_name="consultation_teams",
        help_text=_("Beside the secretariat, who may read the raw answers."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if not self.languages:
            errors["languages"] = _("Choose at least one language.")
        elif "en" not in self.languages:
            # English is the source of every translated text (translations.py): the form's fallback.
            errors["languages"] = _("English must be one of the languages: it is the text every other falls back on.")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("It closes before it opens: give a closing time after the opening.")
        if errors:
            raise ValidationError(errors)

    def is_accepting(self, now=None) -> bool:
        """Open, and within its dates (a missing date does not bound it)."""
        now = now or timezone.now()
        return (
            self.status == ConsultationStatus.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    SCALE = "scale", _("Scale")
    RANKING = "ranking", _("Ranking")
    YES_NO = "yes_no", _("Yes or no")


WITH_CHOICES = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING)
YES_NO_VALUES = ("yes", "no")


class Question(Translatable, models.Model):
    translated_fields = ("label", "hint")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.SlugField(
        _("name"), max_length=60, help_text=_("Its key in exports and XLSForms: letters, digits, - and _.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=500)
    hint = models.CharField(_("hint"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    asks_view = models.BooleanField(
        _("asks for a view"),
        default=False,
        help_text=_("Agreement and disagreement with it are kept apart when answers are grouped into themes."),
    )
    scale_min = models.SmallIntegerField(
        _("scale from"), default=1, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    scale_max = models.SmallIntegerField(
        _("scale to"), default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["consultation", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["consultation", "name"], name="question_name_unique")]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.kind == QuestionKind.SCALE and self.scale_max <= self.scale_min:
            raise ValidationError({"scale_max": _("The scale must end above where it starts.")})

    @property
    def has_choices(self) -> bool:
        return self.kind in WITH_CHOICES


class Choice(Translatable, models.Model):
    translated_fields = ("label",)

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    value = models.SlugField(_("value"), max_length=60, help_text=_("Its key in exports: letters, digits, - and _."))
    label = models.CharField(_("label"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="choice_value_unique")]

    def __str__(self) -> str:
        return self.label


class Invitation(models.Model):
    """One invitee's link. Exactly one of organisation, person or e-mail says who; the e-mail goes to
    ``email`` in ``language``."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey("network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    token_hash = models.CharField(max_length=TOKEN_HASH_LENGTH, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(_("answers submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(self.organisation or self.person or self.email)


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ResponseSource(models.TextChoices):
    WEB = "web", _("Answered on the platform")
    XLSFORM = "xlsform", _("XLSForm import")
    KOBO = "kobo", _("KoboToolbox/ODK import")


class ResponseQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=ResponseStatus.SUBMITTED)


class Response(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    # An anonymous draft's key (SHA-256 of the random key in its link): nothing else identifies it.
    resume_hash = models.CharField(max_length=TOKEN_HASH_LENGTH, blank=True, default="", editable=False)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=20, choices=OrganisationKind.choices, blank=True
    )
    region = models.CharField(_("region"), max_length=30, choices=IloRegion.choices, blank=True)
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_quote = models.BooleanField(_("agrees to be quoted"), default=False)
    consent_name = models.BooleanField(_("agrees to be named"), default=False)
    is_survivor = models.BooleanField(_("lived experience"), null=True, blank=True)  # None: not asked
    status = models.CharField(_("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    source = models.CharField(_("source"), max_length=10, choices=ResponseSource.choices, default=ResponseSource.WEB)
    external_uuid = models.CharField(_("external id"), max_length=100, blank=True, default="")
    external_submitted_at = models.DateTimeField(_("submitted elsewhere at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    safeguarding_told_at = models.DateTimeField(null=True, blank=True)  # the focal point was e-mailed

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["consultation", "-submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "external_uuid"],
                condition=~Q(external_uuid=""),
                name="response_external_uuid_unique",
            ),
        ]
        indexes = [models.Index(fields=["resume_hash"], name="response_resume_hash")]

    def __str__(self) -> str:
        return f"{self.consultation} #{self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED

    @property
    def quotable(self) -> bool:
        """Whether this person's words may be quoted at all: consent given, and a survivor's only with it
        (their consent is the same explicit box; nothing assumes it)."""
        return self.is_submitted and self.consent_quote


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True, max_length=ANSWER_MAX_CHARS)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    number = models.SmallIntegerField(_("number"), null=True, blank=True)
    ranking = models.JSONField(_("ranking"), default=list, blank=True)
    may_be_disclosure = models.BooleanField(_("may be a disclosure"), default=False)
    safeguarding_done_at = models.DateTimeField(_("seen by safeguarding at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question__position", "question__pk"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")]

    def __str__(self) -> str:
        return f"{self.question.name}: {self.text or self.choices or self.number or self.ranking}"

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.choices or self.number is not None or self.ranking)

    @property
    def quotable(self) -> bool:
        """Never a possible disclosure; otherwise as its response's consent says."""
        return not self.may_be_disclosure and self.response.quotable


# Themes, priorities and the second round live in modules of their own; Django finds them here.
from .models_priorities import *  # noqa: E402, F403
from .models_rounds import *  # noqa: E402, F403
from .models_themes import *  # noqa: E402, F403
