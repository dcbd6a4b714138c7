"""``alliance87 recompute-commitment-lights``: set every commitment's status light as of now (the daily
``send-commitment-reminders`` does it too; this is for after an import or a change made in the database)."""

from django.core.management.base import BaseCommand

from alliance87.commitments import lights


class Command(BaseCommand):
    help = "Recompute every commitment's status light (green, yellow, red, inactive) as of now."

    def handle(self, *args, **options):
        changed = lights.recompute_all()
        summary = ", ".join(f"{light or 'none'}: {count}" for light, count in changed.items() if count) or "none"
        self.stdout.write(self.style.SUCCESS(f"Lights changed: {summary}."))
