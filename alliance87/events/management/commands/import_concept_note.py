"""Create a draft event from a concept note (plain text or Word .docx) and report what could not be read."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from alliance87.events import docx_note, selectors, services


class Command(BaseCommand):
    help = (
        "Create a draft event, its agenda and its people from a concept note in the Alliance's template "
        "(plain text or Word .docx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The concept note: a plain-text (UTF-8) or Word (.docx) file.")
        parser.add_argument(
            "--time-zone", default=services.DEFAULT_TIME_ZONE, help="IANA name, e.g. Africa/Casablanca."
        )
        parser.add_argument("--year", type=int, default=None, help="The year, when the note does not state it.")

    def handle(self, *args, file: Path, time_zone: str, year: int | None, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error}") from error
        try:
            # A Word document is recognised by its content, whatever the file's name.
            text = docx_note.note_text(data, filename=file.name)
        except ValidationError as error:
            raise CommandError(f"{file}: {' '.join(error.messages)}") from error
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
