"""The fixed vocabularies of the Pathfinder work: pathway stages, Durban areas, SDG 8.7's forms, currencies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The pathway as alliance87.org describes it, in order."""

    INTEREST = "interest", _("Interest expressed to the Global Coordinating Group")
    COORDINATION = "coordination", _("Stakeholders and coordination mechanism identified")
    MAPPING = "mapping", _("Situational mapping of SDG 8.7")
    WORKSHOP = "workshop", _("Strategic planning workshop")
    ROADMAP = "roadmap", _("Roadmap adopted")
    STATUS_GRANTED = "status_granted", _("Pathfinder status granted by the Global Coordinating Group")
    REPORTING = "reporting", _("Reporting annually")
    INACTIVE = "inactive", _("Inactive")


STAGE_ORDER = {stage: position for position, stage in enumerate(Stage.values)}

# Steps that follow from the platform's records and are never typed (alliance87.pathfinders.pathways):
# a roadmap recorded, an annual report published. Every other step is recorded by hand.
DERIVED_STAGES = (Stage.ROADMAP, Stage.REPORTING)
MANUAL_STAGES = tuple(stage for stage in Stage if stage not in DERIVED_STAGES)


class DurbanArea(models.TextChoices):
    """The Durban Call to Action's six commitment areas (5th Global Conference, 2022)."""

    DECENT_WORK = "decent_work", _("Decent work for adults and youth; priority to the worst forms of child labour")
    AGRICULTURE = "agriculture", _("End child labour in agriculture")
    PREVENT_PROTECT = (
        "prevent_protect",
        _("Prevent and eliminate, and protect survivors through data-driven, survivor-informed responses"),
    )
    EDUCATION = "education", _("Free, quality, inclusive education")
    SOCIAL_PROTECTION = "social_protection", _("Universal social protection")
    FINANCING = "financing", _("More financing and international cooperation")


class Form(models.TextChoices):
    """SDG Target 8.7's four forms."""

    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    MODERN_SLAVERY = "modern_slavery", _("Modern slavery")
    HUMAN_TRAFFICKING = "human_trafficking", _("Human trafficking")


# ISO 4217 currency codes in use (2024).
CURRENCIES = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
    CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF
    GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP
    LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB
    PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL
    THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWG""".split()
)
