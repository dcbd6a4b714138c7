"""The artwork for screens: the wall, the time-lapse replay, the launch; the snapshot and the log as JSON;
the master prints.

- ``artwork:wall`` (public) is the venue screens' page: the mosaic as it is on the wall now (drawn on
  the server, so it reads without JavaScript), then ``artwork-wall.js`` follows the wall's WebSocket.
- ``artwork:replay`` (public) plays the public log from the first contribution to now.
- ``artwork:launch`` (public) reveals the banner in the closing segment.
- ``artwork:snapshot`` (public) is the wall's state as JSON, built at most once a second whatever the
  number of screens (``snapshot.snapshot``), with an ETag and gzip.
- ``artwork:log`` (public; more for moderators) is the log after ``?since=N``, a page at a time.
- ``artwork:print_pdf|print_svg|print_png`` (moderators of the banner and the secretariat: it is the
  master print, every approved message in full) at ``?at=`` an ISO 8601 time for the banner as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime

import segno
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import printing, snapshot
from .models import Banner
from .selectors import programme_link

TICKER_SIZE = 5  # the latest messages shown under the mosaic


def _banner(slug: str) -> Banner:
    return get_object_or_404(Banner.objects.select_related("event"), slug=slug)


# A number in each CLDR plural category (Intl.PluralRules' names), whichever language uses it: the message
# catalogue's own plural formula gives that number's form (Arabic: 0, 1, 2, 3-10, 11-99, 100-102).
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}


def _plural_forms(singular: str, plural: str) -> dict[str, str]:
    return {category: ngettext(singular, plural, number) for category, number in PLURAL_SAMPLES.items()}


def _labels() -> dict:
    """The words the scripts show, in the page's language."""
    return {
        "connecting": _("Connecting…"),
        "live": _("Live"),
        "reconnecting": _("Reconnecting…"),
        "frozen": _("Paused"),
        "closed": _("Not live: reload the page"),
        # The words after the numbers, one per plural category of the language (Arabic has six: 0 marks,
        # 1 mark and 2 marks are three different words), chosen in the script with Intl.PluralRules.
        "mark": _plural_forms("mark", "marks"),
        "country": _plural_forms("country", "countries"),
        "mosaic": _("%(title)s: %(count)s contributions"),
        "play": _("Play"),
        "pause": _("Pause"),
        "replay": _("Play again"),
        "loading": _("Loading the history…"),
        "reveal": _("Reveal the banner"),
        "fullscreen": _("Full screen"),
        "exit_fullscreen": _("Leave full screen"),
    }


def _join(request, banner: Banner) -> dict:
    """The phone page's address, as a QR code (inline SVG) and as text to type."""
    url = request.build_absolute_uri(reverse("artwork:contribute", args=[banner.slug]))
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=1, border=2, dark="#111111", light="#ffffff", omitsize=True)
    short = url.split("://", 1)[-1].rstrip("/")
    # The parts between slashes: the wall breaks a long address after a slash, never inside a word.
    return {"url": url, "short": short, "short_parts": short.split("/"), "qr": svg}


def _screen(request, banner: Banner, state: dict, *, mode: str) -> dict:
    """What the wall, the replay and the launch share: the mosaic, the numbers, the script's settings."""
    geometry = printing.Geometry.of(state, "screen")
    label = _("%(title)s: %(count)s contributions") % {"title": banner.title, "count": state["count"]}
    shown = state if mode != "replay" else {**state, "contributions": []}
    svg = printing.mosaic_svg(shown, look="screen", physical=False, underlay=True, label=label)
    language = get_language()
    with_messages = [c for c in state["contributions"] if c["message"]]
    return {
        "banner": banner,
        "state": state,
        "mosaic": printing.svg_markup(svg),
        "ticker": list(reversed(with_messages[-TICKER_SIZE:])),
        "join": _join(request, banner),
        "programme": programme_link(banner),
        "config": {
            "mode": mode,
            "socket": f"/ws/artwork/{banner.slug}/wall/?lang={language}",
            "snapshot": reverse("artwork:snapshot", args=[banner.slug]),
            "log": reverse("artwork:log", args=[banner.slug]),
            "since": state["last_seq"],
            "frozen": state["frozen"],
            "geometry": geometry.to_dict(),
            "contributions": state["contributions"] if mode != "replay" else [],
            "ticker": TICKER_SIZE,
            "language": language,
        },
        "labels": _labels(),
    }


@require_GET
def wall(request, slug: str):
    banner = _banner(slug)
    state = snapshot.state(banner)
    return render(request, "artwork/wall/wall.html", _screen(request, banner, state, mode="wall"))


