"""The status light of every commitment recomputed: 5,000 commitments, 20,000 deliverables, under 5 s.

The target (issue 16): "the status of every commitment recomputed in under 5 s".

What it does, in a throwaway directory (the real database and settings are never touched): migrate a fresh
SQLite database and write, with ``bulk_create``, one organisation "Synthetic example partner (bench)" and
5,000 commitments titled "Synthetic example commitment N" (all ``is_example``), 4 deliverables each: most
published between 0 and 1,500 days ago, a third of them reported on since, some completed, closed or drafts.
Then it times ``lights.recompute_all`` (wall and CPU time, and its queries) three ways: the first run, where
almost every light changes; the run of the next day, where few do; and after the secretariat changes the
rules (``progress.rules_update``, which recomputes everything). For comparison it times ``light_of`` over
every row in Python (what a per-row loop would cost before its saves), and checks that every stored light
is the one ``light_of`` gives.

Run with ``.venv/bin/python bench/commitment_lights.py`` (about a minute, most of it the migration);
``--write-docs`` writes the table to docs/benchmarks.md between the ``<!-- bench:commitment-lights:start -->``
and ``<!-- bench:commitment-lights:end -->`` markers. A missed target is a FAIL in the table, not an error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import run  # bench/run.py: the throwaway environment, manage.py, the machine details and the docs writer
from run import ROOT, BenchError, log

START, END = "<!-- bench:commitment-lights:start -->", "<!-- bench:commitment-lights:end -->"
COMMITMENTS, DELIVERABLES_EACH = 5_000, 4
TARGET_SECONDS = 5.0

# Run in a child process with the throwaway database's settings; prints one JSON line.
MEASURE = """
import datetime, json, random, time
from decimal import Decimal
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from alliance87.accounts.models import Role
from alliance87.commitments import lights, progress
from alliance87.commitments.models import Commitment, CommitmentRules, Deliverable
from alliance87.network.models import Organisation
from alliance87.testing import make_user

N, EACH = %(n)d, %(each)d
rng = random.Random(87)
now = timezone.now()
partner = Organisation.objects.create(
    name="Synthetic example partner (bench)", slug="synthetic-example-partner-bench", kind="civil_society"
)
statuses = ["published"] * 16 + ["completed", "closed", "draft", "submitted"]
rows = []
for i in range(N):
    status = rng.choice(statuses)
    published = now - datetime.timedelta(days=rng.randint(0, 1500), hours=rng.randint(0, 23))
    reported = None
    if status != "draft" and rng.random() < 1 / 3:
        reported = published + (now - published) * rng.random()
    rows.append(
        Commitment(
            title=f"Synthetic example commitment {i}",
            description="Synthetic example.",
            maker_kind="organisation",
            lead_organisation=partner,
            status=status,
            published_at=None if status in ("draft", "submitted") else published,
            last_reported_at=reported,
            is_example=True,
        )
    )
Commitment.objects.bulk_create(rows, batch_size=1000)
ids = list(Commitment.objects.values_list("pk", flat=True))
deliverables = [
    Deliverable(
        commitment_id=pk,
        position=j,
        title=f"Synthetic example deliverable {j + 1}",
        indicator="Synthetic",
        target=Decimal(100),
        due_on=(now + datetime.timedelta(days=rng.randint(-400, 700))).date(),
    )
    for pk in ids
    for j in range(EACH)
]
Deliverable.objects.bulk_create(deliverables, batch_size=2000)


def timed(label, call):
    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        changed = call()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "label": label,
        "seconds": wall,
        "cpu": cpu,
        "queries": len(queries.captured_queries),
        "changed": sum(changed.values()) if isinstance(changed, dict) else changed,
    }


results = [timed("first run (lights empty)", lambda: lights.recompute_all(now))]
results.append(timed("next day (few change)", lambda: lights.recompute_all(now + datetime.timedelta(days=1))))
secretariat = make_user("bench-secretariat@example.org", Role.SECRETARIAT)
before = dict(Commitment.objects.values_list("pk", "light"))


def change_rules():
    progress.rules_update(by=secretariat, green_days=180, red_days=365, inactive_days=730)
    return {"": sum(1 for pk, light in Commitment.objects.values_list("pk", "light") if before[pk] != light)}


results.append(timed("rules changed (180/365/730 days; counting the changes included)", change_rules))
rules = CommitmentRules.current()
everything = list(Commitment.objects.only("pk", "status", "published_at", "last_reported_at", "light"))
later = timezone.now()
wall, cpu = time.perf_counter(), time.process_time()
computed = [lights.light_of(c, rules, later) for c in everything]
results.append(
    {
        "label": "light_of over every row, in Python (no save)",
        "seconds": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "queries": 0,
        "changed": None,
    }
)
lights.recompute_all(later, rules)
stored = dict(Commitment.objects.values_list("pk", "light"))
mismatches = sum(1 for c, light in zip(everything, computed) if stored[c.pk] != light)
counts = {"commitments": len(ids), "deliverables": len(deliverables)}
print(json.dumps({"results": results, "mismatches": mismatches, **counts}))
"""


def measure(workdir: Path) -> dict:
    env = run.bench_env(workdir)
    log("migrate")
    run.manage(env, "migrate", "--noinput", "--verbosity", "0", timeout=600)
    log(f"{COMMITMENTS} commitments, {COMMITMENTS * DELIVERABLES_EACH} deliverables; recompute")
    script = MEASURE % {"n": COMMITMENTS, "each": DELIVERABLES_EACH}
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if proc.returncode != 0:
        raise BenchError(f"the measurement failed:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def render(measured: dict, info: dict[str, str]) -> str:
    lines = [
        "### Commitments: every status light recomputed",
        "",
        f"{measured['commitments']:,} commitments, {measured['deliverables']:,} deliverables, SQLite, one process "
        f"({info.get('cpu', '?')}, {info.get('nproc', '?')} cores; load average before "
        f"{info.get('load average before', '?')}; {info.get('date', '')}, commit {info.get('commit', '?')}). "
        f"Target: under {TARGET_SECONDS:.0f} s.",
        "",
        "| run | wall s | CPU s | queries | lights changed | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in measured["results"]:
        verdict = ""
        if row["queries"]:
            verdict = "ok" if row["seconds"] < TARGET_SECONDS else "FAIL"
        changed = "" if row["changed"] is None else f"{row['changed']:,}"
        lines.append(
            f"| {row['label']} | {row['seconds']:.3f} | {row['cpu']:.3f} | {row['queries']} | {changed} | {verdict} |"
        )
    lines += [
        "",
        f"Stored lights that differ from `light_of`'s: {measured['mismatches']}. The recomputation is one UPDATE per "
        "light with its condition in SQL (the rows whose light changes), and one stamping the time on the rest: "
        "the number of queries does not grow with the commitments.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    write = "--write-docs" in sys.argv
    with tempfile.TemporaryDirectory(prefix="bench-lights-") as tmp:
        workdir = Path(tmp)
        (workdir / "data").mkdir()
        try:
            measured = measure(workdir)
        except BenchError as error:
            log(str(error))
            return 1
    info = run.machine_info()
    table = render(measured, info)
    print(table)
    if write:
        run.write_docs(table, START, END)
        log("docs/benchmarks.md updated")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
