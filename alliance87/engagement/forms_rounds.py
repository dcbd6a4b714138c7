"""The second round's forms: the secretariat's new round and statement, the participant's who-you-are,
vote and own statement. They parse what was typed; ``rounds.py`` decides what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy

from alliance87.translations import translations_form

from .models import Consultation, Priority, PriorityStatus, Round, Statement
from .rounds import STATEMENT_MAX_CHARS, regions_of, stakeholder_groups_of

MAX_TYPED_STATEMENTS = 100


class _RoundForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title (English)"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description (English)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consultation = forms.ModelChoiceField(
        label=gettext_lazy("The consultation it follows"),
        queryset=Consultation.objects.order_by("-created_at"),
        required=False,
        help_text=gettext_lazy("Its team reads the results; its stakeholder groups and regions are offered."),
    )
    priorities = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Draft and published priorities as statements"),
        queryset=Priority.objects.exclude(status=PriorityStatus.WITHDRAWN).order_by("position", "title"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    statements = forms.CharField(
        label=gettext_lazy("Other statements, one a line (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Short and clear: at most 280 characters each."),
    )
    accepts_statements = forms.BooleanField(
        label=gettext_lazy("Participants may add statements"),
        required=False,
        help_text=gettext_lazy("Each new statement waits for the secretariat before anyone votes on it."),
    )

    def clean_statements(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["statements"].splitlines() if line.strip()]
        if len(lines) > MAX_TYPED_STATEMENTS:
            raise forms.ValidationError(
                gettext_lazy("At most %(count)d statements at a time."), params={"count": MAX_TYPED_STATEMENTS}
            )
        for number, line in enumerate(lines, start=1):
            if len(line) > STATEMENT_MAX_CHARS:
                raise forms.ValidationError(
                    gettext_lazy("Line %(line)d is longer than %(count)d characters: shorten it."),
                    params={"line": number, "count": STATEMENT_MAX_CHARS},
                )
        return lines


RoundForm = translations_form(_RoundForm, Round)


class _StatementForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Statement (English)"), max_length=STATEMENT_MAX_CHARS)


StatementForm = translations_form(_StatementForm, Statement)


class JoinForm(forms.Form):
    """Asked once, both optional: who the participant speaks for, for "what divides stakeholder groups"."""

    stakeholder_group = forms.ChoiceField(label=gettext_lazy("Your stakeholder group"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("Your region"), required=False)

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        unsaid = ("", gettext_lazy("I prefer not to say"))
        self.fields["stakeholder_group"].choices = [unsaid, *stakeholder_groups_of(round_)]
        self.fields["region"].choices = [unsaid, *regions_of(round_)]


class ProposeForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your statement"),
        max_length=STATEMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": STATEMENT_MAX_CHARS}),
        help_text=gettext_lazy("One idea, at most 280 characters. The secretariat reads it before others vote on it."),
    )
