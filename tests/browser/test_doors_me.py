"""Each role's start page, in a real browser: from /me/, every console listed opens by a click (no
"Not allowed" at the end of a link), on the side event as `make run` loads it. Axe on /me/ in English,
French and Spanish at desktop and phone widths. (The secretariat's consoles, behind its second factor, are
opened over HTTP in alliance87/tests/test_doors.py; the moderator's and safeguarding focal point's in
test_doors_artwork.py, with the counts.)"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from alliance87.accounts.models import Role
from alliance87.artwork.models import Banner, default_palette
from alliance87.events import services
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
SEED = Path(__file__).resolve().parents[2] / "alliance87" / "data" / "seed" / "concept-note-alliance87-side-event.txt"


def test_every_console_on_me_opens_for_each_role(tabs_on, site, cast, axe):
    event = services.concept_note_import(text=SEED.read_text(encoding="utf-8"), by=None)
    Banner.objects.create(title="10 Years of Alliance 8.7", slug="10-years", event=event, palette=default_palette())
    organiser = make_user("organiser@example.org", Role.EVENT_ORGANISER, event)
    people = {
        "organiser": organiser,
        "moderator": make_user("moderator@example.org", Role.MODERATOR, event),
        "group lead": cast.group_lead,
        "partner editor": cast.partner_editor,
        "focal point": cast.focal_point,
        "reviewer": cast.reviewer,
    }
    tab_for = tabs_on(site)
    for who, user in people.items():
        tab = tab_for(user, DESKTOP)
        tab.goto("/me/")
        consoles = tab.locator(".consoles h3 a")
        titles = consoles.all_inner_texts()
        assert titles, f"{who}: /me/ lists no console"
        for title in titles:
            tab.goto("/me/")
            tab.locator(".consoles h3 a", has_text=title).first.click()
            tab.wait_for_load_state("domcontentloaded")
            expect(tab.get_by_role("heading", level=1)).to_be_visible()
            heading = tab.get_by_role("heading", level=1).inner_text()
            assert "Not allowed" not in heading and "not found" not in heading.lower(), f"{who}: {title} → {heading}"
        tab.context.close()

    for viewport in (DESKTOP, MOBILE):
        tab = tab_for(organiser, viewport)
        for language in ("", "/fr", "/es"):
            tab.goto(f"{language}/me/")
            axe(tab)
