"""Every write to the artwork. Pages, the API and the admin's actions call these.

Each change is appended to the banner's log (``LogEntry``) with the next sequence number in the
same transaction, so what was acknowledged is in the log and nothing in the log was lost. Listeners
are told after the commit (``live.announce``).
"""

import hashlib
import hmac
import math
import random
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alliance87.writes import require, save_validated

from . import rows, screening
from .models import Banner, BlockedTerm, Contribution, DisclosureCue, HelpLine, LogEntry, MutedDevice
from .mosaic import cells_in_letters, letter_mask
from .selectors import help_lines_changed
from .vocab import HOLDS_CELL, LogKind, Status

MESSAGE_MAX = 80
MAX_STROKES = 40
MAX_POINTS = 800
CELL_TRIES = 30


class Throttled(Exception):
    """Too soon: ``seconds`` to wait. The API answers 429 with Retry-After."""

    def __init__(self, seconds: int, message: str):
        self.seconds = max(1, int(math.ceil(seconds)))
        self.message = message
        super().__init__(message)


@dataclass
class Receipt:
    contribution: Contribution
    seq: int  # the last log entry this contribution wrote


def device_hash(token: str) -> str:
    """A keyed hash of the phone's token: the database never holds the token itself."""
    return hmac.new(settings.SECRET_KEY.encode(), f"device:{token}".encode(), hashlib.sha256).hexdigest()


def address_hash(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"address:{address}".encode(), hashlib.sha256).hexdigest()


def _lock(banner: Banner) -> Banner:
    """The banner, read afresh under its write lock: PostgreSQL locks the row (``FOR UPDATE``); SQLite's
    transactions take the database's write lock when they begin (``transaction_mode`` IMMEDIATE)."""
    return Banner.objects.select_for_update().get(pk=banner.pk)


def _append(banner: Banner, kind: str, *, contribution=None, by=None, data=None, now=None) -> LogEntry:
    """Append to the log with the next number. The caller holds the banner's lock (``_lock``)."""
    return _log(banner, _reserve(banner, 1), [(kind, data)], contribution=contribution, by=by, now=now)[-1]


def _reserve(banner: Banner, count: int) -> int:
    """Take the banner's next ``count`` log numbers; returns the last. One round trip (SQLite 3.35+,
    PostgreSQL), and on PostgreSQL the UPDATE locks the banner's row until the commit, so numbers are
    taken in the order their transactions commit (a reader never sees a later number before an earlier)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Banner._meta.db_table} SET last_seq = last_seq + %s WHERE id = %s RETURNING last_seq",  # noqa: S608
            [count, banner.pk],
        )
        return cursor.fetchone()[0]


def _log(banner: Banner, last: int, steps: list, *, contribution=None, by=None, now=None) -> list[LogEntry]:
    """Write ``steps`` ((kind, data) pairs) as the log entries numbered up to ``last`` (from ``_reserve``),
    in one INSERT; the listeners are told after the commit."""
    now = now or timezone.now()
    by = by if by is not None and by.is_authenticated else None
    first = last - len(steps) + 1
    entries = [
        LogEntry(banner=banner, seq=first + index, kind=kind, contribution=contribution, by=by, data=data or {}, at=now)
        for index, (kind, data) in enumerate(steps)
    ]
    rows.insert(entries, returning=True)  # one INSERT, as bulk_create's, without the ORM's cost (rows.py)
    from . import live  # a late import: live imports the models and the channel layer

    transaction.on_commit(lambda: live.announce(banner.pk, last))
    return entries


def public_data(contribution: Contribution) -> dict:
    """What the wall may show of an approved contribution. Text is text: the wall never renders HTML."""
    return {
        "id": contribution.pk,
        "x": contribution.x,
        "y": contribution.y,
        "colour": contribution.colour,
        "message": contribution.message,
        "drawing": contribution.drawing,
        "first_name": contribution.first_name,
        "country": contribution.country.code if contribution.country else "",
    }


# --- Contributing ------------------------------------------------------------------------------


def clean_message(text: str) -> str:
    """Any language and script; control and formatting characters removed (except the joiners some
    scripts need), spaces collapsed, at most 80 characters."""
    kept = "".join(
        c for c in (text or "") if c in "\u200c\u200d" or unicodedata.category(c) not in ("Cc", "Cf", "Co", "Cs")
    )
    message = " ".join(kept.split())
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            {"message": _("The message is %(count)d characters long; at most 80 fit.") % {"count": len(message)}}
        )
    return message


def clean_drawing(strokes) -> list:
    """A list of strokes, each a list of [x, y] points between 0 and 1; rounded to 3 decimals."""
    if not strokes:
        return []
    error = ValidationError({"drawing": _("The drawing could not be read: send strokes of points between 0 and 1.")})
    if not isinstance(strokes, list) or len(strokes) > MAX_STROKES:
        if isinstance(strokes, list):
            raise ValidationError({"drawing": _("The drawing has too many strokes (at most 40).")})
        raise error
    cleaned, points = [], 0
    for stroke in strokes:
        if not isinstance(stroke, list) or not stroke:
            raise error
        line = []
        for point in stroke:
            if (
                not isinstance(point, list | tuple)
                or len(point) != 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
                or not all(0 <= v <= 1 for v in point)
            ):
                raise error
            line.append([round(float(point[0]), 3), round(float(point[1]), 3)])
        points += len(line)
        cleaned.append(line)
    if points > MAX_POINTS:
        raise ValidationError({"drawing": _("The drawing has too many points (at most 800).")})
    return cleaned


@lru_cache(maxsize=32)
def _cell_pools(text: str, columns: int, rows: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The banner's cells in the order they fill: the letters' cells, then the background's."""
    letters = cells_in_letters(letter_mask(text, columns, rows))
    letter_set = set(letters)
    background = [(x, y) for y in range(rows) for x in range(columns) if (x, y) not in letter_set]
    return tuple(letters), tuple(background)


