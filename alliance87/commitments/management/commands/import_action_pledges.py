"""``alliance87 import-action-pledges FILE``: import the 2021 Action Pledges from a CSV or XLSX file.

The same checks as the secretariat's page (``commitments.pledges``), whole or nothing; a maker not on the
platform refuses the file (the page may create organisations, each confirmed; the command never does).
``--dry-run`` prints the preview and writes nothing. ``--by EMAIL``: the secretariat member recorded as the
importer (the history's author); without it, the first active superuser.

Exit codes: 0 imported (or previewed), 1 refused (every problem printed, by line and column), 2 a wrong
argument (no such file, no such person).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliance87.accounts.models import User
from alliance87.commitments import pledges
from alliance87.notify import absolute


class Command(BaseCommand):
    help = "Import the 2021 Action Pledges from a CSV or XLSX file (whole or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the pledges, .csv or .xlsx")
        parser.add_argument("--by", help="e-mail of the secretariat member who imports (default: a superuser)")
        parser.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")

    def _importer(self, email):
        people = User.objects.filter(is_active=True)
        found = people.filter(email__iexact=email).first() if email else people.filter(is_superuser=True).first()
        if found is None:
            raise CommandError(
                f"No active account with the e-mail {email}." if email else "No superuser: name one with --by EMAIL.",
                returncode=2,
            )
        if not found.has_perm(pledges.PERM):
            raise CommandError(f"{found.email} may not import the Action Pledges (the secretariat's).", returncode=2)
        return found

    def _refused(self, problems, earlier) -> None:
        for problem in problems:
            self.stderr.write(f"  {problem}")
        for record in earlier:
            url = absolute(f"/commitments/manage/import-pledges/{record.pk}/")
            self.stderr.write(f"  Earlier import: {record.original_name} ({record.imported_at:%Y-%m-%d}) {url}")
        raise CommandError("Refused: nothing was imported.", returncode=1)

    def handle(self, *args, file, by=None, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file.", returncode=2)
        importer = self._importer(by)
        raw = path.read_bytes()
        try:
            plan = pledges.read_pledges(raw, path.name)
        except pledges.PledgesRefused as error:
            self._refused(error.problems, error.earlier)
        self.stdout.write(f"{path.name}: {len(plan.rows)} pledge(s), read as {plan.encoding}.")
        for note in plan.inferred:
            self.stdout.write(f"  inferred: {note}")
        if plan.problems:
            self._refused(plan.problems, plan.earlier)
        if dry_run:
            if plan.unknown_organisations:
                self._refused(pledges.unknown_problems(plan, {}), [])
            self.stdout.write(self.style.SUCCESS("Dry run: the file can be imported; nothing was written."))
            return
        try:
            record = pledges.import_pledges(by=importer, raw=raw, name=path.name)
        except pledges.PledgesRefused as error:
            self._refused(error.problems, error.earlier)
        self.stdout.write(
            self.style.SUCCESS(
                f"{record.created} pledge(s) imported and published: "
                f"{absolute(f'/commitments/manage/import-pledges/{record.pk}/')}"
            )
        )
