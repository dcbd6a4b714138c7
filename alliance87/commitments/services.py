"""Making a commitment and the secretariat's review: every write of a commitment before it runs.

Each service checks its right (``rules.py``) with ``writes.require``, validates (errors name the field), runs
in one transaction, tells the next person (``notify``) and renews the cached public pages when what the public
sees changed. The life of a commitment:

    draft ──submit──▶ submitted ──publish──▶ published ──(progress.py: complete)──▶ completed
      ▲                  │
      └─changes requested┘          any state but completed/closed ──close──▶ closed

- ``start_commitment``: a draft for a lead its maker speaks for (the secretariat: any);
- ``update_commitment``: its fields and links (priorities: published ones only; key actions: of the lead
  country's current roadmap only; SDG targets parsed from "8.7, 16.2");
- deliverables and resources added, changed, removed; co-implementers invited (told, with the link to
  confirm), removed, and confirmed or declined by someone who speaks for them;
- ``submit``: refused while a SMART letter fails (``smart.check``), naming the letter and why; the secretariat
  is told with the link to the review;
- ``review``: the secretariat's verdict and note per letter; ``request_changes`` sends it back with a comment;
  ``publish`` needs every letter to pass both the automatic checks and the verdicts; ``close`` ends it.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87.accounts.models import Role
from alliance87.accounts.selectors import users_with_role
from alliance87.notify import notify
from alliance87.pagecache import public_pages_changed
from alliance87.writes import require, save_validated

from . import smart
from .models import (
    PUBLIC_STATUSES,
    CoImplementer,
    Commitment,
    CommitmentStatus,
    Deliverable,
    Light,
    MakerKind,
    Resource,
    ResourceKind,
    validate_sdg_targets,
)
from .rules import ROLE_FOR

# The plain fields a maker writes (the rest are the workflow's).
COMMITMENT_FIELDS = (
    "title",
    "description",
    "contribution",
    "communication",
    "language",
    "focal_point",
    "focal_point_email",
    "starts_on",
    "ends_on",
    "visibility",
)
LINK_FIELDS = ("priorities", "outcome_areas", "countries", "action_groups", "key_actions")
DELIVERABLE_FIELDS = ("title", "indicator", "unit", "baseline", "target", "due_on", "position")
RESOURCE_FIELDS = ("kind", "description", "amount", "currency", "staff_count")
LEAD_FIELD = {
    MakerKind.ORGANISATION: "lead_organisation",
    MakerKind.COUNTRY: "lead_country",
    MakerKind.ACTION_GROUP: "lead_action_group",
}
PARTY_FIELD = {"organisation": "organisation", "country": "country", "actiongroup": "action_group"}

SUBMITTED_SUBJECT = gettext_lazy("Commitment to review: %(title)s")
SUBMITTED_BODY = gettext_lazy(
    "%(lead)s submitted the commitment “%(title)s” for publication. Review it against the SMART checklist: "
    "give your verdict on each letter, then publish it or ask for changes."
)
CHANGES_SUBJECT = gettext_lazy("Changes requested: %(title)s")
CHANGES_BODY = gettext_lazy(
    "The Alliance 8.7 secretariat asks for changes to the commitment “%(title)s” before it is published:\n\n"
    "%(comment)s\n\nEdit it and submit it again."
)
PUBLISHED_SUBJECT = gettext_lazy("Published: %(title)s")
PUBLISHED_BODY = gettext_lazy(
    "The commitment “%(title)s” is published in the Alliance 8.7 registry. Report on its deliverables as "
    "they progress: at least once a year."
)
CLOSED_SUBJECT = gettext_lazy("Closed: %(title)s")
CLOSED_BODY = gettext_lazy("The commitment “%(title)s” was closed by the Alliance 8.7 secretariat:\n\n%(reason)s")
INVITED_SUBJECT = gettext_lazy("Confirm a joint commitment: %(title)s")
INVITED_BODY = gettext_lazy(
    "%(lead)s names %(party)s as a co-implementer of the commitment “%(title)s”. Someone who speaks for "
    "%(party)s confirms (or declines) it; only then is %(party)s shown with the commitment."
)
ANSWERED_SUBJECT = gettext_lazy("%(party)s %(answer)s your joint commitment: %(title)s")
ANSWERED_BODY = gettext_lazy("%(party)s %(answer)s to implement the commitment “%(title)s” with you.")
CONFIRMED_WORD = gettext_lazy("confirmed")
DECLINED_WORD = gettext_lazy("declined")


# --- Helpers ------------------------------------------------------------------------------------------------


def kind_of(party) -> str:
    return {
        "organisation": MakerKind.ORGANISATION,
        "country": MakerKind.COUNTRY,
        "actiongroup": MakerKind.ACTION_GROUP,
    }[party._meta.model_name]


def speakers_for(party) -> list:
    """The active people who speak for ``party`` (organisation, country or Action Group)."""
    return list(users_with_role(ROLE_FOR[kind_of(party)], party).order_by("pk"))


def makers_of(commitment: Commitment, *, with_co_implementers: bool = False) -> list:
    people = {u.pk: u for u in speakers_for(commitment.lead)}
    if with_co_implementers:
        for co in commitment.co_implementers.filter(confirmed_at__isnull=False):
            people.update({u.pk: u for u in speakers_for(co.party)})
    return list(people.values())


def _secretariat(by) -> list:
    return list(users_with_role(Role.SECRETARIAT).exclude(pk=getattr(by, "pk", None)).order_by("pk"))


def _others(users, by) -> list:
    return [u for u in users if u.pk != getattr(by, "pk", None)]


def _fresh(commitment: Commitment) -> Commitment:
    """The row locked for this transaction, as it is now (two people never both move it on)."""
    return Commitment.objects.select_for_update().get(pk=commitment.pk)


def _check_fields(given: dict, allowed) -> None:
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})


def _strip(fields: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def parse_sdg_targets(value) -> list[str]:
    """ "8.7, 16.2" (or a list) → ["8.7", "16.2"], in order, each once; a wrong one is refused naming it."""
    if value is None:
        return []
    parts = value if isinstance(value, list | tuple) else re.split(r"[,;\s]+", str(value))
    targets = []
    for part in parts:
        target = str(part).strip().lower()
        if target and target not in targets:
            targets.append(target)
    try:
        validate_sdg_targets(targets)
    except ValidationError:
        bad = [t for t in targets if not re.match(r"^\d{1,2}\.[0-9a-z]{1,2}$", t)]
        raise ValidationError(
            {
                "sdg_targets": _("SDG targets are written like 8.7 or 16.2, separated by commas; not: %(bad)s")
                % {"bad": ", ".join(bad)}
            }
        ) from None
    return targets


def _ids(values) -> list:
    return [getattr(v, "pk", v) for v in values]


def _rows(model, values, queryset, field: str, unknown_message: str) -> list:
    """The rows of ``queryset`` given (objects or primary keys); anything else is refused, naming it."""
    wanted = _ids(values)
    try:
        wanted = [int(v) for v in wanted]
    except (TypeError, ValueError):
        raise ValidationError({field: unknown_message % {"values": ", ".join(map(str, wanted))}}) from None
    found = {row.pk: row for row in queryset.filter(pk__in=wanted)}
    missing = [str(v) for v in wanted if v not in found]
    if missing:
        names = {row.pk: str(row) for row in model.objects.filter(pk__in=[int(m) for m in missing])}
        shown = [names.get(int(m), m) for m in missing]
        raise ValidationError({field: unknown_message % {"values": ", ".join(shown)}})
    return [found[v] for v in dict.fromkeys(wanted)]


def key_actions_for(commitment_or_country):
    """The key actions a country's commitment may link to: those of its current roadmap."""
    from alliance87.pathfinders.models import KeyAction  # noqa: PLC0415

    country = getattr(commitment_or_country, "lead_country", commitment_or_country)
    return KeyAction.objects.filter(priority__roadmap__country=country, priority__roadmap__is_current=True)


