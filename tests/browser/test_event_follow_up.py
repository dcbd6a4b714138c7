"""From the stage to the registry in a real browser: the organiser adds a takeaway on a priority and invites an
organisation; the invited partner editor opens the link and lands in the commitment form with the priority
chosen, and starts the commitment. The follow-up page, the public takeaways and the invitation's form pass axe
in English and French (Arabic read too), on a desktop and a phone. Screenshots go to $SCREENSHOTS when set.
"""

from urllib.parse import urlsplit

import pytest
from pictures import keep_picture
from playwright.sync_api import expect
from reading import looks_right, read_in

from alliance87.commitments.models import Commitment, Invitation
from alliance87.commitments.tests.making import published_priority
from alliance87.commitments.tests.stage_making import organiser_of, past_event

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def followed(alliance):
    event = past_event(alliance)
    return {
        "event": event,
        "organiser": organiser_of(event),
        "priority": published_priority("Decent work in agricultural supply chains (example)"),
    }


def test_the_organiser_adds_a_takeaway_invites_and_the_partner_lands_in_the_form(tabs_on, site, axe, cast, followed):
    event, priority = followed["event"], followed["priority"]
    editor = cast.partner_editor  # of Free the Slaves, the event's organising organisation
    tab = tabs_on(site)(followed["organiser"], DESKTOP)
    tab.goto(f"/events/{event.slug}/follow-up/")
    expect(tab.get_by_role("link", name="Follow-up: takeaways and commitments")).to_have_attribute(
        "aria-current", "page"
    )
    tab.locator("#id_text").fill("Inspect every cocoa farm of the members. (Example.)")
    tab.get_by_label("Agenda item").select_option(label="Panel (example)")
    tab.get_by_label(priority.title).check()
    tab.get_by_role("button", name="Add the takeaway").click()
    expect(tab.locator(".st-takeaway")).to_contain_text("Inspect every cocoa farm")
    expect(tab.locator(".st-takeaway .tag")).to_have_text(priority.title)

    tab.locator("#invitations").get_by_label("Free the Slaves").check()
    tab.get_by_label("A word from the organisers (optional)").fill("Thank you for speaking. (Example.)")
    tab.get_by_role("button", name="Make the invitations and send them").click()
    link_box = tab.locator(".st-link")
    expect(link_box).to_have_count(1)
    link = link_box.input_value()
    assert "/commit/" in link
    expect(tab.locator(".st-table")).to_contain_text("Free the Slaves")
    keep_picture(tab, "follow-up-desktop")
    looks_right(tab, axe, "en")

    partner = tabs_on(site)(editor, DESKTOP)
    partner.goto(urlsplit(link).path)  # the link is absolute on the site's address (SITE_ROOT)
    expect(partner.locator("h1")).to_have_text("A commitment by Free the Slaves")
    expect(partner.get_by_label(priority.title)).to_be_checked()
    keep_picture(partner, "invitation-form")
    looks_right(partner, axe, "en")
    partner.get_by_label("Title").fill("Remediation on the members' farms (example)")
    partner.get_by_label("What will be done, and how").fill("Monitoring visits and a plan per child. (Example.)")
    partner.get_by_role("button", name="Start the commitment").click()
    partner.wait_for_url("**/commitments/*/edit/")
    made = Commitment.objects.get(invitation__event=event)
    assert made.lead == cast.alliance.free_the_slaves and list(made.priorities.all()) == [priority]
    assert Invitation.objects.get(event=event).opened_at is not None

    tab.reload()
    expect(tab.locator(".st-figures")).to_contain_text("Committed")
    keep_picture(tab, "follow-up-after")


def test_the_follow_up_pages_read_in_english_french_and_arabic(tabs_on, site, axe, followed):
    from alliance87.commitments import stage

    event, organiser = followed["event"], followed["organiser"]
    stage.add_takeaway(by=organiser, event=event, text="Inspect farms. (Example.)", priorities=[followed["priority"]])
    stage.add_takeaway(by=organiser, event=event, text="Financer les coopératives. (Exemple.)", language="fr")
    stage.invite(by=organiser, event=event, organisations=[event.organisations.first().organisation])
    for viewport, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        tab = tabs_on(site)(organiser, viewport)
        for language in ("en", "fr", "ar"):
            read_in(tab, language, f"/events/{event.slug}/follow-up/")
            if language != "ar":
                looks_right(tab, axe, language)
            keep_picture(tab, f"follow-up-{language}-{label}")
        visitor = tabs_on(site)(None, viewport)
        for language in ("en", "fr", "ar"):
            read_in(visitor, language, f"/events/{event.slug}/takeaways/")
            expect(visitor.locator(".st-takeaway")).to_have_count(2)
            if language != "ar":
                looks_right(visitor, axe, language)
            keep_picture(visitor, f"takeaways-{language}-{label}")
