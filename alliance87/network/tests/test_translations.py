"""The network's pages in the reader's language: names, statements, and English marked where it stands in."""

from django.core.management import call_command

from alliance87.network.models import ActionGroup, Organisation, StatedFigure


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_french_directory_shows_french_names_and_marks_english_ones(client, alliance):
    page = text(client.get("/fr/partners/"))
    assert 'Organisation internationale du Travail</a> <span class="muted">(OIT)</span>' in page
    assert "Organisation internationale pour les migrations" in page
    assert '<span lang="en">Free the Slaves</span>' in page  # its own name, in English
    assert '<span lang="en">International Labour Organization</span>' not in page


def test_the_english_pages_never_mark_english(client, alliance):
    for path in ("/", "/partners/", "/partners/ilo/", "/action-groups/", "/action-groups/migration/"):
        assert '<span lang="en">' not in text(client.get(path)), path
    assert "International Labour Organization" in text(client.get("/partners/ilo/"))


def test_the_spanish_and_arabic_partner_pages_show_the_official_names(client, alliance):
    page = text(client.get("/es/partners/ilo/"))
    assert "<title>Organización Internacional del Trabajo" in page
    assert '<h1>Organización Internacional del Trabajo <span class="muted">(OIT)</span></h1>' in page
    assert "Grupo de Acción sobre Cadenas de Suministro" in page  # the group it leads
    page = text(client.get("/ar/partners/ilo/"))
    assert "<h1>منظمة العمل الدولية" in page
    assert '(<span lang="en">ILO</span>)' in page  # no Arabic acronym recorded: the English one, marked


def test_action_groups_in_french_with_an_untranslated_group_marked(client, alliance):
    ActionGroup.objects.create(name="Action Group on Example", slug="example", mandate="Line one.\nLine two.")
    page = text(client.get("/fr/action-groups/"))
    assert "Groupe d’action sur les migrations" in page
    assert "Organisation internationale pour les migrations" in page  # its lead
    assert '<span lang="en">Action Group on Example</span>' in page
    page = text(client.get("/fr/action-groups/example/"))
    assert '<h1><span lang="en">Action Group on Example</span></h1>' in page
    assert '<p lang="en">Line one.<br>Line two.</p>' in page


def test_the_home_figures_in_french_and_arabic(client, alliance):
    assert "partenaires dans le réseau de l’Alliance" in text(client.get("/fr/"))
    page = text(client.get("/ar/"))
    assert "شريك في شبكة التحالف" in page
    assert "partners in the Alliance’s network" not in page


def test_the_site_search_finds_translated_names(client, alliance):
    page = text(client.get("/fr/search/", {"q": "chaînes d’approvisionnement"}))
    assert "Groupe d’action sur les chaînes d’approvisionnement" in page
    page = text(client.get("/ar/search/", {"q": "منظمة العمل الدولية"}))
    assert "/ar/partners/ilo/" in page


def test_every_loaded_translation_is_valid(alliance):
    for model in (Organisation, ActionGroup, StatedFigure):
        for obj in model.objects.all():
            obj.clean_fields()  # raises ValidationError naming the translation that is wrong
    assert Organisation.objects.get(slug="iom").translations["ar"]["name"] == "المنظمة الدولية للهجرة"


def test_loading_again_keeps_the_secretariats_translation_until_refresh(alliance):
    ilo = Organisation.objects.get(slug="ilo")
    ilo.translations = {"fr": {"name": "OIT (revu par le secrétariat)"}}
    ilo.save()
    call_command("load_alliance_data", verbosity=0)
    ilo.refresh_from_db()
    assert ilo.translations["fr"] == {"name": "OIT (revu par le secrétariat)", "acronym": "OIT"}  # missing added
    call_command("load_alliance_data", "--refresh", verbosity=0)
    ilo.refresh_from_db()
    assert ilo.translations["fr"]["name"] == "Organisation internationale du Travail"
