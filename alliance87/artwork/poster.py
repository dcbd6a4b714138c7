"""The QR poster that leads people to a banner's phone page: A3 portrait, one PDF page, all vector.

The QR code is made by segno and drawn as SVG (it stays sharp at any print size); it carries the
short address ``SITE_ROOT`` + ``/artwork/<slug>/`` (the English address, which has no language
prefix; the page offers the other languages). The invitation is printed in English, French and
Spanish at once, since one poster serves everyone in the room.

The banner's design (its letters) is drawn from the same mask as the phone page, with ``cells_path``.
"""

import hashlib
from collections import defaultdict

import segno
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from alliance87 import pdf as pdf_files

from .models import Banner
from .mosaic import letter_mask

PDF_CACHE_SECONDS = 24 * 60 * 60

# One line each, printed together: the poster does not know who will read it.
INVITATIONS = [
    ("en", "Scan to add your colour, a word or a drawing to the banner."),
    ("fr", "Scannez pour ajouter votre couleur, un mot ou un dessin à la bannière."),
    ("es", "Escanee para añadir su color, una palabra o un dibujo a la pancarta."),
]


def cells_path(cells) -> str:
    """An SVG path of unit squares for ``(x, y)`` cells, joined along each row: "M3 1h4v1h-4z"."""
    by_row = defaultdict(list)
    for x, y in cells:
        by_row[y].append(x)
    parts = []
    for y in sorted(by_row):
        xs = sorted(by_row[y])
        start = previous = xs[0]
        for x in [*xs[1:], None]:
            if x is not None and x == previous + 1:
                previous = x
                continue
            width = previous - start + 1
            parts.append(f"M{start} {y}h{width}v1h-{width}z")
            if x is not None:
                start = previous = x
    return "".join(parts)


def letters_path(banner: Banner) -> str:
    mask = letter_mask(banner.text, banner.columns, banner.rows)
    return cells_path((x, y) for y, row in enumerate(mask) for x, cell in enumerate(row) if cell == "1")


def poster_url(banner: Banner) -> str:
    """The address the QR code carries: the phone page, without a language prefix."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_ROOT + reverse("artwork:contribute", args=[banner.slug])


def qr_code(url: str) -> segno.QRCode:
    # Medium error correction: a poster may get a crease or a reflection; the code stays small enough.
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str) -> str:
    svg = qr_code(url).svg_inline(border=4, omitsize=True, dark="#1b1d21", light="#ffffff")
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="QR code" ', 1))  # noqa: S308 -- segno's own SVG


def banner_poster_pdf(banner: Banner) -> bytes:
    """The poster as PDF bytes (cached by the digest of its HTML: the same poster is not laid out twice)."""
    url = poster_url(banner)
    html = render_to_string(
        "artwork/poster/poster.html",
        {
            "banner": banner,
            "url": url,
            "url_text": url.split("://", 1)[-1].rstrip("/"),
            "qr": qr_svg(url),
            "letters": letters_path(banner),
            "invitations": INVITATIONS,
            "font_dir": pdf_files.FONT_DIR,
        },
    )
    key = "a87:artwork:poster:" + hashlib.sha256(html.encode()).hexdigest()
    if (cached := cache.get(key)) is not None:
        return cached
    pdf = pdf_files.render(html)
    cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf
