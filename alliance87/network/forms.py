from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionGroup, Country, MembershipRole, Organisation, OrganisationKind
from .selectors import region_choices


class DirectoryFilterForm(forms.Form):
    """The partner directory's search and filters (GET; every field optional)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, countries: list[Country], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *OrganisationKind.choices]
        self.fields["country"].choices = [("", _("All countries"))] + [(c.code.code.lower(), c.name) for c in countries]
        self.fields["region"].choices = [("", _("All regions")), *region_choices()]


class OrganisationProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "country", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = sorted(Country.objects.all(), key=lambda c: c.name)
        self.fields["country"].queryset = Country.objects.all()
        self.fields["country"].choices = [("", "—")] + [(c.pk, c.name) for c in countries]


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
