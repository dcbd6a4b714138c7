"""The indicator data pages: the secretariat uploads a file, reads its report, confirms what was inferred and
sees the landing; a bad file is refused with its problems by line and column; a dataset's page opens the
notice, publishes and withdraws; the focal point of the notified country reads the figures and comments.
Each other person meets the 403 or the 404 the project gives elsewhere."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance87.accounts.models import Role
from alliance87.indicators import notices
from alliance87.indicators.codes import CHILD_LABOUR_EC
from alliance87.indicators.models import (
    CountryNotice,
    Dataset,
    DatasetStatus,
    ImportStatus,
    IndicatorImport,
    NoticeStatus,
    Observation,
)
from alliance87.testing import make_user

from .test_notices import dataset_of

MEXICO = Path(__file__).resolve().parents[2] / "data" / "sdg-8.7.1" / "mexico" / "indicator_8-7-1.csv"
BAD = (
    b"Year;Sexo;Grupo de edad;Value\r\n"
    b"2019;Hombres;5-17;7,1\r\n"
    b'2019;=HYPERLINK("http://example.org");5-17;6,5\r\n'
    b"2018;Mujeres;5-17;seis\r\n"
)


@pytest.fixture
def mexico_focal_point(alliance):
    return make_user("focal.mexico@example.org", Role.COUNTRY_FOCAL_POINT, alliance.mexico)


def text(response) -> str:
    """The page's text without tags, spaces collapsed: what a reader sees."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


def upload(client, data: bytes, name: str, **fields):
    return client.post(
        "/indicators/manage/", {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **fields}
    )


def test_secretariat_uploads_mexico_confirms_and_sees_it_land(secretariat_client, cast, series):
    response = upload(
        secretariat_client,
        MEXICO.read_bytes(),
        "indicator_8-7-1.csv",
        country=str(cast.alliance.mexico.pk),
        series=str(series.pk),
        source="INEGI, MTI-ENOE",
    )
    run = IndicatorImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/indicators/import/{run.pk}/"
    page = secretariat_client.get(response["Location"])
    shown = text(page)
    assert "Rows 2,079" in shown and "Values 729" in shown and "Empty values (kept empty) 1,350" in shown
    assert "Years 2007–2019 (7)" in shown and "Encoding utf-8-sig" in shown and "Delimiter comma (,)" in shown
    assert "The first 20 rows of the file, as read" in shown and "Estados Unidos Mexicanos" in shown
    inferred = run.report["inferred"]
    assert inferred and all(f'value="{item["value"]}"' in page.content.decode() for item in inferred)
    assert f"What was inferred: {len(inferred)} value" in shown
    assert Dataset.objects.count() == 0  # nothing before the confirmation

    answers = {f"inferred_{i}": item["value"] for i, item in enumerate(inferred)}
    response = secretariat_client.post(
        f"/indicators/import/{run.pk}/", {**answers, "title": "", "source": "INEGI, MTI-ENOE"}
    )
    assert response.status_code == 302
    dataset = Dataset.objects.get()
    assert (dataset.status, dataset.country, dataset.observations.count()) == (
        DatasetStatus.DRAFT,
        cast.alliance.mexico,
        2079,
    )
    page = text(secretariat_client.get(f"/indicators/import/{run.pk}/"))
    assert "Landed: 100%." in page and "holds 2,079 rows, as a draft" in page
    state = secretariat_client.get(f"/indicators/import/{run.pk}/progress.json").json()
    assert state["status"] == "landed" and state["percent"] == 100
    assert state["dataset_url"] == f"/indicators/manage/{dataset.pk}/" and state["text"] == "Landed: 100%."


def test_a_bad_file_shows_its_problems_by_line_and_column_and_saves_nothing(secretariat_client, cast, series):
    response = upload(
        secretariat_client, BAD, "cifras.csv", country=str(cast.alliance.mexico.pk), series=str(series.pk)
    )
    run = IndicatorImport.objects.get()
    assert run.status == ImportStatus.REFUSED
    page = secretariat_client.get(response["Location"])
    shown = text(page)
    assert "Nothing was saved. Correct the file and upload it again." in shown
    assert "Problems, by line and column of the file" in shown
    rows = re.findall(
        r"<tr><td class=\"num\">(\d+)</td><td dir=\"auto\">([^<]*)</td><td>([^<]*)", page.content.decode()
    )
    assert ("3", "Sexo") in {(line, column) for line, column, _message in rows}
    assert any("formula" in message for line, column, message in rows if line == "3")
    assert ("4", "Value") in {(line, column) for line, column, _message in rows}
    assert "Upload a corrected file" in shown and "Confirm these values" not in shown
    assert Dataset.objects.count() == 0 and Observation.objects.count() == 0


