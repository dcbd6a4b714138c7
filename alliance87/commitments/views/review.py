"""The secretariat's review: the queue of commitments (submitted first, oldest first; then those sent back),
a commitment's review page (the automatic SMART checklist beside a verdict and a note per letter, what each
letter means; save, publish or ask for changes) and closing a commitment.

Thin: write through ``services``; every change is a POST that redirects (works without JavaScript); anyone but
the secretariat gets the 403 page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from alliance87.form_errors import apply_service_errors

from .. import services, smart
from ..forms import CloseForm, CommentForm, ReviewForm, review_initial
from ..models import Commitment, CommitmentStatus

LEADS = ("lead_organisation", "lead_country", "lead_action_group")


def _reviews(request) -> None:
    if not request.user.has_perm("commitments.review_commitment"):
        raise PermissionDenied


def _reviewed(request, pk, perm: str = "commitments.review_commitment") -> Commitment:
    """The commitment for the secretariat; to anyone else a 404 when they may not see it, a 403 when they may."""
    commitment = get_object_or_404(Commitment.objects.select_related(*LEADS), pk=pk)
    if not request.user.has_perm(perm, commitment):
        if not request.user.has_perm("commitments.view_commitment", commitment):
            raise Http404
        raise PermissionDenied
    return commitment


def queue():
    """Submitted first (oldest first), then those sent back to their makers."""
    base = Commitment.objects.select_related(*LEADS)
    return (
        list(base.filter(status=CommitmentStatus.SUBMITTED).order_by("submitted_at", "pk")),
        list(base.filter(status=CommitmentStatus.CHANGES_REQUESTED).order_by("-updated_at", "pk")),
    )


@login_required
def manage(request):
    _reviews(request)
    submitted, returned = queue()
    sections = [
        ("submitted", _("Submitted"), submitted, _("Nothing waits for review.")),
        ("returned", _("Sent back to their makers"), returned, _("None.")),
    ]
    return render(request, "commitments/review/manage.html", {"sections": sections})


def _review_page(request, commitment, *, form=None, comment_form=None, problems=(), status=200):
    commitment = (
        Commitment.objects.select_related(*LEADS)
        .prefetch_related(
            "priorities",
            "outcome_areas__document",
            "countries",
            "action_groups",
            "key_actions",
            "deliverables",
            "resources",
            "co_implementers__organisation",
            "co_implementers__country",
            "co_implementers__action_group",
        )
        .get(pk=commitment.pk)
    )
    checklist = smart.check(commitment)
    form = form or ReviewForm(initial=review_initial(commitment))
    rows = [(result, form[f"{result.letter}_ok"], form[f"{result.letter}_note"]) for result in checklist]
    return render(
        request,
        "commitments/review/review.html",
        {
            "commitment": commitment,
            "rows": rows,
            "checklist_results": checklist,
            "form": form,
            "comment_form": comment_form or CommentForm(),
            "problems": list(problems),
            # The verdicts are given in the form above; what stops publishing besides them is the checks'.
            "publish_problems": smart.failures(checklist) if commitment.status == CommitmentStatus.SUBMITTED else [],
            "open": commitment.status == CommitmentStatus.SUBMITTED,
        },
        status=status,
    )


@login_required
def review(request, pk):
    """GET: the page. POST ``action``: "save" (the verdicts), "publish" (the verdicts, then publish) or
    "changes" (send it back with the comment)."""
    commitment = _reviewed(request, pk)
    if request.method != "POST":
        return _review_page(request, commitment)
    action = request.POST.get("action", "save")
    if action == "changes":
        comment_form = CommentForm(request.POST)
        if comment_form.is_valid():
            try:
                services.request_changes(
                    by=request.user, commitment=commitment, comment=comment_form.cleaned_data["comment"]
                )
            except ValidationError as error:
                apply_service_errors(comment_form, error)
            else:
                messages.success(request, _("Sent back to its makers with your comment."))
                return redirect("commitments:manage")
        return _review_page(request, commitment, comment_form=comment_form, status=400)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _review_page(request, commitment, form=form, status=400)
    try:
        services.review(by=request.user, commitment=commitment, verdicts=form.verdicts())
        if action == "publish":
            services.publish(by=request.user, commitment=commitment)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            apply_service_errors(form, error)
            return _review_page(request, commitment, form=form, status=400)
        return _review_page(request, commitment, form=form, problems=error.messages, status=400)
    if action == "publish":
        messages.success(request, _("Published: it is in the registry, and its makers are told."))
        return redirect("commitments:manage")
    messages.success(request, _("Verdicts saved."))
    return redirect(reverse("commitments:review", args=[commitment.pk]) + "#verdicts-title")


@login_required
def close(request, pk):
    commitment = _reviewed(request, pk, "commitments.close_commitment")
    form = CloseForm(request.POST or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            services.close(by=request.user, commitment=commitment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                apply_service_errors(form, error)
            else:
                problems = error.messages
        else:
            messages.success(request, _("Closed. Its makers are told."))
            return redirect("commitments:manage")
    return render(
        request,
        "commitments/review/close.html",
        {"commitment": commitment, "form": form, "problems": problems},
        status=400 if form.errors or problems else 200,
    )


urls = [
    path("commitments/manage/", manage, name="manage"),
    path("commitments/<int:pk>/review/", review, name="review"),
    path("commitments/<int:pk>/close/", close, name="close"),
]
