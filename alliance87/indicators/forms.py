"""The forms of the indicator data pages: the upload, the confirmation of what the reader inferred, the notice
to the countries, a focal point's answer, the withdrawal. They shape input only; the services (``imports``,
``notices``) hold the rules and give the messages."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alliance87.network.models import Country

from .models import Series
from .notices import COMMENT_MAX, REASON_MAX, default_closing_day


def country_choices(countries=None) -> list[tuple[str, str]]:
    """(pk, name) sorted by the name in the reader's language (django_countries translates the names)."""
    countries = Country.objects.real() if countries is None else countries
    return sorted(((str(c.pk), c.name) for c in countries), key=lambda pair: pair[1])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("The file (Open SDG tidy CSV)"),
        help_text=_(
            "One indicator's data as national SDG platforms publish it: Year first, Value last, the "
            "breakdowns between. CSV in UTF-8 or Latin-1, comma or semicolon; at most 50 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        help_text=_("The country whose figures these are. Leave empty for a file that names its areas itself."),
    )
    series = forms.ModelChoiceField(
        label=_("Series"),
        queryset=Series.objects.all(),
        required=False,
        empty_label=_("Read it from the file’s Series column"),
        help_text=_("The series the file holds, when it has no Series column."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        required=False,
        help_text=_("Who published the figures, and where: “INEGI, ENTI 2019”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("None: the file names its areas")), *country_choices()]
        self.fields["series"].label_from_instance = lambda series: f"{series.code}: {series.title}"

    def clean_country(self):
        value = self.cleaned_data.get("country")
        return Country.objects.filter(pk=value).first() if value else None


class ConfirmForm(forms.Form):
    """One input per value the reader inferred, filled with what it inferred: confirm it or correct it."""

    title = forms.CharField(
        label=_("Title of the dataset"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to name it after the file and the country."),
    )
    source = forms.CharField(label=_("Source"), max_length=500, required=False)

    def __init__(self, *args, inferred=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.inferred = list(inferred)
        for index, item in enumerate(self.inferred):
            name = f"inferred_{index}"
            choices = item.get("choices")
            label = item.get("what") or item.get("key")
            if choices:
                pairs = [tuple(c) if isinstance(c, (list, tuple)) else (str(c), str(c)) for c in choices]
                self.fields[name] = forms.ChoiceField(label=label, choices=pairs, initial=item.get("value"))
            else:
                self.fields[name] = forms.CharField(label=label, max_length=500, initial=item.get("value"))
            self.fields[name].help_text = item.get("why", "")

    @property
    def inferred_rows(self):
        return [(item, self[f"inferred_{index}"]) for index, item in enumerate(self.inferred)]

    def confirmed(self) -> dict[str, str]:
        return {
            str(item.get("key")): str(self.cleaned_data[f"inferred_{index}"]).strip()
            for index, item in enumerate(self.inferred)
        }


class NoticeForm(forms.Form):
    countries = forms.MultipleChoiceField(
        label=_("Countries to show the figures to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their focal points are e-mailed the link."),
    )
    other_country = forms.ChoiceField(label=_("Another country"), required=False)
    closes_on = forms.DateField(
        label=_("Comments close on"),
        widget=DateInput,
        help_text=_("At the end of that day. Fourteen days is the usual period."),
    )

    def __init__(self, *args, covered=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = country_choices(covered)
        self.fields["countries"].initial = [str(c.pk) for c in covered]
        self.fields["other_country"].choices = [("", "—"), *country_choices()]
        self.fields["closes_on"].initial = default_closing_day()
        if not covered:
            del self.fields["countries"]

    def chosen(self) -> list[Country]:
        ids = set(self.cleaned_data.get("countries") or [])
        if self.cleaned_data.get("other_country"):
            ids.add(self.cleaned_data["other_country"])
        return list(Country.objects.filter(pk__in=ids))


class AnswerForm(forms.Form):
    comment = forms.CharField(
        label=_("Your comment"),
        required=False,
        # The service gives the message for a longer one (naming the count); the browser stops at the limit.
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": COMMENT_MAX, "dir": "auto"}),
        help_text=_("Up to 4,000 characters. It is published beside the figures."),
    )
    comment_language = forms.ChoiceField(label=_("Language of the comment"), choices=settings.LANGUAGES)
    no_comment = forms.BooleanField(label=_("No comment: the figures may be published as they are"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment_language"].initial = (get_language() or "en").split("-")[0]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the figures are withdrawn"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX, "dir": "auto"}),
        help_text=_("Kept with the dataset: “A corrected file replaces it”."),
    )
