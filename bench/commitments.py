"""The registry of commitments under load: 5,000 commitments and 20,000 deliverables.

The target (issue 16): "The registry with 5,000 commitments and 20,000 deliverables: list, filtered list and a
commitment's page at ≥ 300 req/s and p99 < 100 ms cached, and the signed-in render ≤ 20 ms CPU; queries flat
in the data size".

What it does, in a throwaway directory (the real database and settings are never touched): migrate, load the
Alliance's facts, copy that database; write synthetic commitments into both with ``bulk_create`` (``SYNTH``
below: 5,000 with 4 deliverables each into the large one, 10 into the small one). Everything synthetic is
visibly so: 200 organisations named "Synthetic example partner N", countries made for ISO codes not yet in
the database and marked as examples, 12 priorities "Synthetic example priority N", every commitment and
deliverable titled "Synthetic example …" and marked ``is_example``; no real organisation or country is said
to have committed to anything. Then, on each database, through Django's test client in one process: each
page's queries and its render time for an anonymous visitor (page cache off), and the CPU time of a signed-in
partner editor's render (``time.process_time``, median of ``REPEATS``; signed-in pages are never cached).
Then uvicorn with one worker, page cache on, and ``wrk -t2 -c20 -d10s --latency`` on each page.

Run with ``.venv/bin/python bench/commitments.py``; ``--write-docs`` writes the table to docs/benchmarks.md
between the ``<!-- bench:commitments:start -->`` and ``<!-- bench:commitments:end -->`` markers. Knobs as for
bench/run.py (BENCH_DURATION, BENCH_WARMUP, BENCH_MODES, default "cached"). A missed target is a FAIL in the
table; the script exits non-zero only when it could not measure.
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

START, END = "<!-- bench:commitments:start -->", "<!-- bench:commitments:end -->"
COMMITMENTS, DELIVERABLES_EACH = 5_000, 4
SMALL = 10
TARGET_RPS, TARGET_P99_MS, TARGET_CPU_MS = 300.0, 100.0, 20.0
REPEATS = 11
BUDGET_SECONDS = 900  # a busy machine takes minutes to migrate
DEFAULT_MODES = "cached"

# Run inside ``manage.py shell`` with N set: the synthetic commitments.
SYNTH = """
import datetime, random
from decimal import Decimal
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_countries import countries as iso_countries
from alliance87.commitments.models import Commitment, Deliverable, ProgressUpdate, Light, CoImplementer
from alliance87.engagement.models import Priority
from alliance87.network.models import Country, Organisation