@require_GET
def replay(request, slug: str):
    banner = _banner(slug)
    state = snapshot.state(banner)
    return render(request, "artwork/replay/replay.html", _screen(request, banner, state, mode="replay"))


@require_GET
def launch(request, slug: str):
    banner = _banner(slug)
    state = snapshot.state(banner)
    return render(request, "artwork/launch/launch.html", _screen(request, banner, state, mode="launch"))


@require_GET
def snapshot_json(request, slug: str):
    """The wall's state (see ``snapshot.state``): one build a second, whatever the number of screens."""
    banner = get_object_or_404(Banner, slug=slug)
    built = snapshot.snapshot(banner)
    if built.etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(built.gzipped, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(built.body, content_type="application/json")
    response["ETag"] = built.etag
    response["Cache-Control"] = "public, max-age=1"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@require_GET
def log_json(request, slug: str):
    """The log after ``?since=N``, at most ``snapshot.LOG_PAGE`` numbers: the public's view, or a moderator's."""
    banner = _banner(slug)
    since = request.GET.get("since", "0")
    if not since.isdigit() or len(since) > 18:
        return JsonResponse({"detail": _("since must be a whole number, 0 or more.")}, status=400)
    moderator = request.user.is_authenticated and request.user.has_perm("artwork.moderate", banner)
    page = snapshot.log_page(banner, since=int(since), moderator=moderator)
    response = HttpResponse(snapshot.dumps(page), content_type="application/json")
    response["Cache-Control"] = "private, no-store" if moderator else "public, max-age=1"
    patch_vary_headers(response, ["Cookie"])
    return response


# --- The master prints ----------------------------------------------------------------------------


AT_ERROR = gettext_lazy(
    "“at” must be a date and time in ISO 8601 between the years 1 and 9999, for example 2026-02-11T16:30:00+01:00."
)


def print_moment(raw: str) -> datetime | None:
    """``?at=`` as an aware time in UTC, or None when it is not one this print can show: unreadable, a day
    or an offset that does not exist, or a time that falls outside the years 1 to 9999 once in UTC or in
    the page's time zone (Python's dates stop there; such a time would crash the print, not make one)."""
    try:
        at = parse_datetime(raw.replace(" ", "+"))  # a "+" in a query string arrives as a space
    except ValueError:  # well formed, but no such day, hour or offset
        return None
    if at is None:
        return None
    try:
        at = (at if timezone.is_aware(at) else timezone.make_aware(at)).astimezone(UTC)
        timezone.localtime(at)  # the PDF's footer shows it in the page's time zone
    except (OverflowError, ValueError):
        return None
    return at


def _printable(request, slug: str) -> tuple[Banner, datetime | None] | HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    banner = _banner(slug)
    if not request.user.has_perm("artwork.moderate", banner):
        raise PermissionDenied(_("The master print is for the banner's moderators and the secretariat."))
    at = None
    if raw := request.GET.get("at", "").strip():
        at = print_moment(raw)
        if at is None:
            return HttpResponse(AT_ERROR, status=400, content_type="text/plain; charset=utf-8")
    return banner, at


def _print_file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def print_pdf(request, slug: str):
    found = _printable(request, slug)
    if isinstance(found, HttpResponse):
        return found
    banner, at = found
    legend = request.GET.get("legend", "1") != "0"
    return _print_file(
        printing.banner_pdf(banner, at, legend=legend), "application/pdf", printing.filename(banner, "pdf", at)
    )


@require_GET
def print_svg(request, slug: str):
    found = _printable(request, slug)
    if isinstance(found, HttpResponse):
        return found
    banner, at = found
    return _print_file(printing.banner_svg(banner, at), "image/svg+xml", printing.filename(banner, "svg", at))


@require_GET
def print_png(request, slug: str):
    found = _printable(request, slug)
    if isinstance(found, HttpResponse):
        return found
    banner, at = found
    return _print_file(printing.banner_png(banner, at), "image/png", printing.filename(banner, "png", at))


urls = [
    path("artwork/<slug:slug>/wall/", wall, name="wall"),
    path("artwork/<slug:slug>/replay/", replay, name="replay"),
    path("artwork/<slug:slug>/launch/", launch, name="launch"),
    path("artwork/<slug:slug>/snapshot.json", snapshot_json, name="snapshot"),
    path("artwork/<slug:slug>/log.json", log_json, name="log"),
    path("artwork/<slug:slug>/banner.pdf", print_pdf, name="print_pdf"),
    path("artwork/<slug:slug>/banner.svg", print_svg, name="print_svg"),
    path("artwork/<slug:slug>/banner.png", print_png, name="print_png"),
]
