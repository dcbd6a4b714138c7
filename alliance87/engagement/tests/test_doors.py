"""The consultations' doors: the public index at /consultations/, linked from the home page, and a crawl
from ``/`` that reaches a public consultation's page by links only."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alliance87.engagement import selectors, services
from alliance87.tests.test_doors import crawl

from .making import make_consultation


def _titled(by, title, **fields):
    consultation = make_consultation(by, **fields)
    services.consultation_update(by=by, consultation=consultation, title=title)
    return consultation


@pytest.fixture
def three(cast):
    """An anonymous one open now, one by invitation open now, one closed; and a draft nobody sees."""
    by = cast.secretariat
    anonymous = _titled(by, "Open to all", anonymous=True)
    invited = _titled(by, "Partners only")
    closed = _titled(by, "Asked last year")
    services.consultation_close(by=by, consultation=closed)
    _titled(by, "Still a draft", open_it=False)
    return anonymous, invited, closed


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_the_index_lists_open_and_closed_consultations_never_drafts(client, three):
    anonymous, invited, closed = three
    html = client.get(reverse("engagement:consultations")).content.decode()
    opened, ended = _section(html, "cx-open"), _section(html, "cx-closed")
    assert re.findall(r"<h3><a [^>]*>([^<]+)</a>", opened) == ["Open to all", "Partners only"]
    assert re.findall(r"<h3><a [^>]*>([^<]+)</a>", ended) == ["Asked last year"]
    assert "Still a draft" not in html
    assert f'href="{reverse("engagement:consultation", args=[closed.slug])}"' in ended


def test_the_index_offers_answer_only_where_anyone_may_answer(client, three):
    anonymous, invited, closed = three
    html = client.get(reverse("engagement:consultations")).content.decode()
    cards = {
        title: card
        for card in html.split('<li class="card cx-index-item">')[1:]
        for title in [re.search(r"<h3><a [^>]*>([^<]+)</a>", card).group(1)]
    }
    assert f'action="{reverse("engagement:start", args=[anonymous.slug])}"' in cards["Open to all"]
    assert ">Answer<" in cards["Open to all"]
    assert "start/" not in cards["Partners only"]
    assert "Answers are by invitation: use the link in the e-mail you received." in cards["Partners only"]
    assert "start/" not in cards["Asked last year"] and "by invitation" not in cards["Asked last year"]


def test_the_answer_button_starts_an_anonymous_draft(client, three):
    anonymous, _invited, _closed = three
    response = client.post(reverse("engagement:start", args=[anonymous.slug]))
    assert response.status_code == 302 and "/answer/" in response["Location"]


def test_a_consultation_announced_for_later_is_opening_soon(client, cast):
    later = _titled(cast.secretariat, "Next month", open_it=False)
    services.consultation_update(
        by=cast.secretariat, consultation=later, opens_at=timezone.now() + datetime.timedelta(days=3)
    )
    services.consultation_open(by=cast.secretariat, consultation=later)
    html = client.get(reverse("engagement:consultations")).content.decode()
    assert "Next month" in _section(html, "cx-coming")
    assert "No consultation is open for answers now." in _section(html, "cx-open")


def test_the_index_reads_in_the_readers_language(client, cast):
    make_consultation(cast.secretariat, anonymous=True)  # its title in English, French and Spanish
    html = client.get("/fr/consultations/").content.decode()
    card = html.split('<li class="card cx-index-item">', 1)[1]
    assert ">Priorités après Durban</a></h3>" in card
    assert "Ouverte aux réponses" in card and ">Enquête<" in card
    assert '<span lang="fr">français</span>' in card


def test_the_index_says_when_nothing_is_published(client, db):
    html = client.get(reverse("engagement:consultations")).content.decode()
    assert "No consultation is published yet." in html


@pytest.mark.parametrize("rows", [1, 3])
def test_the_index_reads_in_a_fixed_number_of_queries(client, cast, rows, django_assert_num_queries):
    for n in range(rows):
        _titled(cast.secretariat, f"Consultation {n}", anonymous=True)
    client.get("/")  # the session and the language settle outside the count
    with django_assert_num_queries(1):
        assert len(selectors.public_consultations()) == rows
    page = client.get(reverse("engagement:consultations"))
    assert page.content.decode().count('<li class="card cx-index-item">') == rows


def test_the_home_page_links_the_consultations(client, alliance):
    html = client.get("/").content.decode()
    block = html.split('id="consultations-title"', 1)[1].split("</section>", 1)[0]
    assert f'href="{reverse("engagement:consultations")}"' in block
    assert f'href="{reverse("engagement:priorities")}"' in block


def test_a_crawl_from_home_reaches_a_public_consultations_page(client, three):
    anonymous, _invited, closed = three
    reached, statuses, _texts = crawl(client)
    assert "engagement:consultations" in reached
    pages = reached.get("engagement:consultation", set())
    with translation.override("en"):  # the crawl's last page may have been read in another language
        public = {reverse("engagement:consultation", args=[c.slug]) for c in (anonymous, closed)}
    assert public & pages
    broken = {path: status for path, status in statuses.items() if status >= 400}
    assert not broken, broken


def test_site_search_finds_a_public_consultation_in_any_of_its_languages(client, cast):
    from alliance87.search.engine import matching_ids  # noqa: PLC0415 -- the search app's reading side
    from alliance87.search.models import Kind  # noqa: PLC0415

    opened = make_consultation(cast.secretariat, anonymous=True)
    draft = make_consultation(cast.secretariat, open_it=False)
    found = set(matching_ids("Prioridades Durban", Kind.CONSULTATION).values_list("object_id", flat=True))
    assert opened.pk in found and draft.pk not in found
    html = client.get("/fr/search/?q=priorites+apres+durban").content.decode()
    group = html.split('id="results-consultation"', 1)[1].split("</section>", 1)[0]
    assert f'href="/fr/consultations/{opened.slug}/"' in group and ">Priorités après Durban</a>" in group
    assert draft.slug not in html