def test_confirming_a_value_that_cannot_stand_is_refused_at_the_form(secretariat_client, cast, series):
    upload(
        secretariat_client,
        MEXICO.read_bytes(),
        "mx.csv",
        country=str(cast.alliance.mexico.pk),
        series=str(series.pk),
    )
    run = IndicatorImport.objects.get()
    answers = {f"inferred_{i}": item["value"] for i, item in enumerate(run.report["inferred"])}
    response = secretariat_client.post(f"/indicators/import/{run.pk}/", {**answers, "source": ""})
    assert response.status_code == 400
    assert "Say who published these figures, and where." in text(response)
    assert Dataset.objects.count() == 0


def test_progress_page_while_landing_and_when_interrupted(secretariat_client, cast, series):
    import datetime

    from django.utils import timezone

    run = IndicatorImport.objects.create(
        file_name="big.csv",
        file_sha256="0" * 64,
        status=ImportStatus.RUNNING,
        stage="landing",
        done=40_000,
        total=120_000,
        heartbeat_at=timezone.now(),
        created_by=cast.secretariat,
    )
    page = secretariat_client.get(f"/indicators/import/{run.pk}/")
    body = page.content.decode()
    assert f'data-import-progress="/indicators/import/{run.pk}/progress.json"' in body
    assert '<progress id="import-progress" max="100" value="33">33%</progress>' in body
    assert "Saving the rows: 40,000 of 120,000 rows (33%)" in text(page)
    assert 'aria-live="polite"' in body and f'href="/indicators/import/{run.pk}/" data-progress-refresh' in body
    assert "js/indicators-progress.js" in body
    state = secretariat_client.get(f"/indicators/import/{run.pk}/progress.json").json()
    assert (state["percent"], state["interrupted"], state["dataset_url"]) == (33, False, None)

    IndicatorImport.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
    page = secretariat_client.get(f"/indicators/import/{run.pk}/")
    assert "Interrupted: nothing was saved. Run it again." in text(page)
    assert "Upload a corrected file" in text(page) and "data-import-progress" not in page.content.decode()
    assert secretariat_client.get(f"/indicators/import/{run.pk}/progress.json").json()["interrupted"] is True


@pytest.mark.parametrize("who", ["outsider", "focal_point", "reviewer"])
def test_the_manage_pages_are_the_secretariats(client, cast, series, who):
    dataset = dataset_of(cast.alliance.mexico, series)
    run = IndicatorImport.objects.create(file_name="a.csv", file_sha256="0" * 64, created_by=cast.secretariat)
    client.force_login(getattr(cast, who))
    assert client.get("/indicators/manage/").status_code == 403
    # A draft and an import do not exist for them: the address tells nothing.
    assert client.get(f"/indicators/manage/{dataset.pk}/").status_code == 404
    assert client.get(f"/indicators/manage/{dataset.pk}/tidy.csv").status_code == 404
    assert client.get(f"/indicators/import/{run.pk}/").status_code == 404
    assert client.get(f"/indicators/import/{run.pk}/progress.json").status_code == 404
    assert client.post(f"/indicators/manage/{dataset.pk}/publish/").status_code == 404
    assert Dataset.objects.get(pk=dataset.pk).status == DatasetStatus.DRAFT


def test_anonymous_is_sent_to_sign_in(client, cast, series):
    dataset = dataset_of(cast.alliance.mexico, series)
    for address in ("/indicators/manage/", f"/indicators/manage/{dataset.pk}/", "/indicators/notices/"):
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_notified_focal_point_gets_403_not_404_on_the_manage_page_of_its_figures(
    client, cast, series, mexico_focal_point
):
    dataset = dataset_of(cast.alliance.mexico, series)
    notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico])
    client.force_login(mexico_focal_point)
    assert client.get(f"/indicators/manage/{dataset.pk}/").status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_the_manage_list_counts_in_a_fixed_number_of_queries(
    secretariat_client, cast, series, rows, django_assert_max_num_queries
):
    for n in range(rows):
        dataset = dataset_of(cast.alliance.mexico if n % 2 else None, series, title=f"Figures {n}")
        if n % 2:
            notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico])
    IndicatorImport.objects.create(file_name="waiting.csv", file_sha256="0" * 64, created_by=cast.secretariat)
    secretariat_client.get("/indicators/manage/")  # the first page read in a session records its language
    with django_assert_max_num_queries(12):
        page = secretariat_client.get("/indicators/manage/")
    shown = text(page)
    assert all(f"Figures {n}" in shown for n in range(rows))
    assert "Waiting for your confirmation" in shown and "waiting.csv" in shown
    assert shown.count(CHILD_LABOUR_EC) >= rows


