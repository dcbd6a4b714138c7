"""Doors to the events (issue 13), in a real browser: from `/`, by clicking links only, to the events index,
the side event's programme and the banner's phone page; on a desktop and on a phone. Axe (WCAG 2.1 A/AA)
on the home page and the events index in English, French and Spanish at both widths. One journey, several
checks: each page load costs a second or more.

As in `make run`: the side event of 11 February 2026 (over, on today's clock) and the conference banner,
open from now on.
"""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pictures import keep_picture
from playwright.sync_api import Page, expect

from alliance87.accounts.models import Role
from alliance87.artwork.models import Banner, default_palette
from alliance87.events import services
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
SEED = Path(__file__).resolve().parents[2] / "alliance87" / "data" / "seed" / "concept-note-alliance87-side-event.txt"
PICTURES = "DOORS_EVENTS_SCREENSHOTS"  # names a folder: keep a picture of each page looked at


@pytest.fixture
def side_event_and_banner(site):
    from django.utils import timezone

    event = services.concept_note_import(text=SEED.read_text(encoding="utf-8"), by=None)
    services.event_publish(event=event, by=None)
    banner = Banner.objects.create(
        title="10 Years of Alliance 8.7",
        slug="10-years",
        event=event,
        is_conference_banner=True,
        palette=default_palette(),
        opens_at=timezone.now(),
    )
    return event, banner


def no_sideways_scroll(tab: Page) -> None:
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{tab.url} scrolls sideways by {overflow}px"


def desktop_journey(tab: Page, event, banner) -> None:
    # Desktop: home → Events (main navigation) → the side event → its closing item → the banner's phone page.
    tab.goto("/")
    home_event = tab.get_by_role("region", name="Latest event")
    expect(home_event).to_contain_text("This event took place on Wednesday 11 February 2026.")
    expect(home_event.get_by_role("link", name="Add your mark")).to_be_visible()
    keep_picture(tab, "home-en-1280", folder_variable=PICTURES)
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    tab.wait_for_url("**/events/")
    expect(tab.get_by_role("heading", level=1, name="Events")).to_be_visible()
    past = tab.get_by_role("region", name="Past events")
    expect(past).to_contain_text("Wednesday 11 February 2026, 16:30")
    keep_picture(tab, "events-en-1280", folder_variable=PICTURES)
    past.get_by_role("link", name=event.title).click()
    tab.wait_for_url(f"**/events/{event.slug}/")
    expect(tab.get_by_text("This event took place on Wednesday 11 February 2026.")).to_be_visible()
    keep_picture(tab, "programme-en-1280", folder_variable=PICTURES)
    tab.locator("ol.programme").get_by_role("link", name="The co-created banner: add your mark").click()
    tab.wait_for_url(f"**/artwork/{banner.slug}/")
    expect(tab.get_by_role("heading", level=1)).to_contain_text(banner.title)


def phone_journey(phone: Page, event, banner) -> None:
    # Phone, in French: home → the programme (the home page's event) → the banner (the programme's artwork).
    with translation.override("fr"):
        latest, see, artwork = gettext("Latest event"), gettext("See the programme"), gettext("Co-created artwork")
        took_place = gettext("This event took place on %(day)s.") % {"day": "mercredi 11 février 2026"}
    phone.goto("/fr/")
    phone.get_by_role("region", name=latest).get_by_role("link", name=see).click()
    phone.wait_for_url(f"**/fr/events/{event.slug}/")
    expect(phone.get_by_text(took_place)).to_be_visible()
    no_sideways_scroll(phone)
    keep_picture(phone, "programme-fr-390", folder_variable=PICTURES)
    phone.get_by_role("region", name=artwork).get_by_role("link").first.click()
    phone.wait_for_url(f"**/fr/artwork/{banner.slug}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(banner.title)


def axe_home_and_index(tab: Page, phone: Page, axe) -> None:
    # Axe on the home page and the events index, in each language, at both widths.
    for viewport, tab_ in ((DESKTOP, tab), (MOBILE, phone)):
        for language in ("", "/fr", "/es"):
            for path in ("/", "/events/"):
                response = tab_.goto(f"{language}{path}")
                assert response.status == 200, f"{language}{path}"
                axe(tab_)
                no_sideways_scroll(tab_)
                if path == "/events/":
                    keep_picture(
                        tab_,
                        f"events{language.replace('/', '-') or '-en'}-{viewport['width']}",
                        folder_variable=PICTURES,
                    )
                else:
                    keep_picture(
                        tab_, f"home{language.replace('/', '-') or '-en'}-{viewport['width']}", folder_variable=PICTURES
                    )


def withdraw_and_read_the_address(manage: Page, tab: Page, phone: Page, event, axe) -> None:
    # The organiser withdraws the programme: the header's button asks first; the address then says so.
    manage.goto(f"/events/manage/{event.slug}/agenda/")
    manage.get_by_role("link", name="Withdraw the programme").click()
    manage.wait_for_url(re.compile(rf"/events/manage/{event.slug}/withdraw/\?next="))
    expect(manage.get_by_role("heading", level=2)).to_contain_text("Withdraw the programme")
    axe(manage)
    no_sideways_scroll(manage)
    keep_picture(manage, "withdraw-en-390", folder_variable=PICTURES)
    manage.get_by_role("button", name="Withdraw the programme").click()
    manage.wait_for_url(f"**/events/manage/{event.slug}/agenda/")
    expect(manage.get_by_text("Draft: not public").first).to_be_visible()
    for viewport, tab_, language in ((DESKTOP, tab, ""), (MOBILE, phone, "/fr"), (MOBILE, phone, "/es")):
        response = tab_.goto(f"{language}/events/{event.slug}/")
        assert response.status == 410
        axe(tab_)
        keep_picture(
            tab_, f"withdrawn{language.replace('/', '-') or '-en'}-{viewport['width']}", folder_variable=PICTURES
        )
    tab.goto(f"/language/en/?next=/events/{event.slug}/")  # English, chosen: this tab read French and Spanish
    tab.get_by_role("link", name="See the events that are published").click()
    tab.wait_for_url("**/events/")


def test_from_home_to_the_programme_and_the_banner_by_links_only(open_page, tabs_on, site, axe, side_event_and_banner):
    event, banner = side_event_and_banner
    tab, phone = open_page(DESKTOP), open_page(MOBILE)
    desktop_journey(tab, event, banner)
    phone_journey(phone, event, banner)
    axe_home_and_index(tab, phone, axe)
    organiser = make_user("organiser@example.org", Role.EVENT_ORGANISER, event)
    withdraw_and_read_the_address(tabs_on(site)(organiser, MOBILE), tab, phone, event, axe)
