"""Take the README's screenshots from a running demo (`make run`, or any server with the demo data).

    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]

Uses Debian's Chromium through Playwright. The secretariat's /me/ needs its two-factor code: the script
asks `alliance87 demo-totp-code` for it (same environment as the server, so run it with DEMO=1 and the
server's DATABASE_URL).
"""

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
PASSWORD = "alliance87-demo"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def sign_in(page, email: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if "/2fa/" in page.url:
        code = (
            subprocess.run(
                [str(Path(sys.executable).parent / "alliance87"), "demo-totp-code"],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .split()[-1]
        )
        page.get_by_label("Code").fill(code)
        page.get_by_label("Code").press("Enter")
    page.goto(f"{BASE}/me/")


def arabic(browser) -> None:
    """Arabic, right to left: the home page, the side event's programme and the banner's phone page, in a
    browser of its own (reading Arabic is remembered, and would send the other shots' addresses there)."""
    context = browser.new_context(viewport=DESKTOP, locale="ar-MA")
    desktop = context.new_page()
    desktop.goto(f"{BASE}/ar/")
    desktop.screenshot(path=OUT / "ar-home.png")
    desktop.goto(f"{BASE}/ar/events/alliance-87-10-years-of-partnership-and-action/")
    desktop.evaluate("document.getElementById('programme-title').scrollIntoView(); window.scrollBy(0, -24)")
    desktop.screenshot(path=OUT / "ar-programme.png")
    phone = context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(f"{BASE}/ar/artwork/10-years/")
    phone.screenshot(path=OUT / "ar-phone.png")
    context.close()


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        desktop = browser.new_page(viewport=DESKTOP)
        desktop.goto(f"{BASE}/")
        desktop.screenshot(path=OUT / "home.png")
        desktop.goto(f"{BASE}/events/")
        desktop.screenshot(path=OUT / "events.png")
        phone = browser.new_page(viewport=PHONE, device_scale_factor=2)
        phone.goto(f"{BASE}/fr/")
        phone.screenshot(path=OUT / "home-mobile.png")
        for email, name in (
            ("secretariat@demo.alliance87.test", "me-secretariat.png"),
            ("safeguarding@demo.alliance87.test", "me-safeguarding.png"),
        ):
            context = browser.new_context(viewport=DESKTOP)
            page = context.new_page()
            sign_in(page, email)
            page.screenshot(path=OUT / name, full_page=True)
            context.close()
        arabic(browser)
        browser.close()
    print(f"Screenshots written to {OUT}")


if __name__ == "__main__":
    main()
