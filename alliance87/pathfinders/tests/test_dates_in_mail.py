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
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send(today=datetime.date(2026, 4, 20))
    assert [s.country.code for s in sent] == ["KE"], list(ReportCycle.objects.values_list("year", "is_example"))
    subject = mail.outbox[-1].subject
    assert "30 avril 2026" in subject, subject
    assert "2026-04-30" not in subject and "April" not in subject


def test_loading_the_example_leaves_the_processs_mail_as_it_was(alliance, settings):
    # The loader silenced e-mail for good: every later e-mail of the process went nowhere (this test file's
    # reminder found an empty outbox whenever a test that loads the example had run before it).
    from django.core.management import call_command  # noqa: PLC0415

    backend = settings.EMAIL_BACKEND
    call_command("load_pathfinder_demo", verbosity=0)
    assert settings.EMAIL_BACKEND == backend
