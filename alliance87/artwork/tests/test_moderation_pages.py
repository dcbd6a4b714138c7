"""The moderators' console, the safeguarding page and the blocklist: who may open them, and every step
taken from their forms changes the contribution and is logged with the user."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from alliance87 import testing
from alliance87.accounts.models import Role
from alliance87.artwork import screening, services
from alliance87.artwork.models import BlockedTerm, Contribution, LogEntry, MutedDevice
from alliance87.artwork.vocab import Status

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

BURGUNDY = "#A21942"


def send(banner, token, **fields):
    fields.setdefault("colour", BURGUNDY)
    return services.contribute(banner=banner, device_token=token, **fields).contribution


def console(banner, rest=""):
    return f"/artwork/{banner.slug}/moderate/{rest}"


@pytest.fixture
def make_user():
    return testing.make_user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def last_step(banner):
    return LogEntry.objects.filter(banner=banner).order_by("-seq").first()


# ---- Who may open what ---------------------------------------------------------------------------


def test_console_anonymous_is_sent_to_sign_in(client, banner):
    response = client.get(console(banner))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_console_is_403_for_an_outsider_and_a_moderator_of_another_event(client, banner, cast, make_user):
    from alliance87.events import services as events

    other = events.event_create(
        by=None, title="Other", time_zone="UTC", starts_at=banner.event.starts_at, ends_at=banner.event.ends_at
    )
    for user in (cast.outsider, make_user("other-moderator@example.org", Role.MODERATOR, other)):
        client.force_login(user)
        assert client.get(console(banner)).status_code == 403
        contribution = send(banner, f"phone-{user.pk}", message="Hello")
        response = client.post(console(banner, "step/"), {"action": "approve", "contribution": contribution.pk})
        assert response.status_code == 403
        assert client.post(console(banner, "freeze/"), {"frozen": "1"}).status_code == 403
    assert not Contribution.objects.filter(status=Status.APPROVED).exists()


def test_console_opens_for_the_banners_moderator_and_the_secretariat(moderator_client, secretariat_client, banner):
    html = moderator_client.get(console(banner)).content.decode()
    assert "Moderation: 10 Years of Alliance 8.7" in html
    assert "Freeze the wall" in html and "The wall is live" in html
    assert secretariat_client.get(console(banner)).status_code == 200


def test_safeguarding_page_is_403_for_a_moderator_and_opens_for_the_focal_point(client, banner, moderator, cast):
    send(banner, "p1", message="They took my passport, help me")
    client.force_login(moderator)
    assert client.get(f"/artwork/{banner.slug}/safeguarding/").status_code == 403
    client.force_login(cast.safeguarding)
    html = client.get(f"/artwork/{banner.slug}/safeguarding/").content.decode()
    assert "They took my passport, help me" in html
    assert "Flagged by the screening as a possible disclosure." in html
    assert "contact the conference’s safeguarding lead" in html


# ---- The queue ------------------------------------------------------------------------------------


def test_console_queue_oldest_first_with_blocklist_hits_and_drawing(moderator_client, banner):
    BlockedTerm.objects.create(language="en", term="rubbish")
    screening.blocklist_changed()
    now = timezone.now()
    send(banner, "p1", message="Second", now=now - timedelta(seconds=5))
    send(banner, "p2", message="First, rubbish", drawing=[[[0.1, 0.1], [0.9, 0.9]]], now=now - timedelta(seconds=30))
    send(banner, "p3")  # a colour alone: placed at once, not in the queue
    html = moderator_client.get(console(banner)).content.decode()
    queue = html[html.index('class="aw-queue"') : html.index('id="aw-recent-title"')]
    assert queue.index("First, rubbish") < queue.index("Second")
    assert "Blocklist: rubbish (en)" in queue
    assert '<polyline points="0.100,0.100 0.900,0.900"/>' in queue
    assert queue.count("<article") == 2


def test_console_escapes_script_in_a_message(moderator_client, banner):
    send(banner, "p1", message="<script>alert(1)</script>", first_name="<b>Eve</b>")
    html = moderator_client.get(console(banner)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<b>Eve</b>" not in html
    assert '<p class="aw-card-message" dir="auto">&lt;script&gt;' in html


def test_console_approve_and_reject_change_the_state_and_are_logged(moderator_client, banner, moderator):
    a, b = send(banner, "p1", message="Yes"), send(banner, "p2", message="No")
    response = moderator_client.post(console(banner, "step/"), {"action": "approve", "contribution": a.pk}, follow=True)
    assert f"Approved: column {a.x + 1}, row {a.y + 1} is on the wall." in response.content.decode()
    a.refresh_from_db()
    assert a.status == Status.APPROVED and a.decided_by == moderator
    assert (last_step(banner).kind, last_step(banner).by) == ("approved", moderator)
    moderator_client.post(console(banner, "step/"), {"action": "reject", "contribution": b.pk})
    b.refresh_from_db()
    assert b.status == Status.REJECTED
    assert (last_step(banner).kind, last_step(banner).by) == ("rejected", moderator)
    # The log view says who did what.
    html = moderator_client.get(console(banner)).content.decode()
    log = html[html.index('class="aw-log"') :]
    assert log.count("<td>moderator</td>") == 2 and "<td>Approved</td>" in log and "<td>Rejected</td>" in log


def test_console_a_step_already_taken_by_another_moderator_says_so(moderator_client, banner, cast):
    a = send(banner, "p1", message="Hello")
    services.moderate(contribution=a, by=cast.secretariat, status=Status.REJECTED)
    response = moderator_client.post(console(banner, "step/"), {"action": "approve", "contribution": a.pk}, follow=True)
    assert "This contribution is “Rejected”; it cannot be changed that way." in response.content.decode()


def test_console_hide_route_and_mute(moderator_client, banner, moderator):
    a = send(banner, "p1", message="On the wall")
    services.moderate(contribution=a, by=moderator, status=Status.APPROVED)
    html = moderator_client.get(console(banner)).content.decode()
    recent = html[html.index('id="aw-recent-title"') : html.index('id="aw-log-title"')]
    assert "On the wall" in recent and 'value="hide"' in recent
    moderator_client.post(console(banner, "step/"), {"action": "hide", "contribution": a.pk})
    a.refresh_from_db()
    assert a.status == Status.HIDDEN and last_step(banner).by == moderator
    b = send(banner, "p2", message="Worrying")
    moderator_client.post(console(banner, "step/"), {"action": "safeguarding", "contribution": b.pk})
    b.refresh_from_db()
    assert b.status == Status.SAFEGUARDING and last_step(banner).kind == "routed"
    c = send(banner, "p3", message="Spam")
    response = moderator_client.post(console(banner, "step/"), {"action": "mute", "contribution": c.pk}, follow=True)
    assert MutedDevice.objects.filter(banner=banner, device=c.device).exists()
    assert (last_step(banner).kind, last_step(banner).by) == ("muted", moderator)
    assert "Phone muted" in response.content.decode()


def test_console_erase_a_region(moderator_client, banner, moderator):
    inside = [send(banner, "p1", x=0, y=0), send(banner, "p2", x=2, y=1, message="Hi")]
    outside = send(banner, "p3", x=5, y=3)
    response = moderator_client.post(
        console(banner, "erase/"), {"from_column": "3", "from_row": "2", "to_column": "1", "to_row": "1"}, follow=True
    )
    assert "Erased 2 contributions." in response.content.decode()
    assert {c.status for c in Contribution.objects.filter(pk__in=[c.pk for c in inside])} == {Status.ERASED}
    assert Contribution.objects.get(pk=outside.pk).status == Status.APPROVED
    assert (last_step(banner).kind, last_step(banner).by) == ("erased", moderator)


def test_console_erase_outside_the_grid_is_refused_beside_the_field(moderator_client, banner):
    response = moderator_client.post(
        console(banner, "erase/"), {"from_column": "1", "from_row": "1", "to_column": "13", "to_row": "1"}
    )
    html = response.content.decode()
    assert re.search(
        r'id="id_to_column_errors">\s*<li>The banner has 12 columns; pick a number from 1 to 12.</li>', html
    )
    assert not LogEntry.objects.filter(kind="erased").exists()


def test_console_freeze_switch(moderator_client, banner, moderator):
    response = moderator_client.post(console(banner, "freeze/"), {"frozen": "1"}, follow=True)
    html = response.content.decode()
    assert "The wall is frozen: it shows nothing new until you unfreeze it." in html
    assert "Unfreeze the wall" in html
    banner.refresh_from_db()
    assert banner.frozen and (last_step(banner).kind, last_step(banner).by) == ("frozen", moderator)
    moderator_client.post(console(banner, "freeze/"), {"frozen": "0"})
    banner.refresh_from_db()
    assert not banner.frozen and last_step(banner).kind == "unfrozen"


# ---- Live: the fragment htmx asks for ------------------------------------------------------------


def test_console_live_part_is_204_while_nothing_changed(moderator_client, banner):
    send(banner, "p1", message="Hello")
    headers = {"HX-Request": "true"}
    banner.refresh_from_db()
    assert moderator_client.get(console(banner), {"since": banner.last_seq}, headers=headers).status_code == 204
    send(banner, "p2", message="Another")
    response = moderator_client.get(console(banner), {"since": banner.last_seq}, headers=headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="aw-live"') and "<html" not in html
    assert "Another" in html


def test_console_step_with_htmx_answers_the_live_part_with_its_message(moderator_client, banner):
    a = send(banner, "p1", message="Hello")
    response = moderator_client.post(
        console(banner, "step/"), {"action": "approve", "contribution": a.pk}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="aw-live"')
    assert "Approved: column" in html


# ---- Safeguarding -----------------------------------------------------------------------------------


def test_safeguarding_reject_keeps_it_off_the_wall_and_is_logged(client, banner, cast):
    held = send(banner, "p1", message="help me")
    client.force_login(cast.safeguarding)
    response = client.post(
        console(banner, "step/"), {"action": "reject", "contribution": held.pk, "next": "safeguarding"}
    )
    assert response["Location"] == f"/artwork/{banner.slug}/safeguarding/"
    held.refresh_from_db()
    assert held.status == Status.REJECTED
    assert (last_step(banner).kind, last_step(banner).by) == ("rejected", cast.safeguarding)
    assert "Nothing is waiting for the safeguarding focal point." in client.get(response["Location"]).content.decode()


def test_safeguarding_a_moderator_cannot_decide_on_a_possible_disclosure(moderator_client, banner):
    held = send(banner, "p1", message="help me")
    response = moderator_client.post(console(banner, "step/"), {"action": "approve", "contribution": held.pk})
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == Status.SAFEGUARDING


# ---- The blocklist ----------------------------------------------------------------------------------


def test_blocklist_secretariat_adds_and_removes_terms(secretariat_client, cast):
    response = secretariat_client.post("/artwork/blocklist/", {"language": "fr", "term": "  Gros   MOT "}, follow=True)
    html = response.content.decode()
    assert "“gros mot” is on the French list." in html
    term = BlockedTerm.objects.get(term="gros mot")
    assert (term.language, term.term, term.added_by) == ("fr", "gros mot", cast.secretariat)
    response = secretariat_client.post("/artwork/blocklist/", {"language": "fr", "term": "gros mot"})
    assert "“gros mot” is already on the French list." in response.content.decode()
    response = secretariat_client.post("/artwork/blocklist/", {"language": "ar", "term": "   "})
    assert re.search(r'id="id_term_errors">\s*<li>Enter a word or phrase.</li>', response.content.decode())
    secretariat_client.post("/artwork/blocklist/", {"remove": term.pk})
    assert not BlockedTerm.objects.filter(term="gros mot").exists()


def test_blocklist_moderator_edits_it_from_their_banner_only(client, banner, moderator, cast):
    client.force_login(moderator)
    assert client.get("/artwork/blocklist/").status_code == 403
    page = client.get(f"/artwork/blocklist/?banner={banner.slug}")
    assert page.status_code == 200
    html = page.content.decode()
    for language in ("English", "French", "Spanish", "Arabic"):
        assert f"{language} <span" in html
    client.post("/artwork/blocklist/", {"banner": banner.slug, "language": "es", "term": "basura"})
    assert BlockedTerm.objects.filter(language="es", term="basura").exists()
    client.force_login(cast.outsider)
    assert client.get(f"/artwork/blocklist/?banner={banner.slug}").status_code == 403
