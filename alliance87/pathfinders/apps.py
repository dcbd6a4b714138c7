from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathfindersConfig(AppConfig):
    name = "alliance87.pathfinders"
    label = "pathfinders"
    verbose_name = _("Pathfinder Countries")
