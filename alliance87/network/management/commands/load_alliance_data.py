"""``alliance87 load-alliance-data``: load the Alliance's real network. Safe to run again.

Run again, it adds what is missing and leaves what people have since edited alone; ``--refresh``
puts the loaded facts back over such edits. The same holds for the names' and statements' translations
(``alliance_facts.*_TRANSLATIONS``): a translation the record lacks is added, one the secretariat has
since written in the admin is kept unless ``--refresh``.
"""

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

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh", action="store_true", help="Put the loaded facts back over later edits of the same records."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        self.refresh = bool(options.get("refresh"))
        self.save = self._update_or_create if self.refresh else self._get_or_create
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
            country, _created = self.save(
                Country,
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
            organisations[slug], _created = self.save(
                Organisation,
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
            self._translate(organisations[slug], facts.ORGANISATION_TRANSLATIONS.get(slug))
        return organisations

    def _action_groups(self, organisations) -> None:
        for slug, row in facts.ACTION_GROUPS.items():
            name, lead, active, verified, started, started_note, size, source = row
            group, _created = self.save(
                ActionGroup,
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
            self._translate(group, facts.ACTION_GROUP_TRANSLATIONS.get(slug))
            if lead:
                self.save(
                    Membership,
                    action_group=group,
                    organisation=organisations[lead],
                    defaults={"role": MembershipRole.LEAD},
                )

    def _people(self, organisations) -> None:
        for name, title, organisation in facts.PEOPLE:
            self.save(
                Person,
                name=name,
                defaults={
                    "title": title,
                    "organisation": organisations.get(organisation) if organisation else None,
                    "source": facts.CONCEPT_NOTE,
                },
            )

    def _figures(self) -> None:
        for position, (key, (label, value, year, source)) in enumerate(facts.STATED_FIGURES.items()):
            figure, _created = self.save(
                StatedFigure,
                key=key,
                defaults={"label": label, "value": value, "as_of_year": year, "source": source, "position": position},
            )
            self._translate(figure, facts.STATED_FIGURE_TRANSLATIONS.get(key))

    def _translate(self, obj, translations: dict | None) -> None:
        """Add the translations ``obj`` lacks (all of them over its own with --refresh), saving if any."""
        if not translations:
            return
        merged = {code: dict(texts) for code, texts in (obj.translations or {}).items()}
        for code, texts in translations.items():
            for field, text in texts.items():
                if self.refresh or not merged.get(code, {}).get(field):
                    merged.setdefault(code, {})[field] = text
        if merged != obj.translations:
            obj.translations = merged
            obj.save(update_fields=["translations"])

    @staticmethod
    def _get_or_create(model, defaults, **lookup):
        return model.objects.get_or_create(**lookup, defaults=defaults)

    @staticmethod
    def _update_or_create(model, defaults, **lookup):
        return model.objects.update_or_create(**lookup, defaults=defaults)
