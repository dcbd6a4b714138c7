"""An Arabic PDF is set in Noto Sans Arabic, shipped with the platform (pdf.py), not a system fallback."""

from django.core.management import call_command
from django.utils import translation

from alliance87 import pdf
from alliance87.testing import pdf_fonts


def test_arabic_programme_pdf_is_set_in_noto_sans_arabic(alliance):
    from alliance87.events import exports
    from alliance87.events.models import Event

    call_command("load_side_event", verbosity=0)
    with translation.override("ar"):
        data = exports.programme_pdf(Event.objects.get())
    used = pdf_fonts(data)
    assert "Noto-Sans-Arabic" in used, used
    assert not any(name.startswith("DejaVu") for name in used), used


def test_arabic_letters_in_any_pdf_stylesheet_that_names_the_family():
    html = (
        '<html lang="ar" dir="rtl"><head><style>html { font-family: "Noto Sans", "Noto Sans Arabic"; }</style>'
        "</head><body><p>التحالف 8.7</p></body></html>"
    )
    assert "Noto-Sans-Arabic" in pdf_fonts(pdf.render(html))
