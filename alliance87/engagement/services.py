"""Every write to a consultation: the secretariat's (create, edit, questions and choices, invitations,
team, open and close), the answering person's (save, resume, submit) and the safeguarding focal point's.

Rights: the secretariat's writes check ``by`` against ``rules.py``. Answering has no account: the right is
the token in the link, checked here (``response_for_token``): an invitation's token, or the key of an
anonymous draft, each kept only as its SHA-256. After submission the token opens nothing (no replay).
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87 import dates
from alliance87.accounts.models import Role, User
from alliance87.accounts.selectors import users_with_role
from alliance87.artwork.screening import disclosure_hits
from alliance87.network.models import IloRegion, OrganisationKind
from alliance87.notify import absolute, notify, recipient_language
from alliance87.pagecache import public_pages_changed
from alliance87.translations import localised
from alliance87.writes import require, save_validated

from .models import (
    ANSWER_MAX_CHARS,
    YES_NO_VALUES,
    Answer,
    Choice,
    Consultation,
    ConsultationStatus,
    Invitation,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
)

TOKEN_BYTES = 24  # 32 characters in the link, 192 bits
# Words a slug may not be, beside the fixed words of engagement's addresses (``_fixed_words``): a
# consultation whose slug is one of them would lose its page or its console to a fixed address.
RESERVED_SLUGS = {"manage", "safeguarding", "new", "import", "priorities"}
CONSULTATION_FIELDS = {
    "title",
    "description",
    "translations",
    "kind",
    "stakeholder_groups",
    "regions",
    "languages",
    "is_anonymous",
    "asks_lived_experience",
    "opens_at",
    "closes_at",
}
QUESTION_FIELDS = {
    "label",
    "hint",
    "translations",
    "kind",
    "required",
    "asks_view",
    "scale_min",
    "scale_max",
    "position",
}
CHOICE_FIELDS = {"label", "translations", "value", "position"}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def _localised_text(obj, field: str) -> str:
    return str(localised(obj, field))


localised_lazy = lazy(_localised_text, str)  # a title in the e-mail's language, read when it is written


class NotAccepting(Exception):
    """The consultation takes no answers now: ``reason`` is "draft", "not_yet" or "closed"."""

    def __init__(self, consultation: Consultation, reason: str):
        super().__init__(reason)
        self.consultation = consultation
        self.reason = reason


class AlreadySubmitted(Exception):
    """The link's answers were submitted: the token opens nothing more."""


class StaleResponse(ValidationError):
    """A save from a page loaded before a newer save of the same answers: refused, nothing saved."""

    def __init__(self):
        super().__init__(
            _(
                "These answers were saved from another page or device since you opened this one. "
                "Reload the page to see them, then make your changes again."
            ),
            code="stale",
        )


# --- The secretariat: consultations ------------------------------------------------------------------


def _fixed_words() -> set[str]:
    """Every fixed word that stands where a slug does in engagement's addresses (``consultations/<slug>/``,
    ``consultations/manage/<slug>/``): "manage", "safeguarding", "new" and whatever page is added later."""
    from . import urls  # noqa: PLC0415 -- the addresses import the views, which import this module

    words = set(RESERVED_SLUGS)
    for pattern in urls.urlpatterns:
        route = str(pattern.pattern)
        for prefix in ("consultations/manage/", "consultations/"):
            if route.startswith(prefix):
                word = route.removeprefix(prefix).split("/", 1)[0]
                if word and "<" not in word:
                    words.add(word)
    return words


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "consultation"
    if base in _fixed_words():
        base = f"{base}-consultation"
    slug, n = base, 2
    while Consultation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def consultation_create(*, by, title: str, kind: str, languages: list[str], **fields) -> Consultation:
    """A draft consultation; ``fields`` are any of ``CONSULTATION_FIELDS``. Nobody is told: it is a draft."""
    require(by, "engagement.manage_consultations")
    unknown = set(fields) - CONSULTATION_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    consultation = Consultation(title=(title or "").strip(), kind=kind, languages=list(languages), **fields)
    consultation.slug = _unique_slug(consultation.title)
    save_validated(consultation, by)
    return consultation


