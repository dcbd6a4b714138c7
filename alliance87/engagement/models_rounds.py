"""The second round, Pol.is-style (imported by ``models``): short statements (draft priorities, or a
participant's own, held for moderation), each voted agree, disagree or pass; opinion groups found from
the votes, group-informed consensus, and what divides stakeholder groups are computed from these rows
(``engagement/rounds``), never stored twice.

- ``Round``: its title and description in every language, open and close dates, the consultation and
  priorities it follows from, and whether participants may add statements.
- ``Statement``: a text (in every language the round uses), the priority it drafts if any, and whether it
  is shown (a participant's own statement waits for the secretariat).
- ``Participant``: one voter, known by a random key in their browser kept only as a hash (nothing else
  about the device), with the stakeholder group and region they chose, or their invitation's.
- ``Vote``: one participant's vote on one statement, 1 agree, -1 disagree, 0 pass (Pol.is's open-data
  meaning); a second vote replaces the first and keeps its time.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.network.models import IloRegion, OrganisationKind
from alliance87.translations import Translatable

TOKEN_HASH_LENGTH = 64

__all__ = ["RoundStatus", "Round", "StatementStatus", "Statement", "Participant", "VoteValue", "Vote"]


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("status", "Open")
    CLOSED = "closed", _("Closed")


class Round(Translatable, models.Model):
    translated_fields = ("title", "description")

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    consultation = models.ForeignKey(
        "engagement.Consultation", on_delete=models.SET_NULL, null=True, blank=True, related_name="rounds"
    )
    languages = models.JSONField(_("languages"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    accepts_statements = models.BooleanField(
        _("participants may add statements"),
        default=False,
        help_text=_("Each new statement waits for the secretariat before anyone votes on it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("second round")
        verbose_name_plural = _("second rounds")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class StatementStatus(models.TextChoices):
    SHOWN = "shown", _("Shown")
    WAITING = "waiting", _("Waiting for moderation")
    HIDDEN = "hidden", _("Hidden")


class Statement(Translatable, models.Model):
    translated_fields = ("text",)

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=280)
    priority = models.ForeignKey(
        "engagement.Priority", on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=StatementStatus.choices, default=StatementStatus.SHOWN
    )
    author = models.ForeignKey(
        "engagement.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["round", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Participant(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participants")
    key_hash = models.CharField(max_length=TOKEN_HASH_LENGTH, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=20, choices=OrganisationKind.choices, blank=True
    )
    region = models.CharField(_("region"), max_length=30, choices=IloRegion.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["round", "pk"]

    def __str__(self) -> str:
        return f"{self.round} participant #{self.pk}"


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("Agree")
    DISAGREE = -1, _("Disagree")
    PASS = 0, _("Pass / unsure")


class Vote(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(_("vote"), choices=VoteValue.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["statement", "pk"]
        constraints = [models.UniqueConstraint(fields=["participant", "statement"], name="vote_once_per_statement")]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.get_value_display()} {self.statement_id}"
