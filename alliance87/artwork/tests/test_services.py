from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alliance87.artwork import services
from alliance87.artwork.models import BlockedTerm, Contribution, LogEntry
from alliance87.artwork.vocab import Status
from alliance87.testing import make_user

from .conftest import NOW

BURGUNDY = "#A21942"


def send(banner, token="phone-1", *, now=NOW, **fields):
    fields.setdefault("colour", BURGUNDY)
    return services.contribute(banner=banner, device_token=token, now=now, **fields)


def log(banner):
    return list(LogEntry.objects.filter(banner=banner).order_by("seq").values_list("seq", "kind"))


def test_colour_only_is_placed_at_once_in_a_letter_cell_and_logged_in_order(banner):
    receipt = send(banner)
    contribution = receipt.contribution
    assert contribution.status == Status.APPROVED
    from alliance87.artwork.mosaic import letter_mask

    mask = letter_mask(banner.text, banner.columns, banner.rows)
    if any("1" in row for row in mask):
        assert mask[contribution.y][contribution.x] == "1"
    assert log(banner) == [(1, "contributed"), (2, "approved")]
    assert receipt.seq == 2
    assert LogEntry.objects.get(seq=2).data["colour"] == BURGUNDY


def test_a_message_waits_for_a_moderator(banner, moderator):
    contribution = send(banner, message="  Ten   years together  ").contribution
    assert (contribution.status, contribution.message) == (Status.PENDING, "Ten years together")
    services.moderate(contribution=contribution, by=moderator, status=Status.APPROVED)
    contribution.refresh_from_db()
    assert contribution.status == Status.APPROVED
    assert log(banner)[-1] == (2, "approved")
    assert LogEntry.objects.get(seq=2).by == moderator


def test_cooldown_answers_with_the_seconds_to_wait(banner):
    send(banner)
    with pytest.raises(services.Throttled) as error:
        send(banner, now=NOW + timedelta(seconds=15))
    assert error.value.seconds == 45
    assert error.value.message == "Thank you! You can add another mark in 45 seconds."
    assert send(banner, now=NOW + timedelta(seconds=60)).contribution.pk
    assert send(banner, "phone-2", now=NOW + timedelta(seconds=61)).contribution.pk  # another phone is not held


def test_per_address_ceiling(banner):
    banner.address_limit_per_minute = 2
    banner.save()
    send(banner, "a", address="10.0.0.1")
    send(banner, "b", address="10.0.0.1", now=NOW + timedelta(seconds=10))
    with pytest.raises(services.Throttled) as error:
        send(banner, "c", address="10.0.0.1", now=NOW + timedelta(seconds=20))
    assert error.value.seconds == 40
    send(banner, "d", address="10.0.0.2", now=NOW + timedelta(seconds=20))


def test_cell_taken_outside_closed_muted_and_bad_colour_each_say_so(banner, moderator):
    first = send(banner, x=0, y=0).contribution
    cases = [
        (dict(token="p2", x=0, y=0), {"cell": ["This cell is already taken; pick another, or let us choose one."]}),
        (dict(token="p3", x=99, y=0), {"cell": ["This cell is outside the banner."]}),
        (dict(token="p4", colour="#123456"), {"colour": ["Pick a colour from the banner's palette."]}),
        (dict(token="p5", message="x" * 81), {"message": ["The message is 81 characters long; at most 80 fit."]}),
        (
            dict(token="p6", drawing=[[[2, 0]]]),
            {"drawing": ["The drawing could not be read: send strokes of points between 0 and 1."]},
        ),
        (
            dict(token="p7", drawing="<svg onload=alert(1)>"),
            {"drawing": ["The drawing could not be read: send strokes of points between 0 and 1."]},
        ),
    ]
    for fields, expected in cases:
        token = fields.pop("token")
        with pytest.raises(ValidationError) as error:
            send(banner, token, **fields)
        assert error.value.message_dict == expected
    services.mute_device(contribution=first, by=moderator)
    with pytest.raises(ValidationError) as error:
        send(banner, "phone-1", now=NOW + timedelta(minutes=5))
    assert error.value.message_dict == {"device": ["Contributions from this phone are paused by the moderators."]}
    banner.closes_at = NOW
    banner.save()
    with pytest.raises(ValidationError) as error:
        send(banner, "p8", now=NOW + timedelta(minutes=5))
    assert error.value.message_dict == {"banner": ["This banner is closed: it is not taking contributions now."]}
    # Nothing refused was kept or logged.
    assert Contribution.objects.count() == 1
    assert [kind for _, kind in log(banner)] == ["contributed", "approved", "muted"]


