"""The exchange's pages: the public list and its filters, an experience's page (404 for a draft, 410 once
withdrawn), the sharing and review pages (403 for the wrong person), pictures of people only with consent, the
sections on the pages an experience is about (queries flat), and the teller's name on every surface."""

import pytest
from django.urls import reverse

from alliance87.exchange import services
from alliance87.exchange.models import ExperienceStatus
from alliance87.testing import make_user

from .making import experience, png


def _html(response) -> str:
    return response.content.decode()


@pytest.fixture
def published(cast, priority):
    return experience(
        by=cast.partner_editor,
        organisation=cast.alliance.free_the_slaves,
        action_group=cast.alliance.agriculture,
        countries=[cast.alliance.kenya],
        priorities=[priority],
    )


def test_the_list_shows_published_experiences_only(client, cast, published):
    experience(title="Still a draft (example)", status=ExperienceStatus.DRAFT)
    experience(title="Taken back (example)", status=ExperienceStatus.WITHDRAWN)
    html = _html(client.get(reverse("exchange:experiences")))
    assert published.title in html
    assert "Still a draft" not in html and "Taken back" not in html


def test_the_list_filters_by_country_group_priority_kind_and_words(client, cast, published, priority):
    other = experience(title="Apprenticeships for older children (example)", summary="Workshops. (Example.)")
    url = reverse("exchange:experiences")
    for query in (
        {"country": "ke"},
        {"group": "agriculture"},
        {"priority": priority.slug},
        {"kind": "practice", "q": "cocoa"},
    ):
        html = _html(client.get(url, query))
        assert published.title in html and other.title not in html, query
    html = _html(client.get(url, {"kind": "story"}))
    assert "No published experience matches these filters." in html
    assert client.get(url, {"q": "x" * 300}).status_code == 200  # cut to the limit, never an error page
    assert client.get(url, {"q": "a\x00b"}).status_code == 400


def test_an_experiences_page_links_what_it_is_about(client, cast, published, priority):
    html = _html(client.get(published.get_absolute_url()))
    assert f'href="{cast.alliance.kenya.get_absolute_url()}"' in html
    assert f'href="{priority.get_absolute_url()}"' in html
    assert f'href="{cast.alliance.free_the_slaves.get_absolute_url()}"' in html
    assert f'href="{cast.alliance.agriculture.get_absolute_url()}"' in html


def test_text_is_marked_with_the_language_it_was_written_in(client, cast):
    french = experience(title="Comités de village (exemple)", language="fr")
    assert 'lang="fr" dir="ltr"' in _html(client.get(french.get_absolute_url()))
    assert 'lang="fr"' not in _html(client.get("/fr" + french.get_absolute_url())).split("<main", 1)[1]
    arabic = experience(title="لجان القرى (مثال)", language="ar")
    assert 'lang="ar" dir="rtl"' in _html(client.get(arabic.get_absolute_url()))


