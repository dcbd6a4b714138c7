"""``alliance87 send-report-reminders``: e-mail focal points whose annual report is due or overdue.

Run it daily (cron or a systemd timer): each country gets one reminder in the two weeks before the
deadline and one after it, never more.
"""

from django.core.management.base import BaseCommand

from alliance87.pathfinders.services import reminders_send


class Command(BaseCommand):
    help = "Send the annual report reminders that are due today (before and after the deadline)."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} reminder(s) sent."))
