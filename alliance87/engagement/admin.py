"""The secretariat's admin for consultations, conference outcomes, thematic priorities and second rounds.

The consultations' own pages (/consultations/manage/) are where the work is done: they go through the
services, which check each step (opening needs questions, inviting sends the e-mail with its link,
publishing a priority needs its evidence). The admin is the secretariat's way to read any record and to
correct texts directly, above all their translations in French, Spanish and Arabic. So what a service
must do stays read-only here: a consultation's status and address, an invitation's link (kept only as a
hash), a priority's publication, and every answer (written by the people who answered or by an import,
never changed afterwards).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from alliance87.admin_site import PublicPagesChangedAdmin, SecretariatModelAdmin, SecretariatOnlyAdmin
from alliance87.translations import TranslationsAdminMixin

from .models import (
    Answer,
    Choice,
    Consultation,
    Invitation,
    OutcomeArea,
    OutcomeDocument,
    Priority,
    Question,
    Response,
    Round,
    Statement,
)


class SecretariatInline(admin.TabularInline):
    """Inlines follow their parent's admin: the secretariat may do everything, no one else reaches them."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return True

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class ReadOnlyAdmin(SecretariatOnlyAdmin):
    """Seen, never changed: these rows are written by the people who answer and by the services."""

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PublicRecordAdmin(PublicPagesChangedAdmin):
    """For public records without a history table: an edit refreshes the cached public pages."""


# -- consultations ------------------------------------------------------------------------------------


class QuestionInline(SecretariatInline):
    model = Question
    fields = ["position", "name", "kind", "label", "required", "asks_view"]
    ordering = ["position", "pk"]
    show_change_link = True  # the question's own page holds its choices and its texts in other languages


