"""The QR poster: an A3 portrait PDF whose QR code carries the banner's short address."""

import io

import pytest
import segno
from pypdf import PdfReader

from alliance87.artwork import poster

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

A3_POINTS = (297 / 25.4 * 72, 420 / 25.4 * 72)


def test_poster_url_is_the_site_root_and_the_phone_page(banner, settings):
    settings.SITE_ROOT = "https://alliance87.example.org"
    assert poster.poster_url(banner) == "https://alliance87.example.org/artwork/ten-years/"


def test_poster_qr_code_carries_that_address(banner, settings):
    settings.SITE_ROOT = "https://alliance87.example.org"
    url = poster.poster_url(banner)
    expected = segno.make("https://alliance87.example.org/artwork/ten-years/", error="m", micro=False)
    assert poster.qr_code(url).matrix == expected.matrix
    svg = poster.qr_svg(url)
    assert svg.startswith('<svg role="img" aria-label="QR code"') and 'viewBox="0 0' in svg


def test_poster_pdf_is_one_a3_portrait_page_with_the_title_invitations_and_address(client, banner, settings):
    settings.SITE_ROOT = "https://alliance87.example.org"
    response = client.get(f"/artwork/{banner.slug}/poster.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert abs(width - A3_POINTS[0]) < 1 and abs(height - A3_POINTS[1]) < 1
    text = " ".join(page.extract_text().split())
    assert "10 Years of Alliance 8.7" in text
    assert "Scan to add your colour" in text and "Scannez pour ajouter" in text and "Escanee para añadir" in text
    assert "alliance87.example.org/artwork/ten-years" in text
    # The QR code and the design are drawn as vectors: many filled or stroked paths, no raster image.
    content = page.get_contents().get_data()
    assert content.count(b" re") + content.count(b" l\n") > 100
    assert not page.images


def test_poster_unknown_banner_is_404(client, banner):
    assert client.get("/artwork/no-such-banner/poster.pdf").status_code == 404
