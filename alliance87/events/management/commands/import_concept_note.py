"""Create a draft event from a concept note (plain text) and report what could not be read."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from alliance87.events import selectors, services


class Command(BaseCommand):
    help = "Create a draft event, its agenda and its people from a concept note in the Alliance's template."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--time-zone", default=services.DEFAULT_TIME_ZONE, help="IANA name, e.g. Africa/Casablanca."
        )
        parser.add_argument("--year", type=int, default=None, help="The year, when the note does not state it.")

    def handle(self, *args, file: Path, time_zone: str, year: int | None, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from error
        try:
            event = services.concept_note_import(text=text, by=None, time_zone=time_zone, year=year, source=file.name)
        except services.ConceptNoteProblems as error:
            for problem in error.problems:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(f"{len(error.problems)} problem(s); nothing was created.") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        status, minutes = selectors.fit_check(event)
        self.stdout.write(
            f"Created the draft event “{event.title}” ({event.slug}): {event.items.count()} agenda items, "
            f"{len(selectors.event_participants(event))} people; agenda {status}"
            + (f" by {minutes} minutes." if minutes else ".")
        )
        for conflict in selectors.title_conflicts(event):
            self.stdout.write(
                f"Check: {conflict.person.name} is printed with {len(conflict.titles)} titles: "
                + " | ".join(conflict.titles)
            )
        for item in selectors.items_without_lead(event):
            self.stdout.write(f"Check: no one leads “{item.title}”.")
