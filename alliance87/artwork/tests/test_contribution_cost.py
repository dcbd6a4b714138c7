"""A contribution's way in, made cheap (``rows.py``, ``services.contribute``): what it reads and writes is what
the ORM would, its queries do not grow with the banner, and a full pool is not read again and again."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance87.artwork import rows, services
from alliance87.artwork.models import Banner, Contribution, LogEntry
from alliance87.artwork.vocab import HOLDS_CELL, Status

from .conftest import NOW
from .test_services import BURGUNDY, send


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_the_banner_read_with_plain_sql_is_the_one_the_orm_reads(banner):
    banner.palette = [{"hex": "#A21942", "name": "Burgundy"}, {"hex": "#00689d", "name": "Blue"}]
    banner.opens_at, banner.closes_at = NOW, NOW + timedelta(hours=2)
    banner.frozen, banner.auto_approve_colour_only = True, False
    banner.save()
    read = rows.banner_by_slug("ten-years")
    assert _fields(read) == _fields(Banner.objects.get(slug="ten-years"))
    assert read.opens_at == NOW and read.closes_at.tzinfo is not None
    assert (read.frozen, read.auto_approve_colour_only, read.colours) == (True, False, ["#A21942", "#00689D"])
    assert not read._state.adding
    assert rows.banner_by_slug("no-such-banner") is None


def test_a_contribution_written_with_plain_sql_reads_back_as_written(banner):
    receipt = send(
        banner,
        message="  Ten years  ",
        drawing=[[[0.1, 0.2], [0.3, 0.4]]],
        first_name="Amina",
        organisation_kind="workers",
        country="KE",
        address="192.0.2.1",
    )
    written = receipt.contribution
    assert written.pk and not written._state.adding
    stored = Contribution.objects.get(pk=written.pk)
    assert _fields(stored) == _fields(written)
    assert (stored.message, stored.drawing, stored.country.code, stored.created_at) == (
        "Ten years",
        [[[0.1, 0.2], [0.3, 0.4]]],
        "KE",
        NOW,
    )
    assert (stored.status, stored.blocklist_hits, stored.possible_disclosure) == (Status.PENDING, [], False)
    entry = LogEntry.objects.get(banner=banner, seq=receipt.seq)
    assert (entry.kind, entry.contribution_id, entry.data, entry.at) == (
        "contributed",
        written.pk,
        {"x": written.x, "y": written.y},
        NOW,
    )


def test_an_approval_is_logged_with_what_the_wall_shows(banner):
    receipt = send(banner)
    entries = list(LogEntry.objects.filter(banner=banner).order_by("seq"))
    assert [(e.seq, e.kind) for e in entries] == [(1, "contributed"), (2, "approved")]
    assert entries[1].data == services.public_data(receipt.contribution)


def _count_queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]])


def test_a_contribution_takes_the_same_few_queries_however_many_came_before(banner):
    banner.columns, banner.rows = 40, 20
    banner.address_limit_per_minute = 30
    banner.save()
    first = _count_queries(lambda: send(banner, "phone-0", address="192.0.2.1"))
    for index in range(1, 4):
        send(banner, f"phone-{index}", address="192.0.2.1")
    later = _count_queries(lambda: send(banner, "phone-9", address="192.0.2.1"))
    # The mutes, the log's number (the lock), the cooldown, the address's ceiling, a sample of cells, the
    # contribution, the log entries: one statement each.
    assert first == later == 7


def _fill(banner, cells) -> None:
    Contribution.objects.bulk_create(
        Contribution(
            banner=banner, x=x, y=y, colour=BURGUNDY, device=f"fill-{x}-{y}", status=Status.APPROVED, created_at=NOW
        )
        for x, y in cells
    )


def test_once_the_letters_are_full_the_background_is_sampled_without_reading_every_cell(banner):
    letters, background = services._cell_pools(banner.text, banner.columns, banner.rows)
    assert letters and background
    _fill(banner, letters)
    assert services._choose_cell(banner) in background  # this one reads every taken cell, once
    with CaptureQueriesContext(connection) as queries:
        cell = services._choose_cell(banner)
    assert cell in background
    assert len(queries.captured_queries) == 1  # the sample's, no more


def test_a_letter_cell_freed_while_the_letters_were_known_full_is_still_found(banner):
    letters, background = services._cell_pools(banner.text, banner.columns, banner.rows)
    _fill(banner, letters)
    services._choose_cell(banner)  # the letters are known full in this process
    _fill(banner, background)
    freed = letters[0]
    Contribution.objects.filter(banner=banner, x=freed[0], y=freed[1]).update(status=Status.REJECTED)
    assert Status.REJECTED not in HOLDS_CELL
    assert services._choose_cell(banner) == freed  # the background is full: the letters are read again


def test_the_letters_are_sampled_again_once_the_memory_lapses(banner, monkeypatch):
    letters, background = services._cell_pools(banner.text, banner.columns, banner.rows)
    _fill(banner, letters)
    services._choose_cell(banner)
    freed = letters[0]
    Contribution.objects.filter(banner=banner, x=freed[0], y=freed[1]).update(status=Status.REJECTED)
    assert services._choose_cell(banner) in background
    later = services._clock() + services.FULL_POOL_SECONDS + 1
    monkeypatch.setattr(services, "_clock", lambda: later)
    assert services._choose_cell(banner) == freed
