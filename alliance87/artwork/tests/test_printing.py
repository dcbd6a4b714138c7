"""The master prints: the PDF at physical size with bleed and crop marks, the SVG that parses and carries no
markup from a contributor, the PNG at 150 dpi; who may download them."""

import io
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from alliance87.artwork import printing, services
from alliance87.artwork.models import Banner
from alliance87.artwork.vocab import Status

from .conftest import NOW

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

BURGUNDY, YELLOW = "#A21942", "#FCC30B"
CM = 72 / 2.54
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> & "quotes"'


def send(banner, token, **fields):
    fields.setdefault("colour", BURGUNDY)
    return services.contribute(banner=banner, device_token=token, now=NOW, **fields).contribution


def approve(banner, moderator, token, **fields):
    contribution = send(banner, token, **fields)
    services.moderate(contribution=contribution, by=moderator, status=Status.APPROVED, now=NOW)
    return contribution


@pytest.fixture
def printed(banner, moderator):
    """A banner with colour, a hostile message, a drawing, an Arabic message and one still waiting."""
    send(banner, "p1", x=0, y=0)
    approve(banner, moderator, "p2", x=1, y=0, message=HOSTILE, colour=YELLOW)
    approve(banner, moderator, "p3", x=2, y=0, drawing=[[[0.1, 0.1], [0.9, 0.9]], [[0.5, 0.5]]])
    approve(banner, moderator, "p4", x=3, y=0, message="عشر سنوات معاً", first_name="Amina", country="MA")
    send(banner, "p5", x=4, y=0, message="Not approved yet")
    return Banner.objects.get(pk=banner.pk)


def test_the_pdf_is_the_banner_at_physical_size_plus_bleed_with_a_trim_box_and_a_legend(printed):
    reader = PdfReader(io.BytesIO(printing.banner_pdf(printed)))

    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert width == pytest.approx((300 + 2) * CM, abs=0.5)
    assert height == pytest.approx((100 + 2) * CM, abs=0.5)
    assert float(first.trimbox.width) == pytest.approx(300 * CM, abs=0.5)
    assert float(first.trimbox.height) == pytest.approx(100 * CM, abs=0.5)
    assert len(reader.pages) == 2  # the banner, then its messages
    legend = reader.pages[1].extract_text()
    assert "The messages" in legend and "alert(1)" in legend  # as words, on paper
    assert "Not approved yet" not in legend
    assert "2·1" in legend  # the hostile message's cell: column 2, row 1


def test_the_pdf_without_legend_is_one_page(printed):
    assert len(PdfReader(io.BytesIO(printing.banner_pdf(printed, legend=False))).pages) == 1


def test_the_svg_parses_and_carries_no_markup_from_a_contributor(printed):
    svg = printing.banner_svg(printed)

    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("3000mm", "1000mm")
    for element in root.iter():
        assert element.tag.rsplit("}", 1)[-1] not in ("script", "img", "foreignObject")
        assert not [name for name in element.attrib if name.lower().startswith("on")]
    texts = [element.text for element in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any("<script>alert(1)</script>" in (text or "") for text in texts)  # kept as text, escaped in the file
    assert b"<script>" not in svg and b"&lt;script&gt;" in svg
    assert "Not approved yet" not in svg.decode()
    fills = {path.get("fill") for path in root.iter("{http://www.w3.org/2000/svg}path")}
    assert {BURGUNDY, YELLOW} <= fills


def test_the_png_is_150_dpi_at_the_banners_size(printed, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # 104.6 million pixels: Pillow would warn on opening
    image = Image.open(io.BytesIO(printing.banner_png(printed)))

    assert image.size == (round(300 / 2.54 * 150), round(100 / 2.54 * 150))  # 17,717 × 5,906
    assert image.info["dpi"] == pytest.approx((150, 150), abs=0.05)  # PNG stores dots per metre: 5,906
    # The first cell (burgundy) is where the grid puts it: 300 cm / 12 columns = 25 cm = 1,476 px.
    assert image.convert("RGB").getpixel((700, 700)) == (0xA2, 0x19, 0x42)


def test_a_very_large_banner_gets_a_lower_resolution_rather_than_gigabytes(banner):
    banner.width_cm, banner.height_cm = 1000, 500
    assert printing.png_dpi(banner) < 150
    width, height = printing.png_size(banner)
    assert width * height <= printing.PNG_MAX_PIXELS * 1.01


def test_a_print_as_it_was_at_a_time(printed, moderator, client):
    later = approve(printed, moderator, "p6", x=5, y=0, message="Added an hour later")
    later.decided_at = NOW + timedelta(hours=1)
    printed.log.filter(contribution=later).update(at=NOW + timedelta(hours=1))
    client.force_login(moderator)
    url = reverse("artwork:print_svg", args=[printed.slug])

    now = client.get(url).content.decode()
    then = client.get(url, {"at": (NOW + timedelta(minutes=30)).isoformat()})

    assert "Added an hour later" in now
    assert then.status_code == 200 and "Added an hour later" not in then.content.decode()
    assert then["Content-Disposition"] == 'attachment; filename="ten-years-banner-20260211-1630.svg"'
    assert client.get(url, {"at": "yesterday"}).status_code == 400


def test_the_master_print_is_for_moderators(printed, moderator, cast, client):
    urls = [reverse(name, args=[printed.slug]) for name in ("artwork:print_pdf", "artwork:print_svg")]
    for url in urls:
        assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(cast.outsider)
    assert [client.get(url).status_code for url in urls] == [403, 403]
    client.force_login(moderator)
    response = client.get(urls[0], {"legend": "0"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_the_secretariat_may_download_the_master_print(printed, secretariat_client):
    response = secretariat_client.get(reverse("artwork:print_svg", args=[printed.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="ten-years-banner.svg"'
