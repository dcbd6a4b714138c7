from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "alliance87.search"
    verbose_name = _("Site search")

    def ready(self):
        from . import indexing

        indexing.connect()
        post_migrate.connect(indexing.rebuild_if_empty, sender=self)
