"""The exchange's consoles on ``/me/``: "Your experiences" (drafts and those sent back wait for their sharers)
and, for the secretariat, "Experiences to review" with the count of those submitted."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance87.consoles import Console

from . import selectors


def consoles_for(user) -> list[Console]:
    found = []
    if user.has_perm("exchange.share_experience"):
        waiting = selectors.waiting_for(user).count()
        found.append(
            Console(
                title=_("Your experiences"),
                url=reverse("exchange:mine"),
                waiting=waiting,
                waiting_label=ngettext(
                    "%(count)d experience to finish or change", "%(count)d experiences to finish or change", waiting
                )
                % {"count": waiting},
                description=_("Share what worked, so others can copy it: good practices and stories."),
            )
        )
    if user.has_perm("exchange.review_experience"):
        waiting = selectors.to_review().count()
        found.append(
            Console(
                title=_("Experiences to review"),
                url=reverse("exchange:review_queue"),
                waiting=waiting,
                waiting_label=ngettext(
                    "%(count)d experience waiting for review", "%(count)d experiences waiting for review", waiting
                )
                % {"count": waiting},
                description=_("Publish shared experiences, or send them back with a comment."),
            )
        )
    return found
