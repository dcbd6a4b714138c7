"""``make bench``: serve the public pages from uvicorn on a synthetic network and load them with wrk.

What it does, in a throwaway directory (the real database and settings are never touched):
migrate, load the Alliance's facts and a synthetic network (1,000 organisations, 2,000 people, 50
countries; see ``load_synthetic_network``), collect static files, then for each mode start uvicorn
(DEBUG off, SQLite, uvloop + httptools), warm up, and run ``wrk -t2 -c20 -d10s --latency`` against
each page. It prints a table and writes it to docs/benchmarks.md between the
``<!-- bench:network:start -->`` and ``<!-- bench:network:end -->`` markers.

The target (from the issue): at least 300 requests/s with p99 under 100 ms at 20 connections. A
missed target is a FAIL in the table, not an error: the script exits non-zero only when it could not
measure. wrk runs on the same 2 cores as the server, so the numbers are a floor, and noisy.

Knobs (environment): BENCH_DURATION (seconds per page, default 10), BENCH_WARMUP (default 1),
BENCH_MODES (comma-separated, default "cached,uncached"; also cached-2w, uncached-2w),
BENCH_NO_DOCS=1 (print only, leave docs/benchmarks.md alone).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
UVICORN = VENV_BIN / "uvicorn"
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:network:start -->", "<!-- bench:network:end -->"

ORGANISATIONS, PEOPLE, COUNTRIES = 1000, 2000, 50
CONNECTIONS, THREADS = 20, 2
TARGET_RPS, TARGET_P99_MS = 300.0, 100.0
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "1"))
BUDGET_SECONDS = 240  # the whole run must stay under 4 minutes

# mode name → (description, extra environment, uvicorn workers)
MODES = {
    "cached": ("public-page cache on (default settings)", {"PUBLIC_PAGE_CACHE_SECONDS": "300"}, 1),
    "uncached": ("PUBLIC_PAGE_CACHE_SECONDS=0", {"PUBLIC_PAGE_CACHE_SECONDS": "0"}, 1),
    "cached-2w": ("cache on, 2 uvicorn workers", {"PUBLIC_PAGE_CACHE_SECONDS": "300"}, 2),
    "uncached-2w": ("PUBLIC_PAGE_CACHE_SECONDS=0, 2 uvicorn workers", {"PUBLIC_PAGE_CACHE_SECONDS": "0"}, 2),
}
DEFAULT_MODES = "cached,uncached"

INTRO = """# Benchmarks

What is measured, and how. `make bench` (or `.venv/bin/python bench/run.py`) builds a throwaway
SQLite database in a temporary directory, loads the Alliance's facts plus a synthetic network
(1,000 example organisations, 2,000 example people, 50 countries; every synthetic name says
"Example"), starts uvicorn as in production (DEBUG off, uvloop + httptools, no access log) and
loads each public page with `wrk -t2 -c20 -d10s --latency`. The target from the issue is at least
300 requests/s with a p99 latency under 100 ms at 20 concurrent connections, on a 2-core machine
that also runs wrk. Each section below is rewritten by the script that owns its markers; the rest
of this file is kept.
"""


class BenchError(Exception):
    """The benchmark could not measure (not a missed target)."""


@dataclass
class Result:
    page: str
    url: str
    mode: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    cpu_ms: float = 0.0  # server CPU (user + system, all its processes) per request
    errors: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.errors and self.rps >= TARGET_RPS and self.p99_ms < TARGET_P99_MS


@dataclass
class Check:
    """One plain request per page and mode: what an anonymous visitor gets back."""

    page: str
    mode: str
    status: int
    size: int
    set_cookie: str
    cache_header: str
    vary: str


# ---------------------------------------------------------------------------------------------
# Helpers


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str, timeout: int = 120) -> str:
    proc = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout.strip()


def to_ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value.strip())
    if not match:
        raise BenchError(f"cannot read the latency {value!r} from wrk")
    number, unit = float(match.group(1)), match.group(2)
    return number * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}[unit]


def parse_wrk(output: str, result: Result) -> Result:
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    if not (rps and p99 and p50 and total):
        raise BenchError(f"unexpected wrk output:\n{output}")
    result.rps, result.requests = float(rps.group(1)), int(total.group(1))
    result.p50_ms, result.p99_ms = to_ms(p50.group(1)), to_ms(p99.group(1))
    if non2xx := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result.errors.append(f"{non2xx.group(1)} non-2xx/3xx")
    if sock := re.search(r"Socket errors:\s+connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        names = ("connect", "read", "write", "timeout")
        result.errors += [f"{n} {name}" for name, n in zip(names, map(int, sock.groups()), strict=True) if n]
    return result


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU time of every live process in a process group (the server and its workers)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat_fields(stat)
        if fields and int(fields[2]) == pgid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of one live process (0 when it is gone)."""
    fields = _stat_fields(Path(f"/proc/{pid}/stat"))
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else 0.0


def _stat_fields(stat: Path) -> list[str]:
    """The fields of ``/proc/<pid>/stat`` after the command's name (state first), or [] if it is gone."""
    try:
        text = stat.read_text()
    except OSError:
        return []
    return text[text.rfind(")") + 2 :].split()


def wrk(url: str, seconds: int) -> str:
    cmd = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30, check=False)
    if proc.returncode != 0:
        raise BenchError(f"wrk failed on {url}:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def fetch(url: str, timeout: float = 5.0, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, headers={"User-Agent": "alliance87-bench", **(headers or {})})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 -- loopback only
        return response.status, response.headers, response.read()


# ---------------------------------------------------------------------------------------------
# The server


class Server:
    """uvicorn in its own process group, so the group (workers included) can always be stopped."""

    def __init__(self, env: dict, workers: int, logfile: Path):
        self.env, self.workers, self.logfile = env, workers, logfile
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        cmd = [
            str(UVICORN),
            "alliance87.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
        ]
        if self.workers > 1:
            cmd += ["--workers", str(self.workers)]
        self._log = self.logfile.open("w")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"uvicorn exited with {self.proc.returncode}:\n{self.logfile.read_text()}")
            try:
                if fetch(self.base + "/", timeout=2)[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.2)
        raise BenchError(f"uvicorn did not answer within 30 s:\n{self.logfile.read_text()}")

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
            except ProcessLookupError:
                pass
        # Workers left behind by a crashed master are in the same group.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._log.close()
        self.proc = None


# ---------------------------------------------------------------------------------------------
# The run


