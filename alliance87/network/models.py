"""The Alliance's network: countries and regions, organisations, people, Action Groups."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from alliance87.translations import Translatable


class IloRegion(models.TextChoices):
    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ARAB_STATES = "arab_states", _("Arab States")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    EUROPE_CENTRAL_ASIA = "europe_central_asia", _("Europe and Central Asia")


class SdgRegion(models.TextChoices):
    """The UN's SDG regional groups (M49), as used by the SDG Global Database."""

    SUB_SAHARAN_AFRICA = "ssa", _("Sub-Saharan Africa")
    NORTHERN_AFRICA_WESTERN_ASIA = "nawa", _("Northern Africa and Western Asia")
    CENTRAL_SOUTHERN_ASIA = "csa", _("Central and Southern Asia")
    EASTERN_SOUTH_EASTERN_ASIA = "esea", _("Eastern and South-Eastern Asia")
    LATIN_AMERICA_CARIBBEAN = "lac", _("Latin America and the Caribbean")
    OCEANIA = "oceania", _("Oceania (excluding Australia and New Zealand)")
    AUSTRALIA_NEW_ZEALAND = "anz", _("Australia and New Zealand")
    EUROPE_NORTHERN_AMERICA = "ena", _("Europe and Northern America")


class CountryQuerySet(models.QuerySet):
    def real(self):
        return self.filter(is_example=False)

    def pathfinders(self):
        """Real Pathfinder Countries (the example country is never counted)."""
        return self.filter(is_pathfinder=True, is_example=False)

    def in_region(self, region: str):
        return self.filter(Q(sdg_region=region) | Q(ilo_region=region))


class Country(models.Model):
    code = CountryField(_("country"), unique=True)
    ilo_region = models.CharField(_("ILO region"), max_length=30, choices=IloRegion.choices, blank=True)
    sdg_region = models.CharField(_("SDG region"), max_length=10, choices=SdgRegion.choices, blank=True)
    is_pathfinder = models.BooleanField(_("Pathfinder Country"), default=False)
    pathfinder_since = models.PositiveSmallIntegerField(
        _("Pathfinder since (year)"), null=True, blank=True, help_text=_("Leave empty when unknown.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("An invented country that shows how the platform works.")
    )

    history = HistoricalRecords()
    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return str(self.code.name)

    def get_absolute_url(self) -> str:
        return reverse("pathfinders:country", args=[self.code.code.lower()])

    @property
    def name(self) -> str:
        return str(self.code.name)


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    UN_AGENCY = "un_agency", _("UN agency")
    WORKERS = "workers", _("Workers’ organisation")
    EMPLOYERS = "employers", _("Employers’ organisation")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    SURVIVOR_LED = "survivor_led", _("Survivor-led organisation")
    BUSINESS = "business", _("Business")
    ACADEMIA = "academia", _("Academia and research")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet):
    def partners(self):
        return self.filter(is_partner=True)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def in_country(self, code: str):
        return self.filter(country__code=code.upper())

    def in_region(self, region: str):
        return self.filter(Q(country__sdg_region=region) | Q(country__ilo_region=region))

    def search(self, text: str):
        """Organisations matching ``text`` as the site search matches them (alliance87.search): accents,
        case and spelling variants do not matter, acronyms work in English, French and Spanish.
        Raises ``alliance87.search.engine.QueryRefused`` for a text that cannot be searched."""
        from alliance87.search.engine import matching_ids  # noqa: PLC0415 -- the search app imports this one

        if not text.strip():
            return self
        return self.filter(pk__in=matching_ids(text, "organisation"))


class Organisation(Translatable, models.Model):
    translated_fields = ("name", "acronym")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    is_partner = models.BooleanField(_("Alliance 8.7 partner"), default=True)
    partner_since = models.PositiveSmallIntegerField(
        _("partner since (year)"), null=True, blank=True, help_text=_("Leave empty when unknown.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["is_partner", "name"]), models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:organisation", args=[self.slug])


class PersonQuerySet(models.QuerySet):
    def public(self):
        """Only people whose consent to be shown publicly is recorded."""
        return self.filter(public_consent=True)


class Person(models.Model):
    """A person of the network. Without recorded consent, their name is never shown publicly."""

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(pgettext_lazy("a person's job title", "title"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    public_consent = models.BooleanField(_("consents to be shown publicly"), default=False)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_note = models.CharField(_("how consent was given"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ActionGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ActionGroup(Translatable, models.Model):
    translated_fields = ("name", "mandate")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_groups",
    )
    secretariat = models.CharField(_("secretariat"), max_length=200, blank=True)
    mandate = models.TextField(_("mandate"), blank=True, max_length=4000)
    is_active = models.BooleanField(_("active"), default=True)
    started_year = models.PositiveSmallIntegerField(_("started (year)"), null=True, blank=True)
    started_note = models.CharField(_("about its start"), max_length=300, blank=True)
    ended_year = models.PositiveSmallIntegerField(_("ended (year)"), null=True, blank=True)
    stated_size = models.CharField(
        _("size as stated"), max_length=200, blank=True, help_text=_("A published figure, with its year.")
    )
    status_verified = models.BooleanField(_("status verified"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = ActionGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("Action Group")
        verbose_name_plural = _("Action Groups")
        ordering = ["-is_active", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:action_group", args=[self.slug])


class MembershipRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    action_group = models.ForeignKey(ActionGroup, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default="member")
    since_year = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["action_group", "organisation"], name="one_membership_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.action_group} ({self.role})"


class StatedFigure(Translatable, models.Model):
    """A count as a source states it (e.g. “400+ partners”), shown beside what the data counts; its
    statement (``label``) is translated."""

    translated_fields = ("label",)

    key = models.SlugField(unique=True)
    label = models.CharField(_("what"), max_length=200)
    value = models.CharField(_("value as stated"), max_length=50)
    as_of_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stated figure")
        verbose_name_plural = _("stated figures")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"
