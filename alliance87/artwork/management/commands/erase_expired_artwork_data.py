"""``alliance87 erase-expired-artwork-data``: erase artwork contributors' personal data past its retention.

Each banner keeps its contributors' first names and the hashes of their phones and network addresses for
``personal_data_days`` (30 by default; the secretariat sets it per banner in the admin); after that this
command blanks them, keeping the marks (cell, colour, approved message). Run it daily (cron, a systemd
timer); it is idempotent, and the moderators' console also runs it at most once an hour.
"""

from django.core.management.base import BaseCommand

from alliance87.artwork import services


class Command(BaseCommand):
    help = "Erase artwork contributors' first names and device and address hashes older than each banner's retention."

    def handle(self, *args, **options):
        erased = services.erase_expired_personal_data()
        self.stdout.write(f"Erased the personal data of {erased} artwork contribution(s).")
