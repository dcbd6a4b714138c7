from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from alliance87.admin_site import SecretariatModelAdmin

from .models import ApiToken, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ["role", "content_type", "object_id", "granted_at"]

    def has_view_permission(self, request, obj=None):
        return True

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: True  # the parent admin already requires the secretariat
    )


@admin.register(User)
class UserAdmin(SecretariatModelAdmin):
    list_display = ["email", "name", "is_active", "date_joined"]
    search_fields = ["email", "name"]
    list_filter = ["is_active", "roles__role"]
    fields = ["email", "name", "is_active", "date_joined", "last_login"]
    readonly_fields = ["date_joined", "last_login"]
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SecretariatModelAdmin):
    list_display = ["user", "role", "scope_label", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user", "content_type"]

    @admin.display(description=_("scope"))
    def scope_label(self, obj):
        return str(obj.scope) if obj.object_id else "—"


@admin.register(ApiToken)
class ApiTokenAdmin(SecretariatModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request, *args):
        return False  # tokens are made by their owner, who alone sees the secret
