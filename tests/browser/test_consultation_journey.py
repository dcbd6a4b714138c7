"""Issue 15's whole journey in a real browser, step after step as the people doing it meet it.

The secretariat creates a consultation in English, French and Spanish with a question asking for a view
and a choice question, opens it and invites two organisations (no partner editor to e-mail: the links are
shown to pass on). Their people answer on a phone, one in French and one in Spanish, agreeing to be
quoted. A KoboToolbox export (``data/kobo_journey.csv``) is imported through its page. The synthesis runs
from the themes page, whose progress is followed until the themes show; a theme is renamed in three
languages and the review finished. A priority is drafted from the reviewed theme with its translations and
published, and its public page quotes the French answer in French. A second round is made from the
priority, opened, voted on from a phone with the keyboard alone, and its results page counts the votes.

Every page passed through runs axe; the consultation, themes, priority and round pages are read once more
in French, Spanish and Arabic. Screenshots of the themes page, the priority page and the voting page go to
$SCREENSHOTS when it is set (docs/screenshots/ keeps one of each).
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from keyboard import tab_to
from pictures import keep_picture
from playwright.sync_api import Locator, Page, expect
from reading import looks_right, read_in
from second_factor import secretariat_cookie

from alliance87.engagement import themes
from alliance87.engagement.models import Answer, Consultation, Priority, Response, Round, Theme, ThemeRun, Vote

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
KOBO_EXPORT = Path(__file__).resolve().parents[2] / "alliance87/engagement/tests/data/kobo_journey.csv"

TITLE = {"en": "Priorities after Durban", "fr": "Priorités après Durban", "es": "Prioridades después de Durban"}
QUESTION = {
    "en": "What should the Alliance do first?",
    "fr": "Que devrait faire l’Alliance en premier ?",
    "es": "¿Qué debería hacer primero la Alianza?",
}
AREA = {"en": "Which area matters most?", "fr": "Quel domaine compte le plus ?", "es": "¿Qué área importa más?"}
CHOICES = (
    {"en": "Labour inspection", "fr": "Inspection du travail", "es": "Inspección del trabajo"},
    {"en": "Birth registration", "fr": "Enregistrement des naissances", "es": "Registro de nacimientos"},
)
FRENCH_WORDS = "Recruter des inspecteurs du travail et leur donner un budget pour visiter les fermes et les usines."
SPANISH_WORDS = "Más inspectores de trabajo, con vehículos y presupuesto para llegar a las fincas y los talleres."
THEME = {"en": "Labour inspection", "fr": "Inspection du travail", "es": "Inspección del trabajo"}
PRIORITY = {
    "en": "Fund labour inspection",
    "fr": "Financer l’inspection du travail",
    "es": "Financiar la inspección del trabajo",
}
STATEMENTS = ("Every child is registered at birth, free of charge.", "Labour inspectors visit every farm once a year.")


def _looks_right(tab: Page, axe, language: str = "en") -> None:
    expect(tab.locator("html")).to_have_attribute("lang", language)
    looks_right(tab, axe, language)


def _fill_translations(tab: Page | Locator, field: str, texts: dict) -> None:
    """Each of the ``field``'s per-language inputs (named ``<prefix->field__fr``) filled with its text."""
    for code in ("fr", "es"):
        tab.locator(f"[name$='{field}__{code}']").fill(texts[code])


# --- The steps ------------------------------------------------------------------------------------------


