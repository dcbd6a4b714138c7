"""The Pathfinder work's own texts in the reader's language (issue 14): the Framework's criteria, the
cycles' titles, their indicators and questions, on every page that shows them, in the admin, in the
exports and in the e-mails; an untranslated text shows in English, marked ``lang="en"``."""

import csv
import datetime
import io
import re
from html.parser import HTMLParser
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from alliance87.pathfinders import exports, services
from alliance87.pathfinders.defaults import (
    DEFAULT_CRITERIA,
    DEFAULT_INDICATORS,
    DEFAULT_QUESTIONS,
    FRAMEWORK_NAME,
    cycle_title,
)
from alliance87.pathfinders.models import CycleQuestion, FrameworkVersion, ReportCycle
from alliance87.pathfinders.services.reports import missing_for_submission

from .test_report_pages import client_for, give_roadmap, open_cycle, text

TODAY = datetime.date.today()
QUESTION_1 = DEFAULT_QUESTIONS[0]
INDICATOR_1 = DEFAULT_INDICATORS[0][1]  # 8.7.1-a
UNTRANSLATED = "Which laws on child labour were passed this year?"


@pytest.fixture
def kenya_report(cast, alliance):
    """Kenya's draft for the 2026 cycle, opened with the default template."""
    give_roadmap(alliance.kenya, cast.secretariat)
    cycle = services.cycle_create(
        by=cast.secretariat,
        year=2026,
        title=cycle_title(2026),
        opens_on=TODAY - datetime.timedelta(days=10),
        deadline=TODAY + datetime.timedelta(days=60),
    )
    return services.report_start(country=alliance.kenya, cycle=cycle, by=cast.focal_point)


def url_of(name: str, *args) -> str:
    """A page's address without a language prefix (``reverse`` follows the language a request left on)."""
    with translation.override("en"):
        return reverse(name, args=args)


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return text(response)


def main_of(page: str) -> str:
    """The page's own content, without the shared header and footer."""
    return page[page.index("<main") : page.index("</main>")]


# ---- The report form -------------------------------------------------------------------------------


def test_a_french_focal_point_reports_through_french_questions_and_indicators(cast, kenya_report):
    page = page_of(client_for(cast.focal_point), "/fr" + url_of("pathfinders:report_edit", kenya_report.pk))
    assert QUESTION_1["fr"] in page
    assert INDICATOR_1["fr"] in page
    assert "Rapports annuels d’avancement 2026</h1>" in page
    assert QUESTION_1["en"] not in page and INDICATOR_1["en"] not in page
    assert '<span lang="en">' not in main_of(page)  # nothing of the template falls back


def test_an_untranslated_question_shows_in_english_marked_lang_en(cast, kenya_report):
    CycleQuestion.objects.create(cycle=kenya_report.cycle, position=9, text=UNTRANSLATED, required=False)
    focal = client_for(cast.focal_point)
    url = url_of("pathfinders:report_edit", kenya_report.pk)
    assert f'<span lang="en">{UNTRANSLATED}</span>' in page_of(focal, "/fr" + url)
    focal.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the English link chosen: else French is remembered
    english = page_of(focal, url)
    assert UNTRANSLATED in english and f'<span lang="en">{UNTRANSLATED}' not in english  # never on English pages


def test_the_report_page_and_the_reports_list_follow_the_reader(cast, kenya_report):
    focal = client_for(cast.focal_point)
    page = page_of(focal, "/es" + url_of("pathfinders:report", kenya_report.pk))
    assert QUESTION_1["es"] in page and "<title>Kenia: Informes anuales de progreso 2026" in page
    page = page_of(focal, "/ar" + url_of("pathfinders:reports"))
    assert "تقارير التقدم السنوية 2026" in page


def test_a_missing_answer_is_named_in_the_readers_language(cast, kenya_report):
    with translation.override("fr"):
        missing = missing_for_submission(kenya_report)
    assert any(QUESTION_1["fr"] in message for message in missing.values())


# ---- The Framework ---------------------------------------------------------------------------------


