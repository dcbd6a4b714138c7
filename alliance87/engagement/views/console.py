"""The secretariat's console: the consultations with their counts, a new one, its details, questions and
choices in every language, invitations, the team, opening and closing (each asking first), and the
safeguarding focal point's list of flagged answers.

Thin: read through selectors, write through services, show a service's errors next to the field it
names. Every change is a POST that redirects back (so it works without JavaScript).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance87.accounts.models import User
from alliance87.form_errors import apply_service_errors
from alliance87.notify import absolute

from .. import selectors, services, themes
from ..forms import (
    ChoiceForm,
    ConsultationForm,
    InviteForm,
    QuestionForm,
    TeamForm,
    consultation_initial,
    question_initial,
)
from ..models import Answer, Choice, Question


def _manage_url(consultation, anchor: str = "") -> str:
    url = reverse("engagement:manage", args=[consultation.slug])
    return f"{url}#{anchor}" if anchor else url


def _consultation_changes(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.CONSULTATION_FIELDS if name in form.cleaned_data}


@login_required
def console(request):
    consultations = selectors.consultations_for_console(request.user)
    can_create = request.user.has_perm("engagement.manage_consultations")
    if not can_create and not consultations:
        raise PermissionDenied
    return render(
        request,
        "engagement/console/index.html",
        {"consultations": consultations, "can_create": can_create},
    )


@login_required
def new(request):
    if not request.user.has_perm("engagement.manage_consultations"):
        raise PermissionDenied
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        changes = _consultation_changes(form)
        try:
            consultation = services.consultation_create(
                by=request.user,
                title=changes.pop("title"),
                kind=changes.pop("kind"),
                languages=changes.pop("languages"),
                **changes,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Consultation created as a draft. Now add its questions."))
            return redirect(_manage_url(consultation, "questions-title"))
    return render(request, "engagement/console/new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def manage(request, slug):
    consultation = selectors.consultation_for_edit(slug, request.user)
    form = ConsultationForm(request.POST or None, initial=consultation_initial(consultation))
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(by=request.user, consultation=consultation, **_consultation_changes(form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Details saved."))
            return redirect(_manage_url(consultation))
    counts = selectors.with_counts(type(consultation).objects.filter(pk=consultation.pk)).get()
    return render(
        request,
        "engagement/console/manage.html",
        {
            "consultation": consultation,
            "counts": counts,
            "form": form,
            "questions": selectors.questions_of(consultation),
            "new_question": QuestionForm(languages=consultation.languages, prefix="add"),
            "invitations": consultation.invitations.select_related("organisation", "response").order_by("-pk")[:200],
            "team": consultation.team.order_by("email"),
            "team_form": TeamForm(),
            "public_url": absolute(reverse("engagement:consultation", args=[consultation.slug])),
            "theme_run": _latest_run(consultation),
        },
        status=400 if form.errors else 200,
    )


def _latest_run(consultation):
    run = themes.latest_run(consultation)
    if run is not None:
        run.interrupted = themes.is_interrupted(run)
    return run


# --- Questions and choices ----------------------------------------------------------------------------


def _question(consultation, pk) -> Question:
    return get_object_or_404(Question, pk=pk, consultation=consultation)


@login_required
@require_POST
def question_add(request, slug):
    consultation = selectors.consultation_for_edit(slug, request.user)
    form = QuestionForm(request.POST, languages=consultation.languages, prefix="add")
    if form.is_valid():
        try:
            question = services.question_add(by=request.user, consultation=consultation, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            if question.has_choices:
                return redirect("engagement:question", slug, question.pk)
            return redirect(_manage_url(consultation, f"question-{question.pk}"))
    return render(
        request,
        "engagement/console/question_add.html",
        {"consultation": consultation, "form": form},
        status=400,
    )


@login_required
def question(request, slug, pk):
    consultation = selectors.consultation_for_edit(slug, request.user)
    item = _question(consultation, pk)
    form = QuestionForm(request.POST or None, languages=consultation.languages, initial=question_initial(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(by=request.user, question=item, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect(_manage_url(consultation, f"question-{item.pk}"))
    choices = [
        (choice, ChoiceForm(languages=consultation.languages, initial=_choice_initial(choice), prefix=f"c{choice.pk}"))
        for choice in item.choices.order_by("position", "pk")
    ]
    return render(
        request,
        "engagement/console/question.html",
        {
            "consultation": consultation,
            "question": item,
            "form": form,
            "choices": choices,
            "new_choice": ChoiceForm(languages=consultation.languages, prefix="new"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def question_delete(request, slug, pk):
    consultation = selectors.consultation_for_edit(slug, request.user)
    item = _question(consultation, pk)
    try:
        services.question_delete(by=request.user, question=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("engagement:question", slug, pk)
    messages.success(request, _("Question deleted."))
    return redirect(_manage_url(consultation, "questions-title"))


def _choice_initial(choice: Choice) -> dict:
    return {"label": choice.label, "value": choice.value, "translations": choice.translations}


def _choice(question_, pk) -> Choice:
    return get_object_or_404(Choice, pk=pk, question=question_)


def _choice_saved(request, consultation, item, form, save):
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Choice saved."))
            return redirect(reverse("engagement:question", args=[consultation.slug, item.pk]) + "#choices-title")
    return render(
        request,
        "engagement/console/choice_error.html",
        {"consultation": consultation, "question": item, "form": form},
        status=400,
    )


@login_required
@require_POST
def choice_add(request, slug, pk):
    consultation = selectors.consultation_for_edit(slug, request.user)
    item = _question(consultation, pk)
    form = ChoiceForm(request.POST, languages=consultation.languages, prefix="new")
    return _choice_saved(
        request, consultation, item, form, lambda data: services.choice_add(by=request.user, question=item, **data)
    )


@login_required
@require_POST
def choice(request, slug, pk, choice_pk):
    consultation = selectors.consultation_for_edit(slug, request.user)
    item = _question(consultation, pk)
    found = _choice(item, choice_pk)
    form = ChoiceForm(
        request.POST, languages=consultation.languages, initial=_choice_initial(found), prefix=f"c{found.pk}"
    )

    def save(data):
        if not data.get("value"):
            data["value"] = found.value
        services.choice_update(by=request.user, choice=found, **data)

    return _choice_saved(request, consultation, item, form, save)


@login_required
@require_POST
def choice_delete(request, slug, pk, choice_pk):
    consultation = selectors.consultation_for_edit(slug, request.user)
    item = _question(consultation, pk)
    try:
        services.choice_delete(by=request.user, choice=_choice(item, choice_pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Choice deleted."))
    return redirect(reverse("engagement:question", args=[slug, pk]) + "#choices-title")


# --- Invitations, the team, opening and closing --------------------------------------------------------


@login_required
def invite(request, slug):
    consultation = selectors.consultation_for_edit(slug, request.user)
    if not request.user.has_perm("engagement.invite", consultation):
        raise PermissionDenied
    form = InviteForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.invite(
                by=request.user,
                consultation=consultation,
                organisations=form.cleaned_data["organisations"],
                addresses=form.cleaned_data["addresses"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            sent = sum(1 for d in done if d.sent)
            messages.success(
                request,
                _("%(made)d invitation(s) made, %(sent)d e-mailed in the invitee’s language.")
                % {"made": len(done), "sent": sent},
            )
            unsent = [d for d in done if not d.sent]
            if unsent:
                # No one to e-mail (an organisation without a partner editor): the link is shown once, here.
                return render(
                    request,
                    "engagement/console/invite_links.html",
                    {"consultation": consultation, "unsent": [(d.invitation, absolute(d.link)) for d in unsent]},
                )
            return redirect(_manage_url(consultation, "invitations-title"))
    return render(
        request,
        "engagement/console/invite.html",
        {"consultation": consultation, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def team(request, slug):
    consultation = selectors.consultation_for_edit(slug, request.user)
    remove = request.POST.get("remove")
    if remove:
        member = get_object_or_404(User, pk=remove if remove.isdigit() else 0)
        services.team_remove(by=request.user, consultation=consultation, user=member)
        messages.success(request, _("%(email)s no longer reads the answers.") % {"email": member.email})
        return redirect(_manage_url(consultation, "team-title"))
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            member = services.team_add(by=request.user, consultation=consultation, email=form.cleaned_data["email"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(email)s may now read the answers.") % {"email": member.email})
            return redirect(_manage_url(consultation, "team-title"))
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(_manage_url(consultation, "team-title"))


ACTIONS = {"open": services.consultation_open, "close": services.consultation_close}


@login_required
def status(request, slug, action):
    """GET asks first (what opening or closing does); POST does it."""
    consultation = selectors.consultation_for_edit(slug, request.user)
    problems = []
    if request.method == "POST":
        try:
            ACTIONS[action](by=request.user, consultation=consultation)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(
                request, _("The consultation is open.") if action == "open" else _("The consultation is closed.")
            )
            return redirect(_manage_url(consultation))
    return render(
        request,
        "engagement/console/status.html",
        {"consultation": consultation, "action": action, "problems": problems},
        status=400 if problems else 200,
    )


# --- Safeguarding (the team reads the answers in answers.py) ---------------------------------------------


@login_required
def safeguarding(request):
    if not request.user.has_perm("engagement.safeguard"):
        raise PermissionDenied
    return render(request, "engagement/console/safeguarding.html", {"flagged": selectors.flagged_answers()[:200]})


@login_required
@require_POST
def safeguarding_done(request, pk):
    if not request.user.has_perm("engagement.safeguard"):
        raise PermissionDenied
    answer = get_object_or_404(Answer, pk=pk, may_be_disclosure=True)
    services.answer_safeguarding_done(by=request.user, answer=answer)
    messages.success(request, _("Marked as dealt with. It stays out of every quote."))
    return redirect("engagement:safeguarding")


urls = [
    path("consultations/manage/", console, name="console"),
    path("consultations/manage/new/", new, name="new"),
    path("consultations/safeguarding/", safeguarding, name="safeguarding"),
    path("consultations/safeguarding/<int:pk>/done/", safeguarding_done, name="safeguarding_done"),
    path("consultations/manage/<slug:slug>/", manage, name="manage"),
    path("consultations/manage/<slug:slug>/questions/add/", question_add, name="question_add"),
    path("consultations/manage/<slug:slug>/questions/<int:pk>/", question, name="question"),
    path("consultations/manage/<slug:slug>/questions/<int:pk>/delete/", question_delete, name="question_delete"),
    path("consultations/manage/<slug:slug>/questions/<int:pk>/choices/add/", choice_add, name="choice_add"),
    path("consultations/manage/<slug:slug>/questions/<int:pk>/choices/<int:choice_pk>/", choice, name="choice"),
    path(
        "consultations/manage/<slug:slug>/questions/<int:pk>/choices/<int:choice_pk>/delete/",
        choice_delete,
        name="choice_delete",
    ),
    path("consultations/manage/<slug:slug>/invite/", invite, name="invite"),
    path("consultations/manage/<slug:slug>/team/", team, name="team"),
    path("consultations/manage/<slug:slug>/open/", status, {"action": "open"}, name="open"),
    path("consultations/manage/<slug:slug>/close/", status, {"action": "close"}, name="close"),
]
