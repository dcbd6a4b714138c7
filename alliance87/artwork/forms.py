"""The artwork's forms: a contribution from a phone (without JavaScript), the console's steps, the blocklist.

Forms only read what was sent: whether a colour is in the palette, a cell free, a message short
enough, is the services' to say (``services.contribute`` and friends), so the page, the API and the
admin answer the same thing in the same words.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django_countries import countries

from alliance87.network.models import OrganisationKind

from .models import Banner, BlockedTerm
from .vocab import CueKind, Language

DRAWING_UNREADABLE = gettext_lazy("The drawing could not be read: send strokes of points between 0 and 1.")


class ContributionForm(forms.Form):
    """A mark on the banner. Columns and rows count from 1 here (people's numbers); the service counts from 0."""

    colour = forms.CharField(label=gettext_lazy("Colour"), required=False)
    column = forms.IntegerField(label=gettext_lazy("Column"), required=False)
    row = forms.IntegerField(label=gettext_lazy("Row"), required=False)
    message = forms.CharField(
        label=gettext_lazy("Message (optional)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto", "autocomplete": "off"}),
        help_text=gettext_lazy("Up to 80 characters, in any language."),
    )
    drawing = forms.CharField(required=False, widget=forms.HiddenInput)
    first_name = forms.CharField(
        label=gettext_lazy("First name"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "dir": "auto"}),
    )
    organisation_kind = forms.ChoiceField(label=gettext_lazy("Kind of organisation"), required=False)
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)

    def __init__(self, *args, banner: Banner, **kwargs):
        super().__init__(*args, **kwargs)
        self.banner = banner
        self.fields["column"].widget.attrs.update(min=1, max=banner.columns, inputmode="numeric")
        self.fields["row"].widget.attrs.update(min=1, max=banner.rows, inputmode="numeric")
        not_said = [("", _("Prefer not to say"))]
        self.fields["organisation_kind"].choices = not_said + list(OrganisationKind.choices)
        self.fields["country"].choices = not_said + list(countries)
        # Errors about the cell, the phone or the banner: shown beside the cell, or above the form.
        self.cell_errors: list[str] = []

    def clean_drawing(self) -> list:
        raw = self.cleaned_data["drawing"].strip()
        if not raw:
            return []
        try:
            return json.loads(raw)
        except ValueError as error:
            raise ValidationError(DRAWING_UNREADABLE) from error

    def clean(self):
        data = super().clean()
        column, row = data.get("column"), data.get("row")
        if (column is None) != (row is None) and "column" not in self.errors and "row" not in self.errors:
            self.cell_errors.append(_("Give both the column and the row, or leave both empty and we choose a cell."))
        return data

    def is_complete(self) -> bool:
        """Valid, the cell included (its errors are kept apart from the fields')."""
        return self.is_valid() and not self.cell_errors

    def cell(self) -> tuple[int | None, int | None]:
        """The cell as the service counts (from 0), or (None, None) to let it choose."""
        column, row = self.cleaned_data.get("column"), self.cleaned_data.get("row")
        if column is None or row is None:
            return None, None
        return column - 1, row - 1

    def add_service_error(self, error: ValidationError) -> None:
        """A service's ValidationError beside its field: the cell's beside the cell, the rest above."""
        for field, messages in error.message_dict.items():
            if field == "cell":
                self.cell_errors.extend(messages)
            elif field in self.fields:
                self.add_error(field, messages)
            else:
                self.add_error(None, messages)


class StepForm(forms.Form):
    """One moderation step on one contribution, from a console button."""

    ACTIONS = ("approve", "reject", "hide", "safeguarding", "mute", "unmute")
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    contribution = forms.IntegerField(min_value=1)
    next = forms.CharField(required=False)


class FreezeForm(forms.Form):
    frozen = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")


