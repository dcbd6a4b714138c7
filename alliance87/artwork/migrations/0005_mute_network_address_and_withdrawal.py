"""A mute also holds the network address's hash (a new device token from it is refused); a contributor may
withdraw their own mark (a status of its own, so no moderator can approve it again)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("artwork", "0004_banner_personal_data_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="muteddevice",
            name="address",
            field=models.CharField(
                blank=True, help_text="A hash, not the address.", max_length=64, verbose_name="network address"
            ),
        ),
        migrations.AlterField(
            model_name="muteddevice",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddIndex(
            model_name="muteddevice",
            index=models.Index(fields=["banner", "address"], name="artwork_mut_banner__bf7af3_idx"),
        ),
        migrations.AlterField(
            model_name="contribution",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for a moderator"),
                    ("approved", "On the wall"),
                    ("rejected", "Rejected"),
                    ("hidden", "Hidden"),
                    ("erased", "Erased"),
                    ("safeguarding", "With the safeguarding focal point"),
                    ("withdrawn", "Withdrawn by its contributor"),
                ],
                default="pending",
                max_length=20,
                verbose_name="status",
            ),
        ),
    ]
