"""The making and review consoles on ``/me/``: "Your commitments" for whoever may commit for a party (the
drafts and those sent back, and the joint commitments to confirm, wait for them) and "Commitments to review"
for the secretariat (the submitted ones wait)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance87.consoles import Console

from . import services
from .models import Commitment, CommitmentStatus

EDITABLE = (CommitmentStatus.DRAFT, CommitmentStatus.CHANGES_REQUESTED)


def consoles_for(user) -> list[Console]:
    found = []
    parties = services.parties_for(user)
    to_confirm = services.pending_co_implementations(user).count() if parties else 0
    if parties:
        to_finish = services.made_by(user).filter(status__in=EDITABLE).count()
        waiting = to_finish + to_confirm
        label = ngettext(
            "%(count)d draft or commitment sent back", "%(count)d drafts or commitments sent back", to_finish
        ) % {"count": to_finish}
        if to_confirm:
            label += "; " + ngettext(
                "%(count)d joint commitment to confirm", "%(count)d joint commitments to confirm", to_confirm
            ) % {"count": to_confirm}
        found.append(
            Console(
                title=_("Your commitments"),
                url=reverse("commitments:mine"),
                waiting=waiting,
                waiting_label=label,
                description=_("Commitments on the thematic priorities: deliverables, resources, the SMART checklist."),
            )
        )
    if user.has_perm("commitments.review_commitment"):
        waiting = Commitment.objects.filter(status=CommitmentStatus.SUBMITTED).count()
        found.append(
            Console(
                title=_("Commitments to review"),
                url=reverse("commitments:manage"),
                waiting=waiting,
                waiting_label=ngettext(
                    "%(count)d commitment submitted for review", "%(count)d commitments submitted for review", waiting
                )
                % {"count": waiting},
                description=_("Review commitments against the SMART checklist; publish them or ask for changes."),
            )
        )
    return found
