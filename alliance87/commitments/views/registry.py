"""The public registry of commitments (``/commitments/``): the filters (each a GET parameter, combinable, a
form that works without JavaScript), the figures counted from the commitments, a map with a table beside it,
the list paginated, and the exports; a commitment's page (``/commitments/<pk>/``) with its history.

Thin: the reads are ``selectors``, the filters ``registry_filters``, the files ``exports``.
"""

import hashlib

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import get_language
from django_countries import countries

from alliance87.pagecache import public_page, shared_fragment

from .. import exports, selectors
from ..models import PUBLIC_STATUSES, CommitmentRules, Light
from ..registry_filters import RegistryFilterForm, parse
from ..rules import is_alliance_member

PAGE_SIZE = 25


def _url_or_path(name: str, pk: int, fallback: str) -> str:
    """Another part's address when it exists (``commitments:edit``), else its planned path."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return fallback


def _summary(request, filters, commitments, audience: str) -> tuple[dict, None]:
    """The part of the registry every reader of the same filters shares (``audience``: the public, or the
    Alliance's members, who also see partners-only commitments): the figures, the filter form, the downloads,
    the map and its table. Built once per filters, language and audience while no public data changes."""
    form = RegistryFilterForm(request.GET or None)
    form.is_valid()
    figures = selectors.figures(commitments, with_priorities=False)
    filter_query = urlencode(filters.as_query())
    html = render_to_string(
        "commitments/registry/_summary.html",
        {
            "form": form,
            "filters": filters,
            "filtered": filters.any(),
            "figures": figures,
            "countries": selectors.by_country(commitments),
            "filter_query": f"?{filter_query}" if filter_query else "",
            "members_see_more": audience == "members",
        },
        request=request,
    )
    return {"html": html, "total": figures.total}, None


@public_page
def registry(request):
    filters, refused = parse(request.GET)
    commitments = selectors.registry(request.user, filters)
    audience = "members" if is_alliance_member(request.user) else "public"
    # The form's own values too (a refused one shows as typed, with its error), in a stable order.
    given = urlencode(sorted((k, v) for k, v in request.GET.items() if k in RegistryFilterForm.base_fields))
    digest = hashlib.sha1(given.encode(), usedforsecurity=False).hexdigest()
    key = f"commitments:registry:{audience}:{get_language()}:{digest}"
    summary = shared_fragment(key, lambda: _summary(request, filters, commitments, audience))
    number = request.GET.get("page") or "1"
    results = shared_fragment(
        f"{key}:page:{hashlib.sha1(number.encode(), usedforsecurity=False).hexdigest()}",
        lambda: _results(request, filters, commitments, summary["total"], number),
    )
    return render(
        request,
        "commitments/registry/registry.html",
        {"summary": summary["html"], "results": results},
        status=400 if refused else 200,
    )


def _results(request, filters, commitments, total: int, number: str) -> tuple[str, None]:
    """One page of the list, as every reader of the same filters, page, language and audience sees it."""
    paginator = Paginator(commitments, PAGE_SIZE)
    paginator.__dict__["count"] = total  # counted with the figures: no second COUNT
    page = paginator.get_page(number)
    html = render_to_string(
        "commitments/registry/_results.html",
        {
            "filtered": filters.any(),
            "page": page,
            "rows": selectors.rows(page.object_list),
            "query": urlencode(filters.as_query()),
        },
        request=request,
    )
    return html, None


@public_page
def registry_map(request):
    """The world map as SVG, the countries with commitments (as filtered) shaded; the page's table beside it
    says the same in numbers."""
    from alliance87.pathfinders.views.overview import world_map  # noqa: PLC0415 -- the outlines, read once

    filters, _refused = parse(request.GET)
    counts = {c.code.code: n for c, n in selectors.by_country(selectors.registry(request.user, filters))}
    data = world_map()
    largest = max(counts.values(), default=0)
    shades = {code: 1 + min(3, (4 * n - 1) // largest) if largest else 0 for code, n in counts.items()}
    return render(
        request,
        "commitments/registry/map.svg",
        {
            "view_box": data["viewBox"],
            "paths": [
                (c["d"], countries.name(c["code"]) or c["name"], shades.get(c["code"]), counts.get(c["code"]))
                for c in data["countries"]
            ],
        },
        content_type="image/svg+xml",
    )


def _light_meaning(light: str, rules: CommitmentRules | None) -> str:
    from django.utils.translation import gettext  # noqa: PLC0415

    if rules is None:
        return ""
    meanings = {
        Light.GREEN: gettext("Green: a report came within the last %(days)d days.") % {"days": rules.green_days},
        Light.YELLOW: gettext("Yellow: no report for more than %(days)d days; a report is due.")
        % {"days": rules.green_days},
        Light.RED: gettext("Red: no report for more than %(days)d days.") % {"days": rules.red_days},
        Light.INACTIVE: gettext("Inactive: no report for more than %(days)d days.") % {"days": rules.inactive_days},
        Light.DONE: gettext("Completed: the final report is in."),
        Light.CLOSED: gettext("Closed by the secretariat."),
        Light.NONE: gettext("Not yet computed: the light is worked out once a day from the reports."),
    }
    return meanings.get(light, "")


def _body(request, found) -> tuple[str, None]:
    html = render_to_string(
        "commitments/registry/_commitment_body.html",
        {"commitment": found, "lead": found.lead, **selectors.details(found)},
        request=request,
    )
    return html, None


@public_page
def commitment(request, pk: int):
    found = selectors.commitment_for_page(pk, request.user)
    rules = CommitmentRules.objects.order_by("pk").first() or CommitmentRules()
    if found.status in PUBLIC_STATUSES:
        # What every reader sees alike, kept while no public data changes (the services that change a
        # published commitment say so); a draft's page is built each time (its edits change no public page).
        body = shared_fragment(f"commitments:commitment:{found.pk}:{get_language()}", lambda: _body(request, found))
    else:
        body = _body(request, found)[0]
    context = {
        "commitment": found,
        "body": body,
        "light_meaning": _light_meaning(found.light, rules),
        "can_edit": request.user.has_perm("commitments.edit_commitment", found),
        "can_report": request.user.has_perm("commitments.report_progress", found),
        "edit_url": _url_or_path("commitments:edit", found.pk, f"/commitments/{found.pk}/edit/"),
        "report_url": _url_or_path("commitments:report", found.pk, f"/commitments/{found.pk}/report/"),
    }
    return render(request, "commitments/registry/commitment.html", context)


# ---- Exports -------------------------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"commitments", "deliverables"}


def _attachment(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@public_page
def download(request, what: str, fmt: str):
    """The filtered registry as CSV or XLSX (one row per commitment, or one per deliverable) or JSON (the
    commitments with their deliverables inside)."""
    if what not in KINDS or fmt not in {"csv", "xlsx", "json"} or (fmt == "json" and what != "commitments"):
        raise Http404
    filters, _refused = parse(request.GET)
    commitments = selectors.registry(request.user, filters)
    name = exports.file_name(what, filters)
    base = request.build_absolute_uri("/").rstrip("/")
    if fmt == "json":
        data = exports.as_json(commitments, base)
        return JsonResponse(
            data,
            json_dumps_params={"ensure_ascii": False, "indent": 1},
            headers={"Content-Disposition": content_disposition_header(as_attachment=True, filename=f"{name}.json")},
        )
    header, rows = exports.table(what, commitments, base)
    if fmt == "csv":
        from alliance87 import spreadsheets  # noqa: PLC0415 -- loaded only for a download

        return _attachment(spreadsheets.to_csv(header, rows), "text/csv; charset=utf-8", f"{name}.csv")
    return _attachment(exports.xlsx(what, header, rows), XLSX, f"{name}.xlsx")


urls = [
    path("commitments/", registry, name="registry"),
    path("commitments/map.svg", registry_map, name="registry_map"),
    path("commitments/<str:what>.<str:fmt>", download, name="download"),
    path("commitments/<int:pk>/", commitment, name="commitment"),
]
