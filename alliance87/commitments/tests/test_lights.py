"""The status light: its boundaries (day 365/366, 730, 1095; custom rules), the statuses without a light,
the bulk recomputation (the same answer as ``light_of``, in a handful of queries), and "on track"."""

import datetime

import pytest
from django.utils import timezone

from alliance87.commitments import lights
from alliance87.commitments.models import Commitment, CommitmentRules, Light

from .making import commitment, deliverable

NOW = datetime.datetime(2027, 6, 15, 12, 0, tzinfo=datetime.UTC)


def days_ago(n: int, hours: int = 0) -> datetime.datetime:
    return NOW - datetime.timedelta(days=n, hours=hours)


@pytest.fixture
def rules(db):
    return CommitmentRules.current()


class Made:
    def __init__(self, status="published", published_at=None, last_reported_at=None):
        self.status = status
        self.published_at = published_at
        self.last_reported_at = last_reported_at


@pytest.mark.parametrize(
    ("age", "light"),
    [
        (0, Light.GREEN),
        (364, Light.GREEN),
        (365, Light.GREEN),
        (366, Light.YELLOW),
        (729, Light.YELLOW),
        (730, Light.RED),
        (1094, Light.RED),
        (1095, Light.INACTIVE),
        (4000, Light.INACTIVE),
    ],
)
def test_the_boundaries_with_the_default_rules(rules, age, light):
    assert lights.light_of(Made(published_at=days_ago(age)), rules, NOW) == light


def test_day_365_is_green_to_its_last_hour_and_day_366_yellow(rules):
    assert lights.light_of(Made(published_at=days_ago(365, hours=23)), rules, NOW) == Light.GREEN
    assert lights.light_of(Made(published_at=days_ago(366)), rules, NOW) == Light.YELLOW


def test_the_last_report_counts_not_the_publication(rules):
    made = Made(published_at=days_ago(2000), last_reported_at=days_ago(10))
    assert lights.light_of(made, rules, NOW) == Light.GREEN


def test_custom_rules(rules):
    rules.green_days, rules.red_days, rules.inactive_days = 180, 270, 400
    assert lights.light_of(Made(published_at=days_ago(180)), rules, NOW) == Light.GREEN
    assert lights.light_of(Made(published_at=days_ago(181)), rules, NOW) == Light.YELLOW
    assert lights.light_of(Made(published_at=days_ago(270)), rules, NOW) == Light.RED
    assert lights.light_of(Made(published_at=days_ago(400)), rules, NOW) == Light.INACTIVE


@pytest.mark.parametrize(
    ("status", "light"),
    [
        ("draft", Light.NONE),
        ("submitted", Light.NONE),
        ("changes_requested", Light.NONE),
        ("completed", Light.DONE),
        ("closed", Light.CLOSED),
    ],
)
def test_the_statuses_without_a_running_light(rules, status, light):
    assert lights.light_of(Made(status=status, published_at=days_ago(5000)), rules, NOW) == light


def test_the_report_falls_due_a_year_after_the_last_report(rules):
    made = Made(published_at=datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC))
    assert lights.report_due_on(made, rules) == datetime.date(2027, 3, 1)
    assert lights.report_due_on(Made(), rules) is None


def test_recompute_all_agrees_with_light_of_at_every_boundary(cast, rules, django_assert_max_num_queries):
    ages = [0, 365, 366, 729, 730, 1094, 1095, 3000]
    made = [commitment(lead=cast.alliance.free_the_slaves, published_at=days_ago(a), deliverables=0) for a in ages]
    made.append(commitment(lead=cast.alliance.kenya, published_at=None, deliverables=0))
    made.append(commitment(lead=cast.alliance.kenya, status="draft", deliverables=0))
    made.append(commitment(lead=cast.alliance.kenya, status="completed", deliverables=0))
    made.append(commitment(lead=cast.alliance.kenya, status="closed", deliverables=0))
    made.append(
        commitment(
            lead=cast.alliance.nestle, published_at=days_ago(3000), last_reported_at=days_ago(366, 1), deliverables=0
        )
    )
    with django_assert_max_num_queries(10):
        lights.recompute_all(NOW, rules)
    for row in Commitment.objects.filter(pk__in=[c.pk for c in made]):
        assert row.light == lights.light_of(row, rules, NOW), (row.published_at, row.last_reported_at, row.status)
        assert row.light_computed_at == NOW
    lights_by_age = dict(
        zip(ages, Commitment.objects.filter(pk__in=[c.pk for c in made[: len(ages)]]).order_by("pk"), strict=True)
    )
    assert [lights_by_age[a].light for a in ages] == [
        "green",
        "green",
        "yellow",
        "yellow",
        "red",
        "red",
        "inactive",
        "inactive",
    ]