def test_the_arabic_framework_page_shows_the_arabic_criteria(client, alliance):
    page = page_of(client, "/ar" + url_of("pathfinders:framework"))
    assert FRAMEWORK_NAME["ar"] in page
    for _code, title, _judged_by, _rule in DEFAULT_CRITERIA:
        assert title["ar"] in page
        assert title["en"] not in page
    assert '<span lang="en">' not in main_of(page)


def test_a_criterion_without_a_translation_shows_in_english_marked(client, cast, alliance):
    open_cycle(cast.secretariat, 2026)  # the matrix, whose column heads name the criteria, shows a cycle
    version = FrameworkVersion.objects.get(is_current=True)
    version.criteria.create(position=9, code="AF7", title="A test criterion in English only", judged_by="reviewer")
    page = page_of(client, "/fr" + url_of("pathfinders:framework"))
    assert '<span lang="en">A test criterion in English only</span>' in page
    assert 'title="A test criterion in English only"' in page  # the matrix's abbreviation: plain text


def test_the_country_page_shows_the_assessment_criteria_in_french(client, example):
    page = page_of(client, "/fr" + example.get_absolute_url())
    assert DEFAULT_CRITERIA[0][1]["fr"] in page
    assert "Rapports annuels d’avancement" in page and "(cycle d’exemple)" in page


# ---- Cycles: made in every language, whoever opens them --------------------------------------------


def test_a_cycle_opened_from_a_french_page_keeps_its_english_title_and_gets_the_others(
    cast, alliance, secretariat_client, django_capture_on_commit_callbacks, mailoutbox
):
    give_roadmap(alliance.kenya, cast.secretariat)
    focal = cast.focal_point
    focal.language = "fr"
    focal.save(update_fields=["language"])
    deadline = TODAY + datetime.timedelta(days=90)
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(
            "/fr" + url_of("pathfinders:report_cycle_open"), {"year": "2026", "deadline": deadline.isoformat()}
        )
    cycle = ReportCycle.objects.get(year=2026)
    assert cycle.title == "Annual progress reports 2026"  # was the opener's French
    assert cycle.translations["fr"]["title"] == "Rapports annuels d’avancement 2026"
    assert cycle.translations["ar"]["title"] == "تقارير التقدم السنوية 2026"
    assert cycle.questions.first().translations["es"]["text"] == QUESTION_1["es"]
    [mail] = [m for m in mailoutbox if m.to == [focal.email]]
    assert mail.subject == "Les rapports annuels d’avancement pour 2026 sont ouverts"


def test_reminders_name_the_cycle_in_each_focal_points_language(
    cast, alliance, mailoutbox, django_capture_on_commit_callbacks
):
    give_roadmap(alliance.kenya, cast.secretariat)
    deadline = TODAY + datetime.timedelta(days=3)
    services.cycle_create(by=cast.secretariat, year=2026, title=cycle_title(2026), opens_on=TODAY, deadline=deadline)
    focal = cast.focal_point
    focal.language = "es"
    focal.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(today=TODAY)
    [mail] = [m for m in mailoutbox if m.to == [focal.email]]
    assert "Informes anuales de progreso 2026" in mail.subject


def test_migration_gives_existing_default_rows_their_translations_and_leaves_edited_ones(cast, alliance):
    cycle = ReportCycle.objects.create(
        year=2019, title="Annual progress reports 2019", opens_on=TODAY, deadline=TODAY, is_example=False
    )
    default = CycleQuestion.objects.create(cycle=cycle, position=0, text=QUESTION_1["en"])
    edited = CycleQuestion.objects.create(cycle=cycle, position=1, text="A question the secretariat rewrote")
    kept = CycleQuestion.objects.create(
        cycle=cycle, position=2, text=DEFAULT_QUESTIONS[1]["en"], translations={"fr": {"text": "Déjà traduite"}}
    )
    migration = import_module("alliance87.pathfinders.migrations.0006_content_in_every_language")
    migration.fill_default_translations(apps, None)
    for row in (cycle, default, edited, kept):
        row.refresh_from_db()
    assert cycle.translations["fr"]["title"] == "Rapports annuels d’avancement 2019"
    assert default.translations["ar"]["text"] == QUESTION_1["ar"]
    assert edited.translations == {}
    assert kept.translations["fr"]["text"] == "Déjà traduite"
    assert kept.translations["es"]["text"] == DEFAULT_QUESTIONS[1]["es"]


