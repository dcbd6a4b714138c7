"""Making a commitment: the new commitment (for whom one speaks), its edit page in sections (about, priorities
and targets, deliverables, resources, co-implementers, dates and visibility) with the SMART checklist beside
it, submitting it, "my commitments" and a co-implementer's confirmation.

Thin: write through ``services``; a service's errors are shown next to the field they name. Every change is a
POST that redirects back to its section (so it works without JavaScript); the wrong person gets the 403 page.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance87.accounts.rules import is_secretariat
from alliance87.form_errors import apply_service_errors

from .. import services, smart
from ..forms import (
    ABOUT_FIELDS,
    DATES_FIELDS,
    AboutForm,
    CoImplementerForm,
    DatesForm,
    DeliverableForm,
    FocusForm,
    NewCommitmentForm,
    ResourceForm,
    focus_initial,
)
from ..models import CoImplementer, Commitment, CommitmentStatus, Deliverable, Resource
from ..rules import is_maker

EDITABLE = (CommitmentStatus.DRAFT, CommitmentStatus.CHANGES_REQUESTED)


def _all_parties():
    from alliance87.network.models import ActionGroup, Country, Organisation  # noqa: PLC0415

    countries = Country.objects.filter(Q(is_pathfinder=True) | Q(is_example=True))
    return [*Organisation.objects.all(), *sorted(countries, key=str), *ActionGroup.objects.all()]


def _parties_for(user) -> list:
    return _all_parties() if is_secretariat(user) else services.parties_for(user)


def _commitment(pk) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("lead_organisation", "lead_country", "lead_action_group"), pk=pk
    )


def _visible(request, pk) -> Commitment:
    """The commitment, or a 404 to whoever may not see it (a draft is its makers' and the secretariat's: to
    anyone else its number is unknown, as for a draft report)."""
    commitment = _commitment(pk)
    if not request.user.has_perm("commitments.view_commitment", commitment):
        raise Http404
    return commitment


def _editable(request, pk) -> Commitment:
    commitment = _visible(request, pk)
    if not request.user.has_perm("commitments.edit_commitment", commitment):
        raise PermissionDenied
    return commitment


def _edit_url(commitment, anchor: str = "") -> str:
    url = reverse("commitments:edit", args=[commitment.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
def new(request):
    parties = _parties_for(request.user)
    if not parties:
        raise PermissionDenied
    initial = {"language": request.LANGUAGE_CODE, "lead": request.GET.get("lead", "")}
    if len(parties) == 1:
        from ..forms import party_value  # noqa: PLC0415

        initial["lead"] = party_value(parties[0])
    form = NewCommitmentForm(request.POST or None, parties=parties, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lead = data.pop("lead")
        try:
            commitment = services.start_commitment(
                by=request.user, maker_kind=services.kind_of(lead), lead=lead, **data
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                error = ValidationError(
                    {
                        (
                            "lead"
                            if k in ("lead_organisation", "lead_country", "lead_action_group", "maker_kind")
                            else k
                        ): v
                        for k, v in error.error_dict.items()
                    }
                )
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Draft saved. Now add its priorities, deliverables, resources and dates."))
            return redirect(_edit_url(commitment, "focus-title"))
    return render(request, "commitments/making/new.html", {"form": form}, status=400 if form.errors else 200)


def _plain(value):
    """200.000 → 200, 12.50 → 12.5: a number as a person typed it."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def _deliverable_form(deliverable, data=None):
    initial = {name: _plain(getattr(deliverable, name)) for name in DeliverableForm.base_fields}
    return DeliverableForm(data, initial=initial, prefix=f"d{deliverable.pk}")


def _resource_form(resource, data=None):
    initial = {name: _plain(getattr(resource, name)) for name in ResourceForm.base_fields}
    return ResourceForm(data, initial=initial, prefix=f"r{resource.pk}")


def _co_parties(commitment):
    named = {(co.organisation_id, co.country_id, co.action_group_id) for co in commitment.co_implementers.all()}
    lead = commitment.lead
    return [
        p
        for p in _all_parties()
        if p != lead
        and not any(
            (p._meta.model_name == "organisation" and n[0] == p.pk)
            or (p._meta.model_name == "country" and n[1] == p.pk)
            or (p._meta.model_name == "actiongroup" and n[2] == p.pk)
            for n in named
        )
    ]


