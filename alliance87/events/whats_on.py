"""What is on: the events happening now, coming and past, the one the home page features, the banners
open for contributions, and when any of that next changes (so a cached page never outlives it).

Reads only, with a fixed number of queries. The artwork's banners are read through the app registry
(``artwork.Banner`` names ``events.Event``; events does not import the artwork app).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from .models import Event
from .vocab import EventStatus, ItemKind

NOW, UPCOMING, PAST = "now", "upcoming", "past"


def phase(event: Event, now: datetime) -> str:
    """Whether ``event`` is happening ``now``, still to come, or over."""
    if now < event.starts_at:
        return UPCOMING
    if now < event.ends_at:
        return NOW
    return PAST


def visible_events(user):
    """The events ``user`` may see (rule ``events.view_event``), as a QuerySet: the published ones, and the
    drafts of the events they organise or moderate (every draft for the secretariat)."""
    published = Event.objects.published()
    if user is None or not user.is_authenticated:
        return published
    from alliance87.accounts.models import Role  # noqa: PLC0415 -- events' modules stay free of accounts at import
    from alliance87.accounts.rules import is_secretariat  # noqa: PLC0415

    if is_secretariat(user):
        return Event.objects.all()
    mine = user.scopes_for(Role.EVENT_ORGANISER, Event) | user.scopes_for(Role.MODERATOR, Event)
    return Event.objects.filter(Q(status=EventStatus.PUBLISHED) | Q(pk__in=mine))


@dataclass
class EventsIndex:
    now: list[Event] = field(default_factory=list)
    upcoming: list[Event] = field(default_factory=list)
    past: list[Event] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.now or self.upcoming or self.past)


def events_index(user, *, now: datetime | None = None) -> EventsIndex:
    """The events ``user`` may see, by phase: happening now and coming (soonest first), past (latest first).

    A conference's sessions are listed under the conference (``session_count``), not one by one, when the
    conference is listed too; a session whose conference the reader may not see is listed on its own.
    Each event has ``session_count`` (its sessions the reader may see). One query (three with the
    reader's roles, when not loaded yet).
    """
    now = now or timezone.now()
    visible = visible_events(user)
    events = list(
        visible.select_related("parent")
        .annotate(session_count=Count("side_events", filter=Q(side_events__in=visible), distinct=True))
        .order_by("starts_at", "title")
    )
    listed = {event.pk for event in events}
    index = EventsIndex()
    for event in events:
        if event.parent_id in listed:
            continue
        getattr(index, phase(event, now)).append(event)
    index.past.reverse()
    return index


@dataclass
class Featured:
    """The event the home page shows (happening now, else the next, else the latest past) and its live banners."""

    event: Event | None
    phase: str = ""
    banners: list = field(default_factory=list)


def featured_event(*, now: datetime | None = None) -> Event | None:
    """A published event: the one happening now (a conference before its sessions), else the next, else the
    latest past one."""
    now = now or timezone.now()
    published = Event.objects.published().select_related("parent")
    on_now = published.filter(starts_at__lte=now, ends_at__gt=now).order_by(
        F("parent").asc(nulls_first=True), "starts_at", "title"
    )
    coming = published.filter(starts_at__gt=now).order_by("starts_at", F("parent").asc(nulls_first=True), "title")
    past = published.filter(ends_at__lte=now).order_by("-ends_at", F("parent").asc(nulls_first=True), "title")
    # At most three queries: the first of each, in that order of preference.
    for queryset in (on_now, coming, past):
        event = queryset.first()
        if event is not None:
            return event
    return None


def _banner_model():
    return apps.get_model("artwork", "Banner") if apps.is_installed("alliance87.artwork") else None


def banners_of(event: Event):
    """The banners of ``event`` and of its conference, as a QuerySet (the conference's own first)."""
    Banner = _banner_model()  # noqa: N806 -- a model class
    if Banner is None:
        return []
    ids = [event.pk] + ([event.parent_id] if event.parent_id else [])
    return Banner.objects.filter(event_id__in=ids).order_by("-is_conference_banner", "title")


def live_banners(event: Event, *, now: datetime | None = None) -> list:
    """The banners of ``event`` (or its conference) open for contributions ``now``. One query."""
    now = now or timezone.now()
    return [banner for banner in banners_of(event) if banner.is_open(now)]


def featured(*, now: datetime | None = None) -> Featured:
    """What the home page shows about events: two queries at most (three with banners)."""
    now = now or timezone.now()
    event = featured_event(now=now)
    if event is None:
        return Featured(None)
    return Featured(event, phase(event, now), live_banners(event, now=now))


def next_change(*, now: datetime | None = None, events=None, banners=None) -> datetime | None:
    """The next moment after ``now`` when an event starts or ends, or a banner opens or closes: what the
    event pages and the home page show changes then. ``events`` and ``banners`` narrow the events
    (default: all published) and the banners (default: all). Two queries."""
    now = now or timezone.now()
    events = Event.objects.published() if events is None else events
    moments = events.aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now))
    )
    candidates = [moments["start"], moments["end"]]
    if banners is None:
        Banner = _banner_model()  # noqa: N806 -- a model class
        banners = Banner.objects.all() if Banner is not None else []
    if not isinstance(banners, list):  # a QuerySet (an empty list when the artwork app is not installed)
        window = banners.order_by().aggregate(
            opens=Min("opens_at", filter=Q(opens_at__gt=now)), closes=Min("closes_at", filter=Q(closes_at__gt=now))
        )
        candidates += [window["opens"], window["closes"]]
    found = [moment for moment in candidates if moment is not None]
    return min(found) if found else None


def next_change_of(events, banners, *, now: datetime) -> datetime | None:
    """``next_change`` for objects already loaded: no query."""
    moments = [moment for event in events for moment in (event.starts_at, event.ends_at)]
    moments += [moment for banner in banners for moment in (banner.opens_at, banner.closes_at)]
    future = [moment for moment in moments if moment is not None and moment > now]
    return min(future) if future else None


def cacheable_until(response, changes_at: datetime | None, *, now: datetime | None = None):
    """Let the public-page cache keep ``response`` only if it cannot outlive what it shows.

    A cached page lives ``PUBLIC_PAGE_CACHE_SECONDS``; when the page's content changes sooner (an event
    starts or ends, a banner closes), it is not stored, so no visitor is told that a banner is open
    after it closed. Returns the response.
    """
    now = now or timezone.now()
    lifetime = timedelta(seconds=settings.PUBLIC_PAGE_CACHE_SECONDS)
    response.public_page = changes_at is None or changes_at - now > lifetime
    return response


# An item that launches the artwork: the communication activity (the concept note's name for the
# co-created banner), or an item that names the artwork or a banner, in the languages the platform speaks.
ARTWORK_WORDS = ("artwork", "banner", "œuvre", "bannière", "banderole", "pancarta")


def is_artwork_item(item) -> bool:
    """Whether an agenda item is the artwork's moment (its launch), so the programme links the banner there."""
    if item.kind == ItemKind.COMMUNICATION_ACTIVITY:
        return True
    text = f"{item.title} {item.description}".casefold()
    return any(word in text for word in ARTWORK_WORDS)
