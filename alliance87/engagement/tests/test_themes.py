"""Themes in the app, through the services: a run stores what the synthesis found (themes, the machine's
assignments, the log's first row), never reads a possible disclosure, gives the same themes for the same
answers, and tells an interrupted run; each review step is logged, recounts the themes it touched and keeps
the machine's rows beside the reviewers'; the rights: the team reviews, the secretariat starts and finishes,
nobody else does anything."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alliance87.engagement import themes
from alliance87.engagement.models import (
    Answer,
    AssignmentSource,
    ThemeAction,
    ThemeAssignment,
    ThemeEvent,
    ThemeOrigin,
    ThemeRun,
    ThemeRunStatus,
    ThemeStatus,
)

from .making_themes import THREE_THEMES, labelled_rows, store_answers

pytestmark = pytest.mark.usefixtures("themes_in_the_foreground")


def _live(theme):
    return set(ThemeAssignment.objects.filter(theme=theme, superseded=False).values_list("answer_id", flat=True))


def test_run_stores_the_themes_the_assignments_and_the_first_log_row(
    consultation, cast, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=3)
    run.refresh_from_db()
    assert run.status == ThemeRunStatus.DONE
    assert (run.encoder, run.encoder_version) == ("tfidf-words-char-ngrams", "1")
    assert run.answer_count == 45 and run.themes_chosen == 3 and run.finished_at is not None
    found = themes.themes_of(run)
    assert [t.status for t in found] == [ThemeStatus.ACTIVE] * len(found)
    for theme in found:
        assert theme.answer_count == len(_live(theme)) >= 5
        assert theme.machine_count >= theme.answer_count and theme.human_count == 0
        assert sum(row["count"] for row in theme.breakdown["language"]) == theme.answer_count
        assert theme.shown_quotes and all(q.text for q in theme.shown_quotes)
    primary = ThemeAssignment.objects.filter(run=run, is_primary=True)
    assert primary.count() == primary.values("answer").distinct().count()  # one primary theme per answer
    [event] = ThemeEvent.objects.filter(run=run)
    assert (event.action, event.actor, event.detail["answers"]) == (ThemeAction.RUN, run.started_by, 45)
    # The team and whoever started it are told, with the link to the run.
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == ["analyst@example.org", "secretariat@example.org"]
    assert f"/consultations/manage/{consultation.slug}/themes/{run.pk}/" in mail.outbox[0].body
    assert "The synthesis grouped 45 answers to “Priorities after Durban” into themes." in mail.outbox[0].body


def test_the_labels_are_kept_per_language(run):
    found = themes.themes_of(run)
    languages = {language for theme in found for language in theme.translations}
    assert languages <= {"fr", "es", "ar"} and languages
    assert all(theme.label for theme in found)


def test_same_answers_give_the_same_themes_run_to_run(consultation, cast):
    first = themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=3)
    second = themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=3)

    def shape(run):
        return [(t.key, t.label, t.terms, sorted(_live(t))) for t in run.themes.order_by("position")]

    assert shape(first) == shape(second)


def test_a_possible_disclosure_is_in_no_theme_and_no_quote(consultation, cast):
    rows = [dict(r, disclosure=True) for r in labelled_rows(["labour_inspection"], 6)]
    flagged = {a.pk for a in store_answers(consultation, rows)}
    run = themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=3)
    assert run.answer_count == 45
    assert not ThemeAssignment.objects.filter(run=run, answer__in=flagged).exists()
    quoted = {q["answer"] for t in run.themes.all() for q in t.quotes}
    quoted |= {pk for t in run.themes.all() for q in t.quotes for pk in q["translations"].values()}
    assert quoted and not quoted & flagged


def test_only_the_secretariat_starts_a_run(consultation, cast, member):
    for who in (member, cast.outsider, cast.partner_editor):
        with pytest.raises(PermissionDenied):
            themes.start_run(consultation=consultation, by=who)
    assert not ThemeRun.objects.exists()


def test_a_run_with_nothing_to_read_is_refused_with_its_reason(cast):
    from .making import make_consultation

    empty = make_consultation(cast.secretariat)
    with pytest.raises(ValidationError) as refused:
        themes.start_run(consultation=empty, by=cast.secretariat)
    assert refused.value.messages == ["There is no text answer to group yet."]
    with pytest.raises(ValidationError) as refused:
        themes.start_run(consultation=empty, by=cast.secretariat, themes_asked=1)
    assert refused.value.message_dict == {"themes_asked": ["Ask for between 2 and 40 themes, or leave it empty."]}


class BrokenEncoder:
    """An encoder whose model cannot be read, as when its file is damaged."""

    name, version = "broken", "0"

    def encode(self, texts):
        raise OSError("the encoder's weights could not be read")


def test_a_failed_run_says_why_and_keeps_the_answers(consultation, cast):
    answers = Answer.objects.count()
    run = themes.start_run(consultation=consultation, by=cast.secretariat, encoder=BrokenEncoder())
    assert run.status == ThemeRunStatus.FAILED
    assert run.error == "The synthesis stopped: the encoder's weights could not be read"
    assert not run.themes.exists() and Answer.objects.count() == answers


def test_a_run_without_a_heartbeat_for_a_minute_is_interrupted_and_runs_again(consultation, cast):
    stale = timezone.now() - datetime.timedelta(seconds=themes.STALE_AFTER + 5)
    lost = ThemeRun.objects.create(consultation=consultation, status=ThemeRunStatus.RUNNING, heartbeat_at=stale)
    alive = ThemeRun.objects.create(
        consultation=consultation, status=ThemeRunStatus.RUNNING, heartbeat_at=timezone.now()
    )
    assert themes.is_interrupted(lost) and not themes.is_interrupted(alive)
    again = themes.run_again(run=lost, by=cast.secretariat)
    lost.refresh_from_db()
    assert lost.status == ThemeRunStatus.FAILED and lost.error.startswith("Interrupted")
    assert again.status == ThemeRunStatus.DONE and again.answer_count == 45


# --- The review ---------------------------------------------------------------------------------------


def test_rename_keeps_the_labels_per_language_and_logs_the_old_one(run, member):
    theme = run.themes.order_by("position").first()
    old = theme.label
    themes.rename_theme(
        theme=theme,
        by=member,
        label="Labour inspection",
        description="More inspectors, better trained.",
        translations={"fr": {"label": "Inspection du travail"}, "es": {"label": ""}},
    )
    theme.refresh_from_db()
    assert (theme.label, theme.renamed, theme.translations) == (
        "Labour inspection",
        True,
        {"fr": {"label": "Inspection du travail"}},
    )
    event = ThemeEvent.objects.get(run=run, action=ThemeAction.RENAME)
    assert (event.actor, event.theme, event.detail["before"]["label"]) == (member, theme, old)


def test_merge_moves_the_answers_and_keeps_the_machines_rows(run, member):
    into, other, _third = run.themes.order_by("position")
    expected = _live(into) | _live(other)
    themes.merge_themes(into=into, others=[other], by=member)
    into.refresh_from_db()
    other.refresh_from_db()
    assert (other.status, other.merged_into) == (ThemeStatus.MERGED, into)
    assert _live(into) == expected and into.answer_count == len(expected) and other.answer_count == 0
    kept = ThemeAssignment.objects.filter(theme=other)
    assert kept.exists() and all(row.superseded and row.source == AssignmentSource.MACHINE for row in kept)
    humans = ThemeAssignment.objects.filter(theme=into, source=AssignmentSource.HUMAN)
    assert humans.exists() and {row.assigned_by for row in humans} == {member}
    event = ThemeEvent.objects.get(run=run, action=ThemeAction.MERGE)
    assert event.detail["merged"] == [{"id": other.pk, "label": other.label}]


def test_split_makes_a_reviewers_theme_of_the_answers_chosen(run, member):
    theme = run.themes.order_by("position").first()
    chosen = sorted(_live(theme))[:5]
    new = themes.split_theme(theme=theme, answer_ids=chosen, label="Civil registration", by=member)
    assert (new.origin, new.key, new.answer_count) == (ThemeOrigin.HUMAN, "h1", 5)
    assert _live(new) == set(chosen) and not _live(theme) & set(chosen)
    assert ThemeEvent.objects.get(run=run, action=ThemeAction.SPLIT).detail["answers"] == chosen


def test_move_supersedes_the_machines_row_and_adds_a_reviewers(run, member):
    source, target, _third = run.themes.order_by("position")
    answer_id = sorted(_live(source))[0]
    themes.move_answers(source=source, target=target, answer_ids=[answer_id], by=member)
    rows = ThemeAssignment.objects.filter(answer_id=answer_id, is_primary=True).order_by("pk")
    assert [(r.theme_id, r.source, r.superseded) for r in rows] == [
        (source.pk, AssignmentSource.MACHINE, True),
        (target.pk, AssignmentSource.HUMAN, False),
    ]
    source.refresh_from_db()
    assert source.answer_count == len(_live(source))
    assert ThemeEvent.objects.get(run=run, action=ThemeAction.MOVE).detail["answers"] == [answer_id]


def test_discard_and_restore_are_logged(run, member):
    theme = run.themes.first()
    themes.discard_theme(theme=theme, by=member)
    with pytest.raises(ValidationError):
        themes.discard_theme(theme=theme, by=member)
    themes.restore_theme(theme=theme, by=member)
    theme.refresh_from_db()
    assert theme.status == ThemeStatus.ACTIVE
    actions = list(ThemeEvent.objects.filter(run=run).order_by("pk").values_list("action", flat=True))
    assert actions == [ThemeAction.RUN, ThemeAction.DISCARD, ThemeAction.RESTORE]


def test_an_outsider_reviews_nothing(run, cast):
    theme, other, _third = run.themes.order_by("position")
    for step in (
        lambda who: themes.rename_theme(theme=theme, by=who, label="Mine"),
        lambda who: themes.merge_themes(into=theme, others=[other], by=who),
        lambda who: themes.split_theme(theme=theme, answer_ids=list(_live(theme)), label="Mine", by=who),
        lambda who: themes.move_answers(source=theme, target=other, answer_ids=list(_live(theme)), by=who),
        lambda who: themes.discard_theme(theme=theme, by=who),
        lambda who: themes.finish_review(run=run, by=who),
    ):
        for who in (cast.outsider, cast.partner_editor, cast.focal_point):
            with pytest.raises(PermissionDenied):
                step(who)
    assert ThemeEvent.objects.filter(run=run).count() == 1


def test_finish_review_names_the_small_theme_and_the_shared_label(run, cast, member):
    first, second, third = run.themes.order_by("position")
    small = themes.split_theme(theme=first, answer_ids=sorted(_live(first))[:2], label="Tiny", by=member)
    themes.rename_theme(theme=third, by=member, label=second.label)
    with pytest.raises(PermissionDenied):
        themes.finish_review(run=run, by=member)  # the team reviews; the secretariat finishes
    with pytest.raises(ValidationError) as refused:
        themes.finish_review(run=run, by=cast.secretariat)
    assert refused.value.messages == [
        "“Tiny” has 2 answers, fewer than 5: merge it into another theme, move its answers or discard it.",
        f"2 standing themes are labelled “{second.label}”: rename or merge them.",
    ]
    themes.discard_theme(theme=small, by=member)
    themes.merge_themes(into=second, others=[third], by=member)
    themes.finish_review(run=run, by=cast.secretariat)
    run.refresh_from_db()
    assert run.reviewed_by == cast.secretariat and run.reviewed_at is not None
    with pytest.raises(ValidationError) as frozen:
        themes.rename_theme(theme=first, by=member, label="Too late")
    assert "no longer change" in frozen.value.messages[0]


def test_with_the_multilingual_encoder_a_theme_gathers_languages_and_quotes_their_parallels(
    consultation, cast, encoder
):
    """The default encoder (loaded once per test session): French, Spanish and English answers saying the
    same land in one theme, and a quote names a near-parallel answer in another language when there is one."""
    run = themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=3, encoder=encoder)
    assert run.encoder == "use-multilingual-v3"
    found = themes.themes_of(run)
    assert max(len(t.breakdown["language"]) for t in found) >= 3
    parallels = [q for t in found for q in t.shown_quotes if q.translations]
    for quote in parallels:
        assert all(language != quote.language and text for language, text in quote.translations)


AGREE = [
    ("en", "I agree: recruitment fees charged to migrant workers must be banned everywhere."),
    ("en", "I agree, workers should never pay recruitment fees to get a job abroad."),
    ("fr", "Je suis d'accord : les frais de recrutement payés par les travailleurs migrants doivent être interdits."),
    ("fr", "D'accord, les travailleurs ne devraient jamais payer de frais de recrutement."),
    ("es", "Estoy de acuerdo: hay que prohibir las comisiones de contratación que pagan los trabajadores migrantes."),
    ("en", "Yes, I agree that employers, not workers, should pay every recruitment fee."),
]
DISAGREE = [
    ("en", "I do not agree: banning recruitment fees for migrant workers would push recruiters underground."),
    ("en", "I disagree, a total ban on recruitment fees cannot be enforced in small agencies."),
    (
        "fr",
        "Je ne suis pas d'accord : interdire les frais de recrutement des migrants pousserait les agences "
        "dans l'illégalité.",
    ),
    ("fr", "Pas d'accord, une interdiction totale des frais de recrutement est impossible à faire respecter."),
    (
        "es",
        "No estoy de acuerdo: prohibir las comisiones de contratación de los migrantes empujaría a las "
        "agencias a la ilegalidad.",
    ),
    ("en", "I disagree that recruitment fees should be banned; they should be capped instead."),
]


def test_a_question_asking_for_a_view_keeps_agreement_and_disagreement_in_themes_of_their_own(cast):
    """The first question asks for a view: the run asks the engine to keep the two sides apart, and the
    themes carry their stance (the page shows it as a badge)."""
    from .making import make_consultation

    consultation = make_consultation(cast.secretariat, languages=("en", "fr", "es"))
    rows = labelled_rows(THREE_THEMES) + [{"answer": text, "language": language} for language, text in AGREE + DISAGREE]
    store_answers(consultation, rows)
    run = themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=3)
    assert run.status == ThemeRunStatus.DONE, run.error
    shown = {t.get_stance_display() for t in run.themes.exclude(stance="")}
    assert shown == {"Agreement", "Disagreement"}


def test_run_quotes_people_who_agreed_to_be_quoted_before_the_others(cast):
    """A theme's quotes were the answers nearest its centre whatever their authors' consent: a priority's
    page, which shows only those who agreed, could find no quote though such answers were in the theme."""
    from alliance87.engagement.tests.making import make_consultation

    consultation = make_consultation(cast.secretariat, languages=("en", "fr", "es", "ar"))
    rows = labelled_rows(THREE_THEMES, 15)
    agreed = {id(row) for row in rows[2::5]}  # three of each theme's fifteen, none the first
    kept_in = store_answers(consultation, [r for r in rows if id(r) not in agreed], quotable=False)
    quoted = store_answers(consultation, [r for r in rows if id(r) in agreed], quotable=True)
    run = themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=3)
    found = themes.themes_of(run)
    quotable_ids = {a.pk for a in quoted}
    assert kept_in and found
    for theme in found:
        if _live(theme) & quotable_ids:
            first = theme.shown_quotes[0]
            assert first.quotable and first.answer_id in quotable_ids, theme.label
        # The order is the consent's, then the centre's: no quote of someone who agreed after one who did not.
        flags = [q.quotable for q in theme.shown_quotes]
        assert flags == sorted(flags, reverse=True)
