"""Themes in the app: running the synthesis on a consultation's answers, and the team's review of what it found.

Writes (each checks its right here, for pages and API alike):
- ``start_run`` (the secretariat): a ``ThemeRun`` row at once, the work after the commit, in a thread of the
  server's process, so the page that asked shows its progress live. The engine's progress is written to
  the row at most every ``PROGRESS_EVERY`` seconds, and a ticker keeps ``heartbeat_at`` fresh while the
  engine is busy between reports: a run "running" whose heartbeat is older than ``STALE_AFTER`` lost its
  process (a restart, a crash) and is shown as interrupted, with "Run again". Nothing is lost then: the
  answers are read again. ``run_again`` closes the interrupted row and starts a new one.
- the review (the consultation's team): ``rename_theme``, ``merge_themes``, ``split_theme``,
  ``discard_theme``/``restore_theme``, ``move_answers``; each logs a ``ThemeEvent`` with who and what, and
  recounts the themes it touched (``answer_count``, ``breakdown``) from the live assignments. A reviewer's
  move never deletes the machine's row: it is marked ``superseded`` and a human row stands beside it.
- ``finish_review`` (the secretariat): refused while a standing theme has fewer than ``MIN_THEME_SIZE``
  answers or two standing themes share a label, naming them. A finished review freezes the run's themes
  (priorities are published from them): a later change is refused rather than silently unsettling them.

Reads (``run_for_reading``, ``themes_of``, ``theme_answers``, ...): a fixed number of queries whatever the
number of answers; counts come from the stored columns.

Answers the safeguarding screening flagged (``may_be_disclosure``) never reach the synthesis, so they are in
no theme and no quote.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87 import background, dates
from alliance87.notify import notify, recipient_language
from alliance87.writes import require, save_validated

from .models import (
    Answer,
    AssignmentSource,
    Consultation,
    Question,
    QuestionKind,
    ResponseStatus,
    Theme,
    ThemeAction,
    ThemeAssignment,
    ThemeEvent,
    ThemeOrigin,
    ThemeRun,
    ThemeRunStatus,
    ThemeStatus,
)
from .synthesis import encoders, engine

log = logging.getLogger(__name__)

READ = "engagement.read_answers"  # the consultation's team reads and reviews
MANAGE = "engagement.manage_consultations"  # the secretariat starts runs and finishes reviews
MIN_THEME_SIZE = engine.MIN_THEME_SIZE
PROGRESS_EVERY = 0.5  # seconds between two progress writes: a page polls every second
HEARTBEAT_EVERY = 10  # seconds: the ticker's beat while the engine is busy between reports
STALE_AFTER = 60  # seconds without a heartbeat: the process running it is gone
THEMES_ASKED_RANGE = (2, 40)
LABEL_MAX = 200
DESCRIPTION_MAX = 2000


# --- Rights -------------------------------------------------------------------------------------------


def _may_read(by, consultation: Consultation) -> None:
    require(by, READ, consultation)


def _may_manage(by) -> None:
    require(by, MANAGE)


def _open_for_review(run: ThemeRun) -> None:
    if run.status != ThemeRunStatus.DONE:
        raise ValidationError(_("This run has no themes to review yet."))
    if run.reviewed_at is not None:
        raise ValidationError(
            _(
                "The review of this run was finished on %(date)s: its themes no longer change, since priorities "
                "may stand on them. Run the synthesis again to review anew."
            )
            % {"date": dates.day(run.reviewed_at)}
        )


# --- Running the synthesis ----------------------------------------------------------------------------


def encoder_for_runs() -> encoders.Encoder:
    """The multilingual encoder, unless ``THEME_ENCODER = "tfidf"`` asks for the fallback (the tests do, for
    speed; a server without the encoder's wheel falls back by itself)."""
    if getattr(settings, "THEME_ENCODER", "") == "tfidf":
        return encoders.TfidfEncoder()
    return encoders.default_encoder()


def _in_background() -> bool:
    """A thread of this process, except on an in-memory SQLite database (the tests'), which only the
    connection of the thread that made it sees: there the run is done before ``start_run`` returns."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return False
    return getattr(settings, "THEME_RUNS_IN_BACKGROUND", True)


def answers_for_synthesis(consultation: Consultation, question: Question | None = None):
    """The submitted, non-empty text answers the synthesis reads; never a possible disclosure."""
    answers = Answer.objects.filter(
        response__consultation=consultation,
        response__status=ResponseStatus.SUBMITTED,
        question__kind=QuestionKind.TEXT,
        may_be_disclosure=False,
    ).exclude(text="")
    if question is not None:
        answers = answers.filter(question=question)
    return answers


def start_run(
    *,
    consultation: Consultation,
    question: Question | None = None,
    themes_asked: int | None = None,
    by,
    encoder: encoders.Encoder | None = None,
    background: bool | None = None,
) -> ThemeRun:
    """Queue a synthesis of the consultation's text answers (of ``question``, or of every text question).

    Side effects: a ``ThemeRun`` (queued); once the transaction commits, the run is done in a thread of this
    process (``background``; by default, except on the tests' in-memory database, where it is done at once):
    see ``execute_run``.
    """
    _may_manage(by)
    if question is not None and (question.consultation_id != consultation.pk or question.kind != QuestionKind.TEXT):
        raise ValidationError({"question": _("Choose one of this consultation’s text questions.")})
    low, high = THEMES_ASKED_RANGE
    if themes_asked is not None and not low <= themes_asked <= high:
        raise ValidationError(
            {
                "themes_asked": _("Ask for between %(low)d and %(high)d themes, or leave it empty.")
                % {"low": low, "high": high}
            }
        )
    if not answers_for_synthesis(consultation, question).exists():
        raise ValidationError(_("There is no text answer to group yet."))
    run = ThemeRun.objects.create(
        consultation=consultation, question=question, themes_asked=themes_asked, started_by=by, stage="queued"
    )
    if background is None:
        background = _in_background()
    if background:
        transaction.on_commit(lambda: _start_thread(run.pk, encoder))
    else:
        execute_run(run_id=run.pk, encoder=encoder)
        run.refresh_from_db()
    return run


def run_again(*, run: ThemeRun, by) -> ThemeRun:
    """Start the same run anew (same question, same number of themes asked).

    Side effects: an interrupted run (see ``is_interrupted``) is marked failed, saying so; a new run as
    ``start_run``.
    """
    _may_manage(by)
    if is_interrupted(run):
        ThemeRun.objects.filter(pk=run.pk).update(
            status=ThemeRunStatus.FAILED,
            error=_("Interrupted: the process running it stopped. Nothing was lost; it was run again."),
            finished_at=timezone.now(),
        )
    return start_run(consultation=run.consultation, question=run.question, themes_asked=run.themes_asked, by=by)


def _start_thread(run_id: int, encoder) -> None:
    background.start(lambda: _run_in_thread(run_id, encoder), name=f"theme-run-{run_id}")


def _run_in_thread(run_id: int, encoder) -> None:
    """The run, with its heartbeat kept fresh while the engine computes between two reports (clustering
    says nothing)."""
    background.with_heartbeat(
        lambda: execute_run(run_id=run_id, encoder=encoder),
        beat=lambda: ThemeRun.objects.filter(pk=run_id, status=ThemeRunStatus.RUNNING).update(
            heartbeat_at=timezone.now()
        ),
        every=HEARTBEAT_EVERY,
        name=f"theme-run-{run_id}",
    )


class _Progress:
    """The engine's reports, written to the run's row at most every ``PROGRESS_EVERY`` seconds."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.last = 0.0
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.last < PROGRESS_EVERY and done < total:
            return
        self.stage, self.last = stage, now
        try:
            ThemeRun.objects.filter(pk=self.run_id).update(
                stage=stage[:40], done=done, total=total, heartbeat_at=timezone.now()
            )
        except DatabaseError:  # progress is for the page: a busy database must not stop the run itself
            log.warning("Theme run %s: its progress could not be written", self.run_id, exc_info=True)


def execute_run(*, run_id: int, encoder: encoders.Encoder | None = None) -> None:
    """Do the queued run ``run_id``: read the answers, synthesise, store the themes.

    Side effects: the run's status, progress and heartbeat as it goes; on success, in one transaction, its
    ``Theme`` rows, the machine's ``ThemeAssignment`` rows (primary and secondary), a ``ThemeEvent`` (run),
    the run's encoder, version and counts, and an e-mail to whoever started it and the team; on failure the
    run is marked failed with a readable message (the answers are untouched).
    """
    started = timezone.now()
    claimed = ThemeRun.objects.filter(pk=run_id, status=ThemeRunStatus.QUEUED).update(
        status=ThemeRunStatus.RUNNING, stage="reading", started_at=started, heartbeat_at=started
    )
    if not claimed:
        return  # started elsewhere, or no longer queued
    run = ThemeRun.objects.select_related("consultation", "question", "started_by").get(pk=run_id)
    try:
        rows = list(
            answers_for_synthesis(run.consultation, run.question)
            .order_by("pk")
            .values_list(
                "pk",
                "text",
                "response__language",
                "response__stakeholder_group",
                "response__region",
                "response__consent_quote",
            )
        )
        answers = [
            engine.Answer(str(pk), text, language, group, region, quotable=consent)
            for pk, text, language, group, region, consent in rows
        ]
        progress = _Progress(run_id)
        progress("loading the encoder", 0, len(answers))
        encoder = encoder or encoder_for_runs()
        stances = bool(run.question and run.question.asks_view) or (
            run.question is None and run.consultation.questions.filter(asks_view=True, kind="text").exists()
        )
        synthesis = engine.synthesise(
            answers, n_themes=run.themes_asked, encoder=encoder, progress=progress, stances=stances
        )
        progress("saving", 0, 1)
        _store(run, synthesis, answer_count=len(answers))
        run.answer_count = len(answers)
    except Exception as error:  # noqa: BLE001 -- any failure ends the run with a message; the answers stay
        log.exception("Theme run %s failed", run_id)
        ThemeRun.objects.filter(pk=run_id).update(
            status=ThemeRunStatus.FAILED,
            error=_("The synthesis stopped: %(error)s") % {"error": str(error) or type(error).__name__},
            finished_at=timezone.now(),
        )
        return
    _tell_run_done(run)


def _share_rows(shares) -> list[dict]:
    return [asdict(share) if not isinstance(share, dict) else share for share in shares]


def _theme_row(run: ThemeRun, position: int, found: engine.Theme) -> Theme:
    labels = {lang: text for lang, text in found.labels.items() if text}
    descriptions = found.descriptions
    languages = {code for code, _name in settings.LANGUAGES}
    english_label = labels.get("en") or found.label
    translations = {}
    for language in sorted(set(labels) | set(descriptions)):
        if language == "en" or language not in languages:
            continue
        entry = {}
        if labels.get(language):
            entry["label"] = labels[language][:LABEL_MAX]
        if descriptions.get(language):
            entry["description"] = descriptions[language][:DESCRIPTION_MAX]
        if entry:
            translations[language] = entry
    return Theme(
        run=run,
        key=found.key,
        position=position,
        label=(english_label or _("Theme %(n)d") % {"n": position})[:LABEL_MAX],
        description=descriptions.get("en", "")[:DESCRIPTION_MAX],
        translations=translations,
        terms=list(found.terms),
        terms_by_language={k: list(v) for k, v in found.terms_by_language.items()},
        stance=found.stance,
        quotes=[
            {
                "answer": int(quote.answer_id),
                "language": quote.language,
                "translations": {k: int(v) for k, v in quote.translations.items()},
            }
            for quote in found.quotes
        ],
        breakdown={dimension: _share_rows(shares) for dimension, shares in found.breakdown.items()},
        answer_count=found.size,
        origin=ThemeOrigin.MACHINE,
    )


def _store(run: ThemeRun, synthesis: engine.Synthesis, *, answer_count: int) -> None:
    with transaction.atomic():
        themes = Theme.objects.bulk_create(
            [_theme_row(run, position, found) for position, found in enumerate(synthesis.themes, start=1)]
        )
        by_key = {theme.key: theme for theme in themes}
        assignments = []
        for answer_id, key in synthesis.assignments.items():
            if key:
                assignments.append(ThemeAssignment(run=run, answer_id=int(answer_id), theme=by_key[key]))
        for answer_id, keys in synthesis.secondary.items():
            for key in keys:
                assignments.append(
                    ThemeAssignment(run=run, answer_id=int(answer_id), theme=by_key[key], is_primary=False)
                )
        ThemeAssignment.objects.bulk_create(assignments, batch_size=2000)
        _recount(run, themes)
        now = timezone.now()
        ThemeRun.objects.filter(pk=run.pk).update(
            status=ThemeRunStatus.DONE,
            stage="done",
            done=answer_count,
            total=answer_count,
            encoder=synthesis.encoder[:100],
            encoder_version=synthesis.encoder_version[:100],
            themes_chosen=len([t for t in themes if t.key != engine.OTHER]),
            answer_count=answer_count,
            finished_at=now,
            heartbeat_at=now,
        )
        ThemeEvent.objects.create(
            run=run,
            action=ThemeAction.RUN,
            actor=run.started_by,
            detail={
                "answers": answer_count,
                "themes": len(themes),
                "encoder": synthesis.encoder,
                "encoder_version": synthesis.encoder_version,
                "themes_asked": run.themes_asked,
            },
        )


RUN_DONE_SUBJECT = gettext_lazy("Themes found in “%(title)s”: review them")
RUN_DONE_BODY = gettext_lazy(
    "The synthesis grouped %(count)s answers to “%(title)s” into themes. Read them, then rename, merge, split "
    "or discard what needs it, and move answers the machine placed wrongly; the secretariat finishes the "
    "review, after which priorities can be drawn from them."
)


def _tell_run_done(run: ThemeRun) -> None:
    from .services import localised_lazy  # noqa: PLC0415 -- services imports much; only this e-mail needs it

    people = {user.pk: user for user in run.consultation.team.all()}
    if run.started_by is not None:
        people[run.started_by.pk] = run.started_by
    for language in {recipient_language(user) for user in people.values()}:
        users = [user for user in people.values() if recipient_language(user) == language]
        with translation.override(language):
            link = reverse("engagement:theme_run", args=[run.consultation.slug, run.pk])
        notify(
            users,
            subject=RUN_DONE_SUBJECT,
            body=RUN_DONE_BODY,
            context={"title": localised_lazy(run.consultation, "title"), "count": run.answer_count},
            link=link,
        )


def is_interrupted(run: ThemeRun, now=None) -> bool:
    """Queued or running, and no sign of life for ``STALE_AFTER`` seconds: its process is gone."""
    if run.status not in (ThemeRunStatus.QUEUED, ThemeRunStatus.RUNNING):
        return False
    now = now or timezone.now()
    last = run.heartbeat_at or run.created_at
    return (now - last).total_seconds() > STALE_AFTER


# --- Counting -----------------------------------------------------------------------------------------


def _role(share: float) -> str:
    if share > 0.5:
        return "majority"
    return "minority" if share < 0.2 else ""


def _recount(run: ThemeRun, themes) -> None:
    """Each theme's ``answer_count`` (answers with a live assignment, primary or secondary) and
    ``breakdown`` (who wrote them: stakeholder group, region, language), from the live rows. Two queries
    and one update per theme."""
    ids = [theme.pk for theme in themes]
    rows = (
        ThemeAssignment.objects.filter(theme_id__in=ids, superseded=False)
        .values_list(
            "theme_id",
            "answer_id",
            "answer__response__stakeholder_group",
            "answer__response__region",
            "answer__response__language",
        )
        .distinct()
    )
    seen: dict[int, set] = defaultdict(set)
    counts: dict[int, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for theme_id, answer_id, group, region, language in rows:
        if answer_id in seen[theme_id]:
            continue
        seen[theme_id].add(answer_id)
        for dimension, value in (("stakeholder_group", group), ("region", region), ("language", language)):
            if value:
                counts[theme_id][dimension][value] += 1
    for theme in themes:
        breakdown = {}
        for dimension in ("stakeholder_group", "region", "language"):
            values = counts[theme.pk][dimension]
            total = sum(values.values())
            breakdown[dimension] = [
                {"value": value, "count": count, "share": count / total, "role": _role(count / total)}
                for value, count in sorted(values.items(), key=lambda item: (-item[1], item[0]))
            ]
        theme.answer_count = len(seen[theme.pk])
        theme.breakdown = breakdown
        Theme.objects.filter(pk=theme.pk).update(answer_count=theme.answer_count, breakdown=breakdown)


def _log(run: ThemeRun, action: str, by, theme: Theme | None = None, **detail) -> ThemeEvent:
    return ThemeEvent.objects.create(run=run, theme=theme, action=action, actor=by, detail=detail)


def _theme_of_run(run: ThemeRun, theme: Theme) -> None:
    if theme.run_id != run.pk:
        raise ValidationError(_("That theme belongs to another run."))


# --- The review ---------------------------------------------------------------------------------------


def rename_theme(*, theme: Theme, by, label: str, description: str = "", translations: dict | None = None) -> Theme:
    """Give the theme a reviewer's label and description (English, and others in ``translations``).

    Side effects: the theme saved with ``renamed`` set; a ``ThemeEvent`` (rename) with the old and new labels.
    """
    run = theme.run
    _may_read(by, run.consultation)
    _open_for_review(run)
    before = {"label": theme.label, "translations": theme.translations}
    theme.label = label.strip()
    theme.description = description.strip()
    if translations is not None:
        theme.translations = {
            language: {field: value.strip() for field, value in fields.items() if value and value.strip()}
            for language, fields in translations.items()
        }
        theme.translations = {language: fields for language, fields in theme.translations.items() if fields}
    if not theme.label:
        raise ValidationError({"label": _("Give the theme a label.")})
    theme.renamed = True
    with transaction.atomic():
        save_validated(theme, by)
        _log(run, ThemeAction.RENAME, by, theme, before=before, label=theme.label, translations=theme.translations)
    return theme


def _live(theme_ids, answer_ids=None):
    rows = ThemeAssignment.objects.filter(theme_id__in=theme_ids, superseded=False)
    if answer_ids is not None:
        rows = rows.filter(answer_id__in=answer_ids)
    return rows


def _move(run: ThemeRun, rows, target: Theme, by) -> list[int]:
    """Supersede ``rows`` and give their answers a human row in ``target`` (unless already live there, as a
    primary, or as a secondary that becomes primary when a primary row moves). Returns the answers moved."""
    rows = list(rows)
    if not rows:
        return []
    already = {a.answer_id: a for a in _live([target.pk], [r.answer_id for r in rows])}
    now_primary = {}
    for row in rows:
        now_primary[row.answer_id] = now_primary.get(row.answer_id, False) or row.is_primary
    ThemeAssignment.objects.filter(pk__in=[r.pk for r in rows]).update(superseded=True)
    new = []
    for answer_id, primary in now_primary.items():
        existing = already.get(answer_id)
        if existing is not None and (existing.is_primary or not primary):
            continue
        if existing is not None:  # it was a secondary there: the human row makes it primary
            ThemeAssignment.objects.filter(pk=existing.pk).update(superseded=True)
        new.append(
            ThemeAssignment(
                run=run,
                answer_id=answer_id,
                theme=target,
                is_primary=primary,
                source=AssignmentSource.HUMAN,
                assigned_by=by,
            )
        )
    ThemeAssignment.objects.bulk_create(new)
    return sorted(now_primary)


def merge_themes(*, into: Theme, others: list[Theme], by) -> Theme:
    """Merge ``others`` into ``into``: their answers are moved there, their quotes added to its own.

    Side effects: the others' live assignments superseded and human rows added to ``into``; the others
    ``status=merged`` with ``merged_into``; counts recomputed; one ``ThemeEvent`` (merge) naming them.
    """
    run = into.run
    _may_read(by, run.consultation)
    _open_for_review(run)
    others = [t for t in others if t.pk != into.pk]
    if not others:
        raise ValidationError({"others": _("Choose at least one other theme to merge into this one.")})
    for other in others:
        _theme_of_run(run, other)
        if other.status != ThemeStatus.ACTIVE:
            raise ValidationError(
                {"others": _("“%(label)s” is not standing: restore it first.") % {"label": other.label}}
            )
    with transaction.atomic():
        moved = _move(run, _live([o.pk for o in others]), into, by)
        quoted = {q["answer"] for q in into.quotes}
        into.quotes = into.quotes + [q for o in others for q in o.quotes if q["answer"] not in quoted]
        Theme.objects.filter(pk=into.pk).update(quotes=into.quotes)
        Theme.objects.filter(pk__in=[o.pk for o in others]).update(status=ThemeStatus.MERGED, merged_into=into)
        for other in others:
            other.status, other.merged_into = ThemeStatus.MERGED, into
        _recount(run, [into, *others])
        _log(
            run,
            ThemeAction.MERGE,
            by,
            into,
            into=into.label,
            merged=[{"id": o.pk, "label": o.label} for o in others],
            answers=len(moved),
        )
    return into


def split_theme(*, theme: Theme, answer_ids: list[int], label: str, by) -> Theme:
    """Move the chosen answers of ``theme`` into a new theme a reviewer names.

    Side effects: a ``Theme`` (origin human, key ``h<n>``); the answers' live rows in ``theme`` superseded
    and human rows added to the new one; counts recomputed; a ``ThemeEvent`` (split).
    """
    run = theme.run
    _may_read(by, run.consultation)
    _open_for_review(run)
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Name the new theme.")})
    rows = list(_live([theme.pk], answer_ids))
    if not rows:
        raise ValidationError({"answers": _("Choose the answers of this theme that go into the new one.")})
    with transaction.atomic():
        human = run.themes.filter(origin=ThemeOrigin.HUMAN).count()
        position = (run.themes.aggregate(last=Max("position"))["last"] or 0) + 1
        new = Theme(run=run, key=f"h{human + 1}", position=position, label=label, origin=ThemeOrigin.HUMAN)
        save_validated(new, by)
        moved = _move(run, rows, new, by)
        _recount(run, [theme, new])
        _log(run, ThemeAction.SPLIT, by, theme, source=theme.label, new={"id": new.pk, "label": label}, answers=moved)
    return new


def discard_theme(*, theme: Theme, by) -> Theme:
    """Side effects: ``status=discarded`` (its answers keep their rows; it no longer stands); a ``ThemeEvent``."""
    return _set_status(theme, by, ThemeStatus.DISCARDED, ThemeAction.DISCARD, from_status=ThemeStatus.ACTIVE)


def restore_theme(*, theme: Theme, by) -> Theme:
    """Side effects: a discarded theme stands again; a ``ThemeEvent`` (restore)."""
    return _set_status(theme, by, ThemeStatus.ACTIVE, ThemeAction.RESTORE, from_status=ThemeStatus.DISCARDED)


def _set_status(theme: Theme, by, status: str, action: str, *, from_status: str) -> Theme:
    run = theme.run
    _may_read(by, run.consultation)
    _open_for_review(run)
    if theme.status != from_status:
        raise ValidationError(
            _("“%(label)s” is %(status)s: nothing to do.")
            % {"label": theme.label, "status": theme.get_status_display().lower()}
        )
    with transaction.atomic():
        theme.status = status
        Theme.objects.filter(pk=theme.pk).update(status=status)
        _log(run, action, by, theme, label=theme.label)
    return theme


def move_answers(*, source: Theme, target: Theme, answer_ids: list[int], by) -> list[int]:
    """Move answers from ``source`` to ``target`` (a reviewer's decision beside the machine's).

    Side effects: the answers' live rows in ``source`` superseded (a machine row is kept, marked), human
    rows in ``target``; both themes recounted; a ``ThemeEvent`` (move). Returns the answers moved.
    """
    run = source.run
    _may_read(by, run.consultation)
    _open_for_review(run)
    _theme_of_run(run, target)
    if target.pk == source.pk:
        raise ValidationError({"target": _("Choose another theme to move the answers to.")})
    if target.status != ThemeStatus.ACTIVE:
        raise ValidationError({"target": _("“%(label)s” is not standing: restore it first.") % {"label": target.label}})
    rows = list(_live([source.pk], answer_ids))
    if not rows:
        raise ValidationError({"answers": _("Choose at least one answer of this theme to move.")})
    with transaction.atomic():
        moved = _move(run, rows, target, by)
        _recount(run, [source, target])
        _log(
            run,
            ThemeAction.MOVE,
            by,
            target,
            source={"id": source.pk, "label": source.label},
            target={"id": target.pk, "label": target.label},
            answers=moved,
        )
    return moved


def review_problems(run: ThemeRun) -> list[str]:
    """What stops the review from being finished: small themes and shared labels, each named."""
    standing = list(run.themes.filter(status=ThemeStatus.ACTIVE).order_by("position", "pk"))
    problems = []
    if not standing:
        problems.append(_("No theme stands: restore one or run the synthesis again."))
    for theme in standing:
        if theme.answer_count < MIN_THEME_SIZE:
            problems.append(
                _(
                    "“%(label)s” has %(count)d answers, fewer than %(min)d: merge it into another theme, move "
                    "its answers or discard it."
                )
                % {"label": theme.label, "count": theme.answer_count, "min": MIN_THEME_SIZE}
            )
    by_label = defaultdict(list)
    for theme in standing:
        by_label[" ".join(theme.label.casefold().split())].append(theme)
    for same in by_label.values():
        if len(same) > 1:
            problems.append(
                _("%(count)d standing themes are labelled “%(label)s”: rename or merge them.")
                % {"count": len(same), "label": same[0].label}
            )
    return problems


REVIEWED_SUBJECT = gettext_lazy("The themes of “%(title)s” are reviewed")
REVIEWED_BODY = gettext_lazy(
    "The review of the themes found in the answers to “%(title)s” is finished: %(count)s themes stand. "
    "Thematic priorities can now be drawn from them."
)


def finish_review(*, run: ThemeRun, by) -> ThemeRun:
    """Mark the review finished, when the theme set holds (``review_problems`` says what does not).

    Side effects: ``reviewed_at``/``reviewed_by``; a ``ThemeEvent`` (reviewed); an e-mail to the
    secretariat, who draw priorities from reviewed themes.
    """
    _may_manage(by)
    _may_read(by, run.consultation)
    _open_for_review(run)
    problems = review_problems(run)
    if problems:
        raise ValidationError(problems)
    from alliance87.accounts.models import Role  # noqa: PLC0415 -- accounts' models import the rules
    from alliance87.accounts.selectors import users_with_role  # noqa: PLC0415

    from .services import localised_lazy  # noqa: PLC0415

    standing = run.themes.filter(status=ThemeStatus.ACTIVE).count()
    with transaction.atomic():
        run.reviewed_at, run.reviewed_by = timezone.now(), by
        ThemeRun.objects.filter(pk=run.pk).update(reviewed_at=run.reviewed_at, reviewed_by=by)
        _log(run, ThemeAction.REVIEWED, by, themes=standing)
        secretariat = [user for user in users_with_role(Role.SECRETARIAT) if user.pk != by.pk]
        for language in {recipient_language(user) for user in secretariat}:
            with translation.override(language):
                link = reverse("engagement:theme_run", args=[run.consultation.slug, run.pk])
            notify(
                [user for user in secretariat if recipient_language(user) == language],
                subject=REVIEWED_SUBJECT,
                body=REVIEWED_BODY,
                context={"title": localised_lazy(run.consultation, "title"), "count": standing},
                link=link,
            )
    return run


# --- Reads --------------------------------------------------------------------------------------------


def runs_of(consultation: Consultation, user) -> list[ThemeRun]:
    """The consultation's runs, newest first (one query), for its team."""
    _may_read(user, consultation)
    return list(consultation.theme_runs.select_related("question").order_by("-created_at", "-pk"))


def latest_run(consultation: Consultation) -> ThemeRun | None:
    """The newest run, for the console's line (no right checked: the console's page checks it)."""
    return consultation.theme_runs.order_by("-created_at", "-pk").first()


def run_for_reading(consultation: Consultation, run_id: int, user) -> ThemeRun:
    _may_read(user, consultation)
    run = (
        ThemeRun.objects.select_related("question", "started_by", "reviewed_by")
        .filter(pk=run_id, consultation=consultation)
        .first()
    )
    if run is None:
        raise Http404
    run.consultation = consultation
    return run


def theme_for_reading(run: ThemeRun, theme_id: int) -> Theme:
    theme = run.themes.filter(pk=theme_id).first()
    if theme is None:
        raise Http404
    theme.run = run
    return theme


@dataclass
class QuoteShown:
    answer_id: int
    text: str
    language: str
    quotable: bool  # its author agreed to be quoted: only then may it leave the team (priorities, reports)
    translations: list[tuple[str, str]]  # (language, text) of near-parallel answers
    translation_ids: dict[str, int]  # language -> the near-parallel answer's id


def themes_of(run: ThemeRun) -> list[Theme]:
    """The run's themes, standing first (by position), then merged and discarded; each with ``share`` (of
    the answers read), ``shown_quotes`` (``QuoteShown``: never a possible disclosure, and each saying whether
    it may be quoted beyond the team) and ``machine_count`` / ``human_count`` (live assignments by source).
    Three queries, whatever the number of answers."""
    themes = list(run.themes.order_by("position", "pk"))
    order = {ThemeStatus.ACTIVE: 0, ThemeStatus.MERGED: 1, ThemeStatus.DISCARDED: 2}
    themes.sort(key=lambda t: (order.get(t.status, 3), t.position, t.pk))
    wanted = set()
    for theme in themes:
        for quote in theme.quotes:
            wanted.add(quote["answer"])
            wanted.update(quote.get("translations", {}).values())
    found = (
        Answer.objects.filter(pk__in=wanted, may_be_disclosure=False).values_list(
            "pk", "text", "response__consent_quote"
        )
        if wanted
        else []
    )
    texts, quotable = {}, set()
    for pk, text, consent in found:
        texts[pk] = text
        if consent:
            quotable.add(pk)
    sources = _source_counts(run)
    by_pk = {t.pk: t for t in themes}
    for theme in themes:
        theme.share = theme.answer_count / run.answer_count if run.answer_count else 0
        theme.percent = 100 * theme.share
        theme.machine_count = sources[theme.pk].get(AssignmentSource.MACHINE, 0)
        theme.human_count = sources[theme.pk].get(AssignmentSource.HUMAN, 0)
        theme.merged_into_theme = by_pk.get(theme.merged_into_id)
        theme.shown_quotes = [
            QuoteShown(
                answer_id=quote["answer"],
                text=texts[quote["answer"]],
                language=quote.get("language", ""),
                quotable=quote["answer"] in quotable,
                translations=[
                    (language, texts[pk])
                    for language, pk in sorted(quote.get("translations", {}).items())
                    if pk in texts
                ],
                translation_ids={
                    language: pk for language, pk in sorted(quote.get("translations", {}).items()) if pk in texts
                },
            )
            for quote in theme.quotes
            if quote["answer"] in texts
        ]
    return themes


def _source_counts(run: ThemeRun) -> dict[int, dict[str, int]]:
    counts = defaultdict(dict)
    rows = (
        ThemeAssignment.objects.filter(run=run, superseded=False)
        .values("theme_id", "source")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["theme_id"]][row["source"]] = row["n"]
    return counts


def theme_answers(theme: Theme):
    """The theme's live assignments with their answers and who wrote them (one query per page), primary
    first, then by answer; each row's ``source`` says machine or human."""
    return (
        ThemeAssignment.objects.filter(theme=theme, superseded=False)
        .select_related("answer__response", "answer__question", "assigned_by")
        .order_by("-is_primary", "answer_id", "pk")
    )


def events_of(run: ThemeRun):
    """The review's log, oldest first, with who (one query)."""
    return run.events.select_related("actor", "theme").order_by("at", "pk")


def latest_themes(consultation: Consultation) -> list[Theme]:
    """The standing themes of the consultation's newest run that found some (one query)."""
    done = consultation.theme_runs.filter(status=ThemeRunStatus.DONE).order_by("-created_at", "-pk")
    return list(
        Theme.objects.filter(run__in=done.values("pk")[:1], status=ThemeStatus.ACTIVE).order_by("position", "pk")
    )


def runs_to_review(user=None) -> list[ThemeRun]:
    """The newest run of each consultation, when it is done and its review is not (of the consultations
    ``user`` is on the team of; every consultation when ``user`` is None). One query."""
    newer = ThemeRun.objects.filter(consultation=OuterRef("consultation"), created_at__gt=OuterRef("created_at"))
    runs = ThemeRun.objects.filter(status=ThemeRunStatus.DONE, reviewed_at=None).exclude(Exists(newer))
    if user is not None:
        runs = runs.filter(consultation__team=user)
    return list(runs.select_related("consultation").order_by("-created_at", "-pk"))


def standing_themes(run: ThemeRun):
    return run.themes.filter(status=ThemeStatus.ACTIVE).order_by("position", "pk")


def run_summaries(consultation: Consultation):
    """Each run with its number of standing themes (one query), newest first."""
    return (
        consultation.theme_runs.select_related("question")
        .annotate(standing=Count("themes", filter=Q(themes__status=ThemeStatus.ACTIVE)))
        .order_by("-created_at", "-pk")
    )
