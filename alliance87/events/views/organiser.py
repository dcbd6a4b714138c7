"""The organiser's pages: the events one may edit, an event's details, agenda and people, its checks.

Thin: read through selectors, write through services, show a service's errors next to the field it
names. Every page is for the secretariat and the event's organisers (``events.edit_event``); starting
an event and importing a concept note are the secretariat's. Every change is a POST that redirects
back (so it works without JavaScript); ``events-manage.js`` sends the same forms with fetch and swaps
in the parts of the page that changed, keeping the keyboard focus where it was.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alliance87 import dates
from alliance87.form_errors import apply_service_errors

from .. import selectors, services
from ..forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    ConceptNoteConfirmForm,
    ConceptNoteForm,
    EventForm,
    ParticipationForm,
    time_zone_names,
)
from ..models import AgendaItem, Event, Participation
from ..vocab import EventStatus

# Files and pages an organiser opens from here: (URL name, label, for published events only).
EVENT_LINKS = (
    ("events:programme", gettext_lazy("Public programme"), True),
    ("events:programme_pdf", gettext_lazy("Programme (PDF)"), True),
    ("events:calendar", gettext_lazy("Calendar file (.ics)"), True),
    ("events:schedule_xml", gettext_lazy("Schedule for conference apps (XML)"), True),
    ("events:schedule_json", gettext_lazy("Schedule for conference apps (JSON)"), True),
    ("events:run", gettext_lazy("Run-of-show console"), False),
    ("events:countdown", gettext_lazy("Speaker countdown"), False),
    ("events:run_of_show_pdf", gettext_lazy("Run-of-show (PDF)"), False),
    ("events:participants_csv", gettext_lazy("Participant list (CSV)"), False),
    ("events:participants_xlsx", gettext_lazy("Participant list (Excel)"), False),
    ("events:concept_note_docx", gettext_lazy("Concept note (Word)"), False),
    ("events:concept_note_pdf", gettext_lazy("Concept note (PDF)"), False),
)


MANAGE_PAGES = ("events:manage_event", "events:manage_agenda", "events:manage_people")


def event_links(event: Event) -> list[tuple[str, str]]:
    """The event's pages and exports, as (label, address)."""
    published = event.status == EventStatus.PUBLISHED
    return [(label, reverse(name, args=[event.slug])) for name, label, public in EVENT_LINKS if published or not public]


def event_for_edit(slug: str, user) -> Event:
    """404 for a draft one may not see, as for an unknown address; 403 for a published event not one's own."""
    return selectors.event_for(slug, user, "events.edit_event")


def _page(request, template: str, event: Event, tab: str, **context):
    """A manage page: the event, its tabs, its checks and its links, plus the page's own context."""
    return render(
        request,
        template,
        {
            "event": event,
            "tab": tab,
            "flags": selectors.flags(event, viewer=request.user),
            "links": event_links(event),
            "local_start": event.starts_at.astimezone(event.zone),
            "local_end": event.ends_at.astimezone(event.zone),
            **context,
        },
    )


def _back(event: Event, name: str, anchor: str = ""):
    url = reverse(name, args=[event.slug])
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- The list, a new event, an import ---------------------------------------------------------


@login_required
def manage(request):
    events = selectors.events_to_manage(request.user)
    to_run = selectors.events_to_run(request.user)
    can_create = request.user.has_perm("events.create_event")
    if not (events or to_run or can_create):
        raise PermissionDenied
    return render(
        request,
        "events/manage/index.html",
        {
            "events": events,
            "to_run": to_run,
            "can_create": can_create,
            "can_import": request.user.has_perm("events.import_concept_note"),
        },
    )


