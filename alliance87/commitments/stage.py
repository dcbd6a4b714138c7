"""From the stage to the registry: an event's takeaways and its invitations to commit (issue 16, part 4).

Rights: every write is the event organiser's or the secretariat's (``commitments.manage_event_follow_up``
asked with the event), checked here for pages and commands alike; answering an invitation is for someone who
speaks for the invited organisation or country (``rules.speaks_for``), or the secretariat.

- A **takeaway** is a sentence of the conversation, in the language it was written in, optionally tied to an
  agenda item, pointing to published thematic priorities. Takeaways are shown publicly once the event took
  place (``public_takeaways``).
- An **invitation** is one per organisation or country and event: a link with a random token, of which only
  the SHA-256 is kept (as the second round keeps its participants' keys), so the link can be copied only
  when it is made (``new_link`` makes a new one, and the old link stops working). Sending it tells the
  people who speak for that organisation or country, each in their language.
- The **outcome** (``outcome``) is the side event's first expected outcome, counted from the data: makers
  invited, who opened the link, who committed, whose commitment is published, and on track.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87.accounts.models import Role
from alliance87.accounts.rules import is_secretariat
from alliance87.accounts.selectors import users_with_role
from alliance87.engagement.models import Priority, PriorityStatus
from alliance87.events.models import AgendaItem, Event, Participation
from alliance87.network.models import Country, Organisation
from alliance87.notify import notify
from alliance87.pagecache import public_pages_changed
from alliance87.writes import require, save_validated

from . import rules as commitment_rules  # noqa: F401 -- registers the commitments' rules
from .models import PUBLIC_STATUSES, Commitment, Invitation, Light, Takeaway
from .rules import speaks_for

PERM = "commitments.manage_event_follow_up"
TOKEN_BYTES = 24  # 192 bits in the link
TAKEAWAY_FIELDS = {"text", "language", "agenda_item"}

INVITED_SUBJECT = gettext_lazy("Commit after “%(event)s”: an invitation for %(maker)s")
INVITED_BODY = gettext_lazy(
    "The organisers of “%(event)s” invite %(maker)s to make a commitment on the thematic priorities the "
    "conversation pointed to: %(priorities)s.\n\n%(message)s"
    "The link opens the commitment form for %(maker)s, with those priorities chosen. It is for the people "
    "who speak for %(maker)s on the platform; sign in first."
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return reverse("commitments:invitation", args=[token])


# --- Takeaways -------------------------------------------------------------------------------------------


def _published_priorities(priorities) -> list[Priority]:
    """``priorities`` (objects or keys), refused with the field's name unless each is published."""
    keys = [p.pk if isinstance(p, Priority) else p for p in priorities or ()]
    found = list(Priority.objects.filter(pk__in=keys, status=PriorityStatus.PUBLISHED))
    if len(found) != len(set(keys)):
        raise ValidationError({"priorities": _("Choose published thematic priorities only.")})
    return found


def _check_item(event: Event, item: AgendaItem | None) -> None:
    if item is not None and item.event_id != event.pk:
        raise ValidationError({"agenda_item": _("This item belongs to another event.")})


def add_takeaway(*, by, event: Event, text: str, language: str = "en", agenda_item=None, priorities=()) -> Takeaway:
    require(by, PERM, event)
    _check_item(event, agenda_item)
    with transaction.atomic():
        last = Takeaway.objects.filter(event=event).aggregate(m=Max("position"))["m"]
        takeaway = Takeaway(
            event=event,
            text=(text or "").strip(),
            language=language or "en",
            agenda_item=agenda_item,
            position=0 if last is None else last + 1,
            created_by=by,
        )
        chosen = _published_priorities(priorities)
        save_validated(takeaway, by)
        takeaway.priorities.set(chosen)
    public_pages_changed()
    return takeaway


def edit_takeaway(*, by, takeaway: Takeaway, priorities=None, **changes) -> Takeaway:
    require(by, PERM, takeaway.event)
    unknown = set(changes) - TAKEAWAY_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if "agenda_item" in changes:
        _check_item(takeaway.event, changes["agenda_item"])
    with transaction.atomic():
        for name, value in changes.items():
            setattr(takeaway, name, value.strip() if isinstance(value, str) else value)
        chosen = _published_priorities(priorities) if priorities is not None else None
        save_validated(takeaway, by)
        if chosen is not None:
            takeaway.priorities.set(chosen)
    public_pages_changed()
    return takeaway