def test_recompute_all_takes_the_same_queries_for_one_or_many(cast, rules, django_assert_num_queries):
    commitment(lead=cast.alliance.free_the_slaves, published_at=days_ago(400), deliverables=0)
    with django_assert_num_queries(8):
        lights.recompute_all(NOW, rules)
    for _ in range(3):
        commitment(lead=cast.alliance.free_the_slaves, published_at=days_ago(800), deliverables=0)
    with django_assert_num_queries(8):
        lights.recompute_all(NOW, rules)


def test_on_track_needs_green_and_no_late_deliverable(cast, rules):
    today = timezone.localdate()
    fine = commitment(lead=cast.alliance.free_the_slaves, deliverables=0)
    deliverable(fine, due_on=today + datetime.timedelta(days=30))
    late = commitment(lead=cast.alliance.free_the_slaves, deliverables=0)
    deliverable(late, due_on=today - datetime.timedelta(days=1))
    achieved = commitment(lead=cast.alliance.free_the_slaves, deliverables=0)
    deliverable(achieved, due_on=today - datetime.timedelta(days=1), achieved_at=timezone.now())
    silent = commitment(
        lead=cast.alliance.free_the_slaves, deliverables=0, published_at=timezone.now() - datetime.timedelta(days=400)
    )
    lights.recompute_all()
    rows = {c.pk: c for c in Commitment.objects.all()}
    assert lights.is_on_track(rows[fine.pk], today)
    assert not lights.is_on_track(rows[late.pk], today)
    assert lights.is_on_track(rows[achieved.pk], today)
    assert not lights.is_on_track(rows[silent.pk], today)
    on_track = set(lights.on_track(Commitment.objects.all(), today).values_list("pk", flat=True))
    assert on_track == {fine.pk, achieved.pk}


def test_saving_the_rules_anywhere_recomputes_every_light(cast, rules, django_capture_on_commit_callbacks):
    made = commitment(lead=cast.alliance.free_the_slaves, published_at=timezone.now() - datetime.timedelta(days=100))
    lights.recompute_all()
    rules.green_days, rules.red_days, rules.inactive_days = 30, 60, 90
    with django_capture_on_commit_callbacks(execute=True):
        rules.save()  # as the admin does
    made.refresh_from_db()
    assert made.light == Light.INACTIVE


def test_a_commitment_is_green_from_its_publication(cast, draft):
    from alliance87.commitments import services

    services.submit(by=cast.partner_editor, commitment=draft)
    services.review(by=cast.secretariat, commitment=draft, verdicts={x: {"ok": True, "note": ""} for x in "SMART"})
    services.publish(by=cast.secretariat, commitment=draft)
    draft.refresh_from_db()
    assert draft.light == Light.GREEN and draft.light_computed_at == draft.published_at


def test_the_daily_recomputation_renews_the_cached_public_pages(cast, rules):
    """A light (and "on track") turns with the date alone: the registry's cached copy must not outlive it."""
    from alliance87 import pagecache  # noqa: PLC0415

    commitment(lead=cast.alliance.free_the_slaves, published_at=days_ago(400), deliverables=0)
    before = pagecache.current_version()
    lights.recompute_all(NOW, rules)
    assert pagecache.current_version() != before
