"""PDF rendering every app shares: the shipped fonts, no network, the print CSS's strings.

WeasyPrint lays out HTML as A4 pages with Noto Sans read from the shipped static files through
``file://`` URLs, and Noto Sans Arabic for Arabic letters (registered once with the font configuration;
a PDF's stylesheet names it after Noto Sans, ``font-family: "Noto Sans", "Noto Sans Arabic"``, or
Arabic falls back to whatever system font has the letters). The URL fetcher refuses every other
address, so rendering never touches the network, whatever a report, a programme or a contribution
contains.

The public interface:
- ``render(html, *, finisher=None)``: the PDF bytes, laid out with the one font configuration of the
  process, one render at a time (``finisher``: WeasyPrint's hook to write into the PDF before it is saved).
- ``static_root()`` (the folder templates' ``file://`` URLs point into), ``local_files_only(root)``
  (the fetcher), ``FONT_DIR``, ``ARABIC_FONT_DIR``, ``css_string(text)`` (text safe inside a
  double-quoted CSS string).
"""

import functools
import threading
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

FONT_DIR = "vendor/noto-sans"
ARABIC_FONT_DIR = "vendor/noto-sans-arabic"

# fontconfig's objects are not made for threads: renders share the one configuration one at a time.
_RENDER_LOCK = threading.Lock()


def static_root() -> Path:
    """The folder the shipped fonts live in (the source tree, or ``collectstatic``'s copy)."""
    found = finders.find(f"{FONT_DIR}/noto-sans-latin-400-normal.woff2")
    if not found:
        raise FileNotFoundError(f"{FONT_DIR} is missing from the static files")
    return Path(found).parent.parent.parent


def local_files_only(root: Path):
    """A WeasyPrint URL fetcher that reads files under ``root`` and refuses everything else."""
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 -- WeasyPrint loads slowly

    allowed = root.resolve()

    class LocalFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file" and Path(url2pathname(parsed.path)).resolve().is_relative_to(allowed):
                return super().fetch(url, headers)
            raise ValueError(f"Not fetched while rendering a PDF: {url}")

    return LocalFilesOnly(allowed_protocols=["file"])


@functools.cache
def font_config():
    """One font configuration for every render: loading the shipped fonts costs ~0.8 s, reusing them nothing.

    Noto Sans Arabic is registered here, before any render: a face added to a configuration after it
    has laid out text is not found by the fallback of later renders.
    """
    from weasyprint import CSS  # noqa: PLC0415
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    config = FontConfiguration()
    folder = (static_root() / ARABIC_FONT_DIR).as_uri()
    faces = "".join(
        f'@font-face {{ font-family: "Noto Sans Arabic"; font-weight: {weight}; '
        f'src: url("{folder}/noto-sans-arabic-arabic-{weight}-normal.woff2") format("woff2"); }}'
        for weight in (400, 600, 700)
    )
    CSS(string=faces, font_config=config, url_fetcher=local_files_only(static_root()))
    return config


def render(html: str, *, finisher=None) -> bytes:
    """``html`` as PDF bytes, its ``file://`` URLs read under ``static_root()`` and nowhere else."""
    from weasyprint import HTML  # noqa: PLC0415 -- WeasyPrint loads slowly; only PDF exports need it

    root = static_root()
    with _RENDER_LOCK:
        document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=local_files_only(root))
        return document.render(font_config=font_config()).write_pdf(finisher=finisher)


def css_string(text: str) -> str:
    """``text`` made safe inside a double-quoted CSS string in a <style> element."""
    text = " ".join(str(text).split())
    for char, escaped in (("\\", "\\\\"), ('"', '\\"'), ("<", "\\3C "), (">", "\\3E ")):
        text = text.replace(char, escaped)
    return mark_safe(text)  # noqa: S308 -- escaped for CSS above; HTML escaping would be read literally
