"""The events' consoles on ``/me/``: the events a person organises, and the run-of-show of those they
organise or moderate."""

from django.urls import reverse
from django.utils.translation import gettext as _

from alliance87.accounts.models import Role
from alliance87.accounts.rules import is_secretariat
from alliance87.consoles import Console

from .models import Event


def consoles_for(user) -> list[Console]:
    found = []
    if is_secretariat(user) or user.has_role(Role.EVENT_ORGANISER):
        found.append(
            Console(
                title=_("Events to organise"),
                url=reverse("events:manage"),
                description=_("The programme, its people and its publication."),
            )
        )
    if is_secretariat(user):
        return found
    runs = user.scopes_for(Role.EVENT_ORGANISER, Event) | user.scopes_for(Role.MODERATOR, Event)
    for event in Event.objects.filter(pk__in=runs).order_by("-starts_at"):
        found.append(
            Console(
                title=_("Run-of-show: %(event)s") % {"event": event.title},
                url=reverse("events:run", args=[event.slug]),
                description=_("The countdown, the current and next segment, and the speaker view."),
            )
        )
    return found