def create_consultation(tab: Page, axe) -> Consultation:
    tab.goto("/me/")
    tab.get_by_role("main").get_by_role("link", name="Consultations", exact=True).click()
    _looks_right(tab, axe)
    tab.get_by_role("link", name="New consultation").click()
    _looks_right(tab, axe)
    tab.get_by_label("Title (English)").fill(TITLE["en"])
    tab.get_by_label("Description (English)").fill("What the Alliance should do first, in your words.")
    tab.get_by_text("Title and description in French, Spanish and Arabic").click()
    _fill_translations(tab, "title", TITLE)
    for code in ("en", "fr", "es"):
        expect(tab.locator(f"input[name=languages][value={code}]")).to_be_checked()
    tab.get_by_role("button", name="Create the draft").click()
    expect(tab.get_by_text("Consultation created as a draft. Now add its questions.")).to_be_visible()
    consultation = Consultation.objects.get()
    assert consultation.languages == ["en", "fr", "es"]

    # The text question asking for a view, then the choice question and its two choices.
    tab.locator("#id_add-kind").select_option("text")
    tab.locator("#id_add-label").fill(QUESTION["en"])
    _fill_translations(tab, "label", QUESTION)
    tab.get_by_label("Asks for a view").check()
    tab.get_by_role("button", name="Add the question").click()
    expect(tab.get_by_text("Question added.")).to_be_visible()
    expect(tab.locator(".cx-questions li")).to_have_count(1)
    tab.get_by_text("Add a question").click()
    tab.locator("#id_add-kind").select_option("single")
    tab.locator("#id_add-label").fill(AREA["en"])
    _fill_translations(tab, "label", AREA)
    tab.get_by_role("button", name="Add the question").click()
    expect(tab.get_by_text("Question added.")).to_be_visible()
    _looks_right(tab, axe)
    for choice in CHOICES:
        adder = tab.locator("form[action$='/choices/add/']")
        adder.get_by_label("Choice (English)").fill(choice["en"])
        _fill_translations(adder, "label", choice)
        adder.get_by_role("button", name="Add the choice").click()
        expect(tab.get_by_text("Choice saved.")).to_be_visible()
    tab.get_by_role("link", name=TITLE["en"]).first.click()
    questions = tab.locator(".cx-questions li")
    expect(questions).to_have_count(2)
    # The names KoboToolbox's export uses for its columns.
    expect(questions.nth(0)).to_contain_text("what_should_the_alliance_do_first")
    expect(questions.nth(1)).to_contain_text("which_area_matters_most")
    expect(questions.nth(1)).to_contain_text("2 choices")

    tab.get_by_role("link", name="Open for answers…").click()
    _looks_right(tab, axe)
    tab.get_by_role("button", name="Open for answers").click()
    expect(tab.get_by_text("The consultation is open.")).to_be_visible()
    return consultation


def invite_two_organisations(tab: Page, axe, organisations) -> list[str]:
    tab.get_by_role("link", name="Invite…").click()
    _looks_right(tab, axe)
    tab.get_by_label("Organisations").select_option(label=[o.name for o in organisations])
    tab.get_by_role("button", name="Send the invitations").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Links to pass on")
    _looks_right(tab, axe)
    links = tab.locator(".cx-links code")
    expect(links).to_have_count(2)
    found = links.all_inner_texts()
    assert all(link.startswith(("http://", "https://")) for link in found), found  # a whole address to pass on
    tab.get_by_role("link", name="Back to the consultation").click()
    rows = tab.locator("#invitations-title ~ .table-wrap tbody tr")
    expect(rows).to_have_count(2)
    for organisation in organisations:
        expect(rows.filter(has_text=organisation.name)).to_contain_text("not opened")
    return found


def answer_on_a_phone(phone: Page, axe, link: str, language: str, words: str) -> None:
    phone.goto(urlsplit(link).path)  # the site's own address in the link; the live server's port here
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE["en"])
    phone.locator(".cx-languages").get_by_role("link", name={"fr": "français", "es": "español"}[language]).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE[language])
    _looks_right(phone, axe, language)
    phone.get_by_role("textbox", name=QUESTION[language]).fill(words)
    phone.get_by_label(CHOICES[0][language]).check()
    phone.locator("#consent_quote").check()
    phone.locator("button[name=action][value=submit]").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text({"fr": "Merci", "es": "Gracias"}[language])
    _looks_right(phone, axe, language)
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def import_kobo_export(tab: Page, axe, consultation: Consultation) -> None:
    tab.get_by_role("link", name="Import answers from KoboToolbox").click()
    _looks_right(tab, axe)
    tab.locator("input[type=file]").set_input_files(str(KOBO_EXPORT))
    tab.locator("form[data-import-form] button[type=submit]").click()
    tab.wait_for_url(f"**/consultations/manage/{consultation.slug}/import-report/")
    counts = tab.locator("dl.cx-counts dd")
    expect(counts.nth(0)).to_have_text("11")  # imported
    expect(counts.nth(1)).to_have_text("0")  # already there
    _looks_right(tab, axe)
    tab.goto(f"/consultations/manage/{consultation.slug}/")
    expect(tab.get_by_text("13 answers submitted")).to_be_visible()


