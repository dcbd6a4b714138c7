"""``alliance87 load-stocktake-facts``: the counts of Pathfinder Countries that sources state, year by year.

They are statements, kept as written ("over 20"), in the network app's ``StatedFigure`` rows; the ten-year
stocktake shows them beside what the platform's records count, never added to it. The 2026 counts (38 and
26, from the concept note) are loaded by ``load-alliance-data``; this adds the earlier ones the platform's
fact sheet (docs/domain.md) records. Safe to run again: a row the secretariat has since edited is left
alone unless ``--refresh``.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from alliance87.network.alliance_facts import DOMAIN
from alliance87.network.models import StatedFigure
from alliance87.pagecache import public_pages_changed

# key: (statement, value as stated, year, source); the platform's translations of the statements follow.
PATHFINDER_COUNTS = {
    "pathfinders-2018-start": ("Pathfinder Countries when the strategy started", "15", 2018, DOMAIN),
    "pathfinders-2021": ("Pathfinder Countries", "over 20", 2021, DOMAIN),
    "pathfinders-2023-committed": ("countries committed to becoming Pathfinder Countries", "33", 2023, DOMAIN),
    "pathfinders-2023-started": ("Pathfinder Countries that had started their work", "21", 2023, DOMAIN),
    "pathfinders-2025": ("Pathfinder Countries", "37", 2025, DOMAIN),
}
TRANSLATIONS = {
    "pathfinders-2018-start": {
        "fr": {"label": "pays pionniers au lancement de la stratégie"},
        "es": {"label": "países pioneros al inicio de la estrategia"},
        "ar": {"label": "البلدان الرائدة عند انطلاق الاستراتيجية"},
    },
    "pathfinders-2021": {
        "fr": {"label": "pays pionniers"},
        "es": {"label": "países pioneros"},
        "ar": {"label": "البلدان الرائدة"},
    },
    "pathfinders-2023-committed": {
        "fr": {"label": "pays engagés à devenir pays pionniers"},
        "es": {"label": "países comprometidos a convertirse en países pioneros"},
        "ar": {"label": "البلدان الملتزمة بأن تصبح بلداناً رائدة"},
    },
    "pathfinders-2023-started": {
        "fr": {"label": "pays pionniers ayant commencé leur travail"},
        "es": {"label": "países pioneros que habían comenzado su trabajo"},
        "ar": {"label": "البلدان الرائدة التي بدأت عملها"},
    },
    "pathfinders-2025": {
        "fr": {"label": "pays pionniers"},
        "es": {"label": "países pioneros"},
        "ar": {"label": "البلدان الرائدة"},
    },
}
FIRST_POSITION = 100  # after the network's own stated figures


class Command(BaseCommand):
    help = "Load the counts of Pathfinder Countries that sources state (2018 to 2025). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--refresh", action="store_true", help="Put the loaded facts back over later edits.")

    @transaction.atomic
    def handle(self, *args, **options):
        refresh = bool(options.get("refresh"))
        added = 0
        for position, (key, (label, value, year, source)) in enumerate(PATHFINDER_COUNTS.items(), FIRST_POSITION):
            defaults = {
                "label": label,
                "value": value,
                "as_of_year": year,
                "source": source,
                "position": position,
                "translations": TRANSLATIONS.get(key, {}),
            }
            if refresh:
                _figure, created = StatedFigure.objects.update_or_create(key=key, defaults=defaults)
            else:
                _figure, created = StatedFigure.objects.get_or_create(key=key, defaults=defaults)
            added += created
        public_pages_changed()
        self.stdout.write(f"Stated counts of Pathfinder Countries: {added} added, {len(PATHFINDER_COUNTS)} in all.")