def _set_links(commitment: Commitment, links: dict) -> None:
    from alliance87.engagement.models import OutcomeArea, Priority  # noqa: PLC0415
    from alliance87.network.models import ActionGroup, Country  # noqa: PLC0415
    from alliance87.pathfinders.models import KeyAction  # noqa: PLC0415

    if "priorities" in links:
        commitment.priorities.set(
            _rows(
                Priority,
                links["priorities"],
                Priority.objects.published(),
                "priorities",
                _("Not a published thematic priority: %(values)s"),
            )
        )
    if "outcome_areas" in links:
        commitment.outcome_areas.set(
            _rows(
                OutcomeArea,
                links["outcome_areas"],
                OutcomeArea.objects.all(),
                "outcome_areas",
                _("Unknown conference outcome area: %(values)s"),
            )
        )
    if "countries" in links:
        commitment.countries.set(
            _rows(Country, links["countries"], Country.objects.all(), "countries", _("Unknown country: %(values)s"))
        )
    if "action_groups" in links:
        commitment.action_groups.set(
            _rows(
                ActionGroup,
                links["action_groups"],
                ActionGroup.objects.all(),
                "action_groups",
                _("Unknown Action Group: %(values)s"),
            )
        )
    if "key_actions" in links:
        given = list(links["key_actions"] or [])
        if given and commitment.maker_kind != MakerKind.COUNTRY:
            raise ValidationError(
                {"key_actions": _("Only a Pathfinder Country’s commitment links to roadmap key actions.")}
            )
        commitment.key_actions.set(
            _rows(
                KeyAction,
                given,
                key_actions_for(commitment),
                "key_actions",
                _("Not a key action of the lead country’s current roadmap: %(values)s"),
            )
            if given
            else []
        )


