"""The organiser's forms: an event's details, a concept note to import, agenda items and participants.

Forms parse what was typed (local times in the event's zone, keywords, an uploaded file); the services
decide what is allowed, and their errors are shown next to the fields they name (``apply_service_errors``).
"""

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87.accounts.rules import is_secretariat
from alliance87.network.models import Person
from alliance87.translations import translations_form

from . import selectors
from .models import AgendaItem, Event, validate_time_zone
from .services import CONCEPT_NOTE_MAX_BYTES
from .vocab import Confirmation, EventFormat, ItemKind, ParticipantRole

# The languages an event is commonly held in: the UN's six official languages, then Portuguese.
EVENT_LANGUAGES = [
    ("en", gettext_lazy("English")),
    ("fr", gettext_lazy("French")),
    ("es", gettext_lazy("Spanish")),
    ("ar", gettext_lazy("Arabic")),
    ("zh", gettext_lazy("Chinese")),
    ("ru", gettext_lazy("Russian")),
    ("pt", gettext_lazy("Portuguese")),
]
CONCEPT_NOTE_TYPES = (".txt", ".docx")
LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


@cache
def time_zone_names() -> list[str]:
    """Every IANA zone name, for the time zone field's suggestions."""
    names = {name for name in available_timezones() if "/" in name and not name.startswith(("Etc/", "SystemV/"))}
    return sorted(names | {"UTC"})