@admin.register(Consultation)
class ConsultationAdmin(TranslationsAdminMixin, SecretariatModelAdmin):
    list_display = ["title", "kind", "status", "opens_at", "closes_at", "is_anonymous"]
    list_filter = ["status", "kind", "is_anonymous"]
    search_fields = ["title", "slug", "description"]
    date_hierarchy = "created_at"
    # Opening, closing and the address go through the console: opening checks the questions, and the
    # address is in every invitation already sent.
    readonly_fields = ["slug", "status", "created_at", "updated_at"]
    filter_horizontal = ["team"]
    inlines = [QuestionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "description"]}),
        (
            _("Who is asked, and when"),
            {
                "fields": [
                    "languages",
                    "stakeholder_groups",
                    "regions",
                    "is_anonymous",
                    "asks_lived_experience",
                    "opens_at",
                    "closes_at",
                ],
                "description": _("Times are in UTC. Open and close the consultation from its console page."),
            },
        ),
        (_("Team"), {"fields": ["team", "created_at", "updated_at"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return False  # made on the consultations' pages, which give it its address


class ChoiceInline(SecretariatInline):
    model = Choice
    fields = ["position", "value", "label"]
    ordering = ["position", "pk"]


@admin.register(Question)
class QuestionAdmin(TranslationsAdminMixin, SecretariatModelAdmin):
    """One question, reached from its consultation's page: its texts in every language, and its choices."""

    list_display = ["label", "consultation", "position", "kind", "required"]
    list_select_related = ["consultation"]
    list_filter = ["kind"]
    search_fields = ["label", "name", "consultation__title"]
    readonly_fields = ["consultation"]
    fields = ["consultation", "position", "name", "kind", "label", "hint", "required", "asks_view"]
    fields += ["scale_min", "scale_max"]
    inlines = [ChoiceInline]

    def has_add_permission(self, request) -> bool:
        return False  # questions are added on their consultation's page


@admin.register(Choice)
class ChoiceAdmin(TranslationsAdminMixin, SecretariatModelAdmin):
    """A choice's label in every language (its value is the key in exports and XLSForms)."""

    list_display = ["label", "value", "question"]
    list_select_related = ["question"]
    search_fields = ["label", "value", "question__label"]
    readonly_fields = ["question", "value"]
    fields = ["question", "position", "value", "label"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(SecretariatOnlyAdmin):
    list_display = ["__str__", "consultation", "language", "sent_at", "used_at"]
    list_select_related = ["consultation", "organisation", "person"]
    list_filter = ["language"]
    search_fields = ["email", "organisation__name", "person__name", "consultation__title"]
    # The link's token exists only in the e-mail; the hash opens nothing and must not be changed.
    readonly_fields = ["consultation", "organisation", "person", "token_hash", "created_at", "sent_at", "used_at"]
    fields = ["consultation", "organisation", "person", "email", "language", *readonly_fields[3:]]

    def has_add_permission(self, request) -> bool:
        return False  # an invitation is made on the console's invite page, which sends its link


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "text", "choices", "number", "ranking", "may_be_disclosure", "safeguarding_done_at"]
    readonly_fields = fields
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "consultation", "status", "source", "language", "stakeholder_group", "submitted_at"]
    list_filter = ["status", "source", "language", "stakeholder_group", "region"]
    list_select_related = ["consultation"]
    search_fields = ["consultation__title", "external_uuid"]
    date_hierarchy = "created_at"
    exclude = ["resume_hash"]  # an anonymous draft's key, hashed: of no use to a reader
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "response", "may_be_disclosure", "safeguarding_done_at"]
    list_filter = ["may_be_disclosure"]
    list_select_related = ["question", "response__consultation"]
    search_fields = ["text", "question__name"]


# -- conference outcomes and thematic priorities ------------------------------------------------------


class OutcomeAreaInline(SecretariatInline):
    model = OutcomeArea
    fields = ["number", "title", "text"]
    ordering = ["number", "pk"]
    show_change_link = True  # the area's own page holds its texts in other languages


@admin.register(OutcomeDocument)
class OutcomeDocumentAdmin(TranslationsAdminMixin, PublicRecordAdmin):
    list_display = ["title", "conference", "adopted_on"]
    search_fields = ["title", "conference", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "conference", "adopted_on", "url", "source", "description"]
    inlines = [OutcomeAreaInline]


@admin.register(OutcomeArea)
class OutcomeAreaAdmin(TranslationsAdminMixin, PublicRecordAdmin):
    list_display = ["__str__", "document", "number"]
    list_select_related = ["document"]
    search_fields = ["title", "text", "document__title"]
    fields = ["document", "number", "title", "text"]


@admin.register(Priority)
class PriorityAdmin(TranslationsAdminMixin, SecretariatModelAdmin):
    list_display = ["title", "status", "position", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary", "slug"]
    # Publishing checks the evidence and tells people: it is done on the priorities' pages.
    readonly_fields = ["slug", "status", "published_at", "published_by", "created_at", "updated_at"]
    filter_horizontal = ["themes", "outcome_areas"]
    fields = ["title", "slug", "status", "position", "summary", "themes", "outcome_areas", *readonly_fields[2:]]

    def has_add_permission(self, request) -> bool:
        return False


# -- the second round ---------------------------------------------------------------------------------


class StatementInline(SecretariatInline):
    model = Statement
    fields = ["position", "text", "priority", "status"]
    ordering = ["position", "pk"]
    show_change_link = True  # the statement's own page holds its text in other languages


@admin.register(Round)
class RoundAdmin(TranslationsAdminMixin, PublicRecordAdmin):
    list_display = ["title", "consultation", "status", "opens_at", "closes_at"]
    list_filter = ["status"]
    list_select_related = ["consultation"]
    search_fields = ["title", "slug"]
    readonly_fields = ["slug", "status", "created_at", "updated_at"]
    fields = ["title", "slug", "status", "consultation", "languages", "opens_at", "closes_at", "accepts_statements"]
    fields += ["description", "created_at", "updated_at"]
    inlines = [StatementInline]

    def has_add_permission(self, request) -> bool:
        return False  # made on the second round's pages


@admin.register(Statement)
class StatementAdmin(TranslationsAdminMixin, PublicRecordAdmin):
    list_display = ["text", "round", "status", "position"]
    list_filter = ["status"]
    list_select_related = ["round"]
    search_fields = ["text", "round__title"]
    readonly_fields = ["round", "author", "created_at"]
    fields = ["round", "position", "text", "priority", "status", "author", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
