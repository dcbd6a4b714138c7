"""Reading a consultation's answers: the filtered responses, a summary of each question, and the rows of
the CSV/XLSX export. Rights are checked here (``readable``), so no page or export reads what it may not.

Who reads what: the consultation's team (``engagement.read_answers``) reads the raw answers. An answer the
screening flagged as a possible disclosure shows its text only to those who safeguard
(``engagement.safeguard``: the safeguarding focal point and the secretariat); to everyone else, and in
every export (a file travels), it reads "withheld: possible disclosure". Summaries quote only answers that
may be quoted (``Answer.quotable``: consent given, never a possible disclosure).

Every read takes a fixed number of queries however many answers there are: counts are made in one pass
over the answers' values, and the recent quotes by a window over the text questions.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from alliance87.translations import localised

from .models import Answer, Consultation, Question, QuestionKind, Response, ResponseStatus, ThemeAssignment

QUOTES_PER_QUESTION = 3


def withheld() -> str:
    return _("withheld: possible disclosure")


@dataclass(frozen=True)
class Filters:
    """What the team narrows the answers to; empty means all. ``question`` is a question's name,
    ``theme`` a theme's id (its live assignments, the reviewers' decisions over the machine's)."""

    question: str = ""
    stakeholder_group: str = ""
    region: str = ""
    language: str = ""
    theme: str = ""

    def as_query(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if value}


def readable(consultation: Consultation, user) -> None:
    """Raise ``PermissionDenied`` unless ``user`` is on the consultation's team."""
    if not user.has_perm("engagement.read_answers", consultation):
        raise PermissionDenied


def responses(consultation: Consultation, user, filters: Filters, question: Question | None = None):
    """The submitted responses the filters keep, newest first, with their organisation; with a question
    chosen, only those that answered it."""
    readable(consultation, user)
    found = consultation.responses.filter(status=ResponseStatus.SUBMITTED)
    for name in ("stakeholder_group", "region", "language"):
        if getattr(filters, name):
            found = found.filter(**{name: getattr(filters, name)})
    if question is not None:
        found = found.filter(answers__in=_non_empty(Answer.objects.filter(question=question)))
    if filters.theme:
        in_theme = ThemeAssignment.objects.filter(
            theme_id=filters.theme, theme__run__consultation=consultation, superseded=False
        )
        found = found.filter(pk__in=in_theme.values("answer__response_id"))
    return found.select_related("organisation").order_by("-submitted_at", "-pk")


def _non_empty(answers):
    return answers.exclude(Q(text="") & Q(choices=[]) & Q(number=None) & Q(ranking=[]))


def with_answers(page_of_responses, user, questions: list[Question], question: Question | None = None):
    """The page's responses with their answers (one query), only the chosen question's when one is. Each
    answer gets ``shown`` (its text, the chosen choices' labels in the page's language, the number, or
    the ranking) and ``withheld`` (a possible disclosure read by someone who does not safeguard: then
    ``shown`` says so instead of the text)."""
    answers = Answer.objects.select_related("question").order_by("question__position", "question__pk")
    if question is not None:
        answers = answers.filter(question=question)
    found = list(
        Response.objects.filter(pk__in=[r.pk for r in page_of_responses])
        .select_related("organisation")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("-submitted_at", "-pk")
    )
    safeguards = user.has_perm("engagement.safeguard")
    labels = choice_labels(questions)
    for response in found:
        for answer in response.answers.all():
            answer.withheld = answer.may_be_disclosure and bool(answer.text) and not safeguards
            answer.shown = withheld() if answer.withheld else _shown(answer, labels[answer.question_id])
    return found


def choice_labels(questions: list[Question]) -> dict[int, dict[str, str]]:
    """Each question's choice labels by value, in the page's language (yes and no for yes/no)."""
    yes_no = {"yes": _("Yes"), "no": _("No")}
    return {
        q.pk: yes_no if q.kind == QuestionKind.YES_NO else {c.value: localised(c, "label") for c in q.choices.all()}
        for q in questions
    }


def _shown(answer: Answer, labels: dict[str, str]) -> str:
    kind = answer.question.kind
    if kind == QuestionKind.TEXT:
        return answer.text
    if kind == QuestionKind.SCALE:
        return "" if answer.number is None else str(answer.number)
    if kind == QuestionKind.RANKING:
        return " › ".join(f"{place}. {labels.get(v, v)}" for place, v in enumerate(answer.ranking, 1))
    return ", ".join(labels.get(v, v) for v in answer.choices)


# --- Summaries ---------------------------------------------------------------------------------------


@dataclass
class Row:
    """One bar and its table row: a choice (or scale point) with its count and share in percent."""

    label: str
    count: int = 0
    share: float = 0.0
    mean_rank: float | None = None  # ranking questions only

    @property
    def bar(self) -> str:
        """The bar's length in the chart's units (0-100, the share), never in the page's number format."""
        return f"{self.share:g}"


@dataclass
class Summary:
    question: Question
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    mean: float | None = None  # scale questions
    quotes: list[Answer] = field(default_factory=list)  # text questions: recent answers that may be quoted

    @property
    def kind(self) -> str:
        return self.question.kind


def _labelled_rows(question: Question, labels: dict[str, str]) -> dict[str, Row]:
    if question.kind == QuestionKind.SCALE:
        return {str(n): Row(str(n)) for n in range(question.scale_min, question.scale_max + 1)}
    return {value: Row(label) for value, label in labels.items()}


def _values(kind: str, chosen: list, number: int | None, ranking: list) -> list:
    """What an answer counts for: its choices, its point on the scale, or its ranking (first first)."""
    if kind == QuestionKind.SCALE:
        return [str(number)]
    return ranking if kind == QuestionKind.RANKING else chosen


