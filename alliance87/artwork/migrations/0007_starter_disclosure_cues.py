"""Load the starter list of disclosure cues (``alliance87/artwork/starter_cues.py``) into ``DisclosureCue``."""

from django.db import migrations

from alliance87.artwork.starter_cues import STARTER


def add(apps, schema_editor):
    DisclosureCue = apps.get_model("artwork", "DisclosureCue")
    for language, kinds in STARTER.items():
        for kind, phrases in kinds.items():
            for phrase in phrases:
                DisclosureCue.objects.get_or_create(
                    language=language, phrase=" ".join(phrase.casefold().split()), defaults={"kind": kind}
                )


def remove(apps, schema_editor):
    apps.get_model("artwork", "DisclosureCue").objects.filter(changed_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("artwork", "0006_disclosure_cues_and_help_lines")]
    operations = [migrations.RunPython(add, remove)]
