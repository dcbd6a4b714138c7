"""``alliance87 build-ten-year-report [--language en|fr|es|ar|all]``: build the ten-year report here and now.

The same build as the page's (``stocktake.report.build``), in this process rather than a server's thread,
with a progress bar on standard error; the report then shows on ``/ten-years/report/`` like any other. For an
operator before a launch, or a server whose threads are not to be trusted with a long job. English by
default; ``all`` builds the four languages one after the other.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from alliance87.stocktake import report
from alliance87.stocktake.models import BuildStatus, TenYearReport

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Build the ten-year report (PDF) in one language or all four, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            default="en",
            choices=[*report.languages(), "all"],
            help="the report's language, or all four one after the other (default: en)",
        )

    def handle(self, *args, language: str, **options):
        translation.activate("en")  # the stages' names in the terminal, read once: the build itself runs
        self._labels = {key: str(label) for key, label in report.stage_labels().items()}  # in its language
        languages = report.languages() if language == "all" else [language]
        failed = []
        for code in languages:
            # Queued one at a time, just before its build: a row waiting its turn here has no heartbeat.
            row = TenYearReport.objects.create(language=code, stage="queued")
            self.stdout.write(f"Ten-year report in {row.language} (build {row.pk})")
            started = time.monotonic()
            self._stages: dict[str, float] = {}
            self._stage, self._since = "reading", started
            report.build_beating([row.pk], echo=self._bar)
            row.refresh_from_db()
            seconds = time.monotonic() - started
            if row.status == BuildStatus.DONE:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"  ready in {seconds:.1f} s: {row.pages} pages, {filesizeformat(row.size)}, {row.file.name}"
                    )
                )
                self.stdout.write("  " + ", ".join(f"{stage} {spent:.1f} s" for stage, spent in self._stages.items()))
            else:
                failed.append(row.language)
                self.stderr.write(f"  failed after {seconds:.1f} s: {row.error}")
        if failed:
            raise CommandError(f"The report could not be built in: {', '.join(failed)}.")

    def _bar(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage != self._stage:  # the time each stage took, said once the build is done
            self._stages[self._stage] = self._stages.get(self._stage, 0.0) + now - self._since
            self._stage, self._since = stage, now
        # On stderr, one line redrawn in place; stdout keeps what was built.
        row = TenYearReport(stage=stage, done=done, total=total, status=BuildStatus.RUNNING)
        share = report.percent(row) if stage != "done" else 100
        filled = BAR_WIDTH * share // 100
        label = self._labels.get(stage, stage)
        end = "\n" if stage == "done" else "\r"
        self.stderr.write(
            f"  [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:3d}% {label:<32}", style_func=str, ending=end
        )
        self.stderr.flush()
