"""A short starter blocklist in each of the four languages, for the moderators to extend (or empty).

Terms are held for a moderator wherever they appear (whole words, case- and accent-insensitive);
they are never shown on the wall unless a moderator approves the contribution.
"""

from django.db import migrations

STARTER = {
    "en": ["fuck", "shit", "bitch", "bastard"],
    "fr": ["merde", "putain", "connard", "salope"],
    "es": ["mierda", "puta", "cabrón", "pendejo"],
    "ar": ["لعنة", "حقير"],
}


def add(apps, schema_editor):
    BlockedTerm = apps.get_model("artwork", "BlockedTerm")
    for language, terms in STARTER.items():
        for term in terms:
            BlockedTerm.objects.get_or_create(language=language, term=term)


def remove(apps, schema_editor):
    BlockedTerm = apps.get_model("artwork", "BlockedTerm")
    for language, terms in STARTER.items():
        BlockedTerm.objects.filter(language=language, term__in=terms, added_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("artwork", "0001_banners_contributions_log")]
    operations = [migrations.RunPython(add, remove)]