def _check_dates_hold(commitment: Commitment) -> None:
    """The period may not move so that a deliverable falls outside it."""
    if commitment.ends_on:
        late = commitment.deliverables.filter(due_on__gt=commitment.ends_on).order_by("due_on").first()
        if late:
            raise ValidationError(
                {
                    "ends_on": _("The deliverable “%(title)s” is due on %(due)s, after this end (%(end)s).")
                    % {"title": late.title, "due": late.due_on.isoformat(), "end": commitment.ends_on.isoformat()}
                }
            )
    if commitment.starts_on:
        early = commitment.deliverables.filter(due_on__lt=commitment.starts_on).order_by("due_on").first()
        if early:
            raise ValidationError(
                {
                    "starts_on": _("The deliverable “%(title)s” is due on %(due)s, before this start (%(start)s).")
                    % {
                        "title": early.title,
                        "due": early.due_on.isoformat(),
                        "start": commitment.starts_on.isoformat(),
                    }
                }
            )


def _review_link(commitment) -> str:
    return reverse("commitments:review", args=[commitment.pk])


def _edit_link(commitment) -> str:
    return reverse("commitments:edit", args=[commitment.pk])


def _context(commitment, **more) -> dict:
    return {"title": commitment.title, "lead": str(commitment.lead), **more}


# --- The commitment -----------------------------------------------------------------------------------------


@transaction.atomic
def start_commitment(*, by, maker_kind: str, lead, **fields) -> Commitment:
    """A draft led by ``lead`` (an Organisation, Country or ActionGroup of ``maker_kind``), made by someone who
    speaks for it (the secretariat for any). ``fields``: ``COMMITMENT_FIELDS``, the links (``LINK_FIELDS``),
    ``sdg_targets``, ``event`` and ``invitation``."""
    if maker_kind not in LEAD_FIELD:
        raise ValidationError({"maker_kind": _("Choose an organisation, a Pathfinder Country or an Action Group.")})
    if lead is None or kind_of(lead) != maker_kind:
        raise ValidationError({LEAD_FIELD[maker_kind]: _("Choose who leads the commitment.")})
    require(by, "commitments.create_commitment", lead)
    _check_fields(fields, (*COMMITMENT_FIELDS, *LINK_FIELDS, "sdg_targets", "event", "invitation"))
    links = {name: fields.pop(name) for name in LINK_FIELDS if name in fields}
    if "sdg_targets" in fields:
        fields["sdg_targets"] = parse_sdg_targets(fields["sdg_targets"])
    commitment = Commitment(
        maker_kind=maker_kind,
        created_by=by,
        status=CommitmentStatus.DRAFT,
        **{LEAD_FIELD[maker_kind]: lead},
        **_strip(fields),
    )
    save_validated(commitment, by)
    _set_links(commitment, links)
    return commitment


