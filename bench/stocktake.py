"""The ten-year stocktake page (``/ten-years/``) under load.

The target (issue 17): the page public and cached at ≥ 300 req/s with p99 < 100 ms; its queries flat in the
size of the data.

What it does, in a throwaway directory (the real database and settings are never touched): migrate; run the
loaders the platform ships (``load-alliance-data``, ``load-indicator-data``, ``load-stocktake-facts``); copy
that database; then add synthetic rows to both (``SYNTH``: 2,000 commitments and 20,000 observations of an
example national series in the large one, 10 and 100 in the small one). Everything synthetic says "Synthetic
example" and is marked ``is_example``, led by example countries: no real country or organisation is said to
have done anything. Then, through Django's test client in one process: the page's queries with each database
and its render time (page cache off, median of ``REPEATS``). Then uvicorn with one worker and
``wrk -t2 -c20 -d10s --latency`` on the page, cached and uncached.

Run with ``.venv/bin/python bench/stocktake.py``; ``--write-docs`` writes the table to docs/benchmarks.md
between the ``<!-- bench:stocktake:start -->`` and ``<!-- bench:stocktake:end -->`` markers. Knobs as for
bench/run.py (BENCH_DURATION, BENCH_WARMUP, BENCH_MODES, default "cached,uncached"). A missed target is a FAIL
in the table; the script exits non-zero only when it could not measure.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run  # bench/run.py: the server, wrk, the machine details and the docs writer
from run import CONNECTIONS, DOCS, DURATION, MODES, ROOT, THREADS, WARMUP, BenchError, Check, Result, log

START, END = "<!-- bench:stocktake:start -->", "<!-- bench:stocktake:end -->"
PAGE = "/ten-years/"
LARGE = (2_000, 20_000)  # commitments, observations
SMALL = (10, 100)
TARGET_RPS, TARGET_P99_MS = 300.0, 100.0
REPEATS = 11
BUDGET_SECONDS = 900
DEFAULT_MODES = "cached,uncached"

# Run inside ``manage.py shell`` with COMMITMENTS and OBSERVATIONS set.
SYNTH = """
import datetime, random
from decimal import Decimal
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_countries import countries as iso_countries
from alliance87.commitments.models import Commitment, Light
from alliance87.indicators.models import Dataset, Observation, Series
from alliance87.network.models import Country

rng = random.Random(87)
now = timezone.now()
with transaction.atomic():
    taken = set(Country.objects.values_list("code", flat=True))
    codes = [c.code for c in iso_countries if c.code not in taken and c.code != settings.EXAMPLE_COUNTRY_CODE][:50]
    Country.objects.bulk_create(
        [Country(code=code, is_example=True, source="Synthetic example (bench)") for code in codes]
    )
    countries = list(Country.objects.filter(is_example=True))
    Commitment.objects.bulk_create([
        Commitment(
            title=f"Synthetic example commitment {i:05d}", description="Synthetic example.",
            contribution="Synthetic example.", communication="Synthetic example.", maker_kind="country",
            lead_country=rng.choice(countries), focal_point="Synthetic example", sdg_targets=["8.7"],
            starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2028, 12, 31), visibility="public",
            status="published", light=rng.choice([Light.GREEN, Light.YELLOW, Light.RED]), light_computed_at=now,
            published_at=now, is_example=True,
        )
        for i in range(COMMITMENTS)
    ], batch_size=500)
    series = Series.objects.create(code="SYNTH_EXAMPLE", title="Synthetic example series", kind="national")
    dataset = Dataset.objects.create(title="Synthetic example dataset", source="Synthetic example (bench)",
                                     status="published", published_at=now, is_example=True)
    Observation.objects.bulk_create([
        Observation(dataset=dataset, series=series, row=i + 2, year=2000 + i % 26, area="999",
                    country=countries[i % len(countries)], value=Decimal(i % 100), value_text=str(i % 100))
        for i in range(OBSERVATIONS)
    ], batch_size=2000)
