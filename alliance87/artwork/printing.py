"""The banner as a picture: SVG for screens and print, a print-ready PDF at physical size, a PNG at 150 dpi.

Every picture is drawn from one public state (``snapshot.state``): the live wall's, or the banner as it
was at a given time, less what moderators have taken down since. The geometry is in millimetres: the
banner's physical width and height, its grid, each cell inset by a thin gap so the mosaic reads as tiles.
Empty cells stay visible: the letters' cells in a tint, the background in a neutral, so the text can be
read before anyone has added a mark.

The SVG is built with ElementTree: every word a contributor wrote is an escaped text node, never markup.
Filled cells are one ``<path>`` per colour and the drawings one ``<path>`` per ink, so 20,000 cells make
a dozen elements, which keeps browsers, WeasyPrint and print RIPs fast.

The PDF (WeasyPrint) is the master print: the banner at its size plus 1 cm of bleed on every side (the
edge cells and the background run into it), crop marks, the trim box at the banner's size; then, with
``legend``, the messages on pages of the same size, each with its cell and colour. The PNG (Pillow) is
a palette image at 150 dpi (300 cm make 17,717 pixels; about 105 MB while drawn), capped at
``PNG_MAX_PIXELS``: a larger banner gets a lower resolution, written in the file.
"""

from __future__ import annotations

import io
import math
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from alliance87 import dates
from alliance87 import pdf as pdf_files

from . import snapshot
from .models import Banner

SVG_NS = "http://www.w3.org/2000/svg"
BLEED_MM = 10.0
PNG_DPI = 150
PNG_MAX_PIXELS = 120_000_000  # 300 × 100 cm at 150 dpi is 104.6 million pixels

# Two looks: the wall (dark, for venue screens) and print (light paper).
LOOKS = {
    "screen": {"background": "#121217", "empty": "#22222B", "letter": "#4A2A37", "gap": 0.08},
    "print": {"background": "#FFFFFF", "empty": "#EEEEF1", "letter": "#EBC9D3", "gap": 0.05},
}
DARK_INK, LIGHT_INK = "#1B1B1F", "#FFFFFF"


@dataclass(frozen=True)
class Geometry:
    """Millimetres: the banner's size, its grid, and the gap between tiles."""

    width: float
    height: float
    columns: int
    rows: int
    gap_share: float

    @classmethod
    def of(cls, state: dict, look: str) -> Geometry:
        return cls(
            state["width_cm"] * 10.0, state["height_cm"] * 10.0, state["columns"], state["rows"], LOOKS[look]["gap"]
        )

    @property
    def cell_w(self) -> float:
        return self.width / self.columns

    @property
    def cell_h(self) -> float:
        return self.height / self.rows

    @property
    def gap(self) -> float:
        return self.gap_share * min(self.cell_w, self.cell_h)

    def tile(self, x: int, y: int, bleed: float = 0.0) -> tuple[float, float, float, float]:
        """The tile of cell (x, y): left, top, width, height; edge tiles run into the bleed."""
        half = self.gap / 2
        left, top = x * self.cell_w + half, y * self.cell_h + half
        right, bottom = (x + 1) * self.cell_w - half, (y + 1) * self.cell_h - half
        if bleed:
            left = -bleed if x == 0 else left
            top = -bleed if y == 0 else top
            right = self.width + bleed if x == self.columns - 1 else right
            bottom = self.height + bleed if y == self.rows - 1 else bottom
        return left, top, right - left, bottom - top

    def to_dict(self) -> dict:
        return {"width": self.width, "height": self.height, "columns": self.columns, "rows": self.rows, "gap": self.gap}


def _n(value: float) -> str:
    """A coordinate, short: 12.5, 3, 0.083."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _rect_path(tiles) -> str:
    return "".join(f"M{_n(x)} {_n(y)}h{_n(w)}v{_n(h)}h{_n(-w)}z" for x, y, w, h in tiles)


def ink_for(colour: str) -> str:
    """Dark or light strokes, whichever reads better on ``colour`` (relative luminance, WCAG)."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return DARK_INK if luminance > 0.30 else LIGHT_INK


def drawing_box(geometry: Geometry, x: int, y: int, *, with_text: bool) -> tuple[float, float, float, float]:
    """Where a drawing goes inside its tile: a margin all round, the lower part left to micro-text."""
    left, top, width, height = geometry.tile(x, y)
    inset = 0.12 * min(width, height)
    box_h = (height - 2 * inset) * (0.72 if with_text else 1)
    return left + inset, top + inset, width - 2 * inset, box_h


