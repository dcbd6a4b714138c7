"""Public pages of the network, and the pages where partners and group leads keep their data."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from alliance87 import spreadsheets
from alliance87.form_errors import apply_service_errors as _apply_service_errors
from alliance87.pagecache import public_page

from . import exports, selectors, services
from .forms import ActionGroupForm, DirectoryFilterForm, MembershipAddForm, OrganisationProfileForm
from .models import Membership, Organisation


def _member_form(request, data=None) -> MembershipAddForm:
    return MembershipAddForm(data, can_add_lead=request.user.has_perm("network.edit_organisation_status"))


def home(request):
    """The Alliance at a glance, and the event on now (or next, or last) with its artwork while a banner is open.

    What the event part shows follows the clock, so the page stays in the public cache only while it
    cannot change: not within the cache's lifetime of an event starting or ending or a banner opening or
    closing (``whats_on.cacheable_until``).
    """
    from alliance87.events import whats_on  # noqa: PLC0415 -- the home page reads events; network's models do not

    now = timezone.now()
    featured = whats_on.featured(now=now)
    event = featured.event
    response = render(
        request,
        "network/home.html",
        {
            "counts": selectors.network_counts(),
            "figures": selectors.stated_figures(),
            "groups": [g for g in selectors.action_groups() if g.is_active],
            "featured": featured,
            "local_start": event.starts_at.astimezone(event.zone) if event else None,
            "local_end": event.ends_at.astimezone(event.zone) if event else None,
        },
    )
    return whats_on.cacheable_until(response, whats_on.next_change(now=now), now=now)


PEOPLE_PAGE_SIZE = 50
DOWNLOAD_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _directory_filters(request):
    """The directory's form and the partners its filters select. A search text that cannot be searched
    (too long) selects none and the form says why; an unknown kind, country or region selects all."""
    form = DirectoryFilterForm(request.GET or None, countries=selectors.countries_with_partners())
    if form.is_bound and not form.is_valid() and "q" in form.errors:
        return form, Organisation.objects.none(), {}
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    results = selectors.directory(
        text=filters.get("q", ""),
        kind=filters.get("kind", ""),
        country=filters.get("country", ""),
        region=filters.get("region", ""),
    )
    return form, results, filters


@public_page
@vary_on_headers("HX-Request")  # the htmx answer is a fragment: never reuse it for a whole page
def directory(request):
    form, results, filters = _directory_filters(request)
    page = Paginator(results, settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(filters.values()),
        "last_updated": selectors.directory_last_updated(),
    }
    template = "network/directory.html#results" if request.headers.get("HX-Request") else "network/directory.html"
    return render(request, template, context, status=400 if "q" in form.errors else 200)


@public_page
def directory_download(request, fmt: str):
    """The partner directory with the filters of the page's address, as CSV or XLSX."""
    if fmt not in DOWNLOAD_TYPES:
        raise Http404
    form, results, _filters = _directory_filters(request)
    if "q" in form.errors:
        return render(request, "network/directory.html", {"form": form, "page": None}, status=400)
    rows = exports.directory_rows(results, request.build_absolute_uri("/").rstrip("/"))
    header = exports.directory_header()
    if fmt == "csv":
        body = spreadsheets.to_csv(header, rows)
    else:
        body = spreadsheets.to_xlsx(header, rows, sheet=_("Partners"), widths=exports.WIDTHS)
    response = HttpResponse(body, content_type=DOWNLOAD_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="alliance87-partners-{stamp}.{fmt}"'
    return response


@public_page
def organisation(request, slug: str):
    org = selectors.organisation_for_page(slug)
    return render(
        request,
        "network/organisation.html",
        {
            "org": org,
            "can_edit": request.user.has_perm("network.edit_organisation", org),
            "last_updated": org.updated_at,
        },
    )


@login_required
def organisation_edit(request, slug: str):
    org = selectors.organisation_for_edit(slug, request.user)
    form = OrganisationProfileForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=selectors.organisation_for_edit(slug, request.user),
                by=request.user,
                **form.changes(),
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect(org.get_absolute_url())
    return render(request, "network/organisation_edit.html", {"org": org, "form": form})


@public_page
def people(request):
    page = Paginator(selectors.public_people(), PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/people.html", {"page": page})


@public_page
def action_groups(request):
    groups = selectors.action_groups()
    return render(
        request,
        "network/action_groups.html",
        {"active": [g for g in groups if g.is_active], "inactive": [g for g in groups if not g.is_active]},
    )


@public_page
def action_group(request, slug: str):
    group = selectors.action_group_for_page(slug)
    can_edit = request.user.has_perm("network.edit_action_group", group)
    return render(
        request,
        "network/action_group.html",
        {"group": group, "can_edit": can_edit, "last_updated": selectors.action_group_last_updated(group)},
    )


@login_required
def action_group_edit(request, slug: str):
    group = selectors.action_group_for_edit(slug, request.user)
    form = ActionGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_group_update(
                group=selectors.action_group_for_edit(slug, request.user),
                by=request.user,
                **{field: form.cleaned_data[field] for field in form.Meta.fields},
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The group’s page is saved."))
            return redirect(group.get_absolute_url())
    return render(
        request,
        "network/action_group_edit.html",
        {"group": group, "form": form, "member_form": _member_form(request)},
    )


@login_required
@require_POST
def membership_add(request, slug: str):
    group = selectors.action_group_for_edit(slug, request.user)
    form = _member_form(request, request.POST)
    if form.is_valid():
        try:
            membership = services.membership_add(
                group=group,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("%(org)s is now a member.") % {"org": membership.organisation.name})
            return redirect("network:action_group_edit", slug=group.slug)
    return render(
        request,
        "network/action_group_edit.html",
        {"group": group, "form": ActionGroupForm(instance=group), "member_form": form},
        status=400,
    )


@login_required
@require_POST
def membership_remove(request, slug: str, pk: int):
    group = selectors.action_group_for_edit(slug, request.user)
    membership = get_object_or_404(Membership.objects.select_related("organisation"), pk=pk, action_group=group)
    try:
        services.membership_remove(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(org)s was removed.") % {"org": membership.organisation.name})
    return redirect("network:action_group_edit", slug=group.slug)
