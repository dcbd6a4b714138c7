"""At a phone's width (390 px) the pages fit: nothing makes the whole page scroll sideways."""

import pytest

pytestmark = pytest.mark.browser

MOBILE = {"width": 390, "height": 844}


@pytest.mark.parametrize("path", ["/", "/partners/", "/pathfinders/"])
def test_page_at_mobile_width_does_not_scroll_horizontally(visitor_page, path):
    page = visitor_page(MOBILE)
    page.goto(path)
    page.evaluate("() => document.fonts.ready")

    widths = page.evaluate(
        """() => ({
            scroll: document.documentElement.scrollWidth,
            viewport: window.innerWidth,
            widest: [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5)
                .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')),
        })"""
    )
    assert widths["scroll"] <= widths["viewport"] + 1, (
        f"{path} is {widths['scroll']} px wide at {widths['viewport']} px; sticking out: {widths['widest']}"
    )


@pytest.mark.parametrize("path", ["/", "/partners/"])
def test_main_navigation_at_mobile_width_shows_every_link(visitor_page, path):
    page = visitor_page(MOBILE)
    page.goto(path)
    page.evaluate("() => document.fonts.ready")
    nav = page.get_by_role("navigation", name="Main")

    for link in nav.get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"], (
            f"“{link.inner_text()}” is cut off or hidden at {MOBILE['width']} px: {box}"
        )