rng = random.Random(87)
now = timezone.now()
today = timezone.localdate()
with transaction.atomic():
    taken = set(Country.objects.values_list("code", flat=True))
    codes = [c.code for c in iso_countries if c.code not in taken and c.code != settings.EXAMPLE_COUNTRY_CODE][:120]
    Country.objects.bulk_create(
        [Country(code=code, is_example=True, source="Synthetic example (bench)") for code in codes]
    )
    countries = list(Country.objects.filter(is_example=True))
    organisations = Organisation.objects.bulk_create([
        Organisation(name=f"Synthetic example partner {i:03d}", slug=f"synthetic-example-partner-{i:03d}",
                     kind=["civil_society", "business", "un_agency", "workers", "employers", "academia"][i % 6],
                     is_partner=True, source="Synthetic example (bench)")
        for i in range(200)
    ])
    priorities = Priority.objects.bulk_create([
        Priority(slug=f"synthetic-example-priority-{i:02d}", title=f"Synthetic example priority {i:02d}",
                 status="published", published_at=now, position=i)
        for i in range(12)
    ])
    lights = [Light.GREEN] * 6 + [Light.YELLOW] * 2 + [Light.RED, Light.INACTIVE, Light.DONE]
    made = []
    for i in range(N):
        by_country = i % 5 == 4
        light = Light.GREEN if i == 0 else rng.choice(lights)
        made.append(Commitment(
            title=f"Synthetic example commitment {i:05d} on decent work in supply chains",
            description="Synthetic example: what will be done, and how. " * 4,
            contribution="Synthetic example contribution.",
            communication="Synthetic example communication.",
            maker_kind="country" if by_country else "organisation",
            lead_country=rng.choice(countries) if by_country else None,
            lead_organisation=None if by_country else organisations[0] if i == 0 else rng.choice(organisations),
            focal_point="Synthetic example focal point",
            sdg_targets=["8.7"],
            starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2028, 12, 31),
            visibility="partners" if i % 10 == 9 else "public",
            status="completed" if light == Light.DONE else "published",
            light=light, light_computed_at=now,
            published_at=now - datetime.timedelta(minutes=i),
            last_reported_at=now - datetime.timedelta(days=rng.randint(0, 900)),
            is_example=True,
        ))
    made = Commitment.objects.bulk_create(made, batch_size=500)
    P, C = Commitment.priorities.through, Commitment.countries.through
    P.objects.bulk_create(
        [P(commitment_id=c.pk, priority_id=p.pk) for c in made for p in rng.sample(priorities, 2)], batch_size=2000
    )
    # The first one (the page measured, and the filtered list's first row): green, a civil-society lead, priority 03.
    P.objects.get_or_create(commitment_id=made[0].pk, priority_id=priorities[3].pk)
    C.objects.bulk_create(
        [C(commitment_id=c.pk, country_id=k.pk) for c in made for k in rng.sample(countries, 2)], batch_size=2000
    )
    CoImplementer.objects.bulk_create(
        [
            CoImplementer(commitment_id=c.pk, organisation=rng.choice(organisations), confirmed_at=now)
            for c in made[::3]
        ],
        batch_size=2000,
    )
    deliverables = []
    for c in made:
        for position in range(DELIVERABLES_EACH):
            due = today + datetime.timedelta(days=rng.randint(-400, 900))
            achieved = due < today and rng.random() < 0.7
            deliverables.append(Deliverable(
                commitment_id=c.pk, position=position, title=f"Synthetic example deliverable {position + 1}",
                indicator="People reached (synthetic example)", unit="people", baseline=Decimal(0),
                target=Decimal(100 * (position + 1)), due_on=due,
                current_value=Decimal(rng.randint(0, 100 * (position + 1))),
                progress="achieved" if achieved else rng.choice(["on_track", "delayed", "not_started"]),
                achieved_at=now if achieved else None,
            ))
    Deliverable.objects.bulk_create(deliverables, batch_size=2000)
    shown = made[0]
    for n in range(6):
        ProgressUpdate.objects.create(commitment=shown, progress="on_track", text=f"Synthetic example update {n}.",
                                      reported_at=now - datetime.timedelta(days=60 * n))
print("MADE", len(made), len(deliverables))
"""

# Run inside ``manage.py shell``: each page's path, queries, anonymous render ms and signed-in CPU ms.
FACTS = """
import json, statistics, time
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from alliance87.accounts.models import Role
from alliance87.commitments.models import Commitment
from alliance87.network.models import Organisation
from alliance87.testing import make_user

