"""``alliance87 load-conference-banner``: the conference's banner, "10 Years of Alliance 8.7". Idempotent.

300 × 100 cm in 120 × 40 cells, the default palette, open from now on, moderated by the moderators of
the side event that ``load-side-event`` imports (the demo moderator holds that role). Run it after
``load-side-event``; a second run changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alliance87.artwork.models import Banner, default_palette
from alliance87.events.management.commands.load_side_event import SEED
from alliance87.events.models import Event

SLUG = "10-years"


class Command(BaseCommand):
    help = "Create the conference's banner for the side event, open now, unless it is already there."

    def handle(self, *args, **options):
        banner = Banner.objects.filter(slug=SLUG).first() or Banner.objects.filter(is_conference_banner=True).first()
        if banner is None:
            event = Event.objects.filter(source=SEED.name).first()
            if event is None:
                raise CommandError("Load the side event first: alliance87 load-side-event")
            banner = Banner(
                title="10 Years of Alliance 8.7",
                slug=SLUG,
                text="10 Years of Alliance 8.7",
                event=event,
                is_conference_banner=True,
                width_cm=300,
                height_cm=100,
                columns=120,
                rows=40,
                palette=default_palette(),
                opens_at=timezone.now(),
            )
            banner.full_clean()
            banner.save()
            verb = "created"
        else:
            verb = "already there"
        self.stdout.write(
            self.style.SUCCESS(
                f"Conference banner {verb}: {banner.title} — phone page /artwork/{banner.slug}/, "
                f"console /artwork/{banner.slug}/moderate/, poster /artwork/{banner.slug}/poster.pdf"
            )
        )
