"""Reading experiences: the public list with its filters, one experience's page, each person's own, the
secretariat's review queue, and the section on the pages an experience is about. Never a withdrawn one on a
public surface; never a teller's name without consent (``Experience.public_teller``)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import Http404

from alliance87.accounts.models import Role
from alliance87.network.models import ActionGroup, Country, Organisation

from .models import Experience, ExperienceMedia, ExperienceStatus
from .rules import EDITABLE


class Gone(Exception):
    """The experience was withdrawn: its page answers 410."""

    def __init__(self, experience):
        super().__init__(experience.slug)
        self.experience = experience


@dataclass
class Filters:
    q: str = ""
    country: str = ""  # ISO code, lower case
    group: str = ""  # Action Group slug
    priority: str = ""  # priority slug
    kind: str = ""


def published():
    return Experience.objects.published()


def for_list(filters: Filters):
    """The published experiences matching ``filters``, each with what its card shows (three queries)."""
    qs = published().select_related("organisation", "action_group")
    if filters.q.strip():
        from alliance87.search.engine import matching_ids  # noqa: PLC0415 -- may raise QueryRefused
        from alliance87.search.models import Kind  # noqa: PLC0415

        qs = qs.filter(pk__in=matching_ids(filters.q, Kind.EXPERIENCE))
    if filters.country:
        qs = qs.filter(countries__code=filters.country.upper())
    if filters.group:
        qs = qs.filter(action_group__slug=filters.group)
    if filters.priority:
        qs = qs.filter(priorities__slug=filters.priority)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.distinct().prefetch_related("countries").order_by("-published_at", "pk")


def filter_choices() -> dict:
    """What the list's filters offer: only what some published experience is about."""
    from alliance87.engagement.models import Priority  # noqa: PLC0415

    shown = published()
    return {
        "countries": sorted(Country.objects.filter(experiences__in=shown).distinct(), key=lambda c: c.name),
        "groups": list(ActionGroup.objects.filter(experiences__in=shown).distinct().order_by("name")),
        "priorities": list(Priority.objects.published().filter(experiences__in=shown).distinct()),
    }


def _with_everything(qs):
    from alliance87.commitments.models import Commitment  # noqa: PLC0415
    from alliance87.engagement.models import Priority  # noqa: PLC0415

    return qs.select_related("organisation", "action_group", "from_update").prefetch_related(
        "countries",
        Prefetch("priorities", queryset=Priority.objects.published()),
        Prefetch("commitments", queryset=Commitment.objects.public()),
        "media",
    )


def experience_for_page(slug: str, user) -> Experience:
    """Published: for anyone. Withdrawn: ``Gone`` for anyone (its page answers 410). A draft, submitted or
    returned one: for its sharers and the secretariat, else a 404 (as if it did not exist)."""
    experience = _with_everything(Experience.objects.filter(slug=slug)).first()
    if experience is None:
        raise Http404
    if experience.status == ExperienceStatus.WITHDRAWN:
        raise Gone(experience)
    if not user.has_perm("exchange.view_experience", experience):
        raise Http404
    return experience


def experience_to_change(slug: str, user) -> Experience:
    """For the edit and review pages: an unknown slug is a 404, someone who may not even see it a 404, a
    sharer or the secretariat who may not change it now a 403 (raised by the caller's check)."""
    experience = _with_everything(Experience.objects.filter(slug=slug)).first()
    if experience is None or not user.has_perm("exchange.view_experience", experience):
        raise Http404
    return experience


def shown_media(experience: Experience, user) -> list[ExperienceMedia]:
    """What its page shows: to the public only what may be shown (a picture of people only with their
    recorded consent); its sharers and the secretariat see every one (marked when not public)."""
    media = list(experience.media.all())
    if user.has_perm("exchange.withdraw_experience", experience):  # its sharers and the secretariat
        return media
    return [m for m in media if m.may_be_shown]


def of_user(user):
    """The experiences ``user`` shares (wrote, or shares for their organisation or Action Group), newest first."""
    orgs = user.scopes_for(Role.PARTNER_EDITOR, Organisation)
    groups = user.scopes_for(Role.ACTION_GROUP_LEAD, ActionGroup)
    condition = Q(created_by=user) | Q(organisation__in=orgs) | Q(action_group__in=groups)
    return Experience.objects.filter(condition).distinct().order_by("-updated_at", "pk")


def waiting_for(user):
    """Drafts and experiences sent back, which wait for ``user``."""
    return of_user(user).filter(status__in=EDITABLE)


def to_review():
    return Experience.objects.filter(status=ExperienceStatus.SUBMITTED).order_by("submitted_at", "pk")


def about(obj, limit: int = 6):
    """The published experiences about ``obj`` (an organisation: shared by it; a country, an Action Group, a
    thematic priority or a commitment), newest first, in one query."""
    field = {
        "organisation": "organisation",
        "country": "countries",
        "actiongroup": "action_group",
        "priority": "priorities",
        "commitment": "commitments",
    }.get(obj._meta.model_name)
    if field is None:
        return Experience.objects.none()
    return published().filter(**{field: obj}).select_related("organisation").order_by("-published_at", "pk")[:limit]