def test_a_draft_is_a_404_to_the_public_and_a_preview_to_its_sharer(client, cast):
    draft = experience(by=cast.partner_editor, status=ExperienceStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(cast.focal_point)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(cast.partner_editor)
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200 and "Only the people who shared it and the secretariat see this page" in _html(page)


def test_a_withdrawn_experience_answers_410_with_a_kind_sentence_and_no_title(client, cast):
    story = experience(title="My way out (example)", lived_experience=True, status=ExperienceStatus.WITHDRAWN)
    page = client.get(story.get_absolute_url())
    assert page.status_code == 410
    assert "A story belongs to the person who told it" in _html(page) and "My way out" not in _html(page)


def test_withdrawal_leaves_the_cached_page_at_once(client, cast, published):
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(published.get_absolute_url()).status_code == 200  # now from the cache
    services.experience_withdraw(by=cast.partner_editor, experience=published)
    assert client.get(published.get_absolute_url()).status_code == 410
    assert published.title not in _html(client.get(reverse("exchange:experiences")))


def test_the_wrong_person_gets_403_on_the_sharing_and_review_pages(client, cast, published):
    draft = experience(
        by=cast.partner_editor, status=ExperienceStatus.DRAFT, organisation=cast.alliance.free_the_slaves
    )
    client.force_login(cast.outsider)
    assert client.get(reverse("exchange:new")).status_code == 403
    assert client.get(reverse("exchange:review_queue")).status_code == 403
    assert client.get(reverse("exchange:edit", args=[draft.slug])).status_code == 404  # may not even see it
    colleague = make_user("colleague@freetheslaves.example.org", "partner_editor", cast.alliance.free_the_slaves)
    client.force_login(colleague)
    assert client.get(reverse("exchange:edit", args=[draft.slug])).status_code == 200  # same organisation
    client.force_login(cast.partner_editor)
    assert client.get(reverse("exchange:edit", args=[published.slug])).status_code == 403  # published: not now
    assert client.get(reverse("exchange:review", args=[published.slug])).status_code == 403
    assert client.get(reverse("exchange:edit", args=["no-such-thing"])).status_code == 404


def test_sharing_in_the_browser_without_javascript(client, cast, django_capture_on_commit_callbacks):
    cast.secretariat  # noqa: B018 -- told of the submission
    client.force_login(cast.partner_editor)
    page = client.post(
        reverse("exchange:new"),
        {
            "title": "School meals keep children in class (example)",
            "kind": "practice",
            "summary": "Meals at school. (Example.)",
            "what_was_done": "",
            "language": "en",
            "organisation": cast.alliance.free_the_slaves.pk,
            "countries": [cast.alliance.kenya.pk],
        },
    )
    assert page.status_code == 302
    made = cast.alliance.free_the_slaves.experiences.get()
    edit = _html(client.get(page["Location"]))
    assert "Say what was done: it is what others can copy." in edit  # why it cannot be submitted yet
    refused = client.post(reverse("exchange:media_add", args=[made.slug]), {"file": png()})
    assert refused.status_code == 400
    assert "Describe the picture for people who cannot see it." in _html(refused)
    client.post(reverse("exchange:media_add", args=[made.slug]), {"file": png(), "alt_text": "Pupils eat lunch."})
    data = {
        "title": made.title,
        "kind": "practice",
        "summary": made.summary,
        "what_was_done": "Cooks hired. (Example.)",
        "language": "en",
        "organisation": cast.alliance.free_the_slaves.pk,
        "countries": [cast.alliance.kenya.pk],
    }
    assert client.post(reverse("exchange:edit", args=[made.slug]), data).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("exchange:submit", args=[made.slug])).status_code == 302
    made.refresh_from_db()
    assert made.status == ExperienceStatus.SUBMITTED


def test_a_picture_of_people_is_shown_only_with_their_consent(client, cast, published):
    services_media = published.media
    consent = services_media.create(
        file=png("a.png"), original_name="a.png", alt_text="A committee.", shows_people=False
    )
    people = services_media.create(file=png("b.png"), original_name="b.png", alt_text="Children.", shows_people=True)
    html = _html(client.get(published.get_absolute_url()))
    assert reverse("exchange:media", args=[published.slug, consent.pk]) in html
    assert reverse("exchange:media", args=[published.slug, people.pk]) not in html and "Children." not in html
    assert client.get(reverse("exchange:media", args=[published.slug, consent.pk])).status_code == 200
    assert client.get(reverse("exchange:media", args=[published.slug, people.pk])).status_code == 404
    client.force_login(cast.partner_editor)  # its sharer sees it, marked
    html = _html(client.get(published.get_absolute_url()))
    assert "Not shown publicly: the consent of the people shown is not recorded." in html


def test_the_review_page_warns_about_identifying_details(client, secretariat_client, cast):
    story = experience(by=cast.partner_editor, lived_experience=True, status=ExperienceStatus.SUBMITTED)
    story.media.create(file=png(), original_name="p.png", alt_text="Her hands.", shows_people=True)
    html = _html(secretariat_client.get(reverse("exchange:review", args=[story.slug])))
    assert "read it for identifying details" in html
    assert "Anonymous: no name will be shown." in html
    assert "1 picture shows people whose consent is not recorded: it will not be shown." in html
    page = secretariat_client.post(reverse("exchange:review", args=[story.slug]), {"action": "return", "comment": ""})
    assert page.status_code == 400 and "Say what should change, so the person who shared it knows." in _html(page)
    page = secretariat_client.post(reverse("exchange:review", args=[story.slug]), {"action": "publish"})
    assert page.status_code == 302
    story.refresh_from_db()
    assert story.status == ExperienceStatus.PUBLISHED