def bench_env(workdir: Path) -> dict:
    """The server's environment: production-like settings on a throwaway SQLite database in ``workdir``."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEMO", "DEBUG"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "alliance87.settings",
            "DATA_DIR": str(workdir / "data"),
            "SQLITE_PATH": str(workdir / "data" / "bench.sqlite3"),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "False",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_COOKIES": "False",
            "SECURE_SSL_REDIRECT": "False",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def prepare(workdir: Path) -> tuple[dict, list[tuple[str, str]]]:
    env = bench_env(workdir)
    log("migrate")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    log("load_alliance_data")
    manage(env, "load_alliance_data")
    log(f"load_synthetic_network ({ORGANISATIONS} organisations, {PEOPLE} people, {COUNTRIES} countries)")
    # --force: the real facts were just loaded into this throwaway database.
    log(
        manage(
            env,
            "load_synthetic_network",
            "--organisations",
            str(ORGANISATIONS),
            "--people",
            str(PEOPLE),
            "--countries",
            str(COUNTRIES),
            "--force",
        )
    )
    log("rebuild_search_index")
    log(manage(env, "rebuild_search_index"))
    log("collectstatic")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    code = (
        manage(
            env,
            "shell",
            "-c",
            "from django.db.models import Count, Q; from alliance87.network.models import Country; "
            "print(Country.objects.filter(is_pathfinder=True, source__startswith='Synthetic')"
            ".annotate(n=Count('organisations', filter=Q(organisations__is_partner=True)))"
            ".order_by('-n', 'code').values_list('code', flat=True)[0])",
        )
        .splitlines()[-1]
        .lower()
    )
    pages = [
        ("home", "/"),
        ("partner directory", "/partners/"),
        ("directory, filtered", "/partners/?kind=civil_society&page=3"),
        (f"country page ({code.upper()}, an example Pathfinder)", f"/countries/{code}/"),
        ("events index", "/events/"),
        # Never cached (a query per visitor): the search itself, over the synthetic network's 3,000 rows.
        ('site search ("labor")', "/search/?q=labor"),
    ]
    return env, pages


def check(server: Server, page: str, path: str, mode: str) -> Check:
    status, headers, body = fetch(server.base + path)
    # Twice: the second answer is what a repeat visitor gets (from the cache, when it is on).
    status, headers, body = fetch(server.base + path)
    return Check(
        page=page,
        mode=mode,
        status=status,
        size=len(body),
        set_cookie=headers.get("Set-Cookie", "") or "",
        cache_header=headers.get("X-Public-Page-Cache", "") or "",
        vary=headers.get("Vary", "") or "",
    )


def run_mode(mode: str, env: dict, pages, workdir: Path, deadline: float) -> tuple[list[Result], list[Check]]:
    _description, extra, workers = MODES[mode]
    server = Server({**env, **extra}, workers, workdir / f"uvicorn-{mode}.log")
    results, checks = [], []
    log(f"mode {mode}: starting uvicorn ({workers} worker{'s' if workers > 1 else ''}) on port {server.port}")
    server.start()
    try:
        for page, path in pages:
            url = server.base + path
            checks.append(check(server, page, path, mode))
            if checks[-1].status != 200:
                raise BenchError(f"{url} answered {checks[-1].status}")
            if time.monotonic() + WARMUP + DURATION > deadline:
                log(f"  skipped {page}: the run would exceed {BUDGET_SECONDS} s")
                results.append(Result(page, path, mode, errors=["skipped (time budget)"]))
                continue
            if WARMUP:
                wrk(url, WARMUP)
            cpu_before = group_cpu_seconds(server.proc.pid)
            result = parse_wrk(wrk(url, DURATION), Result(page, path, mode))
            if result.requests:
                result.cpu_ms = (group_cpu_seconds(server.proc.pid) - cpu_before) * 1000 / result.requests
            results.append(result)
            log(
                f"  {page:<40} {result.rps:8.1f} req/s  p50 {result.p50_ms:6.1f} ms  "
                f"p99 {result.p99_ms:6.1f} ms  CPU {result.cpu_ms:.2f} ms/req"
                + (f"  ({', '.join(result.errors)})" if result.errors else "")
            )
    finally:
        server.stop()
    return results, checks


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def yardstick_ms() -> float:
    """A fixed piece of pure Python, best of 5 (ms): the same code costs more on a slower or busier
    machine, so runs on different days can be set side by side (a run's figures scale roughly with it)."""
    best = math.inf
    for _ in range(5):
        started = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def machine_info() -> dict[str, str]:
    def run(*cmd: str) -> str:
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=10, check=False)
            return proc.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "?"

    commit = run("git", "rev-parse", "--short", "HEAD") or "?"
    if run("git", "status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    django = run(str(PYTHON), "-c", "import django; print(django.get_version())")
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": run("nproc"),
        "cpu": cpu_model(),
        "Python yardstick (1M squares summed, best of 5)": f"{yardstick_ms():.0f} ms",
        "load average before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "django": django,
        "wrk": (run("wrk", "--version").splitlines() or ["?"])[0].split(" Copyright")[0].removeprefix("wrk "),
        "commit": commit,
    }


