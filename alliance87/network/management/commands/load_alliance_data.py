"""``alliance87 load-alliance-data``: load the Alliance's real network. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from alliance87.network import alliance_facts as facts
from alliance87.network.models import (
    ActionGroup,
    Country,
    Membership,
    MembershipRole,
    Organisation,
    Person,
    StatedFigure,
)
from alliance87.pagecache import public_pages_changed


class Command(BaseCommand):
    help = "Load the facts about Alliance 8.7 (countries, partners, Action Groups, people, stated counts)."

    @transaction.atomic
    def handle(self, *args, **options):
        countries = self._countries()
        organisations = self._organisations(countries)
        self._action_groups(organisations)
        self._people(organisations)
        self._figures()
        public_pages_changed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Alliance data loaded: {Country.objects.pathfinders().count()} Pathfinder Countries, "
                f"{Organisation.objects.partners().count()} partners, "
                f"{ActionGroup.objects.count()} Action Groups, {Person.objects.count()} people."
            )
        )

    def _countries(self) -> dict[str, Country]:
        countries = {}
        for code, (ilo_region, sdg_region) in facts.COUNTRY_REGIONS.items():
            pathfinder_source = facts.PATHFINDERS.get(code)
            country, _created = Country.objects.update_or_create(
                code=code,
                defaults={
                    "ilo_region": ilo_region,
                    "sdg_region": sdg_region,
                    "is_pathfinder": pathfinder_source is not None,
                    "source": "; ".join(filter(None, [pathfinder_source, facts.REGIONS])),
                },
            )
            countries[code] = country
        return countries

    def _organisations(self, countries) -> dict[str, Organisation]:
        organisations = {}
        for slug, (name, acronym, kind, country, is_partner, source) in facts.ORGANISATIONS.items():
            organisations[slug], _created = Organisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "acronym": acronym,
                    "kind": kind,
                    "country": countries.get(country) if country else None,
                    "is_partner": is_partner,
                    "source": source[:300],
                },
            )
        return organisations

    def _action_groups(self, organisations) -> None:
        for slug, row in facts.ACTION_GROUPS.items():
            name, lead, active, verified, started, started_note, size, source = row
            group, _created = ActionGroup.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "lead_organisation": organisations.get(lead) if lead else None,
                    "is_active": active,
                    "status_verified": verified,
                    "started_year": started,
                    "started_note": started_note,
                    "stated_size": size,
                    "source": source[:300],
                },
            )
            if lead:
                Membership.objects.update_or_create(
                    action_group=group, organisation=organisations[lead], defaults={"role": MembershipRole.LEAD}
                )

    def _people(self, organisations) -> None:
        for name, title, organisation in facts.PEOPLE:
            Person.objects.update_or_create(
                name=name,
                defaults={
                    "title": title,
                    "organisation": organisations.get(organisation) if organisation else None,
                    "source": facts.CONCEPT_NOTE,
                },
            )

    def _figures(self) -> None:
        for position, (key, (label, value, year, source)) in enumerate(facts.STATED_FIGURES.items()):
            StatedFigure.objects.update_or_create(
                key=key,
                defaults={"label": label, "value": value, "as_of_year": year, "source": source, "position": position},
            )
