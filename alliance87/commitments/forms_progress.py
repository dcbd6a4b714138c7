"""The forms of progress: an update, the final report, the light's rules. They parse what was typed; the
services (``progress.py``) decide what is allowed, and their errors are shown next to the fields they name
(files and links are checked there, so a refused file is named whatever sent it)."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import CommitmentRules, Progress

FILE_TYPES = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.doc,.xls,.ppt,.png,.jpg,.jpeg,.gif,.webp"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (``validate_upload``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": FILE_TYPES}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _language_choices():
    return list(settings.LANGUAGES)


def _current_language() -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in codes else settings.LANGUAGE_CODE


class _EvidenceFields(forms.Form):
    language = forms.ChoiceField(label=_("Written in"), choices=_language_choices)
    files = MultipleFileField(
        label=_("Evidence files"),
        help_text=_("PDF, Office documents or images; you can choose several."),
    )
    links = forms.CharField(
        label=_("Links to evidence"),
        required=False,
        max_length=11000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
        help_text=_("One web address a line, starting with https://. Put a title after a space if you like."),
    )
    share_as_story = forms.BooleanField(
        label=_("Share this journey as a story"),
        required=False,
        help_text=_("Offer this update to the exchange of experiences, so others can learn from it."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("language", _current_language())
        super().__init__(*args, **kwargs)

    def clean_links(self) -> list[dict]:
        """One link a line: the address, then an optional title after a space."""
        found = []
        for line in (self.cleaned_data.get("links") or "").splitlines():
            url, _sep, title = line.strip().partition(" ")
            if url:
                found.append({"url": url, "title": title.strip()})
        return found


class ProgressForm(_EvidenceFields):
    deliverable = forms.TypedChoiceField(
        label=_("What this update is about"), coerce=int, empty_value=None, required=False
    )
    progress = forms.ChoiceField(label=_("Progress"), choices=Progress.choices, widget=forms.RadioSelect)
    value = forms.DecimalField(
        label=_("Value reached"),
        required=False,
        max_digits=16,
        decimal_places=3,
        help_text=_("For a deliverable: the latest value of its indicator."),
    )
    text = forms.CharField(
        label=_("What happened"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was done since the last report, with whom, and what changed."),
    )
    field_order = ["deliverable", "progress", "value", "text", "language", "files", "links", "share_as_story"]

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverable"].choices = [("", _("The commitment as a whole"))] + [
            (d.pk, d.title) for d in commitment.deliverables.all()
        ]


class FinalReportForm(_EvidenceFields):
    progress = forms.ChoiceField(
        label=_("Was the commitment achieved?"),
        choices=[(Progress.ACHIEVED, Progress.ACHIEVED.label), (Progress.NOT_ACHIEVED, Progress.NOT_ACHIEVED.label)],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("The final report"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was achieved against each deliverable, what was not and why, and what was learned."),
    )
    confirm = forms.BooleanField(
        label=_("The commitment is complete: no further reports will be asked for."),
        required=True,
    )
    field_order = ["progress", "text", "language", "files", "links", "share_as_story", "confirm"]


class RulesForm(forms.ModelForm):
    class Meta:
        model = CommitmentRules
        fields = ["green_days", "red_days", "inactive_days", "remind_before_days", "remind_after_days"]
        widgets = {name: forms.NumberInput(attrs={"min": 0, "max": 32767}) for name in fields}
