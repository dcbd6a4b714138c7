"""The public Pathfinder page and a country's page show what the data says, and what is unknown."""

import datetime
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance87.network.models import ActionGroup, Country, Membership, Organisation, Person
from alliance87.pathfinders import services
from alliance87.pathfinders.models import Report, ReportCycle, ReportStatus


def text(response) -> str:
    return response.content.decode()


class TableParser(HTMLParser):
    """Every table of a page: its caption (or the text of the heading it is labelled by) and its rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.headings = [], {}
        self._cell = self._row = self._caption = self._heading = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "labelledby": attrs.get("aria-labelledby", ""), "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []
        elif tag in ("h2", "h3") and attrs.get("id"):
            self._heading = (attrs["id"], [])

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)
            self._row = None
        elif tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("h2", "h3") and self._heading is not None:
            self.headings[self._heading[0]] = " ".join("".join(self._heading[1]).split())
            self._heading = None

    def handle_data(self, data):
        for collecting in (self._cell, self._caption, self._heading[1] if self._heading else None):
            if collecting is not None:
                collecting.append(data)


def table(page: str, title: str) -> list[list[str]]:
    """The rows (header row first) of the table whose caption or labelling heading is ``title``."""
    parser = TableParser()
    parser.feed(page)
    for t in parser.tables:
        if title in (t["caption"], parser.headings.get(t["labelledby"])):
            return t["rows"]
    raise AssertionError(f"No table titled {title!r}")


def publish_a_report(country, year: int) -> Report:
    """A published annual report of ``country`` for ``year`` (its workflow is tested with the reports)."""
    cycle = ReportCycle.objects.get_or_create(
        year=year,
        defaults={
            "title": f"Annual progress reports {year}",
            "opens_on": datetime.date(year, 1, 1),
            "deadline": datetime.date(year, 3, 31),
        },
    )[0]
    moment = datetime.datetime(year, 4, 1, 12, tzinfo=datetime.UTC)
    return Report.objects.create(
        country=country, cycle=cycle, status=ReportStatus.PUBLISHED, submitted_at=moment, published_at=moment
    )


def record(country, by, *steps) -> None:
    for stage, date in steps:
        services.milestone_record(country=country, stage=stage, date=date, by=by, viable_roadmap=stage == "workshop")


# ---- The Pathfinder page -------------------------------------------------------------------------


def test_pathfinders_page_table_lists_confirmed_countries(client, alliance):
    page = text(client.get("/pathfinders/"))
    for name in ("Kenya", "Mexico", "Fiji", "Côte d&#x27;Ivoire", "Democratic Republic of the Congo"):
        assert name in page
    assert "Morocco" not in page
    assert page.count(">Unknown<") == 20


def test_pathfinder_map_highlights_pathfinders(client, alliance):
    response = client.get("/pathfinders/map.svg")
    assert response["Content-Type"] == "image/svg+xml"
    svg = text(response)
    assert svg.count('class="pf"') == 20
    assert "<title>Kenya</title>" in svg


def test_country_names_are_translated(client, alliance):
    assert "Kenya" in text(client.get("/fr/pathfinders/"))
    assert "Allemagne" in text(client.get("/fr/pathfinders/"))
    assert "Alemania" in text(client.get("/es/pathfinders/"))
    assert '<html lang="es"' in text(client.get("/es/"))


def test_pathfinders_page_sorts_names_in_the_readers_language(client, alliance):
    names = [row[0] for row in table(text(client.get("/fr/pathfinders/")), "Pays pionniers, par nom")[1:]]
    assert names.index("Bénin") < names.index("Brésil") < names.index("Cameroun")


def test_pathfinders_page_stage_counts_and_growth_come_from_the_data(client, cast, alliance):
    record(
        alliance.kenya,
        cast.secretariat,
        ("interest", datetime.date(2018, 5, 1)),
        ("workshop", datetime.date(2019, 3, 1)),
        ("status_granted", datetime.date(2019, 10, 1)),
    )
    publish_a_report(alliance.kenya, 2021)
    record(
        alliance.mexico,
        cast.secretariat,
        ("interest", datetime.date(2019, 1, 15)),
        ("workshop", datetime.date(2020, 6, 1)),
        ("status_granted", datetime.date(2021, 2, 1)),
    )
    morocco = Country.objects.get_or_create(code="MA")[0]
    record(morocco, cast.secretariat, ("interest", datetime.date(2022, 9, 1)))

    page = text(client.get("/pathfinders/"))

    stages = dict(table(page, "Countries by stage of the pathway")[1:])
    assert stages["Interest expressed to the Global Coordinating Group"] == "1"  # Morocco
    assert stages["Pathfinder status granted by the Global Coordinating Group"] == "19"  # Mexico, 18 without a record
    assert stages["Reporting annually"] == "1"  # Kenya
    assert stages["Strategic planning workshop"] == "0"
    growth = {row[0]: row[1:] for row in table(page, "Countries by the end of each year (known dates)")[1:]}
    assert growth["2018"] == ["0", "1"]
    assert growth["2019"] == ["1", "2"]
    assert growth["2020"] == ["1", "2"]
    assert growth["2021"] == ["2", "2"]
    assert growth["2022"] == ["2", "3"]
    assert str(datetime.date.today().year) in growth
    assert "Year not recorded for 18 countries" in page
    on_the_way = table(page, "Countries on the way to Pathfinder status")
    assert on_the_way[1][:2] == ["Morocco", "Interest expressed to the Global Coordinating Group"]
    by_name = {row[0]: row for row in table(page, "Pathfinder Countries, by name")[1:]}
    assert by_name["Kenya"][1] == "Reporting annually" and by_name["Kenya"][4] == "2019"


def test_pathfinders_page_filters_by_region(client, cast, alliance):
    page = text(client.get("/pathfinders/", {"region": "lac"}))
    names = [row[0] for row in table(page, "Pathfinder Countries, by name")[1:]]
    assert "Mexico" in names and "Kenya" not in names
    assert "Showing the countries of Latin America and the Caribbean." in page
    stages = dict(table(page, "Countries by stage of the pathway")[1:])
    assert stages["Pathfinder status granted by the Global Coordinating Group"] == str(len(names))


def test_pathfinders_page_bad_region_shows_everyone(client, alliance):
    response = client.get("/pathfinders/", {"region": "<nowhere>"})
    assert response.status_code == 200
    assert len(table(text(response), "Pathfinder Countries, by name")) == 21


def test_pathfinders_page_does_not_count_the_example_country(client, alliance, example):
    page = text(client.get("/pathfinders/"))
    stages = dict(table(page, "Countries by stage of the pathway")[1:])
    assert stages["Reporting annually"] == "0"  # Exampleland reports, but is an example
    assert sum(int(n) for n in stages.values()) == 20
    assert "Exampleland" not in str(table(page, "Pathfinder Countries, by name"))
    assert "No date of the pathway is recorded yet" in page  # Exampleland's dates do not count either
    assert "See the example country to explore a whole cycle" in page
    assert 'href="/countries/xe/"' in page
    assert client.get("/pathfinders/map.svg").content.decode().count('class="pf"') == 20


def test_pathfinders_page_shows_published_figures(client, alliance):
    page = text(client.get("/pathfinders/"))
    assert "As published" in page and "38" in page and "Source:" in page


# ---- A country's page ----------------------------------------------------------------------------


def test_country_page_says_what_is_unknown(client, alliance):
    page = text(client.get("/countries/ke/"))
    assert "Survivors Network Kenya" in page
    assert "The year it became a Pathfinder Country is not recorded." in page
    assert "No roadmap recorded." in page
    assert "No published report yet." in page
    assert "No published assessment yet." in page
    assert client.get("/countries/zz/").status_code == 404


def test_country_page_timeline_of_a_pathfinder_without_records_says_what_is_known(client, alliance):
    page = text(client.get("/countries/ke/"))
    steps = page.split('<ol class="pf-timeline"')[1].split("</ol>")[0].split('<li class="pf-step')[1:]
    assert len(steps) == 7  # the seven steps; "Inactive" only when recorded
    assert all("Reached" in s and "Not recorded separately" in s for s in steps[:4])  # status shows them taken
    assert "Roadmap adopted" in steps[4] and "Not reached" in steps[4]  # no roadmap recorded: never implied
    assert "Reached" in steps[5] and "date unknown" in steps[5]  # the status, its year not recorded
    assert "Not reached" in steps[6] and "Reporting annually" in steps[6]


def test_country_page_of_a_country_not_on_the_pathway_says_so(client, alliance):
    page = text(client.get("/countries/ma/"))
    assert "Nothing is recorded about a Pathfinder pathway for this country." in page
    assert "pf-timeline" not in page


def test_country_page_shows_timeline_with_dates(client, example):
    page = text(client.get("/countries/xe/"))
    timeline = page.split('<ol class="pf-timeline"')[1].split("</ol>")[0]
    assert timeline.count(">Reached<") == 7 and "Not reached" not in timeline
    assert '<time datetime="2019-03-01">1 March 2019</time>' in timeline
    assert '<time datetime="2021-06-01">1 June 2021</time>' in timeline
    assert "date unknown" not in timeline
    assert "Current stage: <strong>Reporting annually</strong>" in page


def test_country_page_marks_the_example(client, example):
    page = text(client.get("/countries/xe/"))
    assert "pf-example-banner" in page and "This country is invented." in page
    assert "pf-example-banner" not in text(client.get("/countries/ke/"))


def test_country_page_shows_the_roadmap(client, example):
    page = text(client.get("/countries/xe/"))
    assert "Exampleland National SDG 8.7 Roadmap 2021-2026 (example)" in page
    assert "2021–2026" in page and "1 March 2021" in page and "No document uploaded" in page
    priority = page.split("Strengthen labour inspection in agriculture (example)")[1].split('<li class="pf-priority">')[
        0
    ]
    assert '<li class="tag">End child labour in agriculture</li>' in priority
    assert '<li class="tag tag-accent">Forced labour</li>' in priority
    assert "Train 200 labour inspectors on child labour in agriculture" in priority
    assert "Ministry of Labour (example)" in priority and "2021–2023" in priority
    assert "250,000 USD" in priority and "Funded" in priority and "Partly funded" in priority
    assert "40 inspections (2020)" in priority and "400 inspections (2025)" in priority
    assert "Not known" in page  # the referral mechanism's funding


def test_country_page_links_the_latest_published_report_and_its_assessment(client, example):
    report = Report.objects.published().filter(country=example).order_by("-cycle__year").first()
    page = text(client.get("/countries/xe/"))
    assert f'href="{reverse("pathfinders:report", args=[report.pk])}"' in page
    assert report.cycle.title in page
    rows = {
        row[0]: row[1:] for row in table(page, f"Assessment against the Accountability Framework, {report.cycle.year}")
    }
    assert rows["Annual report submitted on time (AF2)"] == ["Met", "Not reviewed: the suggestion stands"]
    af5 = next(v for k, v in rows.items() if k.endswith("(AF5)"))
    assert af5[0] == "None: a reviewer judges this"
    assert af5[1].startswith("Partly met")


def test_country_page_shows_the_trend_over_cycles(client, example):
    page = text(client.get("/countries/xe/"))
    year = datetime.date(2026, 11, 24).year
    rows = table(page, "Trend over the cycles")
    assert rows[0] == ["Cycle", "Met", "Partly met", "Not met", "Not assessable"]
    assert rows[1] == [str(year - 2), "4", "2", "0", "0"]  # reported late: AF2 partly met
    assert rows[2] == [str(year - 1), "5", "1", "0", "0"]


def test_country_page_edit_links_only_for_who_may_edit(client, cast, alliance):
    assert "Edit pathway" not in text(client.get("/countries/ke/"))
    client.force_login(cast.focal_point)
    page = text(client.get("/countries/ke/"))
    assert "Edit pathway" in page and "Edit roadmap" in page
    assert "Edit pathway" not in text(client.get("/countries/mx/"))
    client.force_login(cast.reviewer)
    assert "Edit roadmap" not in text(client.get("/countries/ke/"))


def test_country_page_edit_links_for_the_secretariat(secretariat_client, alliance):
    page = text(secretariat_client.get("/countries/mx/"))
    assert "Edit pathway" in page and "Edit roadmap" in page


# ---- Query counts: the same whether there are 1 or 3 rows -----------------------------------------


@pytest.fixture
def empty_network(db):
    for model in (Membership, ActionGroup, Person, Organisation, Country):
        model.objects.all().delete()
    return Country.objects.create(code="KE", sdg_region="ssa", ilo_region="africa", is_pathfinder=True)


def count_queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pathfinders_page_queries_do_not_grow_with_countries(client, cast, empty_network):
    def queries_for(n: int) -> int:
        for code in ["FR", "MX", "BR"][:n]:
            country, _created = Country.objects.get_or_create(code=code, defaults={"is_pathfinder": True})
            record(country, cast.secretariat, ("interest", datetime.date(2019, 1, 1)))
        return count_queries(client, "/pathfinders/")

    assert queries_for(1) == queries_for(3)


def test_country_page_queries_do_not_grow_with_priorities(client, cast, empty_network):
    kenya = empty_network

    def queries_for(n: int) -> int:
        kenya.roadmaps.all().delete()
        Organisation.objects.all().delete()
        roadmap = services.roadmap_create(
            country=kenya, by=cast.secretariat, title="R", period_start=2020, period_end=2025
        )
        for i in range(n):
            Organisation.objects.create(name=f"Example partner {i}", slug=f"p{i}", kind="academia", country=kenya)
            priority = services.priority_add(
                roadmap=roadmap, by=cast.secretariat, title=f"P{i}", forms=["child_labour"]
            )
            services.key_action_add(
                priority=priority, by=cast.secretariat, title=f"A{i}", budget_amount=1, budget_currency="USD"
            )
            services.indicator_add(
                priority=priority, by=cast.secretariat, name=f"I{i}", baseline_year=2020, target_year=2025
            )
            record(kenya, cast.secretariat, (["interest", "coordination", "mapping"][i], datetime.date(2019, 1, 1 + i)))
        return count_queries(client, "/countries/ke/")

    assert queries_for(1) == queries_for(3)


def test_country_page_queries_do_not_grow_with_cycles(client, example):
    def queries() -> int:
        return count_queries(client, "/countries/xe/")

    two_cycles = queries()
    Report.objects.filter(country=example).order_by("cycle__year").first().cycle.assessments.all().delete()
    assert queries() == two_cycles
