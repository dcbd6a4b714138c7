"""Reading a page in a language as a visitor does, and the checks every page read must pass."""

from playwright.sync_api import Page, expect


def read_in(tab: Page, language: str, path: str) -> None:
    """``path`` in ``language``: English is chosen through its link, since the session remembers the last."""
    tab.goto(f"/language/en/?next={path}" if language == "en" else f"/{language}{path}")


def looks_right(tab: Page, axe, language: str) -> None:
    """The page runs in the direction of ``language``, passes axe and scrolls nothing sideways."""
    expect(tab.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    axe(tab)
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{tab.url} scrolls sideways by {overflow}px"
