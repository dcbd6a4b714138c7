"""The secretariat's admin for events: an event with its organisers and supporters, agenda and people.

Organisers work in the event's own pages (/events/manage/), which check each change through the
services; the admin is the secretariat's way to correct any record directly (kept in history).
Publishing and withdrawing call the service, as the pages do.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliance87.admin_site import SecretariatModelAdmin
from alliance87.translations import TranslationsAdminMixin

from . import services
from .models import AgendaItem, Event, EventOrganisation, Participation


class SecretariatInline(admin.TabularInline):
    """Inlines follow their event's admin: the secretariat may do everything, no one else reaches them."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return True

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class EventOrganisationInline(SecretariatInline):
    model = EventOrganisation
    fields = ["organisation", "role"]
    autocomplete_fields = ["organisation"]


class AgendaItemInline(SecretariatInline):
    model = AgendaItem
    fields = ["position", "kind", "title", "duration_minutes", "description", "notes"]
    ordering = ["position"]
    show_change_link = True  # the item's own page holds its title and description in other languages


class ParticipationInline(SecretariatInline):
    model = Participation
    fields = [
        "agenda_item",
        "person",
        "role",
        "is_lead",
        "printed_title",
        "printed_organisation",
        "confirmation",
        "name_consent",
        "position",
    ]
    autocomplete_fields = ["person"]
    ordering = ["agenda_item__position", "position", "pk"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only this event's items: an item of another event would be refused on saving anyway.
        if db_field.name == "agenda_item":
            event_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = AgendaItem.objects.filter(event_id=event_id).order_by("position")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "agenda_item")


@admin.register(AgendaItem)
class AgendaItemAdmin(TranslationsAdminMixin, SecretariatModelAdmin):
    """One item, reached from its event's page: the same fields, and its title and description in French,
    Spanish and Arabic."""

    list_display = ["title", "event", "position", "kind", "duration_minutes"]
    list_select_related = ["event"]
    search_fields = ["title", "event__title"]
    fields = ["event", "position", "kind", "title", "duration_minutes", "description", "notes"]
    readonly_fields = ["event"]

    def has_add_permission(self, request) -> bool:
        return False  # items are added on their event's page


@admin.register(Event)
class EventAdmin(TranslationsAdminMixin, SecretariatModelAdmin):
    list_display = ["title", "starts_at", "time_zone", "parent", "status", "is_example"]
    list_filter = ["status", "format", "is_example"]
    search_fields = ["title", "slug", "venue"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["parent"]
    readonly_fields = ["status", "updated_at", "local_times"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EventOrganisationInline, AgendaItemInline, ParticipationInline]
    actions = ["publish", "withdraw"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "status", "is_example", "source", "updated_at"]}),
        (
            _("Date and place"),
            {
                "fields": ["time_zone", "starts_at", "ends_at", "local_times", "format", "venue", "room"],
                "description": _("Start and end are in UTC here; the event's pages show them in its time zone."),
            },
        ),
        (
            _("Content"),
            {
                "fields": [
                    "keywords",
                    "languages",
                    "audience",
                    "background",
                    "objectives",
                    "expected_outcomes",
                    "session_format",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")

    @admin.display(description=_("local time"))
    def local_times(self, obj):
        if not (obj.pk and obj.time_zone):
            return "—"
        start, end = obj.starts_at.astimezone(obj.zone), obj.ends_at.astimezone(obj.zone)
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} ({obj.time_zone})"

    @admin.action(description=_("Publish the programme of the selected events"))
    def publish(self, request, queryset):
        published = 0
        for event in queryset:
            try:
                services.event_publish(event=event, by=request.user, published=True)
            except ValidationError as error:  # e.g. an agenda that runs past the event's end
                messages.error(request, f"{event.title}: {' '.join(error.messages)}")
            else:
                published += 1
        if published:
            messages.success(request, _("The programmes are published."))

    @admin.action(description=_("Withdraw the programme of the selected events (back to draft)"))
    def withdraw(self, request, queryset):
        for event in queryset:
            services.event_publish(event=event, by=request.user, published=False)
        messages.success(request, _("The programmes are drafts again."))
