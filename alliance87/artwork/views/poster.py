"""The QR poster as a PDF: public, like the phone page it leads to."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from .. import poster as posters
from ..models import Banner


def poster_pdf(request, slug: str):
    banner = get_object_or_404(Banner, slug=slug)
    response = HttpResponse(posters.banner_poster_pdf(banner), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{banner.slug}-poster.pdf"'
    return response


urls = [path("artwork/<slug:slug>/poster.pdf", poster_pdf, name="poster")]