@transaction.atomic
def update_commitment(*, by, commitment: Commitment, **changes) -> Commitment:
    """Change a draft (or one sent back): ``COMMITMENT_FIELDS``, ``sdg_targets`` ("8.7, 16.2" or a list) and the
    links (``LINK_FIELDS``: objects or primary keys; priorities published only, key actions of the lead
    country's current roadmap only)."""
    require(by, "commitments.edit_commitment", commitment)
    _check_fields(changes, (*COMMITMENT_FIELDS, *LINK_FIELDS, "sdg_targets"))
    commitment = _fresh(commitment)
    require(by, "commitments.edit_commitment", commitment)
    links = {name: changes.pop(name) for name in LINK_FIELDS if name in changes}
    if "sdg_targets" in changes:
        changes["sdg_targets"] = parse_sdg_targets(changes["sdg_targets"])
    for name, value in _strip(changes).items():
        setattr(commitment, name, value)
    save_validated(commitment, by)
    _check_dates_hold(commitment)
    _set_links(commitment, links)
    return commitment


# --- Deliverables and resources -----------------------------------------------------------------------------


def _decimal(fields: dict, names) -> None:
    errors = {}
    for name in names:
        value = fields.get(name)
        if value in ("", None):
            if name in fields:
                fields[name] = None
            continue
        try:
            fields[name] = Decimal(str(value))
        except (InvalidOperation, ValueError):
            errors[name] = _("Enter a number.")
            continue
        if not fields[name].is_finite():
            errors[name] = _("Enter a number.")
    if errors:
        raise ValidationError(errors)


def _check_deliverable(deliverable: Deliverable) -> None:
    commitment = deliverable.commitment
    due = deliverable.due_on
    if due and commitment.ends_on and due > commitment.ends_on:
        raise ValidationError(
            {
                "due_on": _("Due after the commitment ends (%(end)s): choose %(end)s or earlier.")
                % {"end": commitment.ends_on.isoformat()}
            }
        )
    if due and commitment.starts_on and due < commitment.starts_on:
        raise ValidationError(
            {
                "due_on": _("Due before the commitment starts (%(start)s): choose %(start)s or later.")
                % {"start": commitment.starts_on.isoformat()}
            }
        )
    for name in ("baseline", "target"):
        value = getattr(deliverable, name)
        if value is not None and value < 0:
            raise ValidationError({name: _("Enter a number of zero or more.")})


@transaction.atomic
def add_deliverable(*, by, commitment: Commitment, **fields) -> Deliverable:
    require(by, "commitments.edit_commitment", commitment)
    _check_fields(fields, DELIVERABLE_FIELDS)
    fields = _strip(fields)
    _decimal(fields, ("baseline", "target"))
    if "position" not in fields:
        fields["position"] = commitment.deliverables.count()
    deliverable = Deliverable(commitment=commitment, **fields)
    _check_deliverable(deliverable)
    save_validated(deliverable, by)
    return deliverable


@transaction.atomic
def update_deliverable(*, by, deliverable: Deliverable, **changes) -> Deliverable:
    require(by, "commitments.edit_commitment", deliverable.commitment)
    _check_fields(changes, DELIVERABLE_FIELDS)
    changes = _strip(changes)
    _decimal(changes, ("baseline", "target"))
    for name, value in changes.items():
        setattr(deliverable, name, value)
    _check_deliverable(deliverable)
    save_validated(deliverable, by)
    return deliverable


@transaction.atomic
def remove_deliverable(*, by, deliverable: Deliverable) -> None:
    require(by, "commitments.edit_commitment", deliverable.commitment)
    deliverable._history_user = by
    deliverable.delete()


