"""What each kind of thing is found by, and keeping the index current.

Signals keep it current on every save and delete (services, the admin and commands alike);
``alliance87 rebuild-search-index`` rebuilds it whole (``make run`` runs it, and a migration that
leaves it empty next to data rebuilds it), for bulk loads that send no signals.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from alliance87.translations import translated_values

from .models import Kind, SearchEntry
from .normalise import aliases, fold


def _in_every_language(value) -> list[str]:
    """A translatable value (a country's name, a choice label) in each language of the platform."""
    out = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out.append(str(value() if callable(value) else value))
    return out


def _organisation_words(org) -> list[str]:
    if org is None:
        return []
    return [org.name, org.acronym, *translated_values(org), *aliases(names=[org.name], acronyms=[org.acronym])]


def organisation_terms(org) -> list[str]:
    parts = [*_organisation_words(org), org.description, org.slug]
    parts += _in_every_language(org.get_kind_display)
    if org.country_id:
        parts += _in_every_language(lambda: org.country.code.name)
    return parts


def country_terms(country) -> list[str]:
    code = country.code
    return [*_in_every_language(lambda: code.name), code.code, code.alpha3 or ""]


def person_terms(person) -> list[str]:
    return [person.name, person.title, *_organisation_words(person.organisation)]


def group_terms(group) -> list[str]:
    words = [group.name, group.secretariat, group.mandate, group.slug, *translated_values(group)]
    return [*words, *_organisation_words(group.lead_organisation)]


def event_terms(event) -> list[str]:
    parts = [event.title, event.venue, *[str(k) for k in (event.keywords or [])]]
    if event.parent_id:
        parts.append(event.parent.title)
    return parts


def consultation_terms(consultation) -> list[str]:
    """A public consultation (open or closed) by its title and description in every language and its kind."""
    parts = [consultation.title, consultation.description, consultation.slug, *translated_values(consultation)]
    return [*parts, *_in_every_language(consultation.get_kind_display)]


def commitment_terms(commitment) -> list[str]:
    """A public commitment (published, completed or closed, and public) by its title and description."""
    return [commitment.title, commitment.description]


def experience_terms(experience) -> list[str]:
    """A published experience by its title and summary (never a teller's name: a story is found by its words,
    not by who told it)."""
    return [experience.title, experience.summary]


def _sources():
    """kind → (model, the objects that are found, their words)."""
    from alliance87.commitments.models import Commitment
    from alliance87.engagement.models import Consultation
    from alliance87.events.models import Event
    from alliance87.exchange.models import Experience
    from alliance87.network.models import ActionGroup, Country, Organisation, Person

    return {
        Kind.ORGANISATION: (Organisation, Organisation.objects.select_related("country"), organisation_terms),
        Kind.COUNTRY: (Country, Country.objects.all(), country_terms),
        Kind.EVENT: (Event, Event.objects.published().select_related("parent"), event_terms),
        Kind.PERSON: (Person, Person.objects.public().select_related("organisation"), person_terms),
        Kind.GROUP: (ActionGroup, ActionGroup.objects.select_related("lead_organisation"), group_terms),
        Kind.CONSULTATION: (Consultation, Consultation.objects.public(), consultation_terms),
        Kind.COMMITMENT: (Commitment, Commitment.objects.public(), commitment_terms),
        Kind.EXPERIENCE: (Experience, Experience.objects.published(), experience_terms),
    }


def _kind_of(model) -> str | None:
    for kind, (source_model, _qs, _terms) in _sources().items():
        if model is source_model:
            return kind
    return None


def index(kind: str, pk: int) -> None:
    """Index one object again, or drop it from the index when it is gone or no longer findable."""
    _model, queryset, terms = _sources()[kind]
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        SearchEntry.objects.filter(kind=kind, object_id=pk).delete()
        return
    words = fold(" ".join(t for t in terms(obj) if t))
    SearchEntry.objects.update_or_create(kind=kind, object_id=pk, defaults={"terms": words})


def rebuild(using: str = "default") -> int:
    """Rebuild the whole index; returns the number of entries."""
    rows = []
    for kind, (_model, queryset, terms) in _sources().items():
        for obj in queryset.using(using).iterator(chunk_size=500):
            rows.append(SearchEntry(kind=kind, object_id=obj.pk, terms=fold(" ".join(t for t in terms(obj) if t))))
    with transaction.atomic(using=using):
        SearchEntry.objects.using(using).all().delete()
        SearchEntry.objects.using(using).bulk_create(rows, batch_size=500)
    return len(rows)


def rebuild_if_empty(using: str = "default", **kwargs) -> None:
    """After migrations: an empty index next to data (a new install, a restored database) is rebuilt."""
    from alliance87.network.models import Country, Organisation

    if SearchEntry.objects.using(using).exists():
        return
    if Organisation.objects.using(using).exists() or Country.objects.using(using).exists():
        rebuild(using)


# -- signals ------------------------------------------------------------------------------------------


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    kind = _kind_of(sender)
    index(kind, instance.pk)
    # Others found by this object's words: an organisation's people and the groups it leads, a
    # country's organisations.
    if kind == Kind.ORGANISATION:
        for pk in instance.people.values_list("pk", flat=True):
            index(Kind.PERSON, pk)
        for pk in instance.led_groups.values_list("pk", flat=True):
            index(Kind.GROUP, pk)
    elif kind == Kind.COUNTRY:
        for pk in instance.organisations.values_list("pk", flat=True):
            index(Kind.ORGANISATION, pk)
    elif kind == Kind.EVENT:
        for pk in instance.side_events.values_list("pk", flat=True):
            index(Kind.EVENT, pk)


def _on_delete(sender, instance, **kwargs):
    SearchEntry.objects.filter(kind=_kind_of(sender), object_id=instance.pk).delete()


def connect() -> None:
    from alliance87.commitments.models import Commitment
    from alliance87.engagement.models import Consultation
    from alliance87.events.models import Event
    from alliance87.exchange.models import Experience
    from alliance87.network.models import ActionGroup, Country, Organisation, Person

    for model in (Organisation, Country, Person, ActionGroup, Event, Consultation, Commitment, Experience):
        uid = f"search-index-{model._meta.label_lower}"
        post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}-delete")