def test_share_your_journey_from_an_update(client, cast, priority):
    from alliance87.commitments.models import ProgressUpdate
    from alliance87.commitments.tests.making import commitment

    made = commitment(lead=cast.alliance.free_the_slaves, priorities=[priority])
    update = ProgressUpdate.objects.create(
        commitment=made, progress="on_track", text="Our journey so far. (Example.)", share_as_story=True
    )
    url = reverse("exchange:from_update", args=[update.pk])
    assert f'action="{url}"' not in _html(client.get(made.get_absolute_url()))  # the public sees no button
    client.force_login(cast.focal_point)
    assert f'action="{url}"' not in _html(client.get(made.get_absolute_url()))
    assert client.get(url).status_code == 403
    client.force_login(cast.partner_editor)
    assert f'action="{url}"' in _html(client.get(made.get_absolute_url()))  # on the commitment's history
    assert "Make the draft story" in _html(client.get(url))
    page = client.post(url)
    story = update.stories.get()
    assert page.status_code == 302 and page["Location"] == reverse("exchange:edit", args=[story.slug])


# --- The sections on the pages an experience is about ------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 3])
def test_the_sections_read_in_a_fixed_number_of_queries(client, cast, priority, rows, django_assert_max_num_queries):
    for n in range(rows):
        experience(
            title=f"Experience {n} (example)",
            organisation=cast.alliance.free_the_slaves,
            countries=[cast.alliance.kenya],
            priorities=[priority],
            action_group=cast.alliance.agriculture,
        )
    from django.template import Context, Template

    template = Template("{% load exchange_tags %}{% experiences_of obj %}")
    for obj in (cast.alliance.free_the_slaves, cast.alliance.kenya, cast.alliance.agriculture, priority):
        with django_assert_max_num_queries(1):
            html = template.render(Context({"obj": obj}))
        assert html.count('<li><a href="/experiences/') == rows


@pytest.mark.parametrize(
    "page",
    [
        lambda a, p: a.free_the_slaves.get_absolute_url(),
        lambda a, p: a.kenya.get_absolute_url(),
        lambda a, p: a.agriculture.get_absolute_url(),
        lambda a, p: p.get_absolute_url(),
    ],
    ids=["organisation", "country", "action-group", "priority"],
)
def test_the_pages_it_is_about_link_it(client, cast, published, priority, page):
    html = _html(client.get(page(cast.alliance, priority)))
    assert f'href="{published.get_absolute_url()}"' in html


# --- The teller's name, on every surface --------------------------------------------------------------------


def test_a_tellers_name_without_consent_shows_nowhere(client, cast, priority):
    story = experience(
        title="Out of the quarry (example)",
        summary="How I left the quarry. (Example.)",
        lived_experience=True,
        teller_named=True,
        teller_name="Zawadi Example",  # typed, but no consent recorded
        organisation=cast.alliance.free_the_slaves,
        countries=[cast.alliance.kenya],
        priorities=[priority],
    )
    surfaces = [
        story.get_absolute_url(),
        reverse("exchange:experiences"),
        "/search/?q=quarry",
        cast.alliance.free_the_slaves.get_absolute_url(),
        cast.alliance.kenya.get_absolute_url(),
        priority.get_absolute_url(),
        "/api/experiences",
        f"/api/experiences/{story.slug}",
    ]
    for url in surfaces:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Zawadi" not in response.content.decode(), url
    assert "Told by a person with lived experience, who is not named." in _html(client.get(story.get_absolute_url()))
    assert "Out of the quarry" in _html(client.get("/search/?q=quarry"))


def test_a_tellers_name_with_consent_shows(client, cast):
    from django.utils import timezone

    story = experience(
        lived_experience=True,
        teller_named=True,
        teller_name="Zawadi Example",
        consent_recorded_at=timezone.now(),
        consent_note="Signed form",
    )
    assert "Told by <bdi>Zawadi Example</bdi>, who agreed to be named." in _html(client.get(story.get_absolute_url()))
    assert client.get(f"/api/experiences/{story.slug}").json()["teller"] == "Zawadi Example"


