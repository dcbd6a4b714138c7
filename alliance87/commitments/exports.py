"""The registry's downloads: the filtered commitments as CSV, XLSX or JSON, and their deliverables as CSV or
XLSX. Each reads the commitments in a fixed number of queries whatever their number; every cell goes
through ``alliance87.spreadsheets`` (formula-safe). The columns are documented in ``docs/commitments.md``
and in ``COMMITMENT_COLUMNS`` / ``DELIVERABLE_COLUMNS`` below (the header's text is translated; the JSON
uses the keys).
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import CoImplementer, Commitment, Deliverable, Light, Progress

# (JSON key, header) in the order of the columns.
COMMITMENT_COLUMNS = [
    ("id", _("ID")),
    ("url", _("Address")),
    ("title", _("Title")),
    ("language", _("Written in")),
    ("maker_kind", _("Made by")),
    ("lead", _("Lead")),
    ("lead_kind", _("Lead organisation’s kind")),
    ("co_implementers", _("Co-implementers (confirmed)")),
    ("focal_point", _("Focal point")),
    ("priorities", _("Thematic priorities")),
    ("sdg_targets", _("SDG targets")),
    ("countries", _("Countries (ISO codes)")),
    ("action_groups", _("Action Groups")),
    ("status", _("Stage")),
    ("light", _("Status light")),
    ("on_track", _("On track")),
    ("starts_on", _("Starts on")),
    ("ends_on", _("Ends on")),
    ("published_at", _("Published")),
    ("last_reported_at", _("Last reported")),
    ("deliverables", _("Deliverables")),
    ("deliverables_achieved", _("Deliverables achieved")),
    ("description", _("What will be done, and how")),
    ("contribution", _("How it helps end child labour, forced labour, modern slavery and human trafficking")),
    ("communication", _("How it will be communicated")),
    ("is_example", _("Example")),
]
DELIVERABLE_COLUMNS = [
    ("commitment_id", _("Commitment ID")),
    ("commitment", _("Commitment")),
    ("position", _("Position")),
    ("title", _("Deliverable")),
    ("indicator", _("Indicator")),
    ("unit", _("Unit")),
    ("baseline", _("Baseline")),
    ("target", _("Target")),
    ("due_on", _("Due on")),
    ("current_value", _("Latest value")),
    ("progress", _("Progress")),
    ("achieved_at", _("Achieved at")),
]
WIDTHS = {
    "commitments": [7, 30, 40, 8, 18, 30, 20, 30, 20, 30, 12, 14, 20, 12, 14, 9, 11, 11, 16, 16, 9, 9, 60, 60, 40, 8],
    "deliverables": [9, 40, 6, 40, 30, 10, 10, 10, 11, 10, 14, 16],
}


def file_name(what: str, filters: selectors.Filters) -> str:
    parts = [what, *(f"{k}-{v}" for k, v in filters.as_query().items() if k != "q")]
    return "-".join(parts + [timezone.localdate().isoformat()])[:150]


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _number(value):
    if value is None:
        return None
    return format(value.normalize(), "f")


def _read(commitments) -> list[Commitment]:
    from alliance87.engagement.models import Priority  # noqa: PLC0415

    found = list(
        commitments.select_related("lead_organisation", "lead_country", "lead_action_group").prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.order_by("position", "title")),
            "countries",
            "action_groups",
            Prefetch(
                "co_implementers",
                queryset=CoImplementer.objects.filter(confirmed_at__isnull=False, declined_at__isnull=True)
                .select_related("organisation", "country", "action_group")
                .order_by("pk"),
            ),
        )
    )
    selectors.with_counts(found)
    on_track = set(selectors.on_track(commitments.order_by()).values_list("pk", flat=True))
    for c in found:
        c.is_on_track = c.pk in on_track
    return found


def _commitment_record(c: Commitment, base: str) -> dict:
    return {
        "id": c.pk,
        "url": base + c.get_absolute_url(),
        "title": c.title,
        "language": c.language,
        "maker_kind": c.maker_kind,
        "lead": str(c.lead),
        "lead_kind": c.lead_organisation.kind if c.lead_organisation else "",
        "co_implementers": [str(co.party) for co in c.co_implementers.all()],
        "focal_point": c.focal_point,
        "priorities": [p.slug for p in c.priorities.all()],
        "sdg_targets": list(c.sdg_targets or []),
        "countries": sorted(country.code.code for country in c.countries.all()),
        "action_groups": [g.slug for g in c.action_groups.all()],
        "status": c.status,
        "light": c.light,
        "on_track": c.is_on_track,
        "starts_on": c.starts_on.isoformat() if c.starts_on else None,
        "ends_on": c.ends_on.isoformat() if c.ends_on else None,
        "published_at": c.published_at.isoformat() if c.published_at else None,
        "last_reported_at": c.last_reported_at.isoformat() if c.last_reported_at else None,
        "deliverables": c.deliverable_count,
        "deliverables_achieved": c.achieved_count,
        "description": c.description,
        "contribution": c.contribution,
        "communication": c.communication,
        "is_example": c.is_example,
    }


def _deliverable_record(d: Deliverable) -> dict:
    return {
        "commitment_id": d.commitment_id,
        "commitment": d.commitment.title,
        "position": d.position,
        "title": d.title,
        "indicator": d.indicator,
        "unit": d.unit,
        "baseline": _number(d.baseline),
        "target": _number(d.target),
        "due_on": d.due_on.isoformat() if d.due_on else None,
        "current_value": _number(d.current_value),
        "progress": d.progress,
        "achieved_at": d.achieved_at.isoformat() if d.achieved_at else None,
    }


def _deliverables(commitments):
    return (
        Deliverable.objects.filter(commitment__in=commitments.order_by().values("pk"))
        .select_related("commitment")
        .order_by("-commitment__published_at", "commitment_id", "position", "pk")
    )


def _cell_text(key: str, value):
    """A record's value as a spreadsheet shows it: lists joined, choices by their label in the page's
    language, yes/no written out."""
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if key == "maker_kind":
        from .models import MakerKind  # noqa: PLC0415

        return _label(MakerKind, value)
    if key == "status":
        from .models import CommitmentStatus  # noqa: PLC0415

        return _label(CommitmentStatus, value)
    if key == "light":
        return _label(Light, value) if value else ""
    if key == "progress":
        return _label(Progress, value) if value else ""
    return value


def table(what: str, commitments, base: str = "") -> tuple[list[str], list[list]]:
    """The header and rows of the commitments' or the deliverables' file."""
    if what == "deliverables":
        columns = DELIVERABLE_COLUMNS
        records = [_deliverable_record(d) for d in _deliverables(commitments)]
    else:
        columns = COMMITMENT_COLUMNS
        records = [_commitment_record(c, base) for c in _read(commitments)]
    header = [str(label) for _key, label in columns]
    return header, [[_cell_text(key, r[key]) for key, _label in columns] for r in records]


def as_json(commitments, base: str = "") -> dict:
    """The commitments with their deliverables inside, keys as in ``COMMITMENT_COLUMNS``."""
    found = _read(commitments)
    deliverables: dict[int, list] = {}
    for d in _deliverables(commitments):
        record = _deliverable_record(d)
        del record["commitment"]
        deliverables.setdefault(d.commitment_id, []).append(record)
    items = []
    for c in found:
        record = _commitment_record(c, base)
        record["deliverable_list"] = deliverables.get(c.pk, [])
        items.append(record)
    return {"count": len(items), "generated_at": timezone.now().isoformat(), "commitments": items}


def xlsx(what: str, header: list[str], rows: list[list]) -> bytes:
    from alliance87 import spreadsheets  # noqa: PLC0415 -- loaded only for a download

    sheet = str(_("Deliverables") if what == "deliverables" else _("Commitments"))
    return spreadsheets.to_xlsx(header, rows, sheet=sheet, widths=WIDTHS[what])