def delete_takeaway(*, by, takeaway: Takeaway) -> None:
    require(by, PERM, takeaway.event)
    takeaway._history_user = by
    takeaway.delete()
    public_pages_changed()


def move_takeaway(*, by, takeaway: Takeaway, step: int) -> None:
    """Move ``takeaway`` one place up (``step`` -1) or down (+1); the positions are renumbered 0, 1, 2…"""
    require(by, PERM, takeaway.event)
    with transaction.atomic():
        rows = list(Takeaway.objects.select_for_update().filter(event_id=takeaway.event_id).order_by("position", "pk"))
        index = next(i for i, row in enumerate(rows) if row.pk == takeaway.pk)
        target = index + (1 if step > 0 else -1)
        if 0 <= target < len(rows):
            rows[index], rows[target] = rows[target], rows[index]
        for position, row in enumerate(rows):
            if row.position != position:
                Takeaway.objects.filter(pk=row.pk).update(position=position)
    public_pages_changed()


def takeaways_of(event: Event) -> list[Takeaway]:
    return list(
        Takeaway.objects.filter(event=event)
        .select_related("agenda_item")
        .prefetch_related("priorities")
        .order_by("position", "pk")
    )


def has_taken_place(event: Event) -> bool:
    return event.ends_at <= timezone.now()


def public_takeaways(event: Event) -> list[Takeaway]:
    """What the public sees: the takeaways once the event took place, with their published priorities only."""
    if not has_taken_place(event):
        return []
    rows = takeaways_of(event)
    for row in rows:
        row.public_priorities = [p for p in row.priorities.all() if p.status == PriorityStatus.PUBLISHED]
    return rows


# --- Invitations -----------------------------------------------------------------------------------------


@dataclass
class Candidates:
    organisations: list[Organisation]
    countries: list[Country]


def candidates(event: Event) -> Candidates:
    """Whom the organiser may invite: the event's organisations, its participants' organisations, and the
    countries: Pathfinder Countries and those of these organisations (the example country for an example
    event)."""
    person_orgs = Participation.objects.filter(event=event, person__organisation__isnull=False).values(
        "person__organisation"
    )
    organisations = list(
        Organisation.objects.filter(Q(events__event=event) | Q(pk__in=person_orgs)).distinct().order_by("name")
    )
    country_q = Q(is_pathfinder=True, is_example=False) | Q(
        pk__in=[o.country_id for o in organisations if o.country_id]
    )
    if event.is_example:
        country_q |= Q(is_example=True)
    countries = sorted(Country.objects.filter(country_q).distinct(), key=lambda c: c.name)
    return Candidates(organisations, countries)


def _speakers(maker):
    role = Role.PARTNER_EDITOR if isinstance(maker, Organisation) else Role.COUNTRY_FOCAL_POINT
    return users_with_role(role, maker)


def _event_priorities(event: Event) -> list[Priority]:
    """The published priorities the event's takeaways point to, in their order."""
    return list(
        Priority.objects.filter(takeaways__event=event, status=PriorityStatus.PUBLISHED)
        .distinct()
        .order_by("position", "title", "pk")
    )


@dataclass
class NewLink:
    invitation: Invitation
    link: str  # the path with the token: shown once, never stored


def invite(*, by, event: Event, organisations=(), countries=(), message: str = "") -> list[NewLink]:
    """One invitation per organisation and country not invited yet (the others are left as they are), each
    sent by e-mail to the people who speak for it. Returns the new links, to show once."""
    require(by, PERM, event)
    allowed = candidates(event)
    allowed_orgs = {o.pk for o in allowed.organisations}
    allowed_countries = {c.pk for c in allowed.countries}
    organisations = list(organisations)
    countries = list(countries)
    if not organisations and not countries:
        raise ValidationError({"organisations": _("Choose at least one organisation or country to invite.")})
    if any(o.pk not in allowed_orgs for o in organisations):
        raise ValidationError({"organisations": _("Choose among the event’s organisations and its speakers’.")})
    if any(c.pk not in allowed_countries for c in countries):
        raise ValidationError({"countries": _("Choose among the countries offered.")})
    message = (message or "").strip()
    priorities = _event_priorities(event)
    made: list[NewLink] = []
    with transaction.atomic():
        already_orgs = set(Invitation.objects.filter(event=event).values_list("organisation_id", flat=True))
        already_countries = set(Invitation.objects.filter(event=event).values_list("country_id", flat=True))
        makers = [("organisation", o) for o in organisations if o.pk not in already_orgs]
        makers += [("country", c) for c in countries if c.pk not in already_countries]
        for field, maker in makers:
            token = secrets.token_urlsafe(TOKEN_BYTES)
            invitation = Invitation(
                event=event, token_hash=token_hash(token), message=message, created_by=by, **{field: maker}
            )
            save_validated(invitation, by)
            invitation.priorities.set(priorities)
            link = invitation_link(token)
            sent = notify(
                _speakers(maker),
                subject=INVITED_SUBJECT,
                body=INVITED_BODY,
                context={
                    "event": event.title,
                    "maker": str(maker),
                    "priorities": ", ".join(p.title for p in priorities) or "-",
                    "message": f"{message}\n\n" if message else "",
                },
                link=link,
            )
            if sent:
                Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
                invitation.sent_at = timezone.now()
            made.append(NewLink(invitation, link))
    if made:
        public_pages_changed()  # the public takeaways page counts who was invited
    return made


