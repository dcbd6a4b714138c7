from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "alliance87.commitments"
    label = "commitments"
    verbose_name = _("Commitments")

    def ready(self):
        from . import lights  # noqa: F401, PLC0415 -- its receiver: the rules changed (the admin too), recompute
