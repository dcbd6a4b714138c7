"""Create a draft event from a concept note (plain text or Word .docx), or update the draft it made before.

Nothing is guessed silently: what the note does not state outright (the year, the time zone of its
venue, the roles its layout gives, the people matched by name) is printed, and the import goes ahead
only with ``--accept-inferred``; what cannot be told (a zone among several, a missing year) must be
given with ``--time-zone`` or ``--year``. Messages name these flags; the web form names its fields.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from alliance87.events import docx_note, selectors, services

FLAGS = {"time_zone": "--time-zone", "year": "--year", "file": "FILE"}


class Command(BaseCommand):
    help = (
        "Create a draft event, its agenda and its people from a concept note in the Alliance's template "
        "(plain text or Word .docx, at most 1 MB), or update the draft the same note made before."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The concept note: a plain-text (UTF-8) or Word (.docx) file.")
        parser.add_argument(
            "--time-zone",
            default=None,
            help="IANA name, e.g. America/Bogota; without it, the zone of the venue the note names.",
        )
        parser.add_argument("--year", type=int, default=None, help="The year, when the note does not state it.")
        parser.add_argument(
            "--accept-inferred",
            action="store_true",
            help="Import with the values printed as inferred (year, time zone, roles, people matched by name).",
        )

    def handle(self, *args, file: Path, time_zone: str | None, year: int | None, accept_inferred: bool, **options):
        text = self._text(file)
        try:
            plan = services.concept_note_read(text=text, by=None, time_zone=time_zone, year=year)
        except services.ConceptNoteProblems as error:
            for problem in error.problems:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(f"{len(error.problems)} problem(s); nothing was created.") from error
        except ValidationError as error:
            raise CommandError(_flagged(error)) from error
        self._report(plan)
        if plan.asks:
            for ask in plan.asks.values():
                self.stderr.write(f"{FLAGS[ask.field]}: {ask.text(FLAGS[ask.field])}")
                if ask.candidates:
                    self.stderr.write("  " + ", ".join(ask.candidates))
            raise CommandError("Nothing was created: give the values above.")
        if plan.action == "refused":
            address = settings.SITE_ROOT + reverse("events:manage_event", args=[plan.existing.slug])
            raise CommandError(f"{services.ConceptNoteRefused(plan.existing).messages[0]} {address}")
        if plan.inferred and not accept_inferred:
            raise CommandError(
                "Nothing was created: check the inferred values above, then run again with --accept-inferred "
                "(or give --time-zone and --year)."
            )
        try:
            event = services.concept_note_apply(plan, by=None, source=file.name)
        except ValidationError as error:
            raise CommandError(_flagged(error)) from error
        self._summary(event, updated=plan.action == "update")

    def _text(self, file: Path) -> str:
        try:
            size = file.stat().st_size
            services.check_concept_note_size(size)
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error}") from error
        except ValidationError as error:
            raise CommandError(f"{file}: {_flagged(error)}") from error
        try:
            # A Word document is recognised by its content, whatever the file's name.
            return docx_note.note_text(data, filename=file.name)
        except ValidationError as error:
            raise CommandError(f"{file}: {' '.join(error.messages)}") from error

    def _report(self, plan: services.ImportPlan) -> None:
        for inferred in plan.inferred:
            source = f" ({inferred.source})" if inferred.source else ""
            self.stdout.write(f"Inferred {inferred.what.replace('_', ' ')}: {inferred.value}{source}")
        for warning in plan.warnings:
            self.stdout.write(f"Warning: {warning}")
        if plan.action == "update":
            self.stdout.write(f"This note was imported before as “{plan.existing.title}” ({plan.existing.slug}).")
            for change in plan.changes or ["nothing"]:
                self.stdout.write(f"Changes: {change}")

    def _summary(self, event, *, updated: bool) -> None:
        status, minutes = selectors.fit_check(event)
        self.stdout.write(
            f"{'Updated' if updated else 'Created'} the draft event “{event.title}” ({event.slug}) in "
            f"{event.time_zone}: {event.items.count()} agenda items, "
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


def _flagged(error: ValidationError) -> str:
    """A service's error with the flag it is about, e.g. “--time-zone: “Mars/Olympus” is not a known time zone”."""
    if not hasattr(error, "error_dict"):
        return "; ".join(error.messages)
    return "; ".join(
        f"{FLAGS.get(name, name)}: {message}" for name, messages in error.message_dict.items() for message in messages
    )
