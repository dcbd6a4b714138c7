"""The ten-year report with 40 Pathfinder Countries: the time to build its PDF in each language.

The target (issue 17): "the ten-year report in under 60 s".

What it does, in a throwaway directory (the real database and settings are never touched): migrate, load the
Alliance's facts and the indicator data (the global estimates and the 2020 regional table, with their
sources), then ``load_synthetic_pathfinders --countries 40`` (a pathway, a roadmap with 30 key actions, ten
cycles of published reports and assessments each) and, for each of those countries, a published national
8.7.1 series (by sex, 2010-2024). Everything synthetic is visibly so: the countries' titles say "Synthetic
example" and the series' source says so. In this throwaway database only, the synthetic countries stand for
the real ones (their example marks are lifted and the real countries are not counted as Pathfinders), so the
report's annex has exactly 40 countries, each with full data. Then ``build-ten-year-report --language all``:
the four languages one after the other, each timed from queue to stored file (reading the data, writing the
sections and profiles, laying out the PDF), ``REPEATS`` times; the table gives the best and the worst.

Run with ``.venv/bin/python bench/ten_year_report.py``; ``--write-docs`` writes the table to docs/benchmarks.md
between the ``<!-- bench:ten-year-report:start -->`` and ``<!-- bench:ten-year-report:end -->`` markers.
``BENCH_REPEATS`` (default 2) sets the number of runs. A missed target is a FAIL in the table; the script
exits non-zero only when it could not measure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run  # bench/run.py: the environment, manage.py, the machine details and the docs writer
from run import BenchError, log

START, END = "<!-- bench:ten-year-report:start -->", "<!-- bench:ten-year-report:end -->"
COUNTRIES = 40
TARGET_SECONDS = 60.0
REPEATS = int(os.environ.get("BENCH_REPEATS", "2"))
STAGES: dict[str, dict[str, float]] = {}  # language → stage → seconds, of the last run
LANGUAGES = ("en", "fr", "es", "ar")

# Run inside ``manage.py shell``: the synthetic countries stand for the real ones, each with a national series.
SYNTH = """
import datetime
from decimal import Decimal
from django.db import transaction
from django.utils import timezone
from alliance87.indicators import codes
from alliance87.indicators.models import TOTAL, Dataset, Observation, Series, Sex
from alliance87.network.models import Country
from alliance87.pathfinders.models import Assessment, Milestone, Report, ReportCycle, Roadmap

with transaction.atomic():
    synthetic = list(Country.objects.filter(is_example=True, source__startswith="Synthetic example data"))
    Country.objects.filter(is_pathfinder=True).exclude(pk__in=[c.pk for c in synthetic]).update(is_pathfinder=False)
    Country.objects.filter(pk__in=[c.pk for c in synthetic]).update(is_example=False, is_pathfinder=True)
    for model in (Roadmap, Report, Assessment, Milestone):
        if any(f.name == "is_example" for f in model._meta.fields):
            model.objects.filter(country__in=synthetic).update(is_example=False)
    ReportCycle.objects.filter(is_example=True).update(is_example=False)
    series = Series.objects.get(code=codes.CHILD_LABOUR_EC)
    now = timezone.now()
    rows = []
    for n, country in enumerate(synthetic):
        dataset = Dataset.objects.create(
            title=f"Synthetic example series {n}", country=country, status="published",
            source="Synthetic example national survey (bench)", source_date=datetime.date(2025, 1, 1),
            published_at=now, is_example=False,
        )
        for year in range(2010, 2025):
            for k, sex in enumerate((TOTAL, Sex.FEMALE, Sex.MALE)):
                value = Decimal(20 - (year - 2010) * 0.6 + k + n % 5).quantize(Decimal("0.1"))
                rows.append(Observation(dataset=dataset, series=series, row=len(rows) + 1, year=year,
                                        area=str(country.code), country=country, value=value,
                                        value_text=str(value), sex=sex))
    Observation.objects.bulk_create(rows, batch_size=2000)
