"""The forms of the 2021 Action Pledges import: the file, then the confirmation of its preview (with the
organisations to create, each ticked by the person, never created silently)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance87.network.models import OrganisationKind


class PledgeFileForm(forms.Form):
    file = forms.FileField(
        label=_("The Action Pledges (.csv or .xlsx)"),
        help_text=_("UTF-8 CSV (comma or semicolon) or an Excel workbook, one pledge per line; at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class PledgeConfirmForm(forms.Form):
    """One tick and one kind per organisation the file names that is not on the platform."""

    confirm = forms.CharField(widget=forms.HiddenInput, initial="1")
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, unknown=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unknown = list(unknown)
        for index, name in enumerate(self.unknown):
            self.fields[f"create_{index}"] = forms.BooleanField(
                label=_("Create “%(name)s” as an organisation") % {"name": name}, required=False
            )
            self.fields[f"kind_{index}"] = forms.ChoiceField(
                label=_("Kind of “%(name)s”") % {"name": name},
                choices=[("", "—"), *OrganisationKind.choices],
                required=False,
            )

    @property
    def organisation_rows(self):
        return [(name, self[f"create_{i}"], self[f"kind_{i}"]) for i, name in enumerate(self.unknown)]

    def clean(self):
        data = super().clean()
        for index, name in enumerate(self.unknown):
            if data.get(f"create_{index}") and not data.get(f"kind_{index}"):
                self.add_error(f"kind_{index}", _("Choose what kind of organisation “%(name)s” is.") % {"name": name})
        return data

    def to_create(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[f"kind_{index}"]
            for index, name in enumerate(self.unknown)
            if self.cleaned_data.get(f"create_{index}")
        }
