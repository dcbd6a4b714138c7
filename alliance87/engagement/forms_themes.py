"""The forms of the themes' pages: finding themes, renaming one (per language), and the review's choices.

They parse what was typed; ``themes.py`` decides what is allowed and its errors are shown next to the
fields they name.
"""

from django import forms
from django.utils.translation import gettext_lazy

from alliance87.translations import localised, translations_form

from .models import Theme
from .themes import THEMES_ASKED_RANGE


class FindThemesForm(forms.Form):
    question = forms.ChoiceField(label=gettext_lazy("Question"), required=False)
    themes_asked = forms.IntegerField(
        label=gettext_lazy("Number of themes (optional)"),
        required=False,
        min_value=THEMES_ASKED_RANGE[0],
        max_value=THEMES_ASKED_RANGE[1],
        help_text=gettext_lazy("Leave it empty and the platform chooses, between 8 and 20."),
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", gettext_lazy("Every text question"))]
        self.fields["question"].choices = every + [(str(q.pk), localised(q, "label")) for q in questions]


class _RenameForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Label (English)"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description (English)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


RenameForm = translations_form(_RenameForm, Theme)


def only_languages(form, languages) -> None:
    """Keep the per-language inputs of the consultation's languages only (the others stay stored)."""
    for name in [n for n in form.fields if "__" in n]:
        if name.rsplit("__", 1)[1] not in languages:
            del form.fields[name]
