from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alliance87.admin_site import SecretariatOnlyAdmin

from . import rights_changed
from .models import ROLE_SCOPES, ApiToken, RoleAssignment, User
from .services import role_grant


def scope_choices() -> list:
    """Every object a scoped role can be held for, grouped by kind (countries, organisations…)."""
    groups = [("", "—")]
    for label in sorted(set(ROLE_SCOPES.values())):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue  # the app holding this kind of object is not installed yet
        options = sorted(((f"{label}:{obj.pk}", str(obj)) for obj in model.objects.all()), key=lambda o: o[1])
        groups.append((model._meta.verbose_name_plural.capitalize(), options))
    return groups


class RoleAssignmentForm(forms.ModelForm):
    """Pick the role and, for a scoped role, the country, organisation or group it is held for."""

    scope_choice = forms.ChoiceField(label=_("held for"), required=False)

    class Meta:
        model = RoleAssignment
        fields = ["user", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_choice"].choices = scope_choices()
        if self.instance.pk and self.instance.object_id:
            self.initial["scope_choice"] = (
                f"{self.instance.content_type.app_label}.{self.instance.content_type.model}:{self.instance.object_id}"
            )

    def clean(self):
        data = super().clean()
        choice = data.get("scope_choice")
        scope = None
        if choice:
            label, pk = choice.split(":")
            scope = apps.get_model(label).objects.filter(pk=pk).first()
        data["scope"] = scope
        expected = ROLE_SCOPES.get(data.get("role"))
        if expected and scope is None:
            raise ValidationError({"scope_choice": _("Choose what this role is held for.")})
        if scope is not None and (not expected or scope._meta.label_lower != expected):
            raise ValidationError({"scope_choice": _("This role cannot be held for that.")})
        return data


class RoleAssignmentInline(admin.TabularInline):
    """The user's roles, read here; they are granted in Role assignments (which checks the scope)."""

    model = RoleAssignment
    extra = 0
    fields = ["role", "content_type", "object_id", "granted_at"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return True  # the parent admin already requires the secretariat


def _rights_changed(*user_ids) -> None:
    """After the admin's commit, open sockets of these users check their rights again at once (the
    run-of-show and the artwork console close if the right is gone; see ``rights_changed``)."""
    for user_id in set(user_ids):
        transaction.on_commit(lambda user_id=user_id: rights_changed.announce(user_id=user_id))


@admin.register(User)
class UserAdmin(SecretariatOnlyAdmin):
    list_display = ["email", "name", "is_active", "date_joined"]
    search_fields = ["email", "name"]
    list_filter = ["is_active", "roles__role"]
    fields = ["email", "name", "is_active", "date_joined", "last_login"]
    readonly_fields = ["date_joined", "last_login"]
    inlines = [RoleAssignmentInline]

    def save_related(self, request, form, formsets, change):
        # Deactivating a user, or deleting role rows inline, takes rights away.
        super().save_related(request, form, formsets, change)
        _rights_changed(form.instance.pk)

    def delete_model(self, request, obj):
        user_id = obj.pk
        super().delete_model(request, obj)
        _rights_changed(user_id)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SecretariatOnlyAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "role", "scope_label", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user", "content_type"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        scope = form.cleaned_data["scope"]
        if change:
            obj.content_type = ContentType.objects.get_for_model(scope) if scope else None
            obj.object_id = scope.pk if scope else None
            obj.save()
            _rights_changed(obj.user_id)  # moved to another object: the old one's sockets must close
        else:
            form.instance = role_grant(user=obj.user, role=obj.role, scope=scope)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _rights_changed(obj.user_id)

    def delete_queryset(self, request, queryset):
        user_ids = list(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        _rights_changed(*user_ids)

    @admin.display(description=_("scope"))
    def scope_label(self, obj):
        return str(obj.scope) if obj.object_id else "—"


@admin.register(ApiToken)
class ApiTokenAdmin(SecretariatOnlyAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request, *args):
        return False  # tokens are made by their owner, who alone sees the secret
