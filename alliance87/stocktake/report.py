"""The ten-year report: one PDF per language, generated from the stocktake's data, built in the background.

Writes (each checks its right here, for the page, the console and the API alike):
- ``start`` (the secretariat): a ``TenYearReport`` row at once (queued), the build after the commit in a
  thread of this process, so the page that asked shows its progress live. On the tests' in-memory SQLite
  database, which only the thread that made it sees, the build is done before ``start`` returns.
- ``start_all``: the four languages, queued at once and built one after the other by one thread (a render
  holds the process's one PDF layout at a time anyway: ``alliance87.pdf``).
- ``build_again``: an interrupted or failed build closed and started anew.

The build (``build``): the data is read once, at ``data_as_of`` (the stocktake's sections and the annex's
country profiles, in the report's language), each section is written as HTML, then the whole is laid out
as one PDF by ``alliance87.pdf.render`` (the table of contents takes its page numbers from the layout:
``target-counter``) and stored with its page count and size. The progress (stage, done/total) is written to
the row at most every ``PROGRESS_EVERY`` seconds; a ticker keeps ``heartbeat_at`` fresh while the layout,
one long call, says nothing. A build queued or running whose heartbeat is older than ``STALE_AFTER`` lost its
process (a restart, a crash): it is shown as interrupted, with "Build again". A build that ends sends its
starter an e-mail with the link.

Reads: ``latest`` (the newest ready report of a language), ``latest_ready`` (one per language, one query),
``recent_builds`` (for the secretariat's list), ``progress`` (the progress JSON).
"""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87 import background, dates, pagecache, pdf
from alliance87.notify import absolute, notify, recipient_language
from alliance87.writes import require

from .models import BuildStatus, TenYearReport

log = logging.getLogger(__name__)

PERM = "stocktake.build_report"
PROGRESS_EVERY = 0.5  # seconds between two progress writes: the page polls every second
HEARTBEAT_EVERY = 5  # seconds: the ticker's beat while the layout runs
STALE_AFTER = 60  # seconds without a heartbeat: the process building it is gone
UNDER_WAY = (BuildStatus.QUEUED, BuildStatus.RUNNING)
TEMPLATE = "stocktake/report/pdf.html"


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def stage_labels() -> dict[str, str]:
    """What each stage is called on the page and in the progress JSON (the row keeps the key)."""
    return {
        "queued": _("Waiting to start"),
        "reading": _("Reading the data"),
        "writing": _("Writing the sections"),
        "annex": _("Writing the country profiles"),
        "layout": _("Laying out the pages"),
        "saving": _("Saving the file"),
        "done": _("Ready"),
        "failed": _("Failed"),
    }


# --- Starting a build -----------------------------------------------------------------------------------


