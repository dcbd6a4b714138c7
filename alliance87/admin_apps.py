from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """The admin, with the site that lets the secretariat in (see admin_site.py)."""

    default_site = "alliance87.admin_site.SecretariatAdminSite"
