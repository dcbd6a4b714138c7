"""The Django admin, opened to the secretariat (its role, not Django's staff flag)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from alliance87.accounts.rules import is_secretariat


class SecretariatAdminSite(admin.AdminSite):
    site_header = _("Alliance 8.7 administration")
    site_title = _("Alliance 8.7")
    index_title = _("Secretariat")

    def has_permission(self, request) -> bool:
        return request.user.is_active and is_secretariat(request.user)


class SecretariatModelAdmin(SimpleHistoryAdmin):
    """Full rights for the secretariat, none for anyone else; every edit is kept in history."""

    def has_module_permission(self, request) -> bool:
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_secretariat(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_secretariat(request.user)
