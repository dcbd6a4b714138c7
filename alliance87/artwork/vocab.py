"""The artwork's fixed vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    APPROVED = "approved", _("On the wall")
    REJECTED = "rejected", _("Rejected")
    HIDDEN = "hidden", _("Hidden")
    ERASED = "erased", _("Erased")
    SAFEGUARDING = "safeguarding", _("With the safeguarding focal point")
    WITHDRAWN = "withdrawn", _("Withdrawn by its contributor")


# Statuses that hold their cell: nobody else can take it.
HOLDS_CELL = (Status.PENDING, Status.APPROVED, Status.SAFEGUARDING)


class LogKind(models.TextChoices):
    CONTRIBUTED = "contributed", _("Contributed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    HIDDEN = "hidden", _("Hidden")
    ERASED = "erased", _("Erased")
    ROUTED = "routed", _("Routed to safeguarding")
    MUTED = "muted", _("Device muted")
    UNMUTED = "unmuted", _("Device unmuted")
    FROZEN = "frozen", _("Wall frozen")
    UNFROZEN = "unfrozen", _("Wall unfrozen")
    BLOCKLIST = "blocklist", _("Blocklist changed")


# What the wall may see: only these kinds, and only about approved content.
PUBLIC_KINDS = (LogKind.APPROVED, LogKind.HIDDEN, LogKind.ERASED, LogKind.FROZEN, LogKind.UNFROZEN)


class CueKind(models.TextChoices):
    """What a disclosure cue may be a sign of: cries for help, and the ILO's indicators of forced labour."""

    CRY_FOR_HELP = "cry_for_help", _("Cry for help")
    DOCUMENTS_WITHHELD = "documents_withheld", _("Documents withheld")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    NOT_FREE_TO_LEAVE = "not_free_to_leave", _("Not free to leave")
    THREATS_VIOLENCE = "threats_violence", _("Threats or violence")
    OTHER = "other", _("Other sign of forced labour")


class ZoneKind(models.TextChoices):
    THEME = "theme", _("Theme")
    REGION = "region", _("Region")
    ACTION_GROUP = "action_group", _("Action Group")


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    AR = "ar", _("Arabic")


# The default palette: SDG 8's burgundy first, then colours that print well on fabric.
DEFAULT_PALETTE = [
    {"hex": "#A21942", "name": gettext_noop("SDG 8 burgundy")},
    {"hex": "#E5243B", "name": gettext_noop("Red")},
    {"hex": "#FD6925", "name": gettext_noop("Orange")},
    {"hex": "#FCC30B", "name": gettext_noop("Yellow")},
    {"hex": "#4C9F38", "name": gettext_noop("Green")},
    {"hex": "#26BDE2", "name": gettext_noop("Sky blue")},
    {"hex": "#19486A", "name": gettext_noop("Navy")},
    {"hex": "#6B3FA0", "name": gettext_noop("Purple")},
]
