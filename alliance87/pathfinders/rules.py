"""Who may do what with a country's pathway, roadmap, reports and assessments."""

import rules

from alliance87.accounts.models import Role
from alliance87.accounts.rules import is_monitoring_reviewer, is_secretariat

from .models import ReportStatus


@rules.predicate
def is_focal_point_of_country(user, country) -> bool:
    return bool(
        user and user.is_authenticated and country is not None and user.has_role(Role.COUNTRY_FOCAL_POINT, country)
    )


@rules.predicate
def is_focal_point_of_report(user, report) -> bool:
    return is_focal_point_of_country(user, report.country if report is not None else None)


@rules.predicate
def report_is_editable(user, report) -> bool:
    return report is not None and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


@rules.predicate
def report_is_published(user, report) -> bool:
    return report is not None and report.status == ReportStatus.PUBLISHED


can_edit_country_work = is_secretariat | is_focal_point_of_country
can_edit_report = (is_secretariat | is_focal_point_of_report) & report_is_editable
can_review = is_secretariat | is_monitoring_reviewer
can_view_report = report_is_published | is_secretariat | is_monitoring_reviewer | is_focal_point_of_report

rules.add_perm("pathfinders.record_milestone", can_edit_country_work)
rules.add_perm("pathfinders.record_gcg_decision", is_secretariat)  # status granted, inactive
rules.add_perm("pathfinders.edit_roadmap", can_edit_country_work)
rules.add_perm("pathfinders.start_report", can_edit_country_work)
rules.add_perm("pathfinders.edit_report", can_edit_report)
rules.add_perm("pathfinders.view_report", can_view_report)
rules.add_perm("pathfinders.review_report", can_review)
rules.add_perm("pathfinders.publish_report", is_secretariat)
rules.add_perm("pathfinders.assess", can_review)
rules.add_perm("pathfinders.publish_assessment", is_secretariat)
rules.add_perm("pathfinders.manage_cycles", is_secretariat)
rules.add_perm("pathfinders.manage_framework", is_secretariat)
rules.add_perm("pathfinders.see_late_reports", is_secretariat | is_monitoring_reviewer)
