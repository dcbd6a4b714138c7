"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against pytest-django's live server.

One browser for the whole session. Tests that sign in, type or click get a fresh context each
(`page`, `open_page`); read-only checks over many pages share one anonymous tab per viewport
(`visitor_page`). Every test has the real Alliance data loaded and committed, so the live
server's thread sees it.
"""

import os
import threading
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the main thread; Django's ORM refuses to run in a
# thread with a running loop unless told it is safe (it is: the loop only drives the browser).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

from alliance87.testing import PASSWORD  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
AXE_SOURCE = AXE_JS.read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000


def _wait_for_live_server_requests(timeout: float = 5.0) -> None:
    """Wait until the live server's request threads have ended (and closed their database connections).

    A request thread lives as long as the browser keeps its connection alive, and holds a database
    connection until then (CONN_MAX_AGE on PostgreSQL), which would stop the test database from
    being dropped at the end of the session.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any("process_request_thread" in thread.name for thread in threading.enumerate()):
            return
        time.sleep(0.05)


@pytest.fixture(scope="session")
def browser(django_db_setup, live_server) -> Browser:
    # Set up after the test database and the live server, so torn down before them: the browser
    # closes its kept-alive connections, the server's request threads end and let go of the
    # database connection, then the server stops and the test database is dropped.
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (run `make browser-deps`)")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()
    playwright.stop()
    _wait_for_live_server_requests()


@pytest.fixture
def site(live_server, transactional_db, alliance, settings) -> str:
    """The live server's address, with the real Alliance data loaded."""
    if settings.SECURE_SSL_REDIRECT:
        pytest.fail(
            "The live server is plain HTTP but SECURE_SSL_REDIRECT is on: "
            "run the browser tests with SECURE_COOKIES=False (the default under pytest)."
        )
    # Each sign-in test creates a user and signs in; the default PBKDF2 costs up to a second per
    # hash on a busy CI machine, and hashing is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return live_server.url


# What Chromium says on the console when the Content-Security-Policy refuses something on a page.
CSP_REFUSALS: list[str] = []


def _note_csp_refusal(message) -> None:
    if "Content Security Policy" in message.text:
        CSP_REFUSALS.append(f"{message.page.url if message.page else '?'}: {message.text}")


def _new_context(browser: Browser, base_url: str, viewport: dict, **options) -> BrowserContext:
    context = browser.new_context(base_url=base_url, viewport=viewport, locale="en-GB", **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.on("console", _note_csp_refusal)
    return context


@pytest.fixture(autouse=True)
def _no_csp_refusal():
    """Every browser test also checks that the pages it opened ran under the policy without a refusal
    (an inline script or style, a resource from elsewhere): security_headers.PAGE_POLICY."""
    CSP_REFUSALS.clear()
    yield
    if CSP_REFUSALS:
        refusals = "\n".join(CSP_REFUSALS[:10])
        CSP_REFUSALS.clear()
        pytest.fail(f"The Content-Security-Policy refused something:\n{refusals}")


@pytest.fixture
def open_page(tabs_on, site):
    """`open_page(viewport, **context_options)`: a fresh tab in its own context (no cookies, no storage).

    Context options pass through to Playwright, e.g. ``java_script_enabled=False``. Every
    context opened is closed after the test.
    """
    tab = tabs_on(site)
    return lambda viewport=None, **options: tab(None, viewport, **options)


@pytest.fixture
def tabs_on(browser):
    """`tabs_on(base_url)` gives `tab(user=None, viewport=DESKTOP, **options)`: a new tab in its own context on
    ``base_url`` (the live server, or an ASGI server), signed in as ``user`` when one is given. Every
    context opened is closed after the test."""
    from django.conf import settings
    from django.test import Client

    contexts = []

    def on(base_url: str):
        def _open(user=None, viewport=None, **options) -> Page:
            context = _new_context(browser, base_url, viewport or DESKTOP, **options)
            contexts.append(context)
            if user is not None:
                client = Client()
                client.force_login(user)
                cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
            return context.new_page()

        return _open

    yield on
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def _visitor_tabs(browser):
    tabs: dict[tuple[int, int], Page] = {}
    yield tabs
    for tab in tabs.values():
        tab.context.close()


@pytest.fixture
def visitor_page(browser, _visitor_tabs, site):
    """`visitor_page(viewport)`: an anonymous visitor's tab, kept open for the session at that viewport.

    A new context costs up to a second on a loaded machine; read-only checks (axe, layout) over
    many pages share one tab per viewport instead. Cookies are cleared after each test.
    """
    used = []

    def _get(viewport: dict | None = None) -> Page:
        viewport = viewport or DESKTOP
        key = (viewport["width"], viewport["height"])
        if key not in _visitor_tabs:
            _visitor_tabs[key] = _new_context(browser, site, viewport).new_page()
        used.append(_visitor_tabs[key])
        return _visitor_tabs[key]

    yield _get
    for tab in used:
        tab.context.clear_cookies()


@pytest.fixture
def page(open_page) -> Page:
    """A fresh desktop-width tab (1280×900) on the live server; `page.goto("/partners/")` works."""
    return open_page(DESKTOP)


@pytest.fixture
def password() -> str:
    """The password every user of the cast has."""
    return PASSWORD


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {target}: {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def run_axe(page: Page) -> list[dict]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page; fail on any serious or critical violation.

    Returns all violations (minor and moderate included) for a caller that wants to look at them.
    """
    # Evaluated through the driver, not added as an inline <script> the page's policy would refuse; once
    # per document (compiling axe costs a few tenths of a second; a second check of the same page after
    # an in-place change reuses it).
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(AXE_SOURCE)
    # The same rules on the same document; only the violations are built and sent back: building the
    # passes and inapplicable results (a selector for every passing node) took three quarters of the time.
    violations = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then((results) => results.violations)",
        AXE_TAGS,
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(f"axe: serious or critical violations on {page.url}:\n{format_violations(blocking)}")
    return violations


@pytest.fixture
def axe():
    """`axe(page)`: fail on any serious or critical WCAG 2.1 A/AA violation axe-core finds on the page."""
    return run_axe