print("MADE", COMMITMENTS, OBSERVATIONS)
"""

FACTS = """
import json, statistics, time
from django.db import connection
from django.db.backends.signals import connection_created
from django.test import Client

# Every query on every connection, whichever thread opens it (a count on one connection saw none).
count = [0]
def counter(execute, sql, params, many, context):
    count[0] += 1
    return execute(sql, params, many, context)
def hook(sender, connection, **kwargs):
    if counter not in connection.execute_wrappers:
        connection.execute_wrappers.append(counter)
connection_created.connect(hook, weak=False)
connection.execute_wrappers.append(counter)

client = Client(HTTP_HOST="127.0.0.1")
client.get(PAGE)
count[0] = 0
response = client.get(PAGE)
queries = count[0]
walls = []
for _ in range(REPEATS):
    started = time.perf_counter()
    client.get(PAGE)
    walls.append((time.perf_counter() - started) * 1000)
print("RESULT " + json.dumps({"queries": queries, "status": response.status_code,
                              "render_ms": statistics.median(walls), "bytes": len(response.content)}))
"""


def synthesise(env: dict, size: tuple[int, int]) -> None:
    code = f"COMMITMENTS, OBSERVATIONS = {size[0]}, {size[1]}\n" + SYNTH
    output = run.manage(env, "shell", "--verbosity", "0", "-c", code, timeout=600)
    log("  " + next((x for x in output.splitlines() if x.startswith("MADE")), output[-500:]))


def page_facts(env: dict) -> dict:
    code = f"PAGE = {PAGE!r}\nREPEATS = {REPEATS}\n" + FACTS
    output = run.manage({**env, "PUBLIC_PAGE_CACHE_SECONDS": "0"}, "shell", "--verbosity", "0", "-c", code, timeout=600)
    line = next((x for x in output.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise BenchError(f"could not measure the page:\n{output}")
    facts = json.loads(line.removeprefix("RESULT "))
    if facts["status"] != 200:
        raise BenchError(f"{PAGE} answered {facts['status']}")
    return facts


def prepare(workdir: Path) -> tuple[dict, dict, dict]:
    env = run.bench_env(workdir)
    log("migrate")
    run.manage(env, "migrate", "--noinput", "--verbosity", "0", timeout=600)
    for loader in ("load_alliance_data", "load_indicator_data", "load_stocktake_facts"):
        log(loader)
        run.manage(env, loader, timeout=600)
    small_env = {**env, "SQLITE_PATH": str(workdir / "data" / "small.sqlite3")}
    shutil.copyfile(env["SQLITE_PATH"], small_env["SQLITE_PATH"])
    log(f"synthetic rows: {LARGE[0]:,} commitments, {LARGE[1]:,} observations")
    synthesise(env, LARGE)
    log(f"synthetic rows: {SMALL[0]} commitments, {SMALL[1]} observations, for the query counts")
    synthesise(small_env, SMALL)
    log("collectstatic")
    run.manage(env, "collectstatic", "--noinput", "--verbosity", "0", timeout=600)
    log("queries and render times")
    return env, page_facts(env), page_facts(small_env)


def run_mode(mode: str, env: dict, workdir: Path, deadline: float) -> tuple[Result, Check]:
    _description, extra, workers = MODES[mode]
    server = run.Server({**env, **extra}, workers, workdir / f"uvicorn-stocktake-{mode}.log")
    log(f"mode {mode}: starting uvicorn ({workers} worker{'s' if workers > 1 else ''}) on port {server.port}")
    server.start()
    try:
        url = server.base + PAGE
        check = run.check(server, "ten-year stocktake", PAGE, mode)
        if check.status != 200:
            raise BenchError(f"{url} answered {check.status}")
        if time.monotonic() + WARMUP + DURATION > deadline:
            return Result("ten-year stocktake", PAGE, mode, errors=["skipped (time budget)"]), check
        if WARMUP:
            run.wrk(url, WARMUP)
            run.fetch(url, timeout=30)
        cpu_before = run.group_cpu_seconds(server.proc.pid)
        result = run.parse_wrk(run.wrk(url, DURATION), Result("ten-year stocktake", PAGE, mode))
        if result.requests:
            result.cpu_ms = (run.group_cpu_seconds(server.proc.pid) - cpu_before) * 1000 / result.requests
        log(
            f"  {result.rps:8.1f} req/s  p50 {result.p50_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms  "
            f"CPU {result.cpu_ms:.2f} ms/req" + (f"  ({', '.join(result.errors)})" if result.errors else "")
        )
        return result, check
    finally:
        server.stop()


def render(results: list[Result], checks: list[Check], *, large: dict, small: dict, info: dict, modes) -> str:
    lines = [
        "## The ten-year stocktake (bench/stocktake.py)",
        "",
        "`/ten-years/` on the data the loaders ship (the Alliance's facts, the global estimates and the 2020 "
        f"regional table, the stated counts of Pathfinder Countries) plus {LARGE[0]:,} synthetic commitments and "
        f'{LARGE[1]:,} synthetic observations (every synthetic row says "Synthetic example" and is marked '
        f"`is_example`, led by example countries). `wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s --latency` after "
        f"a {WARMUP} s warm-up, uvicorn with one worker, DEBUG off, SQLite. Target (issue 17): at least "
        f"{TARGET_RPS:.0f} req/s and p99 under {TARGET_P99_MS:.0f} ms cached; queries flat in the data size.",
        "",
        "Modes: " + "; ".join(f"**{m}**: {MODES[m][0]}" for m in modes) + ".",
        "",
        "| mode | req/s | p50 ms | p99 ms | server CPU ms/req | result |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        target = r.mode.startswith("cached")
        ok = not r.errors and r.rps >= TARGET_RPS and r.p99_ms < TARGET_P99_MS
        verdict = ("pass" if ok else "FAIL") if target else "(no target)"
        lines.append(
            f"| {r.mode} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.cpu_ms:.2f} | {verdict}"
            f"{' (' + ', '.join(r.errors) + ')' if r.errors else ''} |"
        )
    flat = small["queries"] == large["queries"]
    lines += [
        "",
        f"Rendered by Django's test client, page cache off (median of {REPEATS}): {small['queries']} queries with "
        f"{SMALL[0]} commitments and {SMALL[1]} observations, {large['queries']} with {LARGE[0]:,} and "
        f"{LARGE[1]:,} ({'flat' if flat else 'NOT flat'}); a render takes {small['render_ms']:.1f} ms and "
        f"{large['render_ms']:.1f} ms; the page weighs {large['bytes']:,} bytes.",
        "",
        "| mode | status | bytes | Set-Cookie | X-Public-Page-Cache |",
        "|---|---:|---:|---|---|",
    ]
    lines += [
        f"| {c.mode} | {c.status} | {c.size:,} | {c.set_cookie or '—'} | {c.cache_header or '—'} |" for c in checks
    ]
    lines += [
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
        "wrk shares the 2 cores with uvicorn, so req/s and latency are a noisy floor.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    signal.signal(signal.SIGTERM, run.terminate)
    signal.signal(signal.SIGHUP, run.terminate)
    started = time.monotonic()
    deadline = started + BUDGET_SECONDS - 5
    modes = [m.strip() for m in os.environ.get("BENCH_MODES", DEFAULT_MODES).split(",") if m.strip()]
    if problem := run.preflight(modes, MODES):
        print(problem, file=sys.stderr)
        return 2
    info = run.machine_info()
    workdir = Path(tempfile.mkdtemp(prefix="a87-bench-stocktake-"))
    results: list[Result] = []
    checks: list[Check] = []
    try:
        env, large, small = prepare(workdir)
        for mode in modes:
            result, check = run_mode(mode, env, workdir, deadline)
            results.append(result)
            checks.append(check)
    except (BenchError, subprocess.SubprocessError, OSError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    section = render(results, checks, large=large, small=small, info=info, modes=modes)
    print(section)
    if "--write-docs" in sys.argv[1:]:
        run.write_docs(section, START, END)
        log(f"written to {DOCS.relative_to(ROOT)}")
    log(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