@login_required
def manage_new(request):
    if not request.user.has_perm("events.create_event"):
        raise PermissionDenied
    form = EventForm(request.POST or None, initial={"time_zone": services.DEFAULT_TIME_ZONE}, by=request.user)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            event = services.event_create(
                by=request.user,
                title=changes.pop("title"),
                time_zone=changes.pop("time_zone"),
                starts_at=changes.pop("starts_at"),
                ends_at=changes.pop("ends_at"),
                **changes,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The draft event “%(title)s” is created.") % {"title": event.title})
            return _back(event, "events:manage_event")
    return render(request, "events/manage/new.html", {"form": form, "time_zones": time_zone_names()})


def _line_number(problem: str) -> int:
    """“line 12: …” (in any language) → 12, so the problems read from the top of the note down."""
    found = re.search(r"\d+", problem)
    return int(found.group()) if found else 0


# The note read at the first step, kept for the confirmation step (the session's store is the database).
NOTE_KEY = "events_concept_note"
INFERRED_LABELS = {
    "year": gettext_lazy("Year"),
    "time_zone": gettext_lazy("Time zone"),
    "role": gettext_lazy("Role"),
    "person": gettext_lazy("Person"),
}


@login_required
def manage_import(request):
    """Two steps: upload the note, then confirm (or correct) what it does not state outright; nothing is
    written before the second. Errors name this page's fields, never the command's flags."""
    if not request.user.has_perm("events.import_concept_note"):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("confirm"):
        return _import_confirm(request)
    problems = []
    form = ConceptNoteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        request.session[NOTE_KEY] = {"text": form.text, "source": form.cleaned_data["file"].name}
        try:
            plan = services.concept_note_read(
                text=form.text,
                by=request.user,
                time_zone=form.cleaned_data["time_zone"] or None,
                year=form.cleaned_data["year"],
            )
        except services.ConceptNoteProblems as error:
            problems = sorted(error.problems, key=_line_number)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _confirm_page(request, plan, _confirm_form(plan))
    return render(
        request,
        "events/manage/import.html",
        {"form": form, "problems": problems, "time_zones": time_zone_names()},
    )


def _confirm_form(plan) -> ConceptNoteConfirmForm:
    """The confirmation form filled with what was read; what must be given carries its question as its error."""
    year = plan.note.day.year if plan.note.day else ""
    data = {"confirm": "1", "time_zone": plan.time_zone or "", "year": year}
    form = ConceptNoteConfirmForm(data, candidates=_candidates(plan))
    form.is_valid()
    for name in ("time_zone", "year"):
        form.errors.pop(name, None)
    for ask in plan.asks.values():
        form.add_error(ask.field, ask.text(f"“{form.fields[ask.field].label}”"))
    return form


def _candidates(plan) -> list[str]:
    ask = plan.asks.get("time_zone")
    return ask.candidates if ask else []


def _confirm_page(request, plan, form):
    return render(
        request,
        "events/manage/import_confirm.html",
        {
            "plan": plan,
            "form": form,
            "show_year": "year" in plan.asks or any(i.what == "year" for i in plan.inferred),
            "inferred": [(INFERRED_LABELS[i.what], i.value, i.source) for i in plan.inferred],
            "time_zones": time_zone_names(),
        },
    )


def _import_confirm(request):
    """The second step: the note kept from the first, with the time zone and year the person confirmed."""
    stored = request.session.get(NOTE_KEY)
    if request.FILES.get("file"):  # the note and its confirmation in one request (a script's upload)
        upload = ConceptNoteForm(request.POST, request.FILES)
        if upload.is_valid():
            stored = {"text": upload.text, "source": upload.cleaned_data["file"].name}
    if not stored:
        messages.error(request, _("The concept note read before is no longer kept: upload it again."))
        return redirect("events:manage_import")
    text, source = stored["text"], stored["source"]
    try:
        plan = services.concept_note_read(text=text, by=request.user)
    except ValidationError:  # read at the first step; only a forged confirmation gets here
        messages.error(request, _("The concept note read before could not be read again: upload it again."))
        return redirect("events:manage_import")
    form = ConceptNoteConfirmForm(request.POST, candidates=_candidates(plan))
    if form.is_valid():
        try:
            plan = services.concept_note_read(
                text=text, by=request.user, time_zone=form.cleaned_data["time_zone"], year=form.cleaned_data["year"]
            )
            event = services.concept_note_apply(plan, by=request.user, source=source)
        except services.ConceptNoteProblems as error:
            for problem in error.problems:
                form.add_error(None, problem)
        except services.ConceptNoteRefused:
            pass  # the page says so, with the link to the event
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            request.session.pop(NOTE_KEY, None)
            _imported_messages(request, plan, event)
            return _back(event, "events:manage_event")
    return _confirm_page(request, plan, form)


def _imported_messages(request, plan, event) -> None:
    if plan.action == "update":
        messages.success(
            request,
            _("The draft is updated from the concept note: its agenda and people are replaced (%(count)s changes).")
            % {"count": len(plan.changes)},
        )
    else:
        messages.success(
            request,
            _("The concept note is imported as a draft: %(items)s agenda items. Check it below.")
            % {"items": event.items.count()},
        )
    for warning in plan.warnings:
        messages.warning(request, warning)


# --- An event's details and publication ---------------------------------------------------------


@login_required
def manage_event(request, slug: str):
    event = event_for_edit(slug, request.user)
    form = EventForm(request.POST or None, event=event, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, by=request.user, **form.changes())
        except ValidationError as error:
            apply_service_errors(form, error)
            event.refresh_from_db()  # the page shows what is saved, beside the form that was refused
        else:
            messages.success(request, _("The event’s details are saved."))
            return _back(event, "events:manage_event")
    return _page(request, "events/manage/event.html", event, "details", form=form, time_zones=time_zone_names())


@login_required
@require_POST
def manage_publish(request, slug: str):
    event = event_for_edit(slug, request.user)
    published = request.POST.get("published") == "1"
    try:
        services.event_publish(event=event, by=request.user, published=published)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _published_message(request, published)
    # Back to the page the button was on: one of this event's manage pages, nowhere else.
    pages = [reverse(name, args=[event.slug]) for name in MANAGE_PAGES]
    return redirect(request.POST.get("next") if request.POST.get("next") in pages else pages[0])


def _published_message(request, published: bool) -> None:
    if published:
        messages.success(request, _("The programme is published: anyone can read it now."))
    else:
        messages.success(request, _("The programme is withdrawn: it is a draft again, not public."))


@login_required
@require_POST
def manage_end_with_agenda(request, slug: str):
    """The organiser's explicit “end at”: the event ends when its agenda does (an agenda that overruns)."""
    event = event_for_edit(slug, request.user)
    try:
        event = services.event_end_with_agenda(event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        end = event.ends_at.astimezone(event.zone)
        messages.success(request, _("The event now ends at %(end)s, when its agenda ends.") % {"end": f"{end:%H:%M}"})
    return _back(event, "events:manage_event")


@login_required
def manage_withdraw(request, slug: str):
    """Asks before withdrawing the programme (the button posts to ``manage_publish``): says what happens."""
    event = event_for_edit(slug, request.user)
    if event.status != EventStatus.PUBLISHED:
        return _back(event, "events:manage_event")
    if not request.user.has_perm("events.publish_event", event):
        raise PermissionDenied
    nxt = request.GET.get("next", "")
    pages = [reverse(name, args=[event.slug]) for name in MANAGE_PAGES]
    return _page(request, "events/manage/withdraw.html", event, "details", back=nxt if nxt in pages else pages[0])


# --- The agenda ---------------------------------------------------------------------------------


def _item(event: Event, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=pk, event=event)


def _agenda_page(request, event: Event, *, add_form=None):
    return _page(
        request,
        "events/manage/agenda.html",
        event,
        "agenda",
        agenda=selectors.agenda_with_times(event),
        add_form=add_form or AgendaItemForm(prefix="add"),
    )


@login_required
def manage_agenda(request, slug: str):
    return _agenda_page(request, event_for_edit(slug, request.user))


@login_required
@require_POST
def agenda_add(request, slug: str):
    event = event_for_edit(slug, request.user)
    form = AgendaItemForm(request.POST, prefix="add")
    if form.is_valid():
        try:
            item = services.agenda_item_add(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is added at the end of the agenda.") % {"title": item.title})
            return _back(event, "events:manage_agenda", f"item-{item.pk}")
    return _agenda_page(request, event, add_form=form)


@login_required
def agenda_item_edit(request, slug: str, pk: int):
    event = event_for_edit(slug, request.user)
    item = _item(event, pk)
    form = AgendaItemEditForm(request.POST or None, initial=AgendaItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
            item.refresh_from_db()
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": item.title})
            return _back(event, "events:manage_agenda", f"item-{item.pk}")
    return _page(request, "events/manage/item_edit.html", event, "agenda", item=item, form=form)


@login_required
def agenda_item_delete(request, slug: str, pk: int):
    """GET asks to confirm; POST deletes the item and its people's roles in it."""
    event = event_for_edit(slug, request.user)
    item = _item(event, pk)
    if request.method == "POST":
        services.agenda_item_delete(item=item, by=request.user)
        messages.success(request, _("“%(title)s” is deleted; the items after it move up.") % {"title": item.title})
        return _back(event, "events:manage_agenda")
    roles = list(item.participations.select_related("person").order_by("position", "pk"))
    return _page(request, "events/manage/item_delete.html", event, "agenda", item=item, roles=roles)


def _moved_message(event: Event, item: AgendaItem) -> str:
    slot = next(s for s in selectors.agenda_with_times(event) if s.item.pk == item.pk)
    return _("“%(title)s” is now item %(position)s of %(count)s, %(start)s–%(end)s.") % {
        "title": item.title,
        "position": item.position,
        "count": event.items.count(),
        "start": dates.clock(slot.starts_at, event.zone),
        "end": dates.clock(slot.ends_at, event.zone),
    }


@login_required
@require_POST
def agenda_item_move(request, slug: str, pk: int):
    """Move one item up or down by one place (the keyboard's way to reorder)."""
    event = event_for_edit(slug, request.user)
    item = _item(event, pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        messages.error(request, _("Choose to move the item up or down."))
        return _back(event, "events:manage_agenda")
    item = services.agenda_item_move(item=item, by=request.user, position=max(item.position + step, 1))
    messages.success(request, _moved_message(event, item))
    return _back(event, "events:manage_agenda", f"item-{item.pk}")


@login_required
@require_POST
def agenda_reorder(request, slug: str):
    """Put the items in a new order (a drag and drop): ``item`` lists every item's id, in the new order."""
    event = event_for_edit(slug, request.user)
    try:
        item_ids = [int(value) for value in request.POST.getlist("item")]
        ordered = services.agenda_reorder(event=event, by=request.user, item_ids=item_ids)
    except ValueError:
        messages.error(request, _("The new order could not be read; nothing was changed."))
        return _back(event, "events:manage_agenda")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(event, "events:manage_agenda")
    moved = request.POST.get("moved", "")
    item = next((i for i in ordered if str(i.pk) == moved), None)
    messages.success(request, _moved_message(event, item) if item else _("The agenda’s new order is saved."))
    return _back(event, "events:manage_agenda", f"item-{item.pk}" if item else "")


# --- The people ---------------------------------------------------------------------------------


def _participation(event: Event, pk: int) -> Participation:
    return get_object_or_404(Participation.objects.select_related("person", "agenda_item"), pk=pk, event=event)


def _people_page(request, event: Event, *, add_form=None):
    # Someone outside the organiser's events is found by their full name, exactly (``?find=``).
    find = selectors.normalised_name(request.GET.get("find", "")) if add_form is None else add_form.find
    found = selectors.people_named(find) if find else []
    participations = list(
        Participation.objects.filter(event=event)
        .select_related("person", "person__organisation", "agenda_item")
        .order_by("agenda_item__position", "position", "pk")
    )
    groups = [{"item": None, "participations": [p for p in participations if p.agenda_item_id is None]}]
    for item in event.items.order_by("position", "pk"):
        groups.append({"item": item, "participations": [p for p in participations if p.agenda_item_id == item.pk]})
    return _page(
        request,
        "events/manage/people.html",
        event,
        "people",
        groups=groups,
        add_form=add_form or ParticipationForm(prefix="add", event=event, adding=True, by=request.user, find=find),
        find=find,
        found=found,
    )


@login_required
def manage_people(request, slug: str):
    return _people_page(request, event_for_edit(slug, request.user))


@login_required
@require_POST
def people_add(request, slug: str):
    event = event_for_edit(slug, request.user)
    form = ParticipationForm(
        request.POST, prefix="add", event=event, adding=True, by=request.user, find=request.POST.get("add-find", "")
    )
    if form.is_valid():
        fields = form.participation_fields()
        try:
            if form.cleaned_data["person"]:
                participation = services.participation_add(
                    event=event, by=request.user, person=form.cleaned_data["person"], found_by_name=form.find, **fields
                )
            else:
                participation = services.participation_add_new_person(
                    event=event, by=request.user, name=form.cleaned_data["name"], **fields
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is added as %(role)s.")
                % {"name": participation.person.name, "role": participation.get_role_display().lower()},
            )
            return _back(event, "events:manage_people", f"participation-{participation.pk}")
    return _people_page(request, event, add_form=form)


@login_required
def people_edit(request, slug: str, pk: int):
    event = event_for_edit(slug, request.user)
    participation = _participation(event, pk)
    initial = {name: getattr(participation, name) for name in services.PARTICIPATION_FIELDS if name != "position"}
    form = ParticipationForm(request.POST or None, initial=initial, event=event, adding=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_update(participation=participation, by=request.user, **form.participation_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
            participation.refresh_from_db()
        else:
            messages.success(request, _("The role of %(name)s is saved.") % {"name": participation.person.name})
            return _back(event, "events:manage_people", f"participation-{participation.pk}")
    return _page(
        request, "events/manage/participation_edit.html", event, "people", participation=participation, form=form
    )


@login_required
def people_remove(request, slug: str, pk: int):
    """GET asks to confirm; POST removes this role (the person stays in the network)."""
    event = event_for_edit(slug, request.user)
    participation = _participation(event, pk)
    if request.method == "POST":
        services.participation_remove(participation=participation, by=request.user)
        messages.success(
            request,
            _("%(name)s no longer has this role in the event.") % {"name": participation.person.name},
        )
        return _back(event, "events:manage_people")
    return _page(request, "events/manage/participation_remove.html", event, "people", participation=participation)


urls = [
    path("events/manage/", manage, name="manage"),
    path("events/manage/new/", manage_new, name="manage_new"),
    path("events/manage/import/", manage_import, name="manage_import"),
    path("events/manage/<slug:slug>/", manage_event, name="manage_event"),
    path("events/manage/<slug:slug>/publish/", manage_publish, name="manage_publish"),
    path("events/manage/<slug:slug>/withdraw/", manage_withdraw, name="manage_withdraw"),
    path("events/manage/<slug:slug>/end-with-agenda/", manage_end_with_agenda, name="manage_end_with_agenda"),
    path("events/manage/<slug:slug>/agenda/", manage_agenda, name="manage_agenda"),
    path("events/manage/<slug:slug>/agenda/add/", agenda_add, name="manage_agenda_add"),
    path("events/manage/<slug:slug>/agenda/reorder/", agenda_reorder, name="manage_agenda_reorder"),
    path("events/manage/<slug:slug>/agenda/<int:pk>/", agenda_item_edit, name="manage_item"),
    path("events/manage/<slug:slug>/agenda/<int:pk>/delete/", agenda_item_delete, name="manage_item_delete"),
    path("events/manage/<slug:slug>/agenda/<int:pk>/move/", agenda_item_move, name="manage_item_move"),
    path("events/manage/<slug:slug>/people/", manage_people, name="manage_people"),
    path("events/manage/<slug:slug>/people/add/", people_add, name="manage_people_add"),
    path("events/manage/<slug:slug>/people/<int:pk>/", people_edit, name="manage_participation"),
    path("events/manage/<slug:slug>/people/<int:pk>/remove/", people_remove, name="manage_participation_remove"),
]
