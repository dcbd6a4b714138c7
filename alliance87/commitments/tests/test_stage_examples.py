"""The demonstration's example commitments (``load-commitment-examples``): invented, marked, idempotent."""

from django.core.management import call_command

from alliance87.commitments.models import Commitment
from alliance87.network.models import Organisation


def test_the_examples_load_once_and_are_marked(exampleland, capsys):
    call_command("load_commitment_examples")
    call_command("load_commitment_examples")
    made = list(Commitment.objects.all())
    assert len(made) == 3 and all(c.is_example and "(example)" in c.title for c in made)
    assert {c.status for c in made} == {"published"}
    country = Commitment.objects.get(lead_country=exampleland)
    assert country.updates.count() == 2 and country.key_actions.exists()
    assert country.light == "green"
    [joint] = [c for c in made if c.co_implementers.exists()]
    assert joint.co_implementers.get().confirmed_at is not None
    assert not Organisation.objects.filter(slug__startswith="example-", is_partner=True).exists()
    assert "3 example commitment(s)" in capsys.readouterr().out


def test_without_the_example_country_nothing_is_loaded(db, capsys):
    call_command("load_commitment_examples")
    assert not Commitment.objects.exists() and "Nothing loaded" in capsys.readouterr().out
