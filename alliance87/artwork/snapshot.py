"""What the public may see of a banner, and from when: the wall's snapshot and the public view of the log.

The log (``LogEntry``) is the truth; the wall is a view of it that lags behind on purpose:

- **The wall delay.** An entry reaches the wall ``wall_delay_seconds`` after it happened. The wall is
  always at a *released* sequence number ``W``: every entry up to ``W`` is older than the delay. The
  first entry still too young holds back everything after it, so no approval is ever skipped, and
  ``W`` only moves forward.
- **The freeze.** While the banner is frozen the wall stays at what it was showing when the moderator
  froze it (the entries released at the freeze's time, never past the freeze entry itself). Once
  unfrozen, what was held back comes out as its delay expires.
- **Moderation wins.** An approval reaches the wall only if the contribution is still approved when
  the wall is told: a moderator who hides something within the delay keeps it off the wall entirely.
  The same rule makes the snapshot: the contributions approved now whose latest approval is at or
  before ``W``. A print "as it was" at a given time uses it too, so a later hide keeps it off the print.

Public entries carry only what the wall may show (``WALL_ENTRY_DATA``): a hidden contribution's
coordinates without the moderator's reason; a contribution routed to the safeguarding focal point after
it was shown leaves the wall as "hidden", so nothing public says where it went.

The snapshot's JSON is kept in the cache (Redis with ``REDIS_URL``), so thousands of screens asking
at once cost one build: by the banner's state (last number, frozen, delay) while it is valid, and for
one second whatever changes (the screens resume from its ``last_seq`` over the socket, so a second-old
snapshot loses nothing).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .models import Banner, Contribution, LogEntry
from .mosaic import letter_mask
from .vocab import LogKind, Status

# What each public kind of entry may carry to the wall, by key. Other kinds never reach it.
PUBLIC_DATA = ("id", "x", "y", "colour", "message", "drawing", "first_name", "country")
WALL_ENTRY_DATA = {
    LogKind.APPROVED: PUBLIC_DATA,
    LogKind.HIDDEN: ("id", "x", "y"),
    LogKind.ERASED: ("ids", "region"),
    LogKind.FROZEN: (),
    LogKind.UNFROZEN: (),
}
RECENT_SECONDS = 1.0  # any snapshot this fresh is good enough: screens resume from its last_seq
VALID_SECONDS = 60  # the longest a snapshot is kept for one state of the banner
LOG_PAGE = 2000  # entries per page of log.json, and the most a screen catches up over the socket


def _json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


# --- Released: up to which number the wall is -------------------------------------------------


def released_through(banner_id: int, *, cutoff: datetime, after: int, last_seq: int) -> int:
    """The highest number whose entries, and every one before it, happened at or before ``cutoff``.

    Entries up to ``after`` are known to be released (a lower bound): only later ones are read.
    """
    first_young = (
        LogEntry.objects.filter(banner_id=banner_id, seq__gt=after, at__gt=cutoff)
        .order_by("seq")
        .values_list("seq", flat=True)
        .first()
    )
    return last_seq if first_young is None else first_young - 1


def freeze_entry(banner_id: int) -> tuple[int, datetime] | None:
    """The entry that froze the banner (number and time), when the banner is frozen."""
    row = (
        LogEntry.objects.filter(banner_id=banner_id, kind__in=(LogKind.FROZEN, LogKind.UNFROZEN))
        .order_by("-seq")
        .values_list("seq", "kind", "at")
        .first()
    )
    if row is None or row[1] != LogKind.FROZEN:
        return None
    return row[0], row[2]


def frozen_through(banner_id: int, *, delay: int, freeze: tuple[int, datetime], last_seq: int) -> int:
    """Where the wall stays while frozen: what it had released when the freeze came, never past the freeze."""
    key = f"artwork:frozen-through:{banner_id}:{freeze[0]}:{delay}"
    if (known := cache.get(key)) is not None:
        return known
    seq, at = freeze
    through = min(seq, released_through(banner_id, cutoff=at - timedelta(seconds=delay), after=0, last_seq=last_seq))
    cache.set(key, through, VALID_SECONDS * 10)
    return through


def _hint_key(banner: Banner) -> str:
    # The creation time tells two banners apart when a test database reuses a primary key.
    return f"artwork:released:{banner.pk}:{int(banner.created_at.timestamp() * 1000)}"


def public_through(banner: Banner, *, now: datetime | None = None) -> int:
    """The wall's released number ``W`` for ``banner`` (fresh from the database) at ``now``."""
    if banner.frozen and (freeze := freeze_entry(banner.pk)) is not None:
        return frozen_through(banner.pk, delay=banner.wall_delay_seconds, freeze=freeze, last_seq=banner.last_seq)
    live = now is None
    now = now or timezone.now()
    hint_key = _hint_key(banner)
    after = 0
    if live and (hint := cache.get(hint_key)) is not None and hint[0] == banner.wall_delay_seconds:
        after = min(hint[1], banner.last_seq)  # released once, released for good (the delay being the same)
    through = released_through(
        banner.pk, cutoff=now - timedelta(seconds=banner.wall_delay_seconds), after=after, last_seq=banner.last_seq
    )
    if live:
        cache.set(hint_key, (banner.wall_delay_seconds, through), VALID_SECONDS * 10)
    return through


