from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from alliance87.admin_site import SecretariatModelAdmin
from alliance87.translations import TranslationsAdminMixin

from . import services
from .models import ActionGroup, Country, Membership, Organisation, Person, StatedFigure


@admin.register(Country)
class CountryAdmin(SecretariatModelAdmin):
    list_display = ["__str__", "code", "is_pathfinder", "pathfinder_since", "sdg_region", "ilo_region"]
    list_filter = ["is_pathfinder", "sdg_region", "ilo_region"]
    search_fields = ["code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]

    def has_view_permission(self, request, obj=None):
        return True

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Organisation)
class OrganisationAdmin(TranslationsAdminMixin, SecretariatModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "is_partner", "partner_since"]
    list_filter = ["is_partner", "kind", "country__sdg_region"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["country"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ActionGroup)
class ActionGroupAdmin(TranslationsAdminMixin, SecretariatModelAdmin):
    list_display = ["name", "lead_organisation", "is_active", "status_verified", "started_year"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(SecretariatModelAdmin):
    list_display = ["name", "title", "organisation", "public_consent", "consent_recorded_at"]
    list_filter = ["public_consent"]
    search_fields = ["name", "title"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["public_consent", "consent_recorded_at", "consent_note"]
    actions = ["record_consent", "withdraw_consent"]

    @admin.action(description=_("Record consent to be shown publicly"))
    def record_consent(self, request, queryset):
        for person in queryset:
            services.person_record_consent(person=person, by=request.user, consent=True, note="Recorded in admin")
        messages.success(request, _("Consent recorded."))

    @admin.action(description=_("Withdraw consent (hide from public pages)"))
    def withdraw_consent(self, request, queryset):
        for person in queryset:
            services.person_record_consent(person=person, by=request.user, consent=False, note="Withdrawn in admin")
        messages.success(request, _("Consent withdrawn."))


@admin.register(StatedFigure)
class StatedFigureAdmin(TranslationsAdminMixin, SecretariatModelAdmin):
    list_display = ["label", "value", "as_of_year", "source", "position"]
