"""The artwork's pages as their users check them, in English, French and Spanish, on a desk and on a phone.

Every page (the phone page, the moderators' console, the safeguarding page, the blocklist, the wall, the
time-lapse, the launch) passes axe at both widths in the three languages, shows its words in the page's
language and does not overflow a phone's width; the phone's whole flow and the console's approve work
from the keyboard alone; what a screen reader hears (errors with their field, the cooldown said once) and
what a small screen shows (the wall's title, the launch's button, the freeze switch) hold.

The server is the project's ASGI application under uvicorn (``asgi_server.py``): HTTP and the artwork's
WebSockets, so the wall and the console are live as at the venue.
"""

import itertools
import re

import pytest
from asgi_server import asgi_server  # noqa: F401 -- the session fixture, used by name below
from playwright.sync_api import Page, expect

from alliance87.accounts.models import Role
from alliance87.artwork import services
from alliance87.artwork.models import Banner, BlockedTerm, Contribution
from alliance87.artwork.vocab import Status
from alliance87.events import services as events
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
TIMEOUT_MS = 15_000
# English through its language link: an address without a language opens in the one last read, and these
# tests read French and Spanish first (first_language.py).
PREFIX = {"en": "/language/en/?next=", "fr": "/fr", "es": "/es"}
NEWEST = "Dix ans d'action ensemble pour mettre fin au travail des enfants"  # 64 characters
_slugs = itertools.count(1)  # a new address per test: the live layer remembers banners by address


@pytest.fixture
def banner(transactional_db, alliance, settings):
    """A 24 × 8 banner of a published event with something in every list: marks and messages on the wall,
    messages waiting (one with a blocklist hit, one with a drawing), one held for safeguarding."""
    from datetime import UTC, datetime

    # The moderator and the focal point are signed in by their session, never by their password: hashing
    # it with PBKDF2 cost up to a second a test on a busy machine (as the `site` fixture does).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    event = events.event_create(
        by=None,
        title="Side event",
        time_zone="UTC",
        starts_at=datetime(2026, 2, 11, 15, 30, tzinfo=UTC),
        ends_at=datetime(2026, 2, 11, 17, 0, tzinfo=UTC),
    )
    banner = Banner.objects.create(
        title="10 Years of Alliance 8.7",
        slug=f"review-{next(_slugs)}",
        event=event,
        columns=24,
        rows=8,
        wall_delay_seconds=0,
    )
    banner.moderator = make_user("moderator@example.org", Role.MODERATOR, event)
    banner.safeguarding = make_user("safeguarding@example.org", Role.SAFEGUARDING_FOCAL_POINT)
    # The starter blocklist is a data migration, gone once a browser test has emptied the tables.
    for language, term in [("fr", "merde"), ("es", "mierda"), ("en", "shit")]:
        BlockedTerm.objects.get_or_create(language=language, term=term)
    phones = (f"phone-{n}" for n in itertools.count())
    for colour in ("#A21942", "#26BDE2", "#4C9F38"):
        services.contribute(banner=banner, device_token=next(phones), colour=colour)
    for message, name, country in [  # the last approved is the newest on the wall: the long one
        ("Diez años de alianza: ¡sigamos hasta 2030!", "Lucía", "MX"),
        (NEWEST, "Claire", "FR"),
    ]:
        placed = services.contribute(
            banner=banner,
            device_token=next(phones),
            colour="#FD6925",
            message=message,
            first_name=name,
            country=country,
        ).contribution
        services.moderate(contribution=placed, by=banner.moderator, status=Status.APPROVED)
    services.contribute(banner=banner, device_token=next(phones), colour="#26BDE2", message="Ten years together")
    services.contribute(banner=banner, device_token=next(phones), colour="#A21942", message="Quelle merde")
    services.contribute(
        banner=banner, device_token=next(phones), colour="#4C9F38", drawing=[[[0.1, 0.9], [0.5, 0.1], [0.9, 0.9]]]
    )
    services.contribute(banner=banner, device_token=next(phones), colour="#26BDE2", message="help me")
    return banner


@pytest.fixture
def tab(tabs_on, asgi_server):  # noqa: F811 -- the fixture imported above
    """`tab(user=None, viewport=DESKTOP, **options)`: a new context on the ASGI server, signed in as ``user``."""
    return tabs_on(asgi_server)


def lines_of(page: Page, selector: str) -> int:
    """How many lines the text of the first element matching ``selector`` takes on screen."""
    return page.eval_on_selector(
        selector,
        """(el) => { const range = document.createRange(); range.selectNodeContents(el);
          const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
          return new Set(rects.map((r) => Math.round(r.top))).size; }""",
    )