@transaction.atomic
def consultation_update(*, by, consultation: Consultation, **changes) -> Consultation:
    """Change a consultation's details. Its public page changes, so the public pages' cache is renewed."""
    require(by, "engagement.edit_consultation", consultation)
    unknown = set(changes) - CONSULTATION_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if "is_anonymous" in changes and changes["is_anonymous"] != consultation.is_anonymous:
        if consultation.responses.exists():
            raise ValidationError(
                {"is_anonymous": _("People have answered already: whether answers are anonymous cannot change now.")}
            )
    for name, value in changes.items():
        setattr(consultation, name, value)
    save_validated(consultation, by)
    public_pages_changed()
    return consultation


def _open_problems(consultation: Consultation) -> list[str]:
    problems = []
    questions = list(consultation.questions.prefetch_related("choices"))
    if not questions:
        problems.append(_("Add at least one question."))
    for question in questions:
        if question.has_choices and len(question.choices.all()) < 2:
            problems.append(
                _("“%(question)s” needs at least two choices.") % {"question": localised(question, "label")}
            )
    if consultation.closes_at and consultation.closes_at <= timezone.now():
        problems.append(_("Its closing time has passed: give a later one first."))
    return problems


@transaction.atomic
def consultation_open(*, by, consultation: Consultation) -> Consultation:
    """Open it for answers (from ``opens_at``, or now when none is set). Refused, naming what is missing,
    without a question or with a choice question of fewer than two choices."""
    require(by, "engagement.edit_consultation", consultation)
    problems = _open_problems(consultation)
    if problems:
        raise ValidationError(problems)
    consultation.status = ConsultationStatus.OPEN
    if consultation.opens_at is None:
        consultation.opens_at = timezone.now()
    save_validated(consultation, by)
    public_pages_changed()
    return consultation


@transaction.atomic
def consultation_close(*, by, consultation: Consultation) -> Consultation:
    """Close it now: the links and the public link take no more answers (drafts stay unsubmitted)."""
    require(by, "engagement.edit_consultation", consultation)
    now = timezone.now()
    consultation.status = ConsultationStatus.CLOSED
    if consultation.closes_at is None or consultation.closes_at > now:
        consultation.closes_at = now
    if consultation.opens_at and consultation.opens_at > now:
        consultation.opens_at = now
    save_validated(consultation, by)
    public_pages_changed()
    return consultation


@transaction.atomic
def team_add(*, by, consultation: Consultation, email: str) -> User:
    """Let the person with this account read the consultation's raw answers."""
    require(by, "engagement.edit_consultation", consultation)
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"email": _("No one has an account with this e-mail address.")})
    consultation.team.add(user)
    return user


@transaction.atomic
def team_remove(*, by, consultation: Consultation, user: User) -> None:
    require(by, "engagement.edit_consultation", consultation)
    consultation.team.remove(user)


# --- Questions and choices ----------------------------------------------------------------------------


def _unique_name(consultation: Consultation, label: str, exclude_pk=None) -> str:
    base = re.sub(r"[^a-z0-9_]", "_", slugify(label).replace("-", "_"))[:40].strip("_") or "q"
    if base[0].isdigit():
        base = f"q_{base}"
    taken = set(consultation.questions.exclude(pk=exclude_pk).values_list("name", flat=True))
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def _has_answers(question: Question) -> bool:
    return question.answers.filter(response__status=ResponseStatus.SUBMITTED).exists()


@transaction.atomic
def question_add(*, by, consultation: Consultation, kind: str, label: str, name: str = "", **fields) -> Question:
    """A question at the end of the form; a yes/no question needs no choices (it has its own two)."""
    require(by, "engagement.edit_consultation", consultation)
    unknown = set(fields) - QUESTION_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    last = consultation.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question(consultation=consultation, kind=kind, label=(label or "").strip(), **fields)
    question.position = fields.get("position", (last or 0) + 1 if last is not None else 1)
    question.name = name.strip() or _unique_name(consultation, question.label)
    save_validated(question, by)
    return question


@transaction.atomic
def question_update(*, by, question: Question, **changes) -> Question:
    """Change a question's wording, hint, kind or flags. Its kind cannot change once answers were given."""
    require(by, "engagement.edit_consultation", question.consultation)
    unknown = set(changes) - QUESTION_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if "kind" in changes and changes["kind"] != question.kind and _has_answers(question):
        raise ValidationError({"kind": _("People have answered this question: its kind cannot change now.")})
    for name, value in changes.items():
        setattr(question, name, value)
    save_validated(question, by)
    return question


@transaction.atomic
def question_delete(*, by, question: Question) -> None:
    require(by, "engagement.edit_consultation", question.consultation)
    if _has_answers(question):
        raise ValidationError(_("People have answered this question: it cannot be deleted."))
    question.delete()


