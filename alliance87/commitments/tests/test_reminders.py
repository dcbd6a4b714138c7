"""The daily reminders (``send_commitment_reminders``), with a frozen clock and the outgoing mail caught:
before a report falls due and after it fell due, each once; a deliverable falling due; in each person's
language; with the link to the report page; the lights recomputed on the way."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command

from alliance87.commitments.models import Commitment, CommitmentRules, Light, ReminderSent

from .making import commitment, deliverable, maker_for

NOW = datetime.datetime(2027, 6, 15, 8, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


def run(now=NOW, django_capture_on_commit_callbacks=None):
    with mock.patch("django.utils.timezone.now", return_value=now):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_commitment_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    return lambda now=NOW: run(now, django_capture_on_commit_callbacks)


def published_days_ago(cast, days: int, lead=None, **fields):
    return commitment(
        lead=lead or cast.alliance.free_the_slaves,
        published_at=NOW - datetime.timedelta(days=days),
        deliverables=0,
        **fields,
    )


def mails_about(c, mailoutbox):
    return [m for m in mailoutbox if f"/commitments/{c.pk}/report/" in m.body]


@pytest.fixture
def editor(cast):
    return cast.partner_editor


def test_before_the_report_falls_due_once(cast, editor, send, mailoutbox):
    c = published_days_ago(cast, 335)  # due in 30 days: the reminder's first day
    published_days_ago(cast, 334)  # due in 31 days: not yet
    send()
    assert [m.to for m in mailoutbox] == [[editor.email]]
    mail = mailoutbox[0]
    due = TODAY + datetime.timedelta(days=30)
    assert mail.subject == f"Reminder: a progress report on “{c.title}” is due on {due.day} July 2027"
    assert f"http://127.0.0.1:8000/commitments/{c.pk}/report/" in mail.body
    assert ReminderSent.objects.get().kind == "before"
    send(NOW + datetime.timedelta(days=1))  # the other one's first day
    send(NOW + datetime.timedelta(days=20))
    assert len(mails_about(c, mailoutbox)) == 1
    assert len(mailoutbox) == 2


def test_after_it_fell_due_once(cast, editor, send, mailoutbox):
    c = published_days_ago(cast, 365 + 14)  # fell due 14 days ago
    published_days_ago(cast, 365 + 13)  # 13 days ago: not yet
    send()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith(f"Overdue: the progress report on “{c.title}” was due on")
    reminder = ReminderSent.objects.get()
    assert (reminder.kind, reminder.commitment, reminder.recipients) == ("after", c, 1)
    assert reminder.due_on == TODAY - datetime.timedelta(days=14)
    send(NOW + datetime.timedelta(days=100))
    assert len(mails_about(c, mailoutbox)) == 1
    assert len(mailoutbox) == 2  # the other one, once
    c.refresh_from_db()
    assert c.light == Light.YELLOW


def test_a_new_report_starts_a_new_year(cast, editor, send, mailoutbox):
    c = published_days_ago(cast, 335)
    send()
    Commitment.objects.filter(pk=c.pk).update(last_reported_at=NOW)
    send(NOW + datetime.timedelta(days=335))  # a year after the report, 30 days before it falls due
    assert len(mailoutbox) == 2
    assert sorted(r.kind for r in ReminderSent.objects.all()) == ["before", "before"]


def test_the_rules_set_the_days(cast, editor, send, mailoutbox):
    rules = CommitmentRules.current()
    rules.remind_before_days, rules.remind_after_days = 7, 3
    rules.save()
    published_days_ago(cast, 365 - 8)
    published_days_ago(cast, 365 - 7)
    published_days_ago(cast, 365 + 3)
    send()
    assert sorted(r.kind for r in ReminderSent.objects.all()) == ["after", "before"]


def test_in_each_persons_language(cast, send, mailoutbox):
    french = maker_for(cast.alliance.kenya, "focal.fr@example.org")
    french.language = "fr"
    french.save()
    english = maker_for(cast.alliance.kenya, "focal.en@example.org")
    published_days_ago(cast, 335, lead=cast.alliance.kenya)
    send()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {french.email, english.email}
    assert "15 juillet 2027" in by_address[french.email].subject
    assert "15 July 2027" in by_address[english.email].subject
    assert ReminderSent.objects.get().recipients == 2


def test_nobody_to_tell_is_tried_again_later(cast, send, mailoutbox):
    published_days_ago(cast, 335, lead=cast.alliance.ilo)
    send()
    assert not mailoutbox and not ReminderSent.objects.exists()
    maker_for(cast.alliance.ilo)
    send(NOW + datetime.timedelta(days=1))
    assert len(mailoutbox) == 1


def test_only_published_commitments(cast, editor, send, mailoutbox):
    for status in ("draft", "completed", "closed"):
        published_days_ago(cast, 335, status=status)
    send()
    assert not mailoutbox


def test_a_deliverable_falling_due(cast, editor, send, mailoutbox):
    c = published_days_ago(cast, 10)
    deliverable(c, title="Inspectors trained (example)", due_on=TODAY + datetime.timedelta(days=30))
    deliverable(c, title="Guidance published (example)", due_on=TODAY + datetime.timedelta(days=30))
    deliverable(c, title="Done already", due_on=TODAY + datetime.timedelta(days=5), achieved_at=NOW)
    deliverable(c, title="Later", due_on=TODAY + datetime.timedelta(days=31))
    send()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == f"A deliverable of “{c.title}” is due on 15 July 2027"
    assert "Inspectors trained (example); Guidance published (example)" in mailoutbox[0].body
    assert ReminderSent.objects.get().kind == "delivery"
    send(NOW + datetime.timedelta(days=1))  # "Later" is 30 days away now: its own reminder, the others not again
    assert len(mailoutbox) == 2
    assert "Later" in mailoutbox[1].body and "Inspectors" not in mailoutbox[1].body


def test_the_lights_command(cast):
    import io

    c = published_days_ago(cast, 800)
    out = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        call_command("recompute_commitment_lights", stdout=out)
    c.refresh_from_db()
    assert c.light == Light.RED
    assert "red: 1" in out.getvalue()
