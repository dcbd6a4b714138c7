"""The events' fixed vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class OrganisationRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    PARTIAL_SUPPORT = "partial_support", _("Partial support")
    SUPPORTER = "supporter", _("Supporter")


class ItemKind(models.TextChoices):
    OPENING_REMARKS = "opening_remarks", _("Opening remarks")
    CONVERSATION = "conversation", _("Conversation or panel")
    VIDEO = "video", _("Video")
    COMMUNICATION_ACTIVITY = "communication_activity", _("Communication activity")
    CLOSING = "closing", _("Closing")
    BREAK = "break", _("Break")
    OTHER = "other", _("Other")


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")
    PANELIST = "panelist", _("Panelist")
    PRESENTER = "presenter", _("Presenter")
    HOST = "host", _("Host")


class Confirmation(models.TextChoices):
    INVITED = "invited", _("Invited")
    TBC = "tbc", _("To be confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
