"""``alliance87 import-indicators FILE``: check an Open SDG tidy CSV file and land it as a draft dataset.

The same services as the secretariat's page (``indicators.imports``): the report (every problem by line and
column; every inferred value, to confirm), then the landing, whole or nothing, here in the foreground with a
progress bar.

    alliance87 import-indicators data/indicator_8-7-1.csv --country MX --series SL_TLF_CHLDEC \\
        --source "INEGI/STPS, MTI-ENOE" --confirm unit=PT

``--confirm KEY=VALUE`` confirms (or corrects) one inferred value; ``--confirm-all`` accepts every inferred
value as the report gives it. ``--dry-run`` prints the report and saves nothing. ``--by EMAIL``: the
secretariat member recorded as the importer (default: the first active superuser). ``--meta FILE``: the
indicator's Open SDG metadata file (a national indicator there asks to confirm "proxy").

Exit codes: 0 landed (or, with ``--dry-run``, could land), 1 refused (nothing saved), 2 a wrong argument.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_countries import countries

from alliance87.accounts.models import User
from alliance87.indicators import imports
from alliance87.indicators.models import ImportStatus, Series
from alliance87.network.models import Country
from alliance87.notify import absolute


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Check an Open SDG tidy CSV file and land it as a draft dataset (whole or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the Open SDG tidy CSV file")
        parser.add_argument("--country", help="the country whose file it is (ISO code: MX, MEX or 484)")
        parser.add_argument("--series", help="the series the file holds when it has no Series column")
        parser.add_argument("--source", default="", help="who published the figures, and where")
        parser.add_argument("--title", default="", help="the dataset's title (default: series, country, years)")
        parser.add_argument("--meta", help="the indicator's Open SDG metadata file (.yml or .md)")
        parser.add_argument(
            "--confirm", action="append", default=[], metavar="KEY=VALUE", help="confirm or correct an inferred value"
        )
        parser.add_argument("--confirm-all", action="store_true", help="accept every inferred value as reported")
        parser.add_argument("--dry-run", action="store_true", help="print the report only; save nothing")
        parser.add_argument("--by", help="e-mail of the secretariat member who imports (default: a superuser)")

    # --- arguments ---

    def _importer(self, email):
        people = User.objects.filter(is_active=True)
        found = people.filter(email__iexact=email).first() if email else people.filter(is_superuser=True).first()
        if found is None:
            raise CommandError(
                f"No active account with the e-mail {email}." if email else "No superuser: name one with --by EMAIL.",
                returncode=2,
            )
        if not found.has_perm(imports.PERM):
            raise CommandError(f"{found.email} may not import indicator data (the secretariat's).", returncode=2)
        return found

    def _country(self, code):
        if not code:
            return None
        alpha2 = countries.alpha2(code.strip().upper() if not code.strip().isdigit() else int(code))
        country = Country.objects.filter(code=alpha2).first() if alpha2 else None
        if country is None:
            raise CommandError(f"{code}: no such country on the platform.", returncode=2)
        return country

    def _series(self, code):
        if not code:
            return None
        series = Series.objects.filter(code=code.strip()).first()
        if series is None:
            raise CommandError(f"{code}: no such series on the platform.", returncode=2)
        return series

    def _confirmations(self, pairs) -> dict[str, str]:
        out = {}
        for pair in pairs:
            if "=" not in pair:
                raise CommandError(f"--confirm {pair}: write KEY=VALUE.", returncode=2)
            key, value = pair.rsplit("=", 1)
            out[key.strip()] = value.strip()
        return out

    # --- output ---

    def _report(self, run) -> None:
        summary = run.report.get("summary", {})
        if summary.get("rows") is not None:
            years = summary.get("years") or []
            span = f"{years[0]}–{years[-1]}" if years else "no year"
            self.stdout.write(
                f"{run.file_name}: {summary['rows']} row(s), {summary['values']} value(s), "
                f"{summary['empty_values']} empty; {span}; areas {', '.join(summary.get('areas') or []) or '–'}; "
                f"series {', '.join(summary.get('series') or []) or '–'}; read as {summary.get('encoding')}, "
                f"delimiter “{summary.get('delimiter')}”, decimal “{summary.get('decimal')}”."
            )
        for problem in run.report.get("problems", []):
            where = "file" if not problem["line"] else f"line {problem['line']}"
            if problem.get("column"):
                where += f", column {problem['column']}"
            link = f" {absolute(problem['link'])}" if problem.get("link") else ""
            self.stderr.write(f"  {where}: {problem['message']}{link}")
        for item in run.report.get("inferred", []):
            self.stdout.write(f"  to confirm: {item['what']} = {item['value']} ({item['why']})")
            self.stdout.write(f'      --confirm "{item["key"]}={item["value"]}"')

    def _bar(self):
        width = 30
        interactive = sys.stdout.isatty()

        def draw(stage, done, total):
            percent = int(100 * done / total) if total else 100
            filled = width * percent // 100
            line = f"  {stage:<8} [{'#' * filled}{'.' * (width - filled)}] {percent:3d}% {done}/{total}"
            if interactive:
                self.stdout.write("\r" + line, ending="")
                if stage == "landed":
                    self.stdout.write("")
            else:
                self.stdout.write(line)

        return draw

    # --- the command ---

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file.", returncode=2)
        meta = None
        if options.get("meta"):
            meta_path = Path(options["meta"])
            if not meta_path.is_file():
                raise CommandError(f"{meta_path}: no such file.", returncode=2)
            meta = meta_path.read_bytes()
        by = self._importer(options.get("by"))
        country = self._country(options.get("country"))
        series = self._series(options.get("series"))
        given = self._confirmations(options["confirm"])
        data = path.read_bytes()
        refused = False
        try:
            with transaction.atomic():
                run = imports.check(
                    data=data,
                    file_name=path.name,
                    by=by,
                    country=country,
                    series=series,
                    source=options["source"],
                    meta=meta,
                )
                self._report(run)
                missing = [i for i in run.report.get("inferred", []) if i["key"] not in given]
                refused = run.status == ImportStatus.REFUSED
                if refused or options["dry_run"]:
                    raise _Rollback
                if missing and not options["confirm_all"]:
                    self.stderr.write("Confirm each inferred value (as above), or pass --confirm-all.")
                    refused = True
                    raise _Rollback
                if not (options["source"] or "").strip():
                    self.stderr.write("Say who published these figures, and where: --source TEXT.")
                    refused = True
                    raise _Rollback
                confirmed = {i["key"]: i["value"] for i in run.report.get("inferred", [])} | given
        except _Rollback:
            if run.file:
                run.file.delete(save=False)
            if refused:
                raise CommandError("Refused: nothing was saved.", returncode=1) from None
            self.stdout.write(self.style.SUCCESS("Dry run: the file can land; nothing was saved."))
            return
        try:
            run = imports.confirm(
                run=run,
                by=by,
                confirmed=confirmed,
                title=options["title"],
                source=options["source"],
                background=False,
                report=self._bar(),
            )
        except ValidationError as error:
            run.delete()
            for message in error.messages:
                self.stderr.write(f"  {message}")
            raise CommandError("Refused: nothing was saved.", returncode=1) from None
        if run.status != ImportStatus.LANDED:
            self.stderr.write(f"  {run.error}")
            raise CommandError("Refused: nothing was saved.", returncode=1)
        url = imports.progress(run)["dataset_url"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Landed {run.done} observation(s) as a draft dataset: {run.dataset.title}"
                + (f" {absolute(url)}" if url else "")
            )
        )
