"""Sources read by their public name, never a file path of the project (issue 13: "Source: … (docs/domain.md)"
was printed on 32 pages)."""

from django.db import migrations

# Frozen here: a migration must not change when alliance_facts.py does.
OLD_TO_NEW = {
    "Alliance 8.7 fact sheet (docs/domain.md)": "Alliance 8.7, alliance87.org",
    "Child Labour Platform, list of Pathfinder Countries, 2025 (via docs/domain.md)": (
        "Child Labour Platform, list of Pathfinder Countries, 2025"
    ),
    "Mexico’s Pathfinder status, confirmed separately (docs/domain.md)": (
        "Mexico’s Pathfinder status, confirmed separately from the Child Labour Platform’s list of 2025"
    ),
}
MODELS = ["Country", "Organisation", "Person", "ActionGroup", "StatedFigure"]


def forward(apps, schema_editor):
    _replace(apps, OLD_TO_NEW)


def backward(apps, schema_editor):
    _replace(apps, {new: old for old, new in OLD_TO_NEW.items()})


def _replace(apps, mapping):
    for name in MODELS:
        model = apps.get_model("network", name)
        changed = []
        for obj in model.objects.exclude(source="").only("pk", "source"):
            source = obj.source
            for old, new in mapping.items():
                source = source.replace(old, new)
            if source != obj.source:
                obj.source = source[:300]
                changed.append(obj)
        model.objects.bulk_update(changed, ["source"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("network", "0002_country_is_example")]

    operations = [migrations.RunPython(forward, backward)]
