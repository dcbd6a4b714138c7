"""The live run-of-show: its steps, who may take them, and the clock every screen computes from."""

import io
from datetime import UTC, datetime, timedelta
from unittest import mock

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from alliance87.accounts.models import Role
from alliance87.events import exports, live, services
from alliance87.events.models import RunOfShow
from alliance87.testing import make_user

T0 = datetime(2026, 2, 11, 15, 30, tzinfo=UTC)  # 16:30 in Marrakech


class Clock:
    """The server's clock, moved by hand: ``django.utils.timezone.now`` returns ``clock.now``."""

    def __init__(self, now: datetime):
        self.now = now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    clock = Clock(T0)
    with mock.patch("django.utils.timezone.now", side_effect=lambda: clock.now):
        yield clock


@pytest.fixture
def moderator(side_event):
    return make_user("moderator@example.org", Role.MODERATOR, side_event)


def step(event, by, action, **kwargs):
    return live.run_control(event=event, by=by, action=action, **kwargs)


def titles(event):
    return [item.title for item in event.items.order_by("position")]


def action_error(excinfo) -> str:
    return " ".join(excinfo.value.message_dict.get("action", []))


def test_run_state_before_start_shows_the_first_segment_as_next(side_event, clock):
    state = live.run_state(side_event)
    assert state["state"] == "ready"
    assert state["current"] is None
    assert state["next"]["title"] == "Opening remarks"
    assert state["count"] == 5
    assert state["show"]["slot_seconds"] == 90 * 60
    assert state["server_now_ms"] == int(T0.timestamp() * 1000)


def test_start_runs_the_first_segment_with_its_full_time(side_event, moderator, clock):
    run = step(side_event, moderator, "start")
    state = live.run_state(side_event)
    assert run.state == state["state"] == "running"
    assert state["current"]["title"] == "Opening remarks"
    assert state["current"]["planned_minutes"] == 5
    assert state["next"]["title"].startswith("Conversation I")
    assert state["remaining_seconds"] == 300
    assert state["warning"] == "on_time"


def test_time_left_counts_down_with_the_clock_and_stops_while_paused(side_event, moderator, clock):
    step(side_event, moderator, "start")
    clock.advance(minutes=1)
    assert live.run_state(side_event)["remaining_seconds"] == 240
    step(side_event, moderator, "pause")
    clock.advance(minutes=10)  # a long pause: the segment's clock does not move
    paused = live.run_state(side_event)
    assert paused["state"] == "paused"
    assert paused["remaining_seconds"] == 240
    assert paused["clock_running"] is False
    step(side_event, moderator, "resume")
    clock.advance(seconds=30)
    assert live.run_state(side_event)["remaining_seconds"] == 210


def test_last_two_minutes_then_overrun(side_event, moderator, clock):
    step(side_event, moderator, "start")
    clock.advance(minutes=3, seconds=30)
    state = live.run_state(side_event)
    assert (state["warning"], state["remaining_seconds"]) == ("last_two_minutes", 90)
    clock.advance(minutes=2)
    state = live.run_state(side_event)
    assert (state["warning"], state["remaining_seconds"]) == ("overrun", -30)
    assert state["show"]["behind_seconds"] == 30


def test_next_and_back_move_through_the_agenda_and_keep_each_segments_time(side_event, moderator, clock):
    step(side_event, moderator, "start")
    clock.advance(minutes=6)  # the opening ran a minute over
    step(side_event, moderator, "next")
    state = live.run_state(side_event, private=True)
    assert state["current"]["title"] == titles(side_event)[1]
    assert state["remaining_seconds"] == 35 * 60
    assert state["items"][0]["actual_seconds"] == 360
    assert state["show"]["behind_seconds"] == 60
    # The show started six minutes ago; everything left as planned ends it a minute over the slot.
    assert state["show"]["projected_over_seconds"] == 60
    assert state["show"]["overrun"] is True
    clock.advance(seconds=20)
    step(side_event, moderator, "back")  # "Next" was pressed too early: the opening continues
    state = live.run_state(side_event)
    assert state["current"]["title"] == "Opening remarks"
    assert state["remaining_seconds"] == -60
    assert state["warning"] == "overrun"


def test_the_first_and_last_segments_are_the_limits(side_event, moderator, clock):
    step(side_event, moderator, "start")
    with pytest.raises(ValidationError) as excinfo:
        step(side_event, moderator, "back")
    assert action_error(excinfo) == "This is the first segment."
    for _ in range(4):
        step(side_event, moderator, "next")
    assert live.run_state(side_event)["current"]["title"] == titles(side_event)[-1]
    assert live.run_state(side_event)["next"] is None
    with pytest.raises(ValidationError) as excinfo:
        step(side_event, moderator, "next")
    assert action_error(excinfo) == "This is the last segment: end the show instead."
    step(side_event, moderator, "end")
    state = live.run_state(side_event)
    assert state["state"] == "ended"
    assert state["current"] is None


