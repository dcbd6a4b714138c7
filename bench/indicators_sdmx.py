"""SDMX out at the issue's size: 200 areas × 20 years × 30 keys = 120,000 published observations.

The target (issue 17): the SDMX-ML of 120,000 observations in under 10 s.

What it does, in a throwaway directory (the real database and settings are never touched): migrate, then in
one ``manage.py shell`` process: one published dataset of series SL_TLF_CHLDEC with 120,000 observations
written with ``bulk_create`` (200 M49 codes taken from ISO 3166 numeric codes, 2005–2024, 3 sexes × 5 age
groups × 2 areas of residence; random values). **The data are synthetic**: the dataset is titled and sourced
"Synthetic example (bench)", marked ``is_example``, and has no country (so every key is REPORTING_TYPE G); real
M49 codes are used as area codes only. Then, timed, ``REPEATS`` times each: the SDMX-ML written by
``indicators.sdmx`` (one query, streamed with lxml), the SDMX-CSV, and the whole download build (both, a tidy
CSV, the zip; ``views.downloads.ensure_built``). Once: the SDMX-ML checked against the schemas, read back with
sdmx1 (observation count compared), and written again by sdmx1's own writer (``sdmx.to_xml`` of the message
read back) for the ratio, in the same run.

Run with ``.venv/bin/python bench/indicators_sdmx.py``; ``--write-docs`` writes the table to
docs/benchmarks.md between the ``<!-- bench:indicators-sdmx:start -->`` and ``<!-- bench:indicators-sdmx:end -->``
markers. ``BENCH_SDMX_AREAS`` (default 200) makes it smaller.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import run  # bench/run.py: the environment, the machine details and the docs writer
from run import BenchError, log

START, END = "<!-- bench:indicators-sdmx:start -->", "<!-- bench:indicators-sdmx:end -->"
AREAS = int(os.environ.get("BENCH_SDMX_AREAS", "200"))
YEARS = 20
REPEATS = 3
TARGET_SECONDS = 10.0

SCRIPT = r"""
import io, json, random, time
from decimal import Decimal
from pathlib import Path
from django.conf import settings
from django.utils import timezone
from django_countries import countries
from alliance87 import pagecache
from alliance87.indicators import sdmx
from alliance87.indicators.models import Dataset, DatasetStatus, Observation, Series, SeriesKind
from alliance87.indicators.views import downloads

rng = random.Random(87)
series, _ = Series.objects.get_or_create(code="SL_TLF_CHLDEC", defaults={"kind": SeriesKind.SDG,
    "indicator": "8.7.1", "title": "Synthetic example series (bench)"})
dataset = Dataset.objects.create(title="Synthetic example (bench)",
    source="Synthetic example data (bench): not real figures", status=DatasetStatus.PUBLISHED,
    published_at=timezone.now(), is_example=True, columns=["Year", "Sex", "Age", "Value"])
areas = [countries.numeric(c.code, padded=True) for c in countries if countries.numeric(c.code)][:AREAS]
sexes, ages, places = ["_T", "F", "M"], ["_T", "Y5T17", "Y5T11", "Y12T14", "Y15T17"], ["U", "R"]
rows, number = [], 0
for area in areas:
    for year in range(2005, 2005 + YEARS):
        for sex in sexes:
            for age in ages:
                for place in places:
                    number += 1
                    value = Decimal(f"{rng.uniform(0, 40):.1f}")
                    rows.append(Observation(dataset=dataset, series=series, row=number + 1, year=year, area=area,
                        sex=sex, age=age, urbanisation=place, value=value, value_text=str(value),
                        labels={"Sex": sex, "Age": age}))
Observation.objects.bulk_create(rows, batch_size=5000)
del rows
results = {"observations": Observation.objects.count(), "xml": [], "csv": [], "build": []}
out_dir = Path(WORKDIR)
for _ in range(REPEATS):
    t0 = time.perf_counter()
    with (out_dir / "data.xml").open("wb") as out:
        written = sdmx.write_structure_specific(None, out)
    t1 = time.perf_counter()
    with (out_dir / "data.csv").open("wb") as out:
        sdmx.write_sdmx_csv(None, out)
    t2 = time.perf_counter()
    pagecache.public_pages_changed()
    downloads.ensure_built()
    t3 = time.perf_counter()
    results["xml"].append(t1 - t0); results["csv"].append(t2 - t1); results["build"].append(t3 - t2)