class EraseRegionForm(forms.Form):
    """Two corners of a rectangle, counted from 1 as the console shows them."""

    from_column = forms.IntegerField(label=gettext_lazy("From column"), min_value=1)
    from_row = forms.IntegerField(label=gettext_lazy("From row"), min_value=1)
    to_column = forms.IntegerField(label=gettext_lazy("To column"), min_value=1)
    to_row = forms.IntegerField(label=gettext_lazy("To row"), min_value=1)

    def __init__(self, *args, banner: Banner, **kwargs):
        super().__init__(*args, **kwargs)
        self.banner = banner
        for name in ("from_column", "to_column"):
            self.fields[name].validators.append(_at_most(banner.columns, COLUMNS_AT_MOST))
            self.fields[name].widget.attrs.update(max=banner.columns, inputmode="numeric")
        for name in ("from_row", "to_row"):
            self.fields[name].validators.append(_at_most(banner.rows, ROWS_AT_MOST))
            self.fields[name].widget.attrs.update(max=banner.rows, inputmode="numeric")

    def corners(self) -> dict:
        data = self.cleaned_data
        return {
            "x0": data["from_column"] - 1,
            "y0": data["from_row"] - 1,
            "x1": data["to_column"] - 1,
            "y1": data["to_row"] - 1,
        }


COLUMNS_AT_MOST = ngettext_lazy(
    "The banner has %(limit)d column; pick a number from 1 to %(limit)d.",
    "The banner has %(limit)d columns; pick a number from 1 to %(limit)d.",
    "limit",
)
ROWS_AT_MOST = ngettext_lazy(
    "The banner has %(limit)d row; pick a number from 1 to %(limit)d.",
    "The banner has %(limit)d rows; pick a number from 1 to %(limit)d.",
    "limit",
)


def _at_most(limit: int, message):
    def check(value):
        if value is not None and value > limit:
            raise ValidationError(message % {"limit": limit})

    return check


class BlockedTermForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=Language.choices)
    term = forms.CharField(
        label=gettext_lazy("Word or phrase"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
        help_text=gettext_lazy(
            "Matched as a whole word or phrase, ignoring capitals and accents. Held for a moderator, never shown."
        ),
    )

    def __init__(self, *args, banner: Banner | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.banner = banner  # the list the term goes on: the banner's, or (None) the shared one

    def clean(self):
        data = super().clean()
        language, term = data.get("language"), " ".join((data.get("term") or "").split()).casefold()
        if not (language and term):
            return data
        on_list = BlockedTerm.objects.filter(language=language, term=term)
        if on_list.filter(banner=self.banner).exists():
            self.add_error(
                "term",
                _("“%(term)s” is already on the %(language)s list.")
                % {"term": term, "language": Language(language).label},
            )
        elif self.banner is not None and on_list.filter(banner=None).exists():
            self.add_error(
                "term",
                _("“%(term)s” is already on the shared %(language)s list, which every banner uses.")
                % {"term": term, "language": Language(language).label},
            )
        return data


class DisclosureCueForm(forms.Form):
    """A disclosure cue: what the services check (a phrase long enough, not there twice) they say beside it."""

    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=Language.choices)
    phrase = forms.CharField(
        label=gettext_lazy("Word or phrase"),
        max_length=120,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
        help_text=gettext_lazy(
            "Matched as whole words, whatever the capitals and accents. End a word with * for any ending: "
            "“threaten*” also matches “threatened” and “threatens”."
        ),
    )
    kind = forms.ChoiceField(label=gettext_lazy("What it may be a sign of"), choices=CueKind.choices)


class HelpLineForm(forms.Form):
    country = forms.ChoiceField(
        label=gettext_lazy("Country"),
        required=False,
        help_text=gettext_lazy("Everywhere: shown to every contributor, whatever country they give."),
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    phone = forms.CharField(
        label=gettext_lazy("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    web_address = forms.CharField(
        label=gettext_lazy("Web address"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"type": "url", "autocomplete": "off"}),
        help_text=gettext_lazy("Give a phone number, a web address, or both."),
    )
    languages = forms.CharField(
        label=gettext_lazy("Languages spoken"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For example: English, French, Arabic."),
    )
    hours = forms.CharField(
        label=gettext_lazy("Hours"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For example: every day, 24 hours."),
    )
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Everywhere"))] + list(countries)
