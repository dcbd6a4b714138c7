"""How long a banner keeps its contributors' first names and hashes (``services.erase_expired_personal_data``)."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("artwork", "0003_blocked_terms_per_banner"),
    ]

    operations = [
        migrations.AddField(
            model_name="banner",
            name="personal_data_days",
            field=models.PositiveIntegerField(
                default=30,
                help_text="After this many days a contribution's first name and the hashes of its phone and network address are erased (the mark stays: its cell, colour and approved message). Print the banner before then if the print should carry the first names.",
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="keep contributors' personal data (days)",
            ),
        ),
    ]
