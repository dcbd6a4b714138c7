"""From the stage to the registry: the organiser's follow-up of an event (takeaways, invitations to commit, the
outcome counted), the public takeaways, and the invitation's link.

Thin: the services (``stage``) check the rights and the input; every change is a POST that redirects back.
A new invitation's link is shown once, after it is made (only its SHA-256 is kept): the page keeps the new
links in the session until it shows them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance87.events import selectors as event_selectors
from alliance87.form_errors import apply_service_errors
from alliance87.notify import absolute
from alliance87.pagecache import public_page

from .. import stage
from ..forms_stage import InvitedCommitmentForm, InviteForm, TakeawayForm
from ..models import Invitation, Takeaway

LINKS_KEY = "commitments_new_links:%d"  # an event's pk: the links made by the last invitation, shown once


def _event(request, slug):
    return event_selectors.event_for(slug, request.user, stage.PERM)


def _follow_up_page(request, event, *, takeaway_form=None, invite_form=None, status=200):
    invitations = stage.invitations_of(event)
    candidates = stage.candidates(event)
    invite_form = invite_form or InviteForm(
        candidates=candidates,
        invited_orgs={i.organisation_id for i in invitations},
        invited_countries={i.country_id for i in invitations},
    )
    new_links = request.session.pop(LINKS_KEY % event.pk, [])
    return render(
        request,
        "commitments/stage/follow_up.html",
        {
            "event": event,
            "tab": "follow_up",
            "local_start": event.starts_at.astimezone(event.zone),
            "local_end": event.ends_at.astimezone(event.zone),
            "takeaways": stage.takeaways_of(event),
            "takeaway_form": takeaway_form or TakeawayForm(event=event),
            "invite_form": invite_form,
            "invitations": invitations,
            "new_links": new_links,
            "outcome": stage.outcome(event),
            "priorities": stage._event_priorities(event),
            "taken_place": stage.has_taken_place(event),
        },
        status=status,
    )


@login_required
def follow_up(request, slug):
    return _follow_up_page(request, _event(request, slug))


@login_required
@require_POST
def takeaway_add(request, slug):
    event = _event(request, slug)
    form = TakeawayForm(request.POST, event=event)
    if form.is_valid():
        try:
            stage.add_takeaway(by=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The takeaway is added."))
            return redirect(reverse("commitments:follow_up", args=[slug]) + "#takeaways")
    return _follow_up_page(request, event, takeaway_form=form, status=400)


def _takeaway(event, pk) -> Takeaway:
    return get_object_or_404(Takeaway, pk=pk, event=event)


@login_required
def takeaway_edit(request, slug, pk):
    event = _event(request, slug)
    takeaway = _takeaway(event, pk)
    initial = {
        "text": takeaway.text,
        "language": takeaway.language,
        "agenda_item": takeaway.agenda_item_id,
        "priorities": list(takeaway.priorities.values_list("pk", flat=True)),
    }
    form = TakeawayForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        priorities = data.pop("priorities")
        try:
            stage.edit_takeaway(by=request.user, takeaway=takeaway, priorities=priorities, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The takeaway is saved."))
            return redirect(reverse("commitments:follow_up", args=[slug]) + f"#takeaway-{takeaway.pk}")
    return render(
        request,
        "commitments/stage/takeaway_edit.html",
        {"event": event, "takeaway": takeaway, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def takeaway_delete(request, slug, pk):
    event = _event(request, slug)
    stage.delete_takeaway(by=request.user, takeaway=_takeaway(event, pk))
    messages.success(request, _("The takeaway is removed."))
    return redirect(reverse("commitments:follow_up", args=[slug]) + "#takeaways")


@login_required
@require_POST
def takeaway_move(request, slug, pk):
    event = _event(request, slug)
    takeaway = _takeaway(event, pk)
    stage.move_takeaway(by=request.user, takeaway=takeaway, step=-1 if request.POST.get("step") == "up" else 1)
    return redirect(reverse("commitments:follow_up", args=[slug]) + f"#takeaway-{takeaway.pk}")


@login_required
@require_POST
def invite(request, slug):
    event = _event(request, slug)
    invitations = stage.invitations_of(event)
    form = InviteForm(
        request.POST,
        candidates=stage.candidates(event),
        invited_orgs={i.organisation_id for i in invitations},
        invited_countries={i.country_id for i in invitations},
    )
    if form.is_valid():
        try:
            made = stage.invite(by=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            request.session[LINKS_KEY % event.pk] = [
                {"maker": str(new.invitation.maker), "link": absolute(new.link), "sent": bool(new.invitation.sent_at)}
                for new in made
            ]
            messages.success(request, _("The invitations are made; copy their links below now: they are shown once."))
            return redirect(reverse("commitments:follow_up", args=[slug]) + "#new-links")
    return _follow_up_page(request, event, invite_form=form, status=400)


@login_required
@require_POST
def invitation_new_link(request, slug, pk):
    event = _event(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, event=event)
    new = stage.new_link(by=request.user, invitation=invitation)
    request.session[LINKS_KEY % event.pk] = [
        {"maker": str(invitation.maker), "link": absolute(new.link), "sent": False}
    ]
    messages.success(request, _("A new link is made; the old one no longer works."))
    return redirect(reverse("commitments:follow_up", args=[slug]) + "#new-links")


@public_page
def public_takeaways(request, slug):
    """The event's takeaways and the priorities they point to, once it took place; and what came of them."""
    event = event_selectors.published_event_for_page(slug)
    takeaways = stage.public_takeaways(event)
    return render(
        request,
        "commitments/stage/public.html",
        {
            "event": event,
            "takeaways": takeaways,
            "taken_place": stage.has_taken_place(event),
            "outcome": stage.outcome(event),
        },
    )


