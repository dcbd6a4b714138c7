from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from alliance87.events import selectors, services
from alliance87.events.concept_note import parse
from alliance87.events.models import AgendaItem, Event, Participation
from alliance87.events.vocab import Confirmation, EventStatus, ItemKind
from alliance87.network.models import Person

CONVERSATION_I = ["Younes Sekkouri", "Tomoya Obokata", "Jacqueline Mugo", "Rajeev Sharma"]
CONVERSATION_II = ["Fauziah Muthoni Wanjiru", "Parul Mehra", "Bernd Seiffert", "Daglar Tasci", "Yan Wyss"]


def names(event, item, role):
    return [p.person.name for p in event.participations.filter(agenda_item=item, role=role).order_by("position")]


def test_parse_seed_reads_header_and_sections(seed_text):
    note = parse(seed_text)
    assert note.problems == []
    assert note.title == "Alliance 8.7: 10 years of Partnership and Action"
    assert str(note.day) == "2026-02-11"
    assert (note.start.isoformat(), note.end.isoformat()) == ("16:30:00", "18:00:00")
    assert note.format == "in_person"
    assert note.keywords == ["Alliance 8.7", "Pathfinder Countries", "Global partnership", "SDG 8.7"]
    assert note.objectives.startswith("The main objectives of the event")
    assert note.expected_outcomes.splitlines()[2].startswith("3. Communication activity")


def test_import_seed_creates_draft_with_five_timed_items(side_event):
    assert side_event.status == EventStatus.DRAFT
    assert side_event.time_zone == "Africa/Casablanca"
    assert side_event.starts_at == datetime(2026, 2, 11, 15, 30, tzinfo=UTC)
    assert side_event.ends_at == datetime(2026, 2, 11, 17, 0, tzinfo=UTC)
    agenda = selectors.agenda_with_times(side_event)
    assert [s.item.duration_minutes for s in agenda] == [5, 35, 5, 35, 10]
    assert [s.item.kind for s in agenda] == [
        ItemKind.OPENING_REMARKS,
        ItemKind.CONVERSATION,
        ItemKind.VIDEO,
        ItemKind.CONVERSATION,
        ItemKind.COMMUNICATION_ACTIVITY,
    ]
    assert [s.starts_at.strftime("%H:%M") for s in agenda] == ["16:30", "16:35", "17:10", "17:15", "17:50"]
    assert agenda[0].starts_at.astimezone(UTC) == datetime(2026, 2, 11, 15, 30, tzinfo=UTC)
    assert agenda[-1].ends_at.strftime("%H:%M") == "18:00"
    assert agenda[-1].ends_at.astimezone(UTC) == datetime(2026, 2, 11, 17, 0, tzinfo=UTC)
    assert selectors.fit_check(side_event) == ("fits", 0)


def test_import_seed_has_eleven_people_in_their_roles(side_event):
    assert len(selectors.event_participants(side_event)) == 11
    assert Person.objects.filter(name__in=CONVERSATION_I + CONVERSATION_II).count() == 9  # linked, not duplicated
    assert names(side_event, None, "chair") == ["Claudia Fuentes Julio"]
    assert names(side_event, None, "moderator") == ["Bukeni Waruzi"]
    items = list(side_event.items.order_by("position"))
    assert names(side_event, items[1], "panelist") == CONVERSATION_I
    assert names(side_event, items[3], "panelist") == CONVERSATION_II
    assert names(side_event, items[1], "moderator") == ["Bukeni Waruzi"]
    assert names(side_event, items[4], "speaker") == ["Claudia Fuentes Julio", "Younes Sekkouri"]
    mugo = side_event.participations.get(person__name="Jacqueline Mugo")
    assert (mugo.printed_title, mugo.printed_organisation) == ("President", "International Organisation of Employers")
    assert selectors.items_without_lead(side_event) == []


def test_import_seed_marks_minister_tbc_in_both_items(side_event):
    minister = Participation.objects.filter(event=side_event, person__name="Younes Sekkouri")
    assert sorted(p.agenda_item.title for p in minister) == [
        "Communication Activity - “10 Years of Alliance 8.7” & Closing",
        "Conversation I: Global Leadership and Shared Priorities",
    ]
    assert {p.confirmation for p in minister} == {Confirmation.TBC}
    others = Participation.objects.filter(event=side_event).exclude(person__name="Younes Sekkouri")
    assert Confirmation.TBC not in {p.confirmation for p in others}


def test_title_conflicts_seed_reports_the_minister_with_two_titles(side_event):
    conflicts = selectors.title_conflicts(side_event)
    assert [c.person.name for c in conflicts] == ["Younes Sekkouri"]
    assert conflicts[0].titles == [
        "Minister of Economic Inclusion, Small Business, Employment and Skills of the Kingdom of Morocco",
        "Minister of Labour",
    ]


