"""Lists in the alphabetical order of the reader's language: the directory, the Action Groups, a group's
members and a country's partners sort by the name the page shows, not by the English one."""

import re

from alliance87.network import selectors
from alliance87.network.models import ActionGroup, Membership, Organisation
from alliance87.translations import localised

CARD_NAME = re.compile(r'<h3><a href="(?:/\w\w)?/(?:partners|action-groups)/[\w-]+/">(?:<span lang="en">)?([^<]+)<')


def names_on(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    return CARD_NAME.findall(response.content.decode())


def test_the_french_directory_is_in_french_order(client, alliance):
    names = names_on(client, "/fr/partners/")
    assert names == [
        "Confédération syndicale internationale",
        "Free the Slaves",  # its own name, in English
        "Internationale des travailleurs du bâtiment et du bois",
        "Nestlé",
        "Organisation des Nations Unies pour l’alimentation et l’agriculture",
        "Organisation internationale des employeurs",
        "Organisation internationale du Travail",
        "Organisation internationale pour les migrations",
        "Survivors Network Kenya",
    ]
    english = names_on(client, "/partners/")
    assert english.index("International Labour Organization") < english.index("Nestlé")
    assert english == sorted(english, key=str.lower)


def test_the_api_keeps_the_english_order(client, alliance):
    names = [org["name"] for org in client.get("/api/organisations", HTTP_ACCEPT_LANGUAGE="fr").json()["items"]]
    assert names == sorted(names, key=str.lower)


def test_the_spanish_action_groups_are_in_spanish_order(client, alliance):
    names = names_on(client, "/es/action-groups/")
    assert names[:3] == [  # the active groups first
        "Grupo de Acción sobre Agricultura",
        "Grupo de Acción sobre Cadenas de Suministro",
        "Grupo de Acción sobre Migración",
    ]
    assert [group.name for group in selectors.action_groups("en")][:3] == [
        "Action Group on Agriculture",
        "Action Group on Migration",
        "Action Group on Supply Chains",
    ]


def test_a_name_without_a_translation_sorts_by_its_english_and_case_does_not_count(alliance):
    ActionGroup.objects.create(name="action group on education", slug="education", is_active=True)
    ActionGroup.objects.create(name="Zeta Group", slug="zeta", is_active=True, translations={"fr": {"name": "Beta"}})
    french = [localised(group, "name", "fr") for group in selectors.action_groups("fr") if group.is_active]
    assert french[:2] == ["action group on education", "Beta"]  # "Beta", not "Zeta"; "a" before "B"
    assert french.index("action group on education") < french.index("Groupe d’action sur les migrations")


def test_a_groups_members_in_the_readers_order(client, alliance):
    group = ActionGroup.objects.get(slug="migration")
    for slug in ("nestle", "ituc", "free-the-slaves"):
        Membership.objects.create(action_group=group, organisation=Organisation.objects.get(slug=slug))
    members = re.compile(r'<tr><td><a href="(?:/\w\w)?/partners/([\w-]+)/">')
    french = members.findall(client.get("/fr/action-groups/migration/").content.decode())
    assert french == ["iom", "ituc", "free-the-slaves", "nestle"]  # the lead, then CSI, Free the Slaves, Nestlé
    english = members.findall(client.get("/action-groups/migration/").content.decode())
    assert english == ["iom", "free-the-slaves", "ituc", "nestle"]
