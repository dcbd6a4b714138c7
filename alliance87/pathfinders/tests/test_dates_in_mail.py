"""The reminders' dates in the focal point's language (issue 14): ``notify`` activates the recipient's
language, so a date handed to it must be written out then, not in the sender's language or as ISO 8601."""

import datetime

from django.core import mail

from alliance87.pathfinders import services
from alliance87.pathfinders.models import ReportCycle
from alliance87.pathfinders.tests.test_services import cycle, kenya_roadmap  # noqa: F401 -- fixtures


def test_a_french_focal_point_reads_the_deadline_in_french(
    cast,
    kenya_roadmap,  # noqa: F811
    cycle,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    cast.focal_point.language = "fr"
    cast.focal_point.save(update_fields=["language"])
    # The reminders go out for the latest open real cycle: this one (a cycle another test of this process
    # left behind would be chosen instead; seen twice in two-process runs, never alone).
    ReportCycle.objects.filter(is_example=False).exclude(pk=cycle.pk).delete()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send(today=datetime.date(2026, 4, 20))
    assert [s.country.code for s in sent] == ["KE"], list(ReportCycle.objects.values_list("year", "is_example"))
    subject = mail.outbox[-1].subject
    assert "30 avril 2026" in subject, subject
    assert "2026-04-30" not in subject and "April" not in subject