def test_the_manage_list_filters_by_status(secretariat_client, cast, series):
    dataset_of(None, series, title="A draft of global figures")
    dataset_of(None, series, title="Published global figures", status=DatasetStatus.PUBLISHED)
    shown = text(secretariat_client.get("/indicators/manage/?status=published"))
    assert "Published global figures" in shown and "A draft of global figures" not in shown
    assert "No dataset with this status." in text(secretariat_client.get("/indicators/manage/?status=withdrawn"))


def test_open_the_notice_from_the_dataset_page(
    secretariat_client, cast, series, mexico_focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    dataset = dataset_of(cast.alliance.mexico, series)
    page = secretariat_client.get(f"/indicators/manage/{dataset.pk}/")
    body = page.content.decode()
    # Mexico, the country the figures are of, is chosen by default; the closing date is in 14 days.
    assert re.search(rf'value="{cast.alliance.mexico.pk}"[^>]*checked', body)
    assert str(notices.default_closing_day()) in body
    assert "Show it to Mexico first" in text(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            f"/indicators/manage/{dataset.pk}/notice/",
            {
                "countries": [str(cast.alliance.mexico.pk)],
                "other_country": str(cast.alliance.kenya.pk),
                "closes_on": str(notices.default_closing_day()),
            },
            follow=True,
        )
    shown = text(response)
    assert "Shown to Kenya, Mexico for comment until" in shown
    # Kenya's focal point exists only if the cast made it: here nobody, and the page says so.
    assert "No focal point is registered for Kenya: nobody there was told." in shown
    assert [m.to for m in mailoutbox] == [["focal.mexico@example.org"]]
    assert CountryNotice.objects.filter(dataset=dataset).count() == 2
    assert "Waiting for an answer" in shown and "may still comment" in shown


def test_the_notice_form_names_its_errors_at_their_fields(secretariat_client, cast, series):
    dataset = dataset_of(cast.alliance.mexico, series)
    response = secretariat_client.post(
        f"/indicators/manage/{dataset.pk}/notice/", {"countries": [], "closes_on": "2020-01-01"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert re.search(r'id="id_countries_errors"><li>Choose at least one country to show the figures to\.', body)
    assert "Choose a closing date after today" in body


def test_publish_from_the_page_is_refused_with_the_reason_then_goes(secretariat_client, cast, series):
    dataset = dataset_of(cast.alliance.mexico, series)
    response = secretariat_client.post(f"/indicators/manage/{dataset.pk}/publish/", follow=True)
    assert "Show it to Mexico first" in text(response)
    assert Dataset.objects.get(pk=dataset.pk).status == DatasetStatus.DRAFT
    world = dataset_of(None, series, title="World figures")
    response = secretariat_client.post(f"/indicators/manage/{world.pk}/publish/", follow=True)
    assert "Published: the public pages show the figures" in text(response)
    assert Dataset.objects.get(pk=world.pk).status == DatasetStatus.PUBLISHED


def test_withdraw_from_the_page(secretariat_client, cast, series):
    dataset = dataset_of(cast.alliance.mexico, series)
    response = secretariat_client.post(f"/indicators/manage/{dataset.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 400 and "This field is required." in text(response)
    response = secretariat_client.post(
        f"/indicators/manage/{dataset.pk}/withdraw/", {"reason": "A corrected file replaces it."}, follow=True
    )
    shown = text(response)
    assert "Withdrawn. The reason is kept with the dataset." in shown and "A corrected file replaces it." in shown
    assert "Withdraw the figures" not in shown and "Publish the figures" not in shown


def test_the_dataset_page_and_its_tidy_csv(secretariat_client, cast, series):
    dataset = dataset_of(cast.alliance.mexico, series)
    dataset.columns, dataset.file_name = ["Year", "Sexo", "Value"], "mexico.csv"
    dataset.save()
    shown = text(secretariat_client.get(f"/indicators/manage/{dataset.pk}/"))
    assert "Rows and values per series" in shown and f"{CHILD_LABOUR_EC}" in shown
    assert "The first 3 rows, as landed" in shown and "7.5" in shown
    response = secretariat_client.get(f"/indicators/manage/{dataset.pk}/tidy.csv")
    assert response.status_code == 200 and 'filename="mexico.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Year", "Sexo", "Value"] and rows[1] == ["2015", "Total", "7.5"]


# The focal point's side.


def test_the_focal_point_reads_the_figures_and_comments(
    client, cast, series, mexico_focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    dataset = dataset_of(cast.alliance.mexico, series, rows=3)
    notice = notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico]).notices[0]
    cast.secretariat  # noqa: B018 -- someone to tell
    mailoutbox.clear()
    client.force_login(mexico_focal_point)
    page = client.get(f"/indicators/notices/{notice.pk}/")
    shown = text(page)
    assert "Figures for Mexico to comment on" in shown and "Child labour, example figures" in shown
    assert "3 rows, as the file gave them." in shown
    assert "2015 Mexico Sexo: Total 7.5 Percent —" in shown
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/indicators/notices/{notice.pk}/",
            {"comment": "Las cifras de 2019 son preliminares.", "comment_language": "es"},
            follow=True,
        )
    shown = text(response)
    assert "Thank you: your answer is sent to the secretariat." in shown
    assert "Your country’s answer Las cifras de 2019 son preliminares." in shown
    assert 'lang="es"' in response.content.decode()
    [mail] = mailoutbox
    assert mail.to == [cast.secretariat.email] and f"/indicators/manage/{dataset.pk}/" in mail.body
    notice.refresh_from_db()
    assert (notice.status, notice.comment_language) == (NoticeStatus.ANSWERED, "es")
    page = client.get(f"/fr/indicators/notices/{notice.pk}/")
    assert page.status_code == 200 and '<option value="es" selected>' in page.content.decode()  # the answer's


def test_the_comment_language_is_the_pages_by_default(client, cast, series, mexico_focal_point):
    dataset = dataset_of(cast.alliance.mexico, series)
    notice = notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico]).notices[0]
    client.force_login(mexico_focal_point)
    page = client.get(f"/ar/indicators/notices/{notice.pk}/")
    assert page.status_code == 200 and '<option value="ar" selected>' in page.content.decode()


