"""The public Pathfinder page: the map, counts per stage and their growth since 2018, the table by name."""

import datetime
import json
import unicodedata
from functools import cache
from pathlib import Path

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import alliance87.network
from alliance87.network import selectors as network_selectors
from alliance87.pagecache import public_page

from .. import pathways as pathway_reads
from .. import selectors

# The world map's outlines ship with the network app (built by scripts/build_world_map.py).
WORLD_MAP = Path(alliance87.network.__file__).parent / "data" / "world-map.json"


class RegionFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *network_selectors.region_choices()]


def by_name(pathway) -> str:
    """Sort key: the country's name in the reader's language, accents aside (Bénin before Brésil)."""
    return unicodedata.normalize("NFKD", pathway.country.name).encode("ascii", "ignore").decode().casefold()


def bar_class(value: int, largest: int) -> str:
    """The CSS class that draws a bar ``value / largest`` wide, in whole percents; a non-zero value shows."""
    if not value or not largest:
        return "bar-0"
    return f"bar-{max(2, round(100 * value / largest))}"


def _filtered(request):
    """The region filter, every pathway, the real ones shown (by name, in the reader's language)."""
    form = RegionFilterForm(request.GET or None)
    region = form.cleaned_data["region"] if form.is_valid() else ""
    everyone = selectors.pathways()
    real = sorted((p for p in everyone if not p.country.is_example), key=by_name)
    if region:
        real = [p for p in real if region in (p.country.sdg_region, p.country.ilo_region)]
    return form, region, everyone, real


@public_page
def pathfinders(request):
    form, region, everyone, real = _filtered(request)
    example = next((p.country for p in everyone if p.country.is_example), None)

    counts = selectors.stage_counts(real)
    largest = max((n for _stage, _label, n in counts), default=0)
    stages = [{"stage": s, "label": label, "count": n, "bar": bar_class(n, largest)} for s, label, n in counts]

    years, undated = selectors.growth_by_year(real)
    largest = max((max(y.pathfinders, y.interested) for y in years), default=0)
    growth = [
        {
            "year": y.year,
            "pathfinders": y.pathfinders,
            "interested": y.interested,
            "pathfinders_bar": bar_class(y.pathfinders, largest),
            "interested_bar": bar_class(y.interested, largest),
        }
        for y in years
    ]
    return render(
        request,
        "pathfinders/overview/pathfinders.html",
        {
            "form": form,
            "region_label": next(
                (
                    label
                    for _group, choices in network_selectors.region_choices()
                    for v, label in choices
                    if v == region
                ),
                "",
            ),
            "pathfinders": [p for p in real if p.country.is_pathfinder],
            "on_the_way": [p for p in real if not p.country.is_pathfinder],
            "on_pathway": len(real),
            "stages": stages,
            "growth": growth,
            "growth_has_dates": any(y.pathfinders or y.interested for y in years),
            "undated": undated,
            "first_year": selectors.FIRST_YEAR,
            "figures": network_selectors.stated_figures(),
            "example": example,
            "last_updated": pathway_reads.last_updated_overview(),
            "download_query": f"?{urlencode({'region': region})}" if region else "",
        },
    )


def table_header() -> list[str]:
    """The columns of the page's tables, with the country's code and the date of the data."""
    return [
        gettext("Country"),
        gettext("ISO code"),
        gettext("Pathfinder Country"),
        gettext("Stage"),
        gettext("SDG region"),
        gettext("ILO region"),
        gettext("Pathfinder since"),
        gettext("Data last updated"),
    ]


def table_rows(real: list, as_of: datetime.date | None) -> list[list]:
    """The Pathfinder Countries, then the countries on the way to the status: the page's two tables."""
    ordered = [p for p in real if p.country.is_pathfinder] + [p for p in real if not p.country.is_pathfinder]
    return [
        [
            p.country.name,
            p.country.code.code,
            gettext("Yes") if p.country.is_pathfinder else gettext("No"),
            str(p.stage_label),
            str(p.country.get_sdg_region_display()),
            str(p.country.get_ilo_region_display()),
            p.country.pathfinder_since,
            as_of.isoformat() if as_of else "",
        ]
        for p in ordered
    ]


def _download(request, extension: str):
    from alliance87 import spreadsheets  # noqa: PLC0415 -- the spreadsheet writers load only for a download

    _form, region, _everyone, real = _filtered(request)
    updated = pathway_reads.last_updated_overview()
    as_of = timezone.localdate(updated) if updated else None
    rows = table_rows(real, as_of)
    name = "pathfinder-countries" + (f"-{region}" if region else "") + (f"-{as_of.isoformat()}" if as_of else "")
    if extension == "csv":
        content, content_type = spreadsheets.to_csv(table_header(), rows), "text/csv; charset=utf-8"
    else:
        content = spreadsheets.to_xlsx(
            table_header(), rows, sheet=gettext("Pathfinder Countries")[:31], widths=[30, 9, 12, 40, 36, 24, 10, 12]
        )
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{name}.{extension}")
    return response


@public_page
def pathfinders_csv(request):
    """The page's table as CSV (public data, like the page), with the date of the data."""
    return _download(request, "csv")


@public_page
def pathfinders_xlsx(request):
    """The page's table as XLSX (public data, like the page), with the date of the data."""
    return _download(request, "xlsx")


@cache
def world_map() -> dict:
    return json.loads(WORLD_MAP.read_text())


@public_page
def pathfinder_map(request):
    """The world map as SVG, Pathfinder Countries highlighted; the page's table says the same in words."""
    highlighted = {c.code.code for c in network_selectors.pathfinder_countries()}
    data = world_map()
    return render(
        request,
        "pathfinders/overview/world_map.svg",
        {"view_box": data["viewBox"], "countries": data["countries"], "highlighted": highlighted},
        content_type="image/svg+xml",
    )


urls = [
    path("pathfinders/", pathfinders, name="pathfinders"),
    path("pathfinders/map.svg", pathfinder_map, name="pathfinder_map"),
    path("pathfinders/pathfinder-countries.csv", pathfinders_csv, name="pathfinders_csv"),
    path("pathfinders/pathfinder-countries.xlsx", pathfinders_xlsx, name="pathfinders_xlsx"),
]
