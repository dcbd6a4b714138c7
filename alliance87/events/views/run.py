"""The run-of-show pages: the console for those who run an event, and the speakers' full-screen countdown.

Both render the same snapshot (``live.run_state``) on the server, so they read without JavaScript;
``events-run.js`` then follows the event's WebSocket and keeps the clock ticking. The console's buttons
are forms that POST to ``control`` (which redirects back), and the script sends the same actions over
the socket when it is connected.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import live, selectors
from ..models import Event
from ..vocab import EventStatus, ItemKind

# What each action is called on a button, and what the page says once it is done (no-JavaScript path).
DONE = {
    "start": gettext_lazy("The show has started."),
    "pause": gettext_lazy("The clock is paused."),
    "resume": gettext_lazy("The clock is running again."),
    "next": gettext_lazy("Moved to the next segment."),
    "back": gettext_lazy("Moved back to the previous segment."),
    "end": gettext_lazy("The show has ended."),
    "reset": gettext_lazy("The run-of-show is reset: ready to start."),
}


def _labels() -> dict:
    """The words the script shows, in the page's language (the snapshot itself carries only codes)."""
    return {
        "states": {
            "ready": _("Not started"),
            "running": _("Running"),
            "paused": _("Paused"),
            "ended": _("Ended"),
        },
        "warnings": {
            "on_time": _("On time"),
            "last_two_minutes": _("Last two minutes"),
            "overrun": _("Overrun"),
        },
        "kinds": dict(ItemKind.choices),
        "segment_of": _("Segment %(index)s of %(count)s"),
        "minutes": _("%(minutes)s min"),
        "live": _("Live"),
        "connecting": _("Connecting…"),
        "reconnecting": _("Reconnecting…"),
        "now": _("Now: %(title)s"),
        "now_short": _("Now"),
        "done": _("Done"),
        "starts_with": _("Starts with"),
        "ended": _("The session has ended."),
        "no_next": _("This is the last segment."),
        "behind": _("%(minutes)s behind plan"),
        "ahead": _("%(minutes)s ahead of plan"),
        "on_plan": _("On plan"),
        "projected_over": _("Projected to end %(minutes)s over the slot"),
        "projected_within": _("Projected to end within the slot"),
        "start": pgettext("run-of-show control", "Start"),
        "pause": _("Pause"),
        "resume": _("Resume"),
        "next": _("Next"),
        "end": _("End show"),
        "two_minutes_left": _("Two minutes left."),
        "overrun_announce": _("Overrun: the segment's time is up."),
        "confirm_reset": _("Reset the run-of-show? The clock and the actual times are cleared."),
        "confirm_end": _("End the show now?"),
    }


def _minutes(labels: dict, seconds: float) -> str:
    return labels["minutes"] % {"minutes": round(abs(seconds) / 60)}


def _kind_label(labels: dict, item: dict | None) -> str:
    """The segment's kind, unless its title already says it ("Opening remarks")."""
    if not item:
        return ""
    label = str(labels["kinds"].get(item["kind"], ""))
    return "" if label.casefold() == item["title"].casefold() else label


def _other_language(snapshot: dict, item: dict | None) -> str:
    """The language to mark on an item's title when it is not the snapshot's (an English title standing in
    on a French screen); empty otherwise. ``events-run.js`` marks the same way."""
    if not item or item["title_lang"] == snapshot["language"]:
        return ""
    return item["title_lang"]


def _display(snapshot: dict, labels: dict) -> dict:
    """What the page shows at the instant of the snapshot, as ``events-run.js`` renders it (first paint,
    and the page without JavaScript)."""
    state, current, upcoming = snapshot["state"], snapshot["current"], snapshot["next"]
    shown = current or (upcoming if state == "ready" else None)
    if current:
        position = labels["segment_of"] % {"index": snapshot["index"] + 1, "count": snapshot["count"]}
        clock = live.clock_text(snapshot["remaining_seconds"], signed=True)
    elif shown:
        position, clock = labels["starts_with"], live.clock_text(shown["planned_seconds"])
    else:
        position, clock = labels["states"][state], live.clock_text(None)
    warning = snapshot["warning"]
    words = labels["warnings"][warning] if warning else labels["states"][state]
    if state == "paused" and warning:
        words = f"{labels['states']['paused']} · {words}"
    show = snapshot["show"]
    behind = show["behind_seconds"] or 0
    plan = labels["on_plan"]
    if behind >= 30:
        plan = labels["behind"] % {"minutes": _minutes(labels, behind)}
    elif behind <= -30:
        plan = labels["ahead"] % {"minutes": _minutes(labels, behind)}
    over = show["projected_over_seconds"] or 0
    next_item = upcoming if current else None
    next_meta = ""
    if next_item:
        next_meta = " · ".join(
            part for part in (labels["minutes"] % {"minutes": next_item["planned_minutes"]}, next_item["lead"]) if part
        )
    return {
        "position": position,
        "title": shown["title"] if shown else (labels["ended"] if state == "ended" else ""),
        "title_lang": _other_language(snapshot, shown),
        "kind": _kind_label(labels, shown),
        "lead": shown["lead"] if shown else "",
        "notes": current.get("notes", "") if current else "",
        "clock": clock,
        "warning": warning or "none",
        "warning_text": words,
        "state_text": labels["states"][state],
        "next_title": next_item["title"] if next_item else ("" if state == "ready" else labels["no_next"]),
        "next_title_lang": _other_language(snapshot, next_item),
        "next_meta": next_meta,
        "show_elapsed": " / ".join(
            (live.clock_text(int(show["elapsed_seconds"] or 0)), live.clock_text(show["slot_seconds"]))
        ),
        "show_plan": plan,
        "projection": "over" if over >= 30 else "within",
        "show_projection": (
            labels["projected_over"] % {"minutes": _minutes(labels, over)} if over >= 30 else labels["projected_within"]
        ),
    }


