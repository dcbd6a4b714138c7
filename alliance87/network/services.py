"""Every write to the network. Pages, the API, commands and the admin's actions call these.

Each function checks who is acting (``by``), validates before saving, runs in one transaction,
records ``by`` in the history, and invalidates the cached public pages.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries as iso_countries

from alliance87.pagecache import public_pages_changed
from alliance87.writes import require as _require
from alliance87.writes import save_validated as _save_validated

from .models import ActionGroup, Country, Membership, MembershipRole, Organisation, Person

# What a partner editor may change on its own profile; the rest is the secretariat's.
ORGANISATION_PROFILE_FIELDS = ("name", "acronym", "description", "website", "country")
ORGANISATION_STATUS_FIELDS = ("kind", "is_partner", "partner_since", "source")
ACTION_GROUP_FIELDS = ("name", "mandate", "secretariat")
ACTION_GROUP_STATUS_FIELDS = ("is_active", "started_year", "ended_year", "lead_organisation", "source")


def _unique_slug(model, name: str, exclude_pk=None) -> str:
    base = slugify(name)[:70] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _assign(obj, changes: dict) -> None:
    """Set the changed fields; an empty value (None) on a field that allows blanks clears it."""
    errors = {}
    for field, value in changes.items():
        model_field = obj._meta.get_field(field)
        if value is None and not model_field.null and not model_field.blank:
            errors[field] = _("This field is required.")
            continue
        cleaned = "" if value is None and not model_field.null else value
        setattr(obj, field, cleaned.strip() if isinstance(cleaned, str) else cleaned)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def organisation_create(*, by, name: str, kind: str, **fields) -> Organisation:
    """Add an organisation to the network (secretariat only)."""
    _require(by, "network.create_organisation")
    organisation = Organisation(name=name.strip(), kind=kind, **fields)
    organisation.slug = _unique_slug(Organisation, organisation.name)
    _save_validated(organisation, by)
    public_pages_changed()
    return organisation


def _country_for_code(code: str, by) -> Country:
    """The network's country for an ISO 3166-1 code, added on first use.

    Any country can be an organisation's country, not only those already in the platform. A country
    added here is only that: not a Pathfinder Country, with no region, no source. The Pathfinder pages,
    the map and the counts list Pathfinder Countries only, so they do not change.
    """
    code = (code or "").strip().upper()
    if code not in dict(iso_countries):
        raise ValidationError({"country": _("“%(code)s” is not an ISO 3166 country code.") % {"code": code[:10]}})
    country = Country.objects.filter(code=code).first()
    if country is None:
        country = Country(code=code)
        _save_validated(country, by)
    return country


@transaction.atomic
def organisation_update(*, organisation: Organisation, by, **changes) -> Organisation:
    """Change an organisation's profile.

    Partner editors of the organisation may change its profile fields; only the secretariat may
    change its kind and partnership status. ``country`` is a Country, an ISO 3166-1 code (any country:
    one not yet in the platform is added, see ``_country_for_code``) or None. Raises PermissionDenied
    or ValidationError (by field).
    """
    _require(by, "network.edit_organisation", organisation)
    unknown = set(changes) - set(ORGANISATION_PROFILE_FIELDS) - set(ORGANISATION_STATUS_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in sorted(unknown)})
    if set(changes) & set(ORGANISATION_STATUS_FIELDS):
        _require(by, "network.edit_organisation_status", organisation)
    if isinstance(changes.get("country"), str):
        changes["country"] = _country_for_code(changes["country"], by) if changes["country"].strip() else None
    _assign(organisation, changes)
    _save_validated(organisation, by)
    public_pages_changed()
    return organisation


@transaction.atomic
def action_group_update(*, group: ActionGroup, by, **changes) -> ActionGroup:
    """Change an Action Group's page. Its lead may edit name, mandate and secretariat."""
    _require(by, "network.edit_action_group", group)
    unknown = set(changes) - set(ACTION_GROUP_FIELDS) - set(ACTION_GROUP_STATUS_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in sorted(unknown)})
    if set(changes) & set(ACTION_GROUP_STATUS_FIELDS):
        _require(by, "network.edit_organisation_status")
    _assign(group, changes)
    if group.ended_year and group.started_year and group.ended_year < group.started_year:
        raise ValidationError({"ended_year": _("The end year is before the start year.")})
    _save_validated(group, by)
    public_pages_changed()
    return group


@transaction.atomic
def membership_add(
    *,
    group: ActionGroup,
    organisation: Organisation,
    by,
    role: str = MembershipRole.MEMBER,
    since_year: int | None = None,
) -> Membership:
    """Add an organisation to an Action Group (its lead or the secretariat)."""
    _require(by, "network.manage_memberships", group)
    if role == MembershipRole.LEAD:
        _require(by, "network.edit_organisation_status")  # the lead is chosen by the secretariat
    if Membership.objects.filter(action_group=group, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("%(org)s is already a member of this group.") % {"org": organisation.name}}
        )
    membership = Membership(action_group=group, organisation=organisation, role=role, since_year=since_year)
    _save_validated(membership, by)
    public_pages_changed()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    """Remove an organisation from an Action Group. The group's lead organisation stays."""
    _require(by, "network.manage_memberships", membership.action_group)
    if membership.action_group.lead_organisation_id == membership.organisation_id:
        raise ValidationError(
            {"organisation": _("The lead organisation cannot be removed; the secretariat changes the lead.")}
        )
    membership._history_user = by
    membership.delete()
    public_pages_changed()


@transaction.atomic
def person_record_consent(*, person: Person, by, consent: bool, note: str = "") -> Person:
    """Record (or withdraw) a person's consent to be shown publicly. Secretariat only."""
    _require(by, "network.record_consent", person)
    person.public_consent = consent
    person.consent_recorded_at = timezone.now()
    person.consent_note = note.strip()[:300]
    _save_validated(person, by)
    public_pages_changed()
    return person


@transaction.atomic
def country_pathfinder_set(*, country, by, is_pathfinder: bool, since_year: int | None = None):
    """Mark a country as a Pathfinder (or not), keeping a known year unless a new one is given."""
    _require(by, "network.edit_country", country)
    country.is_pathfinder = is_pathfinder
    if since_year:
        country.pathfinder_since = since_year
    _save_validated(country, by)
    public_pages_changed()
    return country