def _count(summary: Summary, rows: dict[str, Row], values: list) -> None:
    """Count one answer's values into ``rows``; a ranking adds each choice's place."""
    kind = summary.kind
    if kind == QuestionKind.RANKING:
        for place, value in enumerate(values, 1):
            if value in rows:
                rows[value].count += 1
                rows[value].mean_rank = (rows[value].mean_rank or 0) + place
    else:
        for value in values:
            if value in rows:
                rows[value].count += 1


def summaries(consultation: Consultation, user, filters: Filters, questions: list[Question]) -> list[Summary]:
    """Each question's summary over the filtered responses (the chosen question's only, when one is):
    choices, yes/no and scales are counted, with each choice's share of those who answered the question
    (several choices can add up to more than 100%); a scale also has its mean; a ranking the mean place of
    each choice (1 is first), best first; a text question the number who answered it and the most recent
    answers that may be quoted. Three queries, whatever the number of answers."""
    chosen = [q for q in questions if not filters.question or q.name == filters.question]
    kept = responses(consultation, user, Filters(**{**filters.__dict__, "question": ""}))
    answers = _non_empty(Answer.objects.filter(response__in=kept.values("pk"), question__in=chosen))
    result = {q.pk: Summary(q) for q in chosen}
    labels = choice_labels(chosen)
    rows = {q.pk: _labelled_rows(q, labels[q.pk]) for q in chosen if q.kind != QuestionKind.TEXT}
    fields = ("question_id", "choices", "number", "ranking")
    counted = answers.exclude(question__kind=QuestionKind.TEXT).values_list(*fields)
    for question_id, chosen_values, number, ranking in counted:
        summary = result[question_id]
        summary.answered += 1
        if summary.kind == QuestionKind.SCALE:
            summary.mean = (summary.mean or 0) + number
        _count(summary, rows[question_id], _values(summary.kind, chosen_values, number, ranking))
    texts = answers.filter(question__kind=QuestionKind.TEXT).values("question_id").annotate(n=Count("pk"))
    for line in texts.order_by():
        result[line["question_id"]].answered = line["n"]
    for answer in _recent_quotes(answers):
        result[answer.question_id].quotes.append(answer)
    for pk, summary in result.items():
        _finish(summary, rows.get(pk, {}))
    return list(result.values())


def _recent_quotes(answers) -> list[Answer]:
    """The most recent text answers that may be quoted, up to ``QUOTES_PER_QUESTION`` a question."""
    quotable = answers.filter(
        question__kind=QuestionKind.TEXT, may_be_disclosure=False, response__consent_quote=True
    ).annotate(
        place=Window(
            RowNumber(),
            partition_by=[F("question_id")],
            order_by=[F("response__submitted_at").desc(), F("pk").desc()],
        )
    )
    return list(
        quotable.filter(place__lte=QUOTES_PER_QUESTION)
        .select_related("response")
        .only("question", "text", "response__language", "response__submitted_at")
        .order_by("question_id", "place")
    )


def _finish(summary: Summary, rows: dict[str, Row]) -> None:
    answered = summary.answered
    if summary.kind == QuestionKind.SCALE and answered:
        summary.mean = round(summary.mean / answered, 1)
    for row in rows.values():
        row.share = round(100 * row.count / answered, 1) if answered else 0.0
        if row.mean_rank is not None:
            row.mean_rank = round(row.mean_rank / row.count, 1)
    ordered = list(rows.values())
    if summary.kind == QuestionKind.RANKING:
        ordered.sort(key=lambda r: (r.mean_rank is None, r.mean_rank or 0))
    summary.rows = ordered


# --- Export ------------------------------------------------------------------------------------------


def export_header(questions: list[Question]) -> list[str]:
    return [
        "response",
        "submitted_at_utc",
        "language",
        "stakeholder_group",
        "region",
        "organisation",
        "consent_quote",
        "consent_name",
        "lived_experience",
        *(q.name for q in questions),
    ]


def _cell(answer: Answer | None) -> str | int | None:
    """An answer as one cell: the text, the chosen values (space-separated, as KoboToolbox writes them),
    the number, or the ranking (first first); a possible disclosure's text is never written."""
    if answer is None:
        return ""
    if answer.may_be_disclosure and answer.text:
        return withheld()
    if answer.question.kind == QuestionKind.SCALE:
        return answer.number
    if answer.question.kind == QuestionKind.RANKING:
        return " ".join(answer.ranking)
    if answer.question.kind == QuestionKind.TEXT:
        return answer.text
    return " ".join(answer.choices)


def _utc(moment):
    """A spreadsheet holds no time zone: the time in UTC, to the minute."""
    return moment.astimezone(datetime.UTC).replace(tzinfo=None, second=0, microsecond=0) if moment else None


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def export_rows(consultation: Consultation, user, filters: Filters, questions: list[Question]):
    """One row per filtered response, one column per question (the chosen one's only, when one is). The
    organisation is named only when the response agreed to be named. Read in chunks of 500 responses."""
    question = next((q for q in questions if q.name == filters.question), None)
    kept = responses(consultation, user, filters, question)
    questions = [question] if question else questions
    answers = Answer.objects.select_related("question")
    for response in kept.prefetch_related(Prefetch("answers", queryset=answers)).iterator(chunk_size=500):
        by_question = {a.question_id: a for a in response.answers.all()}
        yield [
            response.pk,
            _utc(response.submitted_at),
            response.language,
            response.stakeholder_group,
            response.region,
            response.organisation.name if response.organisation and response.consent_name else "",
            _yes_no(response.consent_quote),
            _yes_no(response.consent_name),
            _yes_no(response.is_survivor),
            *(_cell(by_question.get(q.pk)) for q in questions),
        ]
