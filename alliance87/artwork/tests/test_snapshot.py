"""The wall's snapshot and the public log: only approved content, the delay, the freeze, moderation first."""

import gzip
import json
from datetime import timedelta

import pytest
from django.urls import reverse

from alliance87.artwork import services, snapshot
from alliance87.artwork.models import Banner, LogEntry
from alliance87.artwork.vocab import Status

from .conftest import NOW

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

BURGUNDY, GREEN = "#A21942", "#4C9F38"


def send(banner, token, *, now=NOW, **fields):
    fields.setdefault("colour", BURGUNDY)
    return services.contribute(banner=banner, device_token=token, now=now, **fields).contribution


def fresh(banner) -> Banner:
    return Banner.objects.get(pk=banner.pk)


def ids(state) -> set[int]:
    return {c["id"] for c in state["contributions"]}


def test_the_snapshot_has_only_approved_content_and_only_public_fields(banner, moderator):
    placed = send(banner, "p1", first_name="Amina", country="KE", organisation_kind="workers")
    services.moderate(contribution=placed, by=moderator, status=Status.APPROVED)  # a first name is text
    waiting = send(banner, "p2", message="Waiting for a moderator")
    rejected = send(banner, "p3", message="Not this one")
    services.moderate(contribution=rejected, by=moderator, status=Status.REJECTED, reason="off topic")
    hidden = send(banner, "p4", message="Shown, then hidden")
    services.moderate(contribution=hidden, by=moderator, status=Status.APPROVED)
    services.moderate(contribution=hidden, by=moderator, status=Status.HIDDEN)
    disclosure = send(banner, "p5", message="help me please")
    assert disclosure.status == Status.SAFEGUARDING

    state = snapshot.state(fresh(banner))  # now: moderation happened at the real time

    assert ids(state) == {placed.pk}
    assert state["count"] == 1 and state["countries"] == 1
    (shown,) = state["contributions"]
    assert set(shown) == {"id", "x", "y", "colour", "message", "drawing", "first_name", "country"}
    assert (shown["first_name"], shown["country"]) == ("Amina", "KE")
    text = json.dumps(state)
    for private in (waiting.message, rejected.message, "off topic", hidden.message, disclosure.message, placed.device):
        assert private not in text
    assert state["last_seq"] == fresh(banner).last_seq
    assert state["columns"] == 12 and state["rows"] == 4 and len(state["mask"]) == 4


def test_the_wall_delay_holds_back_young_entries_and_everything_after_them(banner):
    banner.wall_delay_seconds = 10
    banner.save()
    first = send(banner, "p1", now=NOW)
    second = send(banner, "p2", now=NOW + timedelta(seconds=5))

    at_3 = snapshot.state(fresh(banner), now=NOW + timedelta(seconds=3))
    at_12 = snapshot.state(fresh(banner), now=NOW + timedelta(seconds=12))
    at_16 = snapshot.state(fresh(banner), now=NOW + timedelta(seconds=16))

    assert (ids(at_3), at_3["last_seq"]) == (set(), 0)
    assert (ids(at_12), at_12["last_seq"]) == ({first.pk}, 2)  # its two entries, not the second's
    assert (ids(at_16), at_16["last_seq"]) == ({first.pk, second.pk}, 4)


def test_a_young_entry_holds_back_older_ones_after_it_so_no_approval_is_skipped(banner):
    """Numbers and times need not agree (a request waited for the lock): the first young one holds the rest."""
    banner.wall_delay_seconds = 10
    banner.save()
    send(banner, "p1", now=NOW + timedelta(seconds=8))  # numbers 1 and 2, young at NOW + 12
    send(banner, "p2", now=NOW)  # numbers 3 and 4, old enough at NOW + 12

    assert snapshot.state(fresh(banner), now=NOW + timedelta(seconds=12))["last_seq"] == 0
    assert snapshot.state(fresh(banner), now=NOW + timedelta(seconds=19))["last_seq"] == 4


def test_a_frozen_snapshot_keeps_what_the_wall_showed_at_the_freeze(banner, moderator):
    before = send(banner, "p1")
    services.freeze(banner=banner, by=moderator, frozen=True, now=NOW + timedelta(seconds=1))
    during = send(banner, "p2", now=NOW + timedelta(seconds=2))

    frozen = snapshot.state(fresh(banner), now=NOW + timedelta(minutes=5))
    assert frozen["frozen"] is True
    assert ids(frozen) == {before.pk}
    assert frozen["last_seq"] == 3  # the freeze itself, with no delay

    services.freeze(banner=banner, by=moderator, frozen=False, now=NOW + timedelta(seconds=3))
    thawed = snapshot.state(fresh(banner), now=NOW + timedelta(minutes=5))
    assert thawed["frozen"] is False
    assert ids(thawed) == {before.pk, during.pk}


def test_freezing_within_the_delay_keeps_recent_approvals_off_the_wall(banner, moderator):
    banner.wall_delay_seconds = 10
    banner.save()
    old = send(banner, "p1", now=NOW)
    send(banner, "p2", now=NOW + timedelta(seconds=15))  # young when the freeze comes
    services.freeze(banner=banner, by=moderator, frozen=True, now=NOW + timedelta(seconds=18))

    frozen = snapshot.state(fresh(banner), now=NOW + timedelta(minutes=5))
    assert ids(frozen) == {old.pk}  # what the wall showed at the freeze: the recent one was still held


