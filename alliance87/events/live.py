"""The live run-of-show: one shared clock per event, moved by its organisers and moderators, followed by every screen.

``run_control`` is the one write (start, pause, resume, next, back, end, reset); ``run_state`` is the JSON
snapshot every screen renders from. The clock is kept as server timestamps: a snapshot carries
``server_now_ms`` and the seconds spent in the current segment at that instant, and each client adds the
time passed since, by its own clock corrected by its measured offset to the server's. So a reload, a
second device or a reconnect after a lost connection shows the same time left, without drift.

After each change commits, the new snapshot is sent to the event's channel group (``group_name``):
once in full (with the organisers' notes and names, for those who may run the event) and once public
(for anyone following a published event), each in every language the event's titles are written in.

Titles in the screen's language: a snapshot is built for one language (the page's, the socket's
``?lang=``); each title is in that language when the event or item has it, else in English, and says
which (``title_lang``), so a French or Arabic screen marks an English title ``lang="en"`` as the pages do.
"""

import json
import logging
import math
from datetime import datetime

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.translations import SOURCE_LANGUAGE, localised, page_language
from alliance87.writes import require

from .models import AgendaItem, Event, Participation, RunOfShow, RunState

log = logging.getLogger(__name__)
ACTIONS = ("start", "pause", "resume", "next", "back", "end", "reset")
LAST_MINUTES_SECONDS = 120  # "last two minutes"
ON_TIME, LAST_TWO_MINUTES, OVERRUN = "on_time", "last_two_minutes", "overrun"


def group_name(event: Event) -> str:
    """The channel group of an event's run-of-show (ASCII letters, digits, dots: what channel layers accept)."""
    return f"events.run.{event.pk}"


def available_actions(snapshot: dict) -> dict:
    """Which buttons the console offers for a snapshot (``events-run.js`` mirrors this).

    ``primary``: start, pause or resume (None once ended); ``back``: whether there is a segment before;
    ``forward``: "next", or "end" on the last segment (None before the start and after the end);
    ``end``: the separate "End show" button (while running, before the last segment); ``reset``.
    """
    state, index, count = snapshot["state"], snapshot["index"], snapshot["count"]
    on = state in (RunState.RUNNING, RunState.PAUSED)
    last = on and index is not None and index + 1 >= count
    return {
        "primary": {"ready": "start", "running": "pause", "paused": "resume"}.get(state),
        "back": on and bool(index),
        "forward": ("end" if last else "next") if on else None,
        "end": on and not last,
        "reset": state != RunState.READY,
    }


def _elapsed(run: RunOfShow, now: datetime) -> float:
    """Seconds spent in the current segment at ``now``: before the last pause, plus since the clock started."""
    running = run.elapsed_before_pause
    if run.state == RunState.RUNNING and run.segment_started_at is not None:
        running += max(0.0, (now - run.segment_started_at).total_seconds())
    return running


def _stop_segment_clock(run: RunOfShow, now: datetime) -> None:
    """Book the current segment's time into ``actual_seconds`` and clear its clock."""
    if run.current_item_id is not None:
        key = str(run.current_item_id)
        run.actual_seconds[key] = round(run.actual_seconds.get(key, 0) + _elapsed(run, now), 3)
    run.elapsed_before_pause = 0
    run.segment_started_at = None


def _enter(run: RunOfShow, item: AgendaItem, now: datetime) -> None:
    """Make ``item`` current. Its clock continues from the time it already had (going back), and runs
    unless the show is paused."""
    run.current_item = item
    run.elapsed_before_pause = float(run.actual_seconds.pop(str(item.pk), 0))
    run.segment_started_at = now if run.state == RunState.RUNNING else None


def _refuse(message: str, code: str) -> None:
    raise ValidationError({"action": ValidationError(message, code=code)})