results["written"] = written.observations
results["series"] = written.series
results["xml_bytes"] = (out_dir / "data.xml").stat().st_size
results["csv_bytes"] = (out_dir / "data.csv").stat().st_size
t0 = time.perf_counter()
results["errors"] = sdmx.validation_errors(out_dir / "data.xml")[:3]
results["validate"] = time.perf_counter() - t0
import sdmx as sdmx1
t0 = time.perf_counter()
message = sdmx1.read_sdmx(out_dir / "data.xml", structure=sdmx.data_structure())
results["read"] = time.perf_counter() - t0
results["read_back"] = sum(len(observations) for observations in message.data[0].series.values())
t0 = time.perf_counter()
sdmx1.to_xml(message)
results["sdmx1_writer"] = time.perf_counter() - t0
print("RESULT " + json.dumps(results))
"""


def measure(env: dict, workdir: Path) -> dict:
    script = f"WORKDIR={str(workdir)!r}; AREAS={AREAS}; YEARS={YEARS}; REPEATS={REPEATS}\n" + SCRIPT
    output = run.manage(env, "shell", "-c", script, timeout=1800)
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def render(r: dict, info: dict[str, str]) -> str:
    best_xml, best_csv, best_build = min(r["xml"]), min(r["csv"]), min(r["build"])
    ok = max(r["xml"]) < TARGET_SECONDS and not r["errors"] and r["read_back"] == r["written"]
    runs = lambda values: " / ".join(f"{v:.2f}" for v in values)  # noqa: E731
    lines = [
        "## SDMX out (`.venv/bin/python bench/indicators_sdmx.py`)",
        "",
        f"One published dataset of {r['observations']:,} synthetic observations ({AREAS} M49 areas × {YEARS} years "
        "× 30 keys of sex, age and area of residence; random values, real M49 codes as area codes only) on SQLite, "
        f"written as SDMX-ML 2.1 structure-specific data ({r['series']:,} series) and as SDMX-CSV, each in one "
        f"query, streamed. Target: the SDMX-ML in under {TARGET_SECONDS:.0f} s. Runs in one process, "
        f"{REPEATS} of each.",
        "",
        "| what | runs (s) | best (s) | size | target |",
        "|---|---|---:|---:|---|",
        f"| SDMX-ML (`sdmx.write_structure_specific`) | {runs(r['xml'])} | {best_xml:.2f} | "
        f"{r['xml_bytes'] / 1e6:.1f} MB | {'pass' if max(r['xml']) < TARGET_SECONDS else 'FAIL'} |",
        f"| SDMX-CSV (`sdmx.write_sdmx_csv`) | {runs(r['csv'])} | {best_csv:.2f} | {r['csv_bytes'] / 1e6:.1f} MB | |",
        f"| the whole download build (both, tidy CSV, zip) | {runs(r['build'])} | {best_build:.2f} | | |",
        f"| check against the SDMX-ML 2.1 schemas (lxml) | {r['validate']:.2f} | | | "
        f"{'valid' if not r['errors'] else 'INVALID: ' + '; '.join(r['errors'])} |",
        f"| read back with sdmx1 (`read_sdmx`, our structure) | {r['read']:.2f} | | | "
        f"{r['read_back']:,} of {r['written']:,} observations |",
        f"| the same message by sdmx1's writer (`sdmx.to_xml`), for comparison | {r['sdmx1_writer']:.2f} | | | "
        f"{r['sdmx1_writer'] / best_xml:.1f}× the streamed writer |",
        "",
        f"Verdict: {'pass' if ok else 'FAIL'}.",
        "",
        "Machine: " + "; ".join(f"{k}: {v}" for k, v in info.items() if k != "wrk") + ".",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    write = "--write-docs" in sys.argv
    workdir = Path(tempfile.mkdtemp(prefix="bench-sdmx-"))
    try:
        env = run.bench_env(workdir)
        (workdir / "data").mkdir(parents=True, exist_ok=True)
        info = run.machine_info()
        log("migrate")
        run.manage(env, "migrate", "--noinput", "--verbosity", "0", timeout=900)
        log(f"{AREAS * YEARS * 30:,} observations; {REPEATS} × SDMX-ML, SDMX-CSV, download build")
        results = measure(env, workdir)
    except (BenchError, subprocess.SubprocessError, OSError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    section = render(results, info)
    print(section)
    if write:
        run.write_docs(section, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
