"""The network's consoles on ``/me/``: the organisation profiles and Action Groups a person keeps."""

from django.urls import reverse
from django.utils.translation import gettext as _

from alliance87.accounts.models import Role
from alliance87.consoles import Console

from .models import ActionGroup, Organisation


def consoles_for(user) -> list[Console]:
    found = []
    organisations = Organisation.objects.filter(pk__in=user.scopes_for(Role.PARTNER_EDITOR, Organisation))
    for organisation in organisations.order_by("name"):
        found.append(
            Console(
                title=_("Partner profile: %(name)s") % {"name": organisation.name},
                url=reverse("network:organisation_edit", args=[organisation.slug]),
                description=_("Keep your organisation's profile in the directory up to date."),
            )
        )
    groups = ActionGroup.objects.filter(pk__in=user.scopes_for(Role.ACTION_GROUP_LEAD, ActionGroup))
    for group in groups.order_by("name"):
        found.append(
            Console(
                title=_("Action Group: %(name)s") % {"name": group.name},
                url=reverse("network:action_group_edit", args=[group.slug]),
                description=_("The group's page and its members."),
            )
        )
    return found
