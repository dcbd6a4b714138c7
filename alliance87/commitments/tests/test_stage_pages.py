"""From the stage to the registry: the organiser's follow-up page, the public takeaways, the invitation's link,
the consoles."""

import pytest
from django.urls import reverse

from alliance87.accounts.models import Role
from alliance87.commitments import stage
from alliance87.commitments.consoles_stage import consoles_for
from alliance87.commitments.models import Commitment, Invitation, Takeaway
from alliance87.testing import make_user

from .making import maker_for
from .stage_making import organiser_of, past_event


@pytest.fixture
def event(alliance):
    return past_event(alliance)


@pytest.fixture
def organiser(event):
    return organiser_of(event)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def test_the_follow_up_page_is_the_organisers(client, event, alliance, organiser_client):
    url = reverse("commitments:follow_up", args=[event.slug])
    page = organiser_client.get(url)
    assert page.status_code == 200
    assert "Follow-up: takeaways and commitments" in page.content.decode()
    other = organiser_of(past_event(alliance, slug="another-example"))
    client.force_login(other)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in


def test_the_organiser_adds_a_takeaway_and_a_bad_one_is_named(organiser_client, event, priority):
    url = reverse("commitments:takeaway_add", args=[event.slug])
    response = organiser_client.post(url, {"text": "Inspect farms.", "language": "en", "priorities": [priority.pk]})
    assert response.status_code == 302
    assert Takeaway.objects.get(event=event).priorities.get() == priority
    response = organiser_client.post(url, {"text": "", "language": "en"})
    assert response.status_code == 400
    assert 'id="id_text_errors"' in response.content.decode()


def test_invitations_show_their_links_once(organiser_client, event, alliance, cast):
    cast.partner_editor  # noqa: B018 -- someone to e-mail for Free the Slaves
    url = reverse("commitments:invite", args=[event.slug])
    response = organiser_client.post(url, {"organisations": [alliance.free_the_slaves.pk, alliance.nestle.pk]})
    assert response.status_code == 302
    page = organiser_client.get(reverse("commitments:follow_up", args=[event.slug])).content.decode()
    assert page.count("/commit/") == 2
    assert "nobody to e-mail" in page  # Nestlé has no partner editor here
    again = organiser_client.get(reverse("commitments:follow_up", args=[event.slug])).content.decode()
    assert "/commit/" not in again
    invitation = Invitation.objects.get(organisation=alliance.nestle)
    organiser_client.post(reverse("commitments:invitation_new_link", args=[event.slug, invitation.pk]))
    page = organiser_client.get(reverse("commitments:follow_up", args=[event.slug])).content.decode()
    assert page.count("/commit/") == 1


def test_the_follow_up_page_reads_the_same_number_of_queries_for_1_and_3_rows(
    organiser_client, event, alliance, organiser, priority, django_assert_max_num_queries
):
    url = reverse("commitments:follow_up", args=[event.slug])
    stage.add_takeaway(by=organiser, event=event, text="One.", priorities=[priority])
    stage.invite(by=organiser, event=event, organisations=[alliance.nestle])
    organiser_client.get(url)
    with django_assert_max_num_queries(30) as one:
        organiser_client.get(url)
    stage.add_takeaway(by=organiser, event=event, text="Two.", priorities=[priority])
    stage.add_takeaway(by=organiser, event=event, text="Three.", priorities=[priority])
    stage.invite(by=organiser, event=event, organisations=[alliance.free_the_slaves], countries=[])
    with django_assert_max_num_queries(len(one.captured_queries)):
        organiser_client.get(url)


def test_a_wrong_token_is_a_404_that_says_nothing(client, cast):
    response = client.get(reverse("commitments:invitation", args=["not-a-token"]))
    assert response.status_code == 404
    assert "invitation" not in response.content.decode().lower()