def _edit_page(request, commitment, *, status=200, **bound):
    """The edit page; ``bound`` replaces a section's form by the one just posted (with its errors)."""
    commitment = (
        Commitment.objects.prefetch_related(
            "priorities",
            "outcome_areas",
            "deliverables",
            "resources",
            "co_implementers__organisation",
            "co_implementers__country",
            "co_implementers__action_group",
        )
        .select_related("lead_organisation", "lead_country", "lead_action_group")
        .get(pk=commitment.pk)
    )
    deliverables = [(d, bound.get(f"d{d.pk}") or _deliverable_form(d)) for d in commitment.deliverables.all()]
    resources = [(r, bound.get(f"r{r.pk}") or _resource_form(r)) for r in commitment.resources.all()]
    context = {
        "commitment": commitment,
        "about_form": bound.get("about") or AboutForm(initial={n: getattr(commitment, n) for n in ABOUT_FIELDS}),
        "focus_form": bound.get("focus") or FocusForm(commitment=commitment, initial=focus_initial(commitment)),
        "dates_form": bound.get("dates") or DatesForm(initial={n: getattr(commitment, n) for n in DATES_FIELDS}),
        "deliverables": deliverables,
        "new_deliverable_form": bound.get("new_deliverable")
        or DeliverableForm(prefix="new_d", initial={"due_on": commitment.ends_on}),
        "resources": resources,
        "new_resource_form": bound.get("new_resource") or ResourceForm(prefix="new_r"),
        "co_implementers": list(commitment.co_implementers.all()),
        "co_form": bound.get("co") or CoImplementerForm(parties=_co_parties(commitment)),
        "checklist": smart.check(commitment),
    }
    return render(request, "commitments/making/edit.html", context, status=status)


SECTION_ANCHORS = {"about": "about-title", "focus": "focus-title", "dates": "dates-title"}


@login_required
def edit(request, pk):
    commitment = _visible(request, pk)
    if not request.user.has_perm("commitments.edit_commitment", commitment):
        if commitment.status not in EDITABLE and is_maker(request.user, commitment):
            messages.info(
                request,
                _("“%(title)s” is %(status)s: it can no longer be edited.")
                % {"title": commitment.title, "status": commitment.get_status_display().lower()},
            )
            return redirect("commitments:mine")
        raise PermissionDenied
    if request.method != "POST":
        return _edit_page(request, commitment)
    section = request.POST.get("section", "")
    if section == "about":
        form = AboutForm(request.POST)
    elif section == "focus":
        form = FocusForm(request.POST, commitment=commitment)
    elif section == "dates":
        form = DatesForm(request.POST)
    else:
        return _edit_page(request, commitment, status=400)
    if form.is_valid():
        try:
            services.update_commitment(by=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_edit_url(commitment, SECTION_ANCHORS[section]))
    return _edit_page(request, commitment, status=400, **{section: form})


def _add_item(request, pk, *, form_class, prefix, add, added, anchor, page_key):
    """Add a deliverable or a resource: the service validates; the page again, its errors at the fields."""
    commitment = _editable(request, pk)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            add(by=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, added)
            return redirect(_edit_url(commitment, anchor))
    return _edit_page(request, commitment, status=400, **{page_key: form})


