"""The organiser's pages: who may open them, the details form, the import, the agenda and people editors."""

import re
from datetime import UTC, datetime
from html import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance87.accounts.models import Role
from alliance87.events import services
from alliance87.events.models import AgendaItem, Event, Participation
from alliance87.network.models import Person
from alliance87.testing import make_user

MANAGE_PAGES = ["events:manage_event", "events:manage_agenda", "events:manage_people"]


def text(response) -> str:
    return response.content.decode()


def errors_of(page: str, field_id: str) -> str:
    """The error list printed for one field (empty when it has none)."""
    match = re.search(rf'<ul class="errorlist" id="{field_id}_errors">(.*?)</ul>', page, re.S)
    return match.group(1) if match else ""


def titles(event) -> list[str]:
    return list(event.items.order_by("position").values_list("title", flat=True))


@pytest.fixture
def organiser(side_event):
    return make_user("organiser@example.org", Role.EVENT_ORGANISER, side_event)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def other_event(cast):
    return services.event_create(
        by=cast.secretariat,
        title="Another side event",
        time_zone="Europe/Zurich",
        starts_at=datetime(2026, 6, 1, 8, 0, tzinfo=UTC),
        ends_at=datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
    )


def item(event, title_start: str) -> AgendaItem:
    return event.items.get(title__startswith=title_start)


# --- Who may open the pages -------------------------------------------------------------------


