"""What the safeguarding focal point keeps besides the queue: the disclosure cues the screening reads, and
the help lines the phone page shows. Reached from each banner's safeguarding page; the safeguarding focal
point and the secretariat only (the services check the right again).

Each page works as plain forms: add at the top, the list below with "Edit" and "Stop using" / "Use again"
per row; every POST comes back with a redirect, so a reload never posts twice. Nothing is deleted: a cue or
a line that is not in use stays in the list, marked so, and can be used again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from alliance87.form_errors import apply_service_errors

from .. import services
from ..forms import DisclosureCueForm, HelpLineForm
from ..models import Banner, DisclosureCue, HelpLine
from ..vocab import CueKind, Language, Status


def _allowed(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def queues() -> list[Banner]:
    """Every banner, with how many of its contributions wait for safeguarding: the links to the queues."""
    return list(
        Banner.objects.annotate(held=Count("contributions", filter=Q(contributions__status=Status.SAFEGUARDING)))
        .order_by("-held", "-opens_at", "title")
        .only("title", "slug")
    )


def _toggle(request, model, perm_service, here: str):
    """A "Stop using" / "Use again" button's POST: the number it names, and which way."""
    for field, active in (("deactivate", False), ("activate", True)):
        number = request.POST.get(field, "")
        if number:
            if not number.isdigit():
                return redirect(here)
            item = get_object_or_404(model, pk=number)
            perm_service(by=request.user, item=item, active=active)
            messages.success(
                request,
                (_("“%(name)s” is in use again.") if active else _("“%(name)s” is no longer in use."))
                % {"name": str(item)},
            )
            return redirect(here)
    return None


def _language_tab(request) -> str:
    chosen = request.GET.get("language", "")
    if chosen in Language.values:
        return chosen
    current = (get_language() or "en")[:2]
    return current if current in Language.values else Language.EN


@never_cache
@login_required
def cues(request):
    """The disclosure cues of one language at a time (the tabs count each), and the form to add one."""
    _allowed(request, "artwork.edit_cues")
    language = _language_tab(request)
    here = f"{reverse('artwork:cues')}?language={language}"
    if request.method == "POST":
        toggled = _toggle(
            request,
            DisclosureCue,
            lambda by, item, active: services.cue_set_active(by=by, cue=item, active=active),
            here,
        )
        if toggled:
            return toggled
    form = DisclosureCueForm(request.POST or None, initial={"language": language, "kind": CueKind.CRY_FOR_HELP})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cue = services.cue_save(
                by=request.user, language=data["language"], phrase=data["phrase"], kind=data["kind"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(phrase)s” is on the %(language)s list: contributions holding it go to safeguarding.")
                % {"phrase": cue.phrase, "language": cue.get_language_display()},
            )
            return redirect(f"{reverse('artwork:cues')}?language={cue.language}")
    counts = dict(DisclosureCue.objects.filter(active=True).values_list("language").annotate(n=Count("pk")).order_by())
    listed = list(DisclosureCue.objects.filter(language=language).order_by("-active", "kind", "phrase"))
    kinds = [
        {"code": code, "name": name, "cues": [cue for cue in listed if cue.kind == code]}
        for code, name in CueKind.choices
    ]
    return render(
        request,
        "artwork/safeguarding/cues.html",
        {
            "form": form,
            "language": language,
            "language_name": Language(language).label,
            "tabs": [
                {"code": code, "name": name, "count": counts.get(code, 0), "current": code == language}
                for code, name in Language.choices
            ],
            "kinds": [kind for kind in kinds if kind["cues"]],
            "queues": queues(),
            "section": "cues",
        },
    )


@never_cache
@login_required
def cue_edit(request, pk: int):
    _allowed(request, "artwork.edit_cues")
    cue = get_object_or_404(DisclosureCue, pk=pk)
    back = f"{reverse('artwork:cues')}?language={cue.language}"
    form = DisclosureCueForm(
        request.POST or None, initial={"language": cue.language, "phrase": cue.phrase, "kind": cue.kind}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cue_save(
                by=request.user, cue=cue, language=data["language"], phrase=data["phrase"], kind=data["kind"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The cue is saved: “%(phrase)s”.") % {"phrase": cue.phrase})
            return redirect(f"{reverse('artwork:cues')}?language={cue.language}")
    return render(
        request,
        "artwork/safeguarding/edit.html",
        {"form": form, "item": cue, "back": back, "queues": queues(), "section": "cues", "kind": "cue"},
    )


@never_cache
@login_required
def help_lines(request):
    """Every help line, for one country or for everyone, and the form to add one."""
    _allowed(request, "artwork.edit_help_lines")
    here = reverse("artwork:help_lines")
    if request.method == "POST":
        toggled = _toggle(
            request,
            HelpLine,
            lambda by, item, active: services.help_line_set_active(by=by, line=item, active=active),
            here,
        )
        if toggled:
            return toggled
    form = HelpLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.help_line_save(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” is on the phone page.") % {"name": line.name})
            return redirect(here)
    lines = sorted(
        HelpLine.objects.all(),
        key=lambda line: (not line.active, bool(line.country), str(line.country.name), line.name),
    )
    return render(
        request,
        "artwork/safeguarding/help_lines.html",
        {"form": form, "lines": lines, "queues": queues(), "section": "help_lines"},
    )


@never_cache
@login_required
def help_line_edit(request, pk: int):
    _allowed(request, "artwork.edit_help_lines")
    line = get_object_or_404(HelpLine, pk=pk)
    back = reverse("artwork:help_lines")
    initial = {name: getattr(line, name) for name in services.HELP_LINE_FIELDS}
    initial["country"] = str(line.country or "")
    form = HelpLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.help_line_save(by=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The help line is saved: “%(name)s”.") % {"name": line.name})
            return redirect(back)
    return render(
        request,
        "artwork/safeguarding/edit.html",
        {"form": form, "item": line, "back": back, "queues": queues(), "section": "help_lines", "kind": "help_line"},
    )


urls = [
    path("artwork/safeguarding/cues/", cues, name="cues"),
    path("artwork/safeguarding/cues/<int:pk>/", cue_edit, name="cue_edit"),
    path("artwork/safeguarding/help-lines/", help_lines, name="help_lines"),
    path("artwork/safeguarding/help-lines/<int:pk>/", help_line_edit, name="help_line_edit"),
]