def test_the_link_asks_to_sign_in_says_whose_it_is_and_opens_the_form(
    client, event, organiser, alliance, cast, priority
):
    stage.add_takeaway(by=organiser, event=event, text="Inspect farms.", priorities=[priority])
    [made] = stage.invite(by=organiser, event=event, organisations=[alliance.free_the_slaves])
    anonymous = client.get(made.link).content.decode()
    assert "partner editors of Free the Slaves" in anonymous and "/accounts/login/?next=" in anonymous
    client.force_login(maker_for(alliance.nestle))
    stranger = client.get(made.link)
    assert stranger.status_code == 403 and "partner editors of Free the Slaves" in stranger.content.decode()
    made.invitation.refresh_from_db()
    assert made.invitation.opened_at is None
    client.force_login(cast.partner_editor)
    page = client.get(made.link)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{priority.pk}"' in html and "checked" in html.split(f'value="{priority.pk}"')[1][:40]
    made.invitation.refresh_from_db()
    assert made.invitation.opened_at is not None
    response = client.post(
        made.link,
        {
            "title": "Inspect cocoa farms (example)",
            "description": "How. (Example.)",
            "language": "en",
            "priorities": [priority.pk],
        },
    )
    draft = Commitment.objects.get(invitation=made.invitation)
    assert response.status_code == 302 and response["Location"] == reverse("commitments:edit", args=[draft.pk])
    assert draft.event == event and draft.lead == alliance.free_the_slaves


def test_a_title_over_20_words_is_named_on_the_invitations_form(client, event, organiser, alliance, cast):
    [made] = stage.invite(by=organiser, event=event, organisations=[alliance.free_the_slaves])
    client.force_login(cast.partner_editor)
    response = client.post(made.link, {"title": " ".join(["word"] * 21), "description": "How.", "language": "en"})
    assert response.status_code == 400
    assert 'id="id_title_errors"' in response.content.decode()
    assert not Commitment.objects.exists()


def test_the_public_takeaways_link_their_priorities(client, event, organiser, priority):
    stage.add_takeaway(by=organiser, event=event, text="Inspect farms.", priorities=[priority])
    page = client.get(reverse("commitments:event_takeaways", args=[event.slug])).content.decode()
    assert "Inspect farms." in page and priority.get_absolute_url() in page
    programme = client.get(reverse("events:programme", args=[event.slug])).content.decode()
    assert reverse("commitments:event_takeaways", args=[event.slug]) in programme


def test_consoles_for_the_organiser_and_the_secretariat(event, organiser, alliance, cast):
    stage.invite(by=organiser, event=event, organisations=[alliance.nestle, alliance.free_the_slaves])
    [console] = consoles_for(organiser)
    assert console.title == "Follow-up of Side event to follow up (example)" and console.waiting == 2
    assert console.url == reverse("commitments:follow_up", args=[event.slug])
    assert [c.url for c in consoles_for(cast.secretariat)] == [reverse("commitments:import_pledges")]
    assert consoles_for(make_user("nobody@example.org")) == []
    assert consoles_for(make_user("other@example.org", Role.PARTNER_EDITOR, alliance.nestle)) == []


def test_the_organiser_edits_moves_and_removes_takeaways_by_post(
    organiser_client, event, organiser, priority, alliance
):
    first = stage.add_takeaway(by=organiser, event=event, text="One.")
    second = stage.add_takeaway(by=organiser, event=event, text="Two.")
    edit = reverse("commitments:takeaway_edit", args=[event.slug, first.pk])
    assert organiser_client.get(edit).status_code == 200
    response = organiser_client.post(edit, {"text": "One, edited.", "language": "fr", "priorities": [priority.pk]})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.text, first.language, list(first.priorities.all())) == ("One, edited.", "fr", [priority])
    assert organiser_client.post(edit, {"text": "", "language": "en"}).status_code == 400
    organiser_client.post(reverse("commitments:takeaway_move", args=[event.slug, second.pk]), {"step": "up"})
    assert [t.pk for t in stage.takeaways_of(event)] == [second.pk, first.pk]
    organiser_client.post(reverse("commitments:takeaway_delete", args=[event.slug, first.pk]))
    assert [t.pk for t in stage.takeaways_of(event)] == [second.pk]
    assert organiser_client.get(reverse("commitments:takeaway_delete", args=[event.slug, second.pk])).status_code == 405
    other = past_event(alliance, slug="elsewhere-example")
    foreign = stage.add_takeaway(by=organiser_of(other), event=other, text="Not this event's.")
    assert organiser_client.get(reverse("commitments:takeaway_edit", args=[event.slug, foreign.pk])).status_code == 404
