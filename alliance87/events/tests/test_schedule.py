"""The schedule formats for conference apps: frab XML checked against the XSD, schedule JSON v2 against its
JSON Schema (both the copies shipped in data/standards/schedule/), for the side event and a conference."""

import json
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance87.accounts.models import Role
from alliance87.events import schedule, services
from alliance87.events.synthetic import Shape, build_conference
from alliance87.events.vocab import ItemKind
from alliance87.testing import make_user

STANDARDS = Path(__file__).resolve().parents[2] / "data" / "standards" / "schedule"
STARTS = ["16:30", "16:35", "17:10", "17:15", "17:50"]
DURATIONS = ["00:05", "00:35", "00:05", "00:35", "00:10"]
CONVERSATION_I = "Conversation I: Global Leadership and Shared Priorities"


@pytest.fixture(scope="module")
def xsd():
    return xmlschema.XMLSchema(str(STANDARDS / "schedule.xml.xsd"))


def _format_checker() -> jsonschema.FormatChecker:
    """The schema's formats, checked for real (jsonschema only checks some without extra packages)."""
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None

    @checker.checks("date", raises=ValueError)
    def is_date(value) -> bool:
        return not isinstance(value, str) or bool(date.fromisoformat(value))

    @checker.checks("uuid", raises=ValueError)
    def is_uuid(value) -> bool:
        return not isinstance(value, str) or bool(uuid.UUID(value))

    @checker.checks("uri")
    def is_uri(value) -> bool:
        return not isinstance(value, str) or value.startswith(("http://", "https://"))

    return checker