print(len(synthetic), len(rows))
"""


def prepare(workdir: Path) -> dict:
    env = run.bench_env(workdir)
    (workdir / "data").mkdir(parents=True, exist_ok=True)
    log("migrating the throwaway database")
    run.manage(env, "migrate", "--noinput", "--verbosity", "0", timeout=900)
    log("loading the Alliance's facts and the indicator data")
    run.manage(env, "load_alliance_data", timeout=600)
    run.manage(env, "load_indicator_data", timeout=600)
    log(f"loading {COUNTRIES} synthetic Pathfinder Countries")
    run.manage(env, "load_synthetic_pathfinders", "--countries", str(COUNTRIES), "--force", timeout=900)
    output = run.manage(env, "shell", "--verbosity", "0", "-c", SYNTH, timeout=900)
    log(f"synthetic countries and observations: {output.splitlines()[-1]}")
    return env


def build_all(env: dict) -> tuple[dict[str, float], dict[str, int], dict[str, int]]:
    """One ``build-ten-year-report --language all``: seconds, pages and bytes per language."""
    proc = subprocess.run(
        [str(run.PYTHON), "manage.py", "build_ten_year_report", "--language", "all"],
        cwd=run.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(f"build_ten_year_report failed:\n{proc.stdout}\n{proc.stderr[-3000:]}")
    seconds, pages, sizes = {}, {}, {}
    current = None
    for line in proc.stdout.splitlines():
        if found := re.match(r"Ten-year report in (\w+)", line):
            current = found.group(1)
        elif found := re.search(r"ready in ([\d.]+) s: (\d+) pages", line):
            seconds[current], pages[current] = float(found.group(1)), int(found.group(2))
        elif current and (spent := re.findall(r"(\w+) ([\d.]+) s", line)):
            STAGES[current] = {stage: float(value) for stage, value in spent}
    files = sorted((Path(env["DATA_DIR"]) / "media" / "ten-year-report").glob("*/*.pdf"), key=os.path.getmtime)
    for path in files:
        sizes[path.parent.name] = path.stat().st_size
    if set(seconds) != set(LANGUAGES):
        raise BenchError(f"unexpected output:\n{proc.stdout}")
    return seconds, pages, sizes


def render(runs: list[dict[str, float]], pages: dict, sizes: dict, info: dict[str, str], yardstick: float) -> str:
    lines = [
        "## The ten-year report (bench/ten_year_report.py)",
        "",
        f"The report's PDF with {COUNTRIES} Pathfinder Countries in its annex (synthetic, each with a roadmap of "
        "30 key actions, ten cycles of published reports and assessments and a national 8.7.1 series), the "
        "stocktake's six sections with the global estimates and the 2020 regional table. Each language built by "
        "`alliance87 build-ten-year-report --language all`, timed from the queued row to the stored file "
        f"(reading the data, writing the HTML, laying out the PDF); {len(runs)} runs, best and worst. "
        f"Target (issue 17): under {TARGET_SECONDS:.0f} s.",
        "",
        "| language | pages | size | best s | worst s | last run: data and HTML s | last run: layout s | result |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for language in LANGUAGES:
        times = [r[language] for r in runs]
        ok = max(times) < TARGET_SECONDS
        stages = STAGES.get(language, {})
        data = sum(stages.get(k, 0.0) for k in ("reading", "writing", "annex"))
        layout = sum(stages.get(k, 0.0) for k in ("layout", "saving"))
        lines.append(
            f"| {language} | {pages[language]} | {sizes.get(language, 0) / 1024:.0f} KB | {min(times):.1f} | "
            f"{max(times):.1f} | {data:.1f} | {layout:.1f} | {'pass' if ok else 'FAIL'} |"
        )
    lines += [
        "",
        f"Yardstick (a fixed piece of pure Python, best of 5): {yardstick:.0f} ms; the figures scale roughly with it.",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    write = "--write-docs" in sys.argv[1:]
    workdir = Path(tempfile.mkdtemp(prefix="a87-bench-report-"))
    started = time.monotonic()
    try:
        env = prepare(workdir)
        runs = []
        pages: dict = {}
        sizes: dict = {}
        yardstick = run.yardstick_ms()
        for number in range(1, REPEATS + 1):
            log(f"run {number}/{REPEATS}: building the four languages")
            seconds, pages, sizes = build_all(env)
            runs.append(seconds)
            log("  " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()))
        yardstick = min(yardstick, run.yardstick_ms())
    except (BenchError, subprocess.SubprocessError, OSError) as error:
        log(f"could not measure: {error}")
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    section = render(runs, pages, sizes, run.machine_info(), yardstick)
    print(section)
    log(f"done in {time.monotonic() - started:.0f} s")
    if write:
        run.write_docs(section, START, END)
        log(f"written to {run.DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
