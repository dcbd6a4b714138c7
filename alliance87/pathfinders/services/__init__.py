"""Every write to the Pathfinder work, split by subject. Import from here: ``services.report_submit``."""

from .framework import (
    assessment_discard_changes,
    assessment_judge,
    assessment_prepare,
    assessment_publish,
    framework_default_create,
    suggest,
)
from .pathway import milestone_record
from .reports import (
    cycle_add_default_template,
    cycle_create,
    reminders_send,
    report_accept,
    report_attach_evidence,
    report_publish,
    report_return,
    report_save,
    report_start,
    report_start_review,
    report_submit,
)
from .roadmaps import indicator_add, key_action_add, priority_add, roadmap_create
from .uploads import validate_upload

__all__ = [
    "assessment_discard_changes",
    "assessment_judge",
    "assessment_prepare",
    "assessment_publish",
    "cycle_add_default_template",
    "cycle_create",
    "framework_default_create",
    "indicator_add",
    "key_action_add",
    "milestone_record",
    "priority_add",
    "reminders_send",
    "report_accept",
    "report_attach_evidence",
    "report_publish",
    "report_return",
    "report_save",
    "report_start",
    "report_start_review",
    "report_submit",
    "roadmap_create",
    "suggest",
    "validate_upload",
]
