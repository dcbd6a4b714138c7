"""``{% icon "search" %}``: a Lucide icon inlined as SVG, hidden from screen readers (text says it)."""

from functools import cache
from pathlib import Path

from django import template
from django.utils.safestring import mark_safe

register = template.Library()
ICONS = Path(__file__).parent / "templates" / "icons"


@cache
def _svg(name: str) -> str:
    svg = (ICONS / f"{name}.svg").read_text()
    svg = svg[svg.index("<svg") :]
    return svg.replace("<svg", '<svg aria-hidden="true" focusable="false" class="icon"', 1).replace(
        'class="lucide', 'data-icon="lucide', 1
    )


@register.simple_tag
def icon(name: str) -> str:
    return mark_safe(_svg(name))  # noqa: S308 -- our own shipped SVG files, never user input
