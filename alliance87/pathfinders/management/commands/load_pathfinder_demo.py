"""``alliance87 load-pathfinder-demo``: the default Framework criteria and the example country."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from alliance87.pathfinders.demo import load_example


class Command(BaseCommand):
    help = "Load the default Accountability Framework criteria and Exampleland, the marked example country."

    def handle(self, *args, **options):
        # The example's workflow would e-mail the reviewers about invented reports: it sends nothing. Only
        # while it loads: set for good, every later e-mail of the process went nowhere (in the test suite,
        # every test after one that loads the example, in the same process).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            country = load_example()
        self.stdout.write(self.style.SUCCESS(f"Pathfinder demo loaded: {country.name}, marked as an example."))
        self.stdout.write(
            "No real reporting cycle is opened: its year and deadline are not known. The secretariat opens it "
            "at /reports/ (Open a reporting cycle)."
        )
