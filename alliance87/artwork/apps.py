from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArtworkConfig(AppConfig):
    name = "alliance87.artwork"
    verbose_name = _("Co-created artwork")

    def ready(self) -> None:
        from . import rules  # noqa: F401 -- registers the permissions
