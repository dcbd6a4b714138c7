"""``alliance87 load-side-event``: the side event of the concept note, imported and published. Idempotent.

`make run` runs it so the demo shows the real side event; the import is the same as
``import-concept-note`` on the shipped seed file.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from alliance87.events import services
from alliance87.events.models import Event

SEED = Path(settings.BASE_DIR) / "alliance87" / "data" / "seed" / "concept-note-alliance87-side-event.txt"


class Command(BaseCommand):
    help = "Import the side event from the shipped concept note and publish it, unless it is already there."

    def handle(self, *args, **options):
        event = Event.objects.filter(source=SEED.name).first()
        if event is None:
            event = services.concept_note_import(text=SEED.read_text(encoding="utf-8-sig"), by=None, source=SEED.name)
            services.event_publish(event=event, by=None)
        self.stdout.write(self.style.SUCCESS(f"Side event loaded: {event.title} (/events/{event.slug}/)."))
