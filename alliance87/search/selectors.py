"""The site search's results, grouped by kind, read from their own tables (so in the reader's language)."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from alliance87 import dates
from alliance87.translations import Localised, localised, page_language

from .engine import matching_ids
from .models import Kind

SHOWN_PER_KIND = 25


@dataclass
class Result:
    title: str
    url: str
    detail: str = ""


@dataclass
class Group:
    kind: str
    label: str
    count: int
    results: list[Result] = field(default_factory=list)
    more_url: str = ""


def _organisations(text):
    from alliance87.network.models import Organisation

    qs = Organisation.objects.filter(pk__in=matching_ids(text, Kind.ORGANISATION)).select_related("country")
    qs = qs.order_by("-is_partner", "name")
    count = qs.count()
    results = []
    for org in qs[:SHOWN_PER_KIND]:
        name = localised(org, "name")  # the title is marked lang="en" when the name is the English one
        title = Localised(f"{name} ({localised(org, 'acronym')})" if org.acronym else name, name.lang, name.fell_back)
        where = org.country.name if org.country_id else ""
        detail = " · ".join(filter(None, [org.get_kind_display(), where, "" if org.is_partner else _("Not a partner")]))
        results.append(Result(title, org.get_absolute_url(), detail))
    return count, results, ""


def _countries(text):
    from alliance87.network.models import Country

    countries = sorted(Country.objects.filter(pk__in=matching_ids(text, Kind.COUNTRY)), key=lambda c: c.name)
    results = [
        Result(c.name, c.get_absolute_url(), _("Pathfinder Country") if c.is_pathfinder and not c.is_example else "")
        for c in countries[:SHOWN_PER_KIND]
    ]
    return len(countries), results, ""


def _events(text):
    from alliance87.events.models import Event

    qs = Event.objects.published().filter(pk__in=matching_ids(text, Kind.EVENT)).order_by("-starts_at")
    count = qs.count()
    results = []
    for event in qs[:SHOWN_PER_KIND]:
        when = dates.day(event.starts_at, event.time_zone)  # the day where it takes place
        results.append(Result(event.title, event.get_absolute_url(), " · ".join(filter(None, [when, event.venue]))))
    return count, results, ""


def _people(text):
    from alliance87.network.models import Person
    from alliance87.network.views import PEOPLE_PAGE_SIZE

    public = Person.objects.public()
    qs = public.filter(pk__in=matching_ids(text, Kind.PERSON)).select_related("organisation").order_by("name")
    count = qs.count()
    results = []
    people_url = reverse("network:people")
    for person in qs[:SHOWN_PER_KIND]:
        before = public.filter(name__lt=person.name).count()
        url = f"{people_url}?page={before // PEOPLE_PAGE_SIZE + 1}#person-{person.pk}"
        organisation = localised(person.organisation, "name") if person.organisation_id else ""
        detail = ", ".join(filter(None, [person.title, organisation]))
        results.append(Result(person.name, url, detail))
    return count, results, ""


def _groups(text):
    from alliance87.network.models import ActionGroup

    qs = ActionGroup.objects.filter(pk__in=matching_ids(text, Kind.GROUP)).select_related("lead_organisation")
    count = qs.count()
    results = []
    for group in qs[:SHOWN_PER_KIND]:
        parts = [_("Active") if group.is_active else _("Inactive")]
        if group.lead_organisation_id:
            parts.append(_("Led by %(org)s") % {"org": localised(group.lead_organisation, "name")})
        results.append(Result(localised(group, "name"), group.get_absolute_url(), " · ".join(parts)))
    return count, results, ""


def _consultations(text):
    from alliance87.engagement.models import Consultation, ConsultationStatus

    qs = Consultation.objects.public().filter(pk__in=matching_ids(text, Kind.CONSULTATION))
    qs = qs.order_by("-opens_at", "-pk")
    count = qs.count()
    results = []
    for consultation in qs[:SHOWN_PER_KIND]:
        if consultation.is_accepting():
            status = pgettext("consultation status", "Open for answers")
        elif consultation.status == ConsultationStatus.OPEN:
            status = _("Not open yet")
        else:
            status = _("Closed")
        detail = " · ".join([consultation.get_kind_display(), status])
        url = reverse("engagement:consultation", args=[consultation.slug])
        results.append(Result(localised(consultation, "title"), url, detail))
    return count, results, ""


def _commitments(text):
    from alliance87.commitments.models import Commitment

    qs = Commitment.objects.public().filter(pk__in=matching_ids(text, Kind.COMMITMENT))
    qs = qs.select_related("lead_organisation", "lead_country", "lead_action_group").order_by("-published_at", "pk")
    count = qs.count()
    results = []
    for commitment in qs[:SHOWN_PER_KIND]:
        lead = commitment.lead
        lead_name = localised(lead, "name") if hasattr(lead, "translations") else (lead.name if lead else "")
        detail = " · ".join(filter(None, [str(lead_name), commitment.get_status_display()]))
        title = Localised(commitment.title, commitment.language, commitment.language != page_language())
        results.append(Result(title, _url_or_list(commitment), detail))
    return count, results, ""


def _url_or_list(commitment) -> str:
    from django.conf import settings
    from django.urls import NoReverseMatch

    try:
        return commitment.get_absolute_url()
    except NoReverseMatch:  # the registry's page (/commitments/<pk>/) not yet routed in this tree
        language = page_language()
        prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
        return f"{prefix}/commitments/{commitment.pk}/"


def _experiences(text):
    from alliance87.exchange.models import Experience

    qs = Experience.objects.published().filter(pk__in=matching_ids(text, Kind.EXPERIENCE))
    qs = qs.select_related("organisation").order_by("-published_at", "pk")
    count = qs.count()
    results = []
    for experience in qs[:SHOWN_PER_KIND]:
        parts = [experience.get_kind_display()]
        if experience.organisation_id:
            parts.append(str(localised(experience.organisation, "name")))
        title = Localised(experience.title, experience.language, experience.language != page_language())
        results.append(Result(title, experience.get_absolute_url(), " · ".join(parts)))
    return count, results, ""


READERS = {
    Kind.ORGANISATION: _organisations,
    Kind.COUNTRY: _countries,
    Kind.EVENT: _events,
    Kind.PERSON: _people,
    Kind.GROUP: _groups,
    Kind.CONSULTATION: _consultations,
    Kind.COMMITMENT: _commitments,
    Kind.EXPERIENCE: _experiences,
}


def site_search(text: str) -> list[Group]:
    """Every kind, in a fixed order, with its count (kinds without a match included, count 0).

    Raises engine.QueryRefused for a text that cannot be searched.
    """
    groups = []
    for kind in Kind:
        count, results, more = READERS[kind](text)
        groups.append(Group(kind.value, str(kind.label), count, results, more))
    return groups
