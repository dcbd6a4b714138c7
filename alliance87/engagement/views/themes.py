"""The themes of a consultation's answers, for its team: finding them (the secretariat starts a run), the
run's page (its progress live, then the themes: label, description, key terms, stance, count and share,
who raised it, quotes in the words people wrote), a theme's answers with the review's steps (rename,
merge, split, move, discard, restore), finishing the review, and the review's log.

Thin: rights and rules are checked in ``themes.py``; each step is a POST that redirects back (POST/redirect/
GET, working without JavaScript), its refusal shown as a message naming what is wrong.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from alliance87.form_errors import apply_service_errors
from alliance87.network.models import IloRegion, OrganisationKind

from .. import selectors, themes
from ..forms_themes import FindThemesForm, RenameForm, only_languages
from ..models import QuestionKind, ThemeRunStatus, ThemeStatus

PAGE_SIZE = 50
BAR_DIMENSIONS = (
    ("stakeholder_group", dict(OrganisationKind.choices)),
    ("region", dict(IloRegion.choices)),
    ("language", dict(settings.LANGUAGES)),
)


def _text_questions(consultation):
    return [q for q in selectors.questions_of(consultation) if q.kind == QuestionKind.TEXT]


def _run_url(run) -> str:
    return reverse("engagement:theme_run", args=[run.consultation.slug, run.pk])


def _theme_url(theme) -> str:
    return reverse("engagement:theme", args=[theme.run.consultation.slug, theme.run_id, theme.pk])


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def index(request, slug):
    """The runs, newest first, and (for the secretariat) the form that starts one."""
    consultation = selectors.consultation_for_answers(slug, request.user)
    questions = _text_questions(consultation)
    form = FindThemesForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        question = next((q for q in questions if str(q.pk) == form.cleaned_data["question"]), None)
        try:
            run = themes.start_run(
                consultation=consultation,
                question=question,
                themes_asked=form.cleaned_data["themes_asked"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(_run_url(run))
    runs = list(themes.run_summaries(consultation))
    for run in runs:
        run.interrupted = themes.is_interrupted(run)
    return render(
        request,
        "engagement/themes/index.html",
        {
            "consultation": consultation,
            "form": form,
            "runs": runs,
            "can_start": request.user.has_perm(themes.MANAGE),
        },
        status=400 if form.errors else 200,
    )


def _bars(theme, titles: dict, roles: dict) -> list[dict]:
    """Who raised the theme, each dimension a table with a bar per row. The texts are made here, once, not
    per row in the template: a page of 15 themes has some 300 rows, and each template tag costs."""
    bars = []
    for dimension, names in BAR_DIMENSIONS:
        rows = [
            {
                "label": names.get(row["value"], row["value"]),
                "count": row["count"],
                "percent": f"{round(row['share'] * 100)}%",
                "bar": f"{row['share'] * 100:.1f}",  # an SVG width: never localised (no decimal comma)
                "role": row.get("role", ""),
                "role_label": roles.get(row.get("role", ""), ""),
                "role_class": "tag-ok" if row.get("role") == "majority" else "tag-inactive",
            }
            for row in (theme.breakdown or {}).get(dimension, [])
        ]
        if rows:
            bars.append({"title": titles[dimension][0], "caption": titles[dimension][1], "rows": rows})
    return bars


def _terms(theme) -> list[str]:
    language = translation.get_language() or "en"
    return (theme.terms_by_language or {}).get(language) or theme.terms


@login_required
@vary_on_headers("HX-Request")  # the htmx answer is the fragment: never reuse it for the whole page
def run_page(request, slug, run_id):
    """The run: its progress while it works (the fragment ``state``, polled every second), then its themes."""
    consultation = selectors.consultation_for_answers(slug, request.user)
    run = themes.run_for_reading(consultation, run_id, request.user)
    run.interrupted = themes.is_interrupted(run)
    found = []
    if run.status == ThemeRunStatus.DONE:
        found = themes.themes_of(run)
        titles = {
            "stakeholder_group": (_("Stakeholder group"), _("Who raised it: stakeholder group")),
            "region": (_("Region"), _("Who raised it: region")),
            "language": (_("Language"), _("Who raised it: language")),
        }
        roles = {"majority": _("majority"), "minority": _("minority")}
        for theme in found:
            theme.bars = _bars(theme, titles, roles)
            theme.shown_terms = _terms(theme)
    context = {
        "consultation": consultation,
        "run": run,
        "themes": found,
        "standing": [t for t in found if t.status == ThemeStatus.ACTIVE],
        "set_aside": [t for t in found if t.status != ThemeStatus.ACTIVE],
        "problems": themes.review_problems(run) if run.status == ThemeRunStatus.DONE and not run.reviewed_at else [],
        "can_manage": request.user.has_perm(themes.MANAGE),
        "percent": round(100 * run.done / run.total) if run.total else 0,
    }
    template = "engagement/themes/run.html"
    if request.headers.get("HX-Request"):
        template += "#state"
    return render(request, template, context)


@login_required
@require_POST
def run_again(request, slug, run_id):
    consultation = selectors.consultation_for_answers(slug, request.user)
    run = themes.run_for_reading(consultation, run_id, request.user)
    try:
        new = themes.run_again(run=run, by=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect(_run_url(run))
    return redirect(_run_url(new))


@login_required
@require_POST
def finish_review(request, slug, run_id):
    consultation = selectors.consultation_for_answers(slug, request.user)
    run = themes.run_for_reading(consultation, run_id, request.user)
    try:
        themes.finish_review(run=run, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Review finished: these themes can now support thematic priorities."))
    return redirect(_run_url(run))


@login_required
def log(request, slug, run_id):
    consultation = selectors.consultation_for_answers(slug, request.user)
    run = themes.run_for_reading(consultation, run_id, request.user)
    return render(
        request,
        "engagement/themes/log.html",
        {"consultation": consultation, "run": run, "events": list(themes.events_of(run))},
    )


def _theme_context(request, consultation, run, theme, rename_form=None) -> dict:
    page = Paginator(themes.theme_answers(theme), PAGE_SIZE).get_page(request.GET.get("page"))
    if rename_form is None:
        rename_form = RenameForm(
            initial={"label": theme.label, "description": theme.description, "translations": theme.translations}
        )
        only_languages(rename_form, consultation.languages)
    others = [t for t in themes.standing_themes(run) if t.pk != theme.pk]
    return {
        "consultation": consultation,
        "run": run,
        "theme": theme,
        "page": page,
        "others": others,
        "rename_form": rename_form,
        "reviewing": run.status == ThemeRunStatus.DONE and run.reviewed_at is None,
    }


def _theme(request, slug, run_id, theme_id):
    consultation = selectors.consultation_for_answers(slug, request.user)
    run = themes.run_for_reading(consultation, run_id, request.user)
    return consultation, run, themes.theme_for_reading(run, theme_id)


@login_required
def theme_page(request, slug, run_id, theme_id):
    """A theme's answers (the machine's and the reviewers' marked apart), with the review's forms."""
    consultation, run, theme = _theme(request, slug, run_id, theme_id)
    return render(request, "engagement/themes/theme.html", _theme_context(request, consultation, run, theme))


@login_required
@require_POST
def rename(request, slug, run_id, theme_id):
    consultation, run, theme = _theme(request, slug, run_id, theme_id)
    form = RenameForm(request.POST, initial={"translations": theme.translations})
    only_languages(form, consultation.languages)
    if form.is_valid():
        try:
            themes.rename_theme(
                theme=theme,
                by=request.user,
                label=form.cleaned_data["label"],
                description=form.cleaned_data["description"],
                translations=form.cleaned_data["translations"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Theme renamed."))
            return redirect(_theme_url(theme))
    return render(
        request,
        "engagement/themes/theme.html",
        _theme_context(request, consultation, run, theme, rename_form=form),
        status=400,
    )


def _chosen_ids(request, name: str) -> list[int]:
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()]


@login_required
@require_POST
def merge(request, slug, run_id, theme_id):
    consultation, run, theme = _theme(request, slug, run_id, theme_id)
    chosen = set(_chosen_ids(request, "others"))
    others = [t for t in themes.standing_themes(run) if t.pk in chosen]
    try:
        themes.merge_themes(into=theme, others=others, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        names = ", ".join(f"“{t.label}”" for t in others)
        messages.success(request, _("Merged into this theme: %(names)s.") % {"names": names})
    return redirect(_theme_url(theme))


@login_required
@require_POST
def answers_step(request, slug, run_id, theme_id):
    """The answers' form: move the chosen answers to another theme, or split them into a new one."""
    consultation, run, theme = _theme(request, slug, run_id, theme_id)
    chosen = _chosen_ids(request, "answers")
    try:
        if request.POST.get("step") == "split":
            new = themes.split_theme(
                theme=theme, answer_ids=chosen, label=request.POST.get("label", ""), by=request.user
            )
            messages.success(request, _("A new theme, “%(label)s”, holds the answers chosen.") % {"label": new.label})
        else:
            target = next((t for t in themes.standing_themes(run) if str(t.pk) == request.POST.get("target")), None)
            if target is None:
                raise ValidationError(_("Choose the theme to move the answers to."))
            moved = themes.move_answers(source=theme, target=target, answer_ids=chosen, by=request.user)
            messages.success(
                request, _("%(count)d answers moved to “%(label)s”.") % {"count": len(moved), "label": target.label}
            )
    except ValidationError as error:
        _refused(request, error)
    return redirect(_theme_url(theme))