def test_the_answer_form_says_what_is_wrong(client, cast, series, mexico_focal_point):
    dataset = dataset_of(cast.alliance.mexico, series)
    notice = notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico]).notices[0]
    client.force_login(mexico_focal_point)
    response = client.post(f"/indicators/notices/{notice.pk}/", {"comment": "", "comment_language": "en"})
    assert response.status_code == 400
    assert re.search(r'id="id_comment_errors"><li>Write a comment, or choose “No comment”\.', response.content.decode())
    response = client.post(f"/indicators/notices/{notice.pk}/", {"comment": "x" * 4001, "comment_language": "en"})
    assert "Write at most 4,000 characters (this has 4,001)." in text(response)


def test_who_sees_a_notice(client, cast, series, mexico_focal_point, secretariat_client):
    dataset = dataset_of(cast.alliance.mexico, series)
    notice = notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico]).notices[0]
    address = f"/indicators/notices/{notice.pk}/"
    assert secretariat_client.get(address).status_code == 200
    for other in (cast.focal_point, cast.outsider, cast.partner_editor):  # Kenya's focal point among them
        client.force_login(other)
        assert client.get(address).status_code == 404
        assert client.post(address, {"no_comment": "on", "comment_language": "en"}).status_code == 404
    client.force_login(cast.outsider)
    assert client.get("/indicators/notices/").status_code == 403
    client.force_login(mexico_focal_point)
    page = client.get("/indicators/notices/")
    assert "Waiting for an answer" in text(page) and address in page.content.decode()
    client.force_login(cast.focal_point)
    assert address not in client.get("/indicators/notices/").content.decode()


def test_after_the_period_the_page_says_so_and_takes_no_answer(client, cast, series, mexico_focal_point):
    import datetime

    from django.utils import timezone

    dataset = dataset_of(cast.alliance.mexico, series)
    notice = notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[cast.alliance.mexico]).notices[0]
    CountryNotice.objects.filter(pk=notice.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(mexico_focal_point)
    page = client.get(f"/indicators/notices/{notice.pk}/")
    assert "The comment period ended on" in text(page) and "Send the answer" not in text(page)
    response = client.post(f"/indicators/notices/{notice.pk}/", {"no_comment": "on", "comment_language": "en"})
    assert response.status_code == 400 and "The comment period ended on" in text(response)