@transaction.atomic
def choice_add(*, by, question: Question, label: str, value: str = "", **fields) -> Choice:
    require(by, "engagement.edit_consultation", question.consultation)
    unknown = set(fields) - CHOICE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if not question.has_choices:
        raise ValidationError(_("Only single choice, multiple choice and ranking questions have choices."))
    label = (label or "").strip()
    value = (value or "").strip() or slugify(label)[:50] or "choice"
    taken = set(question.choices.values_list("value", flat=True))
    base, n = value, 2
    while value in taken:
        value, n = f"{base}-{n}", n + 1
    last = question.choices.order_by("-position").values_list("position", flat=True).first()
    choice = Choice(question=question, label=label, value=value, **fields)
    choice.position = fields.get("position", (last or 0) + 1)
    save_validated(choice, by)
    return choice


@transaction.atomic
def choice_update(*, by, choice: Choice, **changes) -> Choice:
    """Change a choice's label (in any language). Its value cannot change once it was chosen."""
    require(by, "engagement.edit_consultation", choice.question.consultation)
    unknown = set(changes) - CHOICE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if "value" in changes and changes["value"] != choice.value and _has_answers(choice.question):
        raise ValidationError({"value": _("People have answered this question: its values cannot change now.")})
    for name, value in changes.items():
        setattr(choice, name, value)
    save_validated(choice, by)
    return choice


@transaction.atomic
def choice_delete(*, by, choice: Choice) -> None:
    require(by, "engagement.edit_consultation", choice.question.consultation)
    if _has_answers(choice.question):
        raise ValidationError(_("People have answered this question: its choices cannot be deleted."))
    choice.delete()


# --- Invitations -------------------------------------------------------------------------------------

INVITATION_SUBJECT = gettext_lazy("You are invited to answer: %(title)s")
INVITATION_BODY = gettext_lazy(
    "The Alliance 8.7 secretariat invites you to answer “%(title)s”. %(until)s\n\n"
    "This link is yours: it opens your answers, which you can save and come back to until you submit "
    "them. Please do not forward it."
)
UNTIL = gettext_lazy("Answers are open until %(closes)s.")
# Why the e-mail came, for invitees who may hold no role and no account (the default footer speaks of roles).
INVITATION_FOOTER = gettext_lazy(
    "Alliance 8.7. You receive this because the Alliance 8.7 secretariat invited this address to answer "
    "“%(title)s”; you need no account. Questions, or not the right person: %(contact)s"
)
ORGANISATION_INVITATION_FOOTER = gettext_lazy(
    "Alliance 8.7. You receive this because the Alliance 8.7 secretariat invited your organisation to answer "
    "“%(title)s”, and you keep its page on the platform. Questions, or not the right person: %(contact)s"
)


def _until(closes_at) -> str:
    return str(UNTIL) % {"closes": dates.day_time(closes_at)} if closes_at else ""


until_lazy = lazy(_until, str)  # written in the invitee's language, when the e-mail is


@dataclass(frozen=True)
class Invited:
    invitation: Invitation
    link: str  # the answering page, with the token: shown to the secretariat only when no e-mail could go
    sent: int  # how many e-mails were queued


def answer_path(consultation: Consultation, token: str) -> str:
    return reverse("engagement:answer", args=[consultation.slug, token])


def _tell_invitee(consultation: Consultation, token: str, recipients: list, *, footer) -> int:
    sent = 0
    for person in recipients:
        language = recipient_language(person)
        if language not in consultation.languages:
            language = "en"
        with translation.override(language):
            link = answer_path(consultation, token)
            contact = absolute(reverse("pages:contact"))
        sent += notify(
            [SimpleNamespace(email=person.email, language=language)],
            subject=INVITATION_SUBJECT,
            body=INVITATION_BODY,
            context={
                "title": localised_lazy(consultation, "title"),
                "until": until_lazy(consultation.closes_at),
                "contact": contact,
            },
            link=link,
            footer=footer,
        )
    return sent


def _language_of(address: str, given: str, consultation: Consultation) -> str:
    if given in consultation.languages:
        return given
    user = User.objects.filter(email__iexact=address).only("language").first()
    if user and user.language in consultation.languages:
        return user.language
    return consultation.languages[0] if consultation.languages else "en"


