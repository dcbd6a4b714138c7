"""``alliance87 load-experience-examples``: a few example experiences for the demonstration. Idempotent.

`make run` runs it after the example commitments (``load-commitment-examples``). Everything is invented and
marked so: the experiences are ``is_example`` and say "(example)" in their titles; they are about the example
country (Exampleland), shared by an example organisation of the commitments' examples when it is there, and one
is an anonymous story of a person with lived experience. No real country, organisation, person or event is named
in them, and no picture is made up.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from alliance87.commitments.models import Commitment
from alliance87.exchange.models import Experience, ExperienceKind, ExperienceStatus
from alliance87.network.models import Country, Organisation
from alliance87.pagecache import public_pages_changed
from alliance87.pathfinders.demo import loader_user

NOTE = " (Invented for the demonstration.)"
EXAMPLES = (
    {
        "title": "Village committees bring children back from the harvest (example)",
        "kind": ExperienceKind.PRACTICE,
        "summary": "Committees of parents, teachers and farmers visit farms in the harvest season and refer the "
        "children they find working to school and to the social services." + NOTE,
        "context": "In the harvest season many children left school to work on family and neighbouring farms." + NOTE,
        "what_was_done": "Each village chose a committee; the cooperative trained it in two days; the committee "
        "visited every farm once a month and wrote down each referral; the district followed them up." + NOTE,
        "with_whom": "The example cocoa cooperative, village schools and the district social services." + NOTE,
        "results": "Fewer children were found working in the second harvest than in the first." + NOTE,
        "lessons": "A committee needs a small budget for transport, and the farmers' trust: start with them." + NOTE,
        "organisation": "example-cooperative",
        "commitment": "Exampleland extends labour inspection to informal farms (example)",
    },
    {
        "title": "Back to school after the harvest (example)",
        "kind": ExperienceKind.STORY,
        "lived_experience": True,
        "summary": "A young person tells how a village committee's visit led them back to school. The teller is "
        "not named." + NOTE,
        "what_was_done": "A committee member spoke with my parents, and the school let me catch up in the "
        "afternoons." + NOTE,
        "lessons": "Someone has to ask why a child is not in class." + NOTE,
        "organisation": "example-workers-union",
    },
)


class Command(BaseCommand):
    help = "Load a few example experiences (about the example country). Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        country = Country.objects.filter(code=settings.EXAMPLE_COUNTRY_CODE, is_example=True).first()
        if country is None:
            self.stdout.write("No example country: run load-pathfinder-demo first. Nothing loaded.")
            return
        by, now = loader_user(), timezone.now()
        for example in EXAMPLES:
            fields = dict(example)
            title = fields.pop("title")
            if Experience.objects.filter(title=title, is_example=True).exists():
                continue
            organisation = Organisation.objects.filter(slug=fields.pop("organisation", "")).first()
            commitment = Commitment.objects.filter(title=fields.pop("commitment", ""), is_example=True).first()
            made = Experience.objects.create(
                title=title,
                slug=slugify(title)[:80],
                organisation=organisation,
                status=ExperienceStatus.PUBLISHED,
                submitted_at=now,
                published_at=now,
                is_example=True,
                created_by=by,
                **fields,
            )
            made.countries.set([country])
            if commitment is not None:
                made.commitments.set([commitment])
        public_pages_changed()
        count = Experience.objects.filter(is_example=True).count()
        self.stdout.write(self.style.SUCCESS(f"{count} example experience(s) in the exchange."))