def find_and_review_themes(tab: Page, axe, consultation: Consultation, started: list[int]) -> Theme:
    tab.get_by_role("link", name="Find themes in the answers").click()
    _looks_right(tab, axe)
    tab.locator("#id_themes_asked").fill("2")
    tab.locator("#find-title ~ form button[type=submit]").click()
    # The run is queued: its page shows the progress and polls it.
    expect(tab.locator("progress#run-progress")).to_be_visible()
    expect(tab.get_by_role("status").first).to_be_visible()
    _looks_right(tab, axe)
    [run_id] = started
    themes.execute_run(run_id=run_id)  # what the server's thread does (see the fixture `runs_started`)
    # The poll brings the themes in, in place of the progress.
    expect(tab.locator("#themes-title")).to_be_visible()
    expect(tab.locator("progress#run-progress")).to_have_count(0)
    expect(tab.locator("article.th-theme")).to_have_count(2)
    _looks_right(tab, axe)
    run = ThemeRun.objects.get(pk=run_id)
    assert run.status == "done", run.status
    inspection = Theme.objects.filter(run=run, assignments__answer__in=_invitees_answers()).distinct().get()
    assert inspection.answer_count == 7  # five imported, two typed
    keep_picture(tab, "consultation-themes")

    tab.locator(f"a[href$='/{run.pk}/{inspection.pk}/']").first.click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(inspection.label)
    _looks_right(tab, axe)
    tab.get_by_text("Rename", exact=True).click()
    tab.get_by_label("Label (English)").fill(THEME["en"])
    _fill_translations(tab, "label", THEME)
    tab.get_by_role("button", name="Save the names").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(THEME["en"])
    tab.get_by_role("link", name=TITLE["en"]).first.click()
    tab.get_by_role("link", name="Themes", exact=True).click()
    expect(tab.locator("article.th-theme").filter(has_text=THEME["en"])).to_have_count(1)
    tab.get_by_role("button", name="Finish the review").click()
    expect(tab.get_by_text("Review finished on")).to_be_visible()
    _looks_right(tab, axe)
    inspection.refresh_from_db()
    return inspection


def _invitees_answers():
    return Answer.objects.filter(response__invitation__isnull=False, question__kind="text")


def publish_priority(tab: Page, axe, consultation: Consultation, theme: Theme) -> Priority:
    tab.goto("/me/")
    tab.get_by_role("main").get_by_role("link", name="Thematic priorities", exact=True).click()
    _looks_right(tab, axe)
    tab.get_by_role("link", name="New priority").click()
    _looks_right(tab, axe)
    tab.get_by_label("Title (English)").fill(PRIORITY["en"])
    _fill_translations(tab, "title", PRIORITY)
    tab.get_by_role("button", name="Create the draft").click()
    expect(tab.get_by_text("Priority created as a draft.")).to_be_visible()
    tab.get_by_label(f"{THEME['en']} — {TITLE['en']}").check()
    tab.get_by_role("button", name="Save the evidence").click()
    expect(tab.get_by_text("Evidence saved.")).to_be_visible()
    expect(tab.locator("#pr-problems")).to_have_count(0)
    _looks_right(tab, axe)
    tab.get_by_role("link", name="Publish…").click()
    _looks_right(tab, axe)
    tab.get_by_role("button", name="Publish", exact=True).click()
    expect(tab.get_by_text("Published.")).to_be_visible()
    priority = Priority.objects.get()
    read_in(tab, "en", priority.get_absolute_url())
    expect(tab.get_by_role("heading", level=1)).to_have_text(PRIORITY["en"])
    expect(tab.locator('blockquote[lang="fr"]')).to_have_text(FRENCH_WORDS)
    keep_picture(tab, "priority")
    return priority


