"""Organisations' names and acronyms, Action Groups' names and mandates and the stated figures' statements
in every language: a ``translations`` column (see ``alliance87.translations``), empty until filled."""

from django.db import migrations, models


def _translations():
    return models.JSONField(blank=True, default=dict, editable=False, verbose_name="translations")


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_sources_by_public_name"),
    ]

    operations = [
        migrations.AddField(model_name=model, name="translations", field=_translations())
        for model in (
            "actiongroup",
            "historicalactiongroup",
            "organisation",
            "historicalorganisation",
            "statedfigure",
            "historicalstatedfigure",
        )
    ]
