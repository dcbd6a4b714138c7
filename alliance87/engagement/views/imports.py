"""The secretariat's imports and the XLSForm download: a consultation made from an XLSForm, any
consultation as an XLSForm, and answers collected in KoboToolbox/ODK.

Thin: the services (``xlsform``, ``kobo``) check the rights and say what is wrong; a refused file is shown
again with every message; a file that landed redirects (post, redirect, get) to a report kept in the
session, so a reload never imports twice.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import kobo, selectors, xlsform
from ..models import ConsultationKind

REPORT_KEY = "engagement_import_report:%s"  # a slug: the last import's report, read by its report page
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _ImportForm(forms.Form):
    counted_problems: int | None = None  # set by _refused from the import's own refusal

    @property
    def problem_count(self) -> int:
        """How many problems the page says the file has."""
        if self.counted_problems is not None:
            return self.counted_problems
        return len(self.errors.get("file", []))


class XLSFormForm(_ImportForm):
    file = forms.FileField(
        label=gettext_lazy("XLSForm (.xlsx)"),
        help_text=gettext_lazy(
            "The survey, choices and settings sheets, as built for KoboToolbox or ODK; at most 50 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ConsultationKind.choices)


class AnswersForm(_ImportForm):
    file = forms.FileField(
        label=gettext_lazy("Answers exported from KoboToolbox or ODK (.csv or .xlsx)"),
        help_text=gettext_lazy(
            "Export with “XML values and headers” and the metadata (_uuid, _submission_time); at most 50 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _refused(form, error: ValidationError) -> None:
    """Every message under the file's field, and how many problems they tell (``form.problem_count``): the
    summary line is not one, and "…and 12 more" is twelve."""
    count = 0
    for item in error.error_list:
        if item.code == "more":
            count += item.params["count"]
        elif item.code != "summary":
            count += 1
        form.add_error("file", item)
    form.counted_problems = count


@login_required
def import_form(request):
    if not request.user.has_perm("engagement.manage_consultations"):
        raise PermissionDenied
    form = XLSFormForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = xlsform.import_form(by=request.user, file=form.cleaned_data["file"], kind=form.cleaned_data["kind"])
        except ValidationError as error:
            _refused(form, error)
        else:
            request.session[REPORT_KEY % done.consultation.slug] = {
                "kind": "xlsform",
                "questions": done.questions,
                "lines": [str(line) for line in done.not_imported],
            }
            messages.success(request, _("The form is imported as a draft consultation."))
            return redirect("engagement:import_report", done.consultation.slug)
    return render(request, "engagement/imports/xlsform.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def download_form(request, slug):
    consultation = selectors.consultation_for_edit(slug, request.user)
    response = HttpResponse(xlsform.export_form(by=request.user, consultation=consultation), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{xlsform.form_id(consultation)}.xlsx"'
    return response


@login_required
def import_answers(request, slug):
    consultation = selectors.consultation_for_edit(slug, request.user)
    form = AnswersForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = kobo.import_answers(by=request.user, consultation=consultation, file=form.cleaned_data["file"])
        except ValidationError as error:
            _refused(form, error)
        else:
            request.session[REPORT_KEY % slug] = {
                "kind": "answers",
                "imported": done.imported,
                "already_there": done.already_there,
                "encoding": done.encoding,
                "lines": done.notes,
            }
            return redirect("engagement:import_report", slug)
    return render(
        request,
        "engagement/imports/answers.html",
        {"consultation": consultation, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def report(request, slug):
    consultation = selectors.consultation_for_edit(slug, request.user)
    found = request.session.get(REPORT_KEY % slug)
    if not found:
        return redirect(reverse("engagement:manage", args=[slug]))
    return render(request, "engagement/imports/report.html", {"consultation": consultation, "report": found})


urls = [
    path("consultations/manage/new/xlsform/", import_form, name="import_xlsform"),
    path("consultations/manage/<slug:slug>/xlsform/", download_form, name="xlsform"),
    path("consultations/manage/<slug:slug>/import-answers/", import_answers, name="import_answers"),
    path("consultations/manage/<slug:slug>/import-report/", report, name="import_report"),
]