def focus_is_visible(page: Page) -> bool:
    """The focused element, or the label drawn for it (the colour chips hide their radio), has an outline."""
    return page.evaluate(
        """() => { const el = document.activeElement; if (!el || el === document.body) return false;
          const drawn = (e) => { if (!e) return false; const style = getComputedStyle(e);
            return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2; };
          if (getComputedStyle(el).opacity === '0') return drawn(el.labels && el.labels[0]);
          return drawn(el); }"""
    )


def tab_to(page: Page, predicate: str, limit: int = 60) -> int:
    """Press Tab until ``predicate`` (a JS expression on ``el``, the focused element) holds; the presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"):
            return presses
    pytest.fail(f"no element matching {predicate} within {limit} presses of Tab on {page.url}")


# --- Every page: axe, its language, a phone's width ------------------------------------------------------

# What each page says in each language: (who visits, the address after the language prefix, a CSS selector,
# the words it must show there). The words are written out, so an untranslated page fails.
PAGES = {
    "phone": (
        None,
        "/artwork/{slug}/",
        "[data-send]",
        {"en": "Send", "fr": "Envoyer", "es": "Enviar"},
    ),
    "console": (
        "moderator",
        "/artwork/{slug}/moderate/",
        ".aw-queue article button[value=approve]",
        {"en": "Approve", "fr": "Approuver", "es": "Aprobar"},
    ),
    "safeguarding": (
        "safeguarding",
        "/artwork/{slug}/safeguarding/",
        "h1",
        {
            "en": "Safeguarding: 10 Years of Alliance 8.7",
            "fr": "Protection : 10 Years of Alliance 8.7",
            "es": "Salvaguardia: 10 Years of Alliance 8.7",
        },
    ),
    "blocklist": (
        "moderator",
        "/artwork/blocklist/?banner={slug}",
        "h1",
        {
            "en": "Blocklist of “10 Years of Alliance 8.7”",
            "fr": "Liste de blocage de « 10 Years of Alliance 8.7 »",
            "es": "Lista de bloqueo de «10 Years of Alliance 8.7»",
        },
    ),
    "wall": (
        None,
        "/artwork/{slug}/wall/",
        "[data-field=status]",
        {"en": "Live", "fr": "En direct", "es": "En directo"},
    ),
    "replay": (
        None,
        "/artwork/{slug}/replay/",
        "[data-action=play]",
        {"en": "Play", "fr": "Lecture", "es": "Reproducir"},
    ),
    "launch": (
        None,
        "/artwork/{slug}/launch/",
        "[data-action=reveal]",
        {"en": "Reveal the banner", "fr": "Dévoiler la bannière", "es": "Descubrir la pancarta"},
    ),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_artwork_page_passes_axe_in_its_language_on_desktop_and_phone(banner, tab, axe, name):
    who, address, selector, words = PAGES[name]
    user = getattr(banner, who) if who else None
    # One tab per width, the three languages loaded in turn: the prefix of the address (English: its language
    # link) chooses the language, and a new context costs a few tenths of a second.
    for width, viewport in VIEWPORTS.items():
        page = tab(user, viewport)
        for language in ("en", "fr", "es"):
            page.goto(PREFIX[language] + address.format(slug=banner.slug))
            assert page.locator("html").get_attribute("lang") == language
            expect(page.locator(selector).first).to_contain_text(words[language])
            axe(page)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} in {language} at {width} width is {overflow} px wider than the screen"
        page.context.close()


# --- The phone page ----------------------------------------------------------------------------------


def test_phone_page_keyboard_only_picks_a_colour_and_a_cell_and_sends(banner, tab, axe):
    phone = tab(viewport=PHONE)
    phone.goto(f"/fr/artwork/{banner.slug}/")
    tab_to(phone, "el.name === 'colour'")
    assert focus_is_visible(phone), "the focused colour chip shows no focus ring"
    phone.keyboard.press("ArrowRight")  # the radio group: arrows choose the colour
    colour = phone.evaluate("document.activeElement.value")
    assert phone.evaluate("document.activeElement.checked")

    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.name") == "column" and focus_is_visible(phone)
    phone.keyboard.type("3")
    phone.keyboard.press("Tab")
    phone.keyboard.type("2")
    hint = phone.locator("[data-cell-hint]")
    expect(hint).to_have_text("Votre trace ira dans la colonne 3, ligne 2.")
    assert hint.get_attribute("aria-live") == "polite"  # a screen reader hears whether the cell is free

    tab_to(phone, "el.name === 'message'")
    phone.keyboard.type("Depuis le clavier")
    expect(phone.locator("[data-counter]")).to_have_text("17 caractères sur 80")

    tab_to(phone, "el.type === 'submit'")
    assert focus_is_visible(phone)
    phone.keyboard.press("Enter")

    status = phone.locator("[data-status]")
    expect(status.locator("[data-status-title]")).to_have_text("En attente d’un modérateur")
    expect(status.locator("[data-status-cell]")).to_have_text("Colonne 3, ligne 2")
    assert phone.evaluate("document.activeElement.id") == "sent"  # the answer is where the focus goes
    contribution = Contribution.objects.get(banner=banner, message="Depuis le clavier")
    assert (contribution.x, contribution.y, contribution.colour, contribution.status) == (2, 1, colour, Status.PENDING)

    # The cooldown: shown counting down, said once (a live region ticking every second would talk over everything).
    wait = phone.locator("[data-wait]")
    expect(wait).to_contain_text("Vous pourrez laisser une autre trace dans")
    assert wait.get_attribute("role") is None and wait.get_attribute("aria-live") is None
    expect(phone.locator("[data-wait-live]")).to_contain_text("Vous pourrez laisser une autre trace dans")
    expect(phone.get_by_role("button", name="Envoyer")).to_be_disabled()
    axe(phone)


def test_phone_page_after_a_reload_the_429_answer_says_the_seconds(banner, tab):
    phone = tab(viewport=PHONE)
    phone.goto(f"/es/artwork/{banner.slug}/")
    phone.get_by_label("Mensaje (opcional)").fill("Primera")
    phone.get_by_role("button", name="Enviar").click()
    expect(phone.locator("[data-status-title]")).to_have_text("A la espera de un moderador")
    phone.reload()  # the countdown is gone with the page; the server still counts
    phone.get_by_label("Mensaje (opcional)").fill("Segunda")
    phone.get_by_role("button", name="Enviar").click()
    expect(phone.locator("[data-wait]")).to_contain_text("¡Gracias! Podrá dejar otra huella dentro de")
    expect(phone.get_by_role("button", name="Enviar")).to_be_disabled()
    assert Contribution.objects.filter(banner=banner, message="Segunda").count() == 0


def test_phone_page_countdown_ends_in_the_singular_then_says_send_again(banner, tab):
    Banner.objects.filter(pk=banner.pk).update(cooldown_seconds=3)
    phone = tab(viewport=PHONE)
    phone.goto(f"/es/artwork/{banner.slug}/")
    phone.get_by_role("button", name="Enviar").click()
    expect(phone.locator("[data-status-title]")).to_have_text("Colocada")
    wait = phone.locator("[data-wait]")
    expect(wait).to_have_text("Podrá dejar otra huella dentro de 1 segundo.", timeout=5_000)
    expect(wait).to_have_text("Ya puede volver a enviar.", timeout=5_000)
    expect(phone.locator("[data-wait-live]")).to_have_text("Ya puede volver a enviar.")
    expect(phone.get_by_role("button", name="Enviar")).to_be_enabled()


def test_phone_page_errors_are_read_with_their_field_with_and_without_javascript(banner, tab):
    too_long = "x" * 85
    for javascript in (True, False):
        phone = tab(viewport=PHONE, java_script_enabled=javascript)
        phone.goto(f"/fr/artwork/{banner.slug}/")
        message = phone.get_by_label("Message (facultatif)")
        message.fill(too_long)
        phone.get_by_role("button", name="Envoyer").click()
        error = "Le message compte 85 caractères ; 80 au maximum sont possibles."
        expect(phone.locator("#id_message_errors")).to_have_text(error)
        expect(message).to_have_attribute("aria-invalid", "true")
        described = " ".join(
            phone.locator(f"#{ref}").inner_text() for ref in message.get_attribute("aria-describedby").split()
        )
        assert error in described, f"the error is not in the field's description (JavaScript {javascript})"
        if not javascript:  # the page came back at the form, its errors on screen
            assert phone.url.endswith("#aw-form")
            expect(phone.locator("#id_message_errors")).to_be_in_viewport()


def test_phone_page_without_javascript_the_429_answer_is_on_screen(banner, tab):
    phone = tab(viewport=PHONE, java_script_enabled=False)
    phone.goto(f"/fr/artwork/{banner.slug}/")
    phone.get_by_role("button", name="Envoyer").click()
    expect(phone.locator("[data-status-title]")).to_have_text("Placée")
    phone.get_by_role("button", name="Envoyer").click()
    alert = phone.get_by_role("alert")
    expect(alert).to_contain_text("Merci ! Vous pourrez laisser une autre trace dans")
    expect(alert).to_be_in_viewport()  # not below the fold, under a form the phone did not scroll to


def test_phone_page_drawing_counts_strokes_in_the_singular_and_the_plural(banner, tab):
    phone = tab(viewport=PHONE)
    phone.goto(f"/fr/artwork/{banner.slug}/")
    summary = phone.locator("[data-draw] summary")
    summary.focus()
    phone.keyboard.press("Enter")  # the optional parts open from the keyboard
    expect(phone.locator("[data-draw]")).to_have_attribute("open", "")
    marker = summary.evaluate("(el) => getComputedStyle(el, '::before').content")
    assert marker not in ("none", "normal"), "the summary shows nothing saying it opens"
    pad = phone.locator("[data-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    for offset in (20, 120):
        phone.mouse.move(box["x"] + 20, box["y"] + offset)
        phone.mouse.down()
        phone.mouse.move(box["x"] + 160, box["y"] + offset + 30, steps=6)
        phone.mouse.up()
        expect(phone.locator("[data-pad-count]")).to_have_text("1 trait" if offset == 20 else "2 traits")


# --- The moderators' console -------------------------------------------------------------------------


def test_console_approve_by_keyboard_then_the_next_card_has_the_focus(banner, tab, axe):
    console = tab(banner.moderator)
    console.goto(f"/fr/artwork/{banner.slug}/moderate/")
    first, second = Contribution.objects.filter(banner=banner, status=Status.PENDING).order_by("created_at", "pk")[:2]
    tab_to(console, "el.value === 'approve' && el.closest('.aw-queue')")
    assert console.evaluate("document.activeElement.id") == f"aw-queue-approve-{first.pk}"
    assert focus_is_visible(console)
    console.keyboard.press("Enter")
    expect(console.locator("#aw-live .message")).to_have_text(
        f"Approuvée : la case colonne {first.x + 1}, ligne {first.y + 1} est sur le mur."
    )
    first.refresh_from_db()
    assert first.status == Status.APPROVED
    # The focus is not lost on the page's top: it is on the card that took the approved one's place.
    expect(console.locator(f"#aw-queue-{second.pk}")).to_be_focused()
    console.keyboard.press("a")  # the shortcut, on the selected card
    expect(console.locator("#aw-live .message")).to_contain_text(f"colonne {second.x + 1}, ligne {second.y + 1}")
    second.refresh_from_db()
    assert second.status == Status.APPROVED
    axe(console)


def test_console_freeze_by_keyboard_and_links_to_every_page_of_the_banner(banner, tab):
    console = tab(banner.moderator)
    console.goto(f"/es/artwork/{banner.slug}/moderate/")
    pages = console.get_by_role("navigation", name="Páginas de esta pancarta")
    for name, address in [
        ("El muro", f"/es/artwork/{banner.slug}/wall/"),
        ("Cámara rápida", f"/es/artwork/{banner.slug}/replay/"),
        ("Lanzamiento", f"/es/artwork/{banner.slug}/launch/"),
        ("PDF", f"/es/artwork/{banner.slug}/banner.pdf"),
        ("PNG", f"/es/artwork/{banner.slug}/banner.png"),
    ]:
        expect(pages.get_by_role("link", name=name, exact=True)).to_have_attribute("href", address)
    expect(pages).to_contain_text("Archivo de impresión:")
    download = console.request.get(f"/es/artwork/{banner.slug}/banner.pdf")
    assert download.status == 200 and download.body()[:5] == b"%PDF-"

    tab_to(console, "el.id === 'aw-freeze-button'")
    console.keyboard.press("Space")
    expect(console.locator("#aw-freeze-state")).to_have_text(
        "El muro está congelado: no muestra nada nuevo hasta que lo descongele."
    )
    expect(console.locator("#aw-freeze-button")).to_have_text("Descongelar el muro")
    banner.refresh_from_db()
    assert banner.frozen


def boxes_overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and (b["y"] < a["y"] + a["height"])
    )


def test_console_freeze_switch_covers_no_card_on_a_phone(banner, tab):
    """Issue 13: floating in the screen's corner, "Freeze the wall" covered the "Reject" button of the card
    beneath it. It stays in its bar now: wherever the page is scrolled, no button of a card is under it."""
    console = tab(banner.moderator, PHONE)
    console.goto(f"/fr/artwork/{banner.slug}/moderate/")
    freeze = console.get_by_role("button", name="Geler le mur")
    expect(freeze).to_be_in_viewport()  # at the top of the console, in its bar
    buttons = console.locator("#aw-live .aw-card-actions button")
    assert buttons.count() >= 6
    for index in range(buttons.count()):
        button = buttons.nth(index)
        button.scroll_into_view_if_needed()
        freeze_box, button_box = freeze.bounding_box(), button.bounding_box()
        assert not boxes_overlap(freeze_box, button_box), (button.text_content(), freeze_box, button_box)
    reject = console.locator(".aw-queue article").first.get_by_role("button", name=re.compile("^Rejeter"))
    reject.click(trial=True)  # nothing lies over it: Playwright would refuse the click
    # Scrolled down, the switch is where the bar is, above: the queue's cards are not under it.
    console.locator(".aw-queue article").last.scroll_into_view_if_needed()
    box = freeze.bounding_box()
    assert (
        box["y"] + box["height"] <= 0
        or box["y"] >= PHONE["height"]
        or not boxes_overlap(box, console.locator(".aw-queue article").last.bounding_box())
    )


def test_console_erase_errors_are_shown_without_a_confirmation(banner, tab):
    console = tab(banner.moderator, PHONE)
    console.goto(f"/fr/artwork/{banner.slug}/moderate/")
    dialogs = []
    console.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    console.get_by_label("De la colonne").fill("500")
    console.get_by_role("button", name="Effacer la zone").click()
    field = console.get_by_label("De la colonne")
    expect(field).to_be_focused()  # the page came back: the cursor is at the first field to correct
    expect(field).to_be_in_viewport()
    error = "La bannière compte 24 colonnes ; choisissez un nombre de 1 à 24."
    expect(console.locator("#id_from_column_errors")).to_have_text(error)
    # Read with the field: Django names "<id>_error" in its aria-describedby.
    assert "id_from_column_error" in field.get_attribute("aria-describedby").split()
    expect(console.locator("#id_from_column_error")).to_have_text(error)
    assert dialogs == []  # nothing to confirm: nothing will be erased


# --- The venue screens on a phone ----------------------------------------------------------------------


def test_wall_on_a_phone_keeps_its_title_whole_and_its_address_unbroken(banner, tab):
    wall = tab(viewport=PHONE)
    wall.goto(f"/fr/artwork/{banner.slug}/wall/")
    expect(wall.locator("[data-field=status]")).to_have_text("En direct")
    assert lines_of(wall, ".aw-title") <= 2  # not one word a line beside the status
    for part in wall.locator(".aw-join-part").all():
        assert part.evaluate("(el) => el.getClientRects().length") == 1, part.inner_text()
    # Every message in full on a phone: the page scrolls there.
    newest = wall.locator(".aw-ticker-list li").first
    expect(newest.locator(".aw-message-text")).to_have_text(NEWEST)
    assert newest.locator(".aw-message-text").evaluate("(el) => el.scrollWidth <= el.clientWidth")


def test_wall_on_a_projector_shows_the_newest_message_in_full(banner, tab):
    wall = tab(viewport={"width": 1280, "height": 720})
    wall.goto(f"/es/artwork/{banner.slug}/wall/")
    expect(wall.locator("[data-field=status]")).to_have_text("En directo")
    text = wall.locator(".aw-ticker-list li").first.locator(".aw-message-text")
    expect(text).to_have_text(NEWEST)
    assert text.evaluate("(el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1")


def test_launch_on_a_phone_reveals_by_keyboard_its_button_clear_of_the_title(banner, tab):
    launch = tab(viewport=PHONE, reduced_motion="reduce")
    launch.goto(f"/fr/artwork/{banner.slug}/launch/")
    reveal = launch.get_by_role("button", name="Dévoiler la bannière")
    expect(reveal).to_be_focused()
    assert lines_of(launch, "[data-action=reveal]") <= 2
    corner = launch.locator("[data-fullscreen]")
    if corner.is_visible():
        title, button = launch.locator(".aw-launch-title").bounding_box(), corner.bounding_box()
        assert button["y"] + button["height"] <= title["y"], "the full-screen button sits on the title"
    launch.keyboard.press("Enter")
    expect(launch.locator("[data-artwork-screen]")).to_have_attribute("data-stage", "revealed")
    expect(launch.locator("[data-field=summary]")).to_have_text("5 traces · 2 pays")
