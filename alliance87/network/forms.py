from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries as iso_countries

from alliance87.search.normalise import MAX_QUERY_CHARS

from .models import ActionGroup, Country, MembershipRole, Organisation, OrganisationKind
from .selectors import region_choices


class DirectoryFilterForm(forms.Form):
    """The partner directory's search and filters (GET; every field optional)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_CHARS)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, countries: list[Country], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *OrganisationKind.choices]
        self.fields["country"].choices = [("", _("All countries"))] + [(c.code.code.lower(), c.name) for c in countries]
        self.fields["region"].choices = [("", _("All regions")), *region_choices()]


def country_choices(keep: str = "") -> list[tuple[str, str]]:
    """Every ISO 3166-1 country, by name in the reader's language; invented example countries are left
    out (unless ``keep``, the current choice, is one)."""
    examples = set(Country.objects.filter(is_example=True).values_list("code", flat=True))
    examples = (examples | {settings.EXAMPLE_COUNTRY_CODE}) - {keep}
    return [("", "—")] + [(code, str(name)) for code, name in iso_countries if code not in examples]


class OrganisationProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    country = forms.ChoiceField(
        label=_("country"),
        required=False,
        help_text=_("Any country: one not yet in the platform is added (not as a Pathfinder Country)."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    field_order = ["name", "acronym", "country", "website", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.country.code.code if self.instance.country_id else ""
        self.fields["country"].choices = country_choices(keep=current)
        self.initial.setdefault("country", current)

    def changes(self) -> dict:
        """What the service is asked to change: the profile's fields, the country as its ISO code."""
        return {field: self.cleaned_data[field] for field in [*self.Meta.fields, "country"]}


class ActionGroupForm(forms.ModelForm):
    class Meta:
        model = ActionGroup
        fields = ["name", "mandate", "secretariat"]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 6})}


class MembershipAddForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.partners().order_by("name")
    )
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)

    def __init__(self, *args, can_add_lead: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_add_lead:
            self.fields["role"].choices = [(MembershipRole.MEMBER, MembershipRole.MEMBER.label)]
