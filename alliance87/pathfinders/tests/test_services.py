"""The Pathfinder services: the pathway rule, roadmaps, the report workflow, suggestions, reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance87.pathfinders import services
from alliance87.pathfinders.models import Judgement, Milestone, Report, ReportStatus, Roadmap
from alliance87.pathfinders.selectors import cycle_status, growth_by_year, pathways, stage_counts
from alliance87.pathfinders.vocab import Stage

PDF = b"%PDF-1.4\n%example\n"


@pytest.fixture
def kenya_roadmap(cast, alliance):
    roadmap = services.roadmap_create(
        country=alliance.kenya,
        by=cast.focal_point,
        title="Kenya roadmap (test)",
        period_start=2024,
        period_end=2028,
        adopted_on=datetime.date(2024, 5, 1),
    )
    priority = services.priority_add(roadmap=roadmap, by=cast.focal_point, title="Inspection", forms=["child_labour"])
    services.key_action_add(priority=priority, by=cast.focal_point, title="Train inspectors")
    services.key_action_add(priority=priority, by=cast.focal_point, title="Joint inspections")
    return roadmap


@pytest.fixture
def cycle(cast, alliance):
    return services.cycle_create(
        by=cast.secretariat,
        year=2025,
        title="Reports 2025 (test)",
        opens_on=datetime.date(2026, 1, 15),
        deadline=datetime.date(2026, 4, 30),
    )


def fill(report, by, *, skip_question=False, skip_action=False):
    questions = list(report.cycle.questions.all())
    actions = [a for p in report.roadmap.priorities.all() for a in p.key_actions.all()]
    services.report_save(
        report=report,
        by=by,
        indicator_values={"8.7.1-a": {"value": "7.1", "year": 2025}},
        answers={q.pk: "An answer." for q in questions[: -1 if skip_question else None]},
        action_statuses={a.pk: {"status": "on_track"} for a in actions[: -1 if skip_action else None]},
    )


# The pathway


def test_status_granted_requires_a_workshop_with_a_viable_roadmap(cast, alliance):
    with pytest.raises(ValidationError) as error:
        services.milestone_record(country=alliance.mexico, stage=Stage.STATUS_GRANTED, by=cast.secretariat)
    assert error.value.message_dict["stage"] == [
        "Pathfinder status can only be granted after a strategic planning workshop produced a viable roadmap. "
        "Record that workshop first."
    ]
    services.milestone_record(country=alliance.mexico, stage=Stage.WORKSHOP, by=cast.secretariat, viable_roadmap=False)
    with pytest.raises(ValidationError):
        services.milestone_record(country=alliance.mexico, stage=Stage.STATUS_GRANTED, by=cast.secretariat)
    services.milestone_record(
        country=alliance.mexico,
        stage=Stage.WORKSHOP,
        by=cast.secretariat,
        viable_roadmap=True,
        date=datetime.date(2019, 5, 1),
    )
    services.milestone_record(
        country=alliance.mexico, stage=Stage.STATUS_GRANTED, by=cast.secretariat, date=datetime.date(2019, 9, 1)
    )
    alliance.mexico.refresh_from_db()
    assert alliance.mexico.pathfinder_since == 2019


def test_focal_point_records_steps_but_not_gcg_decisions(cast, alliance):
    services.milestone_record(country=alliance.kenya, stage=Stage.INTEREST, by=cast.focal_point)
    with pytest.raises(PermissionDenied):
        services.milestone_record(country=alliance.kenya, stage=Stage.INACTIVE, by=cast.focal_point)
    with pytest.raises(PermissionDenied):
        services.milestone_record(country=alliance.mexico, stage=Stage.INTEREST, by=cast.focal_point)


def test_milestone_in_the_future_is_refused(cast, alliance):
    with pytest.raises(ValidationError) as error:
        services.milestone_record(
            country=alliance.kenya, stage=Stage.INTEREST, by=cast.focal_point, date=datetime.date(2999, 1, 1)
        )
    assert "date" in error.value.message_dict


def test_stage_counts_and_growth_come_from_the_data(cast, alliance):
    for country, year in ((alliance.kenya, 2019), (alliance.mexico, 2021)):
        services.milestone_record(
            country=country,
            stage=Stage.WORKSHOP,
            by=cast.secretariat,
            viable_roadmap=True,
            date=datetime.date(year, 1, 1),
        )
        services.milestone_record(
            country=country, stage=Stage.STATUS_GRANTED, by=cast.secretariat, date=datetime.date(year, 6, 1)
        )
    all_pathways = pathways()
    counts = {stage: n for stage, _label, n in stage_counts(all_pathways)}
    assert counts[Stage.STATUS_GRANTED] == 20  # the 20 confirmed Pathfinders
    years, undated = growth_by_year(all_pathways, until=2022)
    assert [(g.year, g.pathfinders) for g in years] == [(2018, 0), (2019, 1), (2020, 1), (2021, 2), (2022, 2)]
    assert undated == 18


def test_example_country_is_never_counted(example, alliance):
    from alliance87.network.models import Country
    from alliance87.network.selectors import network_counts

    assert example.is_pathfinder and example.is_example
    assert network_counts().pathfinder_countries == 20
    assert Country.objects.pathfinders().count() == 20


# Roadmaps


def test_roadmap_versions_keep_one_current(cast, alliance, kenya_roadmap):
    second = services.roadmap_create(
        country=alliance.kenya, by=cast.focal_point, title="Kenya roadmap v2", period_start=2026, period_end=2030
    )
    assert second.version == 2
    assert list(Roadmap.objects.filter(country=alliance.kenya, is_current=True)) == [second]


def test_roadmap_period_backwards_is_refused_and_keeps_current(cast, alliance, kenya_roadmap):
    with pytest.raises(ValidationError) as error:
        services.roadmap_create(
            country=alliance.kenya, by=cast.focal_point, title="Bad", period_start=2030, period_end=2020
        )
    assert "period_end" in error.value.message_dict
    kenya_roadmap.refresh_from_db()
    assert kenya_roadmap.is_current


def test_key_action_unknown_currency_names_the_field(cast, kenya_roadmap):
    priority = kenya_roadmap.priorities.first()
    with pytest.raises(ValidationError) as error:
        services.key_action_add(
            priority=priority, by=cast.focal_point, title="X", budget_amount=Decimal("10"), budget_currency="ABC"
        )
    assert error.value.message_dict["budget_currency"] == [
        "“ABC” is not an ISO 4217 currency code (e.g. USD, EUR, KES)."
    ]
    assert priority.key_actions.count() == 2


def test_indicator_target_year_before_baseline_is_refused(cast, kenya_roadmap):
    with pytest.raises(ValidationError) as error:
        services.indicator_add(
            priority=kenya_roadmap.priorities.first(),
            by=cast.focal_point,
            name="X",
            baseline_year=2024,
            target_year=2020,
        )
    assert error.value.message_dict["target_year"] == ["The target year (2020) is before the baseline year (2024)."]


def test_priority_unknown_durban_area_is_refused(cast, kenya_roadmap):
    with pytest.raises(ValidationError) as error:
        services.priority_add(roadmap=kenya_roadmap, by=cast.focal_point, title="X", durban_areas=["moon"])
    assert "durban_areas" in error.value.message_dict


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ...", "is not a PDF, an Office document or an image"),
        ("plan.pdf", b"<html>not a pdf", "does not look like a PDF file"),
        ("plan.docx", b"%PDF-1.4", "does not look like a DOCX file"),
    ],
)
def test_roadmap_document_bad_upload_is_refused_and_nothing_saved(cast, alliance, name, content, message):
    with pytest.raises(ValidationError) as error:
        services.roadmap_create(
            country=alliance.kenya,
            by=cast.focal_point,
            title="R",
            period_start=2024,
            period_end=2028,
            document=SimpleUploadedFile(name, content),
        )
    assert message in error.value.message_dict["document"][0]
    assert not Roadmap.objects.filter(country=alliance.kenya).exists()


def test_upload_over_the_limit_is_refused(cast, alliance, settings):
    settings.UPLOAD_MAX_BYTES = 1_000_000
    with pytest.raises(ValidationError) as error:
        services.roadmap_create(
            country=alliance.kenya,
            by=cast.focal_point,
            title="R",
            period_start=2024,
            period_end=2028,
            document=SimpleUploadedFile("plan.pdf", PDF + b"0" * 1_200_000),
        )
    assert "the limit is 1 MB" in error.value.message_dict["document"][0]


# Reports


def test_report_needs_a_roadmap(cast, alliance, cycle):
    with pytest.raises(ValidationError) as error:
        services.report_start(country=alliance.kenya, cycle=cycle, by=cast.focal_point)
    assert error.value.message_dict["roadmap"] == ["Only countries with a roadmap report. Add the roadmap first."]


def test_incomplete_report_names_each_missing_answer(cast, kenya_roadmap, cycle):
    report = services.report_start(country=kenya_roadmap.country, cycle=cycle, by=cast.focal_point)
    fill(report, cast.focal_point, skip_question=True, skip_action=True)
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=cast.focal_point)
    messages = [m for ms in error.value.message_dict.values() for m in ms]
    assert messages == [
        "Section 2, question 5 has no answer: “What support from Alliance 8.7 partners would help most in the "
        "coming year?”",
        "Key action “Joint inspections” has no status.",
    ]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_report_save_bad_item_saves_nothing(cast, kenya_roadmap, cycle):
    report = services.report_start(country=kenya_roadmap.country, cycle=cycle, by=cast.focal_point)
    action = kenya_roadmap.priorities.first().key_actions.first()
    with pytest.raises(ValidationError) as error:
        services.report_save(
            report=report,
            by=cast.focal_point,
            answers={cycle.questions.first().pk: "Saved?"},
            action_statuses={action.pk: {"status": "finished"}},
        )
    assert error.value.message_dict == {f"action_{action.pk}": ["Unknown status “finished”."]}
    assert not report.answers.exists()


def test_report_workflow_to_publication(cast, kenya_roadmap, cycle, django_capture_on_commit_callbacks):
    reviewer = cast.reviewer  # exists before the submission, so it is told
    report = services.report_start(country=kenya_roadmap.country, cycle=cycle, by=cast.focal_point)
    fill(report, cast.focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, by=cast.focal_point)
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    with pytest.raises(PermissionDenied):
        services.report_save(report=report, by=cast.focal_point, answers={})  # submitted: no more edits
    services.report_start_review(report=report, by=cast.reviewer)
    with pytest.raises(ValidationError) as error:
        services.report_return(report=report, by=cast.reviewer, comment=" ")
    assert "comment" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, by=cast.reviewer, comment="Give the 2025 inspection numbers.")
    assert mail.outbox[-1].to == [cast.focal_point.email]
    assert "Give the 2025 inspection numbers." in mail.outbox[-1].body
    fill(report, cast.focal_point)
    services.report_submit(report=report, by=cast.focal_point)
    services.report_accept(report=report, by=cast.reviewer)
    with pytest.raises(PermissionDenied):
        services.report_publish(report=report, by=cast.reviewer)
    services.report_publish(report=report, by=cast.secretariat)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.published_at
    assert [h.status for h in report.history.order_by("history_date")][-1] == ReportStatus.PUBLISHED


def test_report_cannot_skip_steps(cast, kenya_roadmap, cycle):
    report = services.report_start(country=kenya_roadmap.country, cycle=cycle, by=cast.focal_point)
    with pytest.raises(ValidationError) as error:
        services.report_accept(report=report, by=cast.reviewer)
    assert error.value.message_dict["status"] == ["A report that is “Draft” cannot be moved to “Accepted”."]


def test_evidence_upload_checks_the_file(cast, kenya_roadmap, cycle):
    report = services.report_start(country=kenya_roadmap.country, cycle=cycle, by=cast.focal_point)
    evidence = services.report_attach_evidence(
        report=report, by=cast.focal_point, file=SimpleUploadedFile("minutes.pdf", PDF)
    )
    assert evidence.original_name == "minutes.pdf" and evidence.size == len(PDF)
    with pytest.raises(ValidationError):
        services.report_attach_evidence(
            report=report, by=cast.focal_point, file=SimpleUploadedFile("photo.png", b"GIF89a")
        )
    assert report.evidence.count() == 1


def test_reminders_before_and_after_the_deadline_once(cast, kenya_roadmap, cycle, django_capture_on_commit_callbacks):
    focal_point = cast.focal_point
    assert services.reminders_send(today=datetime.date(2026, 4, 1)) == []  # too early
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send(today=datetime.date(2026, 4, 20))
    assert [(r.country.code.code, r.kind) for r in sent] == [("KE", "before")]
    assert mail.outbox[-1].to == [focal_point.email]
    assert "is due on 30 April 2026" in mail.outbox[-1].subject
    assert services.reminders_send(today=datetime.date(2026, 4, 25)) == []  # never twice
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send(today=datetime.date(2026, 5, 3))
    assert [r.kind for r in sent] == ["after"] and "Overdue" in mail.outbox[-1].subject


def test_cycle_status_shows_missing_and_late(cast, kenya_roadmap, cycle):
    rows = cycle_status(cycle, today=datetime.date(2026, 5, 10))
    assert [(r.country.code.code, r.missing, r.late) for r in rows] == [("KE", True, False)]
    report = services.report_start(country=kenya_roadmap.country, cycle=cycle, by=cast.focal_point)
    fill(report, cast.focal_point)
    services.report_submit(report=report, by=cast.focal_point)
    Report.objects.filter(pk=report.pk).update(submitted_at=datetime.datetime(2026, 5, 9, tzinfo=datetime.UTC))
    rows = cycle_status(cycle, today=datetime.date(2026, 5, 10))
    assert [(r.missing, r.late) for r in rows] == [(False, True)]


# The Accountability Framework


def test_framework_default_is_marked_and_idempotent(db):
    first = services.framework_default_create()
    assert services.framework_default_create() == first
    assert first.is_default_text and first.criteria.count() == 6


def test_suggestions_from_the_data(example):
    from alliance87.pathfinders.models import Criterion, ReportCycle

    cycles = {c.year: c for c in ReportCycle.objects.all()}
    af = {c.code: c for c in Criterion.objects.all()}
    assert services.suggest(criterion=af["AF1"], country=example, cycle=cycles[2025]) == Judgement.MET
    assert services.suggest(criterion=af["AF2"], country=example, cycle=cycles[2024]) == Judgement.PARTLY  # late
    assert services.suggest(criterion=af["AF2"], country=example, cycle=cycles[2025]) == Judgement.MET
    assert services.suggest(criterion=af["AF3"], country=example, cycle=cycles[2025]) == Judgement.MET
    assert services.suggest(criterion=af["AF4"], country=example, cycle=cycles[2025]) == ""


def test_assessment_reviewer_judgement_needs_evidence_and_publish_needs_all(cast, example):
    from alliance87.pathfinders.models import ReportCycle

    cycle = services.cycle_create(
        by=cast.secretariat,
        year=2026,
        title="2026",
        opens_on=datetime.date(2027, 1, 1),
        deadline=datetime.date(2027, 4, 30),
    )
    assessment = services.assessment_prepare(country=example, cycle=cycle, by=cast.reviewer)
    af4 = assessment.version.criteria.get(code="AF4")
    with pytest.raises(ValidationError) as error:
        services.assessment_judge(assessment=assessment, criterion=af4, by=cast.reviewer, judgement="met")
    assert error.value.message_dict["evidence"] == ["Give the evidence or a comment for this judgement."]
    with pytest.raises(ValidationError) as error:
        services.assessment_publish(assessment=assessment, by=cast.secretariat)
    assert "AF4" in error.value.message_dict["results"][0]
    with pytest.raises(PermissionDenied):
        services.assessment_prepare(country=example, cycle=cycle, by=cast.focal_point)
    assert ReportCycle.objects.count() == 3


def _published_af5(example):
    from alliance87.pathfinders.models import Assessment

    assessment = Assessment.objects.get(country=example, cycle__year=2025)
    return assessment, assessment.results.select_related("criterion").get(criterion__code="AF5")


def test_assessment_judge_published_waits_for_publication(cast, example):
    """The service itself holds the line, so the page, the API and the admin's callers alike cannot
    change what the public sees without the secretariat."""
    from alliance87.pathfinders.models import AssessmentStatus, CriterionResult, PendingJudgement

    assessment, af5 = _published_af5(example)
    services.assessment_judge(
        assessment=assessment, criterion=af5.criterion, by=cast.reviewer, judgement="not_met", comment="Not ratified."
    )
    assert CriterionResult.objects.get(pk=af5.pk).judgement == "partly"  # the published one stands
    pending = PendingJudgement.objects.get(result=af5)
    assert (pending.judgement, pending.comment, pending.proposed_by) == ("not_met", "Not ratified.", cast.reviewer)
    with pytest.raises(PermissionDenied):
        services.assessment_publish(assessment=assessment, by=cast.reviewer)
    services.assessment_publish(assessment=assessment, by=cast.secretariat)
    published = CriterionResult.objects.get(pk=af5.pk)
    assert (published.judgement, published.comment) == ("not_met", "Not ratified.")
    assert published.assessment.status == AssessmentStatus.PUBLISHED
    assert not PendingJudgement.objects.exists()


def test_assessment_judge_stale_draft_copy_of_published_still_waits(cast, example):
    """A copy read while the assessment was a draft must not let a change through once it is published."""
    from alliance87.pathfinders.models import AssessmentStatus, CriterionResult, PendingJudgement

    assessment, af5 = _published_af5(example)
    assessment.status = AssessmentStatus.DRAFT  # what a page loaded before publication holds
    services.assessment_judge(
        assessment=assessment, criterion=af5.criterion, by=cast.reviewer, judgement="met", comment="All three."
    )
    assert CriterionResult.objects.get(pk=af5.pk).judgement == "partly"
    assert PendingJudgement.objects.filter(result=af5).exists()


def test_assessment_prepare_leaves_published_assessment_unchanged(cast, example):
    from alliance87.pathfinders.models import CriterionResult

    assessment, _af5 = _published_af5(example)
    af1 = assessment.results.get(criterion__code="AF1")
    CriterionResult.objects.filter(pk=af1.pk).update(suggestion="not_assessable")  # the data moved on
    history = CriterionResult.history.count()
    services.assessment_prepare(country=example, cycle=assessment.cycle, by=cast.reviewer)
    assert CriterionResult.objects.get(pk=af1.pk).suggestion == "not_assessable"
    assert CriterionResult.history.count() == history
    services.assessment_publish(assessment=assessment, by=cast.secretariat)  # the secretariat's to change
    assert CriterionResult.objects.get(pk=af1.pk).suggestion == "met"


def test_milestones_history_records_who(cast, alliance):
    milestone = services.milestone_record(country=alliance.kenya, stage=Stage.INTEREST, by=cast.focal_point)
    assert Milestone.objects.get(pk=milestone.pk).history.latest().history_user == cast.focal_point


def test_mail_failure_does_not_undo_the_submission(
    cast, kenya_roadmap, cycle, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: sending fails
    cast.reviewer  # noqa: B018 -- someone to tell
    report = services.report_start(country=kenya_roadmap.country, cycle=cycle, by=cast.focal_point)
    fill(report, cast.focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, by=cast.focal_point)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_reminders_skip_example_cycles_and_countries_without_focal_points(example, alliance, cast):
    services.roadmap_create(country=alliance.mexico, by=cast.secretariat, title="R", period_start=2024, period_end=2028)
    assert services.reminders_send(today=datetime.date(2026, 5, 20)) == []  # only example cycles; nobody to tell


def test_example_country_reports_are_marked_examples(example, cast):
    from alliance87.pathfinders.models import ReportCycle

    cycle = services.cycle_create(
        by=cast.secretariat,
        year=2026,
        title="2026",
        opens_on=datetime.date(2027, 1, 1),
        deadline=datetime.date(2027, 4, 30),
        is_example=True,  # the example country reports only in example cycles
    )
    report = services.report_start(country=example, cycle=cycle, by=cast.secretariat)
    assert report.is_example
    assert ReportCycle.objects.get(year=2026).questions.count() == 5


def test_default_framework_exists_after_migrations(db):
    from alliance87.pathfinders.models import FrameworkVersion

    version = FrameworkVersion.objects.get(is_current=True)
    assert version.is_default_text
    assert [c.code for c in version.criteria.all()] == ["AF1", "AF2", "AF3", "AF4", "AF5", "AF6"]
