"""Blocked terms belong to a banner, or (no banner) to the shared starter list only the secretariat keeps.

The terms there were before are global: with no banner they become the shared list, as they were."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("artwork", "0002_starter_blocklist"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="blockedterm",
            name="blocked_term_once",
        ),
        migrations.AddField(
            model_name="blockedterm",
            name="banner",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty: the shared list every banner uses, kept by the secretariat.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="blocked_terms",
                to="artwork.banner",
                verbose_name="banner",
            ),
        ),
        migrations.AddConstraint(
            model_name="blockedterm",
            constraint=models.UniqueConstraint(
                condition=models.Q(("banner__isnull", False)),
                fields=("banner", "language", "term"),
                name="blocked_term_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="blockedterm",
            constraint=models.UniqueConstraint(
                condition=models.Q(("banner__isnull", True)),
                fields=("language", "term"),
                name="shared_blocked_term_once",
            ),
        ),
    ]
