"""The notice-and-comment pages: the secretariat's steps on a dataset (open the notice to the countries,
publish, withdraw; each a POST from the dataset's page that redirects back), and the focal point's side: the
notices of their countries (``/indicators/notices/``) and a notice (the figures, the closing date, the answer).

Thin: ``notices`` holds the rules and gives the messages. A notice someone may not see answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance87 import dates
from alliance87.accounts.models import Role
from alliance87.form_errors import apply_service_errors
from alliance87.network.models import Country

from .. import notices
from ..forms import AnswerForm, NoticeForm, WithdrawForm
from ..models import CountryNotice, DatasetStatus, NoticeStatus, Observation
from .imports import MANAGE, dataset_for_manage, render_dataset

FIGURES_PER_PAGE = 100


@login_required
@require_POST
def open_notice(request, pk):
    dataset = dataset_for_manage(request, pk)
    notified = set(dataset.notices.values_list("country_id", flat=True))
    covered = [c for c in notices.countries_covered(dataset) if c.pk not in notified]
    form = NoticeForm(request.POST, covered=covered)
    if form.is_valid():
        try:
            opened = notices.open_notice(
                by=request.user, dataset=dataset, countries=form.chosen(), closes_on=form.cleaned_data["closes_on"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Shown to %(countries)s for comment until %(day)s; their focal points are e-mailed the link.")
                % {
                    "countries": ", ".join(n.country.name for n in opened.notices),
                    "day": dates.day(form.cleaned_data["closes_on"]),
                },
            )
            if opened.without_focal_point:
                messages.warning(
                    request,
                    _(
                        "No focal point is registered for %(countries)s: nobody there was told. Give the country "
                        "a focal point, or tell them another way."
                    )
                    % {"countries": ", ".join(c.name for c in opened.without_focal_point)},
                )
            return redirect("indicators:dataset", dataset.pk)
    return render_dataset(request, dataset, notice_form=form, status=400)


@login_required
@require_POST
def publish(request, pk):
    dataset = dataset_for_manage(request, pk)
    try:
        notices.publish(by=request.user, dataset=dataset)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Published: the public pages show the figures, with the countries’ comments."))
    return redirect("indicators:dataset", dataset.pk)


@login_required
@require_POST
def withdraw(request, pk):
    dataset = dataset_for_manage(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            notices.withdraw(by=request.user, dataset=dataset, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Withdrawn. The reason is kept with the dataset."))
            return redirect("indicators:dataset", dataset.pk)
    return render_dataset(request, dataset, withdraw_form=form, status=400)


# The focal point's side.


def _notice_for(request, pk) -> CountryNotice:
    """The notice for the secretariat and the focal points of its country; anyone else gets a 404."""
    notice = get_object_or_404(
        CountryNotice.objects.select_related("dataset", "dataset__country", "country", "commented_by"), pk=pk
    )
    if not (request.user.has_perm(MANAGE) or request.user.has_role(Role.COUNTRY_FOCAL_POINT, notice.country)):
        raise Http404
    return notice


def figures_of(notice: CountryNotice):
    """The figures the notice shows: its country's (all of the dataset's when it is that country's file)."""
    rows = Observation.objects.filter(dataset=notice.dataset).select_related("series").order_by("row")
    if notice.dataset.country_id != notice.country_id:
        rows = rows.filter(country=notice.country)
    return rows


def _notice_page(request, notice, *, form=None, problems=(), status=200):
    shown = notice.dataset.status != DatasetStatus.WITHDRAWN
    page = Paginator(figures_of(notice) if shown else Observation.objects.none(), FIGURES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for observation in page.object_list:
        observation.breakdown = [(k, v) for k, v in observation.labels.items() if v not in (None, "")]
    closed = notices.answer_problems(notice)
    may_answer = not closed and request.user.has_perm("indicators.comment_on_notice", notice)
    if form is None and may_answer:
        initial = {}
        if notice.status == NoticeStatus.ANSWERED:
            initial = {"comment": notice.comment, "no_comment": notice.no_comment}
            if notice.comment_language:
                initial["comment_language"] = notice.comment_language
        form = AnswerForm(initial=initial)
    return render(
        request,
        "indicators/notices/notice.html",
        {
            "notice": notice,
            "dataset": notice.dataset,
            "page": page,
            "form": form if may_answer else None,
            "closed": closed,
            "problems": list(problems),
            "is_secretariat": request.user.has_perm(MANAGE),
        },
        status=status,
    )


@login_required
def notice_page(request, pk):
    """GET: the figures and the form. POST: the answer (a comment or "no comment")."""
    notice = _notice_for(request, pk)
    if request.method != "POST":
        return _notice_page(request, notice)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _notice_page(request, notice, form=form, status=400)
    try:
        notices.answer(
            by=request.user,
            notice=notice,
            comment=form.cleaned_data["comment"],
            language=form.cleaned_data["comment_language"],
            no_comment=form.cleaned_data["no_comment"],
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            apply_service_errors(form, error)
            return _notice_page(request, notice, form=form, status=400)
        return _notice_page(request, notice, form=form, problems=error.messages, status=400)
    messages.success(request, _("Thank you: your answer is sent to the secretariat."))
    return redirect("indicators:notice", notice.pk)


@login_required
def notice_list(request):
    """The notices of the person's countries (all of them for the secretariat), open ones first."""
    notices_ = CountryNotice.objects.select_related("dataset", "country").order_by("-opened_at", "-pk")
    if not request.user.has_perm(MANAGE):
        countries = request.user.scopes_for(Role.COUNTRY_FOCAL_POINT, Country)
        if not countries:
            raise PermissionDenied
        notices_ = notices_.filter(Q(country_id__in=countries))
    listed = list(notices_[:200])
    for notice in listed:
        notice.waiting = not notices.answer_problems(notice) and notice.status == NoticeStatus.OPEN
    listed.sort(key=lambda n: not n.waiting)
    return render(request, "indicators/notices/list.html", {"notices": listed})


urls = [
    path("indicators/manage/<int:pk>/notice/", open_notice, name="open_notice"),
    path("indicators/manage/<int:pk>/publish/", publish, name="publish"),
    path("indicators/manage/<int:pk>/withdraw/", withdraw, name="withdraw"),
    path("indicators/notices/", notice_list, name="notices"),
    path("indicators/notices/<int:pk>/", notice_page, name="notice"),
]
