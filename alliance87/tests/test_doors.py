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


# ---- Issue 17: indicator data, the ten-year stocktake, the profiles, the report --------------------------------

ISSUE_17_PAGES = {
    "stocktake:tenyears",
    "stocktake:report",
    "stocktake:profile",
    "indicators:index",
    "indicators:series",
    "indicators:downloads",
}


@pytest.fixture
def demo_with_indicators(demo):
    """The demo, with the indicator data `make run` loads (the series, the global estimates and the four
    national files, published) and the stocktake's stated counts."""
    call_command("load_indicator_data", verbosity=0)
    call_command("load_stocktake_facts", verbosity=0)


def test_a_crawl_from_home_reaches_the_stocktake_the_indicators_and_the_profiles(client, demo_with_indicators):
    reached, statuses, texts = crawl(client)
    missing = ISSUE_17_PAGES - set(reached)
    assert not missing, f"Not reachable from /: {sorted(missing)}"
    broken = {path: status for path, status in statuses.items() if status >= 400}
    assert not broken, f"Links from the public pages that fail: {broken}"
    leaks = {path: word for path, text in texts.items() for word in INTERNAL_WORDS if word in text}
    assert not leaks, f"Internal text on public pages: {leaks}"


def _consoles(client, user) -> dict[str, str]:
    """{title: what waits} of the consoles on ``user``'s /me/, each link opened (it must answer 200)."""
    _sign_in(client, user)
    html = client.get("/me/").content.decode()
    found = {}
    for item in re.findall(r'<li class="card console[^"]*">(.*?)</li>', html, re.S):
        link, title = re.search(r'<h3><a href="([^"]+)">([^<]+)</a></h3>', item).groups()
        waiting = re.search(r'<span class="count[^"]*">([^<]*)</span>', item)
        found[title.strip()] = waiting.group(1) if waiting else ""
        assert client.get(link).status_code == 200, f"{title}: {link}"
    return found


def test_me_leads_the_secretariat_to_indicator_data_and_the_report_and_a_focal_point_to_the_figures(
    client, cast, alliance, mailoutbox
):
    """The secretariat's "Indicator data" counts what waits (an import to confirm, a draft to show); "Ten-year
    report" is there; Kenya's focal point gets "Figures to comment: Kenya" once a notice to Kenya is open,
    and not before."""
    from alliance87.indicators import notices  # noqa: PLC0415
    from alliance87.indicators.models import Dataset, IndicatorImport, Observation, Series  # noqa: PLC0415

    series = Series.objects.create(code="SL_TLF_CHLDEC", kind="sdg", title="Child labour (example)")
    draft = Dataset.objects.create(title="Kenya (example)", country=alliance.kenya, source="Example", is_example=True)
    Observation.objects.create(
        dataset=draft, series=series, year=2019, area="404", country=alliance.kenya, value=8.5, value_text="8.5"
    )
    IndicatorImport.objects.create(file_name="waiting.csv", file_sha256="0" * 64, status="preview")

    assert "Figures to comment: Kenya" not in _consoles(client, cast.focal_point)
    client.logout()
    seen = _consoles(client, cast.secretariat)
    assert seen["Indicator data"].startswith("1 import to confirm; 1 draft to show to the countries"), seen
    assert "Ten-year report" in seen, seen
    client.logout()

    notices.open_notice(by=cast.secretariat, dataset=draft, countries=[alliance.kenya])
    seen = _consoles(client, cast.focal_point)
    assert seen.get("Figures to comment: Kenya") == "1 notice open for comment", seen