@pytest.fixture(scope="module")
def json_validator():
    schema = json.loads((STANDARDS / "schema2.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)  # the draft the schema declares (06)
    assert validator_class is jsonschema.Draft6Validator
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=_format_checker())


@pytest.fixture
def published(side_event):
    return services.event_publish(event=side_event, by=None)


@pytest.fixture
def conference(db):
    return build_conference(Shape(items=40, rooms=3, days=2, people=30), slug="test-conference")


def _events(xml: bytes) -> list[ET.Element]:
    return ET.fromstring(xml).findall("day/room/event")


def test_side_event_xml_is_valid_one_day_one_room_five_items(xsd, published):
    xml = schedule.schedule_xml(published)
    xsd.validate(xml.decode())
    root = ET.fromstring(xml)
    assert root.findtext("conference/time_zone_name") == "Africa/Casablanca"
    assert root.findtext("conference/start") == "2026-02-11T16:30:00+01:00"
    assert root.findtext("conference/timeslot_duration") == "00:05"
    (day,) = root.findall("day")
    assert (day.get("date"), day.get("start"), day.get("end")) == (
        "2026-02-11",
        "2026-02-11T16:30:00+01:00",
        "2026-02-11T18:00:00+01:00",
    )
    (room,) = day.findall("room")
    assert room.get("name") == published.venue  # no room given: the venue
    events = room.findall("event")
    assert [e.findtext("start") for e in events] == STARTS
    assert [e.findtext("duration") for e in events] == DURATIONS
    assert events[1].findtext("title") == CONVERSATION_I
    assert events[1].findtext("type") == "Conversation or panel"
    assert events[0].findtext("date") == "2026-02-11T16:30:00+01:00"


def test_side_event_xml_names_no_one_without_consent_and_labels_them_by_title(published):
    xml = schedule.schedule_xml(published).decode()
    for name in ("Younes Sekkouri", "Bukeni Waruzi", "Claudia Fuentes Julio"):
        assert name not in xml
    persons = [p.text for p in _events(xml.encode())[1].findall("persons/person")]
    assert "Executive Director, Free the Slaves" in persons
    assert "Minister of Economic Inclusion, Small Business, Employment and Skills of the Kingdom of Morocco" in persons


def test_side_event_json_is_valid_against_schema2(json_validator, published):
    data = json.loads(schedule.schedule_json(published))
    json_validator.validate(data)
    events = data["schedule"]["events"]
    assert [datetime.fromisoformat(e["start"]).strftime("%H:%M") for e in events] == STARTS
    assert events[-1]["end"] == "2026-02-11T18:00:00+01:00"
    assert [e["type"] for e in events] == ["TALK", "DISCUSSION", "OTHER", "DISCUSSION", "OTHER"]
    assert data["schedule"]["conference"]["days"] == [
        {"index": 1, "date": "2026-02-11", "start": "2026-02-11T16:30:00+01:00", "end": "2026-02-11T18:00:00+01:00"}
    ]


def test_json_roles_chair_is_host_moderator_is_moderator_panelists_are_speakers(published):
    events = json.loads(schedule.schedule_json(published))["schedule"]["events"]
    conversation = next(e for e in events if e["title"] == CONVERSATION_I)
    roles = {p["name"]: p["role"] for p in conversation["participants"]}
    assert roles["Executive Director, Free the Slaves"] == "MODERATOR"
    assert roles["Ambassador, Chair of Alliance 8.7"] == "HOST"  # the chair of the whole session
    assert roles["UN Special Rapporteur on Contemporary Forms of Slavery"] == "SPEAKER"  # a panelist
    assert list(roles.values()).count("SPEAKER") == 4


def test_json_names_a_person_once_they_agreed_to_be_named(published):
    published.participations.filter(person__name="Bukeni Waruzi").update(name_consent=True)
    text = schedule.schedule_json(published).decode()
    assert "Younes Sekkouri" not in text
    conversation = next(e for e in json.loads(text)["schedule"]["events"] if e["title"] == CONVERSATION_I)
    moderator = next(p for p in conversation["participants"] if p["role"] == "MODERATOR")
    assert moderator["name"] == "Bukeni Waruzi"


def test_guids_are_stable_uuid5_of_the_item_and_urls_point_at_the_item(published):
    first = json.loads(schedule.schedule_json(published))["schedule"]["events"]
    second = json.loads(schedule.schedule_json(published))["schedule"]["events"]
    items = list(published.items.order_by("position"))
    assert [e["guid"] for e in first] == [e["guid"] for e in second]
    assert [e["guid"] for e in first] == [str(uuid.uuid5(schedule.NAMESPACE, f"item:{i.pk}")) for i in items]
    assert uuid.UUID(first[0]["guid"]).version == 5
    assert first[1]["url"].endswith(f"/events/{published.slug}/#item-{items[1].pk}")
    xml_guids = [e.get("guid") for e in _events(schedule.schedule_xml(published))]
    assert xml_guids == [e["guid"] for e in first]


def test_a_break_is_a_meta_event_in_json_and_an_event_in_xml(xsd, json_validator, published):
    services.agenda_item_add(event=published, by=None, title="Coffee", duration_minutes=15, kind=ItemKind.BREAK)
    data = json.loads(schedule.schedule_json(published))
    json_validator.validate(data)
    assert data["schedule"]["events"][-1]["type"] == "BREAK"
    xml = schedule.schedule_xml(published)
    xsd.validate(xml.decode())
    assert _events(xml)[-1].findtext("type") == "Break"


def test_conference_xml_is_valid_by_day_and_room(xsd, conference):
    xml = schedule.schedule_xml(conference)
    xsd.validate(xml.decode())
    root = ET.fromstring(xml)
    days = root.findall("day")
    assert [d.get("date") for d in days] == ["2027-03-01", "2027-03-02"]
    assert [d.get("index") for d in days] == ["1", "2"]
    for day in days:
        assert [r.get("name") for r in day.findall("room")] == ["Room 1", "Room 2", "Room 3"]
        for room in day.findall("room"):
            assert {e.findtext("room") for e in room.findall("event")} == {room.get("name")}
    assert len(_events(xml)) == 40
    assert root.findtext("conference/days") == "2"


def test_conference_json_is_valid_with_every_item(json_validator, conference):
    data = json.loads(schedule.schedule_json(conference))
    json_validator.validate(data)
    assert len(data["schedule"]["events"]) == 40
    assert {r["name"] for r in data["schedule"]["conference"]["rooms"]} == {"Room 1", "Room 2", "Room 3"}
    assert len(data["schedule"]["conference"]["days"]) == 2
    assert {p["role"] for e in data["schedule"]["events"] for p in e["participants"]} == {"MODERATOR", "SPEAKER"}
    # Synthetic people with an odd number have not agreed to be named: their title stands in.
    names = {p["name"] for e in data["schedule"]["events"] for p in e["participants"]}
    assert "Example speaker 0002" in names
    assert "Example speaker 0001" not in names


def test_schedule_queries_do_not_grow_with_items(db):
    small = build_conference(Shape(items=6, rooms=2, days=1, people=6), slug="small-example")
    with CaptureQueriesContext(connection) as few:
        schedule.schedule_json(small)
    large = build_conference(Shape(items=60, rooms=3, days=2, people=40), slug="large-example")
    with CaptureQueriesContext(connection) as many:
        schedule.schedule_xml(large)
    assert len(few) == len(many) == 4


def test_schedule_views_serve_published_events_to_anyone(client, published):
    response = client.get(reverse("events:schedule_xml", args=[published.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert "Cache-Control" not in response or "private" not in response["Cache-Control"]
    assert [e.findtext("start") for e in _events(response.content)] == STARTS
    response = client.get(reverse("events:schedule_json", args=[published.slug]))
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["schedule"]["conference"]["title"] == published.title


def test_schedule_of_a_draft_is_not_found_but_its_organiser_sees_it(client, side_event):
    url = reverse("events:schedule_json", args=[side_event.slug])
    assert client.get(url).status_code == 404
    assert client.get(reverse("events:schedule_xml", args=[side_event.slug])).status_code == 404
    client.force_login(make_user("outsider@example.org"))
    assert client.get(url).status_code == 404
    client.force_login(make_user("organiser@example.org", Role.EVENT_ORGANISER, side_event))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert json.loads(response.content)["schedule"]["events"][0]["state"] == "DRAFT"


def test_an_event_without_items_gives_valid_files(xsd, json_validator, alliance):
    event = services.event_create(
        by=None,
        title="Empty side event",
        time_zone="Europe/Paris",
        starts_at=datetime(2026, 6, 1, 8, 0, tzinfo=UTC),
        ends_at=datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
    )
    xml = schedule.schedule_xml(event, published_only=False)
    xsd.validate(xml.decode())
    assert [d.get("start") for d in ET.fromstring(xml).findall("day")] == ["2026-06-01T10:00:00+02:00"]
    data = json.loads(schedule.schedule_json(event, published_only=False))
    json_validator.validate(data)
    assert data["schedule"]["events"] == []