def run_control(*, event: Event, by, action: str, expected_version: int | None = None) -> RunOfShow:
    """Move the event's run-of-show: ``start``, ``pause``, ``resume``, ``next``, ``back``, ``end`` or ``reset``.

    Requires ``events.run_event`` (the event's organisers and moderators, the secretariat). Takes a lock
    on the event's row, so two devices pressing "Next" at once advance once; with
    ``expected_version`` (the version the screen showed), a change made meanwhile by someone else is
    refused rather than repeated. Raises ValidationError under ``action`` (or ``expected_version``)
    when the step makes no sense now.

    Side effects: saves the run-of-show with ``version`` + 1 and a history record naming ``by`` and the
    action; after commit, sends the new snapshot to every screen following the event.
    """
    require(by, "events.run_event", event)
    if action not in ACTIONS:
        _refuse(_("Unknown action “%(action)s”.") % {"action": action}, "unknown_action")
    with transaction.atomic():
        # Lock the event's row (it always exists): steps on one event run one after the other, even the
        # first, which creates the run-of-show.
        Event.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True).first()
        run = RunOfShow.objects.filter(event=event).first() or RunOfShow(event=event)
        if expected_version is not None and int(expected_version) != run.version:
            raise ValidationError(
                {
                    "expected_version": ValidationError(
                        _("Someone else changed the show meanwhile; this screen now shows the current state."),
                        code="stale",
                    )
                }
            )
        now = timezone.now()
        items = list(event.items.order_by("position", "pk"))
        _apply(run, action, items, now)
        run.version += 1
        run._history_user = by
        run._change_reason = action
        run.save()
        transaction.on_commit(lambda: broadcast(event))
    return run


def _apply(run: RunOfShow, action: str, items: list[AgendaItem], now: datetime) -> None:  # noqa: PLR0912 -- one branch per action reads best
    state = run.state
    if action == "reset":
        run.state, run.current_item = RunState.READY, None
        run.segment_started_at, run.elapsed_before_pause = None, 0
        run.show_started_at = run.show_ended_at = None
        run.actual_seconds = {}
        return
    if action == "start":
        if state != RunState.READY:
            _refuse(_("The show has already started."), "started")
        if not items:
            _refuse(_("The agenda has no segments to run."), "empty")
        run.state, run.show_started_at = RunState.RUNNING, now
        _enter(run, items[0], now)
        return
    if state == RunState.READY:
        _refuse(_("The show has not started."), "not_started")
    if state == RunState.ENDED:
        _refuse(_("The show has ended. Reset it to run it again."), "ended")
    if action == "pause":
        if state == RunState.PAUSED:
            _refuse(_("The show is already paused."), "paused")
        run.elapsed_before_pause = _elapsed(run, now)
        run.segment_started_at, run.state = None, RunState.PAUSED
    elif action == "resume":
        if state == RunState.RUNNING:
            _refuse(_("The show is already running."), "running")
        run.segment_started_at, run.state = now, RunState.RUNNING
    elif action in ("next", "back"):
        index = _index_of(run, items)
        target = index + (1 if action == "next" else -1)
        if action == "next" and target >= len(items):
            _refuse(_("This is the last segment: end the show instead."), "last")
        if action == "back" and target < 0:
            _refuse(_("This is the first segment."), "first")
        _stop_segment_clock(run, now)
        _enter(run, items[target], now)
    elif action == "end":
        _stop_segment_clock(run, now)
        run.state, run.current_item, run.show_ended_at = RunState.ENDED, None, now


def _index_of(run: RunOfShow, items: list[AgendaItem]) -> int:
    for index, item in enumerate(items):
        if item.pk == run.current_item_id:
            return index
    if not items:
        _refuse(_("The agenda has no segments to run."), "empty")
    # The current segment was deleted from the agenda meanwhile: carry on from the first.
    return 0


# ---------------------------------------------------------------------------------------------
# The snapshot