def test_a_contribution_hidden_within_the_delay_never_reaches_the_wall(banner, moderator):
    banner.wall_delay_seconds = 10
    banner.save()
    contribution = send(banner, "p1", message="Oops")
    services.moderate(contribution=contribution, by=moderator, status=Status.APPROVED, now=NOW + timedelta(seconds=1))
    services.moderate(contribution=contribution, by=moderator, status=Status.HIDDEN, now=NOW + timedelta(seconds=4))

    # At NOW + 12 the approval is released, the hide not yet; moderation wins all the same.
    state = snapshot.state(fresh(banner), now=NOW + timedelta(seconds=12))
    assert state["last_seq"] == 2 and ids(state) == set()
    rows = snapshot.entry_rows(banner.pk, 0, fresh(banner).last_seq)
    assert [e["kind"] for e in snapshot.wall_entries(banner.pk, rows)] == ["hidden"]


def test_the_public_log_has_public_kinds_and_data_only_and_covers_the_range(banner, moderator, client):
    shown = send(banner, "p1", message="Hello wall")
    services.moderate(contribution=shown, by=moderator, status=Status.APPROVED)
    services.moderate(contribution=shown, by=moderator, status=Status.HIDDEN, reason="a private reason")
    routed = send(banner, "p2", message="Shown then routed")
    services.moderate(contribution=routed, by=moderator, status=Status.APPROVED)
    services.moderate(contribution=routed, by=moderator, status=Status.SAFEGUARDING, reason="may be a disclosure")
    services.mute_device(contribution=routed, by=moderator)
    last = fresh(banner).last_seq

    response = client.get(reverse("artwork:log", args=[banner.slug]), {"since": 0})

    page = response.json()
    assert response.status_code == 200
    assert (page["from"], page["to"], page["last_seq"], page["more"]) == (1, last, last, False)
    assert [e["kind"] for e in page["entries"]] == ["hidden", "hidden"]  # approvals since taken down are left out
    assert page["entries"][0]["data"] == {"id": shown.pk, "x": shown.x, "y": shown.y}
    body = response.content.decode()
    for private in ("a private reason", "may be a disclosure", "routed", "muted", "contributed", routed.device):
        assert private not in body


def test_moderators_get_every_entry_on_the_log(banner, moderator, client):
    contribution = send(banner, "p1", message="Needs reading")
    services.moderate(contribution=contribution, by=moderator, status=Status.REJECTED, reason="spam")
    client.force_login(moderator)

    page = client.get(reverse("artwork:log", args=[banner.slug]), {"since": 0}).json()

    assert [e["kind"] for e in page["entries"]] == ["contributed", "rejected"]
    assert page["entries"][1]["data"]["reason"] == "spam"
    assert page["entries"][1]["by"] == moderator.name
    assert page["entries"][0]["contribution"]["message"] == "Needs reading"


def test_the_log_is_paged_and_refuses_a_bad_since(banner, client, monkeypatch):
    for index in range(3):
        send(banner, f"p{index}")
    monkeypatch.setattr(snapshot, "LOG_PAGE", 4)
    url = reverse("artwork:log", args=[banner.slug])

    first = client.get(url, {"since": 0}).json()
    second = client.get(url, {"since": first["to"]}).json()

    assert (first["from"], first["to"], first["more"]) == (1, 4, True)
    assert (second["from"], second["to"], second["more"]) == (5, 6, False)
    assert [e["seq"] for e in first["entries"] + second["entries"]] == [2, 4, 6]
    assert client.get(url, {"since": "-1"}).status_code == 400


def test_the_snapshot_view_is_cached_gzipped_and_answers_not_modified(banner, client, django_assert_max_num_queries):
    send(banner, "p1")
    url = reverse("artwork:snapshot", args=[banner.slug])

    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    with django_assert_max_num_queries(1):  # the banner; the snapshot comes from the cache
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])

    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == "public, max-age=1"
    state = json.loads(gzip.decompress(response.content))
    assert state["count"] == 1 and state["last_seq"] == 2
    assert again.status_code == 304


def test_a_print_as_it_was_at_a_time_leaves_out_what_came_later_and_what_was_taken_down(banner, moderator):
    early = send(banner, "p1", now=NOW)
    hidden_later = send(banner, "p2", message="Hidden later", now=NOW)
    services.moderate(contribution=hidden_later, by=moderator, status=Status.APPROVED, now=NOW)
    late = send(banner, "p3", now=NOW + timedelta(hours=1))
    services.moderate(contribution=hidden_later, by=moderator, status=Status.HIDDEN, now=NOW + timedelta(hours=2))

    then = snapshot.state(fresh(banner), at=NOW + timedelta(minutes=30))

    assert ids(then) == {early.pk}
    assert late.pk not in ids(then) and then["last_seq"] == LogEntry.objects.filter(at__lte=NOW).count()
