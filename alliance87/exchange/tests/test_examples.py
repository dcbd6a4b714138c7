"""``load-experience-examples``: invented, marked, about the example country only, idempotent; the story is
anonymous."""

import datetime

from django.core.management import call_command

from alliance87.exchange.models import Experience


def test_the_examples_are_marked_about_exampleland_and_load_once(alliance):
    from alliance87.pathfinders.demo import load_example

    exampleland = load_example(today=datetime.date(2026, 11, 24))
    call_command("load_commitment_examples", verbosity=0)
    call_command("load_experience_examples", verbosity=0)
    call_command("load_experience_examples", verbosity=0)
    examples = list(Experience.objects.all())
    assert len(examples) == 2
    for example in examples:
        assert example.is_example and "(example)" in example.title and example.status == "published"
        assert list(example.countries.all()) == [exampleland]
        assert example.organisation is None or "(example)" in example.organisation.name
    story = Experience.objects.get(lived_experience=True)
    assert story.public_teller == "" and story.kind == "story"
