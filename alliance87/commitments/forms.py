"""The forms for making a commitment and reviewing it. They parse what was typed; the services
(``services.py``) decide what is allowed, and their errors are shown next to the field they name."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy

from alliance87.translations import localised

from .models import MakerKind, ResourceKind, SmartLetter, Visibility
from .smart import LETTERS, MEANINGS

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def party_value(party) -> str:
    """ "organisation:12", "country:3", "action_group:5": one party in one choice."""
    kind = {"organisation": "organisation", "country": "country", "actiongroup": "action_group"}[party._meta.model_name]
    return f"{kind}:{party.pk}"


def party_choices(parties) -> list:
    """Parties grouped by kind, for a select with optgroups."""
    groups = {MakerKind.ORGANISATION: [], MakerKind.COUNTRY: [], MakerKind.ACTION_GROUP: []}
    for party in parties:
        kind = party_value(party).split(":", 1)[0]
        groups[kind].append((party_value(party), str(party)))
    labels = {
        MakerKind.ORGANISATION: gettext_lazy("Partner organisations"),
        MakerKind.COUNTRY: gettext_lazy("Pathfinder Countries"),
        MakerKind.ACTION_GROUP: gettext_lazy("Action Groups"),
    }
    return [(labels[kind], sorted(items, key=lambda c: c[1])) for kind, items in groups.items() if items]


def party_from(value: str):
    """The Organisation, Country or ActionGroup a ``party_value`` names (None when there is none)."""
    from alliance87.network.models import ActionGroup, Country, Organisation  # noqa: PLC0415

    kind, _sep, pk = (value or "").partition(":")
    model = {"organisation": Organisation, "country": Country, "action_group": ActionGroup}.get(kind)
    if model is None or not pk.isdigit():
        return None
    return model.objects.filter(pk=int(pk)).first()


class PartyField(forms.ChoiceField):
    def __init__(self, *, parties, **kwargs):
        super().__init__(choices=[("", "—"), *party_choices(parties)], **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return party_from(value) if value else None


class NewCommitmentForm(forms.Form):
    lead = PartyField(
        parties=[],
        label=gettext_lazy("Whom do you commit for?"),
        help_text=gettext_lazy("The organisation, Pathfinder Country or Action Group that leads the commitment."),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=300,
        help_text=gettext_lazy("At most 20 words."),
    )
    description = forms.CharField(
        label=gettext_lazy("What will be done, and how"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    language = forms.ChoiceField(label=gettext_lazy("Written in"), choices=settings.LANGUAGES)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"] = PartyField(
            parties=parties, label=self.fields["lead"].label, help_text=self.fields["lead"].help_text
        )


class AboutForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=300,
        help_text=gettext_lazy("At most 20 words."),
    )
    description = forms.CharField(
        label=gettext_lazy("What will be done, and how"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6})
    )
    contribution = forms.CharField(
        label=gettext_lazy("How it helps end child labour, forced labour, modern slavery and human trafficking"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("At most 100 words."),
    )
    communication = forms.CharField(
        label=gettext_lazy("How it will be communicated"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    language = forms.ChoiceField(label=gettext_lazy("Written in"), choices=settings.LANGUAGES)
    focal_point = forms.CharField(
        label=gettext_lazy("Focal point"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Who answers for the commitment (shown publicly)."),
    )
    focal_point_email = forms.EmailField(
        label=gettext_lazy("Focal point’s e-mail (never shown publicly)"), max_length=254, required=False
    )


ABOUT_FIELDS = tuple(AboutForm.base_fields)


class LabelledMultiple(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj._meta.model_name == "outcomearea":
            return f"{localised(obj.document, 'title')}: {obj.number}. {localised(obj, 'title')}"
        if obj._meta.model_name == "keyaction":
            return f"{obj.priority.title}: {obj.title}"
        if hasattr(obj, "localised") and "title" in getattr(obj, "translated_fields", ()):
            return localised(obj, "title")
        return str(obj)


class FocusForm(forms.Form):
    priorities = LabelledMultiple(
        label=gettext_lazy("Thematic priorities it serves"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome_areas = LabelledMultiple(
        label=gettext_lazy("Conference outcome areas (such as the Durban Call to Action’s)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_targets = forms.CharField(
        label=gettext_lazy("SDG targets"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Separated by commas, for example 8.7, 16.2."),
    )
    countries = LabelledMultiple(
        label=gettext_lazy("Countries where it is carried out"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=gettext_lazy("Hold Ctrl (or ⌘) to choose several."),
    )
    action_groups = LabelledMultiple(
        label=gettext_lazy("Action Groups it contributes to"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    key_actions = LabelledMultiple(
        label=gettext_lazy("Key actions of the country’s roadmap it carries out"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, commitment, **kwargs):
        from alliance87.engagement.models import OutcomeArea, Priority  # noqa: PLC0415
        from alliance87.network.models import ActionGroup, Country  # noqa: PLC0415

        from .services import key_actions_for  # noqa: PLC0415

        super().__init__(*args, **kwargs)
        # Offered: the published priorities, and any the commitment already has (so it can be taken out).
        self.fields["priorities"].queryset = (
            Priority.objects.published() | Priority.objects.filter(pk__in=commitment.priorities.values("pk"))
        ).distinct()
        self.fields["outcome_areas"].queryset = OutcomeArea.objects.select_related("document")
        self.fields["countries"].queryset = Country.objects.all()
        self.fields["countries"].widget.choices = self.fields["countries"].choices
        self.fields["action_groups"].queryset = ActionGroup.objects.all()
        if commitment.maker_kind == MakerKind.COUNTRY:
            self.fields["key_actions"].queryset = key_actions_for(commitment).select_related("priority")
        else:
            del self.fields["key_actions"]

    def clean_countries(self):
        return sorted(self.cleaned_data["countries"], key=str)


def focus_initial(commitment) -> dict:
    initial = {
        "priorities": list(commitment.priorities.all()),
        "outcome_areas": list(commitment.outcome_areas.all()),
        "sdg_targets": ", ".join(commitment.sdg_targets or []),
        "countries": list(commitment.countries.all()),
        "action_groups": list(commitment.action_groups.all()),
    }
    if commitment.maker_kind == MakerKind.COUNTRY:
        initial["key_actions"] = list(commitment.key_actions.all())
    return initial


class DatesForm(forms.Form):
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), required=False, **DATE)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), required=False, **DATE)
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who sees it once published"), choices=Visibility.choices, widget=forms.RadioSelect
    )


DATES_FIELDS = tuple(DatesForm.base_fields)


class DeliverableForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Deliverable"), max_length=300)
    indicator = forms.CharField(
        label=gettext_lazy("Indicator"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("What will be counted, e.g. labour inspectors trained."),
    )
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=50, required=False)
    baseline = forms.DecimalField(
        label=gettext_lazy("Baseline"), max_digits=16, decimal_places=3, required=False, min_value=0
    )
    target = forms.DecimalField(
        label=gettext_lazy("Target"), max_digits=16, decimal_places=3, required=False, min_value=0
    )
    due_on = forms.DateField(label=gettext_lazy("Due on"), required=False, **DATE)


DELIVERABLE_FORM_FIELDS = tuple(DeliverableForm.base_fields)


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ResourceKind.choices)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=500)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"), max_digits=16, decimal_places=2, required=False, min_value=0
    )
    currency = forms.CharField(
        label=gettext_lazy("Currency"), max_length=3, required=False, help_text=gettext_lazy("ISO 4217, e.g. USD.")
    )
    staff_count = forms.DecimalField(
        label=gettext_lazy("Staff (full-time equivalents)"),
        max_digits=8,
        decimal_places=1,
        required=False,
        min_value=0,
    )


RESOURCE_FORM_FIELDS = tuple(ResourceForm.base_fields)


class CoImplementerForm(forms.Form):
    party = PartyField(parties=[], label=gettext_lazy("Organisation, country or Action Group"))

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"] = PartyField(parties=parties, label=self.fields["party"].label)


VERDICTS = [("ok", gettext_lazy("Meets it")), ("not_ok", gettext_lazy("Does not meet it yet"))]


class ReviewForm(forms.Form):
    """One verdict and note per SMART letter (``S_ok``, ``S_note``, …)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for letter in LETTERS:
            self.fields[f"{letter}_ok"] = forms.ChoiceField(
                label=f"{letter}: {SmartLetter(letter).label}",
                choices=VERDICTS,
                widget=forms.RadioSelect,
                help_text=MEANINGS[letter],
            )
            self.fields[f"{letter}_note"] = forms.CharField(
                label=gettext_lazy("Note on %(letter)s") % {"letter": letter},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def verdicts(self) -> dict:
        data = self.cleaned_data
        return {
            letter: {"ok": data.get(f"{letter}_ok") == "ok", "note": data.get(f"{letter}_note", "")}
            for letter in LETTERS
        }

    def letters(self):
        """(letter, verdict field, note field), for the template."""
        return [(letter, self[f"{letter}_ok"], self[f"{letter}_note"]) for letter in LETTERS]


def review_initial(commitment) -> dict:
    initial = {}
    for letter, verdict in (commitment.smart_review or {}).items():
        if isinstance(verdict, dict):
            initial[f"{letter}_ok"] = "ok" if verdict.get("ok") else "not_ok"
            initial[f"{letter}_note"] = verdict.get("note", "")
    return initial


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What must change"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is closed"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
