"""The indicator API: the series, a series, its observations filtered and paged; published figures only,
the secretariat's token adds drafts; a country's series with nothing to see is a 404."""

import pytest
from django.core.management import call_command

from alliance87.accounts.services import api_token_create
from alliance87.indicators import codes
from alliance87.indicators.models import Dataset, DatasetStatus, Observation, Series, SeriesKind


@pytest.fixture
def loaded(alliance):
    call_command("load_indicator_data", verbosity=0)
    return alliance


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='test')[1]}"}


def draft_for(country, series_code=codes.CHILD_LABOUR_EC, status=DatasetStatus.DRAFT):
    series = Series.objects.get(code=series_code)
    dataset = Dataset.objects.create(title="Kenya draft", country=country, status=status, source="Example")
    Observation.objects.create(
        dataset=dataset, series=series, row=2, year=2019, area="404", country=country, value="7.1", value_text="7.1"
    )
    return dataset


def test_series_list(client, loaded):
    body = client.get("/api/indicators/series").json()
    assert body["count"] == 9
    codes_listed = [s["code"] for s in body["items"]]
    assert codes_listed[:4] == list(codes.SDG_SERIES)
    ec = next(s for s in body["items"] if s["code"] == codes.CHILD_LABOUR_EC)
    assert ec["unit"] == "PT" and ec["indicator"] == "8.7.1" and ec["url"] == f"/indicators/{codes.CHILD_LABOUR_EC}/"
    assert ec["country"] is None


def test_one_series_and_unknown_is_404(client, loaded):
    body = client.get(f"/api/indicators/series/{codes.MODERN_SLAVERY}").json()
    assert body["title"] == "People in modern slavery" and body["unit"] == "MILLIONS" and body["kind"] == "estimate"
    response = client.get("/api/indicators/series/NOPE")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_observations_filtered(client, loaded):
    url = f"/api/indicators/series/{codes.CHILD_LABOUR_EC}/observations"
    body = client.get(url).json()
    assert body["count"] == 21
    body = client.get(url, {"sex": "F", "area": "202"}).json()
    assert body["count"] == 1
    [obs] = body["items"]
    assert (obs["year"], obs["area"], obs["area_name"], obs["value"], obs["value_text"]) == (
        2020,
        "202",
        "Sub-Saharan Africa",
        21.2,
        "21.2",
    )
    assert obs["source"] == "UN SDG Global Database, series SL_TLF_CHLDEC" and obs["dataset_status"] == "published"
    years = client.get(
        f"/api/indicators/series/{codes.CHILDREN_IN_CHILD_LABOUR}/observations",
        {"year_from": 2010, "year_to": 2020, "area": "001"},
    ).json()
    assert [(o["year"], o["value"]) for o in years["items"]] == [(2016, 152.0), (2020, 160.0)]
    about = client.get(
        f"/api/indicators/series/{codes.CHILDREN_IN_HAZARDOUS_WORK}/observations", {"year_from": 2024}
    ).json()
    assert [(o["value"], o["note"]) for o in about["items"]] == [(54.0, "About")]


def test_observations_paged(client, loaded):
    url = f"/api/indicators/series/{codes.CHILD_LABOUR_EC}/observations"
    first = client.get(url, {"page_size": 5}).json()
    second = client.get(url, {"page_size": 5, "page": 5}).json()
    assert (len(first["items"]), first["count"]) == (5, 21)
    assert len(second["items"]) == 1


def test_filters_refuse_too_long_and_bad_years(client, loaded):
    url = f"/api/indicators/series/{codes.CHILD_LABOUR_EC}/observations"
    response = client.get(url, {"area": "12345"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "area"]
    response = client.get(url, {"year_from": "soon"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "year_from"]


def test_drafts_only_for_the_secretariat(client, loaded, cast):
    draft_for(loaded.kenya)
    url = f"/api/indicators/series/{codes.CHILD_LABOUR_EC}/observations"
    assert client.get(url, {"area": "404"}).json()["count"] == 0
    assert client.get(url, {"area": "404"}, headers=bearer(cast.outsider)).json()["count"] == 0
    body = client.get(url, {"area": "404"}, headers=bearer(cast.secretariat)).json()
    assert body["count"] == 1 and body["items"][0]["dataset_status"] == "draft"
    assert body["items"][0]["country"] == "KE"


def test_national_series_with_draft_only_is_404_but_for_the_secretariat(client, loaded, cast):
    Series.objects.create(code="KE_EXAMPLE", kind=SeriesKind.NATIONAL, title="Example", country=loaded.kenya)
    draft_for(loaded.kenya, series_code="KE_EXAMPLE")
    assert client.get("/api/indicators/series/KE_EXAMPLE").status_code == 404
    assert client.get("/api/indicators/series/KE_EXAMPLE/observations").status_code == 404
    assert "KE_EXAMPLE" not in [s["code"] for s in client.get("/api/indicators/series").json()["items"]]
    assert client.get("/api/indicators/series/KE_EXAMPLE", headers=bearer(cast.secretariat)).json()["country"] == "KE"
    Dataset.objects.filter(country=loaded.kenya).update(status=DatasetStatus.PUBLISHED)
    assert client.get("/api/indicators/series/KE_EXAMPLE").status_code == 200


def test_a_wrong_token_is_401(client, loaded):
    response = client.get("/api/indicators/series", headers={"Authorization": "Bearer a87_wrong"})
    assert response.status_code == 401