def new_link(*, by, invitation: Invitation) -> NewLink:
    """A new token for ``invitation`` (to copy again); the old link stops working."""
    require(by, PERM, invitation.event)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash(token))
    invitation.token_hash = token_hash(token)
    return NewLink(invitation, invitation_link(token))


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation whose link holds ``token``, or None (the caller answers 404, whatever was wrong)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("event", "organisation", "country")
        .prefetch_related("priorities")
        .filter(token_hash=token_hash(token))
        .first()
    )


def may_answer(user, invitation: Invitation) -> bool:
    return speaks_for(user, invitation.maker) or is_secretariat(user)


def mark_opened(*, by, invitation: Invitation) -> None:
    """The first time someone who may answer opens the link (the organiser's own look does not count)."""
    if invitation.opened_at is None and speaks_for(by, invitation.maker):
        now = timezone.now()
        if Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=now):
            public_pages_changed()  # counted on the public takeaways page
        invitation.opened_at = now


def commit_from_invitation(*, by, invitation: Invitation, **fields) -> Commitment:
    """A draft commitment for the invited maker, recording the event and the invitation, with the invitation's
    priorities unless ``fields`` says otherwise. Made through the making services (H1) so it follows the same
    rules and tells the same people."""
    if not may_answer(by, invitation):
        raise PermissionDenied(_("You may not do this."))
    from .services import start_commitment  # noqa: PLC0415 -- the making part's services import this module's app

    maker_kind = "organisation" if invitation.organisation_id else "country"
    if fields.get("priorities") is None:
        fields["priorities"] = list(invitation.priorities.all())
    with transaction.atomic():
        commitment = start_commitment(
            by=by, maker_kind=maker_kind, lead=invitation.maker, event=invitation.event, invitation=invitation, **fields
        )
        if invitation.opened_at is None:
            Invitation.objects.filter(pk=invitation.pk).update(opened_at=timezone.now())
    return commitment


# --- What the follow-up measured --------------------------------------------------------------------------


@dataclass
class Outcome:
    invited: int
    opened: int
    committed: int
    published: int
    on_track: int
    commitments: int  # commitments made through the event's invitations, drafts included

    def share(self, count: int) -> int:
        return round(100 * count / self.invited) if self.invited else 0


def outcome(event: Event) -> Outcome:
    """The side event's outcome 1, from the data (two queries): of the makers invited, how many opened the
    link, committed (a commitment made through it, even a draft), had it published, and are on track (a
    public commitment whose status light is green or completed)."""
    public = Q(commitments__status__in=PUBLIC_STATUSES)
    on_track = public & Q(commitments__light__in=[Light.GREEN, Light.DONE])
    counts = Invitation.objects.filter(event=event).aggregate(
        invited=Count("pk", distinct=True),
        opened=Count("pk", filter=Q(opened_at__isnull=False) | Q(commitments__isnull=False), distinct=True),
        committed=Count("pk", filter=Q(commitments__isnull=False), distinct=True),
        published=Count("pk", filter=public, distinct=True),
        on_track=Count("pk", filter=on_track, distinct=True),
    )
    made = Commitment.objects.filter(invitation__event=event).count()
    return Outcome(commitments=made, **counts)


def invitations_of(event: Event) -> list[Invitation]:
    return list(
        Invitation.objects.filter(event=event)
        .select_related("organisation", "country")
        .annotate(made=Count("commitments"))
        .order_by("created_at", "pk")
    )
