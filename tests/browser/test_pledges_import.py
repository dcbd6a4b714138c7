"""The 2021 Action Pledges import in a real browser: the secretariat chooses a file, reads the preview (rows,
makers, what was inferred), confirms and lands on the import's record; the page passes axe in English and
French. The file is an invented example (its makers are example organisations and the example country).
Screenshots go to $SCREENSHOTS when set.
"""

from pathlib import Path

import pytest
from pictures import keep_picture
from playwright.sync_api import expect
from reading import looks_right, read_in
from second_factor import secretariat_cookie

from alliance87.commitments.models import Commitment, PledgeImport
from alliance87.network.models import Country, Organisation

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[2] / "alliance87" / "commitments" / "tests" / "data"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def makers(alliance, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Organisation.objects.create(name="Example Cooperative", slug="example-cooperative", kind="other")
    Country.objects.get_or_create(code="XE", defaults={"is_example": True})


def test_the_secretariat_imports_a_file_after_the_preview(tabs_on, site, axe, cast, makers):
    cookie = secretariat_cookie(cast.secretariat, site)
    tab = tabs_on(site)(None, DESKTOP)
    tab.context.add_cookies([cookie])
    tab.goto("/commitments/manage/import-pledges/")
    looks_right(tab, axe, "en")
    tab.get_by_label("The Action Pledges (.csv or .xlsx)").set_input_files(str(DATA / "pledges_good.xlsx"))
    tab.get_by_role("button", name="Read the file and show the preview").click()
    expect(tab.get_by_role("heading", name="Preview of “pledges_good.xlsx”")).to_be_visible()
    expect(tab.locator(".pl-table tbody tr")).to_have_count(3)
    expect(tab.locator(".pl-preview")).to_contain_text("has no year; read as 2021-05-12")
    # "Example Workers Union" (joint with, line 2) is not on the platform: the page offers to create it.
    tab.get_by_label("Create “Example Workers Union” as an organisation").check()
    tab.get_by_label("Kind of “Example Workers Union”").select_option("workers")
    keep_picture(tab, "pledges-preview")
    looks_right(tab, axe, "en")
    assert not Commitment.objects.exists()
    tab.get_by_role("button", name="Import 3 pledges").click()
    expect(tab.locator("h1")).to_have_text("Action Pledges import: pledges_good.xlsx")
    expect(tab.locator("main")).to_contain_text("EX-2021-201")
    record = PledgeImport.objects.get()
    assert record.created == 3 and Commitment.objects.filter(pledge_import=record).count() == 3
    assert Organisation.objects.get(name="Example Workers Union").kind == "workers"
    keep_picture(tab, "pledges-record")
    looks_right(tab, axe, "en")
    for viewport, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        french = tabs_on(site)(None, viewport)
        french.context.add_cookies([cookie])
        read_in(french, "fr", "/commitments/manage/import-pledges/")
        looks_right(french, axe, "fr")
        keep_picture(french, f"pledges-fr-{label}")
