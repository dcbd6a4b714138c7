"""The second round's pages: the public voting page (phone first, one statement at a time), its results,
and the secretariat's console (the rounds, a new one, statements, moderation, opening and closing, the
Pol.is export).

The voting page works without JavaScript: each vote is a plain form that posts and redirects back to the
next statement. With htmx, the vote swaps the card for the next one in place (``round.html#card``) and
``rounds.js`` puts the keyboard's focus on the new statement. The participant's key lives in an HttpOnly,
SameSite=Lax cookie; the database keeps its hash only (``rounds.py``).

Thin: read through ``round_selectors``, write through ``rounds``, show a service's errors by its field.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alliance87.form_errors import apply_service_errors
from alliance87.notify import absolute
from alliance87.translations import page_language

from .. import round_export, round_selectors, rounds
from ..forms_rounds import JoinForm, ProposeForm, RoundForm, StatementForm
from ..models import Priority, RoundStatus, Statement, StatementStatus, VoteValue
from ..round_analysis import round_results

KEY_MAX_AGE = 365 * 24 * 60 * 60


def _participant(request, round_):
    return rounds.participant_for_key(round_=round_, key=request.COOKIES.get(rounds.KEY_COOKIE, ""))


def _page_context(request, round_, participant) -> dict:
    shown = round_selectors.shown_statements(round_)
    voted = round_selectors.voted_ids(participant) if participant else set()
    waiting = [s for s in shown if s.pk not in voted]
    return {
        "round": round_,
        "participant": participant,
        "statement": waiting[0] if waiting else None,
        "position": len(voted & {s.pk for s in shown}) + 1,
        "total": len(shown),
        "choices": [(VoteValue.AGREE, _("Agree")), (VoteValue.DISAGREE, _("Disagree")), (VoteValue.PASS, _("Pass"))],
        "join_form": JoinForm(round_=round_) if participant is None else None,
        "propose_form": ProposeForm() if participant and round_.accepts_statements else None,
        "can_see_results": request.user.has_perm("engagement.view_round_results", round_),
        "is_open": round_.status == RoundStatus.OPEN,
    }


@never_cache
def round_page(request, slug):
    """The voting page: who you are (once), then one statement at a time with its three buttons."""
    round_ = round_selectors.round_for_page(slug, request.user)
    context = _page_context(request, round_, _participant(request, round_))
    return render(request, "engagement/rounds/round.html", context)


@require_POST
def join(request, slug):
    round_ = round_selectors.round_for_page(slug, request.user)
    form = JoinForm(request.POST, round_=round_)
    if form.is_valid():
        try:
            _participant_, key = rounds.participant_join(
                round_=round_,
                key=request.COOKIES.get(rounds.KEY_COOKIE, ""),
                language=page_language(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            response = redirect("engagement:round_page", round_.slug)
            response.set_cookie(
                rounds.KEY_COOKIE,
                key,
                max_age=KEY_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    context = _page_context(request, round_, None)
    context["join_form"] = form
    return render(request, "engagement/rounds/round.html", context, status=400)


@require_POST
def vote(request, slug):
    """One vote; then the next statement (the card alone for htmx, else a redirect to the page)."""
    round_ = round_selectors.round_for_page(slug, request.user)
    participant = _participant(request, round_)
    if participant is None:
        messages.error(request, _("Say who you are first (or skip it), then vote."))
        return redirect("engagement:round_page", round_.slug)
    statement = get_object_or_404(Statement, pk=request.POST.get("statement") or 0, round=round_)
    problem = ""
    try:
        rounds.vote(participant=participant, statement=statement, value=request.POST.get("value"))
    except ValidationError as error:
        problem = " ".join(error.messages)
    htmx = bool(request.headers.get("HX-Request"))
    if htmx:
        context = _page_context(request, round_, participant)
        context["problem"] = problem
        return render(request, "engagement/rounds/round.html#card", context, status=400 if problem else 200)
    if problem:
        messages.error(request, problem)
    return redirect("engagement:round_page", round_.slug)


@require_POST
def propose(request, slug):
    round_ = round_selectors.round_for_page(slug, request.user)
    participant = _participant(request, round_)
    if participant is None:
        raise PermissionDenied
    form = ProposeForm(request.POST)
    if form.is_valid():
        try:
            rounds.statement_propose(participant=participant, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you: your statement waits for the secretariat before others vote on it.")
            )
            return redirect("engagement:round_page", round_.slug)
    context = _page_context(request, round_, participant)
    context["propose_form"] = form
    return render(request, "engagement/rounds/round.html", context, status=400)


def results(request, slug):
    """Opinion groups, consensus, what divides: for the team at any time, for everyone once closed."""
    round_ = round_selectors.round_for_results(slug, request.user)
    found = round_results(round_)
    return render(
        request,
        "engagement/rounds/results.html",
        {
            "round": round_,
            "view": round_selectors.results_view(found),
            "can_export": request.user.has_perm("engagement.export_round", round_),
            "can_manage": request.user.has_perm("engagement.manage_rounds", round_),
        },
    )


# --- The secretariat's console -----------------------------------------------------------------------


def _require_manager(request):
    if not request.user.has_perm("engagement.manage_rounds"):
        raise PermissionDenied


@login_required
def console(request):
    _require_manager(request)
    return render(request, "engagement/rounds/console.html", {"rounds": round_selectors.rounds_for_console()})


@login_required
def new(request):
    _require_manager(request)
    # From a priority's page ("Ask about it in a second round"): that priority ticked, the rest left to choose.
    initial = {"priorities": Priority.objects.filter(slug=request.GET.get("priority", "")[:80])}
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = rounds.round_create(
                by=request.user,
                title=data["title"],
                description=data["description"],
                translations=data["translations"],
                consultation=data["consultation"],
                accepts_statements=data["accepts_statements"],
                priorities=list(data["priorities"]),
                statements=data["statements"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Round created as a draft. Check its statements, then open it."))
            return redirect("engagement:round_manage", round_.slug)
    return render(request, "engagement/rounds/new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def manage(request, slug):
    round_ = round_selectors.round_for_manage(slug, request.user)
    return render(
        request,
        "engagement/rounds/manage.html",
        {
            "round": round_,
            "statements": round_selectors.statements_for_console(round_),
            "statement_form": StatementForm(),
            "public_url": absolute(reverse("engagement:round_page", args=[round_.slug])),
        },
    )


@login_required
@require_POST
def statement_add(request, slug):
    round_ = round_selectors.round_for_manage(slug, request.user)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            rounds.statement_add(by=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Statement added."))
            return redirect(reverse("engagement:round_manage", args=[round_.slug]) + "#statements-title")
    return render(
        request,
        "engagement/rounds/manage.html",
        {
            "round": round_,
            "statements": round_selectors.statements_for_console(round_),
            "statement_form": form,
            "public_url": absolute(reverse("engagement:round_page", args=[round_.slug])),
        },
        status=400,
    )


@login_required
@require_POST
def moderate(request, slug, pk):
    round_ = round_selectors.round_for_manage(slug, request.user)
    statement = get_object_or_404(Statement, pk=pk, round=round_)
    status = request.POST.get("status", "")
    try:
        rounds.statement_moderate(by=request.user, statement=statement, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Statement shown.") if status == StatementStatus.SHOWN else _("Statement hidden."))
    return redirect(reverse("engagement:round_manage", args=[round_.slug]) + f"#statement-{statement.pk}")


@login_required
@require_POST
def status(request, slug, action):
    round_ = round_selectors.round_for_manage(slug, request.user)
    change = rounds.round_open if action == "open" else rounds.round_close
    try:
        change(by=request.user, round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The round is open.") if action == "open" else _("The round is closed."))
    return redirect("engagement:round_manage", round_.slug)


@login_required
def export(request, slug):
    """The Pol.is open-data zip: the team's and the secretariat's only."""
    round_ = round_selectors.round_for_export(slug, request.user)
    content = round_export.polis_zip(round_, url=absolute(reverse("engagement:round_page", args=[round_.slug])))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{round_.slug}-polis.zip"'
    return response


urls = [
    path("rounds/manage/", console, name="round_console"),
    path("rounds/manage/new/", new, name="round_new"),
    path("rounds/manage/<slug:slug>/", manage, name="round_manage"),
    path("rounds/manage/<slug:slug>/statements/", statement_add, name="round_statement_add"),
    path("rounds/manage/<slug:slug>/statements/<int:pk>/", moderate, name="round_moderate"),
    path("rounds/manage/<slug:slug>/open/", status, {"action": "open"}, name="round_open"),
    path("rounds/manage/<slug:slug>/close/", status, {"action": "close"}, name="round_close"),
    path("rounds/manage/<slug:slug>/export.zip", export, name="round_export"),
    path("rounds/<slug:slug>/", round_page, name="round_page"),
    path("rounds/<slug:slug>/join/", join, name="round_join"),
    path("rounds/<slug:slug>/vote/", vote, name="round_vote"),
    path("rounds/<slug:slug>/statements/", propose, name="round_propose"),
    path("rounds/<slug:slug>/results/", results, name="round_results"),
]
