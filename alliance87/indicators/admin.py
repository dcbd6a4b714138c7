"""The admin for indicator data: the series (titles and definitions with their translations), the datasets
(read-mostly: the source, its date and address, the national definition and notes may be corrected; the
status moves only through the import and notice pages, which notify and check), and the notices to the
countries (read only: a comment is the focal point's own words)."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from alliance87.admin_site import PublicPagesChangedAdmin
from alliance87.translations import TranslationsAdminMixin

from .models import CountryNotice, Dataset, Series


@admin.register(Series)
class SeriesAdmin(TranslationsAdminMixin, PublicPagesChangedAdmin):
    list_display = ["code", "title", "kind", "indicator", "unit", "country", "position"]
    list_filter = ["kind", "unit"]
    search_fields = ["code", "title"]
    list_select_related = ["country"]
    fields = ["code", "kind", "indicator", "title", "definition", "unit", "country", "custodian", "position"]

    def get_readonly_fields(self, request, obj=None):
        # A series' code is in every export and address: fixed once it has figures.
        return ["code"] if obj is not None and obj.observations.exists() else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # observations protect their series; a series goes with the datasets that hold it


@admin.register(Dataset)
class DatasetAdmin(PublicPagesChangedAdmin):
    list_display = ["title", "country", "status", "source", "source_date", "is_proxy", "figures", "published_at"]
    list_filter = ["status", "is_proxy", "is_example"]
    search_fields = ["title", "source"]
    list_select_related = ["country"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        "title",
        "country",
        "status",
        "source",
        "source_url",
        "source_date",
        "national_definition",
        "is_proxy",
        "notes",
        "file_name",
        "file_sha256",
        "labels_language",
        "is_example",
        "created_at",
        "published_at",
    ]
    readonly_fields = [
        "country",
        "status",
        "file_name",
        "file_sha256",
        "labels_language",
        "is_example",
        "created_at",
        "published_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(figure_count=Count("observations"))

    @admin.display(description=_("figures"), ordering="figure_count")
    def figures(self, obj) -> int:
        return obj.figure_count

    def has_add_permission(self, request, *args) -> bool:
        return False  # a dataset comes from a file (the import page) or the loader

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # withdrawn, not deleted: the public may have cited it


@admin.register(CountryNotice)
class CountryNoticeAdmin(PublicPagesChangedAdmin):
    list_display = ["dataset", "country", "status", "opened_at", "closes_at", "commented_at"]
    list_filter = ["status"]
    list_select_related = ["dataset", "country"]
    readonly_fields = [
        "dataset",
        "country",
        "status",
        "opened_at",
        "closes_at",
        "opened_by",
        "comment",
        "comment_language",
        "no_comment",
        "commented_by",
        "commented_at",
    ]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
