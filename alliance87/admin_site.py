"""The Django admin, opened to the secretariat (its role, not Django's staff flag)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from alliance87.accounts import twofactor
from alliance87.accounts.rules import is_secretariat
from alliance87.pagecache import public_pages_changed


class SecretariatAdminSite(admin.AdminSite):
    site_header = _("Alliance 8.7 administration")
    site_title = _("Alliance 8.7")
    index_title = _("Secretariat")

    def has_permission(self, request) -> bool:
        # The code is checked here too, not only by the middleware: the admin can grant every role.
        user = request.user
        return (
            user.is_active
            and is_secretariat(user)
            and twofactor.confirmed_with_code(getattr(request, "session", None), user)
        )

    def login(self, request, extra_context=None):
        # Signed in but not the secretariat: say no, rather than send them round the sign-in again.
        if request.user.is_authenticated:
            if twofactor.requires_second_factor(request.user):  # the secretariat, still owing its code
                query = urlencode({"next": request.GET.get("next", "/admin/")})
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
            raise PermissionDenied(_("The admin is for the secretariat."))
        # One door: the site's sign-in, which asks the secretariat for its two-factor code.
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.GET.get('next', '/admin/')})}")


class SecretariatOnlyAdmin(admin.ModelAdmin):
    """Full rights for the secretariat, none for anyone else."""

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


class PublicPagesChangedAdmin(SecretariatOnlyAdmin):
    """For public data: every edit, inline or deletion refreshes the cached public pages."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_pages_changed()

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        public_pages_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_pages_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_pages_changed()


class SecretariatModelAdmin(PublicPagesChangedAdmin, SimpleHistoryAdmin):
    """For public data with a history table: every edit is also kept in history."""