def _check_resource(resource: Resource) -> None:
    errors = {}
    if resource.currency:
        resource.currency = resource.currency.upper()
        if not re.fullmatch(r"[A-Z]{3}", resource.currency):
            errors["currency"] = _("A currency is three letters (ISO 4217), e.g. USD.")
    if resource.amount is not None and resource.amount < 0:
        errors["amount"] = _("Enter a number of zero or more.")
    if resource.amount is not None and not resource.currency:
        errors["currency"] = _("Say in which currency the amount is.")
    if resource.staff_count is not None and resource.staff_count < 0:
        errors["staff_count"] = _("Enter a number of zero or more.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_resource(*, by, commitment: Commitment, **fields) -> Resource:
    require(by, "commitments.edit_commitment", commitment)
    _check_fields(fields, RESOURCE_FIELDS)
    fields = _strip(fields)
    _decimal(fields, ("amount", "staff_count"))
    resource = Resource(commitment=commitment, **{"kind": ResourceKind.MONEY, **fields})
    _check_resource(resource)
    save_validated(resource, by)
    return resource


@transaction.atomic
def update_resource(*, by, resource: Resource, **changes) -> Resource:
    require(by, "commitments.edit_commitment", resource.commitment)
    _check_fields(changes, RESOURCE_FIELDS)
    changes = _strip(changes)
    _decimal(changes, ("amount", "staff_count"))
    for name, value in changes.items():
        setattr(resource, name, value)
    _check_resource(resource)
    save_validated(resource, by)
    return resource


@transaction.atomic
def remove_resource(*, by, resource: Resource) -> None:
    require(by, "commitments.edit_commitment", resource.commitment)
    resource._history_user = by
    resource.delete()


# --- Co-implementers ----------------------------------------------------------------------------------------


@transaction.atomic
def invite_co_implementer(*, by, commitment: Commitment, party) -> CoImplementer:
    """Name ``party`` (an Organisation, Country or ActionGroup) as a co-implementer; those who speak for it are
    told, with the link to confirm or decline."""
    require(by, "commitments.edit_commitment", commitment)
    if party is None:
        raise ValidationError({"party": _("Choose an organisation, a country or an Action Group.")})
    if party == commitment.lead:
        raise ValidationError({"party": _("%(party)s leads this commitment already.") % {"party": party}})
    field = PARTY_FIELD[party._meta.model_name]
    if commitment.co_implementers.filter(**{field: party}).exists():
        raise ValidationError({"party": _("%(party)s is named already.") % {"party": party}})
    co = CoImplementer(commitment=commitment, **{field: party})
    co._history_user = by
    try:
        with transaction.atomic():
            co.save()
    except IntegrityError:
        raise ValidationError({"party": _("%(party)s is named already.") % {"party": party}}) from None
    notify(
        _others(speakers_for(party), by),
        subject=INVITED_SUBJECT,
        body=INVITED_BODY,
        context=_context(commitment, party=str(party)),
        link=reverse("commitments:co_implementation", args=[co.pk]),
    )
    return co


@transaction.atomic
def remove_co_implementer(*, by, co: CoImplementer) -> None:
    require(by, "commitments.edit_commitment", co.commitment)
    was_shown = co.confirmed_at is not None
    co._history_user = by
    co.delete()
    if was_shown and co.commitment.status in PUBLIC_STATUSES:
        public_pages_changed()


def _answer(by, co: CoImplementer, *, confirm: bool) -> CoImplementer:
    require(by, "commitments.confirm_co_implementation", co)
    co = CoImplementer.objects.select_for_update().select_related("commitment").get(pk=co.pk)
    if confirm and co.confirmed_at:
        raise ValidationError(_("%(party)s confirmed already.") % {"party": co.party})
    if not confirm and co.declined_at and not co.confirmed_at:
        raise ValidationError(_("%(party)s declined already.") % {"party": co.party})
    now = timezone.now()
    if confirm:
        co.confirmed_at, co.confirmed_by, co.declined_at = now, by, None
    else:
        co.confirmed_at, co.confirmed_by, co.declined_at = None, None, now
    co._history_user = by
    co.save()
    commitment = co.commitment
    if commitment.status in PUBLIC_STATUSES:
        public_pages_changed()
    notify(
        _others(speakers_for(commitment.lead), by),
        subject=ANSWERED_SUBJECT,
        body=ANSWERED_BODY,
        context=_context(commitment, party=str(co.party), answer=CONFIRMED_WORD if confirm else DECLINED_WORD),
        link=reverse("commitments:mine"),
    )
    return co


@transaction.atomic
def confirm_co_implementation(*, by, co: CoImplementer) -> CoImplementer:
    """Someone who speaks for the co-implementer confirms: it is shown with the commitment, and its people
    report on it too. The lead's makers are told."""
    return _answer(by, co, confirm=True)


@transaction.atomic
def decline_co_implementation(*, by, co: CoImplementer) -> CoImplementer:
    return _answer(by, co, confirm=False)


def pending_co_implementations(user):
    """The co-implementations ``user`` may confirm that wait for an answer."""
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415
    from django.db.models import Q  # noqa: PLC0415

    from alliance87.network.models import ActionGroup, Country, Organisation  # noqa: PLC0415

    if not user.is_authenticated:
        return CoImplementer.objects.none()
    query = Q()
    for model, field in ((Organisation, "organisation"), (Country, "country"), (ActionGroup, "action_group")):
        role = ROLE_FOR[kind_of(model)]
        content_type = ContentType.objects.get_for_model(model)
        ids = [a.object_id for a in user.role_assignments if a.role == role and a.content_type_id == content_type.pk]
        if ids:
            query |= Q(**{f"{field}_id__in": ids})
    if not query:
        return CoImplementer.objects.none()
    return (
        CoImplementer.objects.filter(query, confirmed_at__isnull=True, declined_at__isnull=True)
        .exclude(commitment__status=CommitmentStatus.CLOSED)
        .select_related("commitment", "organisation", "country", "action_group")
        .order_by("invited_at", "pk")
    )


# --- The workflow -------------------------------------------------------------------------------------------


@transaction.atomic
def submit(*, by, commitment: Commitment) -> Commitment:
    """Send a draft (or one sent back) to the secretariat. Refused while any SMART letter fails, each failing
    letter named with why ("M (Measurable): no deliverable has both an indicator and a target")."""
    require(by, "commitments.submit_commitment", commitment)
    commitment = _fresh(commitment)
    require(by, "commitments.submit_commitment", commitment)
    problems = smart.failures(smart.check(commitment))
    if problems:
        raise ValidationError(problems, code="smart")
    commitment.status = CommitmentStatus.SUBMITTED
    commitment.submitted_at = timezone.now()
    save_validated(commitment, by)
    notify(
        _secretariat(by),
        subject=SUBMITTED_SUBJECT,
        body=SUBMITTED_BODY,
        context=_context(commitment),
        link=_review_link(commitment),
    )
    return commitment


def _must_be_submitted(commitment: Commitment) -> None:
    if commitment.status != CommitmentStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted commitment can be reviewed; this one is “%(status)s”.")
            % {"status": commitment.get_status_display()},
            code="not_submitted",
        )


