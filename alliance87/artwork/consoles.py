"""The artwork's consoles on ``/me/``: moderating a banner, its safeguarding queue, and the disclosure cues and
help lines the safeguarding focal point keeps.

A banner's safeguarding queue is urgent while anything waits in it: it comes first on ``/me/``, marked, with
the count. The cues and help lines are listed even when no banner exists yet, so the safeguarding focal
point can prepare them before the event."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance87.accounts.models import Role
from alliance87.accounts.rules import is_safeguarding_focal_point, is_secretariat
from alliance87.bidi import isolated
from alliance87.consoles import Console
from alliance87.events.models import Event

from .models import Banner
from .vocab import Status


def consoles_for(user) -> list[Console]:
    found = []
    if is_secretariat(user) or user.has_role(Role.MODERATOR):
        banners = Banner.objects.all()
        if not is_secretariat(user):
            banners = banners.filter(event__in=user.scopes_for(Role.MODERATOR, Event))
        pending = Count("contributions", filter=Q(contributions__status=Status.PENDING))
        for banner in banners.annotate(pending=pending).order_by("-opens_at", "title"):
            found.append(
                Console(
                    title=_("Moderation: %(banner)s") % {"banner": isolated(banner.title)},
                    url=reverse("artwork:moderate", args=[banner.slug]),
                    waiting=banner.pending,
                    waiting_label=ngettext(
                        "%(count)d contribution to moderate", "%(count)d contributions to moderate", banner.pending
                    )
                    % {"count": banner.pending},
                    description=_(
                        "Approve, reject or hide what people send to the banner; send anything that worries you to "
                        "safeguarding (key S); freeze the wall."
                    ),
                )
            )
    if is_secretariat(user) or is_safeguarding_focal_point(user):
        for banner in Banner.objects.annotate(
            held=Count("contributions", filter=Q(contributions__status=Status.SAFEGUARDING))
        ).order_by("-opens_at", "title"):
            found.append(
                Console(
                    title=_("Safeguarding: %(banner)s") % {"banner": isolated(banner.title)},
                    url=reverse("artwork:safeguarding", args=[banner.slug]),
                    waiting=banner.held,
                    waiting_label=ngettext(
                        "%(count)d possible disclosure waits for you",
                        "%(count)d possible disclosures wait for you",
                        banner.held,
                    )
                    % {"count": banner.held},
                    description=_("Messages that may tell of harm, held back from the wall for you to act on."),
                    urgent=bool(banner.held),
                )
            )
        found.append(
            Console(
                title=_("Safeguarding: disclosure cues and help lines"),
                url=reverse("artwork:cues"),
                description=_(
                    "The words that send a contribution to you, in every language, and the help lines the phone "
                    "page shows contributors."
                ),
            )
        )
    return found
