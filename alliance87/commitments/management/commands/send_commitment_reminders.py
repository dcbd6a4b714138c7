"""``alliance87 send-commitment-reminders``: recompute every commitment's light, then e-mail the makers whose
progress report falls due soon or fell due a while ago, and whose deliverable falls due soon.

Run it daily (cron or a systemd timer), like ``send-report-reminders``: each reminder goes once
(``ReminderSent``), in each person's language, with a link to the commitment's report page.
"""

from django.core.management.base import BaseCommand

from alliance87.commitments import lights, progress


class Command(BaseCommand):
    help = "Recompute the commitments' status lights, then send the progress reminders due today."

    def handle(self, *args, **options):
        changed = lights.recompute_all()
        sent = progress.reminders_send()
        self.stdout.write(
            self.style.SUCCESS(f"{sum(changed.values())} light(s) changed; {len(sent)} reminder(s) sent.")
        )
