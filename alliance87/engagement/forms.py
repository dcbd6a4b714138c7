"""The secretariat's forms (a consultation's details, a question, a choice, invitations, the team).

Forms parse what was typed; the services decide what is allowed, and their errors are shown next to the
fields they name (``form_errors.apply_service_errors``). The answering form is not a Django form: its
inputs follow the consultation's questions, and ``views/answer.py`` reads them for ``response_save``.
"""

from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87.network.models import IloRegion, Organisation, OrganisationKind
from alliance87.translations import translations_form

from .models import Choice, Consultation, ConsultationKind, Question, QuestionKind

INPUT_FORMAT = "%Y-%m-%dT%H:%M"
MAX_ADDRESSES = 500


class UtcDateTimeField(forms.DateTimeField):
    """A date and time typed in UTC (the secretariat's lists are in UTC: architecture.md)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=INPUT_FORMAT)

    def to_python(self, value):
        with timezone.override(UTC):
            return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, datetime):
            return value.astimezone(UTC).strftime(INPUT_FORMAT)
        return value


def _only_languages(form, languages) -> None:
    """Keep the per-language inputs of the consultation's languages only (the others stay stored)."""
    for name in [n for n in form.fields if "__" in n]:
        if name.rsplit("__", 1)[1] not in languages:
            del form.fields[name]


class _ConsultationForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title (English)"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description (English)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ConsultationKind.choices)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=["en", "fr", "es"],
        help_text=gettext_lazy("English and the languages the questions are written in."),
    )
    stakeholder_groups = forms.MultipleChoiceField(
        label=gettext_lazy("Stakeholder groups asked"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("None chosen: every group."),
    )
    regions = forms.MultipleChoiceField(
        label=gettext_lazy("Regions asked"),
        choices=IloRegion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("None chosen: every region."),
    )
    is_anonymous = forms.BooleanField(
        label=gettext_lazy("Anonymous answers, by a public link"),
        required=False,
        help_text=gettext_lazy(
            "No e-mail, IP address or device is kept; the form asks the stakeholder group and region."
        ),
    )
    asks_lived_experience = forms.BooleanField(
        label=gettext_lazy("Ask whether the person has lived experience of forced labour, child labour or trafficking"),
        required=False,
    )
    opens_at = UtcDateTimeField(label=gettext_lazy("Opens at (UTC)"), required=False)
    closes_at = UtcDateTimeField(label=gettext_lazy("Closes at (UTC)"), required=False)


ConsultationForm = translations_form(_ConsultationForm, Consultation)


def consultation_initial(consultation: Consultation) -> dict:
    return {name: getattr(consultation, name) for name in (*_ConsultationForm.base_fields, "translations")}


class _QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=QuestionKind.choices)
    label = forms.CharField(label=gettext_lazy("Question (English)"), max_length=500)
    hint = forms.CharField(label=gettext_lazy("Hint (English)"), max_length=500, required=False)
    required = forms.BooleanField(label=gettext_lazy("An answer is required"), required=False)
    asks_view = forms.BooleanField(
        label=gettext_lazy("Asks for a view (agreement and disagreement are kept apart in the themes)"),
        required=False,
    )
    scale_min = forms.IntegerField(
        label=gettext_lazy("Scale from"), min_value=0, max_value=10, initial=1, required=False
    )
    scale_max = forms.IntegerField(label=gettext_lazy("Scale to"), min_value=1, max_value=10, initial=5, required=False)

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        _only_languages(self, languages)

    def clean(self):
        cleaned = super().clean()
        for name, default in (("scale_min", 1), ("scale_max", 5)):  # only a scale uses them
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = default
        return cleaned


QuestionForm = translations_form(_QuestionForm, Question)


def question_initial(question: Question) -> dict:
    return {name: getattr(question, name) for name in (*_QuestionForm.base_fields, "translations")}


class _ChoiceForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Choice (English)"), max_length=300)
    value = forms.SlugField(
        label=gettext_lazy("Value in exports"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("Letters, digits, - and _; made from the label when left empty."),
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        _only_languages(self, languages)


ChoiceForm = translations_form(_ChoiceForm, Choice)


class InviteForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=gettext_lazy("Their link goes to the people who keep their profile (partner editors)."),
    )
    addresses = forms.CharField(
        label=gettext_lazy("People, by e-mail address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "ltr"}),
        help_text=gettext_lazy(
            "One a line; add the language to write to them in after a comma: “ana@example.org, es”."
        ),
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["organisations"].queryset = Organisation.objects.filter(is_partner=True).order_by("name")

    def clean_addresses(self) -> list[tuple[str, str]]:
        lines = [line.strip() for line in self.cleaned_data["addresses"].splitlines() if line.strip()]
        if len(lines) > MAX_ADDRESSES:
            raise ValidationError(_("At most %(count)d addresses at a time.") % {"count": MAX_ADDRESSES})
        codes = {code for code, _name in settings.LANGUAGES}
        found, errors = [], []
        for number, line in enumerate(lines, start=1):
            address, _sep, language = (part.strip() for part in line.partition(","))
            try:
                validate_email(address)
            except ValidationError:
                errors.append(_("Line %(n)d: “%(text)s” is not an e-mail address.") % {"n": number, "text": address})
                continue
            if language and language not in codes:
                errors.append(
                    _("Line %(n)d: “%(code)s” is not a language of the platform (en, fr, es, ar).")
                    % {"n": number, "code": language}
                )
                continue
            found.append((address, language))
        if errors:
            raise ValidationError(errors)
        return found

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("organisations") and not cleaned.get("addresses"):
            raise ValidationError(_("Choose an organisation or give an e-mail address."))
        return cleaned


class TeamForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address of their account"))
