"""The moderators' console and the safeguarding focal point's page.

Every step is a form that POSTs and comes back (so the console works without JavaScript); with
htmx the same forms swap in the console's live part, which also refreshes itself: at once when
``artwork-stream.js`` hears of a change on the console's WebSocket, and every 2 s while the socket is
not live (every 15 s when it is), asking whether the banner's log grew: an unchanged log answers 204
and nothing moves. Several moderators can work at
once: a step another moderator already took answers with the service's message.

What contributors wrote is only ever text here: messages are escaped, drawings are drawn as SVG
polylines from their numbers, never from anything the phone sent as markup.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import services
from ..forms import EraseRegionForm, FreezeForm, StepForm
from ..models import Banner, Contribution, LogEntry, MutedDevice
from ..vocab import LogKind, Status
from . import safeguarding as safeguarding_pages

QUEUE_SIZE = 50
RECENT_SIZE = 20
LOG_SIZE = 25
POLL_SECONDS = 2

STEP_STATUS = {
    "approve": Status.APPROVED,
    "reject": Status.REJECTED,
    "hide": Status.HIDDEN,
    "safeguarding": Status.SAFEGUARDING,
}
STEP_DONE = {
    "approve": gettext_lazy("Approved: column %(column)s, row %(row)s is on the wall."),
    "reject": gettext_lazy("Rejected: column %(column)s, row %(row)s stays off the wall."),
    "hide": gettext_lazy("Hidden: column %(column)s, row %(row)s left the wall."),
    "safeguarding": gettext_lazy("Sent to the safeguarding focal point: column %(column)s, row %(row)s."),
    "mute": gettext_lazy(
        "The phone that sent column %(column)s, row %(row)s is muted, and so are new phones on its network "
        "(phones that had already sent a mark from it carry on)."
    ),
    "unmute": gettext_lazy("The phone that sent column %(column)s, row %(row)s may contribute again."),
}


def drawing_lines(strokes) -> list[str]:
    """Each stroke as the ``points`` of an SVG polyline in a 1 × 1 box: numbers only, whatever was stored."""
    lines = []
    for stroke in strokes if isinstance(strokes, list) else []:
        points = []
        for point in stroke if isinstance(stroke, list) else []:
            try:
                x, y = (min(1.0, max(0.0, float(v))) for v in point)
            except (TypeError, ValueError):
                continue
            points.append(f"{x:.3f},{y:.3f}")
        if points:
            lines.append(" ".join(points if len(points) > 1 else points * 2))
    return lines


def banner_to_moderate(slug: str, user) -> Banner:
    banner = get_object_or_404(Banner.objects.select_related("event"), slug=slug)
    if not user.has_perm("artwork.moderate", banner):
        raise PermissionDenied
    return banner


def _zone(banner: Banner) -> str:
    return banner.event.time_zone if banner.event_id and banner.event.time_zone else "UTC"


def _card(contribution: Contribution, muted: set[str], names: dict) -> dict:
    return {
        "c": contribution,
        "colour_name": names.get(contribution.colour, contribution.colour),
        "column": contribution.x + 1,
        "row": contribution.y + 1,
        "lines": drawing_lines(contribution.drawing),
        "muted": contribution.device in muted,
    }


def _colour_names(banner: Banner) -> dict:
    """#RRGGBB → the colour's name, in the reader's language when the name is one of the default palette's."""
    return {entry["hex"].upper(): _(entry.get("name") or entry["hex"]) for entry in banner.palette}


