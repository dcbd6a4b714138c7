"""Charts as inline SVG, drawn on the server, for pages and PDFs alike (WeasyPrint draws inline SVG).

Every chart is an image with a name and a description (``role="img"``, ``<title>``, ``<desc>``) and comes
with its table (``Chart.table``): pages print the table beside the chart (and offer it as CSV), so nothing
is told by the picture alone. Series are told apart by the shape of their marks and a dash as well as by
colour, so a chart printed in grey or read by someone who does not see colours still reads.

Numbers on the axes are written with the reader's digits (``formats.number_format``); the drawing itself
stays left to right in every language (``direction="ltr"``): a time axis runs from the left in Arabic
publications too.

Use::

    chart = charts.line_chart(
        [charts.Line("World", [(2000, 246.0), (2016, 152.0)])],
        title=_("Children in child labour, millions"), unit="millions",
    )
    {{ chart.svg }}  {# then a <table> from chart.table #}
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe

# Colours with at least 3:1 contrast on white (WCAG 1.4.11 for graphics), with a dash and a mark each.
PALETTE = ("#0b5394", "#b45309", "#15803d", "#7e22ce", "#b91c1c", "#0f766e", "#4b5563", "#a21caf")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3")
MARKS = ("circle", "square", "triangle", "diamond", "circle", "square", "triangle", "diamond")

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


@dataclass
class Line:
    name: str
    points: list[tuple[int | float, float | Decimal | None]]  # (x, y); y None: no value that year


@dataclass
class Bar:
    label: str
    value: float | Decimal | None
    text: str = ""  # the value as the table beside the chart prints it ("6.0" as its source wrote it)


@dataclass
class Chart:
    svg: SafeString
    title: str
    header: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    # Where the figures come from and the date they hold for (a date, or a year); a key for its CSV lines.
    key: str = ""
    source: str = ""
    as_of: object = None

    @property
    def table(self) -> dict:
        return {"header": self.header, "rows": self.rows}


def _number(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    value = float(value)
    if value == int(value):  # a count, or a round figure: no decimals to read past
        return formats.number_format(int(value), use_l10n=True, force_grouping=True)
    return formats.number_format(round(value, digits), digits, use_l10n=True, force_grouping=True)


def _nice_max(top: float) -> float:
    if top <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * power:
            return step * power
    return 10 * power


def _mark(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _frame(title: str, description: str, body: list[str], chart_id: str) -> SafeString:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" direction="ltr" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg" font-size="12" '
        f'font-family="inherit"><title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def _scale(values: list[float]) -> tuple[float, int]:
    """The top of the axis and how many steps up to it, so every tick is a round number: 250 in five steps of
    50, not four of 62.5; counts (whole numbers) only on whole ticks (a top of 3 in three steps of 1)."""
    highest = max(values) if values else 1.0
    if values and all(float(v).is_integer() for v in values) and highest <= 5:
        top = max(1, int(highest))
        return float(top), top
    top = _nice_max(highest)
    leading = top / 10 ** math.floor(math.log10(top))
    return top, {1: 5, 2: 4, 2.5: 5, 5: 5, 10: 5}.get(round(leading, 1), 4)


def _axis(top: float, body: list[str], steps: int = 4) -> None:
    plot_h = HEIGHT - TOP - BOTTOM
    # One style for every tick: whole numbers when every tick is one, else one decimal each (2.5, 5.0, 7.5).
    whole = all(float(top * i / steps).is_integer() for i in range(steps + 1))
    for i in range(steps + 1):
        value = top * i / steps
        y = TOP + plot_h - plot_h * i / steps
        body.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d1d5db"/>')
        tick = formats.number_format(value, 0 if whole else 1, use_l10n=True, force_grouping=True)
        body.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#374151">{escape(tick)}</text>')


def line_chart(lines: list[Line], *, title: str, description: str = "", chart_id: str = "chart") -> Chart:
    """Lines over years. ``description`` is read out with the title (say what the chart shows)."""
    xs = sorted({x for line in lines for x, _y in line.points})
    ys = [float(y) for line in lines for _x, y in line.points if y is not None]
    top, steps = _scale(ys)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = (xs[-1] - xs[0]) if len(xs) > 1 else 1

    def px(x):
        return LEFT + (plot_w * (x - xs[0]) / span if len(xs) > 1 else plot_w / 2)

    def py(y):
        return TOP + plot_h - plot_h * float(y) / top

    body: list[str] = []
    _axis(top, body, steps)
    step = max(1, math.ceil(len(xs) / 10))
    for x in xs[::step]:
        body.append(f'<text x="{px(x):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" fill="#374151">{x}</text>')
    for i, line in enumerate(lines):
        colour, dash, mark = PALETTE[i % 8], DASHES[i % 8], MARKS[i % 8]
        points = [(px(x), py(y)) for x, y in sorted(line.points) if y is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        body.extend(_mark(mark, x, y, colour) for x, y in points)
    height = HEIGHT
    if len(lines) > 1:  # a legend under the axis (never over the lines), in the drawing's left-to-right order
        for i, line in enumerate(lines):
            y = HEIGHT + 4 + 18 * i
            dash = f' stroke-dasharray="{DASHES[i % 8]}"' if DASHES[i % 8] else ""
            colour = PALETTE[i % 8]
            body.append(
                f'<line x1="{LEFT}" x2="{LEFT + 28}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2"{dash}/>'
            )
            body.append(_mark(MARKS[i % 8], LEFT + 14, y, PALETTE[i % 8]))
            body.append(f'<text x="{LEFT + 36}" y="{y + 4}" fill="#111827">{escape(line.name)}</text>')
        height = HEIGHT + 18 * len(lines) + 4
    header = [""] + [line.name for line in lines]
    values = {line.name: dict(line.points) for line in lines}
    rows = [[x] + [values[line.name].get(x) for line in lines] for x in xs]
    svg = _frame(title, description, body, chart_id)
    if height != HEIGHT:
        svg = mark_safe(svg.replace(f'viewBox="0 0 {WIDTH} {HEIGHT}"', f'viewBox="0 0 {WIDTH} {height}"', 1))
    return Chart(svg=svg, title=title, header=header, rows=rows)


def bar_chart(bars: list[Bar], *, title: str, description: str = "", chart_id: str = "chart") -> Chart:
    """Horizontal bars, one per label (long labels, such as region names, stay readable)."""
    ys = [float(b.value) for b in bars if b.value is not None]
    top, _steps = _scale(ys)
    label_w = 230
    plot_w = WIDTH - label_w - RIGHT - 48
    row_h = max(18, min(32, (HEIGHT - TOP - 8) // max(1, len(bars))))
    body: list[str] = []
    for i, bar in enumerate(bars):
        y = TOP + i * row_h
        body.append(
            f'<text x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end" fill="#111827">'
            f"{escape(bar.label[:40])}</text>"
        )
        if bar.value is not None:
            w = plot_w * float(bar.value) / top
            body.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{PALETTE[0]}"/>'
                f'<text x="{label_w + w + 6:.1f}" y="{y + row_h / 2 + 4:.1f}" fill="#111827">'
                f"{escape(bar.text or _number(bar.value))}</text>"
            )
    svg = _frame(title, description, body, chart_id).replace(
        f'viewBox="0 0 {WIDTH} {HEIGHT}"', f'viewBox="0 0 {WIDTH} {TOP + row_h * len(bars) + 8}"'
    )
    return Chart(svg=mark_safe(svg), title=title, header=["", title], rows=[[b.label, b.value] for b in bars])
