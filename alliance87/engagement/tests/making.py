"""A consultation as the secretariat makes one, through the services, for the engagement tests."""

import datetime

from django.utils import timezone

from alliance87.engagement import services


def make_consultation(by, *, anonymous=False, open_it=True, languages=("en", "fr", "es"), **fields):
    """Three questions (a required text asking for a view, a single choice, a scale), in English and French."""
    consultation = services.consultation_create(
        by=by,
        title="Priorities after Durban",
        kind="survey",
        languages=list(languages),
        is_anonymous=anonymous,
        translations={"fr": {"title": "Priorités après Durban"}, "es": {"title": "Prioridades después de Durban"}},
        closes_at=timezone.now() + datetime.timedelta(days=30),
        **fields,
    )
    services.question_add(
        by=by,
        consultation=consultation,
        kind="text",
        label="What should the Alliance do first?",
        name="first",
        required=True,
        asks_view=True,
        translations={"fr": {"label": "Que devrait faire l’Alliance en premier ?"}},
    )
    area = services.question_add(
        by=by,
        consultation=consultation,
        kind="single",
        label="Which area matters most?",
        name="area",
        translations={"fr": {"label": "Quel domaine compte le plus ?"}},
    )
    services.choice_add(by=by, question=area, label="Data", value="data", translations={"fr": {"label": "Données"}})
    services.choice_add(
        by=by, question=area, label="Finance", value="finance", translations={"fr": {"label": "Financement"}}
    )
    services.question_add(by=by, consultation=consultation, kind="scale", label="How urgent is it?", name="urgency")
    if open_it:
        services.consultation_open(by=by, consultation=consultation)
    return consultation


ROUND_STATEMENTS = (
    ("Fund labour inspection in every district", {"fr": {"text": "Financer l’inspection du travail partout"}}),
    ("Publish open data on child labour", {"fr": {"text": "Publier des données ouvertes sur le travail des enfants"}}),
    ("Ban recruitment fees for migrant workers", {"fr": {"text": "Interdire les frais de recrutement des migrants"}}),
)


def make_round(by, *, consultation=None, open_it=True, statements=ROUND_STATEMENTS, **fields):
    """A second round of three statements in English and French (the secretariat's), open unless told."""
    from alliance87.engagement import rounds  # noqa: PLC0415 -- the consultations' tests need not load it

    round_ = rounds.round_create(
        by=by,
        title="Second round: priorities after Durban",
        consultation=consultation,
        languages=["en", "fr", "es", "ar"],
        translations={"fr": {"title": "Deuxième tour : priorités après Durban"}},
        statements=list(statements),
        **fields,
    )
    if open_it:
        rounds.round_open(by=by, round_=round_)
    return round_


# --- Themes for the thematic priorities' tests (helper A's synthesis makes them for real) -----------------


def answer_first_question(
    consultation, by, *, text, language="en", consent_quote=True, survivor=None, group="civil_society", region="africa"
):
    """One invited person answers the first question (``text``), with the consent and profile given; the
    submitted Answer."""
    from alliance87.engagement.models import Answer  # noqa: PLC0415 -- keep this module's import light

    address = f"p{Answer.objects.count() + 1}-{language}@example.org"
    [done] = services.invite(by=by, consultation=consultation, addresses=[(address, language)])
    profile = {"stakeholder_group": group, "region": region, "consent_quote": consent_quote}
    if survivor is not None:
        profile["is_survivor"] = survivor
    response = services.response_save(
        consultation=consultation,
        token=done.link.rstrip("/").rsplit("/", 1)[1],
        version=None,
        values={"first": text},
        profile=profile,
        language=language,
        submit=True,
    )
    return response.answers.get(question__name="first")


def make_theme(by, consultation, *, label, answers, reviewed=True, status="active", run=None, translations=None):
    """A theme of a finished synthesis of ``consultation`` holding ``answers`` (all of them its quotes, in
    order), its run's review finished unless ``reviewed`` is false. The run is made unless given."""
    from alliance87.engagement.models import Theme, ThemeAssignment, ThemeRun  # noqa: PLC0415

    if run is None:
        run = ThemeRun.objects.create(
            consultation=consultation,
            status="done",
            encoder="test",
            encoder_version="1",
            answer_count=10,
            started_by=by,
            finished_at=timezone.now(),
            reviewed_at=timezone.now() if reviewed else None,
            reviewed_by=by if reviewed else None,
        )
    groups, regions = {}, {}
    for answer in answers:
        groups[answer.response.stakeholder_group] = groups.get(answer.response.stakeholder_group, 0) + 1
        regions[answer.response.region] = regions.get(answer.response.region, 0) + 1
    theme = Theme.objects.create(
        run=run,
        key=f"t{run.themes.count() + 1}",
        position=run.themes.count(),
        label=label,
        translations=translations or {},
        answer_count=len(answers),
        status=status,
        quotes=[{"answer": a.pk, "language": a.response.language, "translations": {}} for a in answers],
        breakdown={
            "stakeholder_group": [{"value": v, "count": c} for v, c in groups.items()],
            "region": [{"value": v, "count": c} for v, c in regions.items()],
        },
    )
    ThemeAssignment.objects.bulk_create([ThemeAssignment(run=run, answer=a, theme=theme) for a in answers])
    return theme