class DescribedErrorsMixin:
    """Point each field with an error at its message (``aria-describedby``), as well as at its help text."""

    def full_clean(self):
        super().full_clean()
        self._describe_errors()

    def add_error(self, field, error):
        super().add_error(field, error)
        self._describe_errors()

    def _describe_errors(self):
        for name in self._errors or {}:
            if name not in self.fields:
                continue
            bound = self[name]
            ids = [f"{bound.auto_id}_errors"]
            if self.fields[name].help_text:
                ids.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as typed, without a zone: the form gives it the event's zone once that is known."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT)

    def to_python(self, value):
        with timezone.override(UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result

    def prepare_value(self, value):
        return value.strftime(LOCAL_INPUT_FORMAT) if isinstance(value, datetime) else value


def _split_keywords(text: str) -> list[str]:
    seen = []
    for part in text.replace("\n", ";").split(";"):
        word = " ".join(part.split())
        if word and word.casefold() not in {w.casefold() for w in seen}:
            seen.append(word)
    return seen


class EventForm(DescribedErrorsMixin, forms.Form):
    """An event's details. ``changes()`` gives what the services take: aware times, lists."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Part of the conference"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=gettext_lazy("Not part of a conference"),
        help_text=gettext_lazy("For a side event or a session: the conference it is held at (one you organise)."),
        # The service's words: a conference not in the list is one this person may not attach to.
        error_messages={"invalid_choice": gettext_lazy("You can attach this event only to an event you organise.")},
    )
    time_zone = forms.CharField(
        label=gettext_lazy("Time zone"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy("Where the event takes place, as an IANA name, e.g. Africa/Casablanca."),
    )
    starts_at = LocalDateTimeField(
        label=gettext_lazy("Starts"), help_text=gettext_lazy("Local time, in the event’s time zone.")
    )
    ends_at = LocalDateTimeField(
        label=gettext_lazy("Ends"), help_text=gettext_lazy("Local time, in the event’s time zone.")
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=EventFormat.choices)
    venue = forms.CharField(label=gettext_lazy("Venue"), max_length=300, required=False)
    room = forms.CharField(label=gettext_lazy("Room"), max_length=200, required=False)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"), choices=EVENT_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    keywords = forms.CharField(
        label=gettext_lazy("Keywords"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Separated by semicolons, e.g. Alliance 8.7; Pathfinder Countries."),
    )
    audience = forms.CharField(label=gettext_lazy("Audience"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    background = forms.CharField(
        label=gettext_lazy("Background and rationale"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    objectives = forms.CharField(
        label=gettext_lazy("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    expected_outcomes = forms.CharField(
        label=gettext_lazy("Expected outcomes and deliverables"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    session_format = forms.CharField(
        label=gettext_lazy("Session format"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, by, event: Event | None = None, **kwargs):
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(event)
        super().__init__(*args, **kwargs)
        # Only the conferences this person may attach the event to: no one else's drafts or events.
        self.fields["parent"].queryset = selectors.events_to_attach_to(by, event=event)
        # Keep languages recorded elsewhere (the API, an import) that are not among the usual ones.
        known = {code for code, _label in EVENT_LANGUAGES}
        extra = [(code, code) for code in (event.languages if event else []) if code not in known]
        self.fields["languages"].choices = [*EVENT_LANGUAGES, *extra]

    @staticmethod
    def initial_for(event: Event) -> dict:
        zone = event.zone
        return {
            "title": event.title,
            "parent": event.parent_id,
            "time_zone": event.time_zone,
            "starts_at": event.starts_at.astimezone(zone).replace(tzinfo=None),
            "ends_at": event.ends_at.astimezone(zone).replace(tzinfo=None),
            "format": event.format,
            "venue": event.venue,
            "room": event.room,
            "languages": event.languages,
            "keywords": "; ".join(event.keywords),
            "audience": event.audience,
            "background": event.background,
            "objectives": event.objectives,
            "expected_outcomes": event.expected_outcomes,
            "session_format": event.session_format,
        }

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        validate_time_zone(name)
        return name

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            zone = ZoneInfo(zone_name)
            for name in ("starts_at", "ends_at"):
                if cleaned.get(name):
                    cleaned[name] = cleaned[name].replace(tzinfo=zone)
        return cleaned

    def changes(self) -> dict:
        """The cleaned values as the services take them."""
        data = dict(self.cleaned_data)
        data["keywords"] = _split_keywords(data["keywords"])
        return data


class ConceptNoteForm(DescribedErrorsMixin, forms.Form):
    """A concept note to import, as plain text or a Word document; ``text`` holds what was read."""

    file = forms.FileField(
        label=gettext_lazy("Concept note"),
        help_text=gettext_lazy(
            "A plain-text file (.txt, UTF-8) or a Word document (.docx) in the Alliance’s template, at most 1 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,text/plain"}),
    )
    time_zone = forms.CharField(
        label=gettext_lazy("Time zone"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy(
            "The times in the note are local times in this zone. Leave it empty to take the zone of the venue "
            "the note names; you confirm it on the next page."
        ),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("Only when the note gives the date without its year."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in CONCEPT_NOTE_TYPES:
            raise ValidationError(
                _("“%(name)s” is not a concept note this page can read: upload a .txt or a .docx file.")
                % {"name": upload.name}
            )
        limit = min(settings.UPLOAD_MAX_BYTES, CONCEPT_NOTE_MAX_BYTES)
        if upload.size > limit:
            raise ValidationError(
                _("“%(name)s” is %(size)s MB; a concept note may be at most %(limit)s MB.")
                % {
                    "name": upload.name,
                    "size": f"{upload.size / 1_000_000:.1f}",
                    "limit": f"{limit / 1_000_000:g}",
                }
            )
        content = upload.read()
        if suffix == ".txt":
            try:
                self.text = content.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ValidationError(
                    _("The file is not UTF-8 text: save it as UTF-8, or upload the Word document.")
                ) from error
        else:
            from .docx_note import docx_to_text  # noqa: PLC0415 -- python-docx is loaded only for Word uploads

            try:
                self.text = docx_to_text(content)
            except ValidationError:
                raise  # the reader says what is wrong with the file
            except Exception as error:  # noqa: BLE001 -- whatever else fails in a damaged upload is the file's problem
                raise ValidationError(_("The file could not be read as a Word document (.docx).")) from error
        return upload

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        if name:
            validate_time_zone(name)
        return name


class ConceptNoteConfirmForm(DescribedErrorsMixin, forms.Form):
    """The values of an import the person confirms or corrects: the time zone, and the year when inferred.

    ``candidates`` are the zones the venue may be in (a country with several): offered as a choice.
    """

    confirm = forms.CharField(widget=forms.HiddenInput, initial="1")
    time_zone = forms.CharField(
        label=gettext_lazy("Time zone"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy("The times in the note are local times in this zone (an IANA name)."),
        error_messages={"required": gettext_lazy("Choose the event’s time zone.")},
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("The year of the event’s date."),
    )

    def __init__(self, *args, candidates: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if len(candidates) > 1:
            self.fields["time_zone"].widget = forms.Select(
                choices=[("", _("Choose a time zone")), *((zone, zone) for zone in candidates)]
            )
            self.fields["time_zone"].help_text = _("The venue’s country has several time zones: choose the event’s.")

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        validate_time_zone(name)
        return name


class AgendaItemForm(DescribedErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ItemKind.choices, initial=ItemKind.CONVERSATION)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    # No minimum here: the service says what a duration must be, in its own words.
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"),
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Printed in the programme."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes for the organisers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Not public: shown here and in the run-of-show."),
    )

    @staticmethod
    def initial_for(item: AgendaItem) -> dict:
        names = ("kind", "title", "duration_minutes", "description", "notes", "translations")
        return {name: getattr(item, name) for name in names}


# Editing an item: its title and description in French, Spanish and Arabic too (cleaned_data["translations"]).
AgendaItemEditForm = translations_form(AgendaItemForm, AgendaItem)


class PersonChoiceField(forms.ModelChoiceField):
    """A person, with their title and organisation for the secretariat; for an organiser the organisation
    only, enough to tell namesakes apart (a job title is not theirs to read)."""

    with_title = False

    def label_from_instance(self, person: Person) -> str:
        title = person.title if self.with_title else ""
        details = ", ".join(part for part in (title, person.organisation and str(person.organisation)) if part)
        return f"{person.name} — {details}" if details else person.name


class ParticipationForm(DescribedErrorsMixin, forms.Form):
    """A person's role in the event or in one item. With ``adding``, the person is chosen or named."""

    full_picker = False  # the whole network to choose from: the secretariat's

    person = PersonChoiceField(
        label=gettext_lazy("Person of the network"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=gettext_lazy("Choose a person"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Choose one of the people of your events, or find someone by their full name."
            )
        },
    )
    # The full name searched for (``?find=``), so the people it found can be chosen when the form is sent.
    find = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    name = forms.CharField(
        label=gettext_lazy("Or a person not yet in the network: their name"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("They are added to the network, not shown publicly until they agree."),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=ParticipantRole.choices, initial=ParticipantRole.SPEAKER
    )
    agenda_item = forms.ModelChoiceField(
        label=gettext_lazy("In"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=gettext_lazy("The whole event"),
    )
    is_lead = forms.BooleanField(label=gettext_lazy("Leads this item"), required=False)
    printed_title = forms.CharField(
        label=gettext_lazy("Title to print"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("As this person wants it printed for this event, e.g. Minister of Labour."),
    )
    printed_organisation = forms.CharField(label=gettext_lazy("Organisation to print"), max_length=200, required=False)
    confirmation = forms.ChoiceField(
        label=gettext_lazy("Confirmation"), choices=Confirmation.choices, initial=Confirmation.INVITED
    )
    name_consent = forms.BooleanField(
        label=gettext_lazy("Agreed to be named in the programme"),
        required=False,
        help_text=gettext_lazy("Without it, the public programme shows the role and title only."),
    )

    def __init__(self, *args, event: Event, adding: bool, by=None, find: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.adding = adding
        self.find = selectors.normalised_name(find)
        self.fields["agenda_item"].queryset = event.items.order_by("position")
        self.fields["agenda_item"].label_from_instance = lambda item: f"{item.position}. {item.title}"
        if adding:
            # Not the whole network: the people of this person's events, and whoever the exact search found.
            self.fields["person"].queryset = (
                selectors.pickable_people(by, find=self.find).select_related("organisation").order_by("name", "pk")
            )
            self.full_picker = self.fields["person"].with_title = is_secretariat(by)
            if not self.full_picker:
                self.fields["person"].label = _("A person of your events, or found by name")
            self.initial.setdefault("find", self.find)
        else:
            del self.fields["person"], self.fields["name"], self.fields["find"]

    def clean(self):
        cleaned = super().clean()
        if self.adding and not self.has_error("person") and not self.has_error("name"):
            if cleaned.get("person") and cleaned.get("name"):
                self.add_error("name", _("Choose a person of the network or give a new name, not both."))
            elif not cleaned.get("person") and not cleaned.get("name"):
                self.add_error("person", _("Choose a person of the network or give the new person’s name."))
        return cleaned

    def participation_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("person", "name", "find")}
