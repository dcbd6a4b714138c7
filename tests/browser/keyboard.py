"""Moving through a page as a keyboard user does (the browser tests import these by name)."""

from playwright.sync_api import Locator, Page

MAX_TABS = 80


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("(el) => el === document.activeElement")


def tab_to(page: Page, locator: Locator, key: str = "Tab", max_tabs: int = MAX_TABS) -> int:
    """Press Tab (or Shift+Tab) until ``locator`` has the focus; return how many presses it took."""
    for presses in range(1, max_tabs + 1):
        page.keyboard.press(key)
        if is_focused(locator):
            return presses
    focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{locator} not reached in {max_tabs} presses of {key}; focus is on {focused}")