def read_the_priority(visitor: Page, axe, priority: Priority) -> None:
    visitor.goto("/fr/priorities/")
    visitor.get_by_role("link", name=PRIORITY["fr"]).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(PRIORITY["fr"])
    expect(visitor.locator('blockquote[lang="fr"]')).to_have_text(FRENCH_WORDS)
    expect(visitor.locator('blockquote[lang="es"]')).to_have_text(SPANISH_WORDS)
    _looks_right(visitor, axe, "fr")
    # Imported answers were not asked the consent question: never quoted.
    expect(visitor.get_by_text("Hire more labour inspectors")).to_have_count(0)


def make_and_open_a_round(tab: Page, axe, consultation: Consultation) -> Round:
    tab.goto("/me/")
    tab.get_by_role("main").get_by_role("link", name="Second rounds", exact=True).click()
    _looks_right(tab, axe)
    tab.get_by_role("link", name="New round").click()
    _looks_right(tab, axe)
    tab.get_by_label("Title (English)").fill("Durban priorities: your vote")
    tab.get_by_label("The consultation it follows").select_option(label=TITLE["en"])
    tab.get_by_label(PRIORITY["en"]).check()
    tab.get_by_label("Other statements, one a line (English)").fill("\n".join(STATEMENTS))
    tab.get_by_role("button", name="Create the draft").click()
    expect(tab.get_by_text("Round created as a draft. Check its statements, then open it.")).to_be_visible()
    expect(tab.get_by_text(PRIORITY["en"]).first).to_be_visible()
    _looks_right(tab, axe)
    tab.get_by_role("button", name="Open for votes").click()
    expect(tab.locator("main .tag").first).to_have_text("Open")
    return Round.objects.get()


def vote_by_keyboard(phone: Page, axe, round_: Round) -> None:
    """In Arabic, right to left, with the statements in the languages they have (English and French)."""
    phone.goto(f"/ar/rounds/{round_.slug}/")
    _looks_right(phone, axe, "ar")
    tab_to(phone, phone.locator(".rd-join button[type=submit]"))
    phone.keyboard.press("Enter")
    expect(phone.locator(".rd-progress")).to_contain_text("1")
    _looks_right(phone, axe, "ar")
    keep_picture(phone, "second-round-phone-ar")
    buttons = {PRIORITY["en"]: ".rd-agree", STATEMENTS[0]: ".rd-pass", STATEMENTS[1]: ".rd-disagree"}
    for n in range(1, 4):
        if n > 1:  # htmx swapped the card in: the focus is on its statement, the next Tab reaches a vote
            expect(phone.locator("#rd-statement")).to_be_focused()
        tab_to(phone, phone.locator(buttons[phone.locator("#rd-statement").inner_text()]))
        phone.keyboard.press("Enter")
        if n < 3:
            expect(phone.locator(".rd-progress")).to_contain_text(str(n + 1))
    expect(phone.locator("[data-rd-focus]")).to_be_focused()
    assert dict(Vote.objects.values_list("statement__text", "value")) == {
        PRIORITY["en"]: 1,
        STATEMENTS[0]: 0,
        STATEMENTS[1]: -1,
    }


