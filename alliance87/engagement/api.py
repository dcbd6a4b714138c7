"""The consultations in the API: their public details and questions for anyone, and the raw answers for
the consultation's team only (a bearer token of the secretariat or a team member).

A draft consultation does not exist (404) for anyone but its team. Question labels, hints and choices are in
English in their fields and in the other languages in ``translations``, as everywhere in the API. Answers
carry their consent flags, and ``quotable`` says whether they may be quoted (never when the screening
flagged them for safeguarding). Nothing here writes: the pages and ``services.py`` do.
"""

import datetime

from ninja import Router, Schema

from alliance87.api_auth import OptionalTokenAuth, TokenAuth

from . import selectors, summaries
from .models import Consultation

router = Router(tags=["consultations"])


class ChoiceOut(Schema):
    value: str
    label: str
    translations: dict[str, dict[str, str]]


class QuestionOut(Schema):
    name: str
    kind: str
    label: str
    hint: str
    required: bool
    asks_view: bool
    scale_min: int | None
    scale_max: int | None
    translations: dict[str, dict[str, str]]
    choices: list[ChoiceOut]


class ConsultationOut(Schema):
    slug: str
    title: str
    description: str
    kind: str
    status: str
    languages: list[str]
    stakeholder_groups: list[str]
    regions: list[str]
    is_anonymous: bool
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    translations: dict[str, dict[str, str]]


class ConsultationDetailOut(ConsultationOut):
    questions: list[QuestionOut]


class AnswerOut(Schema):
    question: str
    text: str
    choices: list[str]
    number: int | None
    ranking: list[str]
    may_be_disclosure: bool
    # A possible disclosure's text goes only to those who safeguard; the rest of the team reads that it is
    # withheld (as on the answers page and in every export).
    withheld: bool
    quotable: bool


class ResponseOut(Schema):
    id: int
    language: str
    stakeholder_group: str
    region: str
    organisation: str | None  # only when the person agreed to be named
    consent_quote: bool
    consent_name: bool
    is_survivor: bool | None
    source: str
    submitted_at: datetime.datetime | None
    answers: list[AnswerOut]


def _consultation_out(consultation: Consultation) -> dict:
    return {
        name: getattr(consultation, name)
        for name in (
            "slug",
            "title",
            "description",
            "kind",
            "status",
            "languages",
            "stakeholder_groups",
            "regions",
            "is_anonymous",
            "opens_at",
            "closes_at",
            "translations",
        )
    }


def _question_out(question) -> dict:
    scale = question.kind == "scale"
    return {
        "name": question.name,
        "kind": question.kind,
        "label": question.label,
        "hint": question.hint,
        "required": question.required,
        "asks_view": question.asks_view,
        "scale_min": question.scale_min if scale else None,
        "scale_max": question.scale_max if scale else None,
        "translations": question.translations,
        "choices": [
            {"value": c.value, "label": c.label, "translations": c.translations} for c in question.choices.all()
        ],
    }


@router.get("/consultations", response=list[ConsultationOut], auth=OptionalTokenAuth())
def list_consultations(request):
    """Consultations opened at least once (open or closed), newest first; with a token, also the drafts its
    user may read (the secretariat's, a team's)."""
    user = request.auth
    public = Consultation.objects.public()
    if user.is_authenticated:
        mine = selectors.consultations_for_console(user).values("pk")
        public = Consultation.objects.filter(pk__in=public.values("pk")) | Consultation.objects.filter(pk__in=mine)
    return [_consultation_out(c) for c in public.order_by("-created_at", "-pk")]


@router.get("/consultations/{slug}", response=ConsultationDetailOut, auth=OptionalTokenAuth())
def get_consultation(request, slug: str):
    """A consultation with its questions and choices, in every language it has them in."""
    consultation = selectors.consultation_for_page(slug, request.auth)
    return {
        **_consultation_out(consultation),
        "questions": [_question_out(q) for q in selectors.questions_of(consultation)],
    }


@router.get("/consultations/{slug}/responses", response=list[ResponseOut], auth=TokenAuth())
def list_responses(request, slug: str):
    """The submitted answers, newest first: for the consultation's team only (the secretariat and the people
    it named). A draft consultation is a 404 to anyone else; an open or closed one a 403."""
    consultation = selectors.consultation_for_answers(slug, request.auth)
    safeguards = request.auth.has_perm("engagement.safeguard")
    out = []
    for response in selectors.submitted_responses(consultation):
        out.append(
            {
                "id": response.pk,
                "language": response.language,
                "stakeholder_group": response.stakeholder_group,
                "region": response.region,
                "organisation": response.organisation.name if response.organisation and response.consent_name else None,
                "consent_quote": response.consent_quote,
                "consent_name": response.consent_name,
                "is_survivor": response.is_survivor,
                "source": response.source,
                "submitted_at": response.submitted_at,
                "answers": [
                    {
                        "question": a.question.name,
                        "text": summaries.withheld() if _withheld(a, safeguards) else a.text,
                        "choices": a.choices,
                        "number": a.number,
                        "ranking": a.ranking,
                        "may_be_disclosure": a.may_be_disclosure,
                        "withheld": _withheld(a, safeguards),
                        "quotable": not a.may_be_disclosure and response.consent_quote,
                    }
                    for a in response.answers.all()
                ],
            }
        )
    return out


def _withheld(answer, safeguards: bool) -> bool:
    return answer.may_be_disclosure and bool(answer.text) and not safeguards
