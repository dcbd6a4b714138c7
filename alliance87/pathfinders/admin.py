"""The secretariat's admin for the Pathfinder work: cycles and their templates, the Framework, records."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from alliance87.admin_site import SecretariatModelAdmin
from alliance87.translations import TranslationsAdminMixin, translation_inputs, translations_form

from . import services
from .models import (
    Assessment,
    Criterion,
    CriterionResult,
    CycleIndicator,
    CycleQuestion,
    FrameworkVersion,
    Indicator,
    KeyAction,
    Milestone,
    Priority,
    Report,
    ReportCycle,
    Roadmap,
)


class SecretariatInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None):
        return True

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class TranslatedInline(admin.StackedInline):
    """An inline whose texts are edited in every language: after each translated field, one input per
    language ("question (French)"...), read from and saved into the row's ``translations``. Stacked, so
    four versions of a question sit one under the other rather than squeezed into a table row."""

    extra = 0
    own_fields: list[str] = []

    def has_view_permission(self, request, obj=None):
        return True

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission

    def get_fields(self, request, obj=None):
        inputs = list(translation_inputs(self.model))
        fields = []
        for name in self.own_fields:
            fields.append(name)
            fields.extend(i for i in inputs if i.startswith(f"{name}__"))
        return fields

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = translations_form(kwargs.get("form", self.form), self.model)
        return super().get_formset(request, obj, **kwargs)


class CycleQuestionInline(TranslatedInline):
    model = CycleQuestion
    own_fields = ["position", "text", "required"]


class CycleIndicatorInline(TranslatedInline):
    model = CycleIndicator
    own_fields = ["position", "code", "label"]


@admin.register(ReportCycle)
class ReportCycleAdmin(TranslationsAdminMixin, SecretariatModelAdmin):
    """A cycle's template: the indicators a country picks from and the narrative questions (editable,
    each in English and in French, Spanish and Arabic)."""

    list_display = ["title", "year", "opens_on", "deadline", "is_example"]
    inlines = [CycleIndicatorInline, CycleQuestionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A cycle opened here without its own template gets the default questions and indicators.
        services.cycle_add_default_template(cycle=form.instance)


class CriterionInline(TranslatedInline):
    model = Criterion
    own_fields = ["position", "code", "title", "judged_by", "rule", "description"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(TranslationsAdminMixin, SecretariatModelAdmin):
    list_display = ["name", "adopted_year", "is_default_text", "is_current", "created_at"]
    inlines = [CriterionInline]


@admin.register(Milestone)
class MilestoneAdmin(SecretariatModelAdmin):
    list_display = ["country", "stage", "date", "viable_roadmap", "is_example"]
    list_filter = ["stage", "is_example"]


class PriorityInline(SecretariatInline):
    model = Priority
    fields = ["position", "title", "durban_areas", "forms"]
    show_change_link = True


@admin.register(Roadmap)
class RoadmapAdmin(SecretariatModelAdmin):
    list_display = ["title", "country", "version", "period_start", "period_end", "adopted_on", "is_current"]
    list_filter = ["is_current", "is_example"]
    inlines = [PriorityInline]


class KeyActionInline(SecretariatInline):
    model = KeyAction
    fields = [
        "position",
        "title",
        "responsible_body",
        "start_year",
        "end_year",
        "budget_amount",
        "budget_currency",
        "funding",
    ]


class IndicatorInline(SecretariatInline):
    model = Indicator
    fields = ["name", "unit", "baseline_value", "baseline_year", "target_value", "target_year"]


@admin.register(Priority)
class PriorityAdmin(SecretariatModelAdmin):
    list_display = ["title", "roadmap"]
    inlines = [KeyActionInline, IndicatorInline]


@admin.register(Report)
class ReportAdmin(SecretariatModelAdmin):
    """Reports are filled and reviewed in the site (its workflow checks each step); here they are read."""

    list_display = ["country", "cycle", "status", "submitted_at", "published_at", "is_example"]
    list_filter = ["status", "cycle", "is_example"]
    readonly_fields = ["country", "cycle", "roadmap", "status", "submitted_at", "submitted_by", "published_at"]

    def has_add_permission(self, request, *args):
        return False


class CriterionResultInline(SecretariatInline):
    model = CriterionResult
    fields = ["criterion", "suggestion", "judgement", "evidence", "comment"]
    readonly_fields = ["suggestion"]


@admin.register(Assessment)
class AssessmentAdmin(SecretariatModelAdmin):
    list_display = ["country", "cycle", "version", "status", "is_example"]
    list_filter = ["status", "cycle"]
    inlines = [CriterionResultInline]

    @admin.display(description=_("country"))
    def country_name(self, obj):
        return obj.country.name