def test_script_in_a_message_is_kept_as_text(banner):
    contribution = send(banner, message="<script>alert(1)</script>\u202e").contribution
    assert contribution.message == "<script>alert(1)</script>"  # stored as text; pages escape it


def test_blocklist_holds_a_colour_only_name_and_records_hits(banner):
    BlockedTerm.objects.create(language="fr", term="zut")
    from alliance87.artwork import screening

    screening.blocklist_changed()
    contribution = send(banner, first_name="Züt").contribution
    assert contribution.status == Status.PENDING
    assert contribution.blocklist_hits == ["zut (fr)"]


def test_possible_disclosure_goes_to_safeguarding_not_the_queue(banner, moderator, cast):
    contribution = send(banner, message="Please help me, they took my passport").contribution
    assert contribution.status == Status.SAFEGUARDING and contribution.possible_disclosure
    with pytest.raises(PermissionDenied):
        services.moderate(contribution=contribution, by=moderator, status=Status.APPROVED)
    services.moderate(contribution=contribution, by=cast.safeguarding, status=Status.REJECTED)
    contribution.refresh_from_db()
    assert contribution.status == Status.REJECTED


def test_moderator_of_another_event_and_outsider_cannot_moderate(banner, cast):
    from alliance87.accounts.models import Role
    from alliance87.events import services as events

    other = events.event_create(
        by=None, title="Other", time_zone="UTC", starts_at=NOW, ends_at=NOW + timedelta(hours=1)
    )
    stranger = make_user("other-moderator@example.org", Role.MODERATOR, other)
    contribution = send(banner, message="Hello").contribution
    for user in (stranger, cast.outsider, cast.partner_editor):
        with pytest.raises(PermissionDenied):
            services.moderate(contribution=contribution, by=user, status=Status.APPROVED)
    services.moderate(contribution=contribution, by=cast.secretariat, status=Status.APPROVED)


def test_hide_erase_region_and_freeze_are_logged(banner, moderator):
    a = send(banner, "a", x=1, y=1).contribution
    b = send(banner, "b", x=2, y=2).contribution
    c = send(banner, "c", x=5, y=3).contribution
    services.moderate(contribution=a, by=moderator, status=Status.HIDDEN)
    with pytest.raises(ValidationError):
        services.moderate(contribution=a, by=moderator, status=Status.REJECTED)
    entry = services.erase_region(banner=banner, by=moderator, x0=3, y0=3, x1=0, y1=0)
    assert sorted(entry.data["ids"]) == sorted([a.pk, b.pk])
    assert Contribution.objects.get(pk=c.pk).status == Status.APPROVED
    assert send(banner, "d", x=1, y=1).contribution.pk  # the erased cell is free again
    services.freeze(banner=banner, by=moderator)
    assert services.freeze(banner=banner, by=moderator) is None
    kinds = [kind for _, kind in log(banner)]
    assert kinds[-3:] == ["contributed", "approved", "frozen"] and "hidden" in kinds and "erased" in kinds
    assert [seq for seq, _ in log(banner)] == list(range(1, len(kinds) + 1))


