"""Keeping a country's roadmap: new versions, priorities, key actions and indicators (one form per URL)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import (
    CharField,
    CheckboxSelectMultiple,
    ChoiceField,
    DateField,
    DateInput,
    DecimalField,
    FileField,
    Form,
    IntegerField,
    MultipleChoiceField,
    Textarea,
    TextInput,
)
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..models import Funding, Priority, Roadmap
from ..vocab import CURRENCIES
from ..vocab import DurbanArea as DurbanAreaChoices
from ..vocab import Form as FormChoices
from .country import apply_service_errors


def year_field(label: str, required: bool = False) -> IntegerField:
    return IntegerField(label=label, required=required, min_value=1990, max_value=2100)


class RoadmapVersionForm(Form):
    title = CharField(label=gettext_lazy("Title"), max_length=300)
    period_start = year_field(gettext_lazy("Period from (year)"), required=True)
    period_end = year_field(gettext_lazy("Period to (year)"), required=True)
    adopted_on = DateField(
        label=gettext_lazy("Adopted on"),
        required=False,
        widget=DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty when the date is not known."),
    )
    document = FileField(
        label=gettext_lazy("Document"),
        required=False,
        help_text=gettext_lazy("The roadmap as adopted: a PDF, an Office document or an image."),
    )


class PriorityForm(Form):
    title = CharField(label=gettext_lazy("Title"), max_length=300)
    description = CharField(label=gettext_lazy("Description"), required=False, max_length=4000, widget=Textarea)
    durban_areas = MultipleChoiceField(
        label=gettext_lazy("Durban Call to Action areas"),
        required=False,
        choices=DurbanAreaChoices.choices,
        widget=CheckboxSelectMultiple,
    )
    forms = MultipleChoiceField(
        label=gettext_lazy("Forms of SDG 8.7"),
        required=False,
        choices=FormChoices.choices,
        widget=CheckboxSelectMultiple,
    )


class KeyActionForm(Form):
    title = CharField(label=gettext_lazy("Key action"), max_length=300)
    responsible_body = CharField(label=gettext_lazy("Responsible body"), required=False, max_length=300)
    start_year = year_field(gettext_lazy("From (year)"))
    end_year = year_field(gettext_lazy("To (year)"))
    budget_amount = DecimalField(label=gettext_lazy("Budget"), required=False, min_value=0, max_digits=16)
    budget_currency = CharField(
        label=gettext_lazy("Currency"),
        required=False,
        max_length=3,
        widget=TextInput(attrs={"list": "currencies", "autocapitalize": "characters", "size": 5}),
        help_text=gettext_lazy("The ISO 4217 code, e.g. USD, EUR, KES."),
    )
    funding = ChoiceField(label=gettext_lazy("Funding"), choices=Funding.choices, initial=Funding.UNKNOWN)


class IndicatorForm(Form):
    name = CharField(label=gettext_lazy("Indicator"), max_length=300)
    unit = CharField(label=gettext_lazy("Unit"), required=False, max_length=50)
    baseline_value = DecimalField(label=gettext_lazy("Baseline value"), required=False, max_digits=16)
    baseline_year = year_field(gettext_lazy("Baseline year"))
    target_value = DecimalField(label=gettext_lazy("Target value"), required=False, max_digits=16)
    target_year = year_field(gettext_lazy("Target year"))


def country_for_roadmap_edit(code: str, user):
    country = selectors.country_for_page(code)
    if not user.has_perm("pathfinders.edit_roadmap", country):
        raise PermissionDenied
    return country


def priority_of_current_roadmap(country, pk: int) -> Priority:
    return get_object_or_404(
        Priority.objects.select_related("roadmap__country"), pk=pk, roadmap__country=country, roadmap__is_current=True
    )


def edit_page(request, country, *, bound=None):
    """The roadmap editing page; ``bound`` is a form that failed, shown in its place with its errors."""
    roadmap = selectors.roadmap_for_page(country)
    priorities = []
    for priority in roadmap.priorities.all() if roadmap else []:
        action_form = KeyActionForm(prefix=f"action-{priority.pk}")
        indicator_form = IndicatorForm(prefix=f"indicator-{priority.pk}")
        if bound is not None and bound.prefix == action_form.prefix:
            action_form = bound
        if bound is not None and bound.prefix == indicator_form.prefix:
            indicator_form = bound
        priorities.append({"priority": priority, "action_form": action_form, "indicator_form": indicator_form})
    version_form = bound if isinstance(bound, RoadmapVersionForm) else RoadmapVersionForm(prefix="version")
    priority_form = bound if isinstance(bound, PriorityForm) else PriorityForm(prefix="priority")
    return render(
        request,
        "pathfinders/roadmap/roadmap_edit.html",
        {
            "country": country,
            "roadmap": roadmap,
            "priorities": priorities,
            "version_form": version_form,
            "priority_form": priority_form,
            "currencies": sorted(CURRENCIES),
            # A new version replaces the public roadmap: the page asks first, on a step of its own (a GET).
            "new_version_step": "new-version" in request.GET or isinstance(bound, RoadmapVersionForm),
        },
    )


def back_to_page(country, anchor: str = ""):
    url = reverse("pathfinders:roadmap_edit", args=[country.code.code.lower()])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
def roadmap_edit(request, code: str):
    return edit_page(request, country_for_roadmap_edit(code, request.user))


@login_required
@require_POST
def roadmap_version_create(request, code: str):
    country = country_for_roadmap_edit(code, request.user)
    form = RoadmapVersionForm(request.POST, request.FILES, prefix="version")
    if form.is_valid():
        try:
            roadmap = services.roadmap_create(
                country=country, by=request.user, is_example=country.is_example, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Version %(version)s of the roadmap is now the current one.") % {"version": roadmap.version}
            )
            return back_to_page(country)
    return edit_page(request, country, bound=form)


@login_required
@require_POST
def priority_add(request, code: str):
    country = country_for_roadmap_edit(code, request.user)
    roadmap = selectors.roadmap_for_page(country)
    if roadmap is None:
        messages.error(request, _("Record the roadmap first; then add its priorities."))
        return back_to_page(country)
    form = PriorityForm(request.POST, prefix="priority")
    if form.is_valid():
        try:
            priority = services.priority_add(roadmap=roadmap, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The priority “%(title)s” is added.") % {"title": priority.title})
            return back_to_page(country, f"priority-{priority.pk}")
    return edit_page(request, country, bound=form)


@login_required
@require_POST
def key_action_add(request, code: str, pk: int):
    country = country_for_roadmap_edit(code, request.user)
    priority = priority_of_current_roadmap(country, pk)
    form = KeyActionForm(request.POST, prefix=f"action-{priority.pk}")
    if form.is_valid():
        try:
            action = services.key_action_add(priority=priority, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The key action “%(title)s” is added.") % {"title": action.title})
            return back_to_page(country, f"priority-{priority.pk}")
    return edit_page(request, country, bound=form)


@login_required
@require_POST
def indicator_add(request, code: str, pk: int):
    country = country_for_roadmap_edit(code, request.user)
    priority = priority_of_current_roadmap(country, pk)
    form = IndicatorForm(request.POST, prefix=f"indicator-{priority.pk}")
    if form.is_valid():
        try:
            indicator = services.indicator_add(priority=priority, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The indicator “%(name)s” is added.") % {"name": indicator.name})
            return back_to_page(country, f"priority-{priority.pk}")
    return edit_page(request, country, bound=form)


# Shown in the browser; any other allowed document (Office files) is downloaded.
INLINE_DOCUMENTS = (".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp")


def roadmap_document(request, code: str, version: int):
    """A roadmap's document, for everyone: roadmaps are public, as the country's page shows them."""
    country = selectors.country_for_page(code)
    roadmap = get_object_or_404(Roadmap, country=country, version=version)
    if not roadmap.document:
        raise Http404
    name = roadmap.document.name.rsplit("/", 1)[-1]
    return FileResponse(
        roadmap.document.open("rb"), filename=name, as_attachment=not name.lower().endswith(INLINE_DOCUMENTS)
    )


urls = [
    path("countries/<str:code>/roadmap/", roadmap_edit, name="roadmap_edit"),
    path("countries/<str:code>/roadmap/versions/", roadmap_version_create, name="roadmap_version_create"),
    path("countries/<str:code>/roadmap/versions/<int:version>/document/", roadmap_document, name="roadmap_document"),
    path("countries/<str:code>/roadmap/priorities/", priority_add, name="priority_add"),
    path("countries/<str:code>/roadmap/priorities/<int:pk>/actions/", key_action_add, name="key_action_add"),
    path("countries/<str:code>/roadmap/priorities/<int:pk>/indicators/", indicator_add, name="indicator_add"),
]
