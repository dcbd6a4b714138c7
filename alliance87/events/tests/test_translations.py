"""The programme in the reader's language: agenda titles translated by the loader or the organiser."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from alliance87.accounts.models import Role
from alliance87.events.models import Event
from alliance87.testing import make_user

OPENING = "Opening remarks"


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def loaded(alliance):
    call_command("load_side_event", verbosity=0)
    return Event.objects.get(source__endswith="side-event.txt")


def test_the_arabic_programme_shows_the_arabic_agenda_titles(client, loaded):
    page = text(client.get(f"/ar/events/{loaded.slug}/"))
    assert '<span class="programme-title">كلمة افتتاحية</span>' in page
    assert "<h1>Alliance 8.7: عشر سنوات من الشراكة والعمل</h1>" in page
    assert "الاحتفال بالذكرى السنوية العاشرة ورسم رؤية المستقبل" in page
    assert OPENING not in page


def test_the_english_programme_is_unmarked_and_an_untranslated_item_is_marked_in_french(client, loaded):
    page = text(client.get(f"/events/{loaded.slug}/"))
    assert f'<span class="programme-title">{OPENING}</span>' in page and '<span lang="en">' not in page
    item = loaded.items.get(title=OPENING)
    item.translations = {}
    item.save()
    call_command("load_alliance_data", verbosity=0)  # any write: the cached pages go
    page = text(client.get(f"/fr/events/{loaded.slug}/"))
    assert f'<span class="programme-title" lang="en">{OPENING}</span>' in page
    assert "Vidéo : voix des pays pionniers" in page


def test_loading_again_keeps_what_the_organisers_wrote(loaded):
    item = loaded.items.get(title=OPENING)
    item.translations = {"fr": {"title": "Mot d’accueil"}}
    item.save()
    call_command("load_side_event", verbosity=0)
    item.refresh_from_db()
    assert item.translations["fr"] == {"title": "Mot d’accueil", "description": item.translations["fr"]["description"]}
    assert item.translations["es"]["title"] == "Palabras de apertura"


def test_the_organiser_writes_a_french_title_and_the_french_programme_shows_it(client, loaded):
    organiser = make_user("organiser@example.org", Role.EVENT_ORGANISER, loaded)
    client.force_login(organiser)
    item = loaded.items.get(title=OPENING)
    url = reverse("events:manage_item", args=[loaded.slug, item.pk])
    page = text(client.get(url))
    assert "title (Arabic)" in page and 'dir="rtl"' in page and "Allocution d’ouverture" in page
    form = {"kind": item.kind, "title": item.title, "duration_minutes": item.duration_minutes}
    form |= {"description": item.description, "notes": item.notes}
    # What the browser sends back: every input as shown, the French title changed, its description emptied.
    form |= {f"{field}__{code}": texts[field] for code, texts in item.translations.items() for field in texts}
    form |= {"title__fr": "Mot d’ouverture", "description__fr": ""}
    response = client.post(url, form)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.translations["fr"]["title"] == "Mot d’ouverture"
    assert "description" not in item.translations["fr"]  # emptied: the English shows, marked
    assert item.translations["ar"]["title"] == "كلمة افتتاحية"
    client.logout()
    assert "Mot d’ouverture" in text(client.get(f"/fr/events/{loaded.slug}/"))


def test_the_organisers_form_refuses_an_oversized_translation(client, loaded):
    client.force_login(make_user("organiser@example.org", Role.EVENT_ORGANISER, loaded))
    item = loaded.items.get(title=OPENING)
    url = reverse("events:manage_item", args=[loaded.slug, item.pk])
    form = {"kind": item.kind, "title": item.title, "duration_minutes": item.duration_minutes, "title__es": "x" * 301}
    page = client.post(url, form).content.decode()
    assert "at most 300 characters" in page
    item.refresh_from_db()
    assert item.translations["es"]["title"] == "Palabras de apertura"


def test_the_admin_edits_an_items_translations(secretariat_client, client, loaded):
    item = loaded.items.get(title=OPENING)
    url = f"/admin/events/agendaitem/{item.pk}/change/"
    assert 'name="description__ar"' in text(secretariat_client.get(url))
    form = {"position": item.position, "kind": item.kind, "title": item.title}
    form |= {"duration_minutes": item.duration_minutes, "description": item.description, "title__es": "Bienvenida"}
    assert secretariat_client.post(url, form).status_code == 302
    assert "Bienvenida" in text(client.get(f"/es/events/{loaded.slug}/"))