def test_a_full_banner_says_so(banner):
    for n in range(banner.columns * banner.rows):
        send(banner, f"phone-{n}")
    with pytest.raises(ValidationError) as error:
        send(banner, "one-more")
    assert error.value.message_dict == {"cell": ["The banner is full: every cell has a contribution."]}


def test_device_token_is_never_stored(banner):
    contribution = send(banner, "my-secret-token", address="192.0.2.7").contribution
    assert "my-secret-token" not in contribution.device and len(contribution.device) == 64
    assert "192.0.2.7" not in contribution.address


def test_the_starter_blocklist_holds_a_french_swear_word_with_an_accent_variant(banner):
    contribution = send(banner, message="Quelle MERDE").contribution
    assert contribution.status == Status.PENDING
    assert contribution.blocklist_hits == ["merde (fr)"]
    assert send(banner, "p2", message="Merdeville is a place").contribution.blocklist_hits == []


# --- At the same moment: the lock is held only for what must be in order ----------------------


def _at_once(count: int, work) -> list:
    """Run ``work(i)`` in ``count`` threads released together; each result or the exception it raised."""
    import threading

    from django.db import connection

    start, results = threading.Barrier(count), [None] * count

    def run(index):
        try:
            start.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 -- the test looks at what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.fixture
def shared_banner(transactional_db):
    from django.db import connection

    from alliance87.artwork.models import Banner

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads share a database only on PostgreSQL or a SQLite file (SQLite's writers take turns)")
    return Banner.objects.create(title="At once", slug="at-once", columns=12, rows=4, cooldown_seconds=60)


def test_contributions_sent_at_once_get_their_own_cells_and_an_unbroken_log(shared_banner):
    results = _at_once(8, lambda i: send(shared_banner, f"phone-{i}"))
    assert [type(r).__name__ for r in results] == ["Receipt"] * 8
    cells = {(r.contribution.x, r.contribution.y) for r in results}
    assert len(cells) == 8
    entries = list(
        LogEntry.objects.filter(banner=shared_banner).order_by("seq").values_list("seq", "kind", "contribution")
    )
    assert [seq for seq, _kind, _c in entries] == list(range(1, 17))
    for (seq, kind, contribution), (next_seq, next_kind, next_contribution) in zip(
        entries[::2], entries[1::2], strict=True
    ):
        assert (kind, next_kind, next_seq, contribution) == ("contributed", "approved", seq + 1, next_contribution)
    shared_banner.refresh_from_db()
    assert shared_banner.last_seq == 16
    assert sorted(r.seq for r in results) == list(range(2, 17, 2))


def test_one_phone_sending_four_at_once_gets_one_mark_and_three_waits(shared_banner):
    results = _at_once(4, lambda i: send(shared_banner, "the-same-phone"))
    assert sorted(type(r).__name__ for r in results) == ["Receipt", "Throttled", "Throttled", "Throttled"]
    assert Contribution.objects.filter(banner=shared_banner).count() == 1
    assert [kind for _seq, kind in log(shared_banner)] == ["contributed", "approved"]


def test_four_phones_after_the_same_cell_at_once_one_gets_it_three_are_told(shared_banner):
    from django.core.exceptions import ValidationError

    results = _at_once(4, lambda i: send(shared_banner, f"phone-{i}", x=3, y=2))
    receipts = [r for r in results if type(r).__name__ == "Receipt"]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(receipts), len(refused)) == (1, 3), results
    for error in refused:
        assert error.message_dict == {"cell": ["This cell is already taken; pick another, or let us choose one."]}
    assert list(Contribution.objects.filter(banner=shared_banner).values_list("x", "y")) == [(3, 2)]
    assert log(shared_banner) == [(1, "contributed"), (2, "approved")]


def test_a_cooldown_with_one_second_left_says_second(banner):
    send(banner)
    with pytest.raises(services.Throttled) as error:
        send(banner, now=NOW + timedelta(seconds=59, milliseconds=500))
    assert error.value.message == "Thank you! You can add another mark in 1 second."
