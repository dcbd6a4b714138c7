"""The ten-year report's build: a PDF per language with its cover, contents, sections, figures and annex,
built by the secretariat only, its progress and its interruption."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from pypdf import PdfReader

from alliance87.indicators import codes
from alliance87.indicators.models import Dataset, DatasetStatus, Observation, Series, SeriesKind, Unit
from alliance87.stocktake import figures, report
from alliance87.stocktake.models import BuildStatus, TenYearReport
from alliance87.testing import pdf_fonts

ESTIMATES_SOURCE = "ILO-UNICEF, Child Labour: Global estimates 2024 (June 2025)"
# The report's title in each language, from the platform's catalogue (the home page says it too).
TITLES = {
    "en": "Ten years of partnership and action",
    "fr": None,  # whatever the French catalogue says; checked against gettext below
    "es": None,
    "ar": "عشر سنوات من الشراكة والعمل",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def estimates(alliance):
    """The global estimate of children in child labour, published (as load-indicator-data would)."""
    series, _created = Series.objects.get_or_create(
        code=codes.CHILDREN_IN_CHILD_LABOUR,
        defaults={"kind": SeriesKind.NATIONAL, "title": "Children in child labour", "unit": Unit.PERCENT},
    )
    dataset = Dataset.objects.create(
        title="Global estimates of child labour",
        status=DatasetStatus.PUBLISHED,
        source=ESTIMATES_SOURCE,
        source_date=datetime.date(2025, 6, 11),
        published_at=timezone.now(),
    )
    for row, (year, value) in enumerate(((2000, "246"), (2016, "152"), (2020, "160"), (2024, "138")), start=1):
        Observation.objects.create(
            dataset=dataset, series=series, row=row, year=year, area=codes.WORLD, value=Decimal(value), value_text=value
        )
    return dataset


def reader_of(built: TenYearReport) -> PdfReader:
    with built.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def flat(text: str) -> str:
    return " ".join(text.split())


def toc_numbers(reader: PdfReader) -> list[int]:
    """The page numbers the contents print, in order (the number ends the line, or starts it right to left)."""
    numbers = []
    for line in reader.pages[1].extract_text().splitlines():
        found = re.search(r"(\d+)\s*$", line) or re.match(r"^\s*(\d+)\b", line)
        if found:
            numbers.append(int(found.group(1)))
    return numbers


def outline(reader: PdfReader) -> list[tuple[str, int]]:
    """The bookmarks of the first level: (title, page number counted from 1)."""
    return [
        (item.title, reader.get_destination_page_number(item) + 1)
        for item in reader.outline
        if not isinstance(item, list)
    ]


def test_the_report_in_each_language_has_its_title_contents_sections_figures_and_annex(cast, estimates):
    built = report.start_all(by=cast.secretariat)

    assert [b.language for b in built] == ["en", "fr", "es", "ar"]
    for one in built:
        assert one.status == BuildStatus.DONE, one.error
        reader = reader_of(one)
        assert one.pages == len(reader.pages) > 4
        assert one.size == one.file.size
        assert one.data_as_of is not None
        with translation.override(one.language):
            title = translation.gettext("Ten years of partnership and action")
            section_titles = [str(s.title) for s in figures.all_sections()]
        if TITLES[one.language]:
            assert title == TITLES[one.language]
        # The PDF says its title and language to a screen reader and a library.
        assert title in reader.metadata.title
        assert reader.trailer["/Root"]["/Lang"] == one.language
        # Each entry of the contents points to the page where its section begins, as the bookmarks say.
        marks = outline(reader)
        marked = [page for _title, page in marks]
        numbers = toc_numbers(reader)
        assert numbers[: len(marked) - 1] == marked[1:], (numbers, marks)  # the first bookmark is the contents
        for name, page in marks[1 : len(section_titles) + 1]:
            assert any(name.endswith(t) for t in section_titles), name
            if one.language != "ar":  # Arabic letters come out of the text layer in presentation forms
                assert name.split(" ", 1)[1] in flat(reader.pages[page - 1].extract_text())
        used = pdf_fonts(reader)
        assert "Noto-Sans" in used and not any(name.startswith("DejaVu") for name in used), used
        if one.language == "ar":
            assert "Noto-Sans-Arabic" in used

    english = reader_of(built[0])
    text = flat(" ".join(page.extract_text() for page in english.pages))
    # The cover
    assert "Alliance 8.7" in flat(english.pages[0].extract_text())
    assert "2016–2026" in flat(english.pages[0].extract_text())
    # A figure computed from the data, with its source and date, and the chart's table
    assert "138 million Source: " + ESTIMATES_SOURCE + " · 11 June 2025" in text
    assert "2020 160" in text
    # The annex: a profile of each Pathfinder Country the platform knows something about
    assert "Annex: the Pathfinder Countries one by one" in text
    assert "Kenya" in text and "Mexico" in text
    # Page numbers in the footer
    assert f"Page 3 / {built[0].pages}" in text


def test_a_number_is_written_in_the_reports_language(cast, estimates):
    Observation.objects.filter(dataset=estimates, year=2024).update(value=Decimal("137.6"), value_text="137.6")
    built = report.start(language="fr", by=cast.secretariat)
    text = flat(" ".join(page.extract_text() for page in reader_of(built).pages))
    assert "137,6 million" in text or "137,6 millions" in text, text[:3000]


@pytest.mark.parametrize("who", ["focal_point", "outsider", "reviewer"])
def test_only_the_secretariat_builds_the_report(cast, who):
    with pytest.raises(PermissionDenied):
        report.start(language="en", by=getattr(cast, who))
    with pytest.raises(PermissionDenied):
        report.start_all(by=getattr(cast, who))
    assert not TenYearReport.objects.exists()


def test_a_language_the_platform_does_not_speak_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        report.start(language="de", by=cast.secretariat)
    assert refused.value.message_dict == {"language": ["Choose one of the platform’s languages."]}


def test_a_second_build_of_a_language_under_way_is_refused(cast):
    TenYearReport.objects.create(
        language="fr",
        status=BuildStatus.RUNNING,
        stage="layout",
        heartbeat_at=timezone.now(),
        created_by=cast.secretariat,
    )
    with pytest.raises(ValidationError) as refused:
        report.start(language="fr", by=cast.secretariat)
    assert refused.value.message_dict == {"language": ["The report in French is already being built."]}


def test_a_build_silent_for_a_minute_is_interrupted_and_is_built_again(cast, monkeypatch):
    beat = timezone.now()
    lost = TenYearReport.objects.create(
        language="es", status=BuildStatus.RUNNING, stage="layout", heartbeat_at=beat, created_by=cast.secretariat
    )
    monkeypatch.setattr(timezone, "now", lambda: beat + datetime.timedelta(seconds=59))
    assert not report.is_interrupted(lost)
    assert report.progress(lost)["interrupted"] is False
    monkeypatch.setattr(timezone, "now", lambda: beat + datetime.timedelta(seconds=61))
    assert report.is_interrupted(lost)
    state = report.progress(lost)
    assert state["interrupted"] is True and state["finished"] is True
    # A second build of the language is allowed: the first one's process is gone.
    monkeypatch.setattr(report, "render_report", lambda r, progress=None: (b"%PDF-1.7 small", 1))
    again = report.build_again(report=lost, by=cast.secretariat)
    lost.refresh_from_db()
    assert lost.status == BuildStatus.FAILED
    assert lost.error == "Interrupted: the process building it stopped. It was built again."
    assert again.pk != lost.pk and again.language == "es" and again.status == BuildStatus.DONE


def test_a_build_that_neither_failed_nor_stopped_is_not_built_again(cast):
    alive = TenYearReport.objects.create(
        language="es", status=BuildStatus.RUNNING, heartbeat_at=timezone.now(), created_by=cast.secretariat
    )
    with pytest.raises(ValidationError):
        report.build_again(report=alive, by=cast.secretariat)
    with pytest.raises(PermissionDenied):
        report.build_again(report=alive, by=cast.outsider)


def test_the_progress_says_the_stage_and_how_far(cast):
    waiting = TenYearReport.objects.create(language="ar", created_by=cast.secretariat, stage="queued")
    assert report.progress(waiting) == {
        "id": waiting.pk,
        "language": "ar",
        "status": "queued",
        "stage": "queued",
        "stage_label": "Waiting to start",
        "done": 0,
        "total": 0,
        "percent": 0,
        "interrupted": False,
        "finished": False,
        "error": "",
    }
    TenYearReport.objects.filter(pk=waiting.pk).update(status=BuildStatus.RUNNING, stage="annex", done=13, total=26)
    waiting.refresh_from_db()
    state = report.progress(waiting)
    assert (state["stage_label"], state["percent"], state["finished"]) == ("Writing the country profiles", 25, False)
    TenYearReport.objects.filter(pk=waiting.pk).update(status=BuildStatus.RUNNING, stage="layout")
    waiting.refresh_from_db()
    assert report.progress(waiting)["percent"] == 50


def test_the_starter_is_told_by_mail_when_the_report_is_ready(cast, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(report, "render_report", lambda r, progress=None: (b"%PDF-1.7 small", 7))
    with django_capture_on_commit_callbacks(execute=True):
        built = report.start(language="en", by=cast.secretariat)
    assert built.status == BuildStatus.DONE and built.pages == 7
    assert [m.to for m in mail.outbox] == [[cast.secretariat.email]]
    assert mail.outbox[0].subject == "The ten-year report in English is ready"
    assert "/ten-years/report/" in mail.outbox[0].body


def test_a_failed_build_says_why_and_tells_its_starter(cast, monkeypatch, django_capture_on_commit_callbacks):
    def broken(r, progress=None):
        raise RuntimeError("the layout ran out of memory")

    monkeypatch.setattr(report, "render_report", broken)
    with django_capture_on_commit_callbacks(execute=True):
        built = report.start(language="fr", by=cast.secretariat)
    assert built.status == BuildStatus.FAILED
    assert built.error == "The build stopped: the layout ran out of memory"
    assert not built.file
    assert mail.outbox[0].subject == "The ten-year report in French could not be built"
    assert report.latest("fr") is None


def test_latest_is_the_newest_ready_report_of_each_language(cast):
    now = timezone.now()
    older = TenYearReport.objects.create(
        language="en", status=BuildStatus.DONE, finished_at=now - datetime.timedelta(days=2)
    )
    newer = TenYearReport.objects.create(language="en", status=BuildStatus.DONE, finished_at=now)
    TenYearReport.objects.create(
        language="en", status=BuildStatus.FAILED, finished_at=now + datetime.timedelta(hours=1)
    )
    arabic = TenYearReport.objects.create(language="ar", status=BuildStatus.DONE, finished_at=older.finished_at)
    assert report.latest("en") == newer
    assert report.latest_ready() == {"en": newer, "ar": arabic}
    assert report.latest("es") is None
    # The console counts the languages whose newest build failed or is under way: English failed last.
    TenYearReport.objects.create(language="es", status=BuildStatus.RUNNING, heartbeat_at=now)
    assert report.waiting_count() == 2
