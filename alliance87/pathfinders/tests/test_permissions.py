"""The permission matrix for the Pathfinder work: each role × each write, through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from alliance87.pathfinders import services
from alliance87.pathfinders.vocab import Stage

ROLES = ["secretariat", "focal_point", "reviewer", "partner_editor", "group_lead", "safeguarding", "outsider"]

MATRIX = {
    "record a step of Kenya's pathway": {"secretariat", "focal_point"},
    "grant Kenya Pathfinder status": {"secretariat"},
    "add a roadmap for Kenya": {"secretariat", "focal_point"},
    "add a roadmap for Mexico": {"secretariat"},
    "edit Kenya's draft report": {"secretariat", "focal_point"},
    "start the review of Kenya's report": {"secretariat", "reviewer"},
    "publish an accepted report": {"secretariat"},
    "open a report cycle": {"secretariat"},
    "assess Kenya": {"secretariat", "reviewer"},
}


@pytest.fixture
def setting(cast, alliance):
    roadmap = services.roadmap_create(
        country=alliance.kenya, by=cast.secretariat, title="R", period_start=2024, period_end=2028
    )
    priority = services.priority_add(roadmap=roadmap, by=cast.secretariat, title="P")
    action = services.key_action_add(priority=priority, by=cast.secretariat, title="A")
    cycle = services.cycle_create(
        by=cast.secretariat,
        year=2025,
        title="2025",
        opens_on=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 4, 30),
    )
    services.milestone_record(country=alliance.kenya, stage=Stage.WORKSHOP, by=cast.secretariat, viable_roadmap=True)
    draft = services.report_start(country=alliance.kenya, cycle=cycle, by=cast.secretariat)
    return {"cycle": cycle, "draft": draft, "action": action}


def attempt(write, user, alliance, setting, cast):
    draft = setting["draft"]
    if write == "record a step of Kenya's pathway":
        services.milestone_record(country=alliance.kenya, stage=Stage.INTEREST, by=user)
    elif write == "grant Kenya Pathfinder status":
        services.milestone_record(country=alliance.kenya, stage=Stage.STATUS_GRANTED, by=user)
    elif write == "add a roadmap for Kenya":
        services.roadmap_create(country=alliance.kenya, by=user, title="R2", period_start=2025, period_end=2029)
    elif write == "add a roadmap for Mexico":
        services.roadmap_create(country=alliance.mexico, by=user, title="R", period_start=2025, period_end=2029)
    elif write == "edit Kenya's draft report":
        services.report_save(report=draft, by=user, answers={setting["cycle"].questions.first().pk: "x"})
    elif write == "start the review of Kenya's report":
        services.report_save(
            report=draft,
            by=cast.secretariat,
            indicator_values={"INSP": {"value": "3"}},
            answers={q.pk: "x" for q in setting["cycle"].questions.all()},
            action_statuses={setting["action"].pk: {"status": "on_track"}},
        )
        services.report_submit(report=draft, by=cast.secretariat)
        services.report_start_review(report=draft, by=user)
    elif write == "publish an accepted report":
        services.report_save(
            report=draft,
            by=cast.secretariat,
            indicator_values={"INSP": {"value": "3"}},
            answers={q.pk: "x" for q in setting["cycle"].questions.all()},
            action_statuses={setting["action"].pk: {"status": "on_track"}},
        )
        services.report_submit(report=draft, by=cast.secretariat)
        services.report_accept(report=draft, by=cast.secretariat)
        services.report_publish(report=draft, by=user)
    elif write == "open a report cycle":
        services.cycle_create(
            by=user, year=2030, title="2030", opens_on=datetime.date(2031, 1, 1), deadline=datetime.date(2031, 4, 1)
        )
    elif write == "assess Kenya":
        services.assessment_prepare(country=alliance.kenya, cycle=setting["cycle"], by=user)
    else:  # pragma: no cover
        raise AssertionError(write)


@pytest.mark.parametrize("write", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_pathfinder_permission_matrix(role, write, cast, alliance, setting):
    services.framework_default_create()
    user = getattr(cast, role)
    if role in MATRIX[write]:
        attempt(write, user, alliance, setting, cast)
    else:
        with pytest.raises(PermissionDenied):
            attempt(write, user, alliance, setting, cast)