def test_the_list_and_the_api_read_in_a_fixed_number_of_queries(client, cast, priority):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        client.get(url)  # the session and the language settle outside the count
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n):
        return experience(
            title=f"Experience {n} (example)",
            organisation=cast.alliance.free_the_slaves,
            countries=[cast.alliance.kenya, cast.alliance.mexico],
            priorities=[priority],
        )

    add(0)
    one = {url: count(url) for url in ("/experiences/?kind=practice", "/api/experiences")}
    add(1), add(2)
    three = {url: count(url) for url in one}
    assert one == three


def test_the_consoles_on_me_count_what_waits(client, secretariat_client, cast):
    experience(by=cast.partner_editor, status=ExperienceStatus.DRAFT)
    experience(by=cast.partner_editor, status=ExperienceStatus.SUBMITTED)
    html = _html(secretariat_client.get("/me/"))  # the same client as ``client``: the secretariat first
    assert f'href="{reverse("exchange:review_queue")}"' in html and "1 experience waiting for review" in html
    client.force_login(cast.partner_editor)
    html = _html(client.get("/me/"))
    assert f'href="{reverse("exchange:mine")}"' in html and "1 experience to finish or change" in html
    client.force_login(cast.outsider)
    assert reverse("exchange:mine") not in _html(client.get("/me/"))


def test_the_admin_lists_and_opens_experiences(secretariat_client, cast):
    made = experience(by=cast.partner_editor)
    assert secretariat_client.get("/admin/exchange/experience/").status_code == 200
    assert secretariat_client.get(f"/admin/exchange/experience/{made.pk}/change/").status_code == 200


def test_the_list_pages_keeping_its_filters(client, cast, monkeypatch):
    from alliance87.exchange.views import experiences as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(3):
        experience(title=f"Paged {n} (example)", countries=[cast.alliance.kenya])
    html = _html(client.get(reverse("exchange:experiences"), {"country": "ke"}))
    assert html.count('class="card xp-card"') == 2 and "Page 1 of 2" in html
    assert 'href="?country=ke&amp;page=2" rel="next"' in html
    assert (
        _html(client.get(reverse("exchange:experiences"), {"country": "ke", "page": 2})).count('class="card xp-card"')
        == 1
    )


def test_a_commitments_section_lists_its_published_experiences(cast, priority, django_assert_max_num_queries):
    from django.template import Context, Template

    from alliance87.commitments.tests.making import commitment

    made = commitment(lead=cast.alliance.free_the_slaves, priorities=[priority])
    for n in range(3):
        experience(title=f"From the commitment {n} (example)", commitments=[made])
    experience(title="Withdrawn one (example)", commitments=[made], status=ExperienceStatus.WITHDRAWN)
    with django_assert_max_num_queries(1):
        html = Template("{% load exchange_tags %}{% experiences_of obj %}").render(Context({"obj": made}))
    assert html.count('<li><a href="/experiences/') == 3 and "Withdrawn one" not in html


def test_a_crawl_from_home_reaches_a_published_experience(client, cast, published):
    from django.utils import translation

    from alliance87.tests.test_doors import crawl

    reached, statuses, _texts = crawl(client)
    assert "exchange:experiences" in reached
    with translation.override("en"):
        assert published.get_absolute_url() in reached.get("exchange:experience", set())
    broken = {path: status for path, status in statuses.items() if status >= 400}
    assert not broken, broken


def test_the_review_page_says_who_recorded_a_named_tellers_consent(secretariat_client, cast):
    story = experience(by=cast.partner_editor, lived_experience=True, status=ExperienceStatus.DRAFT)
    services.teller_consent(by=cast.partner_editor, experience=story, named=True, name="Zawadi", how="Signed form")
    services.experience_submit(by=cast.partner_editor, experience=story)
    html = _html(secretariat_client.get(reverse("exchange:review", args=[story.slug])))
    assert "Named as <bdi>Zawadi</bdi>: consent given" in html
    assert f"(<bdi>Signed form</bdi>), recorded by {cast.partner_editor}." in html
