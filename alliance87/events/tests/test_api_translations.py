"""The events API gives an event's and its items' translations beside the English, and an item's PATCH
changes them as its page does (checked by the same model rules)."""

import pytest

from alliance87.accounts.models import Role, User
from alliance87.accounts.services import api_token_create, role_grant
from alliance87.events import services
from alliance87.events.management.commands.load_side_event import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(side_event):
    translate(side_event)
    for item in side_event.items.all():
        translate(item)
    return services.event_publish(event=side_event, by=None)


@pytest.fixture
def headers(event) -> dict:
    user = User.objects.create_user("organiser@example.org", "not used here")
    role_grant(user=user, role=Role.EVENT_ORGANISER, scope=event)
    return {"Authorization": f"Bearer {api_token_create(user=User.objects.get(pk=user.pk), name='test')[1]}"}


def first_item(event):
    return event.items.order_by("position").first()


def test_an_event_and_its_agenda_carry_their_translations(client, event):
    body = client.get(f"/api/events/{event.slug}").json()
    assert body["title"] == "Alliance 8.7: 10 years of Partnership and Action"  # the English field, as before
    assert body["translations"]["fr"] == {"title": "Alliance 8.7 : 10 ans de partenariat et d’action"}
    opening = body["agenda"][0]
    assert opening["title"] == "Opening remarks"
    assert opening["translations"]["ar"]["title"] == "كلمة افتتاحية"
    assert opening["translations"]["fr"]["description"].startswith("Célébrer le 10e anniversaire")
    listed = client.get("/api/events").json()["items"][0]
    assert listed["translations"]["es"]["title"] == "Alliance 8.7: 10 años de asociación y acción"


def test_an_untranslated_record_has_empty_translations(client, side_event):
    services.event_publish(event=side_event, by=None)
    body = client.get(f"/api/events/{side_event.slug}").json()
    assert body["translations"] == {}
    assert body["agenda"][0]["translations"] == {}


def test_patching_an_items_translations_merges_as_the_page_does(client, event, headers):
    item = first_item(event)
    answer = client.patch(
        f"/api/events/{event.slug}/items/{item.pk}",
        data={"translations": {"fr": {"title": "Mot de bienvenue", "description": ""}}},
        content_type="application/json",
        headers=headers,
    )
    assert answer.status_code == 200, answer.content
    translations = answer.json()["translations"]
    assert translations["fr"] == {"title": "Mot de bienvenue"}  # the empty description removed the French one
    assert translations["ar"]["title"] == "كلمة افتتاحية"  # not sent: kept
    item.refresh_from_db()
    assert item.translations["fr"] == {"title": "Mot de bienvenue"}
    assert item.title == "Opening remarks"


@pytest.mark.parametrize(
    ("sent", "words"),
    [
        ({"de": {"title": "Eröffnung"}}, "“de” is not a language of the platform."),
        ({"fr": {"notes": "Micro"}}, "“notes” cannot be translated."),
        ({"fr": {"title": "x" * 301}}, "title (French): at most 300 characters."),
    ],
)
def test_a_translation_the_form_would_refuse_is_refused_naming_it(client, event, headers, sent, words):
    item = first_item(event)
    answer = client.patch(
        f"/api/events/{event.slug}/items/{item.pk}",
        data={"translations": sent},
        content_type="application/json",
        headers=headers,
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == [{"loc": ["body", "translations"], "msg": words}]
    item.refresh_from_db()
    assert "notes" not in item.translations.get("fr", {})


def test_only_those_who_may_edit_the_event_change_its_translations(client, event, cast):
    user = User.objects.get(pk=cast.outsider.pk)
    token = api_token_create(user=user, name="test")[1]
    item = first_item(event)
    answer = client.patch(
        f"/api/events/{event.slug}/items/{item.pk}",
        data={"translations": {"fr": {"title": "Piraté"}}},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 403
    item.refresh_from_db()
    assert item.translations["fr"]["title"] == "Allocution d’ouverture"
