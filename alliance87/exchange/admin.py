"""The secretariat's admin for experiences and their pictures and documents (history kept; a change renews
the cached public pages). The review and withdrawal belong to the pages, which tell the next person."""

from django.contrib import admin

from alliance87.admin_site import SecretariatModelAdmin

from .models import Experience, ExperienceMedia


class MediaInline(admin.TabularInline):
    model = ExperienceMedia
    extra = 0
    fields = ("file", "original_name", "alt_text", "caption", "shows_people", "people_consent_recorded_at")
    readonly_fields = ("original_name",)


@admin.register(Experience)
class ExperienceAdmin(SecretariatModelAdmin):
    list_display = ("title", "kind", "status", "organisation", "lived_experience", "published_at")
    list_filter = ("status", "kind", "lived_experience", "is_example")
    search_fields = ("title", "summary")
    autocomplete_fields = ()
    filter_horizontal = ("countries", "priorities", "commitments")
    readonly_fields = ("consent_recorded_by", "submitted_at", "published_at", "withdrawn_at", "from_update")
    inlines = [MediaInline]
