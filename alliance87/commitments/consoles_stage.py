"""The stage's consoles on ``/me/``: for an event organiser, the follow-up of each event they organise that has
begun (or already has invitations), with the invitations not yet answered by a commitment; for the secretariat,
the import of the 2021 Action Pledges. One query for an organiser's consoles, none for the secretariat's."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance87.accounts.models import Role
from alliance87.accounts.rules import is_secretariat
from alliance87.consoles import Console
from alliance87.events.models import Event


def consoles_for(user) -> list[Console]:
    found = []
    if user.has_role(Role.EVENT_ORGANISER):
        events = (
            Event.objects.filter(pk__in=user.scopes_for(Role.EVENT_ORGANISER, Event))
            .filter(Q(starts_at__lte=timezone.now()) | Q(commitment_invitations__isnull=False))
            .annotate(
                unanswered=Count(
                    "commitment_invitations",
                    filter=Q(commitment_invitations__commitments__isnull=True),
                    distinct=True,
                )
            )
            .order_by("-starts_at", "title")
        )
        for event in events:
            found.append(
                Console(
                    title=_("Follow-up of %(event)s") % {"event": event.title},
                    url=reverse("commitments:follow_up", args=[event.slug]),
                    waiting=event.unanswered,
                    waiting_label=ngettext(
                        "%(count)d invitation to commit not yet answered",
                        "%(count)d invitations to commit not yet answered",
                        event.unanswered,
                    )
                    % {"count": event.unanswered},
                    description=_("Takeaways linked to priorities, invitations to commit, and what came of them."),
                )
            )
    if is_secretariat(user):
        found.append(
            Console(
                title=_("2021 Action Pledges"),
                url=reverse("commitments:import_pledges"),
                description=_("Import the pledges of 2021 into the registry, from CSV or Excel."),
            )
        )
    return found