def console_state(banner: Banner, user) -> dict:
    """The console's live part: the freeze switch, the queue, what was approved lately, the last steps."""
    banner.refresh_from_db(fields=["frozen", "last_seq"])
    names = _colour_names(banner)
    muted = set(MutedDevice.objects.filter(banner=banner).values_list("device", flat=True))
    pending = Contribution.objects.filter(banner=banner, status=Status.PENDING)
    queue = [_card(c, muted, names) for c in pending.order_by("created_at", "pk")[:QUEUE_SIZE]]
    has_content = ~(Q(message="") & Q(first_name="") & Q(drawing=[]))
    recent = (
        Contribution.objects.filter(banner=banner, status=Status.APPROVED)
        .filter(has_content)
        .order_by("-decided_at", "-pk")[:RECENT_SIZE]
    )
    steps = (
        LogEntry.objects.filter(banner=banner, by__isnull=False)
        .select_related("by", "contribution")
        .order_by("-seq")[:LOG_SIZE]
    )
    counts = dict(
        pending=pending.count(),
        safeguarding=Contribution.objects.filter(banner=banner, status=Status.SAFEGUARDING).count(),
        approved=Contribution.objects.filter(banner=banner, status=Status.APPROVED).count(),
    )
    return {
        "banner": banner,
        "seq": banner.last_seq,
        "queue": queue,
        "more_pending": max(0, counts["pending"] - len(queue)),
        "recent": [_card(c, muted, names) for c in recent],
        "steps": steps,
        "counts": counts,
        "can_safeguard": user.has_perm("artwork.safeguard"),
        "zone": _zone(banner),
    }


def _live_url(banner: Banner, seq: int) -> str:
    return f"{reverse('artwork:moderate', args=[banner.slug])}?since={seq}"


@never_cache
@login_required
def console(request, slug: str, erase_form: EraseRegionForm | None = None):
    banner = banner_to_moderate(slug, request.user)
    since = request.GET.get("since", "")
    if request.headers.get("HX-Request") and since.isdigit():
        # The live part asks whether anything changed: nothing moves while the log stands still.
        current = Banner.objects.values_list("last_seq", flat=True).get(pk=banner.pk)
        if current == int(since):
            return HttpResponse(status=204)
        return render(request, "artwork/moderate/console.html#live", _console_context(request, banner, fragment=True))
    # Personal data past its retention goes even where no daily job runs (at most once an hour; cheap).
    services.erase_expired_personal_data_now_and_then()
    context = _console_context(request, banner)
    context["erase_form"] = erase_form or EraseRegionForm(banner=banner)
    return render(request, "artwork/moderate/console.html", context)


def _console_context(request, banner: Banner, *, fragment: bool = False) -> dict:
    """``fragment``: only the live part is rendered, so it shows the messages (the page shows them above)."""
    state = console_state(banner, request.user)
    stream = bool(finders.find("js/artwork-stream.js"))
    state.update(
        live_url=_live_url(banner, state["seq"]),
        poll_seconds=POLL_SECONDS,
        stream=stream,
        stream_labels={
            "connecting": _("Connecting…"),
            "live": _("Live: updated as it happens"),
            "reconnecting": _("Reconnecting… updated every 2 seconds meanwhile"),
            "closed": _("Not live: updated every 2 seconds"),
        },
        socket_url=f"/ws/artwork/{banner.slug}/console/",
        fragment=fragment,
    )
    return state


def _back(request, banner: Banner, *, to_safeguarding: bool = False):
    """After a step: the live part again for htmx, else a redirect to the page the step came from."""
    if request.headers.get("HX-Request") and not to_safeguarding:
        return render(request, "artwork/moderate/console.html#live", _console_context(request, banner, fragment=True))
    name = "artwork:safeguarding" if to_safeguarding else "artwork:moderate"
    return redirect(name, slug=banner.slug)


@login_required
@require_POST
def step(request, slug: str):
    """One step on one contribution: approve, reject, hide, route to safeguarding, mute or unmute its phone."""
    banner = get_object_or_404(Banner.objects.select_related("event"), slug=slug)
    user = request.user
    if not (user.has_perm("artwork.moderate", banner) or user.has_perm("artwork.safeguard")):
        raise PermissionDenied
    form = StepForm(request.POST)
    to_safeguarding = request.POST.get("next") == "safeguarding"
    if not form.is_valid():
        messages.error(request, _("That step could not be read; reload the page and try again."))
        return _back(request, banner, to_safeguarding=to_safeguarding)
    action = form.cleaned_data["action"]
    contribution = get_object_or_404(
        Contribution.objects.select_related("banner"), pk=form.cleaned_data["contribution"], banner=banner
    )
    try:
        if action in ("mute", "unmute"):
            services.mute_device(contribution=contribution, by=user, muted=action == "mute")
        else:
            services.moderate(contribution=contribution, by=user, status=STEP_STATUS[action])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, STEP_DONE[action] % {"column": contribution.x + 1, "row": contribution.y + 1})
    return _back(request, banner, to_safeguarding=to_safeguarding)


