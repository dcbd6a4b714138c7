"""Every room has a door: a crawl from ``/`` reaches every public page, and every console a role gives
is linked from that person's ``/me/`` and opens for them. Both run on the demo data `make run` loads."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import get_language_from_path

from alliance87.accounts.management.commands.create_demo_users import DEMO_USERS
from alliance87.accounts.models import Role, User

# Public pages a visitor must be able to reach by following links from the home page (URL names).
PUBLIC_PAGES = {
    "network:home",
    "network:directory",
    "network:organisation",
    "network:people",
    "network:action_groups",
    "network:action_group",
    "pathfinders:pathfinders",
    "pathfinders:country",
    "pathfinders:framework",
    "commitments:registry",
    "events:index",
    "events:programme",
    "artwork:contribute",
    "search:search",
    "pages:glossary",
    "pages:about",
    "pages:contact",
    "pages:privacy",
}
PER_NAME = 3  # pages visited per URL name: the shape of the site, not each of 400 partners
FILES = re.compile(r"\.(pdf|csv|xlsx|ics|json|xml|svg|png|docx)$")
INTERNAL_WORDS = ("docs/domain.md", "to be replaced by the official text", "TODO", "lorem ipsum")


@pytest.fixture
def demo(alliance, settings):
    settings.DEMO = True
    for command in ("load_pathfinder_demo", "load_side_event", "load_conference_banner", "create_demo_users"):
        call_command(command, verbosity=0)


def _links(html: str) -> list[str]:
    """Links, and the addresses of search forms (a GET form is a door too)."""
    links = re.findall(r'<a\b[^>]*\bhref="([^"#][^"]*)"', html)
    for form in re.findall(r"<form\b[^>]*>", html):
        action = re.search(r'\baction="([^"]+)"', form)
        if action and not re.search(r'\bmethod="post"', form, re.I):
            links.append(action.group(1))
    return links


def crawl(client, start: str = "/") -> tuple[dict[str, set[str]], dict[str, int], dict[str, str]]:
    """Pages reached per URL name, the status of each visited page, and the page's text."""
    reached: dict[str, set[str]] = {}
    statuses: dict[str, int] = {}
    texts: dict[str, str] = {}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        if path in statuses:
            continue
        language = get_language_from_path(path) or "en"
        try:
            with translation.override(language):  # the /fr/ prefix resolves only in French
                match = resolve(urlsplit(path).path)
        except Resolver404:
            statuses[path] = 404
            continue
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        if len(reached.setdefault(name, set())) >= PER_NAME and path not in reached[name]:
            continue
        reached[name].add(path)
        response = client.get(path)
        statuses[path] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        texts[path] = html
        for link in _links(html):
            href = urldefrag(link)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or FILES.search(parts.path):
                continue
            if parts.path.startswith(("/admin/", "/api/", "/accounts/", "/static/")):
                continue
            queue.append(href)
    return reached, statuses, texts


def test_a_crawl_from_home_reaches_every_public_page(client, demo):
    reached, statuses, texts = crawl(client)
    missing = PUBLIC_PAGES - set(reached)
    assert not missing, f"Not reachable from /: {sorted(missing)}"
    broken = {path: status for path, status in statuses.items() if status >= 400}
    assert not broken, f"Links from the public pages that fail: {broken}"
    leaks = {path: word for path, text in texts.items() for word in INTERNAL_WORDS if word in text}
    assert not leaks, f"Internal text on public pages: {leaks}"


def test_the_crawl_reaches_pages_in_french_and_spanish(client, demo):
    for language in ("fr", "es"):
        reached, _statuses, _texts = crawl(client, f"/{language}/")
        assert "events:programme" in reached and "artwork:contribute" in reached, language


def _sign_in(client, user):
    client.force_login(user)
    if user.has_role(Role.SECRETARIAT):
        from allauth.account.internal.flows.login import record_authentication  # noqa: PLC0415
        from django.test import RequestFactory  # noqa: PLC0415

        request = RequestFactory().get("/")
        request.session = client.session
        record_authentication(request, user, "mfa", type="totp")
        request.session.save()


@pytest.mark.parametrize("role", list(DEMO_USERS), ids=str)
def test_every_console_on_me_opens_for_its_role(client, demo, role):
    user = User.objects.get(email=DEMO_USERS[role][0])
    _sign_in(client, user)
    page = client.get("/me/")
    assert page.status_code == 200
    block = page.content.decode().split('class="cards consoles"', 1)
    assert len(block) == 2, f"{role}: /me/ lists no console"
    links = re.findall(r'<h3><a href="([^"]+)"', block[1].split("</ul>", 1)[0])
    assert links, f"{role}: no console link"
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, f"{role}: {link} answers {response.status_code}"