def test_steps_that_make_no_sense_now_are_refused_with_a_reason(side_event, moderator, clock):
    for action in ("pause", "resume", "next", "back", "end"):
        with pytest.raises(ValidationError) as excinfo:
            step(side_event, moderator, action)
        assert action_error(excinfo) == "The show has not started."
    step(side_event, moderator, "start")
    with pytest.raises(ValidationError) as excinfo:
        step(side_event, moderator, "start")
    assert action_error(excinfo) == "The show has already started."
    with pytest.raises(ValidationError) as excinfo:
        step(side_event, moderator, "resume")
    assert action_error(excinfo) == "The show is already running."
    step(side_event, moderator, "pause")
    with pytest.raises(ValidationError) as excinfo:
        step(side_event, moderator, "pause")
    assert action_error(excinfo) == "The show is already paused."
    with pytest.raises(ValidationError) as excinfo:
        step(side_event, moderator, "jump")
    assert "Unknown action" in action_error(excinfo)


def test_next_while_paused_keeps_the_show_paused(side_event, moderator, clock):
    step(side_event, moderator, "start")
    step(side_event, moderator, "pause")
    step(side_event, moderator, "next")
    clock.advance(minutes=1)
    state = live.run_state(side_event)
    assert (state["state"], state["remaining_seconds"]) == ("paused", 35 * 60)


def test_reset_returns_to_ready(side_event, moderator, clock):
    step(side_event, moderator, "start")
    step(side_event, moderator, "next")
    step(side_event, moderator, "reset")
    state = live.run_state(side_event, private=True)
    assert state["state"] == "ready"
    assert state["current"] is None
    assert all(item["actual_seconds"] is None for item in state["items"])
    step(side_event, moderator, "start")  # and it can run again


def test_every_step_increments_the_version_and_is_recorded_with_who(side_event, moderator, clock):
    versions = [step(side_event, moderator, action).version for action in ("start", "pause", "resume", "next")]
    assert versions == [1, 2, 3, 4]
    assert live.run_state(side_event)["version"] == 4
    run = RunOfShow.objects.get(event=side_event)
    history = list(run.history.order_by("history_date", "history_id"))
    assert [(h.history_change_reason, h.history_user) for h in history] == [
        ("start", moderator),
        ("pause", moderator),
        ("resume", moderator),
        ("next", moderator),
    ]


def test_a_stale_expected_version_is_refused(side_event, moderator, clock):
    step(side_event, moderator, "start", expected_version=0)
    # Two screens showed version 1; the first "Next" wins, the second is refused, not repeated.
    step(side_event, moderator, "next", expected_version=1)
    with pytest.raises(ValidationError) as excinfo:
        step(side_event, moderator, "next", expected_version=1)
    assert excinfo.value.message_dict["expected_version"] == [
        "Someone else changed the show meanwhile; this screen now shows the current state."
    ]
    assert live.run_state(side_event)["index"] == 1


def test_an_outsider_may_not_run_the_show(side_event, cast, clock):
    with pytest.raises(PermissionDenied):
        step(side_event, cast.outsider, "start")
    assert not RunOfShow.objects.filter(event=side_event).exists()


def test_the_events_moderator_organiser_and_the_secretariat_may_run_it(side_event, moderator, cast, clock):
    organiser = make_user("organiser@example.org", Role.EVENT_ORGANISER, side_event)
    assert step(side_event, moderator, "start").state == "running"
    assert step(side_event, organiser, "pause").state == "paused"
    assert step(side_event, cast.secretariat, "resume").state == "running"


def test_a_moderator_of_another_event_may_not_run_this_one(side_event, seed_text, clock):
    other = services.concept_note_import(text=seed_text.replace("10 years of", "Ten years of"), by=None)
    someone_else = make_user("other.moderator@example.org", Role.MODERATOR, other)
    with pytest.raises(PermissionDenied):
        step(side_event, someone_else, "start")
    assert step(other, someone_else, "start").state == "running"


def test_the_public_snapshot_has_no_notes_and_no_names_without_consent(side_event, moderator, clock):
    item = side_event.items.order_by("position")[1]
    item.notes = "Cue the minister's microphone"
    item.save()
    step(side_event, moderator, "start")
    step(side_event, moderator, "next")
    public = live.run_state(side_event)
    private = live.run_state(side_event, private=True)
    assert "notes" not in public["current"]
    assert "items" not in public
    assert "Cue the minister" not in str(public)
    assert public["current"]["lead"] == "Executive Director, Free the Slaves"
    assert private["current"]["notes"] == "Cue the minister's microphone"
    assert private["current"]["lead"] == "Bukeni Waruzi, Executive Director, Free the Slaves"


def test_a_step_sends_the_new_state_to_the_event_group_after_commit(
    side_event, moderator, clock, django_capture_on_commit_callbacks
):
    with mock.patch.object(live, "broadcast") as broadcast:
        with django_capture_on_commit_callbacks(execute=True):
            step(side_event, moderator, "start")
    broadcast.assert_called_once_with(side_event)


