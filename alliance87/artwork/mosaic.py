"""The banner's design: which cells of the grid belong to the letters of its text.

The text is set in the shipped Noto Sans Bold on one or two lines, drawn large, then sampled on the
grid: a cell belongs to the letters when most of it is ink. The result is a list of strings, one per
row, "1" for a letter cell and "0" for the background.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

FONT = Path(settings.BASE_DIR) / "alliance87" / "static" / "vendor" / "noto-sans" / "noto-sans-latin-700-normal.woff2"
SCALE = 12  # pixels per cell when drawing
MARGIN = 0.12  # share of the height left free above and below the text


def _lines(text: str) -> list[str]:
    """One line, or two balanced at the space nearest the middle (“10 Years of” / “Alliance 8.7”)."""
    words = text.split()
    if len(words) < 2:
        return [text]
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return [" ".join(words[:best]), " ".join(words[best:])]


@lru_cache(maxsize=32)
def letter_mask(text: str, columns: int, rows: int) -> tuple[str, ...]:
    width, height = columns * SCALE, rows * SCALE
    image = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(image)
    lines = _lines(text) if columns / max(rows, 1) < 6 else [text]
    usable_height = height * (1 - 2 * MARGIN)
    line_height = usable_height / len(lines)
    # The largest size at which every line fits the width (with a margin) and its share of the height.
    size = int(line_height * 0.95)
    while size > 4:
        font = ImageFont.truetype(str(FONT), size)
        widest = max(draw.textlength(line, font=font) for line in lines)
        if widest <= width * 0.94:
            break
        size -= 2
    font = ImageFont.truetype(str(FONT), size)
    top = height * MARGIN
    for index, line in enumerate(lines):
        centre_y = top + line_height * (index + 0.5)
        draw.text((width / 2, centre_y), line, font=font, fill=255, anchor="mm")
    small = image.resize((columns, rows), Image.Resampling.BOX)
    pixels = small.load()
    return tuple("".join("1" if pixels[x, y] >= 110 else "0" for x in range(columns)) for y in range(rows))


def cells_in_letters(mask: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    return [(x, y) for y, row in enumerate(mask) for x, cell in enumerate(row) if cell == "1"]
