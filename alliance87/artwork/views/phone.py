"""The phone page: the banner, a colour, a message, a small drawing, Send. No account, no sign-in.

It works as a plain form (POST, then a redirect to the page showing how the mark is doing), and
``artwork-phone.js`` makes it nicer: tap a cell, draw with a finger, send through the API and follow
the mark from "Waiting for a moderator" to "On the wall". The page is small (no images, no library):
a conference's Wi-Fi is slow when 1,500 people share it.

Without JavaScript the phone has no local storage, so its device token is a cookie made on the first
send; the page shows a contribution's status only to the phone whose token sent it.
"""

import random
import secrets
from collections import defaultdict
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_countries import countries
from django_countries.fields import Country

from .. import services
from ..api import contributor_status
from ..device import DEVICE_COOKIE, set_device_cookie
from ..forms import ContributionForm
from ..models import Banner, Contribution
from ..mosaic import letter_mask
from ..poster import cells_path
from ..selectors import help_lines_for, programme_link
from ..vocab import HOLDS_CELL, Status

LOCAL_STORAGE_KEY = "a87-artwork-device"


def grid_picture(banner: Banner) -> dict:
    """The banner as the phone draws it: the letters (faint), each colour's placed cells, the cells taken
    by marks not yet on the wall, and a string of "0"/"1" per cell (row by row) saying which are taken."""
    mask = letter_mask(banner.text, banner.columns, banner.rows)
    letters = [(x, y) for y, row in enumerate(mask) for x, cell in enumerate(row) if cell == "1"]
    placed, waiting = defaultdict(list), []
    taken = bytearray(b"0" * banner.cells)
    for x, y, colour, status in Contribution.objects.filter(banner=banner, status__in=HOLDS_CELL).values_list(
        "x", "y", "colour", "status"
    ):
        if 0 <= x < banner.columns and 0 <= y < banner.rows:
            taken[y * banner.columns + x] = ord("1")
            (placed[colour] if status == Status.APPROVED else waiting).append((x, y))
    count = sum(len(cells) for cells in placed.values())
    return {
        "columns": banner.columns,
        "rows": banner.rows,
        "letters": cells_path(letters),
        "placed": [(colour, cells_path(cells)) for colour, cells in sorted(placed.items())],
        "waiting": cells_path(waiting),
        "taken": taken.decode(),
        "placed_count": count,
        "free_count": banner.cells - taken.count(ord("1")),
    }


def palette(banner: Banner) -> list[dict]:
    """The chips: each colour with its name, in the reader's language when it is one of the default palette's."""
    return [{"hex": entry["hex"].upper(), "name": _(entry.get("name") or entry["hex"])} for entry in banner.palette]


# What the phone says about its mark, in words first: a title and a line of explanation per state.
STATES = {
    "pending": (
        gettext_lazy("Waiting for a moderator"),
        gettext_lazy("A moderator reads every message and drawing before it reaches the wall."),
    ),
    "placed": (gettext_lazy("Placed"), gettext_lazy("Your colour is on the banner.")),
    "approved": (gettext_lazy("On the wall"), gettext_lazy("Look up at the big screen: your mark is on it.")),
    "not_shown": (
        gettext_lazy("Not shown on the wall"),
        gettext_lazy("The moderators decided not to show this contribution."),
    ),
    "withdrawn": (
        gettext_lazy("Withdrawn"),
        gettext_lazy("You took this mark back: it is off the wall, and no one can put it back."),
    ),
}


def status_words(contribution: Contribution) -> dict:
    status = contributor_status(contribution)
    if status == Status.PENDING:
        state = "pending"
    elif status == Status.APPROVED:
        state = "placed" if contribution.is_colour_only else "approved"
    elif status == Status.WITHDRAWN:
        state = "withdrawn"
    else:
        state = "not_shown"
    title, text = STATES[state]
    return {"state": state, "title": title, "text": text}


def labels() -> dict:
    """The words the script shows, in the page's language."""
    words = {}
    for state, (title, text) in STATES.items():
        words[state], words[f"{state}_text"] = str(title), str(text)
    return {
        **words,
        "cell": _("Column %(column)s, row %(row)s"),
        "cell_hint": _(
            "Tap the banner to zoom in, then tap a free cell; or type its column and row. "
            "Leave both empty and we choose a free cell for you."
        ),
        "tap_again": _("Now tap the cell you want."),
        "cell_taken": _("This cell is already taken; pick another, or let us choose one."),
        "cell_chosen": _("Your mark goes in column %(column)s, row %(row)s."),
        "cell_any": _("We will choose a free cell for you."),
        "counter": _("%(count)s of 80 characters"),
        "counter_over": _("%(count)s characters: %(over)s too many"),
        "sending": _("Sending…"),
        "send_now": _("You can send again now."),
        "wait": [
            ngettext(
                "You can add another mark in %(seconds)s second.", "You can add another mark in %(seconds)s seconds.", 1
            ),
            ngettext(
                "You can add another mark in %(seconds)s second.", "You can add another mark in %(seconds)s seconds.", 2
            ),
        ],
        "network": _("The mark could not be sent: check the connection and try again."),
        # [one, other]: the script picks one with the language's plural rules.
        "strokes": [
            ngettext("%(count)s stroke", "%(count)s strokes", 1),
            ngettext("%(count)s stroke", "%(count)s strokes", 2),
        ],
        "drawing_empty": _("No drawing yet."),
        "zoom": _("Zoom: %(times)s×"),
    }