def render(results: list[Result], checks: list[Check], info: dict[str, str], modes: list[str]) -> str:
    target = f"≥{TARGET_RPS:.0f} req/s, p99 <{TARGET_P99_MS:.0f} ms"
    lines = [
        "## Public pages under load (`make bench`)",
        "",
        f"`wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s --latency` per page after a {WARMUP} s warm-up; "
        f"uvicorn (uvloop, httptools), DEBUG off, SQLite; {ORGANISATIONS:,} example organisations, "
        f"{PEOPLE:,} example people, {COUNTRIES} example countries on top of the Alliance's facts.",
        "",
        "Modes: " + "; ".join(f"**{m}**: {MODES[m][0]}" for m in modes) + ".",
        "",
        "| page | mode | req/s | p50 ms | p99 ms | server CPU ms/req | target | result |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        # The target is for the platform as configured; the uncached rows show what a render costs.
        reference = r.mode.startswith("uncached")
        if r.errors and not r.requests:
            verdict = "FAIL (" + ", ".join(r.errors) + ")"
        elif reference:
            verdict = "reference" + (f" ({', '.join(r.errors)})" if r.errors else "")
        else:
            verdict = ("pass" if r.passed else "FAIL") + (f" ({', '.join(r.errors)})" if r.errors else "")
        lines.append(
            f"| {r.page} (`{r.url}`) | {r.mode} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
            f"{r.cpu_ms:.2f} | {'— (render cost)' if reference else target} | {verdict} |"
        )
    lines += [
        "",
        "What an anonymous visitor gets back (the second of two plain requests, before the load; with 2 "
        "workers each has its own in-memory cache, so the second request may be the other worker's first):",
        "",
        "| page | mode | status | bytes | Set-Cookie | X-Public-Page-Cache | Vary |",
        "|---|---|---:|---:|---|---|---|",
    ]
    lines += [
        f"| {c.page} | {c.mode} | {c.status} | {c.size:,} | {c.set_cookie or '—'} | {c.cache_header or '—'} | "
        f"{c.vary or '—'} |"
        for c in checks
    ]
    if any(c.cache_header == "stored" for c in checks if MODES[c.mode][1].get("PUBLIC_PAGE_CACHE_SECONDS") == "0"):
        lines += [
            "",
            "With `PUBLIC_PAGE_CACHE_SECONDS=0` the middleware still marks responses `X-Public-Page-Cache: "
            "stored` (and hands them to the cache with a timeout of 0, which Django treats as already "
            "expired, so nothing is served from it). The header is also on every cache hit, so it cannot tell "
            "a hit from a miss: the CPU column can (a hit costs a small fraction of a render).",
        ]
    lines += [
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
        "The machine is shared: wrk (2 threads) runs on the same cores as uvicorn, and other jobs may run "
        "too, so treat req/s and latency as a noisy floor and compare rows of the same run. *Server CPU "
        "ms/req* (user + system time of the uvicorn processes during the run, divided by the requests "
        "served) moves less with the noise: 1,000 divided by it is what one fully free core could serve.",
    ]
    return "\n".join(lines) + "\n"


def write_docs(section: str, start: str = START, end: str = END) -> None:
    block = f"{start}\n{section}{end}\n"
    text = DOCS.read_text() if DOCS.exists() else INTRO
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + block + (("\n" + after) if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(text)


def preflight(modes: list[str], known: dict) -> str:
    """What stops a benchmark before it starts (an unknown mode, wrk or uvicorn missing), or ""."""
    if unknown := [m for m in modes if m not in known]:
        return f"bench: unknown mode(s) {unknown}; known: {list(known)}"
    if not shutil.which("wrk"):
        return "bench: wrk is not installed (apt-get install wrk)"
    if not UVICORN.exists():
        return f"bench: {UVICORN} is missing (make install)"
    return ""


def terminate(signum, _frame):
    # Unwind through the finally blocks, so the server's process group is stopped on SIGTERM too.
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    started = time.monotonic()
    deadline = started + BUDGET_SECONDS - 5
    modes = [m.strip() for m in os.environ.get("BENCH_MODES", DEFAULT_MODES).split(",") if m.strip()]
    if problem := preflight(modes, MODES):
        print(problem, file=sys.stderr)
        return 2
    info = machine_info()
    workdir = Path(tempfile.mkdtemp(prefix="a87-bench-"))
    results: list[Result] = []
    checks: list[Check] = []
    try:
        env, pages = prepare(workdir)
        for mode in modes:
            mode_results, mode_checks = run_mode(mode, env, pages, workdir, deadline)
            results += mode_results
            checks += mode_checks
    except (BenchError, subprocess.SubprocessError, OSError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    section = render(results, checks, info, modes)
    print(section)
    if os.environ.get("BENCH_NO_DOCS") != "1":
        write_docs(section)
        log(f"written to {DOCS.relative_to(ROOT)}")
    log(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    network = main()
    # Then the Pathfinder pages, on their own synthetic data (195 countries; see bench/pathfinders.py).
    pathfinders = subprocess.call([str(PYTHON), str(Path(__file__).with_name("pathfinders.py"))], cwd=ROOT)
    sys.exit(network or pathfinders)