def seq_at(banner: Banner, at: datetime) -> int:
    """The banner's number as it was at ``at``: the entries that had happened by then (for prints)."""
    return released_through(banner.pk, cutoff=at, after=0, last_seq=banner.last_seq)


# --- What is on the wall -------------------------------------------------------------------------


def visible(banner: Banner, through: int) -> list[dict]:
    """The contributions on the wall at number ``through``: approved now, latest approval at or before it.

    The approved contributions are read first, the later approvals second: one approved in between is in
    neither (or in both, and left out), never on the wall ahead of its number.
    """
    rows = list(
        Contribution.objects.filter(banner=banner, status=Status.APPROVED)
        .order_by("decided_at", "pk")
        .values("id", "x", "y", "colour", "message", "drawing", "first_name", "country")
    )
    later = set(
        LogEntry.objects.filter(banner=banner, seq__gt=through, kind=LogKind.APPROVED).values_list(
            "contribution_id", flat=True
        )
    )
    return [{**row, "country": row["country"] or ""} for row in rows if row["id"] not in later]


def state(
    banner: Banner, *, at: datetime | None = None, now: datetime | None = None, through: int | None = None
) -> dict:
    """The public state of ``banner``: the live wall's (delay and freeze honoured), as it was at ``at``, or
    at number ``through`` (prints: everything approved up to it)."""
    if through is None:
        through = seq_at(banner, at) if at is not None else public_through(banner, now=now)
    contributions = visible(banner, through)
    return {
        "banner": banner.slug,
        "title": banner.title,
        "text": banner.text,
        "columns": banner.columns,
        "rows": banner.rows,
        "width_cm": banner.width_cm,
        "height_cm": banner.height_cm,
        "palette": [{"hex": entry["hex"].upper(), "name": entry.get("name", "")} for entry in banner.palette],
        "mask": list(letter_mask(banner.text, banner.columns, banner.rows)),
        "last_seq": through,
        "frozen": banner.frozen,
        "at": at.isoformat() if at is not None else None,
        "count": len(contributions),
        "countries": len({c["country"] for c in contributions if c["country"]}),
        "contributions": contributions,
    }


@dataclass(frozen=True)
class Snapshot:
    body: bytes
    gzipped: bytes
    etag: str
    last_seq: int


def _state_key(banner: Banner) -> str:
    return f"artwork:snapshot:{banner.pk}:{banner.last_seq}:{int(banner.frozen)}:{banner.wall_delay_seconds}"


def _recent_key(banner: Banner) -> str:
    return f"artwork:snapshot:{banner.pk}:recent"


def snapshot(banner: Banner) -> Snapshot:
    """The live snapshot as JSON bytes (and gzipped), built at most once per state of the banner and second.

    ``banner`` must be fresh from the database (its ``last_seq``, ``frozen``, delay).
    """
    if (recent := cache.get(_recent_key(banner))) is not None:
        return recent
    state_key = _state_key(banner)
    stored = cache.get(state_key)
    if stored is not None and (stored[0] is None or stored[0] > time.time()):
        cache.set(_recent_key(banner), stored[1], RECENT_SECONDS)
        return stored[1]
    data = state(banner)
    body = _json(data).encode()
    built = Snapshot(
        body=body,
        gzipped=gzip.compress(body, compresslevel=5),
        etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        last_seq=data["last_seq"],
    )
    # Valid while the banner's state holds, unless entries are held back by the delay: then until the
    # first of them comes of age (or the snapshot would keep it off the wall).
    valid_until = None
    if not banner.frozen and data["last_seq"] < banner.last_seq:
        held = LogEntry.objects.filter(banner=banner, seq=data["last_seq"] + 1).values_list("at", flat=True).first()
        valid_until = (held + timedelta(seconds=banner.wall_delay_seconds)).timestamp() if held else time.time()
    timeout = VALID_SECONDS if valid_until is None else max(1, min(VALID_SECONDS, int(valid_until - time.time()) + 1))
    cache.set(state_key, (valid_until, built), timeout)
    cache.set(_recent_key(banner), built, RECENT_SECONDS)
    return built


