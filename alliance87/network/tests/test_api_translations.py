"""The network API gives organisations', Action Groups' and stated figures' translations beside the English."""


def test_an_organisation_carries_its_official_names(client, alliance):
    body = client.get("/api/organisations/ilo").json()
    assert (body["name"], body["acronym"]) == ("International Labour Organization", "ILO")  # as before
    assert body["translations"]["fr"] == {"name": "Organisation internationale du Travail", "acronym": "OIT"}
    assert body["translations"]["ar"] == {"name": "منظمة العمل الدولية"}  # no Arabic acronym: left out
    listed = {org["slug"]: org for org in client.get("/api/organisations").json()["items"]}
    assert listed["ilo"]["translations"] == body["translations"]
    assert listed["free-the-slaves"]["translations"] == {}  # its own name, in every language


def test_action_groups_and_figures_carry_their_translations(client, alliance):
    groups = {group["slug"]: group for group in client.get("/api/action-groups").json()}
    assert groups["migration"]["translations"]["es"] == {"name": "Grupo de Acción sobre Migración"}
    detail = client.get("/api/action-groups/migration").json()
    assert detail["translations"] == groups["migration"]["translations"]
    figures = {figure["key"]: figure for figure in client.get("/api/figures").json()}
    assert figures["partners"]["label"] == "partners in the Alliance’s network"
    assert figures["partners"]["translations"]["fr"] == {"label": "partenaires dans le réseau de l’Alliance"}
