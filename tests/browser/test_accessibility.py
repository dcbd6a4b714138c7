"""axe-core (WCAG 2.0/2.1, levels A and AA) finds no serious or critical problem on any page a visitor sees."""

import pytest

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}

PUBLIC_PAGES = [
    "/",
    "/partners/",
    "/partners/free-the-slaves/",
    "/people/",
    "/action-groups/",
    "/action-groups/agriculture/",
    "/pathfinders/",
    "/framework/",
    "/countries/ke/",
    "/accounts/login/",
]
# Arabic is right to left: the same pages mirrored (the directory, the Pathfinder table and a country page).
TRANSLATED_PAGES = ["/fr/", "/es/", "/ar/", "/fr/partners/", "/es/partners/", "/ar/partners/", "/ar/pathfinders/"]
TRANSLATED_PAGES += ["/ar/countries/ke/", "/ar/framework/", "/ar/accounts/login/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES + TRANSLATED_PAGES)
@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_public_page_passes_axe_at_viewport(visitor_page, axe, viewport, path):
    page = visitor_page(viewport)
    response = page.goto(path)
    assert response.status == 200
    axe(page)


def test_directory_live_results_and_empty_state_pass_axe(page, axe):
    page.goto("/partners/")
    # The directory's own field (the header has the site-wide search too).
    page.get_by_role("searchbox", name="Search", exact=True).press_sequentially("slaves")
    page.wait_for_url("**q=slaves**")
    axe(page)

    page.goto("/partners/?q=no-such-partner")
    assert page.get_by_text("No partner matches.").is_visible()
    axe(page)


def test_sign_in_error_and_editor_pages_pass_axe(page, axe, cast, password):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(cast.partner_editor.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_text("are not correct").wait_for()
    axe(page)

    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/me/")
    axe(page)

    page.get_by_role("link", name="Partner profile: Free the Slaves").click()
    page.wait_for_url("**/partners/free-the-slaves/edit/")
    axe(page)

    page.get_by_label("Website").fill("not a web address")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Please correct the fields marked below.").wait_for()
    axe(page)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_example_country_pages_pass_axe(open_page, axe, viewport):
    """The whole Pathfinder cycle as the example shows it: country page, framework, published report."""
    import datetime

    from alliance87.pathfinders.demo import load_example
    from alliance87.pathfinders.models import Report

    load_example(today=datetime.date(2026, 11, 24))
    report = Report.objects.filter(is_example=True).order_by("-cycle__year").first()
    page = open_page(viewport)
    for path in ("/countries/xe/", "/framework/?cycle=2025", f"/reports/{report.pk}/", "/pathfinders/"):
        response = page.goto(path)
        assert response.status == 200, path
        axe(page)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_side_event_programme_passes_axe(open_page, axe, viewport):
    from django.core.management import call_command

    from alliance87.events.models import Event

    call_command("load_side_event", verbosity=0)
    page = open_page(viewport)
    slug = Event.objects.get().slug
    for path in (f"/events/{slug}/", f"/fr/events/{slug}/", f"/ar/events/{slug}/"):
        response = page.goto(path)
        assert response.status == 200, path
        axe(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
