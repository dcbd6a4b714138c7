"""The exchange of experiences in a real browser: a partner editor shares an experience with a picture, the
secretariat reviews and publishes it, and a visitor finds it from the country's page; a story of a person with
lived experience is withdrawn and leaves the list, its page saying so kindly (410). The list, an experience,
the sharing and the review pages pass axe in English, French, Spanish and Arabic, on a desktop and a phone,
and scroll nothing sideways. Screenshots go to $SCREENSHOTS when it is set.
"""

import pytest
from pictures import keep_picture
from playwright.sync_api import expect
from reading import looks_right, read_in
from second_factor import secretariat_cookie

from alliance87.exchange.models import Experience, ExperienceStatus
from alliance87.exchange.tests.making import PNG, experience, png

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "es", "ar")
TITLE = "School meals keep children in class (example)"


def test_a_partner_shares_the_secretariat_publishes_and_the_public_finds_it_from_the_country(
    cast, tabs_on, site, axe, tmp_path
):
    kenya = cast.alliance.kenya
    editor = tabs_on(site)(cast.partner_editor, viewport=DESKTOP)
    read_in(editor, "en", "/experiences/new/")
    editor.get_by_label("Title").fill(TITLE)
    editor.get_by_label("Summary").fill("A hot meal at school brought children back from the fields. (Example.)")
    editor.get_by_label("What was done").fill("Parents' committees ran school kitchens. (Example.)")
    editor.get_by_label("Shared by (organisation)").select_option(label="Free the Slaves")
    editor.get_by_label("Countries").select_option(label=kenya.name)
    looks_right(editor, axe, "en")
    editor.get_by_role("button", name="Save the draft").click()
    expect(editor.get_by_text("Saved as a draft.")).to_be_visible()

    picture = tmp_path / "kitchen.png"
    picture.write_bytes(PNG)
    editor.get_by_label("Picture or document").set_input_files(str(picture))
    editor.get_by_role("button", name="Attach").click()
    expect(editor.get_by_text("Describe the picture for people who cannot see it.")).to_be_visible()
    editor.get_by_label("Picture or document").set_input_files(str(picture))
    editor.get_by_label("Description for people who cannot see it").fill("A school kitchen with two cooks.")
    editor.get_by_role("button", name="Attach").click()
    expect(editor.get_by_text("“kitchen.png” is attached.")).to_be_visible()
    looks_right(editor, axe, "en")
    keep_picture(editor, "experience-edit-en-desktop")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.get_by_text("Submitted.")).to_be_visible()
    made = Experience.objects.get(title=TITLE)
    assert made.status == ExperienceStatus.SUBMITTED

    secretariat = tabs_on(site)(viewport=DESKTOP)
    secretariat.context.add_cookies([secretariat_cookie(cast.secretariat, site)])
    read_in(secretariat, "en", "/me/")
    secretariat.get_by_role("link", name="Experiences to review").click()
    secretariat.get_by_role("link", name=TITLE).click()
    looks_right(secretariat, axe, "en")
    keep_picture(secretariat, "experience-review-en-desktop")
    secretariat.get_by_role("button", name="Publish").click()
    expect(secretariat.get_by_text("Published.")).to_be_visible()

    visitor = tabs_on(site)(viewport=PHONE)
    read_in(visitor, "en", kenya.get_absolute_url())
    visitor.locator("#xp-of-title").scroll_into_view_if_needed()
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.locator("h1")).to_have_text(TITLE)
    expect(visitor.get_by_role("img", name="A school kitchen with two cooks.")).to_be_visible()
    looks_right(visitor, axe, "en")
    keep_picture(visitor, "experience-en-phone")


def test_a_withdrawn_story_leaves_the_list_and_its_page_says_so(cast, tabs_on, site, axe):
    story = experience(
        by=cast.partner_editor,
        organisation=cast.alliance.free_the_slaves,
        title="Out of the brick kiln (example)",
        summary="How I left the kiln, told anonymously. (Example.)",
        lived_experience=True,
    )
    visitor = tabs_on(site)(viewport=DESKTOP)
    read_in(visitor, "en", "/experiences/")
    expect(visitor.get_by_role("link", name=story.title)).to_be_visible()
    expect(visitor.get_by_text("Told by a person with lived experience")).to_have_count(0)  # the list: no teller

    editor = tabs_on(site)(cast.partner_editor, viewport=DESKTOP)
    read_in(editor, "en", story.get_absolute_url())
    editor.get_by_role("link", name="Withdraw").click()
    looks_right(editor, axe, "en")
    editor.get_by_label("Why (kept for the record, never shown)").fill("The teller asked.")
    editor.get_by_role("button", name="Withdraw it").click()
    expect(editor.get_by_text("Withdrawn. It has left the public pages")).to_be_visible()

    read_in(visitor, "en", "/experiences/")
    expect(visitor.get_by_role("link", name=story.title)).to_have_count(0)
    response = visitor.goto(story.get_absolute_url())
    assert response.status == 410
    expect(visitor.locator("h1")).to_have_text("This experience was withdrawn")
    expect(visitor.get_by_text("Out of the brick kiln")).to_have_count(0)
    looks_right(visitor, axe, "en")


def test_the_pages_read_in_four_languages(cast, tabs_on, site, axe):
    shown = experience(
        by=cast.partner_editor,
        organisation=cast.alliance.free_the_slaves,
        countries=[cast.alliance.kenya],
        title="Comités de village : ce qui a marché (exemple)",
        summary="Des comités de village visitent les exploitations. (Exemple.)",
        language="fr",
    )
    shown.media.create(file=png("x.png"), original_name="x.png", alt_text="Un comité se réunit.")
    submitted = experience(by=cast.partner_editor, status=ExperienceStatus.SUBMITTED, lived_experience=True)
    draft = experience(
        by=cast.partner_editor, status=ExperienceStatus.DRAFT, organisation=cast.alliance.free_the_slaves
    )
    secretariat = tabs_on(site)(viewport=DESKTOP)
    secretariat.context.add_cookies([secretariat_cookie(cast.secretariat, site)])
    editor = tabs_on(site)(cast.partner_editor, viewport=PHONE)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visitor = tabs_on(site)(viewport=viewport)
        for language in LANGUAGES:
            for path, picture in (("/experiences/", "experiences"), (shown.get_absolute_url(), "experience")):
                read_in(visitor, language, path)
                looks_right(visitor, axe, language)
                keep_picture(visitor, f"{picture}-{language}-{name}")
    for language in LANGUAGES:
        read_in(secretariat, language, f"/experiences/{submitted.slug}/review/")
        looks_right(secretariat, axe, language)
        keep_picture(secretariat, f"experience-review-{language}-desktop")
        for path in ("/experiences/new/", f"/experiences/{draft.slug}/edit/", "/experiences/mine/"):
            read_in(editor, language, path)
            looks_right(editor, axe, language)
        keep_picture(editor, f"experience-edit-{language}-phone")
