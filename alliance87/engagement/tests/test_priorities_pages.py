"""The thematic priorities' pages: the public list and evidence trail (what a reader sees, in which language),
drafts hidden from the public, the secretariat's console from creating to publishing, /me/, the API."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from alliance87.accounts.services import api_token_create
from alliance87.engagement import priorities
from alliance87.engagement.models import OutcomeArea, Priority

from .making import answer_first_question, make_consultation, make_theme

FR = {"title": "Financer l’inspection du travail", "summary": "Des inspecteurs partout."}
ES = {"title": "Financiar la inspección del trabajo", "summary": "Inspectores en cada distrito."}


@pytest.fixture
def consultation(cast):
    return make_consultation(cast.secretariat)


@pytest.fixture
def theme(cast, consultation):
    by = cast.secretariat
    answers = [
        answer_first_question(consultation, by, text="Fund labour inspection in every district"),
        answer_first_question(consultation, by, text="Financer l’inspection du travail", language="fr"),
        answer_first_question(consultation, by, text="Inspectors need cars", consent_quote=False),
    ]
    return make_theme(by, consultation, label="Labour inspection", answers=answers)


def _priority(by, theme=None, *, title="Fund labour inspection", publish=True, n=0):
    priority = priorities.priority_create(
        by=by, title=title, summary="Inspectors in every district.", translations={"fr": FR, "es": ES}, position=n
    )
    areas = [OutcomeArea.objects.get(document__slug="durban-call-to-action", number=3)]
    priorities.priority_set_evidence(by=by, priority=priority, themes=[theme] if theme else [], outcome_areas=areas)
    if publish:
        priorities.publish_priority(by=by, priority=priority)
    return priority


def test_the_public_list_shows_published_priorities_in_the_readers_language(client, cast, theme):
    _priority(cast.secretariat, theme)
    _priority(cast.secretariat, title="A draft", publish=False)
    page = client.get("/fr/priorities/").content.decode()
    assert "Financer l’inspection du travail" in page and "Des inspecteurs partout." in page
    assert "A draft" not in page
    assert 'href="/fr/priorities/fund-labour-inspection/"' in page


def test_the_evidence_trail_shows_themes_counts_quotes_and_outcome_areas(client, cast, theme, consultation):
    priority = _priority(cast.secretariat, theme)
    page = client.get(priority.get_absolute_url()).content.decode()
    assert "Labour inspection" in page
    assert "3 answers" in page and "30% of the 10 answers read" in page
    assert '<blockquote lang="en">Fund labour inspection in every district</blockquote>' in page
    assert '<blockquote lang="fr">Financer l’inspection du travail</blockquote>' in page
    assert "Inspectors need cars" not in page  # no consent to be quoted
    assert "Durban Call to Action" in page
    assert "3. Prevent and eliminate, and protect survivors" in page
    assert f'href="{reverse("engagement:consultation", args=[consultation.slug])}"' in page


def test_in_arabic_the_outcome_area_reads_in_arabic_and_the_untranslated_title_is_marked(client, cast, theme):
    priority = _priority(cast.secretariat, theme)
    page = client.get(f"/ar/priorities/{priority.slug}/").content.decode()
    assert "المنع والقضاء، وحماية الناجين" in page
    assert '<h1><span lang="en">Fund labour inspection</span></h1>' in page


def test_a_draft_is_a_404_to_the_public_and_a_preview_to_the_secretariat(secretariat_client, cast, theme):
    priority = _priority(cast.secretariat, theme, publish=False)
    visitor = Client()
    assert visitor.get(priority.get_absolute_url()).status_code == 404
    visitor.force_login(cast.partner_editor)
    assert visitor.get(priority.get_absolute_url()).status_code == 404
    page = secretariat_client.get(priority.get_absolute_url())
    assert page.status_code == 200 and "Only the secretariat sees this page" in page.content.decode()


def test_a_withdrawn_priority_leaves_the_list_and_its_page_says_so(client, cast, theme):
    priority = _priority(cast.secretariat, theme)
    priorities.withdraw_priority(by=cast.secretariat, priority=priority)
    assert "Fund labour inspection" not in client.get("/priorities/").content.decode()
    page = client.get(priority.get_absolute_url()).content.decode()
    assert "The secretariat has withdrawn this priority." in page


@pytest.mark.parametrize("rows", [1, 3])
def test_the_list_reads_in_a_fixed_number_of_queries(client, cast, theme, rows, django_assert_num_queries):
    for n in range(rows):
        _priority(cast.secretariat, theme, title=f"Priority {n}", n=n)
    with django_assert_num_queries(3):  # the priorities, their themes, their areas
        page = client.get("/priorities/")
    assert page.content.decode().count('class="card pr-card"') == rows


@pytest.mark.parametrize("quotes", [1, 3])
def test_the_evidence_reads_in_a_fixed_number_of_queries(client, cast, consultation, quotes, django_assert_num_queries):
    answers = [answer_first_question(consultation, cast.secretariat, text=f"Answer {n}") for n in range(quotes)]
    theme = make_theme(cast.secretariat, consultation, label="Inspection", answers=answers)
    priority = _priority(cast.secretariat, theme)
    # The priority, its themes, the quotable answers, the areas; the commitments serving it and the experiences
    # about it (one each, however many).
    with django_assert_num_queries(6):
        page = client.get(priority.get_absolute_url())
    assert page.content.decode().count("<blockquote") == quotes


@pytest.mark.parametrize("who", ["outsider", "partner_editor", "reviewer", "safeguarding"])
def test_the_console_is_the_secretariats(client, cast, theme, who):
    priority = _priority(cast.secretariat, theme, publish=False)
    client.force_login(getattr(cast, who))
    assert client.get(reverse("engagement:priorities_console")).status_code == 403
    assert client.get(reverse("engagement:priority_manage", args=[priority.slug])).status_code == 403
    assert client.post(reverse("engagement:priority_publish", args=[priority.slug])).status_code == 403
    assert client.get(reverse("engagement:outcomes")).status_code == 403
    assert Priority.objects.get().status == "draft"


def test_the_secretariat_creates_attaches_and_publishes_from_the_console(secretariat_client, cast, theme):
    page = secretariat_client.post(
        reverse("engagement:priority_new"),
        {"title": "Fund labour inspection", "title__fr": FR["title"], "title__es": ES["title"]},
    )
    priority = Priority.objects.get()
    assert page.status_code == 302 and priority.status == "draft"
    asked = secretariat_client.get(reverse("engagement:priority_publish", args=[priority.slug])).content.decode()
    assert "It has no evidence: attach at least one reviewed theme" in asked
    manage = secretariat_client.get(reverse("engagement:priority_manage", args=[priority.slug])).content.decode()
    assert "Labour inspection — Priorities after Durban (3)" in manage
    secretariat_client.post(
        reverse("engagement:priority_evidence", args=[priority.slug]),
        {"themes": [theme.pk], "outcome_areas": [OutcomeArea.objects.get(number=2).pk]},
    )
    assert list(priority.themes.all()) == [theme]
    done = secretariat_client.post(reverse("engagement:priority_publish", args=[priority.slug]))
    assert done.status_code == 302 and done.url == priority.get_absolute_url()
    assert Priority.objects.get().status == "published"


def test_publishing_refused_from_the_console_names_every_reason(secretariat_client, cast, theme):
    priority = priorities.priority_create(by=cast.secretariat, title="Inspection", summary="Inspectors.")
    priorities.priority_set_evidence(by=cast.secretariat, priority=priority, themes=[theme], outcome_areas=[])
    page = secretariat_client.post(reverse("engagement:priority_publish", args=[priority.slug]))
    assert page.status_code == 400
    html = page.content.decode()
    assert html.count("translation, and “Priorities after Durban” was held in") == 4
    assert Priority.objects.get().status == "draft"


def test_the_secretariat_adds_an_area_to_the_marrakech_framework(secretariat_client):
    url = reverse("engagement:outcome_area_add", args=["marrakech-framework-for-action"])
    page = secretariat_client.post(url, {"new-title": "Enforcement of C138 and C182", "new-title__fr": "Application"})
    assert page.status_code == 302
    area = OutcomeArea.objects.get(document__slug="marrakech-framework-for-action")
    assert (area.number, area.title, area.translations) == (
        1,
        "Enforcement of C138 and C182",
        {"fr": {"title": "Application"}},
    )


def test_me_shows_the_priorities_console_with_the_drafts_waiting(secretariat_client, cast, theme):
    _priority(cast.secretariat, theme, publish=False)
    page = secretariat_client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("engagement:priorities_console") in page
    assert "1 draft priority waiting to be published" in page


def test_the_api_lists_published_priorities_and_drafts_only_for_the_secretariat(client, cast, theme):
    _priority(cast.secretariat, theme)
    _priority(cast.secretariat, title="A draft", publish=False)
    [item] = client.get("/api/priorities").json()
    assert item["slug"] == "fund-labour-inspection"
    assert item["translations"]["fr"] == FR
    assert (item["theme_count"], item["answer_count"]) == (1, 3)
    assert item["outcome_areas"][0]["document"] == "durban-call-to-action"
    assert item["outcome_areas"][0]["translations"]["fr"]["title"].startswith("Prévenir et éliminer")
    assert client.get("/api/priorities/a-draft").status_code == 404
    _user, token = api_token_create(user=cast.secretariat, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert {p["slug"] for p in client.get("/api/priorities", **auth).json()} == {"fund-labour-inspection", "a-draft"}
    detail = client.get("/api/priorities/fund-labour-inspection").json()
    assert detail["themes"][0]["quotes"] == [
        {"text": "Fund labour inspection in every district", "language": "en", "translation": None},
        {"text": "Financer l’inspection du travail", "language": "fr", "translation": None},
    ]
    _user, other = api_token_create(user=cast.partner_editor, name="test")
    assert client.get("/api/priorities/a-draft", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 404


def test_the_doors_to_the_priorities(secretariat_client, consultation):
    public = Client().get(reverse("engagement:consultation", args=[consultation.slug])).content.decode()
    assert f'href="{reverse("engagement:priorities")}"' in public
    console = secretariat_client.get(reverse("engagement:console")).content.decode()
    assert f'href="{reverse("engagement:priorities_console")}"' in console


def test_a_crawl_from_home_reaches_the_priorities_and_a_published_ones_page(cast, theme, consultation):
    from alliance87.tests.test_doors import crawl  # noqa: PLC0415 -- the platform's crawl, as its doors test uses it

    priority = _priority(cast.secretariat, theme)
    _priority(cast.secretariat, title="A draft", publish=False)
    reached, statuses, _texts = crawl(Client())
    assert "engagement:priorities" in reached
    with translation.override("en"):  # the crawl's last page may have been read in another language
        assert priority.get_absolute_url() in reached.get("engagement:priority", set())
    assert not any("a-draft" in path for path in statuses)
    broken = {path: status for path, status in statuses.items() if status >= 400}
    assert not broken, broken
