"""The secretariat's admin for events: the event with its organisations, agenda and people; publishing."""

from django.urls import reverse

from alliance87.accounts.models import Role
from alliance87.testing import make_user


def test_admin_lists_events_for_the_secretariat(secretariat_client, side_event):
    page = secretariat_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert side_event.title in page


def test_admin_event_page_shows_its_agenda_and_people_inline(secretariat_client, side_event):
    response = secretariat_client.get(reverse("admin:events_event_change", args=[side_event.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Organisers and supporters" in page
    assert "Agenda items" in page and "Video: Voices of Pathfinder Countries" in page
    assert "Participations" in page
    assert "2026-02-11 16:30–18:00 (Africa/Casablanca)" in page  # the local time, beside the UTC fields


def test_admin_offers_only_the_events_own_items_for_a_participation(secretariat_client, side_event, cast):
    from alliance87.events import services  # noqa: PLC0415

    other = services.event_create(
        by=cast.secretariat,
        title="Elsewhere",
        time_zone="UTC",
        starts_at=side_event.starts_at,
        ends_at=side_event.ends_at,
    )
    services.agenda_item_add(event=other, by=cast.secretariat, title="Not this event's item", duration_minutes=5)
    page = secretariat_client.get(reverse("admin:events_event_change", args=[side_event.pk])).content.decode()
    assert "Not this event&#x27;s item" not in page and "Not this event's item" not in page


def test_admin_publish_action_calls_the_service(secretariat_client, side_event, cast):
    response = secretariat_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [side_event.pk]},
        follow=True,
    )
    assert "The programmes are published." in response.content.decode()
    side_event.refresh_from_db()
    assert side_event.status == "published"
    assert side_event.history.latest().history_user == cast.secretariat


def test_admin_is_closed_to_event_organisers(client, side_event):
    client.force_login(make_user("organiser@example.org", Role.EVENT_ORGANISER, side_event))
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))  # the admin's door: the sign-in


def test_admin_add_page_opens_with_the_inlines(secretariat_client, alliance):
    page = secretariat_client.get(reverse("admin:events_event_add")).content.decode()
    assert "Agenda items" in page and "Participations" in page and "Organisers and supporters" in page


def test_admin_login_for_a_signed_in_non_secretariat_is_403_not_a_loop(client, cast):
    client.force_login(cast.partner_editor)
    assert client.get("/admin/login/?next=/admin/").status_code == 403
