"""The Pathfinder pages under load: the Framework overview matrix and a country page, on 195 countries.

The target (issue 3): "With 195 countries × 10 report cycles × 30 key actions loaded, the Framework
overview matrix and a country page each serve in p99 under 150 ms at 20 concurrent connections, with
query counts that do not grow with the number of countries."

What it does, in a throwaway directory (the real database and settings are never touched): migrate,
load the Alliance's facts, copy that database, load ``load_synthetic_pathfinders --countries 195
--cycles 10 --actions 30`` into it and a small set (5 countries, 2 cycles, 3 key actions) into the
copy, count each page's queries and time its render on both (anonymous, no page cache), collect static
files, then for each mode (``cached``: the default settings; ``uncached``: PUBLIC_PAGE_CACHE_SECONDS=0)
start uvicorn with one worker and run ``wrk -t2 -c20 -d10s --timeout=30s --latency`` on each page. It
prints a table and writes it to docs/benchmarks.md between the ``<!-- bench:pathfinders:start -->`` and
``<!-- bench:pathfinders:end -->`` markers. The server, the parsing of wrk's output and the machine
details are bench/run.py's.

Run on its own with ``.venv/bin/python bench/pathfinders.py``; ``make bench`` runs it after the network
pages. A missed target is a FAIL in the table, not an error: the script exits non-zero only when it
could not measure. Knobs (environment), as for bench/run.py: BENCH_DURATION, BENCH_WARMUP,
BENCH_MODES (default "cached,uncached"), BENCH_NO_DOCS=1.
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

START, END = "<!-- bench:pathfinders:start -->", "<!-- bench:pathfinders:end -->"
COUNTRIES, CYCLES, ACTIONS = 195, 10, 30
SMALL = (5, 2, 3)  # the comparison set for query counts: countries, cycles, key actions
TARGET_P99_MS = 150.0
BUDGET_SECONDS = 300
WRK_TIMEOUT = 30  # seconds
DEFAULT_MODES = "cached,uncached"

# Run inside ``manage.py shell``: the pages' paths and each page's queries for an anonymous visitor.
QUERY_COUNT = """
import json
import time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from alliance87.pathfinders.models import Roadmap

roadmap = Roadmap.objects.filter(title__startswith="Synthetic example roadmap").order_by("title")[1:2].get()
pages = {"country": f"/countries/{roadmap.country.code.code.lower()}/"}
try:
    pages["framework"] = reverse("pathfinders:framework")
except NoReverseMatch:
    pass
client = Client(HTTP_HOST="127.0.0.1")
out = {"pages": pages, "queries": {}, "status": {}}
out["render_ms"] = {}
for name, path in pages.items():
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    out["queries"][name] = len(ctx.captured_queries)
    out["status"][name] = response.status_code
    times = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    out["render_ms"][name] = sorted(times)[2]
print("RESULT " + json.dumps(out))
"""


def wrk(url: str, seconds: int) -> str:
    """bench/run.py's wrk, with a timeout long enough to measure a slow page rather than give up on it.

    With wrk's default of 2 s, an uncached matrix at 20 connections times out on every request while the
    server still renders each one: no latency is measured and the CPU per request is meaningless.
    """
    cmd = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", f"--timeout={WRK_TIMEOUT}s", "--latency", url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + WRK_TIMEOUT + 30, check=False)
    if proc.returncode != 0:
        raise BenchError(f"wrk failed on {url}:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def run_mode(mode: str, env: dict, pages, workdir: Path, deadline: float) -> tuple[list[Result], list[Check]]:
    """As bench/run.py's ``run_mode``, with the long wrk timeout."""
    _description, extra, workers = MODES[mode]
    server = run.Server({**env, **extra}, workers, workdir / f"uvicorn-pathfinders-{mode}.log")
    results, checks = [], []
    log(f"mode {mode}: starting uvicorn ({workers} worker{'s' if workers > 1 else ''}) on port {server.port}")
    server.start()
    try:
        for page, path in pages:
            url = server.base + path
            checks.append(run.check(server, page, path, mode))
            if checks[-1].status != 200:
                raise BenchError(f"{url} answered {checks[-1].status}")
            if time.monotonic() + WARMUP + DURATION > deadline:
                log(f"  skipped {page}: the run would exceed {BUDGET_SECONDS} s")
                results.append(Result(page, path, mode, errors=["skipped (time budget)"]))
                continue
            if WARMUP:
                wrk(url, WARMUP)
                # The warm-up's last requests may still be queued in the server (a slow page, 20 at a time):
                # one more request answers only once they are done, so the measured run starts on an idle server.
                run.fetch(url, timeout=WRK_TIMEOUT)
            cpu_before = run.group_cpu_seconds(server.proc.pid)
            result = run.parse_wrk(wrk(url, DURATION), Result(page, path, mode))
            if result.requests:
                result.cpu_ms = (run.group_cpu_seconds(server.proc.pid) - cpu_before) * 1000 / result.requests
            results.append(result)
            log(
                f"  {page:<40} {result.rps:8.1f} req/s  p50 {result.p50_ms:6.1f} ms  "
                f"p99 {result.p99_ms:6.1f} ms  CPU {result.cpu_ms:.2f} ms/req"
                + (f"  ({', '.join(result.errors)})" if result.errors else "")
            )
    finally:
        server.stop()
    return results, checks