# --- The log, as the wall and as the consoles see it -------------------------------------------


def entry_rows(banner_id: int, after: int, through: int, *, limit: int | None = None) -> list[dict]:
    """The log entries numbered ``after`` + 1 to ``through``, in order, at most ``limit`` (``LOG_PAGE``)."""
    limit = limit or LOG_PAGE
    return list(
        LogEntry.objects.filter(banner_id=banner_id, seq__gt=after, seq__lte=through)
        .order_by("seq")
        .values("seq", "kind", "at", "data", "contribution_id", "by_id")[:limit]
    )


def wall_entries(banner_id: int, rows: list[dict]) -> list[dict]:
    """What the wall may see of ``rows``: public kinds, public data, approvals still approved."""
    approved_ids = [row["contribution_id"] for row in rows if row["kind"] == LogKind.APPROVED]
    still_approved = set(
        Contribution.objects.filter(pk__in=approved_ids, status=Status.APPROVED).values_list("pk", flat=True)
        if approved_ids
        else ()
    )
    routed = {row["contribution_id"]: row["seq"] for row in rows if row["kind"] == LogKind.ROUTED}
    was_shown = set()
    if routed:
        for contribution_id, seq in LogEntry.objects.filter(
            banner_id=banner_id, contribution_id__in=list(routed), kind=LogKind.APPROVED
        ).values_list("contribution_id", "seq"):
            if seq < routed[contribution_id]:
                was_shown.add(contribution_id)
    entries = []
    for row in rows:
        kind, data = row["kind"], row["data"] or {}
        if kind == LogKind.ROUTED and row["contribution_id"] in was_shown:
            kind = LogKind.HIDDEN  # it leaves the wall; where it went is nobody's business there
        elif kind not in WALL_ENTRY_DATA:
            continue
        elif kind == LogKind.APPROVED and row["contribution_id"] not in still_approved:
            continue
        entries.append(
            {
                "seq": row["seq"],
                "kind": str(kind),
                "at": row["at"],
                "data": {key: data[key] for key in WALL_ENTRY_DATA[kind] if key in data},
            }
        )
    return entries


def console_entries(banner_id: int, rows: list[dict]) -> list[dict]:
    """Every entry, for moderators: who did it, and the contribution as it is now (a possible
    disclosure without its words: those are for the safeguarding focal point's page)."""
    from alliance87.accounts.models import User

    ids = {row["contribution_id"] for row in rows if row["contribution_id"]}
    contributions = {
        row["id"]: row
        for row in Contribution.objects.filter(pk__in=ids).values(
            "id",
            "x",
            "y",
            "colour",
            "message",
            "drawing",
            "first_name",
            "organisation_kind",
            "country",
            "status",
            "blocklist_hits",
            "possible_disclosure",
            "created_at",
        )
    }
    for row in contributions.values():
        row["country"] = row["country"] or ""
        if row["status"] == Status.SAFEGUARDING or row["possible_disclosure"]:
            row.update(message="", drawing=[], first_name="", withheld=True)
    by_ids = {row["by_id"] for row in rows if row["by_id"]}
    names = {
        pk: name or email for pk, name, email in User.objects.filter(pk__in=by_ids).values_list("pk", "name", "email")
    }
    return [
        {
            "seq": row["seq"],
            "kind": row["kind"],
            "at": row["at"],
            "data": row["data"] or {},
            "contribution": contributions.get(row["contribution_id"]),
            "by": names.get(row["by_id"]),
        }
        for row in rows
    ]


def frame(first: int, last: int, entries: list[dict]) -> dict:
    """The message that covers every number from ``first`` to ``last`` (the entries the audience may see)."""
    return {"type": "entries", "from": first, "to": last, "entries": entries}


def frame_json(first: int, last: int, entries: list[dict]) -> str:
    return _json(frame(first, last, entries))


def log_page(banner: Banner, *, since: int, moderator: bool) -> dict:
    """``log.json``: the entries after ``since`` (at most ``LOG_PAGE`` numbers), up to the wall's number for
    the public (every number in the range is covered; private entries are left out), up to the last for
    moderators."""
    last = banner.last_seq if moderator else public_through(banner)
    through = min(last, since + LOG_PAGE)
    rows = entry_rows(banner.pk, since, through) if through > since else []
    entries = console_entries(banner.pk, rows) if moderator else wall_entries(banner.pk, rows)
    page = frame(since + 1, max(through, since), entries)
    page["last_seq"] = last
    page["more"] = through < last
    page["frozen"] = banner.frozen
    return page


def dumps(value) -> str:
    """JSON as the live pages get it (dates as ISO 8601, no spaces, any script as is)."""
    return _json(value)