# A pool found full (every cell taken) is not sampled again in this process for this long: once the letters
# are full, every contribution would otherwise find its sample taken and read every taken cell of the banner
# (thousands of rows, 50 times a second). A cell freed there meanwhile (a mark erased, rejected or
# withdrawn) is taken again when the memory lapses, or at once when the other pools are full.
FULL_POOL_SECONDS = 10.0
_full_pools: dict[tuple, float] = {}  # (banner, its grid, the pool) → until when it is taken as full
_clock = time.monotonic


def _choose_cell(banner: Banner) -> tuple[int, int]:
    """A free cell: the letters fill first, so the text appears as people join; then the background.

    One query asks which of a random sample of cells are taken; only when the sample is all taken (the
    pool is nearly full) is every taken cell read, once. Plain SQL: a contribution is sent 50 times a
    second at a conference's peak, and the ORM takes longer to build these queries than the database
    takes to answer them. A pool this process found full lately comes last (``FULL_POOL_SECONDS``).
    """
    columns = banner.columns
    pools = _cell_pools(banner.text, columns, banner.rows)
    now = _clock()
    banner_key = (banner.pk, banner.created_at, banner.text, columns, banner.rows)
    keys = [(*banner_key, index) for index in range(len(pools))]
    order = sorted(range(len(pools)), key=lambda index: _full_pools.get(keys[index], 0.0) > now)  # stable
    taken = None
    for index in order:
        pool = pools[index]
        if not pool:
            continue
        if taken is None:
            sample = random.sample(pool, min(CELL_TRIES, len(pool)))
            xs, ys = sorted({x for x, _y in sample}), sorted({y for _x, y in sample})
            sampled_taken = _taken_cells(banner, f" AND x IN ({_marks(xs)}) AND y IN ({_marks(ys)})", [*xs, *ys])
            free = [(x, y) for x, y in sample if y * columns + x not in sampled_taken]
            if free:
                return free[0]
            taken = _taken_cells(banner, "", [])
        for x, y in random.choices(pool, k=CELL_TRIES * 10):  # set look-ups: cheap, unlike queries
            if y * columns + x not in taken:
                return x, y
        free = [(x, y) for x, y in pool if y * columns + x not in taken]
        if free:
            return random.choice(free)
        _full_pools[keys[index]] = now + FULL_POOL_SECONDS
    raise ValidationError({"cell": _("The banner is full: every cell has a contribution.")})


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def _taken_cells(banner: Banner, where: str, params: list) -> set[int]:
    """The cells (``y * columns + x``) held by a contribution, among those ``where`` adds."""
    holds = sorted(HOLDS_CELL)
    sql = (
        f"SELECT y * %s + x FROM {Contribution._meta.db_table} "  # noqa: S608 -- no user input in the SQL
        f"WHERE banner_id = %s AND status IN ({_marks(holds)}){where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [banner.columns, banner.pk, *holds, *params])
        return {row[0] for row in cursor.fetchall()}


def _check_throttles(banner: Banner, device: str, address: str, now) -> None:
    """One contribution per phone per cooldown, and at most ``address_limit_per_minute`` from one network
    address; raises Throttled. Plain SQL (asked for every contribution, under the banner's lock)."""
    table = Contribution._meta.db_table
    if banner.cooldown_seconds:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT created_at FROM {table} WHERE banner_id = %s AND device = %s "  # noqa: S608 -- no input
                "ORDER BY created_at DESC LIMIT 1",
                [banner.pk, device],
            )
            row = cursor.fetchone()
        last = rows.convert(Contribution, ("created_at",), row)[0] if row else None
        if last and now - last < timedelta(seconds=banner.cooldown_seconds):
            wait = banner.cooldown_seconds - (now - last).total_seconds()
            seconds = math.ceil(wait)
            raise Throttled(
                wait,
                ngettext(
                    "Thank you! You can add another mark in %(seconds)d second.",
                    "Thank you! You can add another mark in %(seconds)d seconds.",
                    seconds,
                )
                % {"seconds": seconds},
            )
    if address and banner.address_limit_per_minute:
        window = connection.ops.adapt_datetimefield_value(now - timedelta(seconds=60))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT created_at FROM {table} WHERE banner_id = %s AND address = %s "  # noqa: S608 -- no input
                "AND created_at > %s ORDER BY created_at LIMIT %s",
                [banner.pk, address, window, banner.address_limit_per_minute],
            )
            recent = cursor.fetchall()
        if len(recent) >= banner.address_limit_per_minute:
            wait = 60 - (now - rows.convert(Contribution, ("created_at",), recent[0])[0]).total_seconds()
            seconds = math.ceil(wait)
            raise Throttled(
                wait,
                ngettext(
                    "Many marks come from this network just now; try again in %(seconds)d second.",
                    "Many marks come from this network just now; try again in %(seconds)d seconds.",
                    seconds,
                )
                % {"seconds": seconds},
            )


