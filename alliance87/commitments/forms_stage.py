"""The forms of an event's follow-up: a takeaway, the invitations to send, and the first step of a commitment
made from an invitation. The services check everything again; these only shape the input."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alliance87.engagement.models import Priority

from .models import TITLE_MAX_WORDS, Commitment, Takeaway


def _published_priorities():
    return Priority.objects.published().order_by("position", "title")


class TakeawayForm(forms.Form):
    text = forms.CharField(
        label=_("Takeaway"),
        max_length=Takeaway._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the conversation concluded, in a sentence or two."),
    )
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES, initial="en")
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=None, required=False, empty_label=_("(the whole event)")
    )
    priorities = forms.ModelMultipleChoiceField(
        label=_("Thematic priorities it bears on"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = event.items.order_by("position")
        self.fields["priorities"].queryset = _published_priorities()


class InviteForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The event’s organisers and supporters, and the organisations of its speakers and participants."),
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label=_("A word from the organisers (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, candidates, invited_orgs=(), invited_countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        from alliance87.network.models import Country, Organisation  # noqa: PLC0415

        self.fields["organisations"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in candidates.organisations if o.pk not in invited_orgs]
        ).order_by("name")
        self.fields["countries"].queryset = Country.objects.filter(
            pk__in=[c.pk for c in candidates.countries if c.pk not in invited_countries]
        )
        self.fields["countries"].label_from_instance = lambda c: c.name


class InvitedCommitmentForm(forms.Form):
    """The commitment's first step, for the invited maker: its title and what will be done, with the
    priorities the event's takeaways pointed to already chosen. The rest follows on the commitment's page."""

    title = forms.CharField(
        label=_("Title"),
        max_length=Commitment._meta.get_field("title").max_length,
        help_text=_("At most %(count)d words.") % {"count": TITLE_MAX_WORDS},
    )
    description = forms.CharField(
        label=_("What will be done, and how"),
        max_length=Commitment._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES, initial="en")
    priorities = forms.ModelMultipleChoiceField(
        label=_("Thematic priorities"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = _published_priorities()