# ---- The admin ---------------------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The values a browser would post from the page's main form (inputs, textareas, selects)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea = self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[name] = a.get("value") or "on"
            else:
                self.data[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def test_the_admin_edits_a_question_in_french_and_the_french_form_shows_it(cast, kenya_report, secretariat_client):
    cycle = kenya_report.cycle
    url = url_of("admin:pathfinders_reportcycle_change", cycle.pk)
    page = page_of(secretariat_client, url)
    assert "question (arabic)" in page.lower()
    parser = _FormFields()
    parser.feed(page)
    data = {k: v.lstrip("\n") for k, v in parser.data.items()}
    first = next(k for k, v in data.items() if re.fullmatch(r"questions-\d+-text__fr", k) and v == QUESTION_1["fr"])
    data[first] = "Quels progrès pour chaque priorité cette année ? (revu par le secrétariat)"
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, text(response)[:3000]
    page = page_of(client_for(cast.focal_point), "/fr" + url_of("pathfinders:report_edit", kenya_report.pk))
    assert "Quels progrès pour chaque priorité cette année ? (revu par le secrétariat)" in page
    assert QUESTION_1["fr"] not in page


def test_the_admin_refuses_a_translation_longer_than_the_question_allows(cast, kenya_report, secretariat_client):
    cycle = kenya_report.cycle
    url = url_of("admin:pathfinders_reportcycle_change", cycle.pk)
    parser = _FormFields()
    parser.feed(page_of(secretariat_client, url))
    data = {k: v.lstrip("\n") for k, v in parser.data.items()}
    data["questions-0-text__es"] = "x" * 1001
    page = text(secretariat_client.post(url, data))
    assert "1000" in page and "errorlist" in page
    assert cycle.questions.get(position=0).translations["es"]["text"] == QUESTION_1["es"]


# ---- Exports -----------------------------------------------------------------------------------------


def _answered(cast, report):
    services.report_save(
        report=report,
        by=cast.focal_point,
        indicator_values={"8.7.1-a": {"value": "11.2", "year": 2026, "note": "Survey"}},
        answers={str(report.cycle.questions.first().pk): "Written in English by the focal point."},
    )
    return report


def test_the_csv_downloaded_from_a_french_page_asks_in_french_and_keeps_the_answers(cast, kenya_report):
    report = _answered(cast, kenya_report)
    response = client_for(cast.focal_point).get("/fr" + url_of("pathfinders:report_csv", report.pk))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    with translation.override("fr"):
        assert rows[0] == exports.report_header()
    assert rows[0][2] != "Label"
    by_item = {row[1]: row for row in rows[1:]}
    assert by_item["Q1"][2:4] == [QUESTION_1["fr"], "Written in English by the focal point."]
    assert by_item["8.7.1-a"][2] == INDICATOR_1["fr"]


def test_the_xlsx_downloaded_from_an_arabic_page_asks_in_arabic(cast, kenya_report):
    report = _answered(cast, kenya_report)
    response = client_for(cast.focal_point).get("/ar" + url_of("pathfinders:report_xlsx", report.pk))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    by_item = {row[1]: row for row in rows[1:]}
    assert by_item["Q1"][2] == QUESTION_1["ar"]
    assert by_item["Q1"][3] == "Written in English by the focal point."


def test_the_rows_of_every_export_follow_the_page_language(cast, kenya_report):
    report = _answered(cast, kenya_report)
    with translation.override("es"):
        rows = exports.report_rows(report)
    assert [r.label for r in rows if r.item == "Q1"] == [QUESTION_1["es"]]


def test_the_pdf_downloaded_from_a_french_page_asks_in_french(cast, kenya_report):
    from pypdf import PdfReader  # noqa: PLC0415

    report = _answered(cast, kenya_report)
    response = client_for(cast.focal_point).get("/fr" + url_of("pathfinders:report_pdf", report.pk))
    words = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "chaque priorité de la feuille de route" in words
    assert "Written in English by the focal point." in words
