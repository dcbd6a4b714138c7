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
