"""The glossary, about, contact and privacy pages (issue 13, part 4): reachable from every page's footer,
in every language, facts only from the project's sources."""

import pytest

from alliance87.pages.glossary import TERM_IDS

pytestmark = pytest.mark.django_db
PAGES = ["/glossary/", "/about/", "/contact/", "/privacy/"]


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])
@pytest.mark.parametrize("path", PAGES)
def test_page_answers_in_every_language(client, path, prefix):
    response = client.get(prefix + path)
    assert response.status_code == 200
    assert f'lang="{prefix.strip("/") or "en"}"' in response.content.decode()


def test_footer_links_every_page(client, alliance):
    page = client.get("/partners/").content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    for path in PAGES:
        assert f'href="{path}"' in footer, path


def test_glossary_terms_have_ids_to_link(client):
    page = client.get("/glossary/").content.decode()
    for term in ["gcg", "pathfinder-country", "roadmap", "accountability-framework", "action-group", "sdg-target-8-7"]:
        assert term in TERM_IDS
        assert f'id="{term}"' in page and f'href="#{term}"' in page
    assert "Global Coordinating Group" in page and "(GCG)" in page


def test_privacy_says_what_the_artwork_and_sign_up_keep(client):
    from alliance87.artwork.models import PERSONAL_DATA_DAYS

    page = client.get("/privacy/").content.decode()
    assert f"{PERSONAL_DATA_DAYS} days" in page
    assert "first name" in page and "hash" in page
    assert "e-mail address" in page
    assert 'href="/me/data/"' in page


def test_contact_without_an_address_points_to_the_ilo(client, settings):
    settings.CONTACT_EMAIL = ""
    page = client.get("/contact/").content.decode()
    assert "mailto:" not in page
    assert "International Labour Organization" in page


def test_contact_with_a_configured_address(client, settings):
    settings.CONTACT_EMAIL = "secretariat@example.org"
    page = client.get("/contact/").content.decode()
    assert 'href="mailto:secretariat@example.org"' in page


def test_privacy_says_what_the_language_cookie_holds_and_for_how_long(client, settings):
    """The language cookie js/site.js and /language/en/ set: its name, what it holds, how long it stays."""
    page = client.get("/privacy/").content.decode()
    assert (
        f"<code>{settings.LANGUAGE_COOKIE_NAME}</code>" in page and settings.LANGUAGE_COOKIE_NAME == "django_language"
    )
    assert "remembered on your device for 365 days" in page
    assert "only the language’s code" in page