def invitation(request, token):
    """The invitation's link. A wrong token is a 404 like any unknown address: it says nothing of invitations."""
    found = stage.invitation_for_token(token)
    if found is None:
        raise Http404
    context = {"invitation": found, "event": found.event, "maker": found.maker}
    if not request.user.is_authenticated:
        return render(request, "commitments/stage/invitation_sign_in.html", context)
    if not stage.may_answer(request.user, found):
        return render(request, "commitments/stage/invitation_not_yours.html", context, status=403)
    stage.mark_opened(by=request.user, invitation=found)
    initial = {"priorities": [p.pk for p in found.priorities.all()], "language": request.LANGUAGE_CODE}
    form = InvitedCommitmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = stage.commit_from_invitation(by=request.user, invitation=found, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("Your draft commitment is made: add its deliverables, resources and dates."))
            return redirect("commitments:edit", made.pk)
    context.update(form=form, made=found.commitments.order_by("-created_at"))
    return render(request, "commitments/stage/invitation.html", context, status=400 if form.errors else 200)


urls = [
    path("events/<slug:slug>/follow-up/", follow_up, name="follow_up"),
    path("events/<slug:slug>/follow-up/takeaways/add/", takeaway_add, name="takeaway_add"),
    path("events/<slug:slug>/follow-up/takeaways/<int:pk>/", takeaway_edit, name="takeaway_edit"),
    path("events/<slug:slug>/follow-up/takeaways/<int:pk>/delete/", takeaway_delete, name="takeaway_delete"),
    path("events/<slug:slug>/follow-up/takeaways/<int:pk>/move/", takeaway_move, name="takeaway_move"),
    path("events/<slug:slug>/follow-up/invite/", invite, name="invite"),
    path(
        "events/<slug:slug>/follow-up/invitations/<int:pk>/new-link/", invitation_new_link, name="invitation_new_link"
    ),
    path("events/<slug:slug>/takeaways/", public_takeaways, name="event_takeaways"),
    path("commit/<str:token>/", invitation, name="invitation"),
]