def _in_background() -> bool:
    """A thread of this process, except on an in-memory SQLite database (the tests'), which only the
    connection of the thread that made it sees: there the build is done before ``start`` returns."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return False
    return getattr(settings, "TEN_YEAR_REPORT_IN_BACKGROUND", not getattr(settings, "TESTING", False))


def _check_language(language: str) -> None:
    if language not in languages():
        raise ValidationError({"language": _("Choose one of the platform’s languages.")})


def _refuse_second_build(language: str) -> None:
    """One build per language at a time: a second would only lay out the same pages again."""
    now = timezone.now()
    for report in TenYearReport.objects.filter(language=language, status__in=UNDER_WAY):
        if not is_interrupted(report, now):
            raise ValidationError(
                {
                    "language": _("The report in %(language)s is already being built.")
                    % {"language": language_name(language)}
                }
            )


def _queue(language: str, by) -> TenYearReport:
    return TenYearReport.objects.create(language=language, created_by=by, stage="queued")


def _launch(report_ids: list[int], background: bool | None) -> None:
    if background is None:
        background = _in_background()
    if background:
        transaction.on_commit(lambda: _start_thread(report_ids))
    else:
        for report_id in report_ids:
            build(report_id)


def start(*, language: str, by, background: bool | None = None) -> TenYearReport:
    """Queue a build of the report in ``language``.

    Side effects: a ``TenYearReport`` (queued); once the transaction commits, the build in a thread of this
    process (``background``; by default, except on the tests' in-memory database, where it is done at once):
    see ``build``. Refused while a build of that language is under way.
    """
    require(by, PERM)
    _check_language(language)
    _refuse_second_build(language)
    report = _queue(language, by)
    _launch([report.pk], background)
    report.refresh_from_db()
    return report


def start_all(*, by, background: bool | None = None) -> list[TenYearReport]:
    """Queue the four languages; one thread builds them one after the other (English first).

    Side effects: a ``TenYearReport`` per language not already being built, then as ``start``.
    """
    require(by, PERM)
    now = timezone.now()
    busy = {r.language for r in TenYearReport.objects.filter(status__in=UNDER_WAY) if not is_interrupted(r, now)}
    queued = [_queue(language, by) for language in languages() if language not in busy]
    if not queued:
        raise ValidationError({"language": _("The report is already being built in every language.")})
    _launch([r.pk for r in queued], background)
    for report in queued:
        report.refresh_from_db()
    return queued


def build_again(*, report: TenYearReport, by, background: bool | None = None) -> TenYearReport:
    """Start anew a build that was interrupted or failed (same language).

    Side effects: an interrupted build is marked failed, saying so; a new build as ``start``.
    """
    require(by, PERM)
    if is_interrupted(report):
        TenYearReport.objects.filter(pk=report.pk).update(
            status=BuildStatus.FAILED,
            stage="failed",
            error=_("Interrupted: the process building it stopped. It was built again."),
            finished_at=timezone.now(),
        )
    elif report.status != BuildStatus.FAILED:
        raise ValidationError(_("Only a build that failed or was interrupted can be built again."))
    return start(language=report.language, by=by, background=background)


def _start_thread(report_ids: list[int]) -> None:
    name = "ten-year-report-" + "-".join(str(i) for i in report_ids)
    background.start(lambda: build_beating(report_ids), name=name)


def _build_each(report_ids: list[int], echo) -> None:
    for report_id in report_ids:
        try:
            build(report_id, echo=echo)
        except Exception:  # noqa: BLE001 -- build() records its failures; this keeps the next language going
            log.exception("Ten-year report %s: the build raised", report_id)


def build_beating(report_ids: list[int], *, echo=None) -> None:
    """``build`` each of ``report_ids`` in turn, with a ticker beside them that keeps the heartbeat of every
    one still queued or running fresh: the layout says nothing while it runs, and the languages queued behind
    it wait (the thread's work, and the command's). No ticker on an in-memory database, which another thread
    cannot see."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        _build_each(report_ids, echo)
        return
    background.with_heartbeat(
        lambda: _build_each(report_ids, echo),
        beat=lambda: TenYearReport.objects.filter(pk__in=report_ids, status__in=UNDER_WAY).update(
            heartbeat_at=timezone.now()
        ),
        every=HEARTBEAT_EVERY,
        name="ten-year-report",
    )


# --- The build ----------------------------------------------------------------------------------------


class _Progress:
    """The build's progress, written to the row at most every ``PROGRESS_EVERY`` seconds (a new stage and
    the last step of one are always written). ``echo``: also told to a terminal (the command's bar)."""

    def __init__(self, report_id: int, echo=None):
        self.report_id = report_id
        self.echo = echo
        self.last = 0.0
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.echo is not None:
            self.echo(stage, done, total)
        now = time.monotonic()
        if stage == self.stage and now - self.last < PROGRESS_EVERY and done < total:
            return
        self.stage, self.last = stage, now
        try:
            TenYearReport.objects.filter(pk=self.report_id).update(
                stage=stage, done=done, total=total, heartbeat_at=timezone.now()
            )
        except DatabaseError:  # progress is for the page: a busy database must not stop the build
            log.warning("Ten-year report %s: its progress could not be written", self.report_id, exc_info=True)


@dataclass
class Contents:
    """What the report is written from, read once (``as_of``)."""

    as_of: datetime.datetime
    sections: list = field(default_factory=list)
    profiles: list = field(default_factory=list)


def annex_countries() -> list:
    """The Pathfinder Countries of the annex: every real one, by name (example countries never)."""
    from alliance87.network.models import Country  # noqa: PLC0415

    return sorted(Country.objects.filter(is_pathfinder=True, is_example=False), key=lambda c: c.name)


def read_contents() -> Contents:
    """The stocktake's sections and the annex's country profiles, in the active language.

    A profile is kept when the platform holds something about the country beyond its name (a step of the
    pathway, a roadmap, a published report, a national figure, a commitment)."""
    from . import figures, profiles  # noqa: PLC0415 -- they read every app; only a build needs them

    as_of = timezone.now()
    sections = list(figures.all_sections())
    found = []
    for country in annex_countries():
        profile = profiles.profile(country)
        if _has_data(profile):
            found.append(profile)
    return Contents(as_of=as_of, sections=sections, profiles=found)


def _has_data(profile) -> bool:
    pathway = getattr(profile, "pathway", None)
    return bool(
        getattr(pathway, "stage", None)
        or profile.current_roadmap
        or profile.reports_published
        or profile.series
        or profile.commitment_count
    )


def build(report_id: int, *, echo=None) -> None:
    """Do the queued build ``report_id``: read the data, write the sections, lay out the PDF, store it.

    Side effects: the row's status, progress and heartbeat as it goes; on success the file (in the media
    storage), its pages, size and ``data_as_of``, the cached public pages renewed and an e-mail to whoever
    started it; on failure the row is marked failed with a readable message and its starter told.
    ``echo(stage, done, total)``: the progress told to a terminal as well.
    """
    started = timezone.now()
    claimed = TenYearReport.objects.filter(pk=report_id, status=BuildStatus.QUEUED).update(
        status=BuildStatus.RUNNING, stage="reading", started_at=started, heartbeat_at=started
    )
    if not claimed:
        return  # built elsewhere, or no longer queued
    report = TenYearReport.objects.select_related("created_by").get(pk=report_id)
    progress = _Progress(report_id, echo)
    try:
        with translation.override(report.language):
            data, pages = render_report(report, progress)
        progress("saving", 0, 1)
        name = f"alliance87-ten-year-report-{report.language}-{report.pk}.pdf"
        report.file.save(name, ContentFile(data), save=False)
    except Exception as error:  # noqa: BLE001 -- any failure ends the build with a message
        log.exception("Ten-year report %s failed", report_id)
        TenYearReport.objects.filter(pk=report_id).update(
            status=BuildStatus.FAILED,
            stage="failed",
            error=_("The build stopped: %(error)s") % {"error": str(error) or type(error).__name__},
            finished_at=timezone.now(),
        )
        _tell_build_ended(report, ok=False)
        return
    now = timezone.now()
    TenYearReport.objects.filter(pk=report_id).update(
        status=BuildStatus.DONE,
        stage="done",
        done=1,
        total=1,
        file=report.file.name,
        pages=pages,
        size=len(data),
        finished_at=now,
        heartbeat_at=now,
    )
    if echo is not None:
        echo("done", 1, 1)
    pagecache.public_pages_changed()
    _tell_build_ended(report, ok=True)


def render_report(report: TenYearReport, progress=None) -> tuple[bytes, int]:
    """The report as PDF bytes and its number of pages, in the active language (the build's work).

    Side effects: the row's ``data_as_of`` once the data is read; the progress through ``progress``."""
    progress = progress or (lambda stage, done, total: None)
    contents = read_contents()
    report.data_as_of = contents.as_of
    TenYearReport.objects.filter(pk=report.pk).update(data_as_of=contents.as_of)
    total = len(contents.sections) + len(contents.profiles)
    written = 0
    sections = []
    for number, section in enumerate(contents.sections, start=1):
        progress("writing", written, total)
        view = section_view(section, number)
        view["html"] = render_to_string("stocktake/report/_section.html", {"s": view})
        sections.append(view)
        written += 1
    annex = []
    for number, profile in enumerate(contents.profiles, start=1):
        progress("annex", written, total)
        view = profile_view(profile, number)
        view["html"] = render_to_string("stocktake/report/_profile.html", {"c": view})
        annex.append(view)
        written += 1
    progress("layout", written, total)
    html = render_to_string(TEMPLATE, _pdf_context(contents, sections, annex))
    pages: list[int] = []
    data = pdf.render(html, finisher=lambda document, _pdf: pages.append(len(document.pages)))
    return data, pages[0] if pages else 0


# --- What the PDF prints ------------------------------------------------------------------------------


def number_text(value) -> str:
    """A number in the reader's style, with the decimals it was written with (a stated figure as written)."""
    if value is None:
        return "–"
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if isinstance(value, Decimal):
        digits = max(0, -value.as_tuple().exponent)
        if digits > 4:  # stored with the column's eight places: the decimals the figure really has
            digits = max(0, -value.normalize().as_tuple().exponent)
        return formats.number_format(value, digits, use_l10n=True, force_grouping=True)
    if isinstance(value, float):
        return formats.number_format(value, 0 if value == int(value) else 1, use_l10n=True, force_grouping=True)
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def when_text(as_of) -> str:
    """A source's date: the day, or the year alone when the source gives only that."""
    if as_of is None or as_of == "":
        return ""
    if isinstance(as_of, datetime.datetime | datetime.date):
        return dates.day(as_of)
    return str(as_of)


def _figure_value(figure) -> str:
    if figure.stated or isinstance(figure.value, str):
        return str(figure.value)
    text = number_text(figure.value)
    if figure.unit == "millions":
        return _("%(number)s million") % {"number": text}
    return text


def _table_view(header, rows) -> dict:
    return {
        "header": [str(h) for h in header],
        "rows": [[str(row[0]) if row else "", *[number_text(cell) for cell in row[1:]]] for row in rows],
    }


def section_view(section, number: int) -> dict:
    """A stocktake section (``figures.Section``) as the PDF prints it: numbers and dates already written in
    the active language, each chart with its table, each figure, chart and table with its source and date."""
    charts = []
    for chart in section.charts:
        view = _table_view(chart.header, chart.rows)
        view.update(
            svg=chart.svg,
            title=str(chart.title),
            source=str(getattr(chart, "source", "") or ""),
            as_of=when_text(getattr(chart, "as_of", None)),
        )
        charts.append(view)
    tables = []
    for table in section.tables:
        view = _table_view(table.header, table.rows)
        view.update(caption=str(table.caption), source=str(table.source or ""), as_of=when_text(table.as_of))
        tables.append(view)
    return {
        "anchor": f"section-{number}",
        "number": number,
        "key": section.key,
        "title": str(section.title),
        "intro": str(section.intro or ""),
        "empty": str(section.empty or ""),
        "is_empty": section.is_empty,
        "figures": [
            {
                "label": str(f.label),
                "value": _figure_value(f),
                "source": str(f.source or ""),
                "as_of": when_text(f.as_of),
                "stated": f.stated,
            }
            for f in section.figures
        ],
        "charts": charts,
        "tables": tables,
    }


def profile_view(profile, number: int) -> dict:
    """A country's profile (``profiles.Profile``) cut to the annex's short entry."""
    country = profile.country
    roadmap = profile.current_roadmap
    series = []
    for part in profile.series:
        if not part.latest:
            continue
        year, value = part.latest
        dataset = max(part.datasets, key=lambda d: d.source_date or datetime.date.min, default=None)
        title = part.series.localised("title") if hasattr(part.series, "localised") else part.series.title
        unit = f" {part.unit}" if part.unit and part.unit != "%" else (part.unit or "")
        series.append(
            {
                "title": str(title),
                "year": year,
                "value": number_text(value) + unit,
                "source": dataset.source if dataset else "",
                "as_of": when_text(dataset.source_date) if dataset else "",
                "proxy": part.is_proxy,
            }
        )
    pathway = getattr(profile, "pathway", None)
    return {
        "anchor": f"profile-{number}",
        "title": country.name,
        "since": country.pathfinder_since,
        "stage": str(getattr(pathway, "stage_label", "") or ""),
        "roadmap": roadmap.title if roadmap else "",
        "roadmap_period": f"{roadmap.period_start}–{roadmap.period_end}" if roadmap and roadmap.period_start else "",
        "reports_published": profile.reports_published,
        "commitments": profile.commitment_count,
        "on_track": profile.commitments_on_track,
        "series": series,
        "url": absolute(reverse("stocktake:profile", args=[country.code.code.lower()])),
    }


def report_title() -> str:
    """The report's title (the PDF's metadata and the page's heading)."""
    return f"Alliance 8.7 — {_('Ten years of partnership and action')}, 2016–2026"


def _pdf_context(contents: Contents, sections: list[dict], profiles: list[dict]) -> dict:
    as_of = dates.day(contents.as_of)
    return {
        "title": report_title(),
        "cover_title": _("Ten years of partnership and action"),
        "description": _(
            "A stocktake of the global partnership to end child labour, forced labour, modern slavery and "
            "human trafficking (SDG Target 8.7), from the platform’s data."
        ),
        "as_of": contents.as_of,
        "sections": sections,
        "profiles": profiles,
        "rtl": translation.get_language_bidi(),
        "font_dir": pdf.FONT_DIR,
        "css": {
            "short_title": pdf.css_string(_("Ten years of partnership and action")),
            "page_label": pdf.css_string(_("Page")),
            "as_of_label": pdf.css_string(_("data as of %(date)s") % {"date": as_of}),
        },
    }


# --- When a build ends --------------------------------------------------------------------------------

READY_SUBJECT = gettext_lazy("The ten-year report in %(language)s is ready")
READY_BODY = gettext_lazy(
    "The ten-year report in %(language)s is ready: %(pages)s pages, from the data as it stood on %(as_of)s. "
    "Download it from the report's page."
)
FAILED_SUBJECT = gettext_lazy("The ten-year report in %(language)s could not be built")
FAILED_BODY = gettext_lazy(
    "The build of the ten-year report in %(language)s stopped. The report's page says why and lets you build it again."
)


class _LanguageName:
    """A language's name in the reader's language, resolved when the e-mail is written."""

    def __init__(self, code: str):
        self.code = code

    def __str__(self) -> str:
        return language_name(self.code)


class _Day:
    def __init__(self, moment):
        self.moment = moment

    def __str__(self) -> str:
        return dates.day(self.moment) if self.moment else ""


def _tell_build_ended(report: TenYearReport, *, ok: bool) -> None:
    user = report.created_by
    if user is None:
        return
    report.refresh_from_db(fields=["pages", "data_as_of"])
    with translation.override(recipient_language(user)):
        link = reverse("stocktake:report")
    notify(
        [user],
        subject=READY_SUBJECT if ok else FAILED_SUBJECT,
        body=READY_BODY if ok else FAILED_BODY,
        context={"language": _LanguageName(report.language), "pages": report.pages, "as_of": _Day(report.data_as_of)},
        link=link,
    )


# --- Reading ------------------------------------------------------------------------------------------


def language_name(code: str) -> str:
    """The language's name in the active language ("French", "français" on a French page)."""
    return str(translation.get_language_info(code)["name_translated"])


def is_interrupted(report: TenYearReport, now=None) -> bool:
    """Queued or running, and no sign of life for ``STALE_AFTER`` seconds: its process is gone."""
    if report.status not in UNDER_WAY:
        return False
    now = now or timezone.now()
    last = report.heartbeat_at or report.created_at
    return (now - last).total_seconds() > STALE_AFTER


def latest(language: str) -> TenYearReport | None:
    """The newest ready report in ``language``."""
    return (
        TenYearReport.objects.filter(language=language, status=BuildStatus.DONE).order_by("-finished_at", "-pk").first()
    )


def latest_ready() -> dict[str, TenYearReport]:
    """The newest ready report of each language that has one, in one query."""
    newest = (
        TenYearReport.objects.filter(language=OuterRef("language"), status=BuildStatus.DONE)
        .order_by("-finished_at", "-pk")
        .values("pk")[:1]
    )
    found = TenYearReport.objects.filter(status=BuildStatus.DONE, pk=Subquery(newest))
    return {report.language: report for report in found}


def recent_builds(limit: int = 12) -> list[TenYearReport]:
    """The newest builds, whatever their state, each marked ``interrupted`` (one query)."""
    now = timezone.now()
    found = list(TenYearReport.objects.select_related("created_by").order_by("-created_at", "-pk")[:limit])
    labels = stage_labels()
    for report in found:
        report.interrupted = is_interrupted(report, now)
        report.stage_label = labels.get(report.stage, report.stage)
        report.percent = percent(report)
    return found


def waiting_count() -> int:
    """The languages whose newest build is under way or failed (the console's count; one query)."""
    newest = TenYearReport.objects.filter(language=OuterRef("language")).order_by("-created_at", "-pk").values("pk")[:1]
    return TenYearReport.objects.filter(pk=Subquery(newest), status__in=(*UNDER_WAY, BuildStatus.FAILED)).count()


def percent(report: TenYearReport) -> int:
    """How far the build is, for the progress bar. Writing the sections and profiles is the first half; the
    layout, one long step that says nothing while it runs, the second."""
    if report.status == BuildStatus.DONE:
        return 100
    if report.stage == "saving":
        return 95
    if report.stage == "layout":
        return 50
    if not report.total:
        return 0
    return min(50, report.done * 50 // report.total)


def progress(report: TenYearReport) -> dict:
    """The state of a build, for the page's poll (the labels in the active language)."""
    interrupted = is_interrupted(report)
    state = {
        "id": report.pk,
        "language": report.language,
        "status": report.status,
        "stage": report.stage,
        "stage_label": stage_labels().get(report.stage, report.stage),
        "done": report.done,
        "total": report.total,
        "percent": percent(report),
        "interrupted": interrupted,
        "finished": report.status in (BuildStatus.DONE, BuildStatus.FAILED) or interrupted,
        "error": report.error,
    }
    if report.status == BuildStatus.DONE:
        state["download_url"] = reverse("stocktake:report_file", args=[report.pk])
        state["pages"] = report.pages
        state["size"] = report.size
    return state
