"""The public registry (``/commitments/``): who sees what, each filter, the figures counted, the map and its
table, the pagination, and the queries flat in the number of commitments."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from alliance87.commitments import selectors
from alliance87.commitments.models import Commitment, Light, Visibility
from alliance87.network.models import ActionGroup

from .making import commitment, deliverable, published_priority

REGISTRY = reverse("commitments:registry")


def titles(response) -> list[str]:
    return [c.title for c in response.context["rows"]]


@pytest.fixture
def spread(cast, priority):
    """Commitments of each kind of maker, with different lights and places."""
    a = cast.alliance
    other = published_priority("Access to justice for survivors (example)")
    return {
        "org": commitment(
            lead=a.free_the_slaves, title="Org green (example)", light=Light.GREEN, priorities=[priority]
        ),
        "company": commitment(lead=a.nestle, title="Company red (example)", light=Light.RED, countries=[a.mexico]),
        "country": commitment(
            lead=a.kenya, title="Kenya yellow (example)", light=Light.YELLOW, priorities=[other], countries=[a.kenya]
        ),
        "group": commitment(lead=a.agriculture, title="Group done (example)", status="completed", light=Light.DONE),
        "partners": commitment(
            lead=a.fao, title="Partners only (example)", visibility=Visibility.PARTNERS, light=Light.GREEN
        ),
        "draft": commitment(lead=a.ilo, title="A draft (example)", status="draft"),
        "submitted": commitment(lead=a.ilo, title="Submitted (example)", status="submitted"),
    }


def test_the_public_sees_public_published_ones_only(client, spread):
    response = client.get(REGISTRY)
    assert response.status_code == 200
    assert set(titles(response)) == {
        "Org green (example)",
        "Company red (example)",
        "Kenya yellow (example)",
        "Group done (example)",
    }
    assert b"A draft" not in response.content and b"Partners only" not in response.content


def test_alliance_members_also_see_partners_only_ones(client, cast, spread):
    client.force_login(cast.partner_editor)
    response = client.get(REGISTRY)
    assert "Partners only (example)" in titles(response)
    assert "A draft (example)" not in titles(response)


def test_someone_without_a_role_sees_what_the_public_sees(client, cast, spread):
    client.force_login(cast.outsider)
    assert "Partners only (example)" not in titles(client.get(REGISTRY))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"priority": "decent-work-in-agricultural-supply-chains-example"}, {"Org green (example)"}),
        ({"country": "MX"}, {"Company red (example)"}),
        ({"country": "KE"}, {"Kenya yellow (example)"}),
        ({"kind": "country"}, {"Kenya yellow (example)"}),
        ({"kind": "action_group"}, {"Group done (example)"}),
        ({"kind": "business"}, {"Company red (example)"}),
        ({"group": "agriculture"}, {"Group done (example)"}),
        ({"light": "red"}, {"Company red (example)"}),
        ({"status": "completed"}, {"Group done (example)"}),
        ({"q": "kenya YELLOW"}, {"Kenya yellow (example)"}),
        ({"organisation": "nestle"}, {"Company red (example)"}),
    ],
)
def test_each_filter(client, spread, query, expected):
    response = client.get(REGISTRY, query)
    assert response.status_code == 200
    assert set(titles(response)) == expected
    assert response.context["figures"].total == len(expected)


def test_filters_combine(client, spread, cast):
    assert titles(client.get(REGISTRY, {"kind": "country", "light": "red"})) == []
    assert titles(client.get(REGISTRY, {"kind": "country", "light": "yellow", "country": "KE"})) == [
        "Kenya yellow (example)"
    ]


def test_a_country_filter_counts_a_commitment_in_two_ways_once(client, cast, priority):
    a = cast.alliance
    commitment(lead=a.kenya, title="Led and in (example)", countries=[a.kenya, a.mexico], priorities=[priority])
    response = client.get(REGISTRY, {"country": "KE", "priority": priority.slug})
    assert titles(response) == ["Led and in (example)"]
    assert response.context["page"].paginator.count == 1


def test_a_refused_value_is_named_and_the_others_still_filter(client, spread):
    response = client.get(REGISTRY, {"light": "purple", "kind": "country"})
    assert response.status_code == 400
    assert "light" in response.context["form"].errors
    assert titles(response) == ["Kenya yellow (example)"]
    assert b"Status light:" in response.content


def test_the_filter_form_is_a_get_form_with_labels(client, spread):
    html = client.get(REGISTRY).content.decode()
    assert 'method="get"' in html
    for name in ("q", "priority", "country", "kind", "group", "light", "status"):
        assert f'name="{name}"' in html
        assert f'for="id_{name}"' in html


def test_figures_are_counted(client, spread):
    figures = client.get(REGISTRY).context["figures"]
    assert figures.total == 4
    assert figures.on_track == 1  # the green one; the partners-only green one is not public
    assert dict((v, n) for v, _label, n in figures.by_light) == {"green": 1, "red": 1, "yellow": 1, "done": 1}
    assert dict((v, n) for v, _label, n in figures.by_kind) == {"organisation": 2, "country": 1, "action_group": 1}


def test_a_green_one_with_an_overdue_deliverable_is_not_on_track(spread):
    late = spread["org"]
    deliverable(late, title="Late (example)", due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert selectors.figures().on_track == 0


def test_figures_by_priority(spread, priority):
    by_priority = dict(selectors.figures().by_priority)
    assert by_priority[priority] == 1


def test_the_map_and_its_table_say_the_same(client, spread):
    response = client.get(REGISTRY)
    countries = {c.code.code: n for c, n in response.context["countries"]}
    assert countries == {"KE": 1, "MX": 1}
    svg = client.get(reverse("commitments:registry_map"))
    assert svg["Content-Type"] == "image/svg+xml"
    body = svg.content.decode()
    assert body.count('class="c') == 2
    assert "Kenya: 1" in body


def test_pagination_keeps_the_filters(client, cast):
    for n in range(27):
        commitment(lead=cast.alliance.nestle, title=f"Number {n} (example)", deliverables=0, resources=0)
    response = client.get(REGISTRY, {"kind": "business"})
    assert len(response.context["rows"]) == 25
    assert "kind=business&amp;page=2" in response.content.decode()
    assert len(client.get(REGISTRY, {"kind": "business", "page": 2}).context["rows"]) == 2


def test_a_row_says_how_far_it_got(client, spread):
    deliverable(spread["org"], title="Second (example)", achieved_at=timezone.now())
    html = client.get(REGISTRY, {"q": "Org green"}).content.decode()
    assert "1 of 2 deliverables achieved" in html


def test_arabic_page(client, spread):
    response = client.get("/ar" + REGISTRY)
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def _many(cast, priority, n):
    a = cast.alliance
    groups = list(ActionGroup.objects.all()[:2])
    for i in range(n):
        commitment(
            lead=[a.free_the_slaves, a.kenya, a.agriculture][i % 3],
            title=f"Commitment {i} (example)",
            light=Light.GREEN,
            priorities=[priority],
            countries=[a.kenya, a.mexico],
            action_groups=groups,
            co_implementers=[a.nestle] if i % 3 else [],
        )


@pytest.mark.parametrize("signed_in", [False, True])
def test_queries_do_not_grow_with_the_rows(client, cast, priority, django_assert_num_queries, signed_in):
    if signed_in:
        client.force_login(cast.partner_editor)
    _many(cast, priority, 1)
    client.get(REGISTRY)  # warm: rules and the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # each measure starts from no cached part: the figures, the map's table, the form's choices
    with CaptureQueriesContext(connection) as one:
        client.get(REGISTRY, {"priority": priority.slug})
    _many(cast, priority, 2)
    cache.clear()  # rows written directly: the cached copy of the page would answer
    with CaptureQueriesContext(connection) as three:
        response = client.get(REGISTRY, {"priority": priority.slug})
    assert len(response.context["rows"]) == 3
    assert len(three) == len(one)


def test_ordering_newest_published_first(client, cast):
    old = commitment(lead=cast.alliance.nestle, title="Old (example)")
    Commitment.objects.filter(pk=old.pk).update(published_at=timezone.now() - datetime.timedelta(days=30))
    commitment(lead=cast.alliance.nestle, title="New (example)")
    assert titles(client.get(REGISTRY)) == ["New (example)", "Old (example)"]
