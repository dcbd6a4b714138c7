"""The secretariat's console for thematic priorities: the list (drafts first), a new priority, its details in
every language, its evidence (reviewed themes and conference outcome areas), publishing and withdrawing
(each asking first, and naming every reason publishing is refused), and the conference outcomes with their
areas.

Thin: read through ``selectors_priorities``, write through ``priorities``; a service's errors are shown next
to the field they name. Every change is a POST that redirects back (so it works without JavaScript).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance87.form_errors import apply_service_errors

from .. import priorities
from .. import selectors_priorities as selectors
from ..forms_priorities import (
    AreaForm,
    DocumentForm,
    EvidenceForm,
    PriorityForm,
    area_initial,
    document_initial,
    priority_initial,
)
from ..models import OutcomeArea, OutcomeDocument, Theme


def _manages(request) -> None:
    if not request.user.has_perm("engagement.manage_priorities"):
        raise PermissionDenied


def _manage_url(priority, anchor: str = "") -> str:
    url = reverse("engagement:priority_manage", args=[priority.slug])
    return f"{url}#{anchor}" if anchor else url


def _evidence_form(priority, data=None) -> EvidenceForm:
    # Offered: what may be attached, and what is attached (a theme whose review was reopened stays visible,
    # so it can be taken out).
    attached = priority.themes.values("pk")
    themes = (selectors.eligible_themes() | Theme.objects.filter(pk__in=attached)).select_related("run__consultation")
    areas = OutcomeArea.objects.select_related("document").order_by("document__title", "number", "pk")
    initial = {"themes": list(priority.themes.all()), "outcome_areas": list(priority.outcome_areas.all())}
    return EvidenceForm(data, themes=themes.distinct(), areas=areas, initial=initial)


@login_required
def console(request):
    _manages(request)
    return render(
        request,
        "engagement/priorities/console.html",
        {"priorities": selectors.priorities_for_console()},
    )


@login_required
def new(request):
    _manages(request)
    form = PriorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            priority = priorities.priority_create(by=request.user, title=data.pop("title"), **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Priority created as a draft. Now attach its evidence."))
            return redirect(_manage_url(priority, "evidence-title"))
    return render(request, "engagement/priorities/new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def manage(request, slug):
    _manages(request)
    priority = selectors.priority_for_edit(slug, request.user)
    form = PriorityForm(request.POST or None, initial=priority_initial(priority))
    if request.method == "POST" and form.is_valid():
        try:
            priorities.priority_update(by=request.user, priority=priority, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Details saved."))
            return redirect(_manage_url(priority))
        priority.refresh_from_db()
    return render(
        request,
        "engagement/priorities/manage.html",
        {
            "priority": priority,
            "form": form,
            "evidence_form": _evidence_form(priority),
            "problems": priorities.publish_problems(priority) if priority.status != "published" else [],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def evidence(request, slug):
    _manages(request)
    priority = selectors.priority_for_edit(slug, request.user)
    form = _evidence_form(priority, request.POST)
    if form.is_valid():
        try:
            priorities.priority_set_evidence(
                by=request.user,
                priority=priority,
                themes=form.cleaned_data["themes"],
                outcome_areas=form.cleaned_data["outcome_areas"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Evidence saved."))
            return redirect(_manage_url(priority, "evidence-title"))
    return render(
        request,
        "engagement/priorities/manage.html",
        {
            "priority": priority,
            "form": PriorityForm(initial=priority_initial(priority)),
            "evidence_form": form,
            "problems": [],
        },
        status=400,
    )


ACTIONS = {"publish": priorities.publish_priority, "withdraw": priorities.withdraw_priority}


@login_required
def status(request, slug, action):
    """GET asks first (what publishing or withdrawing does, and why publishing is refused); POST does it."""
    _manages(request)
    priority = selectors.priority_for_edit(slug, request.user)
    problems = priorities.publish_problems(priority) if action == "publish" else []
    if request.method == "POST":
        try:
            ACTIONS[action](by=request.user, priority=priority)
        except ValidationError as error:
            problems = error.messages
        else:
            if action == "publish":
                messages.success(request, _("Published. Its page is public and the consultations’ teams are told."))
                return redirect(priority.get_absolute_url())
            messages.success(request, _("Withdrawn. It has left the list; its page says it was withdrawn."))
            return redirect(_manage_url(priority))
    return render(
        request,
        "engagement/priorities/confirm.html",
        {"priority": priority, "action": action, "problems": problems},
        status=400 if problems and request.method == "POST" else 200,
    )


# --- Conference outcomes ----------------------------------------------------------------------------------


@login_required
def outcomes(request):
    _manages(request)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            document = priorities.outcome_document_create(by=request.user, title=data.pop("title"), **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Conference outcome added. Now add its areas."))
            return redirect("engagement:outcome", document.slug)
    return render(
        request,
        "engagement/priorities/outcomes.html",
        {"documents": selectors.outcome_documents(), "form": form},
        status=400 if form.errors else 200,
    )


def _area_forms(document):
    return [(area, AreaForm(initial=area_initial(area), prefix=f"a{area.pk}")) for area in document.areas.all()]


@login_required
def outcome(request, slug):
    _manages(request)
    document = get_object_or_404(OutcomeDocument, slug=slug)
    form = DocumentForm(request.POST or None, initial=document_initial(document))
    if request.method == "POST" and form.is_valid():
        try:
            priorities.outcome_document_update(by=request.user, document=document, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Details saved."))
            return redirect("engagement:outcome", document.slug)
    return _outcome_page(request, document, form=form, status=400 if form.errors else 200)


def _outcome_page(request, document, *, form=None, new_area=None, status=200):
    return render(
        request,
        "engagement/priorities/outcome.html",
        {
            "document": document,
            "form": form or DocumentForm(initial=document_initial(document)),
            "areas": _area_forms(document),
            "new_area": new_area or AreaForm(prefix="new"),
        },
        status=status,
    )


@login_required
@require_POST
def area_add(request, slug):
    _manages(request)
    document = get_object_or_404(OutcomeDocument, slug=slug)
    form = AreaForm(request.POST, prefix="new")
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            priorities.outcome_area_add(by=request.user, document=document, title=data.pop("title"), **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Area added."))
            return redirect(reverse("engagement:outcome", args=[slug]) + "#areas-title")
    return _outcome_page(request, document, new_area=form, status=400)


@login_required
@require_POST
def area(request, slug, pk):
    _manages(request)
    document = get_object_or_404(OutcomeDocument, slug=slug)
    found = get_object_or_404(OutcomeArea, pk=pk, document=document)
    back = reverse("engagement:outcome", args=[slug]) + f"#area-{found.pk}"
    if request.POST.get("delete"):
        try:
            priorities.outcome_area_delete(by=request.user, area=found)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, _("Area removed."))
        return redirect(reverse("engagement:outcome", args=[slug]) + "#areas-title")
    form = AreaForm(request.POST, initial=area_initial(found), prefix=f"a{found.pk}")
    if form.is_valid():
        try:
            priorities.outcome_area_update(by=request.user, area=found, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Area saved."))
            return redirect(back)
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(back)


urls = [
    path("priorities/manage/", console, name="priorities_console"),
    path("priorities/manage/new/", new, name="priority_new"),
    path("priorities/manage/outcomes/", outcomes, name="outcomes"),
    path("priorities/manage/outcomes/<slug:slug>/", outcome, name="outcome"),
    path("priorities/manage/outcomes/<slug:slug>/areas/add/", area_add, name="outcome_area_add"),
    path("priorities/manage/outcomes/<slug:slug>/areas/<int:pk>/", area, name="outcome_area"),
    path("priorities/manage/<slug:slug>/", manage, name="priority_manage"),
    path("priorities/manage/<slug:slug>/evidence/", evidence, name="priority_evidence"),
    path("priorities/manage/<slug:slug>/publish/", status, {"action": "publish"}, name="priority_publish"),
    path("priorities/manage/<slug:slug>/withdraw/", status, {"action": "withdraw"}, name="priority_withdraw"),
]
