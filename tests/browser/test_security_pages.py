"""The pages issue 12 added or changed, in a real browser: axe finds nothing serious at a phone's and a
desktop's width, in English and French, and two steps with lasting effect work with the keyboard alone
(deleting one's account, withdrawing a mark from the phone).

One tab per person (the viewport changes in place) keeps the run short: a new browser context costs up
to a second on a loaded machine. ``SECURITY_PAGES_SCREENSHOTS=/tmp/review`` keeps a picture of each page.
"""

import datetime
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from keyboard import is_focused, tab_to
from pictures import keep_picture
from playwright.sync_api import Locator, Page, expect
from second_factor import secretariat_cookie

import alliance87
from alliance87.accounts.models import Role, User
from alliance87.accounts.services import api_token_create
from alliance87.artwork import services as artwork
from alliance87.artwork.device import DEVICE_COOKIE
from alliance87.artwork.models import Banner, BlockedTerm, Contribution
from alliance87.artwork.vocab import Language, Status
from alliance87.events import services as events
from alliance87.network.models import Person
from alliance87.pathfinders.demo import load_example
from alliance87.pathfinders.models import Assessment, Criterion
from alliance87.pathfinders.services.framework import assessment_judge
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

SEED = Path(alliance87.__file__).parent / "data" / "seed" / "concept-note-alliance87-side-event.txt"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PICTURES = "SECURITY_PAGES_SCREENSHOTS"
SCREENSHOTS = os.environ.get(PICTURES)
PHONE_TOKEN = "phone-of-the-review"
# English and French are checked on every run; Spanish too when pictures are kept for a review.
LANGUAGES = ["en", "fr", "es"] if SCREENSHOTS else ["en", "fr"]


@pytest.fixture
def scene(site, cast):
    """Everyone whose pages issue 12 changed, and something on each page to look at."""
    person = cast.outsider
    api_token_create(user=person, name="Reporting script")
    secretariat = cast.secretariat
    api_token_create(user=secretariat, name="Stocktake export")

    event = events.concept_note_import(text=SEED.read_text(encoding="utf-8"), by=None)
    organiser = make_user("organiser@events.example.org", Role.EVENT_ORGANISER, event, name="Event organiser")
    # Someone in the network outside the organiser's events: found by the exact-name search only.
    someone = Person.objects.create(name="Amina Diallo", title="Labour inspector", organisation=cast.alliance.ilo)

    banner = Banner.objects.create(
        title="10 Years of Alliance 8.7", slug="ten-years", event=event, columns=24, rows=8, wall_delay_seconds=0
    )
    moderator = make_user("moderator@example.org", Role.MODERATOR, event)
    BlockedTerm.objects.create(banner=None, language=Language.EN, term="shared term")
    artwork.blocklist_add(by=moderator, language=Language.FR, term="mot interdit", banner=banner)
    waiting = artwork.contribute(
        banner=banner, device_token="phone-a", colour="#26BDE2", message="Ten years together", x=0, y=0
    ).contribution
    artwork.mute_device(contribution=waiting, by=moderator)
    artwork.contribute(banner=banner, device_token="phone-b", colour="#A21942", message="Dix ans", x=1, y=0)
    held = artwork.contribute(
        banner=banner, device_token="phone-c", colour="#A21942", message="help me please", x=2, y=0
    )
    artwork.withdraw(banner=banner, contribution_id=held.contribution.pk, device_token="phone-c")
    mark = artwork.contribute(banner=banner, device_token=PHONE_TOKEN, colour="#26BDE2", x=3, y=0).contribution

    load_example(today=datetime.date(2026, 11, 24))
    assessment = Assessment.objects.get(country__code="XE", cycle__year=2025)
    assessment_judge(
        assessment=assessment,
        criterion=Criterion.objects.get(code="AF5", version=assessment.version),
        by=cast.reviewer,
        judgement="not_met",
        evidence="No ratification found.",
    )
    return SimpleNamespace(
        person=person,
        secretariat=secretariat,
        organiser=organiser,
        moderator=moderator,
        safeguarding=cast.safeguarding,
        reviewer=cast.reviewer,
        event=event,
        someone=someone,
        banner=banner,
        mark=mark,
    )


