"""``manage.py load_synthetic_network``: a large, visibly fake network for load tests (``make bench``).

Every row it creates is an example: organisations are "Example partner 0042", people "Example person
0007", and each row's source says it is synthetic. Countries use real ISO codes (a country page needs
one) that the database does not hold yet; their regions are assigned round-robin and some are marked
as Pathfinders, which is not a fact about those countries. Never load this into a real database: it
refuses to run when organisations already exist, unless ``--force`` is given (``make bench`` does so
on its own throwaway database, after loading the real facts).
"""

from itertools import cycle

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_countries import countries as iso_countries

from alliance87.network.models import (
    ActionGroup,
    Country,
    IloRegion,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Person,
    SdgRegion,
)
from alliance87.pagecache import public_pages_changed

SOURCE = "Synthetic example data for load tests (make bench); not a fact"
SLUG_PREFIX = "example-partner-"
ACTION_GROUPS = 5
BATCH = 500


class Command(BaseCommand):
    help = "Load a synthetic example network (for benchmarks only; refuses to touch a database with data)."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=1000)
        parser.add_argument("--people", type=int, default=2000)
        parser.add_argument("--countries", type=int, default=50)
        parser.add_argument(
            "--pathfinders", type=int, default=None, help="Countries marked as Pathfinders (default: 40%%)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run although organisations exist (only on a throwaway database).",
        )

    def handle(self, *args, organisations, people, countries, pathfinders, force, **options):
        if min(organisations, people, countries) < 0 or (organisations and not countries):
            raise CommandError("Counts must be positive, and organisations need at least one country.")
        if Organisation.objects.exists() and not force:
            raise CommandError(
                "The database already holds organisations: this command only fills a throwaway database "
                "with synthetic examples. Use --force if this really is one."
            )
        if Organisation.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise CommandError("Synthetic examples are already loaded in this database.")
        pathfinders = round(countries * 0.4) if pathfinders is None else min(pathfinders, countries)

        with transaction.atomic():
            country_rows = self._countries(countries, pathfinders)
            org_rows = self._organisations(organisations, country_rows)
            groups = self._action_groups()
            memberships = self._memberships(org_rows, groups)
            person_count = self._people(people, org_rows)
            public_pages_changed()

        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic examples loaded: {len(country_rows)} countries ({pathfinders} marked as "
                f"Pathfinders), {len(org_rows)} organisations, {person_count} people, "
                f"{memberships} memberships in {len(groups)} Action Groups."
            )
        )

    def _countries(self, count: int, pathfinders: int) -> list[Country]:
        taken = set(Country.objects.values_list("code", flat=True))
        codes = [c.code for c in iso_countries if c.code not in taken][:count]
        if len(codes) < count:
            raise CommandError(f"Only {len(codes)} ISO codes are free; asked for {count} countries.")
        sdg, ilo = cycle(SdgRegion.values), cycle(IloRegion.values)
        # Spread the Pathfinders over the list rather than taking the first ones alphabetically.
        step = count / pathfinders if pathfinders else 0
        marked = {int(i * step) for i in range(pathfinders)}
        rows = [
            Country(
                code=code,
                sdg_region=next(sdg),
                ilo_region=next(ilo),
                is_pathfinder=i in marked,
                source=SOURCE,
            )
            for i, code in enumerate(codes)
        ]
        Country.objects.bulk_create(rows, batch_size=BATCH)
        # bulk_create sets primary keys on SQLite and PostgreSQL; read back to be sure on any backend.
        return list(Country.objects.filter(code__in=codes).order_by("code"))

    def _organisations(self, count: int, countries: list[Country]) -> list[Organisation]:
        kinds = cycle(OrganisationKind.values)
        rows = []
        for i in range(1, count + 1):
            number = f"{i:04d}"
            rows.append(
                Organisation(
                    name=f"Example partner {number}",
                    slug=f"{SLUG_PREFIX}{number}",
                    acronym=f"EX{number}",
                    kind=next(kinds),
                    country=countries[i % len(countries)],
                    website=f"https://example.org/partner-{number}",
                    description=f"A synthetic example organisation, number {number}, for load tests.",
                    # About one in eleven is not a partner, so the directory's partner filter does some
                    # work; 11 shares no factor with the 9 kinds or a round number of countries, so every
                    # kind and country keeps partners.
                    is_partner=i % 11 != 0,
                    partner_since=2016 + i % 10,
                    source=SOURCE,
                )
            )
        Organisation.objects.bulk_create(rows, batch_size=BATCH)
        return list(Organisation.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug"))

    def _action_groups(self) -> list[ActionGroup]:
        groups = list(ActionGroup.objects.order_by("pk")[:ACTION_GROUPS])
        missing = ACTION_GROUPS - len(groups)
        if missing:
            ActionGroup.objects.bulk_create(
                ActionGroup(
                    name=f"Example Action Group {n}",
                    slug=f"example-action-group-{n}",
                    mandate="A synthetic example group for load tests.",
                    status_verified=False,
                    source=SOURCE,
                )
                for n in range(len(groups) + 1, ACTION_GROUPS + 1)
            )
            groups = list(ActionGroup.objects.order_by("pk")[:ACTION_GROUPS])
        return groups

    def _memberships(self, organisations: list[Organisation], groups: list[ActionGroup]) -> int:
        """Each example partner joins one group, every third one a second group too."""
        if not groups:
            return 0
        rows = []
        for i, org in enumerate(organisations):
            if not org.is_partner:
                continue
            picks = {i % len(groups)}
            if i % 3 == 0:
                picks.add((i + 2) % len(groups))
            rows += [
                Membership(
                    action_group=groups[g], organisation=org, role=MembershipRole.MEMBER, since_year=2017 + i % 9
                )
                for g in sorted(picks)
            ]
        Membership.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    def _people(self, count: int, organisations: list[Organisation]) -> int:
        rows, now = [], timezone.now()
        for i in range(1, count + 1):
            consent = i % 2 == 0  # half have (synthetic) recorded consent, so both paths are exercised
            rows.append(
                Person(
                    name=f"Example person {i:04d}",
                    title="Example title",
                    organisation=organisations[i % len(organisations)] if organisations else None,
                    public_consent=consent,
                    consent_recorded_at=now if consent else None,
                    consent_note="Synthetic example: no real person" if consent else "",
                    source=SOURCE,
                )
            )
        Person.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)