def damaged(seed_text: str) -> tuple[str, int, int]:
    lines = seed_text.splitlines()
    date_line = next(i for i, line in enumerate(lines) if line.startswith("[11 February]"))
    lines[date_line] = "[] | [16:30-18:00] | [In-person]"
    slot_line = next(i for i, line in enumerate(lines) if line.startswith("5 mins\tVideo"))
    lines[slot_line] = lines[slot_line].replace("5 mins", "abc mins", 1)
    return "\n".join(lines) + "\n", date_line + 1, slot_line + 1


def test_import_damaged_note_reports_lines_and_creates_nothing(alliance, seed_text):
    text, date_line, slot_line = damaged(seed_text)
    people_before = Person.objects.count()
    with pytest.raises(services.ConceptNoteProblems) as error:
        services.concept_note_import(text=text, by=None)
    assert error.value.problems == [
        f"line {date_line}: the date “” is not a day and month such as 11 February.",
        f"line {slot_line}: the slot “abc mins” is not a number of minutes such as “5 mins”.",
    ]
    assert not Event.objects.exists()
    assert not AgendaItem.objects.exists()
    assert Person.objects.count() == people_before


def test_import_without_year_asks_for_it(alliance, seed_text):
    text = seed_text.replace("6th Global Conference", "Global Conference")
    plan = services.concept_note_read(text=text, by=None)
    assert plan.asks["year"].text("--year") == (
        "The date “11 February” (line 12) has no year, and no other line gives it: enter it in --year."
    )
    with pytest.raises(services.ConceptNoteQuestions) as error:
        services.concept_note_import(text=text, by=None)
    assert error.value.message_dict == {
        "year": ["The date “11 February” (line 12) has no year, and no other line gives it: enter it in “Year”."]
    }
    event = services.concept_note_import(text=text, by=None, year=2026)
    assert event.starts_at == datetime(2026, 2, 11, 15, 30, tzinfo=UTC)


def test_import_unknown_time_zone_is_refused(alliance, seed_text):
    with pytest.raises(ValidationError) as error:
        services.concept_note_import(text=seed_text, by=None, time_zone="Africa/Marrakech")
    assert error.value.message_dict["time_zone"] == [
        "“Africa/Marrakech” is not a known time zone; use an IANA name such as Africa/Casablanca."
    ]
    assert not Event.objects.exists()


def test_import_other_time_zone_moves_utc(alliance, seed_text):
    event = services.concept_note_import(text=seed_text, by=None, time_zone="Europe/Paris")
    assert event.starts_at == datetime(2026, 2, 11, 15, 30, tzinfo=UTC)  # Paris is UTC+1 in February too
    event = services.concept_note_import(text=seed_text, by=None, time_zone="America/New_York")
    assert event.starts_at == datetime(2026, 2, 11, 21, 30, tzinfo=UTC)


def test_import_zero_minute_slot_is_refused(alliance, seed_text):
    text = seed_text.replace("5 mins\tVideo", "0 mins\tVideo")
    with pytest.raises(services.ConceptNoteProblems) as error:
        services.concept_note_import(text=text, by=None)
    assert error.value.problems == ["line 71: the slot “0 mins” must last at least one minute."]


def test_import_concept_note_command_prints_checks(alliance, tmp_path, seed_text, capsys):
    path = tmp_path / "note.txt"
    path.write_text(seed_text, encoding="utf-8")
    call_command("import_concept_note", str(path), "--accept-inferred")
    out = capsys.readouterr().out
    assert "Inferred time zone: Africa/Casablanca (Marrakesh, Morocco (line 9" in out
    assert "5 agenda items, 11 people; agenda fits." in out
    assert "Check: Younes Sekkouri is printed with 2 titles" in out
    assert Event.objects.get().status == EventStatus.DRAFT


def test_import_concept_note_command_damaged_prints_problems(alliance, tmp_path, seed_text, capsys):
    text, date_line, slot_line = damaged(seed_text)
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_concept_note", str(path), "--time-zone", "Africa/Casablanca")
    err = capsys.readouterr().err
    assert f"note.txt: line {date_line}: the date" in err
    assert f"note.txt: line {slot_line}: the slot “abc mins”" in err
    assert not Event.objects.exists()


def test_load_side_event_is_idempotent_and_published(alliance, client):
    from django.core.management import call_command

    from alliance87.events.models import Event

    call_command("load_side_event", verbosity=0)
    call_command("load_side_event", verbosity=0)
    event = Event.objects.get()
    assert (event.status, event.items.count()) == ("published", 5)
    page = client.get(f"/events/{event.slug}/").content.decode()
    assert "Conversation I: Global Leadership and Shared Priorities" in page
    assert "Africa/Casablanca" in page
