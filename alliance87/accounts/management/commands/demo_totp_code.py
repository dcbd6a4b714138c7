from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .create_demo_users import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the demo secretariat's current two-factor code (DEMO=True only)."

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError("Only in the local demo configuration (DEMO=True).")
        from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time  # noqa: PLC0415

        counters = list(yield_hotp_counters_from_time())
        counter = counters[len(counters) // 2]  # the current period, not the tolerated neighbours
        self.stdout.write(f"{hotp_value(DEMO_TOTP_SECRET, counter):06d}")