def _drawing_path(strokes, box) -> str:
    left, top, width, height = box
    parts = []
    for stroke in strokes or []:
        points = [(left + px * width, top + py * height) for px, py in stroke]
        if len(points) == 1:  # a dot: a zero-length line with round caps
            points.append(points[0])
        head, *tail = points
        parts.append(f"M{_n(head[0])} {_n(head[1])}" + "".join(f"L{_n(px)} {_n(py)}" for px, py in tail))
    return "".join(parts)


def _is_rtl(text: str) -> bool:
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def _two_lines(text: str, width: int = 40) -> list[str]:
    if len(text) <= width:
        return [text]
    cut = text.rfind(" ", 0, width + 1)
    cut = cut if cut > width // 2 else width
    return [text[:cut].strip(), text[cut:].strip()]


def mosaic_svg(
    state: dict,
    *,
    look: str = "print",
    bleed: float = 0.0,
    micro_text: bool = False,
    physical: bool = True,
    label: str = "",
    underlay: bool = False,
) -> ET.Element:
    """The mosaic as an SVG element tree (see the module's docstring). ``bleed`` in millimetres.

    ``underlay``: draw every empty tile, filled or not, under the colours (the wall's script can then
    take a colour away and the empty tile shows again); ``physical``: width and height in millimetres.
    """
    geometry = Geometry.of(state, look)
    colours = LOOKS[look]
    width, height = geometry.width + 2 * bleed, geometry.height + 2 * bleed
    attributes = {
        "xmlns": SVG_NS,
        "viewBox": f"{_n(-bleed)} {_n(-bleed)} {_n(width)} {_n(height)}",
        "class": f"mosaic mosaic-{look}",
        "preserveAspectRatio": "xMidYMid meet",
    }
    if physical:
        attributes.update(width=f"{_n(width)}mm", height=f"{_n(height)}mm")
    if label:
        attributes.update(role="img", **{"aria-label": label})
    svg = ET.Element("svg", attributes)
    if label:
        ET.SubElement(svg, "title").text = label
    ET.SubElement(
        svg,
        "rect",
        {"x": _n(-bleed), "y": _n(-bleed), "width": _n(width), "height": _n(height), "fill": colours["background"]},
    )
    filled: dict[tuple[int, int], dict] = {}
    for contribution in state["contributions"]:
        filled[(contribution["x"], contribution["y"])] = contribution
    mask = state["mask"]
    empty, letters = [], []
    by_colour: dict[str, list] = {}
    for y in range(geometry.rows):
        row = mask[y] if y < len(mask) else ""
        for x in range(geometry.columns):
            tile = geometry.tile(x, y, bleed)
            if (x, y) in filled:
                by_colour.setdefault(filled[(x, y)]["colour"].upper(), []).append(tile)
                if not underlay:
                    continue
            (letters if x < len(row) and row[x] == "1" else empty).append(tile)
    ET.SubElement(svg, "path", {"class": "cells-empty", "fill": colours["empty"], "d": _rect_path(empty)})
    ET.SubElement(svg, "path", {"class": "cells-letter", "fill": colours["letter"], "d": _rect_path(letters)})
    filled_group = ET.SubElement(svg, "g", {"class": "cells-filled"})
    for colour in sorted(by_colour):
        ET.SubElement(filled_group, "path", {"data-colour": colour, "fill": colour, "d": _rect_path(by_colour[colour])})
    stroke = _n(max(0.2, 0.045 * min(geometry.cell_w, geometry.cell_h)))
    inks: dict[str, list[str]] = {}
    for contribution in filled.values():
        if contribution.get("drawing"):
            box = drawing_box(
                geometry, contribution["x"], contribution["y"], with_text=micro_text and bool(contribution["message"])
            )
            inks.setdefault(ink_for(contribution["colour"]), []).append(_drawing_path(contribution["drawing"], box))
    drawings = ET.SubElement(svg, "g", {"class": "drawings"})
    for ink in sorted(inks):
        ET.SubElement(
            drawings,
            "path",
            {
                "data-ink": ink,
                "fill": "none",
                "stroke": ink,
                "stroke-width": stroke,
                "stroke-linecap": "round",
                "stroke-linejoin": "round",
                "d": "".join(inks[ink]),
            },
        )
    if micro_text:
        _add_micro_text(svg, geometry, filled.values())
    return svg


