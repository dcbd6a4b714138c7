"""The pathway: the steps recorded by hand, and the GCG's rule for granting Pathfinder status.

"Roadmap adopted" and "Reporting annually" are not recorded here: they follow from the roadmap recorded and
the annual reports published (``alliance87.pathfinders.pathways``; docs/domain.md).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliance87.network import services as network_services
from alliance87.network.models import Country

from ..models import Milestone
from ..vocab import Stage
from .common import public_pages_changed, require, save_validated

GCG_DECISIONS = (Stage.STATUS_GRANTED, Stage.INACTIVE)


@transaction.atomic
def milestone_record(
    *,
    country: Country,
    stage: str,
    by,
    date: datetime.date | None = None,
    viable_roadmap: bool = False,
    note: str = "",
    source: str = "",
    is_example: bool = False,
) -> Milestone:
    """Record a step of ``country`` along the pathway (or update the step's date and note).

    Pathfinder status is granted only once a strategic planning workshop produced a viable roadmap
    (the GCG's rule); granting it also marks the country as a Pathfinder in the network, with the
    year when the date is known. Status and inactivity are GCG decisions: the secretariat records them.

    "Roadmap adopted" and "Reporting annually" follow from the records: the pages do not offer them. Given
    here (by a loader keeping what a source said), they are kept as a *claim*: a claim never places the
    country on the pathway, and one the records do not confirm is shown to the secretariat and the
    country's focal points to settle, never to the public (``Pathway.claims_to_check``).
    """
    require(by, "pathfinders.record_milestone", country)
    if stage in GCG_DECISIONS:
        require(by, "pathfinders.record_gcg_decision")
    if (
        stage == Stage.STATUS_GRANTED
        and not Milestone.objects.filter(country=country, stage=Stage.WORKSHOP, viable_roadmap=True).exists()
    ):
        raise ValidationError(
            {
                "stage": _(
                    "Pathfinder status can only be granted after a strategic planning workshop produced a "
                    "viable roadmap. Record that workshop first."
                )
            }
        )
    if date and date > datetime.date.today():
        raise ValidationError({"date": _("The date is in the future.")})
    milestone = None
    if stage != Stage.WORKSHOP:
        milestone = Milestone.objects.filter(country=country, stage=stage).first()
    milestone = milestone or Milestone(country=country, stage=stage)
    milestone.date, milestone.viable_roadmap = date, viable_roadmap
    milestone.note, milestone.source, milestone.is_example = note.strip(), source.strip(), is_example
    save_validated(milestone, by)
    if stage == Stage.STATUS_GRANTED:
        network_services.country_pathfinder_set(
            country=country, by=by, is_pathfinder=True, since_year=date.year if date else None
        )
    public_pages_changed()
    return milestone