def clock_text(seconds: float | None, *, signed: bool = False) -> str:
    """A time left as the screens show it: ``4:59`` (whole seconds rounded up, so 0:00 is the end),
    ``+0:30`` once over (``signed``), ``1:05:00`` past an hour. ``events-run.js`` formats the same way."""
    if seconds is None:
        return "–"
    over = seconds <= 0 and signed
    whole = math.floor(-seconds) if over else math.ceil(max(0.0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"+{text}" if over else text


def _lead_label(leads: list[Participation], *, private: bool) -> str:
    """Who leads the segment, as the programme prints them; names only with consent unless ``private``."""
    labels = []
    for participation in leads:
        name = participation.person.name if private else participation.public_name
        parts = [name, participation.printed_title, participation.printed_organisation]
        label = ", ".join(part for part in parts if part)
        if label:
            labels.append(label)
    return "; ".join(labels)


def _item_json(item: AgendaItem, *, private: bool, actual: float | None, starts_offset: int, language: str) -> dict:
    leads = [p for p in item.participations.all() if p.is_lead]
    title = localised(item, "title", language)
    data = {
        "pk": item.pk,
        "position": item.position,
        "title": str(title),
        "title_lang": title.lang,  # the language the title is written in: English where it stands in
        "kind": item.kind,
        "planned_minutes": item.duration_minutes,
        "planned_seconds": item.duration_minutes * 60,
        "planned_offset_seconds": starts_offset,  # planned start, seconds after the event's start
        "lead": _lead_label(leads, private=private),
        "actual_seconds": None if actual is None else round(actual, 1),
    }
    if private:
        description = localised(item, "description", language)
        data["notes"] = item.notes  # as the organisers wrote them: notes are not translated
        data["description"] = str(description)
        data["description_lang"] = description.lang
    return data


def _lead_participations():
    return Participation.objects.filter(is_lead=True).select_related("person").order_by("position", "pk")


def run_state(event: Event, *, private: bool = False, now: datetime | None = None, language: str | None = None) -> dict:
    """The snapshot every screen renders from (JSON-ready). ``private`` adds notes and names (organisers only);
    titles are in ``language`` (default: the active one) where the event has them, else in English.

    Three queries: the run-of-show, the items, their leads. Times are seconds; ``server_now_ms`` is the
    server's clock when the snapshot was made (milliseconds since the epoch, UTC).
    """
    run, items = _load(event)
    return _build(event, run, items, now or timezone.now(), private=private, language=language or page_language())


def _load(event: Event) -> tuple[RunOfShow, list[AgendaItem]]:
    run = RunOfShow.objects.filter(event=event).first() or RunOfShow(event=event)
    items = list(
        event.items.order_by("position", "pk").prefetch_related(
            Prefetch("participations", queryset=_lead_participations())
        )
    )
    return run, items


def _written_in(event: Event, items: list[AgendaItem]) -> list[str]:
    """The languages besides English that the event's or its items' titles are written in: any other
    language's snapshot is the English one (every title falls back, marked ``title_lang: "en"``)."""
    found = {
        code
        for record in (event, *items)
        for code, texts in (record.translations or {}).items()
        if isinstance(texts, dict) and texts
    }
    return [code for code, _name in settings.LANGUAGES if code in found and code != SOURCE_LANGUAGE]


def in_language(versions: dict[str, str], language: str) -> str:
    """The encoded snapshot for a screen in ``language``, from one version of ``broadcast``'s message."""
    return versions.get(language) or versions[SOURCE_LANGUAGE]


def _build(  # noqa: PLR0914 -- one flat snapshot
    event: Event, run: RunOfShow, items: list[AgendaItem], now: datetime, *, private: bool, language: str
) -> dict:
    elapsed = _elapsed(run, now)
    index = next((i for i, item in enumerate(items) if item.pk == run.current_item_id), None)
    if run.state == RunState.READY:
        index, elapsed = None, 0.0
    current = items[index] if index is not None else None
    upcoming = None
    if current is not None and index + 1 < len(items):
        upcoming = items[index + 1]
    elif run.state == RunState.READY and items:
        upcoming = items[0]  # what "Start" will begin with

    offsets, cursor = {}, 0
    for item in items:
        offsets[item.pk] = cursor
        cursor += item.duration_minutes * 60
    planned_total = cursor

    def as_json(item):
        if item is None:
            return None
        actual = run.actual_seconds.get(str(item.pk))
        return _item_json(item, private=private, actual=actual, starts_offset=offsets[item.pk], language=language)

    planned = current.duration_minutes * 60 if current else 0
    remaining = planned - elapsed if current else None
    warning = None
    if current is not None:
        if remaining <= 0:
            warning = OVERRUN
        elif remaining <= LAST_MINUTES_SECONDS:
            warning = LAST_TWO_MINUTES
        else:
            warning = ON_TIME

    # The show against its slot: wall-clock time since "Start" (pauses included: the room's clock does
    # not stop), and the projected length if every segment left takes its planned time.
    slot = int((event.ends_at - event.starts_at).total_seconds())
    show_elapsed = None
    projected = None
    if run.show_started_at is not None:
        end = run.show_ended_at or now
        show_elapsed = max(0.0, (end - run.show_started_at).total_seconds())
        later = sum(item.duration_minutes * 60 for item in items[index + 1 :]) if index is not None else 0
        projected = show_elapsed + (max(0.0, remaining) if remaining is not None else 0) + later
    # Ahead or behind the plan: finished segments' actual minus planned, plus the current one's overrun.
    behind = None
    if index is not None or run.state == RunState.ENDED:
        done = items[:index] if index is not None else items
        behind = sum(float(run.actual_seconds.get(str(i.pk), 0)) - i.duration_minutes * 60 for i in done)
        behind += max(0.0, -remaining) if remaining is not None else 0

    event_title = localised(event, "title", language)
    snapshot = {
        "type": "state",
        "version": run.version,
        "server_now": now.isoformat(),
        "server_now_ms": int(now.timestamp() * 1000),
        "state": run.state,
        "clock_running": run.state == RunState.RUNNING,
        "language": language,
        "event": {"slug": event.slug, "title": str(event_title), "title_lang": event_title.lang},
        "index": index,
        "count": len(items),
        "current": as_json(current),
        "next": as_json(upcoming),
        "elapsed_seconds": round(elapsed, 3),
        "planned_seconds": planned,
        "remaining_seconds": None if remaining is None else round(remaining, 3),
        "warning": warning,
        "show": {
            "started_at": run.show_started_at.isoformat() if run.show_started_at else None,
            "ended_at": run.show_ended_at.isoformat() if run.show_ended_at else None,
            "elapsed_seconds": None if show_elapsed is None else round(show_elapsed, 3),
            "slot_seconds": slot,
            "planned_seconds": planned_total,
            "projected_seconds": None if projected is None else round(projected, 3),
            "projected_over_seconds": None if projected is None else round(projected - slot, 3),
            "behind_seconds": None if behind is None else round(behind, 3),
            "overrun": projected is not None and projected > slot,
        },
        "private": private,
    }
    if private:
        snapshot["items"] = [as_json(item) for item in items]
    return snapshot


def broadcast(event: Event) -> None:
    """Send the current snapshot to every screen following the event (public and full versions).

    Called after commit by ``run_control``. The JSON is encoded once here, not once per screen: once per
    version and language the titles are written in (``{"public": {"en": …, "fr": …}, "private": …}``;
    a screen in a language not there takes the English, see ``in_language``).
    """
    layer = get_channel_layer()
    if layer is None:
        return
    now = timezone.now()
    run, items = _load(event)
    message = {"type": "run.state", "public": {}, "private": {}}
    for language in (SOURCE_LANGUAGE, *_written_in(event, items)):
        for version, private in (("public", False), ("private", True)):
            snapshot = _build(event, run, items, now, private=private, language=language)
            message[version][language] = json.dumps(snapshot, separators=(",", ":"))
    try:
        async_to_sync(layer.group_send)(group_name(event), message)
    except Exception:
        # The step is saved; the screens catch up at their next resynchronisation (every minute, and on
        # reconnecting). A channel layer that is down must not turn a saved step into an error.
        log.exception("run-of-show: could not send the new state of %s to its screens", event.slug)
