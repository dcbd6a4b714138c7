"""``alliance87 rebuild-search-index``: rebuild the site search's index from the data. Safe to run again.

Saves and deletes keep the index current; bulk loads (the synthetic data of ``make bench``) do not send
the signals that do, and a restored database may come without its index: this command rebuilds it.
"""

from django.core.management.base import BaseCommand

from alliance87.search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the site search's index (partners, countries, events, listed people, Action Groups)."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} entries."))
