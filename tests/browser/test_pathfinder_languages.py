"""The annual report form in Arabic (issue 14): right to left, the cycle's questions and indicators in
Arabic, a question the secretariat added without a translation in English marked ``lang="en"``; axe finds
no serious or critical violation and nothing scrolls sideways, on a desktop and a phone. The Arabic
Framework page too. ``REPORT_SCREENSHOTS=<folder>`` keeps a picture of each."""

import datetime
import os

import pytest
from playwright.sync_api import expect
from test_report_journey import DESKTOP, PHONE, kenya_roadmap, no_sideways_scroll

from alliance87.pathfinders import services
from alliance87.pathfinders.defaults import DEFAULT_CRITERIA, DEFAULT_QUESTIONS, cycle_title
from alliance87.pathfinders.models import CycleQuestion

pytestmark = pytest.mark.browser

TODAY = datetime.date.today()
SCREENSHOTS = os.environ.get("REPORT_SCREENSHOTS", "")
UNTRANSLATED = "Which laws on child labour were passed this year?"


def test_the_arabic_report_form_and_framework_read_right_to_left_and_pass_axe(tabs_on, site, cast, axe, open_page):
    kenya_roadmap(cast)
    cycle = services.cycle_create(
        by=cast.secretariat,
        year=TODAY.year,
        title=cycle_title(TODAY.year),
        opens_on=TODAY,
        deadline=TODAY + datetime.timedelta(days=60),
    )
    CycleQuestion.objects.create(cycle=cycle, position=9, text=UNTRANSLATED, required=False)
    draft = services.report_start(country=cast.alliance.kenya, cycle=cycle, by=cast.focal_point)
    focal = tabs_on(site)(cast.focal_point, DESKTOP)
    visitor = open_page(DESKTOP)
    for tab, path in ((focal, f"/ar/reports/{draft.pk}/edit/"), (visitor, "/ar/framework/")):
        for viewport in (DESKTOP, PHONE):
            tab.set_viewport_size(viewport)
            tab.goto(path)
            expect(tab.locator("html")).to_have_attribute("dir", "rtl")
            axe(tab)
            no_sideways_scroll(tab)
            if SCREENSHOTS:
                name = f"ar-{viewport['width']}-{path.strip('/').replace('/', '-')}"
                tab.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)
    focal.goto(f"/ar/reports/{draft.pk}/edit/")
    main = focal.get_by_role("main")
    expect(main.get_by_label(DEFAULT_QUESTIONS[0]["ar"])).to_be_visible()  # the question labels its answer
    expect(main.locator('span[lang="en"]', has_text=UNTRANSLATED)).to_be_visible()
    expect(main.get_by_role("heading", level=1)).to_contain_text(f"تقارير التقدم السنوية {TODAY.year}")
    visitor.goto("/ar/framework/")
    expect(visitor.get_by_role("main")).to_contain_text(DEFAULT_CRITERIA[0][1]["ar"])