def _add_micro_text(svg: ET.Element, geometry: Geometry, contributions) -> None:
    """Each message in tiny letters at the foot of its tile (up to two lines of 40 characters)."""
    size = min(geometry.cell_w * 0.9 / (40 * 0.55), geometry.cell_h * 0.11)
    group = ET.SubElement(
        svg, "g", {"class": "micro-text", "font-family": "Noto Sans, sans-serif", "font-size": _n(size)}
    )
    for contribution in contributions:
        message = contribution.get("message") or ""
        if not message:
            continue
        left, top, width, height = geometry.tile(contribution["x"], contribution["y"])
        lines = _two_lines(message)
        rtl = _is_rtl(message)
        ink = ink_for(contribution["colour"])
        for index, line in enumerate(lines):
            baseline = top + height - size * (0.6 + 1.2 * (len(lines) - 1 - index))
            attributes = {"x": _n(left + width * (0.95 if rtl else 0.05)), "y": _n(baseline), "fill": ink}
            if rtl:
                attributes.update(direction="rtl", **{"text-anchor": "start"})
            ET.SubElement(group, "text", attributes).text = line


def svg_markup(element: ET.Element) -> str:
    """The element as markup for a page (no XML declaration)."""
    return ET.tostring(element, encoding="unicode")


def _state(banner: Banner, at: datetime | None) -> dict:
    """What a print shows: everything approved (no wall delay, no freeze), now or as it was at ``at``."""
    return snapshot.state(banner, at=at) if at is not None else snapshot.state(banner, through=banner.last_seq)


def banner_svg(banner: Banner, at: datetime | None = None, *, micro_text: bool = True) -> bytes:
    """The banner at physical size (millimetres), now or as it was at ``at``, as an SVG file."""
    state = _state(banner, at)
    svg = mosaic_svg(state, look="print", micro_text=micro_text, label=_label(banner, state))
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(svg, encoding="utf-8", xml_declaration=False)


def _label(banner: Banner, state: dict) -> str:
    return _("%(title)s: %(count)s contributions") % {"title": banner.title, "count": state["count"]}


# --- PDF -------------------------------------------------------------------------------------------

PT_PER_MM = 72 / 25.4

# The legend's pages: the banner's size, columns of messages packed here (WeasyPrint's own columns cost
# several times more), sizes in centimetres and points.
LEGEND_MARGIN_CM = (8.0, 10.0, 10.0, 10.0)  # top, right, bottom, left
LEGEND_FONT_PT = 28
LEGEND_LINE = 1.3
LEGEND_GAP_CM = 4.0
LEGEND_COLUMN_CM = 36.0
LEGEND_ITEM_SPACE_CM = 0.45
LEGEND_HEADING_CM = 9.0  # the title and the introduction on the first page


def cell_name(x: int, y: int) -> str:
    """A cell's name on the legend: column and row counted from 1 at the top left."""
    return f"{x + 1}·{y + 1}"


def legend_items(state: dict) -> list[dict]:
    """The messages, in the banner's reading order (rows from the top, then columns)."""
    names = dict(countries)
    items = []
    for c in sorted(state["contributions"], key=lambda c: (c["y"], c["x"])):
        if not c.get("message"):
            continue
        who = ", ".join(part for part in (c.get("first_name", ""), str(names.get(c.get("country"), ""))) if part)
        cell = cell_name(c["x"], c["y"])
        line = f"{cell}\u2003{c['message']}" + (f" — {who}" if who else "")
        items.append({"cell": cell, "message": c["message"], "who": who, "line": line})
    return items


def _text_width_em(text: str) -> float:
    """A generous estimate of a text's width in em (wide scripts count double), to pack columns."""
    return sum(1.1 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)