def _socket_url(event: Event) -> str:
    return f"/ws/events/{event.slug}/run/?lang={get_language() or 'en'}"


def _page_context(event: Event, snapshot: dict, *, can_run: bool) -> dict:
    labels = _labels()
    return {
        "event": event,
        "snapshot": snapshot,
        "show": _display(snapshot, labels),
        "labels": labels,
        "can_run": can_run,
        "socket_url": _socket_url(event),
        "state_url": reverse("events:run_state", args=[event.slug]),
    }


def _event_to_run(slug: str, user) -> Event:
    """The console's event: 404 for a draft one may not see (as for an unknown address), 403 if not one's to run."""
    return selectors.event_for(slug, user, "events.run_event", queryset=Event.objects.all())


def _event_to_follow(request, slug: str) -> tuple[Event, bool]:
    """The event and whether this user may run it; a draft only for those who may (404 for others)."""
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise Http404
    can_run = request.user.has_perm("events.run_event", event)
    if event.status != EventStatus.PUBLISHED and not can_run:
        raise Http404
    return event, can_run


@never_cache
@login_required
def console(request, slug: str):
    """The console: the current segment and its time left, the next one, the run sheet, and the controls."""
    event = _event_to_run(slug, request.user)
    snapshot = live.run_state(event, private=True)
    context = _page_context(event, snapshot, can_run=True)
    context["agenda"] = _run_sheet(event, snapshot)
    context["controls"] = live.available_actions(snapshot)
    return render(request, "events/run/console.html", context)


def _run_sheet(event: Event, snapshot: dict) -> list[dict]:
    """Each segment with its planned local start and what the snapshot knows of it."""
    by_pk = {item["pk"]: item for item in snapshot.get("items", [])}
    current = snapshot["current"]["pk"] if snapshot["current"] else None
    rows = []
    for scheduled in selectors.agenda_with_times(event):
        actual = by_pk.get(scheduled.item.pk, {}).get("actual_seconds")
        is_current = scheduled.item.pk == current
        if is_current:
            actual = snapshot["elapsed_seconds"]
        rows.append(
            {
                "item": scheduled.item,
                "starts_at": scheduled.starts_at,
                "actual_seconds": actual,
                "actual": "" if actual is None else live.clock_text(int(actual)),
                "is_current": is_current,
            }
        )
    return rows


@never_cache
def countdown(request, slug: str):
    """The speakers' view: the time left in the current segment, full screen; public for published events."""
    event, can_run = _event_to_follow(request, slug)
    snapshot = live.run_state(event)
    return render(request, "events/run/countdown.html", _page_context(event, snapshot, can_run=can_run))


@never_cache
def state(request, slug: str):
    """The snapshot as JSON: what the screens poll while their WebSocket cannot connect."""
    event, can_run = _event_to_follow(request, slug)
    return JsonResponse(live.run_state(event, private=can_run))


@login_required
@require_POST
def control(request, slug: str):
    """A console button without JavaScript: take the step, say what happened, and go back to the console."""
    event = _event_to_run(slug, request.user)
    action = request.POST.get("action", "")
    version = request.POST.get("version", "")
    try:
        live.run_control(
            event=event, by=request.user, action=action, expected_version=int(version) if version.isdigit() else None
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, DONE.get(action, ""))
    return redirect("events:run", slug=event.slug)


urls = [
    path("events/<slug:slug>/run/", console, name="run"),
    path("events/<slug:slug>/run/control/", control, name="run_control"),
    path("events/<slug:slug>/run/state.json", state, name="run_state"),
    path("events/<slug:slug>/countdown/", countdown, name="countdown"),
]