@pytest.fixture
def tab_of(tabs_on, site, scene):
    """`tab_of(who)`: one tab per person for the test ("visitor", "phone", or one of the scene's users)."""
    tabs = {}
    open_tab = tabs_on(site)

    def _tab(who: str) -> Page:
        if who not in tabs:
            if who == "secretariat":
                tab = open_tab()
                tab.context.add_cookies([secretariat_cookie(scene.secretariat, site)])
            elif who == "phone":
                tab = open_tab()
                tab.context.add_cookies([{"name": DEVICE_COOKIE, "value": PHONE_TOKEN, "url": site}])
            elif who == "visitor":
                tab = open_tab()
            else:
                tab = open_tab(getattr(scene, who))
            tabs[who] = tab
        return tabs[who]

    return _tab


def pages(scene) -> list[tuple[str, str, str]]:
    """(name, who, address without the language prefix) of every page issue 12 added or changed."""
    slug = scene.banner.slug
    return [
        ("dashboard", "person", "/me/"),
        ("my-data", "person", "/me/data/"),
        ("delete", "person", "/me/delete/"),
        ("tokens", "secretariat", "/me/tokens/"),
        ("refused-text", "visitor", "/partners/?q=%00"),
        ("signup-sent", "visitor", "/accounts/confirm-email/"),
        ("deleted", "visitor", "/me/deleted/"),
        ("phone-sent", "phone", f"/artwork/{slug}/?sent={scene.mark.pk}"),
        ("withdraw", "phone", f"/artwork/{slug}/withdraw/{scene.mark.pk}/"),
        ("blocklist-banner", "moderator", f"/artwork/blocklist/?banner={slug}"),
        ("blocklist-shared", "secretariat", "/artwork/blocklist/"),
        ("console", "moderator", f"/artwork/{slug}/moderate/"),
        ("safeguarding", "safeguarding", f"/artwork/{slug}/safeguarding/"),
        ("people", "organiser", f"/events/manage/{scene.event.slug}/people/?find={scene.someone.name}"),
        ("people-none", "organiser", f"/events/manage/{scene.event.slug}/people/?find=Nobody+Known"),
        ("assessment-reviewer", "reviewer", "/framework/xe/2025/"),
        ("assessment-secretariat", "secretariat", "/framework/xe/2025/"),
    ]


def described_by(field: Locator) -> str:
    """What a screen reader reads after the field's name: the text of the elements its aria-describedby names."""
    return field.evaluate(
        "(el) => (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)"
        ".map((id) => document.getElementById(id)?.textContent.trim() ?? `#${id} missing`).join(' | ')"
    )


def boxes(tab: Page, selector: str) -> list[dict]:
    return [tab.locator(selector).nth(n).bounding_box() for n in range(tab.locator(selector).count())]


def check_facts_beside_on_a_desktop_stacked_on_a_phone(tab: Page, viewport: dict, axe) -> str:
    label, value = boxes(tab, ".facts dt")[0], boxes(tab, ".facts dd")[0]
    if viewport is DESKTOP:
        return "" if abs(label["y"] - value["y"]) < 2 and value["x"] > label["x"] + label["width"] else "not beside"
    return "" if value["y"] >= label["y"] + label["height"] - 1 and value["x"] == label["x"] else "not stacked"


def check_shared_list_has_its_heading(tab: Page, viewport: dict, axe) -> str:
    heading = tab.locator(".aw-lists[data-list=shared]").evaluate(
        "(el) => document.getElementById(el.getAttribute('aria-labelledby'))?.tagName"
    )
    return "" if heading == "H2" else f"the shared lists are labelled by {heading}"


def check_mute_buttons_are_described(tab: Page, viewport: dict, axe) -> str:
    texts = [described_by(button) for button in tab.locator("button[value=mute], button[value=unmute]").all()]
    return "" if texts and all(text and "missing" not in text for text in texts) else f"mute buttons read {texts}"


def check_withdrawn_marks_say_when(tab: Page, viewport: dict, axe) -> str:
    section = tab.locator("section[aria-labelledby=aw-withdrawn-title]")
    cards, times = section.locator(".aw-card").count(), section.locator("li > p.small").count()
    return "" if cards == times == 1 else f"{cards} withdrawn cards, {times} with when they were sent"


def check_publish_buttons_apart(tab: Page, viewport: dict, axe) -> str:
    publish, discard = boxes(tab, ".publish-box .actions :is(button, a.button)")
    apart = publish["x"] + publish["width"] < discard["x"] or publish["y"] + publish["height"] < discard["y"]
    return "" if apart else f"the buttons touch: {publish}, {discard}"


