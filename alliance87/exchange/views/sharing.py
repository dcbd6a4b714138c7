"""Sharing an experience: a new one, editing it (with the teller's consent for a lived-experience story),
its pictures and documents, submitting it, withdrawing it, "share your journey" from a commitment's progress
update, and each person's own list (``/experiences/mine/``).

Thin: read through ``selectors``, write through ``services``; a service's errors are shown next to the field
they name. Every change is a POST that redirects back (it works without JavaScript). Someone who may see an
experience but not change it now gets the 403 page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance87.commitments.models import ProgressUpdate
from alliance87.form_errors import apply_service_errors

from .. import selectors, services
from ..forms import ConsentForm, ExperienceForm, MediaForm, TellerForm, WithdrawForm, experience_initial
from ..models import ExperienceMedia, ExperienceStatus


def _edit_url(experience, anchor: str = "") -> str:
    url = reverse("exchange:edit", args=[experience.slug])
    return f"{url}#{anchor}" if anchor else url


def _to_change(request, slug):
    experience = selectors.experience_to_change(slug, request.user)
    if not request.user.has_perm("exchange.edit_experience", experience):
        raise PermissionDenied
    return experience


@login_required
def mine(request):
    if not request.user.has_perm("exchange.share_experience"):
        raise PermissionDenied
    return render(request, "exchange/mine.html", {"experiences": list(selectors.of_user(request.user))})


@login_required
def new(request):
    if not request.user.has_perm("exchange.share_experience"):
        raise PermissionDenied
    form = ExperienceForm(request.POST or None, user=request.user, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            experience = services.experience_create(
                by=request.user, title=data.pop("title"), summary=data.pop("summary"), **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved as a draft. Add pictures or documents, then submit it for review."))
            return redirect(_edit_url(experience, "media-title"))
    return render(request, "exchange/new.html", {"form": form}, status=400 if form.errors else 200)


def _edit_page(request, experience, *, form=None, teller=None, media_form=None, status=200):
    return render(
        request,
        "exchange/edit.html",
        {
            "experience": experience,
            "form": form or ExperienceForm(user=request.user, initial=experience_initial(experience)),
            "teller": teller
            or TellerForm(
                initial={
                    "teller_named": experience.teller_named,
                    "teller_name": experience.teller_name,
                    "consent_given_on": experience.consent_recorded_at.date()
                    if experience.consent_recorded_at
                    else None,
                    "consent_note": experience.consent_note,
                }
            ),
            "media_form": media_form or MediaForm(),
            "media": list(experience.media.all()),
            "problems": services.submit_problems(experience),
        },
        status=status,
    )


@login_required
def edit(request, slug):
    experience = _to_change(request, slug)
    if request.method != "POST":
        return _edit_page(request, experience)
    form = ExperienceForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.experience_update(by=request.user, experience=experience, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_edit_url(experience))
    experience.refresh_from_db()
    return _edit_page(request, experience, form=form, status=400)


@login_required
@require_POST
def teller(request, slug):
    experience = _to_change(request, slug)
    form = TellerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.teller_consent(
                by=request.user,
                experience=experience,
                named=data["teller_named"],
                name=data["teller_name"],
                given_on=data["consent_given_on"],
                how=data["consent_note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if data["teller_named"]:
                messages.success(request, _("The teller’s consent is recorded: they are named."))
            else:
                messages.success(request, _("The story is anonymous: no name is kept."))
            return redirect(_edit_url(experience, "teller-title"))
    return _edit_page(request, experience, teller=form, status=400)


@login_required
@require_POST
def media_add(request, slug):
    experience = _to_change(request, slug)
    form = MediaForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            media = services.media_add(
                by=request.user,
                experience=experience,
                file=data["file"],
                alt_text=data["alt_text"],
                caption=data["caption"],
                shows_people=data["shows_people"],
                people_consent=data["people_consent"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” is attached.") % {"name": media.original_name})
            if not media.may_be_shown:
                messages.warning(
                    request, _("It shows people whose consent is not recorded: it will not be shown publicly.")
                )
            return redirect(_edit_url(experience, "media-title"))
    return _edit_page(request, experience, media_form=form, status=400)


@login_required
@require_POST
def media_change(request, slug, pk):
    """Record the consent of the people a picture shows, or remove it (``remove`` in the POST)."""
    experience = selectors.experience_to_change(slug, request.user)
    media = get_object_or_404(ExperienceMedia, pk=pk, experience=experience)
    back = (
        _edit_url(experience, "media-title")
        if request.user.has_perm("exchange.edit_experience", experience)
        else experience.get_absolute_url()
    )
    try:
        if request.POST.get("remove"):
            services.media_remove(by=request.user, media=media)
            messages.success(request, _("Removed."))
        else:
            form = ConsentForm(request.POST)
            how = form.cleaned_data["people_consent"] if form.is_valid() else ""
            services.media_record_consent(by=request.user, media=media, how=how)
            messages.success(request, _("The consent of the people shown is recorded."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


@login_required
@require_POST
def submit(request, slug):
    experience = _to_change(request, slug)
    try:
        services.experience_submit(by=request.user, experience=experience)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_edit_url(experience))
    messages.success(request, _("Submitted. The secretariat will review it; you will hear by e-mail."))
    return redirect(experience.get_absolute_url())


@login_required
def withdraw(request, slug):
    """GET asks first (what withdrawing does); POST does it."""
    experience = selectors.experience_to_change(slug, request.user)
    if not request.user.has_perm("exchange.withdraw_experience", experience):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.experience_withdraw(by=request.user, experience=experience, reason=form.cleaned_data["reason"])
        messages.success(request, _("Withdrawn. It has left the public pages, the search and the API."))
        if request.user.has_perm("exchange.review_experience"):
            return redirect("exchange:review_queue")
        return redirect("exchange:mine")
    return render(request, "exchange/withdraw.html", {"experience": experience, "form": form})


@login_required
def from_update(request, pk):
    """ "Share your journey": GET asks first; POST makes the draft story and opens it for editing."""
    update = get_object_or_404(ProgressUpdate.objects.select_related("commitment"), pk=pk)
    if not request.user.has_perm("exchange.share_journey", update.commitment):
        raise PermissionDenied
    if request.method == "POST":
        try:
            experience = services.experience_from_update(by=request.user, update=update)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if experience.status not in (ExperienceStatus.DRAFT, ExperienceStatus.CHANGES_REQUESTED):
                messages.info(request, _("This journey is shared already."))
                return redirect(experience.get_absolute_url())
            messages.success(request, _("A draft story is made from your update. Tell it, then submit it for review."))
            return redirect(_edit_url(experience))
    return render(request, "exchange/from_update.html", {"update": update})


urls = [
    path("experiences/mine/", mine, name="mine"),
    path("experiences/new/", new, name="new"),
    path("experiences/from-update/<int:pk>/", from_update, name="from_update"),
    path("experiences/<slug:slug>/edit/", edit, name="edit"),
    path("experiences/<slug:slug>/teller/", teller, name="teller"),
    path("experiences/<slug:slug>/files/add/", media_add, name="media_add"),
    path("experiences/<slug:slug>/files/<int:pk>/change/", media_change, name="media_change"),
    path("experiences/<slug:slug>/submit/", submit, name="submit"),
    path("experiences/<slug:slug>/withdraw/", withdraw, name="withdraw"),
]
