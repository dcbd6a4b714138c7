"""The secretariat's review: the experiences waiting (``/experiences/review/``) and each one's review page,
which shows it as the public would read it, warns about identifying details in a lived-experience story and
about pictures of people without recorded consent, and publishes it or sends it back with a comment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from alliance87.form_errors import apply_service_errors

from .. import selectors, services
from ..forms import ReviewForm
from ..models import ExperienceStatus
from ..templatetags.exchange_tags import commitment_url


def _reviews(request) -> None:
    if not request.user.has_perm("exchange.review_experience"):
        raise PermissionDenied


@login_required
def queue(request):
    _reviews(request)
    return render(request, "exchange/review_queue.html", {"experiences": list(selectors.to_review())})


@login_required
def review(request, slug):
    # Someone who may not even see it gets the 404 it would give anywhere (not a 403 telling it exists).
    experience = selectors.experience_to_change(slug, request.user)
    _reviews(request)
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if experience.status != ExperienceStatus.SUBMITTED:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "publish":
                services.experience_publish(by=request.user, experience=experience)
                messages.success(request, _("Published. Its sharers are told."))
                return redirect(experience.get_absolute_url())
            if form.is_valid():
                services.experience_request_changes(
                    by=request.user, experience=experience, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("Sent back with your comment. Its sharers are told."))
                return redirect("exchange:review_queue")
        except ValidationError as error:
            apply_service_errors(form, error)
        status = 400
    media = list(experience.media.all())
    return render(
        request,
        "exchange/review.html",
        {
            "experience": experience,
            "form": form,
            "media": media,
            "hidden_pictures": [m for m in media if not m.may_be_shown],
            "commitments": [(c, commitment_url(c)) for c in experience.commitments.all()],
            "problems": services.submit_problems(experience),
        },
        status=status,
    )


urls = [
    path("experiences/review/", queue, name="review_queue"),
    path("experiences/<slug:slug>/review/", review, name="review"),
]