NOTE_MAX = 2000


@transaction.atomic
def review(*, by, commitment: Commitment, verdicts: dict) -> Commitment:
    """Store the secretariat's verdict per SMART letter: ``verdicts`` {"S": {"ok": True, "note": "…"}, …} for
    all five. A letter judged not ok needs a note saying what must change (its field: "<letter>_note")."""
    require(by, "commitments.review_commitment", commitment)
    commitment = _fresh(commitment)
    _must_be_submitted(commitment)
    errors, stored = {}, {}
    for letter in smart.LETTERS:
        given = verdicts.get(letter)
        if not isinstance(given, dict) or not isinstance(given.get("ok"), bool):
            errors[f"{letter}_ok"] = _("Give a verdict on %(letter)s.") % {"letter": letter}
            continue
        note = str(given.get("note") or "").strip()
        if "\x00" in note:
            errors[f"{letter}_note"] = _("Text may not contain NUL characters.")
        elif len(note) > NOTE_MAX:
            errors[f"{letter}_note"] = _("At most %(limit)d characters.") % {"limit": NOTE_MAX}
        elif not given["ok"] and not note:
            errors[f"{letter}_note"] = _("Say what must change for %(letter)s.") % {"letter": letter}
        stored[letter] = {"ok": given["ok"], "note": note}
    unknown = sorted(set(verdicts) - set(smart.LETTERS))
    for name in unknown:
        errors[str(name)] = _("Unknown field.")
    if errors:
        raise ValidationError(errors)
    commitment.smart_review = stored
    save_validated(commitment, by)
    return commitment


@transaction.atomic
def request_changes(*, by, commitment: Commitment, comment: str) -> Commitment:
    """Send it back to its makers with ``comment`` (required): they edit it and submit it again."""
    require(by, "commitments.review_commitment", commitment)
    commitment = _fresh(commitment)
    _must_be_submitted(commitment)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what must change.")})
    commitment.status = CommitmentStatus.CHANGES_REQUESTED
    commitment.review_comment = comment
    try:
        save_validated(commitment, by)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "review_comment" in error.error_dict:
            raise ValidationError({"comment": error.error_dict["review_comment"]}) from None
        raise
    notify(
        _others(makers_of(commitment), by),
        subject=CHANGES_SUBJECT,
        body=CHANGES_BODY,
        context=_context(commitment, comment=comment),
        link=_edit_link(commitment),
    )
    return commitment


