"""`load-alliance-data` loads the facts of the concept note and the fact sheet, and only those."""

from django.core.management import call_command

from alliance87.network.models import ActionGroup, Country, Organisation, Person, StatedFigure


def test_load_alliance_data_is_idempotent(db):
    call_command("load_alliance_data", verbosity=0)
    counts = [m.objects.count() for m in (Country, Organisation, ActionGroup, Person, StatedFigure)]
    call_command("load_alliance_data", verbosity=0)
    assert [m.objects.count() for m in (Country, Organisation, ActionGroup, Person, StatedFigure)] == counts


def test_load_alliance_data_action_groups(alliance):
    active = {g.name: g.lead_organisation.acronym for g in ActionGroup.objects.active()}
    assert active == {
        "Action Group on Agriculture": "FAO",
        "Action Group on Supply Chains": "ILO",
        "Action Group on Migration": "IOM",
    }
    inactive = ActionGroup.objects.filter(is_active=False)
    assert sorted(g.slug for g in inactive) == ["conflict-and-humanitarian-settings", "rule-of-law-and-governance"]
    assert not any(g.status_verified for g in inactive)


def test_load_alliance_data_pathfinders_unknown_dates_stay_empty(alliance):
    pathfinders = Country.objects.pathfinders()
    assert pathfinders.count() == 20
    assert {"KE", "MX", "FR", "DE", "FJ", "CD"} <= {c.code.code for c in pathfinders}
    assert not pathfinders.filter(pathfinder_since__isnull=False).exists()
    assert not Country.objects.get(code="MA").is_pathfinder


def test_load_alliance_data_people_have_no_public_consent(alliance):
    assert Person.objects.count() == 11
    assert not Person.objects.public().exists()
    assert Person.objects.get(name="Bukeni Waruzi").organisation.name == "Free the Slaves"


def test_load_alliance_data_stated_figures_carry_their_source(alliance):
    figures = {f.key: f for f in StatedFigure.objects.all()}
    assert (figures["pathfinders-interested"].value, figures["pathfinders-reporting"].value) == ("38", "26")
    assert figures["partners"].value == "400+"
    assert all("Concept note" in f.source for f in figures.values())


def test_load_alliance_data_leaves_unknown_facts_empty(alliance):
    assert not Organisation.objects.exclude(website="").exists()
    assert not Organisation.objects.filter(partner_since__isnull=False).exists()


def test_load_alliance_data_keeps_later_edits_unless_refresh(alliance):
    Organisation.objects.filter(slug="nestle").update(name="Nestlé S.A.", website="https://example.org/")
    call_command("load_alliance_data", verbosity=0)
    assert Organisation.objects.get(slug="nestle").name == "Nestlé S.A."
    call_command("load_alliance_data", "--refresh", verbosity=0)
    nestle = Organisation.objects.get(slug="nestle")
    assert nestle.name == "Nestlé"
    assert nestle.website == "https://example.org/"  # not a loaded fact: left alone
