"""The public page /ten-years/ and its CSVs, as a visitor reads them."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.core.cache import cache

from alliance87.indicators import codes
from alliance87.network.models import Country

from .tenyears_data import estimate, load_real_data
from .test_figures import DOMAIN_REGIONAL_2020

pytestmark = pytest.mark.django_db

PAGE = "/ten-years/"


class Tables(HTMLParser):
    """Every table of a page: {caption: [[cell text, …], …]} (header row first)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.caption = self.rows = self.cell = None
        self.in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.rows, self.caption = [], ""
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "table" and self.rows is not None:
            self.tables[self.caption.strip()] = self.rows
            self.rows = None

    def handle_data(self, data):
        if self.in_caption:
            self.caption += data
        elif self.cell is not None:
            self.cell += data


def tables_of(response) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


@pytest.fixture
def loaded(alliance):
    load_real_data()
    return alliance


def test_page_shows_the_regional_table_exactly_as_domain_md(client, loaded):
    response = client.get(PAGE)
    assert response.status_code == 200
    table = tables_of(response)["Children in child labour in 2020 by SDG region, percent of children aged 5 to 17"]
    assert table[0] == ["Region", "Total", "Girls", "Boys"]
    assert table[1:] == DOMAIN_REGIONAL_2020
    assert "Source: UN SDG Global Database, series SL_TLF_CHLDEC, 2020" in response.content.decode()


def test_page_shows_figures_with_their_sources_and_stated_counts_as_written(client, loaded):
    page = client.get(PAGE).content.decode()
    assert "Ten years of Alliance 8.7: the stocktake" in page
    assert '<span class="st-value">over 20</span>' in page
    assert "as stated" in page
    assert "Source: ILO-UNICEF, Child Labour: Global estimates 2024 (June 2025), 1 June 2025" in page
    assert "About</span>" in page or ">About<" in page
    for key in ("pathfinders", "reports", "commitments", "consultations", "estimates", "regions"):
        assert f'id="{key}"' in page and f'href="#{key}"' in page
    assert 'href="/ten-years/regions.csv"' in page
    assert 'href="/ten-years/report/"' in page and 'href="/indicators/"' in page
    assert 'href="/commitments/"' in page and 'href="/consultations/"' in page and 'href="/priorities/"' in page


def test_page_lists_pathfinder_countries_with_links_to_their_profiles(client, loaded):
    page = client.get(PAGE).content.decode()
    assert 'href="/countries/ke/ten-years/">Kenya</a>' in page
    assert 'href="/countries/mx/ten-years/">Mexico</a>' in page


def test_every_chart_is_followed_by_its_table(client, loaded):
    page = client.get(PAGE).content.decode()
    assert page.count('<svg class="chart"') >= 3
    for chunk in page.split('<svg class="chart"')[1:]:  # from each chart to the next: its table comes first
        assert "<table>" in chunk and chunk.index("</svg>") < chunk.index("<table>")
    tables = tables_of(client.get(PAGE))
    child = tables["Children in child labour, millions"]
    assert [row[:2] for row in child[1:]] == [["2000", "246"], ["2016", "152"], ["2020", "160"], ["2024", "138"]]


def test_section_csv_reads_back_with_the_page_figures(client, loaded):
    response = client.get("/ten-years/regions.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="alliance87-ten-years-regions.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["part", "row", "column", "value", "source", "as_of"]
    cells = {(r[1], r[2]): r[3] for r in rows[1:] if r[0] == "regional-2020"}
    for region, total, girls, boys in DOMAIN_REGIONAL_2020:
        assert (cells[(region, "Total")], cells[(region, "Girls")], cells[(region, "Boys")]) == (total, girls, boys)


def test_unknown_section_csv_is_404(client, alliance):
    assert client.get("/ten-years/nothing.csv").status_code == 404


def test_empty_states_say_no_data_yet(client, alliance):
    page = client.get(PAGE).content.decode()
    assert "No data yet: the global estimates have not been loaded." in page
    assert "No data yet: the regional figures of SDG indicator 8.7.1 have not been loaded." in page
    assert "No commitment is published yet." in page
    assert 'href="/ten-years/estimates.csv"' not in page


def test_a_new_figure_shows_once_the_cache_is_renewed(client, loaded):
    assert "130.5" not in client.get(PAGE).content.decode()
    estimate(codes.CHILDREN_IN_CHILD_LABOUR, 2026, "130.5")
    from alliance87.pagecache import public_pages_changed

    public_pages_changed()
    assert "130.5" in client.get(PAGE).content.decode()


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_page_in_every_language(client, loaded, language):
    response = client.get(f"/{language}{PAGE}")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert 'class="st-svg"' in page and 'direction="ltr"' in page


def test_page_queries_do_not_grow_with_rows(client, loaded, django_assert_max_num_queries):
    from alliance87.commitments.tests.making import commitment

    def add(index):
        estimate(codes.FORCED_LABOUR, 2030 + index, "28")
        Country.objects.create(code=["ZM", "ZW", "UG"][index], is_pathfinder=True, pathfinder_since=2020 + index)
        commitment(lead=loaded.ilo, title=f"Example commitment {index}")

    add(0)
    cache.clear()
    with django_assert_max_num_queries(20) as one:  # the figures of six sections, and the session
        assert client.get(PAGE).status_code == 200
    add(1)
    add(2)
    cache.clear()
    with django_assert_max_num_queries(len(one.captured_queries)):  # three rows each: no more queries
        assert client.get(PAGE).status_code == 200