@transaction.atomic
def invite(*, by, consultation: Consultation, organisations=(), addresses: list[tuple[str, str]] = ()) -> list[Invited]:
    """One invitation per organisation and per (e-mail address, language), each with its own link, e-mailed
    in the invitee's language (an organisation's link goes to its partner editors). An organisation or
    address already invited is skipped. Side effect: the e-mails leave after the commit."""
    require(by, "engagement.invite", consultation)
    if consultation.status == ConsultationStatus.CLOSED:
        raise ValidationError(_("This consultation is closed: it takes no more invitations."))
    done = []
    already_orgs = set(consultation.invitations.exclude(organisation=None).values_list("organisation", flat=True))
    already_addresses = {e.lower() for e in consultation.invitations.exclude(email="").values_list("email", flat=True)}
    for organisation in organisations:
        if organisation.pk in already_orgs:
            continue
        token, hashed = _new_token()
        invitation = Invitation.objects.create(consultation=consultation, organisation=organisation, token_hash=hashed)
        editors = list(users_with_role(Role.PARTNER_EDITOR, organisation))
        sent = _tell_invitee(consultation, token, editors, footer=ORGANISATION_INVITATION_FOOTER)
        done.append(Invited(invitation, answer_path(consultation, token), sent))
    for given, language in addresses:
        address = given.strip()
        if address.lower() in already_addresses:
            continue
        token, hashed = _new_token()
        invitation = Invitation(
            consultation=consultation,
            email=address,
            language=_language_of(address, language, consultation),
            token_hash=hashed,
        )
        save_validated(invitation, by)
        already_addresses.add(address.lower())
        sent = _tell_invitee(
            consultation,
            token,
            [SimpleNamespace(email=address, language=invitation.language)],
            footer=INVITATION_FOOTER,
        )
        with translation.override(invitation.language):  # the link as the invitee reads it
            done.append(Invited(invitation, answer_path(consultation, token), sent))
    now = timezone.now()
    Invitation.objects.filter(pk__in=[d.invitation.pk for d in done if d.sent]).update(sent_at=now)
    return done


# --- Answering ---------------------------------------------------------------------------------------


def check_accepting(consultation: Consultation) -> None:
    """Raise NotAccepting unless the consultation takes answers now."""
    if consultation.status == ConsultationStatus.DRAFT:
        raise NotAccepting(consultation, "draft")
    if consultation.is_accepting():
        return
    now = timezone.now()
    if consultation.status == ConsultationStatus.OPEN and consultation.opens_at and now < consultation.opens_at:
        raise NotAccepting(consultation, "not_yet")
    raise NotAccepting(consultation, "closed")


def known_from(invitation: Invitation | None) -> dict:
    """What the invitation says about who answers: the organisation, its stakeholder group and region."""
    organisation = invitation and (invitation.organisation or (invitation.person and invitation.person.organisation))
    if not organisation:
        return {}
    country = organisation.country
    return {
        "organisation": organisation,
        "stakeholder_group": organisation.kind,
        "region": (country.ilo_region if country else "") or "",
    }


def response_start_anonymous(*, consultation: Consultation, language: str = "en") -> tuple[Response, str]:
    """An anonymous draft, and the key in its link (the only way back to it). Only for an anonymous
    consultation that takes answers now. Nothing about the person or device is kept."""
    if not consultation.is_anonymous:
        raise PermissionDenied(_("This consultation is answered through the links sent to those invited."))
    check_accepting(consultation)
    key, hashed = _new_token()
    response = Response.objects.create(
        consultation=consultation,
        resume_hash=hashed,
        language=language if language in consultation.languages else "en",
    )
    return response, key


def response_for_token(*, consultation: Consultation, token: str, create: bool = True) -> Response | None:
    """The draft the link opens: an invitation's (made on its first visit, with what the invitation says
    about who answers), or an anonymous draft's. Raises ``Response.DoesNotExist`` for an unknown token,
    ``AlreadySubmitted`` once submitted, ``NotAccepting`` when the consultation takes no answers."""
    hashed = token_hash(token or "")
    invitation = (
        Invitation.objects.filter(consultation=consultation, token_hash=hashed)
        .select_related("organisation__country", "person__organisation__country")
        .first()
    )
    if invitation is not None:
        if invitation.used_at is not None:
            raise AlreadySubmitted
        check_accepting(consultation)
        response = Response.objects.filter(invitation=invitation).first()
        if response is None and create:
            try:
                with transaction.atomic():
                    response = Response.objects.create(
                        consultation=consultation,
                        invitation=invitation,
                        language=invitation.language,
                        **known_from(invitation),
                    )
            except IntegrityError:  # two first visits at once: the other made it
                response = Response.objects.get(invitation=invitation)
        return response
    response = Response.objects.filter(consultation=consultation, resume_hash=hashed).first() if token else None
    if response is None:
        raise Response.DoesNotExist
    if response.is_submitted:
        raise AlreadySubmitted
    check_accepting(consultation)
    return response


