"""A country's ten years on the platform: the public profile page and its PDF."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from alliance87.network.models import Country
from alliance87.pagecache import public_page


@public_page
def profile(request, code: str):
    country = get_object_or_404(Country, code=code.upper())
    return render(request, "stocktake/profile/page.html", {"country": country})


@public_page
def profile_pdf(request, code: str):
    get_object_or_404(Country, code=code.upper())
    return HttpResponse(b"", content_type="application/pdf")


urls = [
    path("countries/<str:code>/ten-years/", profile, name="profile"),
    path("countries/<str:code>/ten-years.pdf", profile_pdf, name="profile_pdf"),
]
