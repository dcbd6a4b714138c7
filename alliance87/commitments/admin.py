"""The secretariat's admin for commitments: read any commitment, correct its texts, deliverables and
resources directly, and set the status light's rules (``CommitmentRules``, one row).

The work itself is done on the pages (/commitments/manage/) through the services, which check each step
(submitting needs every SMART letter to pass, publishing needs the secretariat's verdicts, co-implementers
confirm for themselves). So what a service must do stays read-only here: the status and its dates, the SMART
review, the computed status light, and a co-implementer's confirmation.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from alliance87.admin_site import SecretariatModelAdmin

from .models import CoImplementer, Commitment, CommitmentRules, Deliverable, Resource


class SecretariatInline(admin.TabularInline):
    """Inlines follow their parent's admin: the secretariat may do everything, no one else reaches them."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return True

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class DeliverableInline(SecretariatInline):
    model = Deliverable
    fields = ("position", "title", "indicator", "unit", "baseline", "target", "due_on", "current_value", "progress")
    readonly_fields = ("current_value", "progress")


class ResourceInline(SecretariatInline):
    model = Resource
    fields = ("kind", "description", "amount", "currency", "staff_count")


class CoImplementerInline(SecretariatInline):
    model = CoImplementer
    fields = ("organisation", "country", "action_group", "invited_at", "confirmed_at", "declined_at")
    readonly_fields = ("invited_at", "confirmed_at", "declined_at")
    autocomplete_fields = ()


@admin.register(Commitment)
class CommitmentAdmin(SecretariatModelAdmin):
    list_display = ("title", "maker_kind", "lead", "status", "visibility", "light", "published_at", "is_example")
    list_filter = ("status", "maker_kind", "visibility", "light", "is_example")
    search_fields = ("title", "description", "focal_point", "pledge_reference")
    list_select_related = ("lead_organisation", "lead_country", "lead_action_group")
    date_hierarchy = "created_at"
    readonly_fields = (
        "status",
        "submitted_at",
        "published_at",
        "completed_at",
        "closed_at",
        "smart_review",
        "light",
        "light_computed_at",
        "last_reported_at",
        "created_by",
        "created_at",
        "updated_at",
        "pledge_import",
    )
    filter_horizontal = ("priorities", "outcome_areas", "countries", "action_groups", "key_actions")
    inlines = (DeliverableInline, ResourceInline, CoImplementerInline)
    fieldsets = (
        (None, {"fields": ("title", "description", "contribution", "communication", "language")}),
        (_("Lead"), {"fields": ("maker_kind", "lead_organisation", "lead_country", "lead_action_group")}),
        (_("Focal point"), {"fields": ("focal_point", "focal_point_email")}),
        (
            _("Priorities and targets"),
            {"fields": ("priorities", "outcome_areas", "sdg_targets", "countries", "action_groups", "key_actions")},
        ),
        (_("Dates and visibility"), {"fields": ("starts_on", "ends_on", "visibility")}),
        (
            _("Workflow (changed on the review pages)"),
            {
                "fields": (
                    "status",
                    "smart_review",
                    "review_comment",
                    "submitted_at",
                    "published_at",
                    "completed_at",
                    "closed_at",
                    "closed_reason",
                )
            },
        ),
        (_("Reporting status"), {"fields": ("light", "light_computed_at", "last_reported_at")}),
        (
            _("Origin"),
            {"fields": ("event", "invitation", "pledge_import", "pledge_reference", "is_example", "created_by")},
        ),
    )
    raw_id_fields = ("event", "invitation")

    @admin.display(description=_("lead"))
    def lead(self, obj):
        return obj.lead


@admin.register(CommitmentRules)
class CommitmentRulesAdmin(SecretariatModelAdmin):
    list_display = ("__str__", "green_days", "red_days", "inactive_days", "remind_before_days", "remind_after_days")

    def has_add_permission(self, request, *args) -> bool:
        # One row: CommitmentRules.current() makes it; there is never a second.
        return super().has_add_permission(request, *args) and not CommitmentRules.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