def _change_item(request, pk, item, *, model, make_form, update, remove, saved, removed, anchor, key):
    """Save or remove one deliverable or resource of an editable commitment."""
    commitment = _editable(request, pk)
    obj = get_object_or_404(model, pk=item, commitment=commitment)
    name = model._meta.model_name
    if "remove" in request.POST:
        remove(by=request.user, **{name: obj})
        messages.success(request, removed)
        return redirect(_edit_url(commitment, anchor))
    form = make_form(obj, request.POST)
    if form.is_valid():
        try:
            update(by=request.user, **{name: obj}, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect(_edit_url(commitment, f"{name}-{obj.pk}"))
    return _edit_page(request, commitment, status=400, **{f"{key}{obj.pk}": form})


@login_required
@require_POST
def deliverable_add(request, pk):
    return _add_item(
        request,
        pk,
        form_class=DeliverableForm,
        prefix="new_d",
        add=services.add_deliverable,
        added=_("Deliverable added."),
        anchor="deliverables-title",
        page_key="new_deliverable",
    )


@login_required
@require_POST
def deliverable_change(request, pk, item):
    return _change_item(
        request,
        pk,
        item,
        model=Deliverable,
        make_form=_deliverable_form,
        update=services.update_deliverable,
        remove=services.remove_deliverable,
        saved=_("Deliverable saved."),
        removed=_("Deliverable removed."),
        anchor="deliverables-title",
        key="d",
    )


@login_required
@require_POST
def resource_add(request, pk):
    return _add_item(
        request,
        pk,
        form_class=ResourceForm,
        prefix="new_r",
        add=services.add_resource,
        added=_("Resource added."),
        anchor="resources-title",
        page_key="new_resource",
    )


@login_required
@require_POST
def resource_change(request, pk, item):
    return _change_item(
        request,
        pk,
        item,
        model=Resource,
        make_form=_resource_form,
        update=services.update_resource,
        remove=services.remove_resource,
        saved=_("Resource saved."),
        removed=_("Resource removed."),
        anchor="resources-title",
        key="r",
    )


@login_required
@require_POST
def co_implementer_add(request, pk):
    commitment = _editable(request, pk)
    form = CoImplementerForm(request.POST, parties=_co_parties(commitment))
    if form.is_valid():
        try:
            services.invite_co_implementer(by=request.user, commitment=commitment, party=form.cleaned_data["party"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Co-implementer named: those who speak for it are asked to confirm."))
            return redirect(_edit_url(commitment, "co-title"))
    return _edit_page(request, commitment, status=400, co=form)


@login_required
@require_POST
def co_implementer_remove(request, pk, item):
    commitment = _editable(request, pk)
    co = get_object_or_404(CoImplementer, pk=item, commitment=commitment)
    services.remove_co_implementer(by=request.user, co=co)
    messages.success(request, _("Co-implementer removed."))
    return redirect(_edit_url(commitment, "co-title"))


@login_required
def submit(request, pk):
    """GET: the checklist and what submitting does; POST: submit (refused, naming each failing letter)."""
    commitment = _editable(request, pk)
    problems = []
    if request.method == "POST":
        try:
            services.submit(by=request.user, commitment=commitment)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("Submitted. The secretariat reviews it and tells you."))
            return redirect("commitments:mine")
    return render(
        request,
        "commitments/making/submit.html",
        {"commitment": commitment, "checklist": smart.check(commitment), "problems": problems},
        status=400 if problems else 200,
    )


@login_required
def mine(request):
    commitments = list(services.made_by(request.user))
    groups = [
        ("to-do", _("To finish"), [c for c in commitments if c.status in EDITABLE]),
        ("submitted", _("Waiting for the secretariat"), [c for c in commitments if c.status == "submitted"]),
        ("running", _("Published and ended"), [c for c in commitments if c.status not in (*EDITABLE, "submitted")]),
    ]
    return render(
        request,
        "commitments/making/mine.html",
        {
            "groups": groups,
            "to_confirm": list(services.pending_co_implementations(request.user)),
            "may_commit": bool(_parties_for(request.user)),
        },
    )


@login_required
def co_implementation(request, item):
    co = get_object_or_404(
        CoImplementer.objects.select_related(
            "commitment__lead_organisation",
            "commitment__lead_country",
            "commitment__lead_action_group",
            "organisation",
            "country",
            "action_group",
        ),
        pk=item,
    )
    if not request.user.has_perm("commitments.confirm_co_implementation", co):
        raise PermissionDenied
    problems = []
    if request.method == "POST":
        action = request.POST.get("action")
        service = {
            "confirm": services.confirm_co_implementation,
            "decline": services.decline_co_implementation,
        }.get(action)
        if service is None:
            problems = [_("Choose to confirm or to decline.")]
        else:
            try:
                service(by=request.user, co=co)
            except ValidationError as error:
                problems = error.messages
            else:
                done = (
                    _("Confirmed: %(party)s is shown with the commitment.")
                    if action == "confirm"
                    else _("Declined: %(party)s is not shown with the commitment.")
                )
                messages.success(request, done % {"party": co.party})
                return redirect("commitments:mine")
    commitment = co.commitment
    return render(
        request,
        "commitments/making/co_implementation.html",
        {
            "co": co,
            "commitment": commitment,
            "deliverables": list(commitment.deliverables.all()),
            "problems": problems,
        },
        status=400 if problems else 200,
    )


urls = [
    path("commitments/new/", new, name="new"),
    path("commitments/mine/", mine, name="mine"),
    path("commitments/co-implementations/<int:item>/", co_implementation, name="co_implementation"),
    path("commitments/<int:pk>/edit/", edit, name="edit"),
    path("commitments/<int:pk>/deliverables/", deliverable_add, name="deliverable_add"),
    path("commitments/<int:pk>/deliverables/<int:item>/", deliverable_change, name="deliverable_change"),
    path("commitments/<int:pk>/resources/", resource_add, name="resource_add"),
    path("commitments/<int:pk>/resources/<int:item>/", resource_change, name="resource_change"),
    path("commitments/<int:pk>/co-implementers/", co_implementer_add, name="co_implementer_add"),
    path(
        "commitments/<int:pk>/co-implementers/<int:item>/remove/", co_implementer_remove, name="co_implementer_remove"
    ),
    path("commitments/<int:pk>/submit/", submit, name="submit"),
]