@login_required
@require_POST
def freeze(request, slug: str):
    banner = banner_to_moderate(slug, request.user)
    form = FreezeForm(request.POST)
    if form.is_valid():
        frozen = form.cleaned_data["frozen"]
        services.freeze(banner=banner, by=request.user, frozen=frozen)
        messages.success(
            request,
            _("The wall is frozen: it shows nothing new until you unfreeze it.")
            if frozen
            else _("The wall is live again."),
        )
    return _back(request, banner)


@login_required
@require_POST
def erase(request, slug: str):
    """Erase every contribution in a rectangle of cells: they leave the wall and their cells are free again."""
    banner = banner_to_moderate(slug, request.user)
    form = EraseRegionForm(request.POST, banner=banner)
    if not form.is_valid():
        # The console comes back at its top and the form is at its foot: the cursor goes to the first
        # field to correct, so its error is on screen (and read with it).
        first = next((name for name in form.fields if name in form.errors), next(iter(form.fields)))
        form.fields[first].widget.attrs["autofocus"] = True
        return console(request, slug, erase_form=form)
    entry = services.erase_region(banner=banner, by=request.user, **form.corners())
    if entry is None:
        messages.info(request, _("Nothing to erase: no contribution in that region."))
    else:
        messages.success(
            request,
            _("Erased %(count)d contributions.") % {"count": len(entry.data["ids"])},
        )
    return redirect("artwork:moderate", slug=banner.slug)


@never_cache
@login_required
def safeguarding(request, slug: str):
    """Contributions that may be a disclosure of harm, for the safeguarding focal point to route."""
    banner = get_object_or_404(Banner.objects.select_related("event"), slug=slug)
    if not request.user.has_perm("artwork.safeguard"):
        raise PermissionDenied
    held = list(Contribution.objects.filter(banner=banner, status=Status.SAFEGUARDING).order_by("created_at", "pk"))
    # Withdrawn by their sender while held here: still listed, so a possible disclosure is not lost.
    withdrawn = list(
        Contribution.objects.filter(
            banner=banner,
            status=Status.WITHDRAWN,
            log_entries__kind=LogKind.HIDDEN,
            log_entries__data__withdrawn_from=Status.SAFEGUARDING.value,
        ).order_by("created_at", "pk")
    )
    routed = {
        entry.contribution_id: entry
        for entry in LogEntry.objects.filter(
            banner=banner, kind=LogKind.ROUTED, contribution__in=[c.pk for c in held]
        ).select_related("by")
    }
    names = _colour_names(banner)
    cards = []
    for contribution in held:
        card = _card(contribution, set(), names)
        card["routed"] = routed.get(contribution.pk)
        cards.append(card)
    return render(
        request,
        "artwork/moderate/safeguarding.html",
        {
            "banner": banner,
            "cards": cards,
            "withdrawn": [_card(contribution, set(), names) for contribution in withdrawn],
            "zone": _zone(banner),
            "queues": safeguarding_pages.queues(),
            "current_banner": banner.slug,
        },
    )


urls = [
    path("artwork/<slug:slug>/moderate/", console, name="moderate"),
    path("artwork/<slug:slug>/moderate/step/", step, name="moderate_step"),
    path("artwork/<slug:slug>/moderate/freeze/", freeze, name="moderate_freeze"),
    path("artwork/<slug:slug>/moderate/erase/", erase, name="moderate_erase"),
    path("artwork/<slug:slug>/safeguarding/", safeguarding, name="safeguarding"),
]