def test_a_refused_step_sends_nothing(side_event, moderator, clock, django_capture_on_commit_callbacks):
    with mock.patch.object(live, "broadcast") as broadcast:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
            step(side_event, moderator, "next")
    broadcast.assert_not_called()


def test_run_state_takes_three_queries(side_event, moderator, clock, django_assert_num_queries):
    step(side_event, moderator, "start")
    with django_assert_num_queries(3):
        live.run_state(side_event, private=True)


# ---------------------------------------------------------------------------------------------
# The pages: the console, the countdown, the controls without JavaScript, the state as JSON


@pytest.fixture
def published(side_event):
    services.event_publish(event=side_event, by=None)
    return side_event


def test_the_console_shows_the_current_segment_to_its_moderator(client, published, moderator, clock):
    step(published, moderator, "start")
    clock.advance(minutes=1, seconds=30)
    client.force_login(moderator)
    response = client.get(f"/events/{published.slug}/run/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Segment 1 of 5" in page
    assert 'data-field="clock" data-chars="4">3:30<' in page
    assert "On time" in page
    assert "Conversation I: Global Leadership and Shared Priorities" in page  # next
    assert ">Pause<" in page


@pytest.mark.parametrize(("language", "button", "heading"), [("fr", "Démarrer", "Début"), ("es", "Iniciar", "Inicio")])
def test_the_start_button_says_start_as_a_verb_while_the_pdf_column_says_start_time(
    client, published, moderator, language, button, heading
):
    client.force_login(moderator)
    page = client.get(f"/{language}/events/{published.slug}/run/").content.decode()
    assert f">{button}<" in page
    assert f">{heading}<" not in page
    with translation.override(language):
        pdf = exports.run_of_show_pdf(published)
    text = "".join(sheet.extract_text() for sheet in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    headings = [line for line in text.splitlines() if line.split()[:1] == [heading.upper()]]  # PDF's capitals
    assert len(headings) == 1
    assert button.upper() not in text.upper()


def test_the_console_is_for_those_who_may_run_the_event(client, published, cast):
    response = client.get(f"/events/{published.slug}/run/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(cast.outsider)
    assert client.get(f"/events/{published.slug}/run/").status_code == 403
    assert client.post(f"/events/{published.slug}/run/control/", {"action": "start"}).status_code == 403
    assert not RunOfShow.objects.filter(event=published).exists()


def test_the_controls_work_without_javascript(client, published, moderator, clock):
    client.force_login(moderator)
    response = client.post(f"/events/{published.slug}/run/control/", {"action": "start", "version": "0"}, follow=True)
    page = response.content.decode()
    assert "The show has started." in page
    assert "Segment 1 of 5" in page
    # The same form sent again from a screen still showing version 0: refused, and said why.
    response = client.post(f"/events/{published.slug}/run/control/", {"action": "start", "version": "0"}, follow=True)
    assert "Someone else changed the show meanwhile" in response.content.decode()
    response = client.post(f"/events/{published.slug}/run/control/", {"action": "back"}, follow=True)
    assert "This is the first segment." in response.content.decode()


def test_the_countdown_is_public_for_a_published_event_only(client, side_event, moderator, clock):
    assert client.get(f"/events/{side_event.slug}/countdown/").status_code == 404
    client.force_login(moderator)
    assert client.get(f"/events/{side_event.slug}/countdown/").status_code == 200  # the draft, for its moderator
    client.logout()
    services.event_publish(event=side_event, by=None)
    step(side_event, moderator, "start")
    clock.advance(minutes=4)
    page = client.get(f"/events/{side_event.slug}/countdown/").content.decode()
    assert 'data-field="clock" data-chars="4">1:00<' in page
    assert "Last two minutes" in page
    assert "Opening remarks" in page


def test_the_state_as_json_is_public_without_notes(client, published, moderator, clock):
    item = published.items.order_by("position").first()
    item.notes = "Mic check"
    item.save()
    step(published, moderator, "start")
    public = client.get(f"/events/{published.slug}/run/state.json").json()
    assert public["current"]["title"] == "Opening remarks"
    assert "notes" not in public["current"]
    client.force_login(moderator)
    assert client.get(f"/events/{published.slug}/run/state.json").json()["current"]["notes"] == "Mic check"


def test_clock_text_rounds_up_and_signs_the_overrun():
    assert [live.clock_text(s, signed=True) for s in (300, 299.2, 0.4, 0, -0.5, -61, 3900)] == [
        "5:00",
        "5:00",
        "0:01",
        "+0:00",
        "+0:00",
        "+1:01",
        "1:05:00",
    ]


def test_a_channel_layer_that_is_down_does_not_undo_the_step(
    side_event, moderator, clock, django_capture_on_commit_callbacks
):
    class DownLayer:
        async def group_send(self, group, message):
            raise ConnectionError("Redis is down")

    with mock.patch.object(live, "get_channel_layer", return_value=DownLayer()):
        with django_capture_on_commit_callbacks(execute=True):
            step(side_event, moderator, "start")
    assert live.run_state(side_event)["state"] == "running"
