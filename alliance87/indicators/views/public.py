"""The public indicator pages, like an Open SDG platform's: ``/indicators/`` (the series grouped, each with
its latest value, year, area and source) and ``/indicators/<code>/`` (a series: its definition, a chart and
its table for the filters given as GET parameters, the sources, footnotes, focal points' comments and the
countries' reporting status), with ``/indicators/<code>/data.csv``: exactly the rows the page shows, as a
tidy CSV. Published data only. Thin: the reads are ``selectors``.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header, urlencode

from alliance87 import spreadsheets
from alliance87.pagecache import public_page

from .. import selectors
from ..models import Series, SeriesKind


def _series_or_404(code: str) -> Series:
    series = Series.objects.select_related("country").filter(code=code[:40]).first()
    if series is None:
        raise Http404
    # A country's own series exists for the public once it has published figures; a draft is no one's here.
    if series.kind == SeriesKind.NATIONAL and not selectors.published_observations().filter(series=series).exists():
        raise Http404
    return series


@public_page
def index(request):
    return render(request, "indicators/public/index.html", {"groups": selectors.series_groups()})


@public_page
def series_page(request, code: str):
    series = _series_or_404(code)
    filters = selectors.Filters.from_query(request.GET)
    page = selectors.series_page(series, filters)
    query = urlencode(filters.as_query())
    return render(
        request,
        "indicators/public/series.html",
        {"series": series, "page": page, "filter_query": f"?{query}" if query else ""},
    )


@public_page
def series_csv(request, code: str):
    series = _series_or_404(code)
    filters = selectors.Filters.from_query(request.GET)
    header, body = selectors.csv_rows(series, selectors.shown_observations(series, filters))
    response = HttpResponse(spreadsheets.to_csv(header, body), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, f"{series.code}.csv")
    return response


urls = [
    path("indicators/", index, name="index"),
    path("indicators/<str:code>/", series_page, name="series"),
    path("indicators/<str:code>/data.csv", series_csv, name="series_csv"),
]