def _parse_answer(question: Question, raw, values_of: dict) -> tuple[dict, str | None]:
    """The answer's fields from what the form sent, or an error message."""
    kind = question.kind
    if kind == QuestionKind.TEXT:
        text = (raw or "").strip() if isinstance(raw, str) else ""
        if len(text) > ANSWER_MAX_CHARS:
            return {}, _("At most %(count)d characters.") % {"count": ANSWER_MAX_CHARS}
        return {"text": text}, None
    if kind == QuestionKind.YES_NO:
        value = raw if isinstance(raw, str) else ""
        if value and value not in YES_NO_VALUES:
            return {}, _("Answer yes or no.")
        return {"choices": [value] if value else []}, None
    if kind == QuestionKind.SINGLE:
        value = raw if isinstance(raw, str) else ""
        if value and value not in values_of[question.pk]:
            return {}, _("Choose one of the choices shown.")
        return {"choices": [value] if value else []}, None
    if kind == QuestionKind.MULTIPLE:
        chosen = [v for v in (raw or []) if v] if isinstance(raw, list | tuple) else ([raw] if raw else [])
        if any(v not in values_of[question.pk] for v in chosen):
            return {}, _("Choose among the choices shown.")
        return {"choices": list(dict.fromkeys(chosen))}, None
    if kind == QuestionKind.SCALE:
        if raw in (None, ""):
            return {"number": None}, None
        try:
            number = int(raw)
        except (TypeError, ValueError):
            number = None
        if number is None or not question.scale_min <= number <= question.scale_max:
            return {}, _("Choose a number from %(low)d to %(high)d.") % {
                "low": question.scale_min,
                "high": question.scale_max,
            }
        return {"number": number}, None
    # Ranking: the values, first first; every value once.
    ranking = [v for v in (raw or []) if v] if isinstance(raw, list | tuple) else []
    if any(v not in values_of[question.pk] for v in ranking) or len(set(ranking)) != len(ranking):
        return {}, _("Give each choice a different place.")
    return {"ranking": ranking}, None


PROFILE_FIELDS = ("stakeholder_group", "region", "consent_quote", "consent_name", "is_survivor")


def asked_profile(response: Response) -> list[str]:
    """What the form asks about the person: group and region unless the invitation told them; consent to
    be named only when answers are not anonymous; lived experience only when the consultation asks it."""
    consultation = response.consultation
    asked = []
    if not response.organisation_id:
        asked += ["stakeholder_group", "region"]
    asked.append("consent_quote")
    if not consultation.is_anonymous:
        asked.append("consent_name")
    if consultation.asks_lived_experience:
        asked.append("is_survivor")
    return asked


def _clean_profile(response: Response, profile: dict) -> tuple[dict, dict]:
    cleaned, errors = {}, {}
    asked = asked_profile(response)
    choices = {"stakeholder_group": OrganisationKind.values, "region": IloRegion.values}
    for name in asked:
        value = profile.get(name)
        if name in choices:
            value = value or ""
            if value and value not in choices[name]:
                errors[name] = _("Choose one of the options shown.")
            cleaned[name] = value
        elif name == "is_survivor":
            cleaned[name] = value if value in (True, False) else None
        else:
            cleaned[name] = bool(value)
    return cleaned, errors


SAFEGUARDING_SUBJECT = gettext_lazy("An answer to a consultation waits for safeguarding")
SAFEGUARDING_BODY = gettext_lazy(
    "An answer to the consultation “%(title)s” may be someone telling of harm. It will never be quoted.\n\n"
    "Open the list of answers waiting for safeguarding as soon as you can, and follow the safeguarding "
    "procedure. For the safety of the person who wrote it, this e-mail holds neither the answer nor "
    "anything about who wrote it."
)


def safeguarding_recipients() -> list:
    """The safeguarding focal points; when there is none, the secretariat, so a disclosure never waits for
    nobody."""
    return list(users_with_role(Role.SAFEGUARDING_FOCAL_POINT)) or list(users_with_role(Role.SECRETARIAT))