def read_the_results(tab: Page, axe, round_: Round) -> None:
    tab.goto(f"/rounds/manage/{round_.slug}/")
    tab.get_by_role("link", name="Results").click()
    _looks_right(tab, axe)
    rows = tab.locator(".rd-row")
    expect(rows).to_have_count(3)
    for text, agree, disagree in ((PRIORITY["en"], "100%", "0%"), (STATEMENTS[1], "0%", "100%")):
        everyone = rows.filter(has_text=text).get_by_role("row", name="Everyone")
        expect(everyone).to_contain_text("1 vote")
        expect(everyone.locator("td").nth(1)).to_have_text(agree)
        expect(everyone.locator("td").nth(2)).to_have_text(disagree)


def read_in_other_languages(tab: Page, axe, consultation, run, priority, round_) -> None:
    for language in ("fr", "es", "ar"):
        read_in(tab, language, f"/consultations/{consultation.slug}/")
        title = TITLE.get(language, TITLE["en"])
        expect(tab.get_by_role("heading", level=1)).to_have_text(title)
        _looks_right(tab, axe, language)
        read_in(tab, language, f"/consultations/manage/{consultation.slug}/themes/{run.pk}/")
        expect(tab.get_by_role("heading", level=1)).to_contain_text(title)
        expect(tab.locator("article.th-theme").first).to_be_visible()
        _looks_right(tab, axe, language)
        read_in(tab, language, f"/priorities/{priority.slug}/")
        expect(tab.get_by_role("heading", level=1)).to_have_text(PRIORITY.get(language, PRIORITY["en"]))
        _looks_right(tab, axe, language)
        read_in(tab, language, f"/rounds/{round_.slug}/")
        _looks_right(tab, axe, language)
        read_in(tab, language, f"/rounds/{round_.slug}/results/")
        _looks_right(tab, axe, language)


# --- The journey ----------------------------------------------------------------------------------------


@pytest.fixture
def runs_started(monkeypatch) -> list[int]:
    """The theme runs the pages start, left queued for the test to run.

    A server runs each in a thread of its own; the tests' in-memory database is seen by one connection
    only, where ``themes.start_run`` would do the run before answering, and the progress would never show.
    Here the run is queued as on a server, and the test plays the thread (``themes.execute_run``) once the
    page shows the progress."""
    started: list[int] = []
    monkeypatch.setattr(themes, "_in_background", lambda: True)
    monkeypatch.setattr(themes, "_start_thread", lambda run_id, encoder: started.append(run_id))
    return started


def test_the_secretariat_runs_a_consultation_from_questions_to_a_second_round(
    cast, alliance, tabs_on, site, axe, runs_started
):
    open_tab = tabs_on(site)
    secretariat = open_tab(viewport=DESKTOP)
    secretariat.context.add_cookies([secretariat_cookie(cast.secretariat, site)])

    consultation = create_consultation(secretariat, axe)
    links = invite_two_organisations(secretariat, axe, [alliance.fao, alliance.ilo])
    for link, language, words in zip(links, ("fr", "es"), (FRENCH_WORDS, SPANISH_WORDS), strict=True):
        answer_on_a_phone(open_tab(viewport=PHONE), axe, link, language, words)
    assert sorted(Response.objects.values_list("language", "consent_quote")) == [("es", True), ("fr", True)]
    secretariat.reload()
    invited = secretariat.locator("#invitations-title ~ .table-wrap tbody tr")
    expect(invited.filter(has_text="submitted")).to_have_count(2)
    expect(secretariat.get_by_text("2 answers submitted")).to_be_visible()

    secretariat.goto(f"/consultations/manage/{consultation.slug}/")
    import_kobo_export(secretariat, axe, consultation)
    theme = find_and_review_themes(secretariat, axe, consultation, runs_started)
    priority = publish_priority(secretariat, axe, consultation, theme)
    visitor = open_tab(viewport=PHONE)
    read_the_priority(visitor, axe, priority)

    round_ = make_and_open_a_round(secretariat, axe, consultation)
    voter = open_tab(viewport=PHONE)
    vote_by_keyboard(voter, axe, round_)
    read_the_results(secretariat, axe, round_)
    read_in_other_languages(secretariat, axe, consultation, theme.run, priority, round_)
