"""The downloads: the page lists the files with their sizes; the SDMX files, the structure and the zip are
what was published and nothing else; they are built once per version of the public data."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from alliance87 import pagecache
from alliance87.indicators import codes, sdmx
from alliance87.indicators.models import DatasetStatus, SeriesKind, Unit
from alliance87.indicators.tests.test_sdmx import make_dataset, make_series, observe
from alliance87.indicators.views import downloads

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def published(alliance):
    """Example figures (not any country's real ones): Mexico's published, Kenya's still a draft."""
    series = make_series()
    mexico = make_dataset(alliance.mexico, title="Mexico, child labour (example)")
    mexico.columns = ["Year", "Sexo", "Value"]
    mexico.source_url = "https://example.org/mexico"
    mexico.save()
    observe(mexico, series, 2019, "11.5", row=2, labels={"Sexo": ""})
    observe(mexico, series, 2019, "13.1", sex="M", row=3, labels={"Sexo": "Hombres"})
    observe(mexico, series, 2019, None, sex="F", row=4, labels={"Sexo": "Mujeres"})
    estimate = make_series(codes.CHILDREN_IN_CHILD_LABOUR, kind=SeriesKind.ESTIMATE, unit=Unit.MILLIONS)
    observe(make_dataset(title="Global estimates"), estimate, 2020, "160", area="001", country=None)
    draft = make_dataset(alliance.kenya, status=DatasetStatus.DRAFT, title="Kenya draft")
    observe(draft, series, 2019, "31.4", area="404")
    return mexico


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_page_lists_the_files_with_sizes_and_what_is_left_out(client, published):
    response = client.get(reverse("indicators:downloads"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("all.zip", "sdg-8.7.1.sdmx.xml", "sdg-8.7.1.sdmx.csv", "sdg-dsd-subset.xml"):
        assert f'<span dir="ltr">{name}</span>' in page
    assert "2 observations in 2 series." in page
    assert "1 empty value is left out" in page
    assert "The global estimates and countries’ own series are in the tidy CSV files of the zip only." in page
    assert "mexico-SL_TLF_CHLDEC.csv" in page and "world-A87_CL_MILLIONS.csv" in page
    assert "Kenya draft" not in page
    assert " bytes" in page or "KB" in page


@pytest.mark.parametrize("rows", [1, 3])
def test_page_and_files_queries_are_fixed(client, alliance, rows, django_assert_max_num_queries):
    series = make_series()
    for number in range(rows):
        observe(make_dataset(alliance.mexico, title=f"Set {number}"), series, 2010 + number, "10.5")
    client.get(reverse("indicators:downloads"))  # builds the files
    pagecache_off = {"HTTP_COOKIE": ""}
    with django_assert_max_num_queries(1):  # the session lookup at most; the files are read from disk
        assert client.get(reverse("indicators:downloads"), **pagecache_off).status_code == 200
        assert client.get(reverse("indicators:download_all")).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(reverse("indicators:series_sdmx", args=[series.code])).status_code == 200


def test_sdmx_download_is_valid_and_holds_only_published(client, published):
    response = client.get(reverse("indicators:download_sdmx_xml"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sdg-8.7.1.sdmx.xml"'
    data = _body(response)
    assert sdmx.validation_errors(data) == []
    assert b'REF_AREA="484"' in data and b'OBS_VALUE="13.1"' in data
    assert b'REF_AREA="404"' not in data and b"31.4" not in data  # Kenya's draft
    rows = list(csv.DictReader(io.StringIO(_body(client.get(reverse("indicators:download_sdmx_csv"))).decode())))
    assert [(row["REF_AREA"], row["SEX"], row["OBS_VALUE"]) for row in rows] == [
        ("484", "M", "13.1"),
        ("484", "_T", "11.5"),
    ]
    structure = _body(client.get(reverse("indicators:download_structure")))
    assert structure == sdmx.STRUCTURE_FILE.read_bytes()


def test_series_sdmx(client, published):
    response = client.get(reverse("indicators:series_sdmx", args=[codes.CHILD_LABOUR_EC]))
    assert response.status_code == 200
    data = _body(response)
    assert sdmx.validation_errors(data) == [] and data.count(b"<Obs ") == 2
    # The global estimates are not SDG data, and an unknown code is not found.
    assert client.get(reverse("indicators:series_sdmx", args=[codes.CHILDREN_IN_CHILD_LABOUR])).status_code == 404
    assert client.get(reverse("indicators:series_sdmx", args=["NOPE"])).status_code == 404


def test_zip_listing_and_readme(client, published):
    response = client.get(reverse("indicators:download_all"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(_body(response)))
    assert sorted(bundle.namelist()) == [
        "README.txt",
        "sdg-8.7.1.sdmx.csv",
        "sdg-8.7.1.sdmx.xml",
        "sdg-dsd-subset.xml",
        "tidy/mexico-SL_TLF_CHLDEC.csv",
        "tidy/world-A87_CL_MILLIONS.csv",
    ]
    readme = bundle.read("README.txt").decode()
    assert "- tidy/mexico-SL_TLF_CHLDEC.csv" not in readme
    assert "- mexico-SL_TLF_CHLDEC.csv: Mexico, child labour (example)" in readme
    assert "Source: Example source <https://example.org/mexico>" in readme
    assert "Left out of SDMX: 1 empty values" in readme
    tidy = bundle.read("tidy/mexico-SL_TLF_CHLDEC.csv").decode().splitlines()
    assert tidy[0] == "Year,Sexo,Value"
    assert tidy[1:] == ["2019,,11.5", "2019,Hombres,13.1", "2019,Mujeres,"]
    assert "Kenya" not in readme and "kenya" not in " ".join(bundle.namelist())


def test_files_are_rebuilt_when_the_public_data_changes(client, published, media):
    client.get(reverse("indicators:download_sdmx_xml"))
    first = set((media / downloads.ROOT_NAME).iterdir())
    assert len(first) == 1
    published.status = DatasetStatus.WITHDRAWN
    published.save()
    pagecache.public_pages_changed()
    data = _body(client.get(reverse("indicators:download_sdmx_xml")))
    assert b"<Obs " not in data
    second = set((media / downloads.ROOT_NAME).iterdir())
    assert len(second) == 1 and second != first  # the old version's folder is gone


def test_empty_platform(client, db):
    assert client.get(reverse("indicators:downloads")).status_code == 200
    data = _body(client.get(reverse("indicators:download_sdmx_xml")))
    assert sdmx.validation_errors(data) == []
    bundle = zipfile.ZipFile(io.BytesIO(_body(client.get(reverse("indicators:download_all")))))
    assert "none published yet" in bundle.read("README.txt").decode()