shown = Commitment.objects.order_by("pk").first()
pages = {
    "list": "/commitments/",
    "filtered": "/commitments/?priority=synthetic-example-priority-03&light=green&kind=civil_society",
    "commitment": f"/commitments/{shown.pk}/",
}
member = make_user(
    "bench.editor@example.org", Role.PARTNER_EDITOR, Organisation.objects.get(slug="synthetic-example-partner-000")
)
anonymous, signed_in = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
signed_in.force_login(member)
out = {
    "pages": pages, "queries": {}, "signed_in_queries": {}, "status": {}, "render_ms": {}, "cpu_ms": {}, "rows": {},
    "cold_cpu_ms": {},
}
for name, path in pages.items():
    anonymous.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = anonymous.get(path)
    out["queries"][name] = len(ctx.captured_queries)
    out["status"][name] = response.status_code
    if response.context and "page" in response.context:
        out["rows"][name] = response.context["page"].paginator.count
    walls = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        anonymous.get(path)
        walls.append((time.perf_counter() - started) * 1000)
    out["render_ms"][name] = statistics.median(walls)
    # Signed in, as served: the page cache's setting on, so the part every reader shares is built once
    # (its first render, "cold", is measured too), then read from the cache.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    started = time.process_time()
    signed_in.get(path)
    out["cold_cpu_ms"][name] = (time.process_time() - started) * 1000
    with CaptureQueriesContext(connection) as ctx:
        signed_in.get(path)
    out["signed_in_queries"][name] = len(ctx.captured_queries)
    cpus = []
    for _ in range(REPEATS):
        started = time.process_time()
        signed_in.get(path)
        cpus.append((time.process_time() - started) * 1000)
    out["cpu_ms"][name] = statistics.median(cpus)
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
print("RESULT " + json.dumps(out))
"""


def synthesise(env: dict, count: int) -> None:
    code = f"N = {count}\nDELIVERABLES_EACH = {DELIVERABLES_EACH}\n" + SYNTH
    output = run.manage(env, "shell", "--verbosity", "0", "-c", code, timeout=600)
    log("  " + next((x for x in output.splitlines() if x.startswith("MADE")), output[-500:]))


def page_facts(env: dict) -> dict:
    code = f"REPEATS = {REPEATS}\n" + FACTS
    output = run.manage({**env, "PUBLIC_PAGE_CACHE_SECONDS": "0"}, "shell", "--verbosity", "0", "-c", code, timeout=600)
    line = next((x for x in output.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise BenchError(f"could not measure the pages:\n{output}")
    return json.loads(line.removeprefix("RESULT "))


def prepare(workdir: Path) -> tuple[dict, dict, dict]:
    env = run.bench_env(workdir)
    log("migrate")
    run.manage(env, "migrate", "--noinput", "--verbosity", "0", timeout=600)
    log("load_alliance_data")
    run.manage(env, "load_alliance_data", timeout=600)
    small_env = {**env, "SQLITE_PATH": str(workdir / "data" / "small.sqlite3")}
    shutil.copyfile(env["SQLITE_PATH"], small_env["SQLITE_PATH"])
    log(f"synthetic commitments: {COMMITMENTS:,} × {DELIVERABLES_EACH} deliverables")
    synthesise(env, COMMITMENTS)
    log(f"synthetic commitments: {SMALL}, for the query counts")
    synthesise(small_env, SMALL)
    log("collectstatic")
    run.manage(env, "collectstatic", "--noinput", "--verbosity", "0", timeout=600)
    log("queries and render times")
    large, small = page_facts(env), page_facts(small_env)
    for name, status in large["status"].items():
        if status != 200:
            raise BenchError(f"{large['pages'][name]} answered {status}")
    return env, large, small


def run_mode(mode: str, env: dict, pages, workdir: Path, deadline: float) -> tuple[list[Result], list[Check]]:
    _description, extra, workers = MODES[mode]
    server = run.Server({**env, **extra}, workers, workdir / f"uvicorn-commitments-{mode}.log")
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
                results.append(Result(page, path, mode, errors=["skipped (time budget)"]))
                continue
            if WARMUP:
                run.wrk(url, WARMUP)
                run.fetch(url, timeout=30)
            cpu_before = run.group_cpu_seconds(server.proc.pid)
            result = run.parse_wrk(run.wrk(url, DURATION), Result(page, path, mode))
            if result.requests:
                result.cpu_ms = (run.group_cpu_seconds(server.proc.pid) - cpu_before) * 1000 / result.requests
            results.append(result)
            log(
                f"  {page:<28} {result.rps:8.1f} req/s  p50 {result.p50_ms:6.1f} ms  "
                f"p99 {result.p99_ms:6.1f} ms  CPU {result.cpu_ms:.2f} ms/req"
                + (f"  ({', '.join(result.errors)})" if result.errors else "")
            )
    finally:
        server.stop()
    return results, checks


LABELS = {"list": "registry", "filtered": "registry, three filters", "commitment": "a commitment's page"}


def verdict(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def render(results, checks, *, large: dict, small: dict, info: dict[str, str], modes: list[str]) -> str:
    lines = [
        "## The registry of commitments (`make bench`, bench/commitments.py)",
        "",
        f"{COMMITMENTS:,} synthetic commitments with {DELIVERABLES_EACH} deliverables each "
        f"({COMMITMENTS * DELIVERABLES_EACH:,}), two priorities and two countries each, a confirmed "
        "co-implementer on one in three, one in ten shown to partners only, on top of the Alliance's facts "
        '(every synthetic row says "Synthetic example" and is marked `is_example`; its countries are example '
        f"countries). `wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s --latency` per page after a {WARMUP} s "
        "warm-up, uvicorn with one worker, DEBUG off, SQLite. Targets (issue 16): at least "
        f"{TARGET_RPS:.0f} req/s and p99 under {TARGET_P99_MS:.0f} ms cached; a signed-in render at most "
        f"{TARGET_CPU_MS:.0f} ms of CPU; queries flat in the number of commitments.",
        "",
        "Modes: " + "; ".join(f"**{m}**: {MODES[m][0]}" for m in modes) + ".",
        "",
        "| page | mode | req/s | p50 ms | p99 ms | server CPU ms/req | result |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        ok = not r.errors and r.rps >= TARGET_RPS and r.p99_ms < TARGET_P99_MS
        lines.append(
            f"| {r.page} (`{r.url}`) | {r.mode} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
            f"{r.cpu_ms:.2f} | {verdict(ok)}{' (' + ', '.join(r.errors) + ')' if r.errors else ''} |"
        )
    lines += [
        "",
        "Each page rendered in one process by Django's test client, page cache off (median of "
        f"{REPEATS}): queries and wall time for an anonymous visitor, queries and CPU time for a signed-in "
        "partner editor (who also sees the partners-only commitments; signed-in pages are never cached, the "
        "registry's part every reader of the same filters shares, figures, form, map table, is kept while no "
        "public data changes: its build is the last column), with "
        f"{SMALL} and with {COMMITMENTS:,} commitments:",
        "",
        f"| page | queries, {SMALL} | queries, {COMMITMENTS:,} | flat | signed-in queries, {SMALL} / "
        f"{COMMITMENTS:,} | anonymous render ms, {COMMITMENTS:,} | signed-in CPU ms, {SMALL} | "
        f"signed-in CPU ms, {COMMITMENTS:,} | ≤ {TARGET_CPU_MS:.0f} ms | signed-in CPU ms, {COMMITMENTS:,}, shared "
        "part built |",
        "|---|---:|---:|---|---:|---:|---:|---:|---|---:|",
    ]
    for name, path in large["pages"].items():
        few, many = small["queries"][name], large["queries"][name]
        flat = few == many and small["signed_in_queries"][name] == large["signed_in_queries"][name]
        rows = f", {large['rows'][name]:,} listed" if name in large.get("rows", {}) else ""
        lines.append(
            f"| {LABELS[name]} (`{path}`{rows}) | {few} | {many} | {'yes' if flat else 'NO'} | "
            f"{small['signed_in_queries'][name]} / {large['signed_in_queries'][name]} | "
            f"{large['render_ms'][name]:.1f} | {small['cpu_ms'][name]:.1f} | {large['cpu_ms'][name]:.1f} | "
            f"{verdict(large['cpu_ms'][name] <= TARGET_CPU_MS)} | {large['cold_cpu_ms'][name]:.1f} |"
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
    workdir = Path(tempfile.mkdtemp(prefix="a87-bench-commitments-"))
    results: list[Result] = []
    checks: list[Check] = []
    try:
        env, large, small = prepare(workdir)
        pages = [(LABELS[name], path) for name, path in large["pages"].items()]
        for mode in modes:
            mode_results, mode_checks = run_mode(mode, env, pages, workdir, deadline)
            results += mode_results
            checks += mode_checks
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
