"""The team's reading of a consultation's answers: the answers page (filtered, paginated), the summary of
each question (counts and shares with a bar chart and its table, mean places, recent quotable answers),
and the CSV/XLSX export with the same filters.

Thin: the right to read and what a reader may see are checked in ``summaries`` (and the consultation's
getter in ``selectors``); the filters are read here, from the address, so every view of the answers can be
bookmarked and shared within the team.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87 import spreadsheets
from alliance87.network.models import IloRegion, OrganisationKind
from alliance87.translations import localised

from .. import selectors, summaries, themes

PAGE_SIZE = 25
EXPORT_WIDTH = 40  # an answer's column in the XLSX, in characters


class FilterForm(forms.Form):
    """The filters in the address (GET): each a choice among what the consultation has."""

    question = forms.ChoiceField(label=gettext_lazy("Question"), required=False)
    stakeholder_group = forms.ChoiceField(label=gettext_lazy("Stakeholder group"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    theme = forms.ChoiceField(label=gettext_lazy("Theme"), required=False)

    def __init__(self, data, *, consultation, questions):
        super().__init__(data)
        every = [("", _("All"))]
        self.fields["question"].choices = every + [(q.name, localised(q, "label")) for q in questions]
        self.fields["stakeholder_group"].choices = every + list(OrganisationKind.choices)
        self.fields["region"].choices = every + list(IloRegion.choices)
        names = dict(settings.LANGUAGES)
        self.fields["language"].choices = every + [(code, names[code]) for code in consultation.languages]
        # The standing themes of the latest run that found some: the team reads the answers behind each.
        found = themes.latest_themes(consultation)
        if found:
            self.fields["theme"].choices = every + [(str(t.pk), localised(t, "label")) for t in found]
        else:
            del self.fields["theme"]

    def filters(self) -> summaries.Filters:
        """The valid filters; a value that is not among the choices is left out (and named by the form)."""
        return summaries.Filters(
            **{name: self.cleaned_data.get(name, "") for name in self.fields if name not in self.errors}
        )


def _reading(request, slug):
    consultation = selectors.consultation_for_answers(slug, request.user)
    questions = selectors.questions_of(consultation)
    form = FilterForm(request.GET, consultation=consultation, questions=questions)
    form.is_valid()
    filters = form.filters()
    chosen = next((q for q in questions if q.name == filters.question), None)
    return consultation, questions, form, filters, chosen


def _context(consultation, form, filters, **more) -> dict:
    query = filters.as_query()
    return {
        "consultation": consultation,
        "form": form,
        "filters": filters,
        "query": urlencode(query),
        "filtered": bool(query),
        **more,
    }


@login_required
def answers(request, slug):
    """The submitted answers, newest first, 25 a page; a possible disclosure's text only for safeguarding."""
    consultation, questions, form, filters, chosen = _reading(request, slug)
    found = summaries.responses(consultation, request.user, filters, chosen)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/answers/answers.html",
        _context(
            consultation,
            form,
            filters,
            page=page,
            view_name="answers",
            responses=summaries.with_answers(page.object_list, request.user, questions, chosen),
        ),
        status=400 if form.errors else 200,
    )


@login_required
def summary(request, slug):
    consultation, questions, form, filters, _chosen = _reading(request, slug)
    return render(
        request,
        "engagement/answers/summary.html",
        _context(
            consultation,
            form,
            filters,
            view_name="summary",
            summaries=summaries.summaries(consultation, request.user, filters, questions),
            total=summaries.responses(consultation, request.user, filters).count(),
        ),
        status=400 if form.errors else 200,
    )


@login_required
def export(request, slug, extension):
    """One row per response, one column per question, with the page's filters; never a possible
    disclosure's text."""
    consultation, questions, _form, filters, _chosen = _reading(request, slug)
    header = summaries.export_header([q for q in questions if not filters.question or q.name == filters.question])
    rows = list(summaries.export_rows(consultation, request.user, filters, questions))
    name = f"{consultation.slug}-answers.{extension}"
    if extension == "csv":
        body, content_type = spreadsheets.to_csv(header, rows), "text/csv; charset=utf-8"
    else:
        widths = [10, 17, 9, 18, 18, 24, 9, 9, 9] + [EXPORT_WIDTH] * (len(header) - 9)
        body = spreadsheets.to_xlsx(header, rows, sheet=_("Answers"), widths=widths)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urls = [
    path("consultations/manage/<slug:slug>/answers/", answers, name="answers"),
    path("consultations/manage/<slug:slug>/answers/summary/", summary, name="summary"),
    path("consultations/manage/<slug:slug>/answers.csv", export, {"extension": "csv"}, name="answers_csv"),
    path("consultations/manage/<slug:slug>/answers.xlsx", export, {"extension": "xlsx"}, name="answers_xlsx"),
]
