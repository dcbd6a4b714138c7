"""The indicator data consoles on /me/: the secretariat's "Indicator data" with what waits for it, and a focal
point's "Figures to comment: <country>" once the country was shown figures."""

import datetime

import pytest
from django.utils import timezone

from alliance87.accounts.models import Role
from alliance87.accounts.tests.test_start_page import consoles
from alliance87.indicators import notices
from alliance87.indicators.codes import CHILD_LABOUR_EC
from alliance87.indicators.models import (
    CountryNotice,
    DatasetStatus,
    ImportStatus,
    IndicatorImport,
    Series,
    SeriesKind,
)
from alliance87.testing import make_user

from .test_notices import dataset_of


@pytest.fixture
def series(db):
    return Series.objects.get_or_create(
        code=CHILD_LABOUR_EC, defaults={"kind": SeriesKind.SDG, "indicator": "8.7.1", "title": "Example title"}
    )[0]


@pytest.fixture
def mexico_focal_point(alliance):
    return make_user("focal.mexico@example.org", Role.COUNTRY_FOCAL_POINT, alliance.mexico)


def test_the_secretariat_counts_imports_drafts_and_ended_notices(secretariat_client, cast, series):
    page = secretariat_client.get("/me/").content.decode()
    assert "Indicator data" in consoles(page)
    assert "0 imports to confirm; 0 drafts to show to the countries; 0 datasets whose comment period is over" in page
    assert 'href="/indicators/manage/"' in page

    IndicatorImport.objects.create(file_name="a.csv", file_sha256="0" * 64, status=ImportStatus.PREVIEW)
    IndicatorImport.objects.create(file_name="b.csv", file_sha256="1" * 64, status=ImportStatus.REFUSED)
    dataset_of(cast.alliance.mexico, series)
    ended = dataset_of(cast.alliance.mexico, series, title="Ended")
    notice = notices.open_notice(by=cast.secretariat, dataset=ended, countries=[cast.alliance.mexico]).notices[0]
    CountryNotice.objects.filter(pk=notice.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    dataset_of(None, series, title="Published", status=DatasetStatus.PUBLISHED)
    page = secretariat_client.get("/me/").content.decode()
    assert "1 import to confirm; 1 draft to show to the countries; 1 dataset whose comment period is over" in page


def test_a_focal_point_finds_the_figures_to_comment_once_shown_some(client, cast, series, mexico_focal_point):
    client.force_login(mexico_focal_point)
    assert not any(title.startswith("Figures to comment") for title in consoles(client.get("/me/").content.decode()))

    dataset = dataset_of(cast.alliance.mexico, series)
    notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico])
    page = client.get("/me/").content.decode()
    assert "Figures to comment: Mexico" in consoles(page)
    assert "1 notice open for comment" in page and 'href="/indicators/notices/"' in page

    notice = CountryNotice.objects.get(dataset=dataset)
    notices.answer(by=mexico_focal_point, notice=notice, no_comment=True)
    page = client.get("/me/").content.decode()
    assert "Figures to comment: Mexico" in consoles(page) and "0 notices open for comment" in page

    client.force_login(cast.focal_point)  # Kenya's: shown nothing
    assert "Figures to comment: Mexico" not in consoles(client.get("/me/").content.decode())


def test_the_consoles_count_in_a_fixed_number_of_queries(
    cast,
    series,
    mexico_focal_point,
    django_assert_num_queries,
):
    from alliance87.indicators.consoles import consoles_for

    for n in range(3):
        dataset = dataset_of(cast.alliance.mexico, series, title=f"Figures {n}")
        notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico])
    secretariat = cast.secretariat
    secretariat.role_assignments  # noqa: B018 -- loaded once per request
    with django_assert_num_queries(1):
        consoles_for(secretariat)
    mexico_focal_point.has_perm("indicators.import_data")  # the permissions' cache, filled once per request
    with django_assert_num_queries(2):
        [console] = consoles_for(mexico_focal_point)
    assert console.waiting == 3
