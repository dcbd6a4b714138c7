"""The secretariat's forms for thematic priorities and conference outcomes. They parse what was typed; the
services (``priorities.py``) decide what is allowed, and their errors are shown next to the fields they name."""

from django import forms
from django.utils.translation import gettext_lazy

from alliance87.translations import localised, translations_form

from .models import OutcomeArea, OutcomeDocument, Priority


class _PriorityForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title (English)"), max_length=200)
    summary = forms.CharField(
        label=gettext_lazy("Summary (English)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    position = forms.IntegerField(
        label=gettext_lazy("Position in the list"),
        min_value=0,
        max_value=32767,
        initial=0,
        required=False,
        help_text=gettext_lazy("Lower numbers come first."),
    )

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


PriorityForm = translations_form(_PriorityForm, Priority)


def priority_initial(priority: Priority) -> dict:
    return {name: getattr(priority, name) for name in ("title", "summary", "position", "translations")}


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, theme):
        run = theme.run
        return f"{theme.label} — {run.consultation.title} ({theme.answer_count})"


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, area):
        return f"{localised(area.document, 'title')} — {area.number}. {localised(area, 'title')}"


class EvidenceForm(forms.Form):
    """The themes offered are those a priority may rest on (``selectors_priorities.eligible_themes``), and the
    ones it already has, so a theme whose review was reopened can be seen and taken out."""

    themes = ThemeChoiceField(
        label=gettext_lazy("Reviewed consultation themes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Themes that stand, from a synthesis whose review is finished. In brackets: answers."),
    )
    outcome_areas = AreaChoiceField(
        label=gettext_lazy("Conference outcome areas"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, themes, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes
        self.fields["outcome_areas"].queryset = areas


class _DocumentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title (English)"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description (English)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conference = forms.CharField(label=gettext_lazy("Conference"), max_length=200, required=False)
    adopted_on = forms.DateField(
        label=gettext_lazy("Adopted on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    url = forms.URLField(label=gettext_lazy("Address of the text"), required=False, assume_scheme="https")
    source = forms.CharField(label=gettext_lazy("Source"), max_length=300, required=False)


DocumentForm = translations_form(_DocumentForm, OutcomeDocument)


def document_initial(document: OutcomeDocument) -> dict:
    return {name: getattr(document, name) for name in (*_DocumentForm.base_fields, "translations")}


class _AreaForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("Number"), min_value=0, max_value=32767, required=False)
    title = forms.CharField(label=gettext_lazy("Title (English)"), max_length=300)
    text = forms.CharField(
        label=gettext_lazy("Text (English)"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


AreaForm = translations_form(_AreaForm, OutcomeArea)


def area_initial(area: OutcomeArea) -> dict:
    return {name: getattr(area, name) for name in (*_AreaForm.base_fields, "translations")}