def check_refused_judgement_is_read_with_its_field(tab: Page, viewport: dict, axe) -> str:
    if viewport is PHONE:
        return ""
    # AF6 is the reviewer's to judge: a judgement without the evidence or a comment is refused.
    criterion = tab.locator("#criterion-AF6")
    criterion.get_by_role("combobox").select_option("not_met")
    criterion.locator("textarea").first.fill("")
    criterion.get_by_role("button").click()
    evidence = tab.locator("#criterion-AF6 textarea").first
    expect(evidence).to_have_attribute("aria-invalid", "true")
    text = described_by(evidence)
    axe(tab)  # the page with the refusal, too
    return "" if "missing" not in text and text.count(" | ") == 1 else f"the evidence field reads {text!r}"


# Language-neutral checks of what the review fixed, after axe, at both widths.
CHECKS = {
    "my-data": check_facts_beside_on_a_desktop_stacked_on_a_phone,
    "blocklist-shared": check_shared_list_has_its_heading,
    "console": check_mute_buttons_are_described,
    "safeguarding": check_withdrawn_marks_say_when,
    "assessment-secretariat": check_publish_buttons_apart,
    "assessment-reviewer": check_refused_judgement_is_read_with_its_field,
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_security_pages_pass_axe_on_a_phone_and_a_desktop(scene, tab_of, axe, language):
    prefix = "" if language == "en" else f"/{language}"
    failures = []
    for name, who, address in pages(scene):
        tab = tab_of(who)
        for viewport in (PHONE, DESKTOP):
            tab.set_viewport_size(viewport)
            tab.goto(prefix + address)
            keep_picture(tab, f"{name}-{language}-{viewport['width']}", folder_variable=PICTURES)
            where = f"{name} at {viewport['width']} px"
            # Nothing wider than the screen: a wide table scrolls in its own box, the page never sideways.
            width = tab.evaluate("() => document.documentElement.scrollWidth")
            if width > viewport["width"]:
                failures.append(f"{where}: the page is {width} px wide")
            try:
                axe(tab)
                if name in CHECKS and (problem := CHECKS[name](tab, viewport, axe)):
                    failures.append(f"{where}: {problem}")
            except pytest.fail.Exception as failure:
                failures.append(f"{where}: {failure}")
    assert not failures, "\n".join(failures)


def test_delete_my_account_with_the_keyboard_only(scene, tab_of, password, axe):
    tab = tab_of("person")
    tab.goto("/me/delete/")
    field = tab.get_by_label("Your password")
    assert described_by(field) == "To confirm that it is you."
    # A wrong password first: the account stays, and the field is read with the reason.
    tab_to(tab, field)
    tab.keyboard.type("not my password")
    tab.keyboard.press("Enter")
    expect(tab.locator(".errorlist")).to_have_text("This is not your password. Your account is not deleted.")
    assert described_by(field) == "To confirm that it is you. | This is not your password. Your account is not deleted."
    axe(tab)
    keep_picture(tab, "delete-wrong-password-en-1280", folder_variable=PICTURES)
    assert User.objects.filter(pk=scene.person.pk).exists()

    tab_to(tab, field)
    tab.keyboard.type(password)
    tab.keyboard.press("Tab")
    assert is_focused(tab.get_by_role("button", name="Delete my account for good"))
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/me/deleted/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    assert not User.objects.filter(pk=scene.person.pk).exists()
    tab.goto("/me/")
    assert "/accounts/login/" in tab.url  # signed out


def test_withdraw_a_mark_from_the_phone_with_the_keyboard_only(scene, tab_of):
    phone = tab_of("phone")
    phone.set_viewport_size(PHONE)
    phone.goto(f"/artwork/{scene.banner.slug}/?sent={scene.mark.pk}#sent")
    expect(phone.locator("[data-status-title]")).to_have_text("Placed")
    tab_to(phone, phone.get_by_role("link", name="Withdraw my mark"))
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"**/withdraw/{scene.mark.pk}/")
    tab_to(phone, phone.get_by_role("button", name="Withdraw my mark"))
    assert Contribution.objects.get(pk=scene.mark.pk).status == Status.APPROVED  # asking is not doing
    phone.keyboard.press("Enter")
    expect(phone.locator("[data-status-title]")).to_have_text("Withdrawn")
    expect(phone.get_by_role("link", name="Withdraw my mark")).to_be_hidden()
    keep_picture(phone, "phone-withdrawn-en-390", folder_variable=PICTURES)
    assert Contribution.objects.get(pk=scene.mark.pk).status == Status.WITHDRAWN