@login_required
@require_POST
def set_status(request, slug, run_id, theme_id, step):
    consultation, run, theme = _theme(request, slug, run_id, theme_id)
    try:
        if step == "discard":
            themes.discard_theme(theme=theme, by=request.user)
            messages.success(request, _("“%(label)s” discarded.") % {"label": theme.label})
        else:
            themes.restore_theme(theme=theme, by=request.user)
            messages.success(request, _("“%(label)s” restored.") % {"label": theme.label})
    except ValidationError as error:
        _refused(request, error)
    return redirect(_theme_url(theme))


PREFIX = "consultations/manage/<slug:slug>/themes/"
urls = [
    path(PREFIX, index, name="themes"),
    path(f"{PREFIX}<int:run_id>/", run_page, name="theme_run"),
    path(f"{PREFIX}<int:run_id>/again/", run_again, name="theme_run_again"),
    path(f"{PREFIX}<int:run_id>/finish/", finish_review, name="theme_review_finish"),
    path(f"{PREFIX}<int:run_id>/log/", log, name="theme_log"),
    path(f"{PREFIX}<int:run_id>/<int:theme_id>/", theme_page, name="theme"),
    path(f"{PREFIX}<int:run_id>/<int:theme_id>/rename/", rename, name="theme_rename"),
    path(f"{PREFIX}<int:run_id>/<int:theme_id>/merge/", merge, name="theme_merge"),
    path(f"{PREFIX}<int:run_id>/<int:theme_id>/answers/", answers_step, name="theme_answers_step"),
    path(f"{PREFIX}<int:run_id>/<int:theme_id>/discard/", set_status, {"step": "discard"}, name="theme_discard"),
    path(f"{PREFIX}<int:run_id>/<int:theme_id>/restore/", set_status, {"step": "restore"}, name="theme_restore"),
]