def test_manage_pages_send_anonymous_visitors_to_sign_in(client, side_event):
    for url in [reverse("events:manage"), *(reverse(name, args=[side_event.slug]) for name in MANAGE_PAGES)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_manage_list_shows_the_organisers_own_events_drafts_included(organiser_client, side_event, other_event):
    page = text(organiser_client.get(reverse("events:manage")))
    assert side_event.title in page
    assert reverse("events:manage_event", args=[side_event.slug]) in page
    assert "Draft" in page
    assert other_event.title not in page
    assert "New event" not in page  # starting an event is the secretariat's


def test_manage_list_secretariat_sees_every_event_and_can_start_one(secretariat_client, side_event, other_event):
    page = text(secretariat_client.get(reverse("events:manage")))
    assert side_event.title in page and other_event.title in page
    assert reverse("events:manage_new") in page and reverse("events:manage_import") in page


def test_manage_list_someone_without_events_gets_403(client, cast, side_event):
    client.force_login(cast.outsider)
    assert client.get(reverse("events:manage")).status_code == 403


def test_organiser_opens_their_events_pages(organiser_client, side_event):
    for name in MANAGE_PAGES:
        response = organiser_client.get(reverse(name, args=[side_event.slug]))
        assert response.status_code == 200
        assert side_event.title in text(response)


def test_organiser_of_another_event_gets_403_everywhere(client, side_event, other_event):
    client.force_login(make_user("elsewhere@example.org", Role.EVENT_ORGANISER, other_event))
    slug = side_event.slug
    # A draft they may not see is not found, as an unknown address; published, it is there but not theirs.
    assert client.get(reverse("events:manage_event", args=[slug])).status_code == 404
    services.event_publish(event=side_event, by=None)
    video = item(side_event, "Video")
    participation = side_event.participations.first()
    for name in MANAGE_PAGES:
        assert client.get(reverse(name, args=[slug])).status_code == 403
    for url in [
        reverse("events:manage_item", args=[slug, video.pk]),
        reverse("events:manage_item_delete", args=[slug, video.pk]),
        reverse("events:manage_participation", args=[slug, participation.pk]),
        reverse("events:manage_participation_remove", args=[slug, participation.pk]),
    ]:
        assert client.get(url).status_code == 403
    posts = [
        (reverse("events:manage_event", args=[slug]), {"title": "Taken over"}),
        (reverse("events:manage_publish", args=[slug]), {"published": "0"}),
        (reverse("events:manage_item_move", args=[slug, video.pk]), {"direction": "up"}),
        (reverse("events:manage_agenda_reorder", args=[slug]), {"item": []}),
        (reverse("events:manage_item_delete", args=[slug, video.pk]), {}),
        (reverse("events:manage_participation_remove", args=[slug, participation.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    side_event.refresh_from_db()
    assert side_event.status == "published" and side_event.title.startswith("Alliance 8.7")
    assert side_event.items.count() == 5 and Participation.objects.filter(pk=participation.pk).exists()


def test_organiser_may_not_import_or_start_events(organiser_client):
    assert organiser_client.get(reverse("events:manage_import")).status_code == 403
    assert organiser_client.get(reverse("events:manage_new")).status_code == 403


def test_moderator_sees_the_event_to_run_but_not_its_editor(client, side_event):
    client.force_login(make_user("moderator@example.org", Role.MODERATOR, side_event))
    page = text(client.get(reverse("events:manage")))
    assert "Events you moderate" in page and side_event.title in page
    assert reverse("events:manage_event", args=[side_event.slug]) not in page
    assert client.get(reverse("events:manage_event", args=[side_event.slug])).status_code == 403


# --- The details form -------------------------------------------------------------------------


def details(event, **changes) -> dict:
    data = {
        "title": event.title,
        "time_zone": event.time_zone,
        "starts_at": "2026-02-11T16:30",
        "ends_at": "2026-02-11T18:00",
        "format": event.format,
        "keywords": "; ".join(event.keywords),
    }
    data.update(changes)
    return data


def test_details_form_shows_the_local_times_of_the_event(organiser_client, side_event):
    page = text(organiser_client.get(reverse("events:manage_event", args=[side_event.slug])))
    assert 'value="2026-02-11T16:30"' in page and 'value="2026-02-11T18:00"' in page
    assert 'value="Africa/Casablanca"' in page
    assert '<option value="Africa/Casablanca">' in page  # the time zone suggestions


def test_details_form_end_before_start_is_refused_next_to_the_end(organiser_client, side_event):
    url = reverse("events:manage_event", args=[side_event.slug])
    page = text(organiser_client.post(url, details(side_event, ends_at="2026-02-11T16:00")))
    assert "The event must end after it starts." in errors_of(page, "id_ends_at")
    assert 'aria-describedby="id_ends_at_errors id_ends_at_helptext"' in page
    side_event.refresh_from_db()
    assert side_event.ends_at == datetime(2026, 2, 11, 17, 0, tzinfo=UTC)


def test_details_form_unknown_time_zone_is_refused_next_to_it(organiser_client, side_event):
    url = reverse("events:manage_event", args=[side_event.slug])
    page = text(organiser_client.post(url, details(side_event, time_zone="Mars/Olympus")))
    assert "“Mars/Olympus” is not a known time zone; use an IANA name such as Africa/Casablanca." in errors_of(
        page, "id_time_zone"
    )
    assert "This field is required." in errors_of(
        text(organiser_client.post(url, details(side_event, title=""))), "id_title"
    )
    side_event.refresh_from_db()
    assert side_event.time_zone == "Africa/Casablanca"


def test_details_form_saves_local_times_in_the_events_zone(organiser_client, side_event):
    url = reverse("events:manage_event", args=[side_event.slug])
    response = organiser_client.post(
        url,
        details(
            side_event,
            starts_at="2026-02-11T17:00",
            ends_at="2026-02-11T18:30",
            room="Room B",
            keywords="Alliance 8.7; SDG 8.7; alliance 8.7",
            languages=["en", "fr"],
            background="Ten years.",
        ),
        follow=True,
    )
    assert "The event’s details are saved." in text(response)
    side_event.refresh_from_db()
    assert side_event.starts_at == datetime(2026, 2, 11, 16, 0, tzinfo=UTC)  # Casablanca is UTC+1 that day
    assert side_event.ends_at == datetime(2026, 2, 11, 17, 30, tzinfo=UTC)
    assert side_event.room == "Room B" and side_event.background == "Ten years."
    assert side_event.keywords == ["Alliance 8.7", "SDG 8.7"]
    assert side_event.languages == ["en", "fr"]
    assert side_event.history.latest().history_user.email == "organiser@example.org"


def test_details_form_moves_the_event_to_another_zone(organiser_client, side_event):
    url = reverse("events:manage_event", args=[side_event.slug])
    organiser_client.post(url, details(side_event, time_zone="Europe/Zurich"))
    side_event.refresh_from_db()
    assert side_event.time_zone == "Europe/Zurich"
    assert side_event.starts_at == datetime(2026, 2, 11, 15, 30, tzinfo=UTC)  # 16:30 in Zurich (UTC+1)


def test_secretariat_starts_a_new_event_as_a_draft(secretariat_client, cast):
    response = secretariat_client.post(
        reverse("events:manage_new"),
        {
            "title": "Pathfinder Country Exchange",
            "time_zone": "America/Mexico_City",
            "starts_at": "2026-03-02T09:00",
            "ends_at": "2026-03-02T10:30",
            "format": "hybrid",
        },
    )
    event = Event.objects.get(title="Pathfinder Country Exchange")
    assert response["Location"] == reverse("events:manage_event", args=[event.slug])
    assert event.status == "draft" and event.format == "hybrid"
    assert event.starts_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def test_new_event_errors_are_shown_next_to_fields_and_nothing_is_created(secretariat_client):
    url = reverse("events:manage_new")
    data = {"title": "X", "time_zone": "Africa/Casablanca", "starts_at": "2026-03-02T10:00", "format": "online"}
    page = text(secretariat_client.post(url, {**data, "ends_at": "2026-03-02T09:00"}))
    assert "The event must end after it starts." in errors_of(page, "id_ends_at")
    page = text(secretariat_client.post(url, {**data, "ends_at": "2026-03-02T11:00", "format": ""}))
    assert "This field is required." in errors_of(page, "id_format")
    assert not Event.objects.filter(title="X").exists()


# --- Publishing ---------------------------------------------------------------------------------


def test_details_page_links_to_the_organisers_exports_and_the_public_ones_once_published(organiser_client, side_event):
    url = reverse("events:manage_event", args=[side_event.slug])
    page = text(organiser_client.get(url))
    for name in ("participants_csv", "participants_xlsx", "concept_note_docx", "run_of_show_pdf", "run"):
        assert reverse(f"events:{name}", args=[side_event.slug]) in page
    assert reverse("events:programme_pdf", args=[side_event.slug]) not in page  # a draft has no public files
    services.event_publish(event=side_event, by=None)
    page = text(organiser_client.get(url))
    assert reverse("events:programme_pdf", args=[side_event.slug]) in page
    assert reverse("events:schedule_xml", args=[side_event.slug]) in page


def test_organiser_publishes_and_withdraws_the_programme(organiser_client, side_event, client):
    url = reverse("events:manage_publish", args=[side_event.slug])
    agenda_url = reverse("events:manage_agenda", args=[side_event.slug])
    response = organiser_client.post(url, {"published": "1", "next": agenda_url}, follow=True)
    assert response.redirect_chain[-1][0] == agenda_url
    page = text(response)
    assert "The programme is published: anyone can read it now." in page
    assert reverse("events:programme", args=[side_event.slug]) in page
    side_event.refresh_from_db()
    assert side_event.status == "published"
    response = organiser_client.post(url, {"published": "0", "next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("events:manage_event", args=[side_event.slug])
    side_event.refresh_from_db()
    assert side_event.status == "draft"


# --- Importing a concept note -------------------------------------------------------------------


def upload(name: str, content: bytes, **fields) -> dict:
    return {"file": SimpleUploadedFile(name, content), "time_zone": "Africa/Casablanca", **fields}


def test_import_of_the_seed_creates_a_draft_with_five_items(secretariat_client, alliance, seed_text):
    before = set(Event.objects.values_list("pk", flat=True))
    page = text(
        secretariat_client.post(
            reverse("events:manage_import"),
            upload("concept-note.txt", b"\xef\xbb\xbf" + seed_text.encode()),  # as Windows saves it, with a BOM
        )
    )
    assert "Check what the note does not say outright" in page  # nothing is created before it is confirmed
    assert not Event.objects.exclude(pk__in=before).exists()
    response = secretariat_client.post(
        reverse("events:manage_import"), {"confirm": "1", "time_zone": "Africa/Casablanca"}, follow=True
    )
    (event,) = Event.objects.exclude(pk__in=before)
    assert response.redirect_chain[0][0] == reverse("events:manage_event", args=[event.slug])
    assert "The concept note is imported as a draft: 5 agenda items." in text(response)
    assert event.title == "Alliance 8.7: 10 years of Partnership and Action"
    assert event.status == "draft" and event.source == "concept-note.txt"
    assert [i.duration_minutes for i in event.items.order_by("position")] == [5, 35, 5, 35, 10]


def test_import_of_a_bad_note_lists_each_problem_by_line_and_creates_nothing(secretariat_client, alliance, seed_text):
    bad = seed_text.replace("35 mins\tConversation II", "soon\tConversation II").replace(
        "[16:30-18:00]", "[half past four]"
    )
    count = Event.objects.count()
    response = secretariat_client.post(reverse("events:manage_import"), upload("note.txt", bad.encode()))
    page = text(response)
    assert response.status_code == 200
    problems = re.findall(r"<li>line (\d+): ([^<]+)</li>", page)
    assert [message for _line, message in problems] == [
        "the time “half past four” is not a range such as 16:30-18:00.",
        "no segment of the session flow is called “Conversation II”.",
        "the slot “soon” is not a number of minutes such as “5 mins”.",
    ]
    assert [int(line) for line, _message in problems] == sorted(int(line) for line, _message in problems)
    assert "Nothing was created." in page
    assert Event.objects.count() == count


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "note.pdf",
            b"%PDF-1.7",
            "“note.pdf” is not a concept note this page can read: upload a .txt or a .docx file.",
        ),
        ("note.txt", "Concept Note é".encode("latin-1"), "The file is not UTF-8 text"),
        ("note.docx", b"not a zip file", "This file is not a Word document (.docx)."),
    ],
)
def test_import_of_a_file_of_the_wrong_kind_says_why(secretariat_client, alliance, name, content, message):
    if name.endswith(".docx"):
        pytest.importorskip("alliance87.events.docx_note")
    count = Event.objects.count()
    page = text(secretariat_client.post(reverse("events:manage_import"), upload(name, content)))
    assert message in errors_of(page, "id_file")
    assert Event.objects.count() == count


def test_import_over_the_size_limit_is_refused(secretariat_client, alliance, settings, seed_text):
    settings.UPLOAD_MAX_BYTES = 500_000
    page = text(secretariat_client.post(reverse("events:manage_import"), upload("note.txt", b"x" * 600_000)))
    assert "“note.txt” is 0.6 MB; a concept note may be at most 0.5 MB." in errors_of(page, "id_file")


def test_import_of_a_word_document(secretariat_client, alliance, seed_text):
    pytest.importorskip("alliance87.events.docx_note")
    docx = pytest.importorskip("docx")
    import io  # noqa: PLC0415 -- only for this test

    document = docx.Document()
    for line in seed_text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    before = set(Event.objects.values_list("pk", flat=True))
    secretariat_client.post(reverse("events:manage_import"), upload("concept-note.docx", buffer.getvalue()))
    response = secretariat_client.post(
        reverse("events:manage_import"), {"confirm": "1", "time_zone": "Africa/Casablanca"}, follow=True
    )
    created = Event.objects.exclude(pk__in=before)
    if not created:  # the Word reader may expect the flow as a real table: show what it said
        pytest.fail(text(response)[:3000])
    assert created.get().items.count() == 5


# --- The agenda ---------------------------------------------------------------------------------


def test_agenda_page_shows_the_derived_local_times(organiser_client, side_event):
    page = text(organiser_client.get(reverse("events:manage_agenda", args=[side_event.slug])))
    for start, end in [
        ("16:30", "16:35"),
        ("16:35", "17:10"),
        ("17:10", "17:15"),
        ("17:15", "17:50"),
        ("17:50", "18:00"),
    ]:
        assert f">{start}</time>–<time datetime=" in page and f">{end}</time>" in page
    assert "Africa/Casablanca time (UTC+1)" in page
    assert 'Move up<span class="visually-hidden">: Video' in page


def test_move_by_post_puts_the_item_one_place_up_and_says_its_new_time(organiser_client, side_event):
    video = item(side_event, "Video")
    response = organiser_client.post(
        reverse("events:manage_item_move", args=[side_event.slug, video.pk]), {"direction": "up"}
    )
    assert response["Location"] == reverse("events:manage_agenda", args=[side_event.slug]) + f"#item-{video.pk}"
    assert titles(side_event)[:3] == [
        "Opening remarks",
        "Video: Voices of Pathfinder Countries",
        "Conversation I: Global Leadership and Shared Priorities",
    ]
    page = text(organiser_client.get(response["Location"]))
    assert "“Video: Voices of Pathfinder Countries” is now item 2 of 5, 16:35–16:40." in page


def test_move_down_of_the_last_item_keeps_it_last(organiser_client, side_event):
    last = side_event.items.order_by("position").last()
    organiser_client.post(reverse("events:manage_item_move", args=[side_event.slug, last.pk]), {"direction": "down"})
    assert titles(side_event)[-1] == last.title


def test_reorder_by_post_saves_the_new_order(organiser_client, side_event):
    items = list(side_event.items.order_by("position"))
    new_order = [items[4], items[0], items[1], items[2], items[3]]
    response = organiser_client.post(
        reverse("events:manage_agenda_reorder", args=[side_event.slug]),
        {"item": [i.pk for i in new_order], "moved": items[4].pk},
        follow=True,
    )
    assert titles(side_event) == [i.title for i in new_order]
    assert escape(f"“{items[4].title}” is now item 1 of 5, 16:30–16:40.") in text(response)


def test_reorder_with_a_missing_item_changes_nothing(organiser_client, side_event):
    before = titles(side_event)
    ids = list(side_event.items.order_by("position").values_list("pk", flat=True))
    response = organiser_client.post(
        reverse("events:manage_agenda_reorder", args=[side_event.slug]), {"item": ids[:4]}, follow=True
    )
    assert "The new order must list each item of this event exactly once." in text(response)
    assert titles(side_event) == before


def test_add_item_with_zero_minutes_is_refused_next_to_the_duration(organiser_client, side_event):
    url = reverse("events:manage_agenda_add", args=[side_event.slug])
    page = text(organiser_client.post(url, {"add-title": "Q&A", "add-kind": "other", "add-duration_minutes": "0"}))
    assert "An item must last at least one minute." in errors_of(page, "id_add-duration_minutes")
    assert side_event.items.count() == 5


def test_add_item_appends_it_and_the_fit_check_counts_it(organiser_client, side_event):
    url = reverse("events:manage_agenda_add", args=[side_event.slug])
    response = organiser_client.post(
        url, {"add-title": "Q&A", "add-kind": "other", "add-duration_minutes": "10"}, follow=True
    )
    page = text(response)
    assert "“Q&amp;A” is added at the end of the agenda." in page
    assert titles(side_event)[-1] == "Q&A"
    assert "Over by 10 minutes" in page


def test_edit_item_saves_and_errors_show_next_to_fields(organiser_client, side_event):
    video = item(side_event, "Video")
    url = reverse("events:manage_item", args=[side_event.slug, video.pk])
    data = {"title": video.title, "kind": "video", "duration_minutes": "-5", "notes": "Check the sound."}
    page = text(organiser_client.post(url, data))
    assert "An item must last at least one minute." in errors_of(page, "id_duration_minutes")
    organiser_client.post(url, {**data, "duration_minutes": "7"})
    video.refresh_from_db()
    assert video.duration_minutes == 7 and video.notes == "Check the sound."


def test_delete_item_asks_first_then_removes_it_and_its_roles(organiser_client, side_event):
    closing = item(side_event, "Communication")
    url = reverse("events:manage_item_delete", args=[side_event.slug, closing.pk])
    page = text(organiser_client.get(url))
    assert "Delete “Communication Activity" in page and "roles in it are removed too" in page
    assert side_event.items.filter(pk=closing.pk).exists()
    response = organiser_client.post(url, follow=True)
    assert "is deleted; the items after it move up." in text(response)
    assert not side_event.items.filter(pk=closing.pk).exists()
    assert not Participation.objects.filter(agenda_item_id=closing.pk).exists()


def test_agenda_page_queries_do_not_grow_with_items(organiser_client, side_event, organiser):
    url = reverse("events:manage_agenda", args=[side_event.slug])
    organiser_client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert organiser_client.get(url).status_code == 200
    for n in range(3):
        services.agenda_item_add(event=side_event, by=organiser, title=f"Extra {n}", duration_minutes=5)
    with CaptureQueriesContext(connection) as after:
        assert "Extra 2" in text(organiser_client.get(url))
    assert len(after) == len(before)


# --- The people ---------------------------------------------------------------------------------


def test_people_page_lists_roles_per_event_and_item_with_consent(organiser_client, side_event):
    page = text(organiser_client.get(reverse("events:manage_people", args=[side_event.slug])))
    assert "The whole event" in page
    assert "Claudia Fuentes Julio" in page and "Younes Sekkouri" in page
    assert "Not named publicly: no consent recorded" in page
    assert "To be confirmed" in page


def test_add_a_person_of_the_network_with_role_and_consent(organiser_client, side_event):
    person = Person.objects.create(name="Ada Example", title="Director")
    video = item(side_event, "Video")
    response = organiser_client.post(
        reverse("events:manage_people_add", args=[side_event.slug]),
        {
            "add-find": "Ada Example",  # found by full name: not yet in the organiser's events
            "add-person": person.pk,
            "add-role": "presenter",
            "add-agenda_item": video.pk,
            "add-is_lead": "on",
            "add-printed_title": "Director, Example Films",
            "add-confirmation": "confirmed",
            "add-name_consent": "on",
        },
        follow=True,
    )
    assert "Ada Example is added as presenter." in text(response)
    participation = Participation.objects.get(person=person)
    assert participation.agenda_item == video and participation.is_lead and participation.name_consent
    assert participation.public_name == "Ada Example"


def test_add_a_new_person_creates_them_without_public_consent(organiser_client, side_event):
    organiser_client.post(
        reverse("events:manage_people_add", args=[side_event.slug]),
        {
            "add-name": "  New   Speaker ",
            "add-role": "speaker",
            "add-confirmation": "invited",
            "add-printed_title": "Mayor",
        },
    )
    person = Person.objects.get(name="New Speaker")
    assert not person.public_consent and person.title == "Mayor"
    assert person.participations.get().event == side_event


def test_add_a_person_without_choosing_anyone_says_so_next_to_the_field(organiser_client, side_event):
    count = Participation.objects.count()
    page = text(
        organiser_client.post(
            reverse("events:manage_people_add", args=[side_event.slug]),
            {"add-role": "speaker", "add-confirmation": "invited"},
        )
    )
    assert "Choose a person of the network or give the new person’s name." in errors_of(page, "id_add-person")
    assert Participation.objects.count() == count


def test_edit_a_role_confirms_the_minister(organiser_client, side_event):
    minister = side_event.participations.filter(person__name="Younes Sekkouri").order_by("pk").first()
    url = reverse("events:manage_participation", args=[side_event.slug, minister.pk])
    page = text(organiser_client.get(url))
    assert "Role of Younes Sekkouri" in page
    organiser_client.post(
        url,
        {
            "role": minister.role,
            "agenda_item": minister.agenda_item_id,
            "printed_title": "Minister of Economic Inclusion, Small Business, Employment and Skills",
            "printed_organisation": "Morocco",
            "confirmation": "confirmed",
        },
    )
    minister.refresh_from_db()
    assert minister.confirmation == "confirmed" and minister.printed_organisation == "Morocco"


def test_remove_a_role_asks_first_and_keeps_the_person(organiser_client, side_event):
    participation = side_event.participations.filter(person__name="Parul Mehra").get()
    url = reverse("events:manage_participation_remove", args=[side_event.slug, participation.pk])
    assert "Remove the role of Parul Mehra?" in text(organiser_client.get(url))
    organiser_client.post(url)
    assert not Participation.objects.filter(pk=participation.pk).exists()
    assert Person.objects.filter(name="Parul Mehra").exists()


# --- The navigation -----------------------------------------------------------------------------


def test_start_page_offers_events_to_organise_to_organisers_only(client, organiser, cast):
    link = 'href="/events/manage/"'
    client.force_login(organiser)
    assert link in text(client.get("/me/"))
    client.force_login(cast.outsider)
    assert link not in text(client.get("/me/"))


def test_navigation_links_the_events_index_for_everyone(client, organiser):
    assert '<a href="/events/">Events</a>' in text(client.get("/"))
    client.force_login(organiser)
    assert '<a href="/events/">Events</a>' in text(client.get("/partners/"))
