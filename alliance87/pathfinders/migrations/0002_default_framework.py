"""The default Accountability Framework criteria, so a new deployment can assess from day one.

Marked as default text: the official wording of 2022 is not in the platform; the secretariat
replaces it in the admin. Written out here (not imported from services) so the migration never
changes when the code does.
"""

from django.db import migrations

CRITERIA = [
    ("AF1", "Roadmap adopted and current", "platform", "roadmap_current"),
    ("AF2", "Annual report submitted on time", "platform", "report_on_time"),
    ("AF3", "National coordination mechanism in place", "platform", "coordination"),
    ("AF4", "Social partners, civil society and people with lived experience involved", "reviewer", ""),
    ("AF5", "Relevant ILO conventions ratified or in progress (C138, C182, C29 and its 2014 Protocol)", "reviewer", ""),
    ("AF6", "Key steps of the Durban Call to Action acted on", "reviewer", ""),
]


def create_default_framework(apps, schema_editor):
    FrameworkVersion = apps.get_model("pathfinders", "FrameworkVersion")
    Criterion = apps.get_model("pathfinders", "Criterion")
    if FrameworkVersion.objects.filter(is_default_text=True).exists():
        return
    version = FrameworkVersion.objects.create(
        name="Pathfinder Country Accountability Framework (default criteria)",
        adopted_year=2022,
        is_default_text=True,
        is_current=not FrameworkVersion.objects.filter(is_current=True).exists(),
    )
    Criterion.objects.bulk_create(
        Criterion(version=version, position=i, code=code, title=title, judged_by=judged_by, rule=rule)
        for i, (code, title, judged_by, rule) in enumerate(CRITERIA)
    )


class Migration(migrations.Migration):
    dependencies = [("pathfinders", "0001_pathway_roadmaps_reports_framework")]

    operations = [migrations.RunPython(create_default_framework, migrations.RunPython.noop)]
