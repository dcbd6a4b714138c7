"""The public ten-year stocktake (``/ten-years/``): each section's figures, charts and tables, computed from the
platform's data (``stocktake.figures``), and each section as CSV (``/ten-years/<section>.csv``).

Thin: the figures are ``figures``; the page is cached for anonymous visitors (``@public_page``) and renewed
when any service that changes public data calls ``pagecache.public_pages_changed()``.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header

from alliance87 import spreadsheets
from alliance87.pagecache import public_page

from .. import figures


@public_page
def tenyears(request):
    sections = figures.all_sections()
    return render(
        request,
        "stocktake/tenyears/page.html",
        {
            "sections": sections,
            "countries": figures.pathfinder_countries(),
            "computed_at": timezone.now(),
        },
    )


@public_page
def section_csv(request, key: str):
    section = figures.section(key)
    if section is None:
        raise Http404
    rows = section.csv_rows()
    response = HttpResponse(spreadsheets.to_csv(rows[0], rows[1:]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"alliance87-ten-years-{key}.csv"
    )
    return response


urls = [
    path("ten-years/", tenyears, name="tenyears"),
    path("ten-years/<slug:key>.csv", section_csv, name="tenyears_csv"),
]