def is_muted(*, banner: Banner, device: str, address: str) -> bool:
    """Whether the phone (``device``, ``address``: hashes) may not contribute to ``banner``: its device is
    muted, or it sends from the network address of a muted phone with a device token that had sent
    nothing to this banner before that mute (the muted phone back with a new token). Phones that had
    contributed from that address before carry on: a venue's Wi-Fi puts hundreds of phones behind one.
    Plain SQL (asked for every contribution; see ``rows``)."""
    mutes, at = MutedDevice._meta.db_table, connection.ops.quote_name("at")
    sql = f"SELECT device, {at} FROM {mutes} WHERE banner_id = %s AND (device = %s"  # noqa: S608 -- no input
    params = [banner.pk, device]
    if address:
        sql += " OR address = %s"
        params.append(address)
    with connection.cursor() as cursor:
        cursor.execute(sql + ")", params)
        found = cursor.fetchall()
    if not found:
        return False
    if any(muted == device for muted, _at in found):
        return True
    first_mute = min(rows.convert(MutedDevice, ("at",), (at,))[0] for _device, at in found)
    return not Contribution.objects.filter(banner=banner, device=device, created_at__lt=first_mute).exists()


def contribute(
    *,
    banner: Banner,
    device_token: str,
    colour: str,
    address: str = "",
    x: int | None = None,
    y: int | None = None,
    message: str = "",
    drawing=None,
    first_name: str = "",
    organisation_kind: str = "",
    country: str = "",
    now=None,
) -> Receipt:
    """Add a contribution from a phone (no account). Raises ValidationError naming the field, or
    Throttled with the seconds to wait. Colour-only contributions (no message, no first name, no drawing:
    the kind of organisation and the country are choices) are approved at once when the banner says so;
    anything with words or a drawing waits for a moderator, and a possible disclosure in any text field
    goes to the safeguarding focal point instead of the queue."""
    now = now or timezone.now()
    if not device_token or len(device_token) > 200:
        raise ValidationError({"device": _("This phone has no valid device token; reload the page.")})
    message = clean_message(message)
    drawing = clean_drawing(drawing)
    first_name = " ".join((first_name or "").split())[:40]
    device, address = device_hash(device_token), address_hash(address) if address else ""
    # What needs no lock is checked and built first: the banner's lock (the log's next number) is held
    # only for the few statements that must be in order, at 50 contributions a second.
    if not banner.is_open(now):
        raise ValidationError({"banner": _("This banner is closed: it is not taking contributions now.")})
    if is_muted(banner=banner, device=device, address=address):
        raise ValidationError({"device": _("Contributions from this phone are paused by the moderators.")})
    if (colour or "").upper() not in banner.colours:
        raise ValidationError({"colour": _("Pick a colour from the banner's palette.")})
    if x is not None and y is not None and not (0 <= int(x) < banner.columns and 0 <= int(y) < banner.rows):
        raise ValidationError({"cell": _("This cell is outside the banner.")})
    contribution = Contribution(
        banner=banner,
        x=0 if x is None else int(x),
        y=0 if y is None else int(y),
        colour=colour.upper(),
        message=message,
        drawing=drawing,
        first_name=first_name,
        organisation_kind=organisation_kind or "",
        country=country or "",
        device=device,
        address=address,
        created_at=now,
    )
    # Every piece of text the contributor gave is screened, each field on its own (the first name reaches
    # the wall as surely as the message does).
    texts = contribution.texts
    contribution.blocklist_hits = hits = screening.blocklist_hits(texts, banner_id=banner.pk)
    disclosure = contribution.possible_disclosure = screening.may_be_disclosure(texts)
    contribution.status = Status.SAFEGUARDING if disclosure else Status.PENDING
    approved_at_once = not disclosure and not hits and contribution.is_colour_only and banner.auto_approve_colour_only
    if approved_at_once:  # saved approved; the log still tells both steps
        contribution.status, contribution.decided_at = Status.APPROVED, now
    # The fields' own rules; the one-per-cell constraint is the database's (the cell is checked or chosen
    # free under the banner's lock, below), not asked again here.
    contribution.full_clean(exclude=["banner"], validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        # The lock: SQLite's transaction took the database's (IMMEDIATE); on PostgreSQL this takes the row's.
        last = _reserve(banner, 2 if approved_at_once else 1)
        _check_throttles(banner, device, address, now)  # under the lock: one per phone per cooldown, exactly
        if x is None or y is None:
            contribution.x, contribution.y = _choose_cell(banner)
        elif Contribution.objects.filter(banner=banner, x=x, y=y, status__in=HOLDS_CELL).exists():
            raise ValidationError({"cell": _("This cell is already taken; pick another, or let us choose one.")})
        rows.insert([contribution], returning=True)  # as save(force_insert=True) would write it (rows.py)
        steps = [(LogKind.CONTRIBUTED, {"x": contribution.x, "y": contribution.y})]
        if approved_at_once:
            steps.append((LogKind.APPROVED, public_data(contribution)))
        entry = _log(banner, last, steps, contribution=contribution, now=now)[-1]
        if disclosure:
            transaction.on_commit(lambda: tell_safeguarding(banner, flagged=True))
    return Receipt(contribution, entry.seq)


# --- Moderating --------------------------------------------------------------------------------

_DECISION_LOG = {
    Status.APPROVED: LogKind.APPROVED,
    Status.REJECTED: LogKind.REJECTED,
    Status.HIDDEN: LogKind.HIDDEN,
    Status.ERASED: LogKind.ERASED,
    Status.SAFEGUARDING: LogKind.ROUTED,
}


def _decide(contribution: Contribution, status: str, *, by, now=None, reason: str = "") -> LogEntry:
    now = now or timezone.now()
    contribution.status = status
    contribution.decided_at = now
    contribution.decided_by = by if by is not None and by.is_authenticated else None
    contribution.save(update_fields=["status", "decided_at", "decided_by"])
    data = (
        public_data(contribution)
        if status == Status.APPROVED
        else {"id": contribution.pk, "x": contribution.x, "y": contribution.y}
    )
    if reason:
        data["reason"] = reason
    return _append(contribution.banner, _DECISION_LOG[status], contribution=contribution, by=by, data=data, now=now)


# Which status each moderation step may start from.
_ALLOWED_FROM = {
    Status.APPROVED: (Status.PENDING, Status.HIDDEN, Status.SAFEGUARDING),
    Status.REJECTED: (Status.PENDING, Status.SAFEGUARDING),
    Status.HIDDEN: (Status.APPROVED,),
    Status.SAFEGUARDING: (Status.PENDING, Status.APPROVED, Status.HIDDEN),
}


def moderate(*, contribution: Contribution, by, status: str, reason: str = "", now=None) -> LogEntry:
    """Approve, reject, hide (once on the wall) or route to safeguarding. Moderators of the banner's event
    and the secretariat; contributions with the safeguarding focal point are theirs alone to close."""
    banner = contribution.banner
    if contribution.status == Status.SAFEGUARDING:
        require(by, "artwork.safeguard")
    else:
        require(by, "artwork.moderate", banner)
    if status not in _ALLOWED_FROM:
        raise ValidationError({"status": _("Unknown moderation step.")})
    with transaction.atomic():
        _lock(banner)
        contribution = Contribution.objects.select_related("banner").get(pk=contribution.pk)
        if contribution.status not in _ALLOWED_FROM[status]:
            raise ValidationError(
                {
                    "status": _("This contribution is “%(status)s”; it cannot be changed that way.")
                    % {"status": contribution.get_status_display()}
                }
            )
        if contribution.status == Status.SAFEGUARDING and not by.has_perm("artwork.safeguard"):
            raise PermissionDenied(_("Only the safeguarding focal point may decide on a possible disclosure."))
        entry = _decide(contribution, status, by=by, now=now, reason=reason)
        if status == Status.SAFEGUARDING:
            transaction.on_commit(lambda: tell_safeguarding(banner, flagged=False))
        return entry


def erase_region(*, banner: Banner, by, x0: int, y0: int, x1: int, y1: int, now=None) -> LogEntry | None:
    """Erase every contribution in the rectangle (corners included): they leave the wall and free their cells."""
    require(by, "artwork.moderate", banner)
    left, right = sorted((int(x0), int(x1)))
    top, bottom = sorted((int(y0), int(y1)))
    now = now or timezone.now()
    with transaction.atomic():
        banner = _lock(banner)
        hit = Contribution.objects.filter(
            banner=banner, status__in=(*HOLDS_CELL, Status.HIDDEN), x__gte=left, x__lte=right, y__gte=top, y__lte=bottom
        )
        ids = list(hit.values_list("pk", flat=True))
        if not ids:
            return None
        hit.update(status=Status.ERASED, decided_at=now, decided_by=by)
        return _append(banner, LogKind.ERASED, by=by, now=now, data={"ids": ids, "region": [left, top, right, bottom]})


def mute_device(*, contribution: Contribution, by, muted: bool = True, now=None) -> LogEntry | None:
    """Stop (or allow again) contributions from the phone that sent ``contribution``: its device token, and
    new device tokens from its network address (see ``is_muted``). Logged; unmuting lifts both."""
    banner = contribution.banner
    require(by, "artwork.moderate", banner)
    now = now or timezone.now()
    if not contribution.device:
        raise ValidationError(
            {"device": _("This contribution's phone is no longer known: its personal data was erased.")}
        )
    with transaction.atomic():
        banner = _lock(banner)
        if muted:
            # The address too: the muted phone cannot come back with a new device token (``is_muted``).
            _mute, created = MutedDevice.objects.get_or_create(
                banner=banner,
                device=contribution.device,
                defaults={"by": by, "address": contribution.address, "at": now},
            )
        else:
            created = bool(MutedDevice.objects.filter(banner=banner, device=contribution.device).delete()[0])
        if not created:
            return None
        kind = LogKind.MUTED if muted else LogKind.UNMUTED
        return _append(banner, kind, contribution=contribution, by=by, now=now, data={"id": contribution.pk})


def freeze(*, banner: Banner, by, frozen: bool = True, now=None) -> LogEntry | None:
    """Freeze the wall: it keeps what it shows and takes nothing new until unfrozen."""
    require(by, "artwork.moderate", banner)
    with transaction.atomic():
        banner = _lock(banner)
        if banner.frozen == frozen:
            return None
        Banner.objects.filter(pk=banner.pk).update(frozen=frozen)
        return _append(banner, LogKind.FROZEN if frozen else LogKind.UNFROZEN, by=by, now=now)


def blocklist_add(*, by, language: str, term: str, banner: Banner | None = None) -> BlockedTerm:
    """Add a term to ``banner``'s blocklist, or (``banner`` None) to the shared starter list every banner
    uses. The right is checked against the list the term goes on: a banner's moderators keep their
    banner's, only the secretariat the shared one. Side effect: that list's cached copy is dropped."""
    require(by, "artwork.edit_blocklist", banner)
    term = " ".join((term or "").split())
    if not term:
        raise ValidationError({"term": _("Enter a word or phrase.")})
    blocked = BlockedTerm(banner=banner, language=language, term=term.casefold(), added_by=by)
    blocked.full_clean()
    blocked.save()
    screening.blocklist_changed(blocked.banner_id)
    return blocked


def blocklist_remove(*, by, blocked: BlockedTerm) -> None:
    """Take a term off its list. The right is checked against the list the term is on (whatever page or
    banner the request names). Side effect: that list's cached copy is dropped."""
    require(by, "artwork.edit_blocklist", blocked.banner)
    blocked.delete()
    screening.blocklist_changed(blocked.banner_id)


# --- Safeguarding: telling the focal point, the cues, the help lines ------------------------------------

# A phone that sends "help me" a hundred times does not send a hundred e-mails: after one, the screening's
# next flags on the same banner wait this long for another (all of them are in the queue and on /me/).
# A moderator's routing always sends one.
FLAGGED_MAIL_EVERY_SECONDS = 300

SAFEGUARDING_SUBJECT = gettext_lazy("A contribution waits for safeguarding: %(banner)s")
SAFEGUARDING_BODY = gettext_lazy(
    "A contribution to the banner “%(banner)s” may be someone telling of harm. %(how)s It is held back from "
    "the wall until you decide.\n\n"
    "Open the safeguarding queue as soon as you can, and follow the conference’s safeguarding procedure. "
    "For the safety of the person who sent it, this e-mail holds neither the message nor anything about "
    "who sent it."
)
HOW_FLAGGED = gettext_lazy("The screening found words that may be a disclosure.")
HOW_ROUTED = gettext_lazy("A moderator sent it to you.")


def safeguarding_recipients() -> list:
    """Every safeguarding focal point; when there is none, the secretariat, so a disclosure never waits
    for nobody."""
    from alliance87.accounts.models import Role
    from alliance87.accounts.selectors import users_with_role

    return list(users_with_role(Role.SAFEGUARDING_FOCAL_POINT)) or list(users_with_role(Role.SECRETARIAT))


def tell_safeguarding(banner: Banner, *, flagged: bool) -> int:
    """E-mail the safeguarding focal points that a contribution to ``banner`` waits for them, each in their
    language with the link to the banner's safeguarding queue. No message text and nothing about the
    contributor. Flags by the screening send at most one e-mail per banner every
    ``FLAGGED_MAIL_EVERY_SECONDS``. Returns how many e-mails were queued. Call it after the commit."""
    from alliance87.notify import notify, recipient_language

    if flagged and not cache.add(f"artwork:safeguarding-mail:{banner.pk}", True, FLAGGED_MAIL_EVERY_SECONDS):
        return 0
    by_language: dict[str, list] = {}
    for user in safeguarding_recipients():
        by_language.setdefault(recipient_language(user), []).append(user)
    sent = 0
    for language, users in by_language.items():
        with translation.override(language):  # the link in the reader's language too
            link = reverse("artwork:safeguarding", args=[banner.slug])
        sent += notify(
            users,
            subject=SAFEGUARDING_SUBJECT,
            body=SAFEGUARDING_BODY,
            context={"banner": banner.title, "how": HOW_FLAGGED if flagged else HOW_ROUTED},
            link=link,
        )
    return sent


def _clean_phrase(phrase: str) -> str:
    phrase = " ".join((phrase or "").casefold().split())
    if len(phrase.replace("*", "").replace(" ", "")) < 3:
        raise ValidationError({"phrase": _("Enter a word or phrase of at least three letters.")})
    if phrase.startswith("*") or " *" in phrase:
        raise ValidationError({"phrase": _("A * may only end a word: “threaten*”, not “*threat”.")})
    return phrase


def cue_save(*, by, language: str, phrase: str, kind: str, cue: DisclosureCue | None = None) -> DisclosureCue:
    """Add a disclosure cue, or change ``cue``: the safeguarding focal point and the secretariat. The phrase
    is kept in lower case with single spaces; the same phrase twice in one language is refused. Side
    effect: the cached cues are dropped, so the next contribution is screened against the new list."""
    require(by, "artwork.edit_cues")
    phrase = _clean_phrase(phrase)
    cue = cue or DisclosureCue()
    twin = DisclosureCue.objects.filter(language=language, phrase=phrase).exclude(pk=cue.pk).first()
    if twin is not None:
        raise ValidationError(
            {
                "phrase": _("“%(phrase)s” is already on the %(language)s list%(off)s.")
                % {
                    "phrase": phrase,
                    "language": twin.get_language_display(),
                    "off": "" if twin.active else _(" (not in use: use it again from the list)"),
                }
            }
        )
    cue.language, cue.phrase, cue.kind, cue.changed_by = language, phrase, kind, by
    save_validated(cue, by)
    screening.cues_changed()
    return cue


def cue_set_active(*, by, cue: DisclosureCue, active: bool) -> DisclosureCue:
    """Stop screening for ``cue`` (or start again). Cues are never deleted: the record says what was
    screened for. Side effect: the cached cues are dropped."""
    require(by, "artwork.edit_cues")
    cue.active, cue.changed_by = active, by
    cue.save(update_fields=["active", "changed_by", "changed_at"])
    screening.cues_changed()
    return cue


HELP_LINE_FIELDS = ("country", "name", "phone", "web_address", "languages", "hours", "notes")


def help_line_save(*, by, line: HelpLine | None = None, **fields) -> HelpLine:
    """Add a help line, or change ``line`` (``fields`` among ``HELP_LINE_FIELDS``): the safeguarding focal
    point and the secretariat. A line needs a phone number or a web address. Side effect: the cached
    lines are dropped."""
    require(by, "artwork.edit_help_lines")
    line = line or HelpLine()
    for name, value in fields.items():
        if name not in HELP_LINE_FIELDS:
            raise ValidationError({name: _("Unknown field.")})
        setattr(line, name, " ".join(value.split()) if isinstance(value, str) else value)
    line.changed_by = by
    save_validated(line, by)
    help_lines_changed()
    return line


def help_line_set_active(*, by, line: HelpLine, active: bool) -> HelpLine:
    """Take a help line off the phone page (or put it back). Side effect: the cached lines are dropped."""
    require(by, "artwork.edit_help_lines")
    line.active, line.changed_by = active, by
    line.save(update_fields=["active", "changed_by", "changed_at"])
    help_lines_changed()
    return line


# --- A contributor's own data ------------------------------------------------------------------

# What withdrawing takes back: the contributor's words and drawing, and their first name. A contribution
# held for the safeguarding focal point keeps them (see ``withdraw``).
WITHDRAWN_BLANK = {"message": "", "drawing": [], "first_name": ""}
ERASE_EVERY_SECONDS = 3600  # ``erase_expired_personal_data_now_and_then``: at most once an hour per cache


class NotTheirs(Exception):
    """No such contribution from this phone: unknown, another phone's, or the phone's data already erased.
    The three get the same answer (404), so a phone learns nothing about other phones' marks."""


def _blank_in_log(contribution_ids: list[int], blank: dict) -> None:
    """Blank ``blank``'s keys in the approvals the log keeps of these contributions (their ``public_data``),
    so the public log and the consoles no longer carry what was erased."""
    entries = list(
        LogEntry.objects.filter(contribution_id__in=contribution_ids, kind=LogKind.APPROVED).only("pk", "data")
    )
    for entry in entries:
        entry.data = {**entry.data, **{key: value for key, value in blank.items() if key in entry.data}}
    LogEntry.objects.bulk_update(entries, ["data"], batch_size=500)


def withdraw(*, banner: Banner, contribution_id: int, device_token: str, now=None) -> LogEntry | None:
    """The phone that sent a contribution takes it back, whatever its status: it leaves the wall (and the
    queue), its cell is free, no moderator can approve it again (status ``withdrawn``), and its message,
    drawing and first name are blanked, in the contribution and in the log. Returns the log entry, or
    None when it was already withdrawn.

    Side effects: one log entry of kind ``hidden`` (the wall takes the mark away as for a hide; its data
    says ``withdrawn``); listeners told after the commit. A contribution held for the safeguarding focal
    point keeps its words for them (a possible disclosure is not lost because its sender took it back);
    they read it as withdrawn. The phone is not told which case it was.

    Raises ``NotTheirs`` for a number this phone did not send (unknown, another phone's, or erased).
    """
    now = now or timezone.now()
    if not device_token or len(device_token) > 200:
        raise NotTheirs
    device = device_hash(device_token)
    with transaction.atomic():
        _lock(banner)
        contribution = Contribution.objects.filter(pk=contribution_id, banner=banner, device=device).first()
        if contribution is None:
            raise NotTheirs
        if contribution.status == Status.WITHDRAWN:
            return None
        was = contribution.status
        contribution.status, contribution.decided_at, contribution.decided_by = Status.WITHDRAWN, now, None
        fields = ["status", "decided_at", "decided_by"]
        if was != Status.SAFEGUARDING:
            for key, value in WITHDRAWN_BLANK.items():
                setattr(contribution, key, value)
            fields += list(WITHDRAWN_BLANK)
            _blank_in_log([contribution.pk], WITHDRAWN_BLANK)
        contribution.save(update_fields=fields)
        data = {"id": contribution.pk, "x": contribution.x, "y": contribution.y, "withdrawn": True}
        if was == Status.SAFEGUARDING:
            data["withdrawn_from"] = Status.SAFEGUARDING.value  # the safeguarding page keeps listing it
        return _append(banner, LogKind.HIDDEN, contribution=contribution, data=data, now=now)


def erase_expired_personal_data(*, now=None) -> int:
    """Erase contributors' personal data once their banner's retention (``Banner.personal_data_days``) has
    passed since they contributed: the first name and the hashes of the phone and of the network address.
    The mark stays (cell, colour, status, approved message and drawing, country, kind of organisation).

    Side effects: those fields blanked in the contributions and the first name in the log's approvals;
    mutes older than the retention lifted (they are hashes of the same phones). Returns how many
    contributions were erased. Run daily (``alliance87 erase-expired-artwork-data``); it is idempotent.
    """
    now = now or timezone.now()
    erased = 0
    for banner_id, days in Banner.objects.values_list("pk", "personal_data_days"):
        cutoff = now - timedelta(days=days)
        expired = Contribution.objects.filter(banner_id=banner_id, created_at__lt=cutoff).exclude(
            first_name="", device="", address=""
        )
        with transaction.atomic():
            ids = list(expired.values_list("pk", flat=True))
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                Contribution.objects.filter(pk__in=chunk).update(first_name="", device="", address="")
                _blank_in_log(chunk, {"first_name": ""})
            MutedDevice.objects.filter(banner_id=banner_id, at__lt=cutoff).delete()
        erased += len(ids)
    return erased


def erase_expired_personal_data_now_and_then(*, now=None) -> int | None:
    """``erase_expired_personal_data`` at most once every ``ERASE_EVERY_SECONDS`` (one cache key), for pages
    that moderators open anyway: the erasure happens even where no daily job was set up. None when skipped."""
    if not cache.add("artwork:erase-expired-personal-data", True, ERASE_EVERY_SECONDS):
        return None
    return erase_expired_personal_data(now=now)