def tell_safeguarding(consultation: Consultation) -> int:
    by_language: dict[str, list] = {}
    for user in safeguarding_recipients():
        by_language.setdefault(recipient_language(user), []).append(user)
    sent = 0
    for language, users in by_language.items():
        with translation.override(language):
            link = reverse("engagement:safeguarding")
        sent += notify(
            users,
            subject=SAFEGUARDING_SUBJECT,
            body=SAFEGUARDING_BODY,
            context={"title": localised_lazy(consultation, "title")},
            link=link,
        )
    return sent


def _read_answers(questions: list[Question], values: dict) -> tuple[dict[int, dict], dict, dict]:
    """Each question's answer fields, the errors (``q_<name>``), and the required questions left empty
    (refused on submission only: a draft may lack them)."""
    values_of = {q.pk: set(q.choices.values_list("value", flat=True)) if q.has_choices else set() for q in questions}
    parsed, errors, missing = {}, {}, {}
    for question in questions:
        fields, error = _parse_answer(question, values.get(question.name), values_of)
        if error:
            errors[f"q_{question.name}"] = error
            continue
        parsed[question.pk] = fields
        if question.required and not any(v not in (None, "", []) for v in fields.values()):
            missing[f"q_{question.name}"] = _("This question needs an answer.")
    return parsed, errors, missing


def store_answers(response: Response, questions: list[Question], parsed: dict[int, dict]) -> bool:
    """Write the answers; a text that matches a safeguarding cue marks its answer (for good: a draft's
    words were read). Returns whether an answer was marked now."""
    existing = {a.question_id: a for a in response.answers.all()}
    flagged_now = False
    for question in questions:
        fields = parsed.get(question.pk, {})
        answer = existing.get(question.pk) or Answer(response=response, question=question)
        answer.text = fields.get("text", "")
        answer.choices = fields.get("choices", [])
        answer.number = fields.get("number")
        answer.ranking = fields.get("ranking", [])
        hits = disclosure_hits(answer.text) if answer.text else []
        flagged_now = flagged_now or (bool(hits) and not answer.may_be_disclosure)
        answer.may_be_disclosure = answer.may_be_disclosure or bool(hits)
        if answer.pk is None and answer.is_empty:
            continue
        answer.save()
    return flagged_now


@transaction.atomic
def response_save(
    *,
    consultation: Consultation,
    token: str,
    version: int | None,
    values: dict,
    profile: dict | None = None,
    language: str = "en",
    submit: bool = False,
) -> Response:
    """Save the answers of the link's draft (``values``: question name → what the form sent); with
    ``submit``, also check the required questions and submit them, after which the link opens nothing.

    Refused: an unknown token, a submitted one, a consultation that takes no answers now, a page older
    than the last save (``StaleResponse``, by ``version``). Errors name the question (``q_<name>``).
    Side effect: a text answer that matches a safeguarding cue is marked (never quoted) and the
    safeguarding focal points are e-mailed, once per response, with no text.
    """
    response = response_for_token(consultation=consultation, token=token)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if version is not None and version != response.version:
        raise StaleResponse
    questions = list(consultation.questions.all())
    parsed, errors, missing = _read_answers(questions, values)
    cleaned_profile, profile_errors = _clean_profile(response, profile or {})
    errors.update(profile_errors)
    if submit:
        errors.update(missing)
    if errors:
        raise ValidationError(errors)
    flagged_now = store_answers(response, questions, parsed)
    for name, value in cleaned_profile.items():
        setattr(response, name, value)
    response.language = language if language in consultation.languages else consultation.languages[0]
    response.version += 1
    now = timezone.now()
    if submit:
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = now
        response.resume_hash = ""  # an anonymous link opens nothing once submitted
        if response.invitation_id:
            Invitation.objects.filter(pk=response.invitation_id).update(used_at=now)
    if flagged_now and response.safeguarding_told_at is None:
        response.safeguarding_told_at = now
        transaction.on_commit(lambda: tell_safeguarding(consultation))
    response.save()
    return response


@transaction.atomic
def answer_safeguarding_done(*, by, answer: Answer) -> Answer:
    """The safeguarding focal point has dealt with a flagged answer: it leaves their list (and stays never
    quotable)."""
    require(by, "engagement.safeguard")
    if not answer.may_be_disclosure:
        raise ValidationError(_("This answer was not flagged for safeguarding."))
    answer.safeguarding_done_at = timezone.now()
    answer.save(update_fields=["safeguarding_done_at"])
    return answer
