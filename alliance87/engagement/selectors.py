"""Reads for the consultation pages and the API, each with a fixed number of queries, and getters that
check the right to read (they raise ``Http404``/``PermissionDenied``, never return what may not be seen)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404

from .models import Answer, Choice, Consultation, ConsultationStatus, Question, ResponseStatus

SUBMITTED = Q(responses__status=ResponseStatus.SUBMITTED)


def with_counts(consultations):
    """Each with ``question_count``, ``invitation_count``, ``submitted_count`` and ``draft_count``."""
    return consultations.annotate(
        question_count=Count("questions", distinct=True),
        invitation_count=Count("invitations", distinct=True),
        submitted_count=Count("responses", filter=SUBMITTED, distinct=True),
        draft_count=Count("responses", filter=Q(responses__status=ResponseStatus.DRAFT), distinct=True),
    )


def consultations_for_console(user):
    """Every consultation for the secretariat; the ones whose team they are on for anyone else."""
    consultations = Consultation.objects.all()
    if not user.has_perm("engagement.manage_consultations"):
        consultations = consultations.filter(team=user)
    return with_counts(consultations).order_by("-created_at", "-pk")


def _get(slug: str) -> Consultation:
    consultation = Consultation.objects.filter(slug=slug).first()
    if consultation is None:
        raise Http404
    return consultation


def consultation_for_edit(slug: str, user) -> Consultation:
    consultation = _get(slug)
    if not user.has_perm("engagement.edit_consultation", consultation):
        if user.has_perm("engagement.view_consultation", consultation):
            raise PermissionDenied
        raise Http404
    return consultation


def consultation_for_answers(slug: str, user) -> Consultation:
    """For the team: the consultation whose raw answers they may read. A draft is a 404 to everyone else."""
    consultation = _get(slug)
    if not user.has_perm("engagement.read_answers", consultation):
        if consultation.status == ConsultationStatus.DRAFT:
            raise Http404
        raise PermissionDenied
    return consultation


def consultation_for_page(slug: str, user) -> Consultation:
    """The public page's consultation: opened at least once, or readable by its team."""
    consultation = _get(slug)
    if not user.has_perm("engagement.view_consultation", consultation):
        raise Http404
    return consultation


def questions_of(consultation: Consultation) -> list[Question]:
    """The questions in order, each with its choices (two queries)."""
    return list(
        consultation.questions.order_by("position", "pk").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
        )
    )


def submitted_responses(consultation: Consultation):
    """The submitted responses with their answers, for the team (two queries)."""
    return (
        consultation.responses.filter(status=ResponseStatus.SUBMITTED)
        .select_related("organisation")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("-submitted_at", "-pk")
    )


def flagged_answers():
    """Answers the screening flagged that the safeguarding focal point has not dealt with, newest first."""
    return (
        Answer.objects.filter(may_be_disclosure=True, safeguarding_done_at=None)
        .select_related("question", "response__consultation")
        .order_by("-response__updated_at", "-pk")
    )


def public_consultations() -> list[Consultation]:
    """Every consultation whose page is public (open or closed, never a draft), in one query; the index
    sorts them into open, coming and closed by the clock."""
    return list(Consultation.objects.public().order_by("-opens_at", "-created_at", "-pk"))