def page_facts(env: dict) -> dict:
    """The paths and query counts of the pages on the database ``env`` points at (no page cache)."""
    output = run.manage({**env, "PUBLIC_PAGE_CACHE_SECONDS": "0"}, "shell", "--verbosity", "0", "-c", QUERY_COUNT)
    line = next((x for x in output.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise BenchError(f"could not count the queries:\n{output}")
    return json.loads(line.removeprefix("RESULT "))


def load(env: dict, countries: int, cycles: int, actions: int) -> None:
    # --force: the real facts were just loaded into this throwaway database.
    args = ["--countries", str(countries), "--cycles", str(cycles), "--actions", str(actions), "--force"]
    log(run.manage(env, "load_synthetic_pathfinders", *args))


def prepare(workdir: Path) -> tuple[dict, list[tuple[str, str]], dict, dict]:
    env = run.bench_env(workdir)
    log("migrate")
    run.manage(env, "migrate", "--noinput", "--verbosity", "0")
    log("load_alliance_data")
    run.manage(env, "load_alliance_data")
    # The small comparison database starts from the same state.
    small_env = {**env, "SQLITE_PATH": str(workdir / "data" / "small.sqlite3")}
    shutil.copyfile(env["SQLITE_PATH"], small_env["SQLITE_PATH"])
    log(f"load_synthetic_pathfinders ({COUNTRIES} countries, {CYCLES} cycles, {ACTIONS} key actions)")
    load(env, COUNTRIES, CYCLES, ACTIONS)
    log("load_synthetic_pathfinders ({} countries, {} cycles, {} key actions), for the query counts".format(*SMALL))
    load(small_env, *SMALL)
    log("collectstatic")
    run.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    large, small = page_facts(env), page_facts(small_env)
    for name, status in large["status"].items():
        if status != 200:
            raise BenchError(f"{large['pages'][name]} answered {status}")
    code = large["pages"]["country"].strip("/").split("/")[-1].upper()
    pages = []
    if "framework" in large["pages"]:
        pages.append(("Framework overview matrix", large["pages"]["framework"]))
    else:
        log("the Framework overview (pathfinders:framework) does not exist yet: measuring the country page only")
    pages.append((f"country page ({code}, a synthetic example)", large["pages"]["country"]))
    return env, pages, large, small


def latency(result: Result, value: float) -> str:
    # wrk records no latency for requests that timed out: when all did, say so rather than print 0.
    if not value and any("timeout" in e for e in result.errors):
        return f"> {WRK_TIMEOUT * 1000:,}"
    return f"{value:.1f}"


def verdict(result: Result) -> str:
    if result.errors and not result.requests:
        return "FAIL (" + ", ".join(result.errors) + ")"
    passed = not result.errors and result.p99_ms < TARGET_P99_MS
    return ("pass" if passed else "FAIL") + (f" ({', '.join(result.errors)})" if result.errors else "")


def render(
    results: list[Result],
    checks: list[Check],
    *,
    pages: list[tuple[str, str]],
    counts: tuple[dict, dict],
    info: dict[str, str],
    modes: list[str],
) -> str:
    small, large = counts
    labels = {path: label for label, path in pages}
    lines = [
        "## Pathfinder pages under load (`make bench`, bench/pathfinders.py)",
        "",
        f"`wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s --timeout={WRK_TIMEOUT}s --latency` per page after a "
        f"{WARMUP} s warm-up; uvicorn "
        f"(one worker, uvloop, httptools), DEBUG off, SQLite; `load_synthetic_pathfinders`: {COUNTRIES} example "
        f"countries × {CYCLES} report cycles × {ACTIONS} key actions (a pathway, a roadmap, a published report "
        "with every key action's status and a published assessment per country and cycle) on top of the "
        "Alliance's facts. Target (issue 3): p99 under 150 ms at 20 connections, in both modes.",
        "",
        "Modes: " + "; ".join(f"**{m}**: {MODES[m][0]}" for m in modes) + ".",
        "",
        "| page | mode | req/s | p50 ms | p99 ms | server CPU ms/req | target | result |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    lines += [
        f"| {r.page} (`{r.url}`) | {r.mode} | {r.rps:,.0f} | {latency(r, r.p50_ms)} | {latency(r, r.p99_ms)} | "
        f"{r.cpu_ms:.2f} | p99 <{TARGET_P99_MS:.0f} ms | {verdict(r)} |"
        for r in results
    ]
    lines += [
        "",
        "Without the page cache, one uvicorn worker runs Django's synchronous views one at a time, so with 20 "
        "connections a request waits for the ones ahead of it: p99 is about 20 times the render time, and "
        "150 ms uncached would need a render of about 7 ms. wrk waits up to "
        f"{WRK_TIMEOUT} s for an answer here, so that a slow page's latency is measured rather than timed out. "
        "For such a slow page the CPU column over-counts: the work on the up to 20 requests still in flight "
        "when wrk stops is charged to those it counted. The render times below are the cleaner measure.",
    ]
    lines += [
        "",
        "Queries and render time per page for one anonymous visitor at a time (page cache off, Django's test "
        "client in one process, median of 5), with a small set "
        f"({SMALL[0]} countries, {SMALL[1]} cycles, {SMALL[2]} key actions) and the full one:",
        "",
        f"| page | queries, {SMALL[0]} countries | queries, {COUNTRIES} countries | grows with the countries | "
        f"render ms, {SMALL[0]} countries | render ms, {COUNTRIES} countries |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for name, path in large["pages"].items():
        few, many = small["queries"].get(name), large["queries"][name]
        label = labels.get(path, name)
        lines.append(
            f"| {label} (`{path}`) | {few} | {many} | {'no' if few == many else 'YES'} | "
            f"{small['render_ms'].get(name, 0):.1f} | {large['render_ms'][name]:.1f} |"
        )
    lines += [
        "",
        "| page | mode | status | bytes | Set-Cookie | X-Public-Page-Cache |",
        "|---|---|---:|---:|---|---|",
    ]
    lines += [
        f"| {c.page} | {c.mode} | {c.status} | {c.size:,} | {c.set_cookie or '—'} | {c.cache_header or '—'} |"
        for c in checks
    ]
    lines += [
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
        "As for the network pages: wrk shares the 2 cores with uvicorn, so req/s and latency are a noisy floor; "
        "the server CPU per request moves less with the noise.",
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
    workdir = Path(tempfile.mkdtemp(prefix="a87-bench-pathfinders-"))
    results: list[Result] = []
    checks: list[Check] = []
    try:
        env, pages, large, small = prepare(workdir)
        for mode in modes:
            mode_results, mode_checks = run_mode(mode, env, pages, workdir, deadline)
            results += mode_results
            checks += mode_checks
    except (BenchError, subprocess.SubprocessError, OSError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    section = render(results, checks, pages=pages, counts=(small, large), info=info, modes=modes)
    print(section)
    if os.environ.get("BENCH_NO_DOCS") != "1":
        run.write_docs(section, START, END)
        log(f"written to {DOCS.relative_to(ROOT)}")
    log(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
