import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from alliance87.accounts.models import Role, User
from alliance87.accounts.services import role_grant
from alliance87.events import services


def test_programme_draft_is_not_found(client, side_event):
    assert client.get(reverse("events:programme", args=[side_event.slug])).status_code == 404


@pytest.fixture
def published(cast, side_event):
    return services.event_publish(event=side_event, by=cast.secretariat)


def test_programme_published_shows_local_times_zone_people_and_tbc(client, published):
    response = client.get(reverse("events:programme", args=[published.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alliance 8.7: 10 years of Partnership and Action" in html
    assert "Wednesday 11 February 2026, 16:30" in html
    assert "Africa/Casablanca time (UTC+1)" in html
    assert 'datetime="2026-02-11T16:30:00+01:00"' in html
    for slot in ("16:30", "16:35", "17:10", "17:15", "17:50"):
        assert f">{slot}</time>–" in html
    assert ">18:00</time>" in html
    # No one's consent to be named is recorded: roles and titles only.
    assert "Minister of Labour, Morocco — Speaker" in html
    assert "Younes Sekkouri" not in html
    assert html.count("to be confirmed") == 2
    assert "Executive Director, Free the Slaves — Moderator" in html


def test_programme_names_a_person_once_they_agreed(client, published):
    published.participations.filter(person__name="Bukeni Waruzi").update(name_consent=True)
    html = client.get(reverse("events:programme", args=[published.slug])).content.decode()
    assert "Bukeni Waruzi, Executive Director, Free the Slaves — Moderator" in html
    assert "Younes Sekkouri" not in html


def test_programme_published_french_prefix_works(client, published):
    assert client.get(f"/fr/events/{published.slug}/").status_code == 200


def test_programme_queries_do_not_grow_with_items(client, published, cast):
    url = reverse("events:programme", args=[published.slug])
    client.cookies["sessionid"] = "none"  # bypass the anonymous page cache
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for n in range(3):
        services.agenda_item_add(event=published, by=cast.secretariat, title=f"Extra {n}", duration_minutes=5)
    with CaptureQueriesContext(connection) as after:
        assert b"Extra 2" in client.get(url).content
    # The event (with its parent), its own roles, its organisers, its sessions, their items, the items' people,
    # the banners of the event and its conference.
    assert len(after) == len(before) <= 7


# ---- Everything of the event, in the reader's language ---------------------------------------------


def make_user(email: str, role: str, scope) -> User:
    # Not conftest's make_user: with the browser tests in the same run, "conftest" may be tests/browser's.
    user = User.objects.create_user(email, "not used here")
    role_grant(user=user, role=role, scope=scope)
    return User.objects.get(pk=user.pk)


def page(client, event, prefix="") -> str:
    response = client.get(f"{prefix}/events/{event.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_programme_shows_the_concept_notes_sections_keywords_venue_and_format(client, published):
    html = page(client, published)
    for heading in ("Background and rationale", "Objectives", "Expected outcomes and deliverables", "Session format"):
        assert f">{heading}</h3>" in html
    assert "a high-level, in-person side event marking a decade" in html
    for keyword in ("Alliance 8.7", "Pathfinder Countries", "Global partnership", "SDG 8.7"):
        assert f'<li class="tag">{keyword}</li>' in html
    assert "the 6th Global Conference on the Elimination of Child Labour" in html
    assert ">In person<" in html
    assert "Africa/Casablanca (UTC+1); every time on this page is local time there" in html


def test_programme_shows_organisers_with_their_role_audience_and_languages(client, published, alliance, cast):
    from alliance87.events.models import EventOrganisation
    from alliance87.events.vocab import OrganisationRole

    services.event_update(
        event=published, by=cast.secretariat, languages=["en", "fr"], audience="Governments and social partners"
    )
    # No service records organisers yet (the organiser's page will); the page only reads them.
    EventOrganisation.objects.create(event=published, organisation=alliance.ilo, role=OrganisationRole.ORGANISER)
    EventOrganisation.objects.create(
        event=published, organisation=alliance.free_the_slaves, role=OrganisationRole.PARTIAL_SUPPORT
    )
    html = page(client, published)
    assert (
        f'<a href="/partners/{alliance.ilo.slug}/">{alliance.ilo.name}</a> <span class="muted">(Organiser)</span>'
        in html
    )
    assert '>Free the Slaves</a> <span class="muted">(Partial support)</span>' in html
    assert "Governments and social partners" in html
    assert "<dd>English, French</dd>" in html
    assert "<dd>anglais, français</dd>" in page(client, published, "/fr").lower()
    assert "<dd>inglés, francés</dd>" in page(client, published, "/es").lower()


def test_programme_in_french_and_spanish_names_dates_in_that_language(client, published):
    french = page(client, published, "/fr")
    assert '<html lang="fr"' in french
    assert "mercredi 11 février 2026, 16:30" in french
    spanish = page(client, published, "/es")
    assert '<html lang="es"' in spanish
    assert "miércoles 11" in spanish and "febrero" in spanish  # the date's format itself is translatable
    for html in (french, spanish):
        assert ">16:35</time>–" in html
        assert "Younes Sekkouri" not in html


def test_programme_items_carry_anchor_kind_and_the_now_next_contract(client, published):
    html = page(client, published)
    first = published.items.order_by("position").first()
    assert f'<ol class="programme" data-live-url="/ws/events/{published.slug}/run/" data-now-label="Now"' in html
    assert (
        f'<li id="item-{first.pk}" class="programme-item" data-item="{first.pk}" '
        'data-starts="2026-02-11T16:30:00+01:00" data-ends="2026-02-11T16:35:00+01:00">'
    ) in html
    assert html.count('<span class="now-next" data-now-next></span>') == 5
    assert html.count('class="programme-item"') == 5
    assert '<span class="kind kind-opening_remarks">Opening remarks</span>' in html
    assert html.count('<span class="kind kind-conversation">Conversation or panel</span>') == 2
    assert '<span class="kind kind-video">Video</span>' in html
    assert 'src="/static/js/events-now-next.js" defer' in html


def test_programme_says_names_appear_once_people_agree(client, published):
    assert "Names appear once people agree to be named" in page(client, published)


def test_programme_links_every_export(client, published):
    html = page(client, published)
    assert f'href="/events/{published.slug}/calendar.ics"' in html
    assert ">Add to calendar</a>" in html
    assert ">Print (PDF)</a>" in html
    assert "For conference apps:" in html
    for name in ("events:programme_pdf", "events:schedule_xml", "events:schedule_json"):
        try:
            url = reverse(name, args=[published.slug])
        except NoReverseMatch:  # the export views may not be mounted yet
            continue
        assert f'href="{url}"' in html


def test_side_event_links_to_its_published_conference(client, published, cast):
    from alliance87.events.synthetic import Shape, build_conference

    conference = build_conference(Shape(items=4, rooms=1, days=1, people=4))
    services.event_update(event=published, by=cast.secretariat, parent=conference)
    html = page(client, published)
    assert f'Part of <a href="/events/{conference.slug}/">{conference.title}</a>' in html
    assert f'<li><a href="/events/{conference.slug}/">{conference.title}</a></li>' in html  # the breadcrumb

    services.event_publish(event=conference, by=cast.secretariat, published=False)
    html = page(client, published)
    # A conference back in draft is not named at all: its title is not public (issue 12, drafts leak).
    assert conference.title not in html
    assert f'href="/events/{conference.slug}/"' not in html


def test_public_line_is_the_person_template(published):
    """The page prints people with ``public_line``; it must say exactly what ``events/_person.html`` says."""
    from django.template.loader import render_to_string

    from alliance87.events.views.programme import public_line

    participations = list(published.participations.select_related("person"))
    cases = []
    for p in participations[:3]:
        for consent in (False, True):
            for title in ("", "Director"):
                for organisation in ("", "ILO"):
                    p.name_consent, p.printed_title, p.printed_organisation = consent, title, organisation
                    cases.append((public_line(p), render_to_string("events/_person.html", {"p": p})))
    assert all(line == rendered for line, rendered in cases), cases
    assert ("Name not yet public", "Name not yet public") in cases


def test_programme_links_organisers_to_their_pages_and_nobody_else(client, published, cast):
    html = page(client, published)
    assert f'href="/events/manage/{published.slug}/"' not in html
    assert f'href="/events/{published.slug}/run/"' not in html
    client.force_login(cast.outsider)
    assert f'href="/events/manage/{published.slug}/"' not in page(client, published)
    moderator = make_user("moderator@example.org", Role.MODERATOR, published)
    client.force_login(moderator)
    html = page(client, published)
    assert f'href="/events/{published.slug}/run/"' in html
    assert f'href="/events/manage/{published.slug}/"' not in html
    organiser = make_user("organiser@example.org", Role.EVENT_ORGANISER, published)
    client.force_login(organiser)
    html = page(client, published)
    assert f'href="/events/manage/{published.slug}/"' in html
    assert f'href="/events/{published.slug}/run/"' in html