def legend_pages(items: list[dict], width_cm: float, height_cm: float) -> list[list[dict]]:
    """Pages of columns (``left``, ``top`` in cm inside the margins, ``items``), filled column by column;
    each item's height estimated from its length, generously."""
    top, right, bottom, left = LEGEND_MARGIN_CM
    usable_w, usable_h = width_cm - left - right, height_cm - top - bottom
    columns = max(1, int((usable_w + LEGEND_GAP_CM) // (LEGEND_COLUMN_CM + LEGEND_GAP_CM)))
    em_cm = LEGEND_FONT_PT / 72 * 2.54
    line_cm = em_cm * LEGEND_LINE
    per_line = LEGEND_COLUMN_CM / em_cm  # in em
    pages: list[list[list[dict]]] = []
    page: list[list[dict]] = [[]]
    room = usable_h - LEGEND_HEADING_CM
    for item in items:
        height = max(1, math.ceil(_text_width_em(item["line"]) / per_line)) * line_cm + LEGEND_ITEM_SPACE_CM
        if height > room and page[-1]:
            if len(page) == columns:
                pages.append(page)
                page = []
            page.append([])
            room = usable_h
        page[-1].append(item)
        room -= height
    if page[-1]:
        pages.append(page)
    step = LEGEND_COLUMN_CM + LEGEND_GAP_CM
    return [
        [
            {"left": _n(i * step), "top": _n(LEGEND_HEADING_CM if p == 0 else 0), "items": column}
            for i, column in enumerate(columns_)
        ]
        for p, columns_ in enumerate(pages)
    ]


def _mosaic_stream(state: dict, *, bleed: float):
    """The mosaic as PDF drawing operators, in millimetres from the trim's top left (y down)."""
    import pydyf

    geometry = Geometry.of(state, "print")
    look = LOOKS["print"]
    filled = {(c["x"], c["y"]): c for c in state["contributions"]}
    mask = state["mask"]
    groups: dict[str, list[tuple]] = {}
    for y in range(geometry.rows):
        row = mask[y] if y < len(mask) else ""
        for x in range(geometry.columns):
            if (x, y) in filled:
                colour = filled[(x, y)]["colour"].upper()
            elif x < len(row) and row[x] == "1":
                colour = look["letter"]
            else:
                colour = look["empty"]
            groups.setdefault(colour, []).append(geometry.tile(x, y, bleed))

    def rgb(colour: str) -> str:
        return " ".join(_n(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))

    height_pt = geometry.height * PT_PER_MM
    ops = [f"q {_n(PT_PER_MM)} 0 0 {_n(-PT_PER_MM)} 0 {_n(height_pt)} cm"]
    ops.append(f"{rgb(look['background'])} rg {_n(-bleed)} {_n(-bleed)} {_n(geometry.width + 2 * bleed)} ")
    ops.append(f"{_n(geometry.height + 2 * bleed)} re f")
    for colour, tiles in groups.items():
        ops.append(f"{rgb(colour)} rg")
        ops.extend(f"{_n(x)} {_n(y)} {_n(w)} {_n(h)} re" for x, y, w, h in tiles)
        ops.append("f")
    stroke = max(0.2, 0.045 * min(geometry.cell_w, geometry.cell_h))
    ops.append(f"{_n(stroke)} w 1 J 1 j")
    for contribution in filled.values():
        if not contribution.get("drawing"):
            continue
        left, top, width, height = drawing_box(geometry, contribution["x"], contribution["y"], with_text=False)
        ops.append(f"{rgb(ink_for(contribution['colour']))} RG")
        for stroke_points in contribution["drawing"]:
            points = [(left + px * width, top + py * height) for px, py in stroke_points]
            if len(points) == 1:
                points.append(points[0])
            (x0, y0), *rest = points
            ops.append(f"{_n(x0)} {_n(y0)} m " + " ".join(f"{_n(px)} {_n(py)} l" for px, py in rest) + " S")
    ops.append("Q")
    return pydyf.Stream(["\n".join(ops)], compress=True)


def _under_first_page(stream):
    """A WeasyPrint finisher: draw ``stream`` on the first page, under what WeasyPrint drew (the crop marks)."""
    import pydyf

    def finish(_document, pdf) -> None:
        pdf.add_object(stream)
        number = int(str(pdf.pages["Kids"][0]).split()[0])
        page = pdf.objects[number]
        page["Contents"] = pydyf.Array([stream.reference, page["Contents"]])

    return finish


def banner_pdf(banner: Banner, at: datetime | None = None, legend: bool = True) -> bytes:
    """The master print: the banner at physical size with 1 cm bleed and crop marks; then its messages.

    The mosaic is written straight into the first page's drawing (a rectangle per tile, grouped by
    colour): WeasyPrint lays out SVG and text far too slowly for 20,000 tiles. WeasyPrint makes the rest:
    the page boxes (MediaBox with the bleed, TrimBox at the banner's size), the crop marks, the legend.
    """
    state = _state(banner, at)
    pages = legend_pages(legend_items(state), banner.width_cm, banner.height_cm) if legend else []
    moment = dates.day_time(at or timezone.now())  # in the page's time zone, named
    html = render_to_string(
        "artwork/print/banner.html",
        {
            "banner": banner,
            "state": state,
            "label": _label(banner, state),
            "pages": pages,
            "messages": sum(len(column["items"]) for page in pages for column in page),
            "width_cm": banner.width_cm,
            "height_cm": banner.height_cm,
            "bleed_cm": BLEED_MM / 10,
            "legend": {
                "margin": " ".join(f"{_n(m)}cm" for m in LEGEND_MARGIN_CM),
                "font_pt": LEGEND_FONT_PT,
                "line": LEGEND_LINE,
                "gap_cm": LEGEND_GAP_CM,
                "column_cm": LEGEND_COLUMN_CM,
                "item_space_cm": LEGEND_ITEM_SPACE_CM,
                "height_cm": _n(banner.height_cm - LEGEND_MARGIN_CM[0] - LEGEND_MARGIN_CM[2]),
            },
            "font_dir": pdf_files.FONT_DIR,
            "footer": pdf_files.css_string(" · ".join((banner.title, _("The messages"), moment))),
            "moment": moment,
        },
    )
    return pdf_files.render(html, finisher=_under_first_page(_mosaic_stream(state, bleed=BLEED_MM)))


# --- PNG -------------------------------------------------------------------------------------------


def png_dpi(banner: Banner) -> float:
    """150 dpi, or less when the banner would pass ``PNG_MAX_PIXELS`` (memory: one byte per pixel)."""
    inches = (banner.width_cm / 2.54) * (banner.height_cm / 2.54)
    return min(float(PNG_DPI), math.sqrt(PNG_MAX_PIXELS / inches))


def png_size(banner: Banner) -> tuple[int, int]:
    dpi = png_dpi(banner)
    return round(banner.width_cm / 2.54 * dpi), round(banner.height_cm / 2.54 * dpi)


def banner_png(banner: Banner, at: datetime | None = None) -> bytes:
    """The banner at 150 dpi (no bleed), as a palette PNG with its resolution written in."""
    from PIL import Image, ImageDraw

    state = _state(banner, at)
    geometry = Geometry.of(state, "print")
    width, height = png_size(banner)
    scale = width / geometry.width  # pixels per millimetre
    look = LOOKS["print"]
    palette: dict[str, int] = {}

    def index(colour: str) -> int:
        colour = colour.upper()
        if colour not in palette:
            palette[colour] = len(palette)
        return palette[colour]

    for colour in (look["background"], look["empty"], look["letter"], DARK_INK, LIGHT_INK):
        index(colour)
    image = Image.new("P", (width, height), index(look["background"]))
    draw = ImageDraw.Draw(image)
    filled = {(c["x"], c["y"]): c for c in state["contributions"]}
    mask = state["mask"]

    def box(x0: float, y0: float, w: float, h: float) -> list[int]:
        return [round(x0 * scale), round(y0 * scale), round((x0 + w) * scale) - 1, round((y0 + h) * scale) - 1]

    for y in range(geometry.rows):
        for x in range(geometry.columns):
            tile = geometry.tile(x, y)
            if (x, y) in filled:
                fill = filled[(x, y)]["colour"]
            elif y < len(mask) and x < len(mask[y]) and mask[y][x] == "1":
                fill = look["letter"]
            else:
                fill = look["empty"]
            if len(palette) >= 255 and fill.upper() not in palette:
                fill = look["letter"]  # more than 250 colours cannot happen with a real palette
            draw.rectangle(box(*tile), fill=index(fill))
    line = max(1, round(0.045 * min(geometry.cell_w, geometry.cell_h) * scale))
    for contribution in filled.values():
        if not contribution.get("drawing"):
            continue
        left, top, w, h = drawing_box(geometry, contribution["x"], contribution["y"], with_text=False)
        ink = index(ink_for(contribution["colour"]))
        for stroke in contribution["drawing"]:
            points = [((left + px * w) * scale, (top + py * h) * scale) for px, py in stroke]
            if len(points) == 1:
                px, py = points[0]
                draw.ellipse([px - line / 2, py - line / 2, px + line / 2, py + line / 2], fill=ink)
            else:
                draw.line(points, fill=ink, width=line, joint="curve")
    flat = []
    for colour in sorted(palette, key=palette.get):
        flat += [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    image.putpalette(flat)
    dpi = png_dpi(banner)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), compress_level=3)
    return out.getvalue()


def filename(banner: Banner, extension: str, at: datetime | None = None) -> str:
    """``<slug>-banner.pdf``, or ``<slug>-banner-20260211-1600.pdf`` as it was at a given time (UTC)."""
    moment = None if at is None else at.astimezone(UTC)
    # Not strftime: its %Y gives "1", not "0001", for the year 1 on some systems.
    stamp = "" if moment is None else f"-{moment.year:04d}{moment:%m%d-%H%M}"
    return f"{banner.slug}-banner{stamp}.{extension}"
