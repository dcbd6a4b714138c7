"""The secretariat's administration console on ``/me/``."""

from django.urls import reverse
from django.utils.translation import gettext as _

from alliance87.consoles import Console

from .rules import is_secretariat


def consoles_for(user) -> list[Console]:
    if not is_secretariat(user):
        return []
    return [
        Console(
            title=_("Administration"),
            url=reverse("admin:index"),
            description=_("Roles, organisations, countries, banners, reporting cycles and the Framework."),
        )
    ]
