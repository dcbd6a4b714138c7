"""The notice-and-comment services: opening the notice to the countries, a focal point's answer, publishing and
withdrawing; each refusal's exact message, and who is e-mailed what, with which link."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alliance87.accounts.models import Role
from alliance87.indicators import notices
from alliance87.indicators.codes import CHILD_LABOUR_EC
from alliance87.indicators.models import (
    CountryNotice,
    Dataset,
    DatasetStatus,
    NoticeStatus,
    Observation,
    Series,
    SeriesKind,
)
from alliance87.network.models import Country
from alliance87.testing import make_user


@pytest.fixture
def series(db):
    return Series.objects.get_or_create(
        code=CHILD_LABOUR_EC,
        defaults={"kind": SeriesKind.SDG, "indicator": "8.7.1", "title": "Children in child labour (example title)"},
    )[0]


def dataset_of(country, series, *, rows=3, status=DatasetStatus.DRAFT, title="Child labour, example figures"):
    """A landed dataset of ``country`` (None: global) with ``rows`` observations."""
    dataset = Dataset.objects.create(title=title, country=country, status=status, source="Example survey")
    Observation.objects.bulk_create(
        Observation(
            dataset=dataset,
            series=series,
            row=line + 2,
            year=2015 + line,
            area="484" if country else "001",
            country=country,
            value=Decimal("7.5") + line,
            value_text=str(Decimal("7.5") + line),
            labels={"Sexo": "Total"},
        )
        for line in range(rows)
    )
    return dataset


@pytest.fixture
def mexico_focal_point(alliance):
    return make_user("focal.mexico@example.org", Role.COUNTRY_FOCAL_POINT, alliance.mexico)


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def test_open_notice_emails_each_focal_point_with_the_link(
    cast, series, mexico_focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    dataset = dataset_of(cast.alliance.mexico, series)
    with django_capture_on_commit_callbacks(execute=True):
        opened = notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico])
    notice = opened.notices[0]
    assert opened.without_focal_point == []
    assert notice.status == NoticeStatus.OPEN
    assert timezone.localdate(notice.closes_at) == timezone.localdate() + datetime.timedelta(days=14)
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.NOTICE and dataset.notice_closes_at == notice.closes_at
    [mail] = mailoutbox
    assert mail.to == ["focal.mexico@example.org"]
    assert mail.subject == "Figures for Mexico to comment on before publication"
    assert f"/indicators/notices/{notice.pk}/" in mail.body


def test_open_notice_names_a_country_without_a_focal_point(
    cast, series, mailoutbox, django_capture_on_commit_callbacks
):
    dataset = dataset_of(cast.alliance.mexico, series)
    with django_capture_on_commit_callbacks(execute=True):
        opened = notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico])
    assert opened.without_focal_point == [cast.alliance.mexico]
    assert mailoutbox == []


def test_open_notice_refusals(cast, series):
    dataset = dataset_of(cast.alliance.mexico, series)
    with pytest.raises(PermissionDenied):
        notices.open_notice(by=cast.focal_point, dataset=dataset, countries=[cast.alliance.mexico])
    with pytest.raises(ValidationError) as error:
        notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[], closes_on=timezone.localdate())
    assert error.value.message_dict == {
        "countries": ["Choose at least one country to show the figures to."],
        "closes_on": ["Choose a closing date after today: the countries need time to read the figures."],
    }
    notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico])
    with pytest.raises(ValidationError) as error:
        notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico])
    assert error.value.message_dict == {"countries": ["Already shown these figures: Mexico."]}
    notices.publish_problems(dataset)  # a notice open: the dataset may take another country
    notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.kenya], closes_on=tomorrow())
    assert dataset.notices.count() == 2


def test_publish_is_refused_for_a_country_never_shown_its_figures(cast, series):
    dataset = dataset_of(cast.alliance.mexico, series)
    with pytest.raises(ValidationError) as error:
        notices.publish(by=cast.secretariat, dataset=dataset)
    assert error.value.messages == [
        "Show it to Mexico first: a country's figures are published only after its focal point could read them "
        "and comment."
    ]
    assert Dataset.objects.get(pk=dataset.pk).status == DatasetStatus.DRAFT


def test_publish_is_refused_for_figures_of_a_country_inside_a_multi_country_file(cast, series):
    """A file naming its areas (no country at upload): each country its rows are of must be shown them."""
    dataset = dataset_of(None, series)
    Observation.objects.filter(dataset=dataset, row=2).update(country=cast.alliance.kenya, area="404")
    assert notices.countries_covered(dataset) == [cast.alliance.kenya]
    with pytest.raises(ValidationError, match="Show it to Kenya first"):
        notices.publish(by=cast.secretariat, dataset=dataset)


def test_publish_waits_for_a_country_within_its_period(cast, series, mexico_focal_point):
    dataset = dataset_of(cast.alliance.mexico, series)
    closes = timezone.localdate() + datetime.timedelta(days=5)
    notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico], closes_on=closes)
    with pytest.raises(ValidationError) as error:
        notices.publish(by=cast.secretariat, dataset=dataset)
    from alliance87 import dates

    assert error.value.messages == [
        f"Mexico may still comment (until {dates.day(notices.closing_moment(closes))}) and have not answered: "
        "publish once they answer or their period ends."
    ]


def test_publish_after_the_answer_tells_the_country_and_renews_the_public_pages(
    cast, series, mexico_focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    from alliance87.pagecache import current_version

    dataset = dataset_of(cast.alliance.mexico, series)
    notice = notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico]).notices[0]
    notices.answer(by=mexico_focal_point, notice=notice, comment="Las cifras de 2019 son preliminares.", language="es")
    before = current_version()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published = notices.publish(by=cast.secretariat, dataset=dataset)
    assert published.status == DatasetStatus.PUBLISHED and published.published_by == cast.secretariat
    assert current_version() != before
    [mail] = mailoutbox
    assert mail.to == ["focal.mexico@example.org"] and mail.subject.startswith("Published:")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ANSWERED and notice.comment_language == "es"


def test_publish_after_the_period_closes_the_unanswered_notice(cast, series):
    dataset = dataset_of(cast.alliance.mexico, series)
    notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico])
    later = timezone.now() + datetime.timedelta(days=15)
    notices.publish(by=cast.secretariat, dataset=dataset, now=later)
    assert CountryNotice.objects.get(dataset=dataset).status == NoticeStatus.CLOSED


def test_global_figures_publish_directly(cast, series):
    dataset = dataset_of(None, series)
    assert notices.publish_problems(dataset) == []
    assert notices.publish(by=cast.secretariat, dataset=dataset).status == DatasetStatus.PUBLISHED
    with pytest.raises(ValidationError) as error:
        notices.publish(by=cast.secretariat, dataset=dataset)
    assert error.value.messages == ["These figures are published already."]


def test_only_the_secretariat_publishes_and_withdraws(cast, series):
    dataset = dataset_of(None, series)
    with pytest.raises(PermissionDenied):
        notices.publish(by=cast.focal_point, dataset=dataset)
    with pytest.raises(PermissionDenied):
        notices.withdraw(by=cast.outsider, dataset=dataset, reason="Wrong file")


def test_answer_tells_the_secretariat_with_the_dataset_link(
    cast, series, mexico_focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    dataset = dataset_of(cast.alliance.mexico, series)
    notice = notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico]).notices[0]
    cast.secretariat  # noqa: B018 -- the secretariat exists, to be told
    with django_capture_on_commit_callbacks(execute=True):
        notices.answer(by=mexico_focal_point, notice=notice, no_comment=True)
    [mail] = mailoutbox
    assert mail.to == [cast.secretariat.email]
    assert mail.subject == "Mexico answered on “Child labour, example figures”"
    assert "no comment." in mail.body and f"/indicators/manage/{dataset.pk}/" in mail.body
    notice.refresh_from_db()
    assert notice.no_comment and notice.comment == "" and notice.comment_language == ""


def test_answer_refusals(cast, series, mexico_focal_point):
    dataset = dataset_of(cast.alliance.mexico, series)
    notice = notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico]).notices[0]
    with pytest.raises(PermissionDenied):
        notices.answer(by=cast.focal_point, notice=notice, no_comment=True)  # Kenya's focal point
    cases = [
        ({}, {"comment": ["Write a comment, or choose “No comment”."]}),
        (
            {"comment": "Fine", "no_comment": True},
            {"comment": ["Either write a comment or choose “No comment”, not both."]},
        ),
        ({"comment": "x" * 4001, "language": "en"}, {"comment": ["Write at most 4,000 characters (this has 4,001)."]}),
        (
            {"comment": "Fine", "language": "de"},
            {"comment_language": ["Choose the language the comment is written in."]},
        ),
        ({"comment": "a\x00b", "language": "en"}, {"comment": ["Text may not contain NUL characters."]}),
    ]
    for kwargs, expected in cases:
        with pytest.raises(ValidationError) as error:
            notices.answer(by=mexico_focal_point, notice=notice, **kwargs)
        assert error.value.message_dict == expected
    notices.answer(by=mexico_focal_point, notice=notice, comment="x" * 4000, language="en")
    later = notice.closes_at + datetime.timedelta(seconds=1)
    with pytest.raises(ValidationError) as error:
        notices.answer(by=mexico_focal_point, notice=notice, no_comment=True, now=later)
    from alliance87 import dates

    assert error.value.messages == [f"The comment period ended on {dates.day(notice.closes_at)}."]


def test_withdraw_needs_a_reason_and_tells_the_notified_countries(
    cast, series, mexico_focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    dataset = dataset_of(cast.alliance.mexico, series)
    notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico])
    with pytest.raises(ValidationError) as error:
        notices.withdraw(by=cast.secretariat, dataset=dataset, reason="  ")
    assert error.value.message_dict == {"reason": ["Say why the figures are withdrawn."]}
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = notices.withdraw(by=cast.secretariat, dataset=dataset, reason="A corrected file replaces it.")
    assert (
        withdrawn.status == DatasetStatus.WITHDRAWN and withdrawn.withdrawal_reason == "A corrected file replaces it."
    )
    assert CountryNotice.objects.get(dataset=dataset).status == NoticeStatus.CLOSED
    [mail] = mailoutbox
    assert mail.to == ["focal.mexico@example.org"] and "A corrected file replaces it." in mail.body
    with pytest.raises(ValidationError) as error:
        notices.withdraw(by=cast.secretariat, dataset=dataset, reason="Again")
    assert error.value.messages == ["These figures were withdrawn already."]
    with pytest.raises(ValidationError) as error:
        notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.kenya])
    assert error.value.messages == ["These figures were withdrawn."]


def test_withdrawing_published_figures_renews_the_public_pages(cast, series):
    from alliance87.pagecache import current_version

    dataset = dataset_of(None, series, status=DatasetStatus.PUBLISHED)
    before = current_version()
    notices.withdraw(by=cast.secretariat, dataset=dataset, reason="Superseded by the 2024 estimates.")
    assert current_version() != before


def test_counts_for_the_consoles(cast, series, mexico_focal_point):
    draft = dataset_of(cast.alliance.mexico, series)
    noticed = dataset_of(cast.alliance.mexico, series, title="Second")
    notice = notices.open_notice(by=cast.secretariat, dataset=noticed, countries=[cast.alliance.mexico]).notices[0]
    mexico = cast.alliance.mexico.pk
    assert notices.open_notices_by_country([mexico]) == {mexico: 1}
    later = notice.closes_at + datetime.timedelta(seconds=1)
    assert notices.open_notices_by_country([mexico], now=later) == {mexico: 0}
    assert set(Dataset.objects.filter(notices.ready_to_publish_q())) == set()
    assert set(Dataset.objects.filter(notices.ready_to_publish_q(later))) == {noticed}
    assert draft.status == DatasetStatus.DRAFT
    assert Country.objects.filter(pk=mexico).exists()
