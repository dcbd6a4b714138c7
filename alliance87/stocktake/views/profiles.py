"""A country's ten years on the platform: the public profile page, its PDF and its charts' figures as CSV."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import translation
from django.utils.http import content_disposition_header

from alliance87 import spreadsheets
from alliance87.pagecache import public_page

from .. import profiles


def _attachment(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=not inline, filename=filename)
    return response


@public_page
def profile(request, code: str):
    country = profiles.country_for_profile(code)
    return render(
        request,
        "stocktake/profile/page.html",
        {"p": profiles.profile(country, request.user), "country": country},
    )


@public_page
def profile_pdf(request, code: str):
    country = profiles.country_for_profile(code)
    language = translation.get_language() or "en"
    return _attachment(
        profiles.pdf_bytes(country), "application/pdf", profiles.pdf_filename(country, language), inline=True
    )


@public_page
def profile_series_csv(request, code: str, series: str):
    country = profiles.country_for_profile(code)
    part = next((s for s in profiles.series_parts(country) if s.series.code == series), None)
    if part is None or part.chart is None:
        raise Http404
    header = [str(h) for h in part.chart.header]
    header[0] = translation.gettext("Year")
    return _attachment(
        spreadsheets.to_csv(header, part.chart.rows),
        "text/csv; charset=utf-8",
        f"alliance87-{country.code.code.lower()}-{series.lower()}.csv",
    )


urls = [
    path("countries/<str:code>/ten-years/", profile, name="profile"),
    path("countries/<str:code>/ten-years.pdf", profile_pdf, name="profile_pdf"),
    path("countries/<str:code>/ten-years/<str:series>.csv", profile_series_csv, name="profile_series_csv"),
]
