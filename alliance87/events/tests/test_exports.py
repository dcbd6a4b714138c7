"""The event's files: the printable programme and the run-of-show (PDF, read back with pypdf), the
participant list (CSV and XLSX, read back with csv and openpyxl), the concept note as PDF; who may have
which."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from alliance87.accounts.models import Role
from alliance87.events import exports, services
from alliance87.events.synthetic import Shape, build_conference
from alliance87.testing import make_user

SEGMENTS = [
    "Opening remarks",
    "Conversation I: Global Leadership and Shared Priorities",
    "Video: Voices of Pathfinder Countries",
    "Conversation II: Partnership in Action",
    "Communication Activity",
]


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def published(side_event):
    return services.event_publish(event=side_event, by=None)


@pytest.fixture
def organiser(side_event):
    return make_user("organiser@example.org", Role.EVENT_ORGANISER, side_event)


@pytest.fixture
def moderator(side_event):
    return make_user("moderator@example.org", Role.MODERATOR, side_event)


@pytest.fixture
def conference(db):
    return build_conference(Shape(items=40, rooms=3, days=2, people=30), slug="test-conference")


# ---- The printable programme --------------------------------------------------------------------


def test_programme_pdf_has_times_zone_segments_and_no_unconsented_name(client, published):
    response = client.get(reverse("events:programme_pdf", args=[published.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{published.slug}-programme.pdf"'
    text = flat(pdf_text(response.content))
    assert "Wednesday 11 February 2026, 16:30–18:00" in text
    assert "Africa/Casablanca time (UTC+1)" in text
    for segment in SEGMENTS:
        assert segment in text
    for slot in ("16:30–16:35", "16:35–17:10", "17:10–17:15", "17:15–17:50", "17:50–18:00"):
        assert slot in text
    assert "Minister of Labour, Morocco — Speaker to be confirmed" in text
    assert "Chair: Ambassador, Chair of Alliance 8.7" in text
    for name in ("Younes Sekkouri", "Bukeni Waruzi", "Claudia Fuentes Julio"):
        assert name not in text


def test_programme_pdf_names_a_person_once_they_agreed(published):
    published.participations.filter(person__name="Bukeni Waruzi").update(name_consent=True)
    text = flat(pdf_text(exports.programme_pdf(published)))
    assert "Bukeni Waruzi, Executive Director, Free the Slaves — Moderator" in text
    assert "Younes Sekkouri" not in text


def test_programme_pdf_of_a_draft_is_not_found_but_its_organiser_sees_it(client, side_event, organiser):
    url = reverse("events:programme_pdf", args=[side_event.slug])
    assert client.get(url).status_code == 404
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Opening remarks" in pdf_text(response.content)


def test_conference_programme_pdf_is_grouped_by_day_and_room(conference):
    text = flat(pdf_text(exports.programme_pdf(conference)))
    assert "Monday 1 March 2027, 09:00 – Tuesday 2 March 2027, 16:30" in text
    # In March 2027 Morocco is on UTC+0 for Ramadan: the offset is the day's own.
    monday = text.index("Monday 1 March 2027 Africa/Casablanca time (UTC+0)")
    tuesday = text.index("Tuesday 2 March 2027 Africa/Casablanca time (UTC+0)")
    assert monday < text.index("Room 1") < text.index("Room 3") < tuesday
    assert "Example session 001" in text
    assert "Example item 040" in text
    assert "Africa/Casablanca time" in text


# ---- The run-of-show ----------------------------------------------------------------------------


def test_run_of_show_pdf_has_names_confirmations_running_total_and_fit(client, side_event, moderator):
    client.force_login(moderator)  # the moderator runs the event but may not edit it
    response = client.get(reverse("events:run_of_show_pdf", args=[side_event.slug]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == f'attachment; filename="{side_event.slug}-run-of-show.pdf"'
    text = flat(pdf_text(response.content))
    assert "On time The items fill the 90-minute slot exactly." in text
    assert "Younes Sekkouri, Minister of Labour, Morocco — Speaker To be confirmed" in text
    assert "Bukeni Waruzi, Executive Director, Free the Slaves — Moderator Confirmed" in text
    assert "Africa/Casablanca time (UTC+1)" in text
    # start, end, minutes, running total, segment
    assert "16:30 16:35 5 5 Opening remarks" in text
    assert "17:15 17:50 35 80 Conversation II: Partnership in Action" in text
    assert "17:50 18:00 10 90 Communication Activity" in text


def test_run_of_show_states_a_gap_and_an_overrun(side_event):
    item = side_event.items.get(position=2)
    services.agenda_item_update(item=item, by=None, duration_minutes=30)
    assert "Gap The items take 85 of the 90 minutes: 5 minutes are not planned." in flat(
        pdf_text(exports.run_of_show_pdf(side_event))
    )
    services.agenda_item_update(item=item, by=None, duration_minutes=37)
    assert "Overrun The items take 92 minutes: 2 minutes more than the 90-minute slot." in flat(
        pdf_text(exports.run_of_show_pdf(side_event))
    )


# ---- The participant list -----------------------------------------------------------------------


def test_participants_csv_has_one_row_per_person_per_role(secretariat_client, published):
    response = secretariat_client.get(reverse("events:participants_csv", args=[published.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == published.participations.count() == 17
    assert len({row["Name"] for row in rows}) == 11
    minister = [row for row in rows if row["Name"] == "Younes Sekkouri"]
    assert [(r["Item"], r["Starts (Africa/Casablanca)"], r["Confirmation"], r["Role"]) for r in minister] == [
        ("Conversation I: Global Leadership and Shared Priorities", "2026-02-11 16:35", "To be confirmed", "Panelist"),
        (
            "Communication Activity - “10 Years of Alliance 8.7” & Closing",
            "2026-02-11 17:50",
            "To be confirmed",
            "Speaker",
        ),
    ]
    chair = rows[0]
    assert (chair["Name"], chair["Role"], chair["Item"], chair["Starts (Africa/Casablanca)"]) == (
        "Claudia Fuentes Julio",
        "Chair",
        "Whole event",
        "2026-02-11 16:30",
    )
    moderator = next(r for r in rows if r["Name"] == "Bukeni Waruzi")
    assert (moderator["Organisation in the network"], moderator["Country"]) == ("Free the Slaves", "")
    assert moderator["Named publicly"] == "No"  # the list names everyone: it is for the organisers
    survivor = next(r for r in rows if r["Name"] == "Fauziah Muthoni Wanjiru")
    assert survivor["Country"] == "Kenya"


def test_participants_xlsx_reads_back_with_the_same_rows(client, published, organiser):
    client.force_login(organiser)
    response = client.get(reverse("events:participants_xlsx", args=[published.slug]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Participants"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("Name", "Title to print", "Organisation to print", "Role")
    assert len(values) == 1 + 17
    assert ("Younes Sekkouri", "Minister of Labour", "Morocco", "Speaker") in [v[:4] for v in values]
    assert sheet.freeze_panes == "A2"


def test_participant_list_neutralises_formulas(published):
    participation = published.participations.get(person__name="Parul Mehra")
    services.participation_update(participation=participation, by=None, printed_title='=HYPERLINK("http://x")')
    rows = list(csv.reader(io.StringIO(exports.participants_csv(published).decode("utf-8-sig"))))
    assert '\'=HYPERLINK("http://x")' in [row[1] for row in rows]
    sheet = load_workbook(io.BytesIO(exports.participants_xlsx(published))).active
    cell = next(row[1] for row in sheet.iter_rows() if row[0].value == "Parul Mehra")
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x")'


def test_participant_list_of_a_conference_covers_every_session_in_few_queries(db):
    small = build_conference(Shape(items=6, rooms=2, days=1, people=6), slug="small-example")
    with CaptureQueriesContext(connection) as few:
        assert len(exports.participants_rows(small)) == 12
    large = build_conference(Shape(items=60, rooms=3, days=2, people=40), slug="large-example")
    with CaptureQueriesContext(connection) as many:
        rows = exports.participants_rows(large)
    assert len(rows) == 120
    assert {row[4] for row in rows} == {f"Example session {n:03d}" for n in range(1, 19)}
    assert len(few) == len(many) == 4


# ---- The concept note as PDF --------------------------------------------------------------------


def test_concept_note_pdf_follows_the_template_order(secretariat_client, published):
    response = secretariat_client.get(reverse("events:concept_note_pdf", args=[published.slug]))
    assert response.status_code == 200
    text = flat(pdf_text(response.content))
    order = [
        "Concept Note for a Side Event on",
        "Alliance 8.7: 10 years of Partnership and Action",
        "[11 February 2026] | [16:30-18:00] | [In-person]",
        "I. Keywords",
        "II. Background & Rationale",
        "III. Key Objectives",
        "IV. Expected Outcomes and Deliverables",
        "V. Session Format",
        "VI. Proposed speakers and targeted audience",
        "VII. Session Flow",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Bukeni Waruzi, Executive Director, Free the Slaves (Moderator)" in text
    assert "Younes Sekkouri, Minister of Labour, Morocco (tbc)" in text
    assert "35 mins Conversation II: Partnership in Action Moderator" in text


# ---- Who may have which file --------------------------------------------------------------------

ORGANISER_FILES = ["participants_csv", "participants_xlsx", "concept_note_docx", "concept_note_pdf"]


@pytest.mark.parametrize("name", [*ORGANISER_FILES, "run_of_show_pdf"])
def test_organiser_files_are_refused_to_an_outsider_and_ask_an_anonymous_visitor_to_sign_in(
    client, cast, published, name
):
    url = reverse(f"events:{name}", args=[published.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("name", ORGANISER_FILES)
def test_the_moderator_may_not_have_the_organisers_files(client, published, moderator, name):
    client.force_login(moderator)
    assert client.get(reverse(f"events:{name}", args=[published.slug])).status_code == 403


def test_another_events_organiser_gets_403(client, published, conference):
    client.force_login(make_user("other@example.org", Role.EVENT_ORGANISER, conference))
    assert client.get(reverse("events:participants_csv", args=[published.slug])).status_code == 403
    assert client.get(reverse("events:participants_csv", args=[conference.slug])).status_code == 200


def test_files_of_an_unknown_event_are_not_found(secretariat_client):
    for name in ("programme_pdf", "schedule_xml", "participants_csv", "run_of_show_pdf"):
        assert secretariat_client.get(reverse(f"events:{name}", args=["no-such-event"])).status_code == 404


def test_an_event_without_items_still_exports(alliance):
    event = services.event_create(
        by=None,
        title="Empty side event",
        time_zone="Europe/Paris",
        starts_at=datetime(2026, 6, 1, 8, 0, tzinfo=UTC),
        ends_at=datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
    )
    assert "The programme has not been entered yet." in pdf_text(exports.programme_pdf(event, published_only=False))
    text = flat(pdf_text(exports.run_of_show_pdf(event)))
    assert "Monday 1 June 2026, 10:00–11:00 Europe/Paris time (UTC+2)" in text
    assert "No agenda items yet." in text
    assert len(list(csv.reader(io.StringIO(exports.participants_csv(event).decode("utf-8-sig"))))) == 1