def publish_problems(commitment: Commitment) -> list[str]:
    """Why ``commitment`` may not be published now (empty: it may)."""
    problems = smart.failures(smart.check(commitment))
    review_ = commitment.smart_review or {}
    missing = [letter for letter in smart.LETTERS if not isinstance(review_.get(letter), dict)]
    not_ok = [letter for letter in smart.LETTERS if letter not in missing and not review_[letter].get("ok")]
    if missing:
        problems.append(_("The secretariat’s verdict is missing for: %(letters)s.") % {"letters": ", ".join(missing)})
    if not_ok:
        problems.append(_("The secretariat’s verdict is not ok for: %(letters)s.") % {"letters": ", ".join(not_ok)})
    return problems


@transaction.atomic
def publish(*, by, commitment: Commitment) -> Commitment:
    """Publish a submitted commitment: every letter passes the automatic checks and the secretariat's verdicts
    are all ok. It enters the registry (the public pages' cache is renewed); its makers and confirmed
    co-implementers are told, with the link to its page."""
    require(by, "commitments.publish_commitment", commitment)
    commitment = _fresh(commitment)
    _must_be_submitted(commitment)
    problems = publish_problems(commitment)
    if problems:
        raise ValidationError(problems, code="not_publishable")
    commitment.status = CommitmentStatus.PUBLISHED
    commitment.published_at = timezone.now()
    commitment.light, commitment.light_computed_at = Light.GREEN, commitment.published_at  # lights.light_of's
    commitment.review_comment = ""
    save_validated(commitment, by)
    public_pages_changed()
    notify(
        _others(makers_of(commitment, with_co_implementers=True), by),
        subject=PUBLISHED_SUBJECT,
        body=PUBLISHED_BODY,
        context=_context(commitment),
        link=commitment.get_absolute_url(),
    )
    return commitment


@transaction.atomic
def close(*, by, commitment: Commitment, reason: str) -> Commitment:
    """Close it (not completed): the secretariat, with the reason, which its page shows. Its makers are told."""
    require(by, "commitments.close_commitment", commitment)
    commitment = _fresh(commitment)
    if commitment.status in (CommitmentStatus.CLOSED, CommitmentStatus.COMPLETED):
        raise ValidationError(
            _("It is “%(status)s” already.") % {"status": commitment.get_status_display()}, code="ended"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is closed.")})
    was_public = commitment.status in PUBLIC_STATUSES
    commitment.status = CommitmentStatus.CLOSED
    commitment.closed_at = timezone.now()
    commitment.closed_reason = reason
    commitment.light = Light.CLOSED
    try:
        save_validated(commitment, by)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "closed_reason" in error.error_dict:
            raise ValidationError({"reason": error.error_dict["closed_reason"]}) from None
        raise
    if was_public:
        public_pages_changed()
    notify(
        _others(makers_of(commitment), by),
        subject=CLOSED_SUBJECT,
        body=CLOSED_BODY,
        context=_context(commitment, reason=reason),
        link=commitment.get_absolute_url() if was_public else reverse("commitments:mine"),
    )
    return commitment


def parties_for(user) -> list:
    """Whom ``user`` may commit for: the organisations, countries and Action Groups they speak for (the
    secretariat: everyone, listed by the form)."""
    from alliance87.network.models import ActionGroup, Country, Organisation  # noqa: PLC0415

    found = []
    for model in (Organisation, Country, ActionGroup):
        ids = user.scopes_for(ROLE_FOR[kind_of(model)], model)
        if ids:
            found.extend(sorted(model.objects.filter(pk__in=ids), key=str))
    return found


def made_by(user):
    """The commitments ``user`` makes: led by a party they speak for, or started by them."""
    from django.db.models import Q  # noqa: PLC0415

    query = Q(created_by=user)
    for party in parties_for(user):
        query |= Q(**{LEAD_FIELD[kind_of(party)]: party})
    return (
        Commitment.objects.filter(query)
        .select_related("lead_organisation", "lead_country", "lead_action_group")
        .order_by("-updated_at", "pk")
    )