def _mine(request, banner: Banner, number: str) -> Contribution | None:
    """The contribution numbered ``number``, when this phone (its cookie) sent it."""
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    if not (number.isdigit() and len(number) < 19 and token):
        return None
    return Contribution.objects.filter(pk=int(number), banner=banner, device=services.device_hash(token)).first()


def _sent(request, banner: Banner) -> Contribution | None:
    """The contribution named by ``?sent=``, when this phone (its cookie) sent it."""
    return _mine(request, banner, request.GET.get("sent", ""))


def _wait_seconds(banner: Banner, contribution: Contribution | None, now) -> int:
    if contribution is None or not banner.cooldown_seconds:
        return 0
    left = (contribution.created_at + timedelta(seconds=banner.cooldown_seconds) - now).total_seconds()
    return max(0, int(left + 0.999))


@never_cache
def contribute(request, slug: str):
    """The phone page; a POST (without JavaScript) adds the mark and comes back to show how it is doing."""
    banner = get_object_or_404(Banner.objects.select_related("event"), slug=slug)
    now = timezone.now()
    colours = palette(banner)
    form = ContributionForm(
        request.POST if request.method == "POST" else None,
        banner=banner,
        initial={"colour": random.choice(colours)["hex"] if colours else ""},
    )
    throttled = None
    status = 200
    if request.method == "POST" and form.is_complete():
        token = request.COOKIES.get(DEVICE_COOKIE) or secrets.token_urlsafe(24)
        x, y = form.cell()
        data = form.cleaned_data
        try:
            receipt = services.contribute(
                banner=banner,
                device_token=token,
                address=request.META.get("REMOTE_ADDR", ""),
                colour=data["colour"],
                x=x,
                y=y,
                message=data["message"],
                drawing=data["drawing"],
                first_name=data["first_name"],
                organisation_kind=data["organisation_kind"],
                country=data["country"],
            )
        except services.Throttled as error:
            throttled, status = error, 429
        except ValidationError as error:
            form.add_service_error(error)
        else:
            response = redirect(
                f"{reverse('artwork:contribute', args=[banner.slug])}?sent={receipt.contribution.pk}#sent"
            )
            if request.COOKIES.get(DEVICE_COOKIE) != token:
                set_device_cookie(request, response, token)
            return response
    sent = _sent(request, banner) if request.method == "GET" else None
    wait = throttled.seconds if throttled else _wait_seconds(banner, sent, now)
    # Where to find help: for the country the contributor gave (with their mark, or in the form just sent).
    help_country = (sent.country.code if sent and sent.country else "") or (
        (form.data.get("country") or "") if form.is_bound else ""
    )
    response = render(
        request,
        "artwork/phone/contribute.html",
        {
            "banner": banner,
            "is_open": banner.is_open(now),
            "opens_later": bool(banner.opens_at and now < banner.opens_at),
            "grid": grid_picture(banner),
            "palette": colours,
            "form": form,
            "chosen_colour": (form["colour"].value() or "").upper(),
            "throttled": throttled,
            "wait_seconds": wait,
            "sent": sent,
            "sent_status": status_words(sent) if sent else None,
            "help": help_lines_for(help_country),
            "help_country": Country(help_country) if help_country in countries else None,
            "programme": programme_link(banner),
            "script": {
                "slug": banner.slug,
                "api": f"/api/artwork/{banner.slug}/contributions",  # the API is not under a language prefix
                "lang": get_language() or "en",
                "columns": banner.columns,
                "rows": banner.rows,
                "cooldown": banner.cooldown_seconds,
                "storage_key": LOCAL_STORAGE_KEY,
                "labels": labels(),
            },
        },
        status=status,
    )
    if throttled:
        response["Retry-After"] = str(throttled.seconds)
    return response


@never_cache
def withdraw(request, slug: str, number: str):
    """Take one's own mark back: a page that asks first (it works without JavaScript), then the step. Only the
    phone that sent the mark (its cookie) finds it; any other number answers 404, as an unknown one does."""
    banner = get_object_or_404(Banner, slug=slug)
    contribution = _mine(request, banner, number)
    if contribution is None:
        raise Http404
    back = f"{reverse('artwork:contribute', args=[banner.slug])}?sent={contribution.pk}#sent"
    if request.method == "POST":
        try:
            services.withdraw(
                banner=banner, contribution_id=contribution.pk, device_token=request.COOKIES[DEVICE_COOKIE]
            )
        except services.NotTheirs as error:
            raise Http404 from error
        return redirect(back)
    return render(
        request,
        "artwork/phone/withdraw.html",
        {
            "banner": banner,
            "contribution": contribution,
            "back": back,
            "withdrawn": contribution.status == Status.WITHDRAWN,
        },
    )


urls = [
    path("artwork/<slug:slug>/", contribute, name="contribute"),
    path("artwork/<slug:slug>/withdraw/<str:number>/", withdraw, name="withdraw"),
]
