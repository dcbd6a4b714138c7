"""The secretariat's admin for the artwork: banners (with their zones) to set up, and read-only views of the
contributions and the log.

Contributions and the log are never edited here: every change to them goes through the services, so
it is logged with a sequence number and reaches the wall and the consoles. Moderation happens in the
console (/artwork/<slug>/moderate/); the admin only shows what happened. The wall's freeze is the
console's switch, read-only here for the same reason.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from alliance87.admin_site import SecretariatOnlyAdmin

from . import screening
from .models import Banner, BlockedTerm, Contribution, LogEntry, Zone
from .poster import letters_path


class ZoneInline(admin.TabularInline):
    """Zones follow their banner's admin: the secretariat may do everything, no one else reaches them."""

    model = Zone
    extra = 0
    fields = ["name", "kind", "x", "y", "width", "height"]

    def has_view_permission(self, request, obj=None):
        return True

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Banner)
class BannerAdmin(SecretariatOnlyAdmin):
    list_display = ["title", "slug", "event", "is_conference_banner", "grid", "opens_at", "closes_at", "frozen"]
    list_filter = ["is_conference_banner", "frozen"]
    search_fields = ["title", "slug", "text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["event"]
    readonly_fields = ["frozen", "last_seq", "created_at", "design", "pages"]
    inlines = [ZoneInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "event", "is_conference_banner", "pages"]}),
        (
            _("Design"),
            {
                "fields": ["text", "design", "width_cm", "height_cm", "columns", "rows", "palette"],
                "description": _(
                    'The palette is a list of colours: [{"hex": "#A21942", "name": "SDG 8 burgundy"}, …]. '
                    "The letters are drawn from the text in the shipped Noto Sans Bold."
                ),
            },
        ),
        (
            _("Contributing and moderation"),
            {
                "fields": [
                    "opens_at",
                    "closes_at",
                    "cooldown_seconds",
                    "address_limit_per_minute",
                    "auto_approve_colour_only",
                    "wall_delay_seconds",
                    "personal_data_days",
                    "frozen",
                    "last_seq",
                    "created_at",
                ],
                "description": _("Freeze and unfreeze the wall from the moderators' console, where it is logged."),
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")

    @admin.display(description=_("grid"))
    def grid(self, obj):
        return f"{obj.columns} × {obj.rows}"

    @admin.display(description=_("letters"))
    def design(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<svg viewBox="0 0 {} {}" width="480" role="img" aria-label="{}" shape-rendering="crispEdges">'
            '<rect width="{}" height="{}" fill="#f2f4f7"/><path fill="#a21942" d="{}"/></svg>',
            obj.columns,
            obj.rows,
            obj.text,
            obj.columns,
            obj.rows,
            letters_path(obj),
        )

    @admin.display(description=_("pages"))
    def pages(self, obj):
        if not obj.pk:
            return "—"
        links = [
            (reverse("artwork:contribute", args=[obj.slug]), _("Phone page")),
            (reverse("artwork:moderate", args=[obj.slug]), _("Moderators' console")),
            (reverse("artwork:poster", args=[obj.slug]), _("QR poster (PDF)")),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)


class ReadOnlyAdmin(SecretariatOnlyAdmin):
    """Seen, never changed: these rows are written by the services only."""

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "banner", "cell", "colour", "short_message", "status", "possible_disclosure"]
    list_filter = ["status", "possible_disclosure", "banner"]
    search_fields = ["message", "first_name"]
    date_hierarchy = "created_at"
    list_select_related = ["banner"]
    exclude = ["device", "address"]  # hashes: of no use to a reader, and not to be copied around

    @admin.display(description=_("cell"))
    def cell(self, obj):
        return _("column %(column)s, row %(row)s") % {"column": obj.x + 1, "row": obj.y + 1}

    @admin.display(description=_("message"))
    def short_message(self, obj):
        return obj.message if len(obj.message) <= 40 else obj.message[:39] + "…"


@admin.register(BlockedTerm)
class BlockedTermAdmin(SecretariatOnlyAdmin):
    """The secretariat's view of every list: the shared one (no banner) and each banner's."""

    list_display = ["term", "language", "banner", "added_by", "added_at"]
    list_filter = ["language", ("banner", admin.EmptyFieldListFilter), "banner"]
    list_select_related = ["banner", "added_by"]
    search_fields = ["term"]
    fields = ["banner", "language", "term"]

    def save_model(self, request, obj, form, change):
        obj.term = " ".join(obj.term.split()).casefold()
        if not obj.added_by_id:
            obj.added_by = request.user
        previous = BlockedTerm.objects.filter(pk=obj.pk).values_list("banner_id", flat=True).first()
        super().save_model(request, obj, form, change)
        for banner_id in {previous, obj.banner_id}:  # a term moved between lists leaves both stale
            screening.blocklist_changed(banner_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        screening.blocklist_changed(obj.banner_id)

    def delete_queryset(self, request, queryset):
        banner_ids = set(queryset.values_list("banner_id", flat=True))
        super().delete_queryset(request, queryset)
        for banner_id in banner_ids:
            screening.blocklist_changed(banner_id)


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["banner", "seq", "kind", "by", "at", "contribution"]
    list_filter = ["kind", "banner"]
    list_select_related = ["banner", "by", "contribution"]
    ordering = ["-at", "-seq"]
    date_hierarchy = "at"
