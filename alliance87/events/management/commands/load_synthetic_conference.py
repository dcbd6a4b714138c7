"""``alliance87 load-synthetic-conference``: the example conference for load tests (``make bench``)."""

from django.core.management.base import BaseCommand

from alliance87.events.synthetic import Shape, build_conference


class Command(BaseCommand):
    help = "Create (or replace) a synthetic example conference: 300 items in 6 rooms over 3 days, 400 people."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=300)
        parser.add_argument("--rooms", type=int, default=6)
        parser.add_argument("--days", type=int, default=3)
        parser.add_argument("--people", type=int, default=400)

    def handle(self, *args, items, rooms, days, people, **options):
        conference = build_conference(Shape(items=items, rooms=rooms, days=days, people=people))
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic conference loaded: {conference.side_events.count()} sessions, "
                f"{items} items, {people} people (/events/{conference.slug}/)."
            )
        )
