"""``alliance87 load-commitment-examples``: a few example commitments for the demonstration. Idempotent.

`make run` runs it after the example country is loaded (``load-pathfinder-demo``). Everything is invented and
marked so: the commitments are ``is_example`` and say "(example)" in their titles; they are made by the example
country (Exampleland, linked to its roadmap's key actions, with progress updates) and by two example
organisations created here (not Alliance partners, their source "Invented for the demonstration"), one of them
joint. No real country, organisation, person or event is named in them.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alliance87.commitments.models import (
    CoImplementer,
    Commitment,
    CommitmentStatus,
    Deliverable,
    MakerKind,
    Progress,
    ProgressUpdate,
    Resource,
    ResourceKind,
)
from alliance87.network.models import Country, Organisation, OrganisationKind
from alliance87.pagecache import public_pages_changed
from alliance87.pathfinders.demo import loader_user
from alliance87.pathfinders.models import KeyAction

SOURCE = "Invented for the demonstration"
ORGANISATIONS = (
    ("example-cooperative", "Example Cocoa Cooperative (example)", OrganisationKind.OTHER),
    ("example-workers-union", "Example Agricultural Workers’ Union (example)", OrganisationKind.WORKERS),
)


def _organisation(slug, name, kind) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "is_partner": False, "source": SOURCE}
    )
    return organisation


def _commitment(title: str, *, by, now, deliverables, resources, **fields) -> Commitment:
    found = Commitment.objects.filter(title=title, is_example=True).first()
    if found is not None:
        return found
    made = Commitment.objects.create(
        title=title,
        status=CommitmentStatus.PUBLISHED,
        submitted_at=now - datetime.timedelta(days=200),
        published_at=now - datetime.timedelta(days=190),
        smart_review={letter: {"ok": True, "note": ""} for letter in "SMART"},
        sdg_targets=["8.7"],
        is_example=True,
        created_by=by,
        **fields,
    )
    for position, (name, indicator, unit, baseline, target, due) in enumerate(deliverables):
        Deliverable.objects.create(
            commitment=made,
            position=position,
            title=name,
            indicator=indicator,
            unit=unit,
            baseline=Decimal(baseline),
            target=Decimal(target),
            due_on=due,
        )
    for kind, description, amount, currency in resources:
        Resource.objects.create(commitment=made, kind=kind, description=description, amount=amount, currency=currency)
    return made


class Command(BaseCommand):
    help = "Load a few example commitments (the example country's and example organisations'). Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        country = Country.objects.filter(code=settings.EXAMPLE_COUNTRY_CODE, is_example=True).first()
        if country is None:
            self.stdout.write("No example country: run load-pathfinder-demo first. Nothing loaded.")
            return
        by = loader_user()
        now = timezone.now()
        today = now.date()
        cooperative, union = (_organisation(*row) for row in ORGANISATIONS)

        inspection = _commitment(
            "Exampleland extends labour inspection to informal farms (example)",
            by=by,
            now=now,
            maker_kind=MakerKind.COUNTRY,
            lead_country=country,
            description="The labour inspectorate trains inspectors and visits informal farms in every district. "
            "(Invented for the demonstration.)",
            contribution="Inspections reach the farms where most children work. (Example.)",
            communication="A yearly public report of the inspectorate. (Example.)",
            focal_point="Labour inspectorate (example)",
            starts_on=today.replace(month=1, day=1) - datetime.timedelta(days=365),
            ends_on=today.replace(month=12, day=31) + datetime.timedelta(days=365),
            deliverables=[
                (
                    "Inspectors trained on child labour (example)",
                    "Inspectors trained",
                    "people",
                    "0",
                    "120",
                    today.replace(month=12, day=31),
                ),
            ],
            resources=[(ResourceKind.MONEY, "Inspectorate budget line (example)", Decimal("250000"), "USD")],
        )
        if inspection.pk and not inspection.key_actions.exists():
            inspection.key_actions.set(KeyAction.objects.filter(priority__roadmap__country=country)[:2])
            inspection.countries.set([country])
        if not inspection.updates.exists():
            deliverable = inspection.deliverables.first()
            for days_ago, progress, value, text in (
                (150, Progress.ON_TRACK, "40", "The first 40 inspectors finished the course. (Example.)"),
                (30, Progress.ON_TRACK, "85", "85 inspectors trained; visits began in four districts. (Example.)"),
            ):
                ProgressUpdate.objects.create(
                    commitment=inspection,
                    deliverable=deliverable,
                    progress=progress,
                    value=Decimal(value),
                    text=text,
                    reported_at=now - datetime.timedelta(days=days_ago),
                    reported_by=by,
                )
            Deliverable.objects.filter(pk=deliverable.pk).update(
                current_value=Decimal("85"), progress=Progress.ON_TRACK
            )
            Commitment.objects.filter(pk=inspection.pk).update(last_reported_at=now - datetime.timedelta(days=30))

        joint = _commitment(
            "Remediation for every child found on the cooperative’s farms (example)",
            by=by,
            now=now,
            maker_kind=MakerKind.ORGANISATION,
            lead_organisation=cooperative,
            description="Monitoring visits to member farms, and a remediation plan for each child found, with the "
            "union’s shop stewards. (Invented for the demonstration.)",
            contribution="Children found at work go back to school; their families get income support. (Example.)",
            communication="A yearly note on the cooperative’s website. (Example.)",
            focal_point="Sustainability officer (example)",
            starts_on=today.replace(month=1, day=1),
            ends_on=today.replace(month=12, day=31) + datetime.timedelta(days=730),
            deliverables=[
                (
                    "Member farms covered by monitoring (example)",
                    "Farms monitored",
                    "farms",
                    "50",
                    "400",
                    today.replace(month=12, day=31) + datetime.timedelta(days=365),
                ),
            ],
            resources=[(ResourceKind.STAFF, "Two monitoring officers (example)", None, "")],
        )
        joint.countries.set([country])
        CoImplementer.objects.get_or_create(
            commitment=joint, organisation=union, defaults={"confirmed_at": now - datetime.timedelta(days=195)}
        )

        _commitment(
            "Union helpline for workers reporting child labour (example)",
            by=by,
            now=now,
            maker_kind=MakerKind.ORGANISATION,
            lead_organisation=union,
            description="A free helpline staffed by union members, with referral to the inspectorate. "
            "(Invented for the demonstration.)",
            communication="Posters in the cooperatives’ buying centres. (Example.)",
            starts_on=today.replace(month=1, day=1),
            ends_on=today.replace(month=12, day=31) + datetime.timedelta(days=365),
            deliverables=[
                ("Calls answered (example)", "Calls answered", "calls", "0", "1000", today.replace(month=12, day=31))
            ],
            resources=[(ResourceKind.IN_KIND, "Office and phone line of the union (example)", None, "")],
        )

        try:
            from alliance87.commitments import lights  # noqa: PLC0415 -- the status light, where it is built

            for made in Commitment.objects.filter(is_example=True, status=CommitmentStatus.PUBLISHED):
                lights.recompute_one(made)
        except ImportError:
            pass
        public_pages_changed()
        count = Commitment.objects.filter(is_example=True).count()
        self.stdout.write(self.style.SUCCESS(f"{count} example commitment(s) in the registry."))
