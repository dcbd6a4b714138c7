"""The forms of the exchange: sharing an experience (with the teller's consent for a lived-experience story),
adding a picture or document, the review's comment and the withdrawal's reason. Limits are the models'."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alliance87.accounts.models import Role
from alliance87.commitments.models import Commitment
from alliance87.engagement.models import Priority
from alliance87.network.models import ActionGroup, Country, Organisation

from .models import Experience, ExperienceKind, ExperienceMedia
from .rules import is_secretariat


def _field(name: str):
    return Experience._meta.get_field(name)


def _text(name: str, *, required: bool = False, rows: int = 4, help_text: str = "") -> forms.CharField:
    field = _field(name)
    return forms.CharField(
        label=field.verbose_name[:1].upper() + field.verbose_name[1:],
        max_length=field.max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class CountryChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ExperienceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=_field("title").max_length)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExperienceKind.choices, initial=ExperienceKind.PRACTICE)
    summary = _text("summary", required=True, rows=3, help_text=_("Two or three sentences: what worked, and where."))
    context = _text("context", help_text=_("The situation before: the problem, the place, who was affected."))
    what_was_done = _text("what_was_done", rows=6, help_text=_("What others can copy. Needed before submitting."))
    with_whom = _text("with_whom", rows=2, help_text=_("Partners, communities, authorities that took part."))
    results = _text("results")
    lessons = _text("lessons")
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    organisation = forms.ModelChoiceField(
        label=_("Shared by (organisation)"), queryset=Organisation.objects.none(), required=False
    )
    action_group = forms.ModelChoiceField(label=_("Action Group"), queryset=ActionGroup.objects.none(), required=False)
    countries = CountryChoice(
        label=_("Countries"),
        queryset=Country.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    priorities = forms.ModelMultipleChoiceField(
        label=_("Thematic priorities"),
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commitments = forms.ModelMultipleChoiceField(
        label=_("Commitments it comes from"),
        queryset=Commitment.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    lived_experience = forms.BooleanField(
        label=_("This is the story of a person with lived experience"),
        required=False,
        help_text=_("It stays anonymous unless the teller’s consent to be named is recorded below."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        everything = is_secretariat(user)
        orgs = Organisation.objects.order_by("name")
        groups = ActionGroup.objects.order_by("name")
        if not everything:
            orgs = orgs.filter(pk__in=user.scopes_for(Role.PARTNER_EDITOR, Organisation))
            groups = groups.filter(pk__in=user.scopes_for(Role.ACTION_GROUP_LEAD, ActionGroup))
        self.fields["organisation"].queryset = orgs
        self.fields["action_group"].queryset = groups
        for name, choices in (("organisation", orgs), ("action_group", groups)):
            if not everything and not choices.exists():  # a focal point shares for their country, not for these
                del self.fields[name]
        self.fields["countries"].queryset = Country.objects.all()
        self.fields["priorities"].queryset = Priority.objects.published()
        self.fields["commitments"].queryset = Commitment.objects.public().order_by("title")
        for name in ("priorities", "commitments"):  # nothing to choose: no empty field to puzzle over
            if not self.fields[name].queryset.exists():
                del self.fields[name]


def experience_initial(experience: Experience) -> dict:
    names = [n for n in ExperienceForm.base_fields if n not in {"countries", "priorities", "commitments"}]
    initial = {name: getattr(experience, name) for name in names}
    initial["countries"] = list(experience.countries.all())
    initial["priorities"] = list(experience.priorities.all())
    initial["commitments"] = list(experience.commitments.all())
    return initial


class TellerForm(forms.Form):
    """Whether the teller is named: only with their consent recorded (who: you, signed in; when; how)."""

    teller_named = forms.BooleanField(label=_("Name the teller (they consented to it)"), required=False)
    teller_name = forms.CharField(label=_("The teller’s name as they want it shown"), max_length=200, required=False)
    consent_given_on = forms.DateField(
        label=_("When they gave their consent"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today when left empty."),
    )
    consent_note = forms.CharField(
        label=_("How they gave it"),
        max_length=500,
        required=False,
        help_text=_("For example: signed consent form kept by our office; recorded orally with a witness."),
    )


class MediaForm(forms.Form):
    file = forms.FileField(label=_("Picture or document"))
    alt_text = forms.CharField(
        label=_("Description for people who cannot see it"),
        max_length=ExperienceMedia._meta.get_field("alt_text").max_length,
        required=False,
        help_text=_("Needed for a picture: what it shows."),
    )
    caption = forms.CharField(
        label=_("Caption"), max_length=ExperienceMedia._meta.get_field("caption").max_length, required=False
    )
    shows_people = forms.BooleanField(label=_("It shows people"), required=False)
    people_consent = forms.CharField(
        label=_("How the people shown gave their consent"),
        max_length=500,
        required=False,
        help_text=_("Without it, the picture is kept but never shown publicly."),
    )


class ConsentForm(forms.Form):
    people_consent = forms.CharField(label=_("How the people shown gave their consent"), max_length=500)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"),
        max_length=_field("review_comment").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (kept for the record, never shown)"),
        max_length=_field("withdrawn_reason").max_length,
        required=False,
    )
