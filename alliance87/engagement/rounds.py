"""Every write to a second round, Pol.is-style: the secretariat's (create from draft priorities or typed
statements, add a statement, open, close, moderate) and the participant's (join, vote, propose a
statement).

Rights: the secretariat's writes check ``by`` against ``rules_rounds.py``. A participant has no account:
their right is the random key in their browser's cookie, kept here only as the SHA-256 of the round and
the key (so one cookie makes a different, unlinkable participant in each round), and nothing else about
the device. Votes are 1 agree, -1 disagree, 0 pass, as in Pol.is's open data; a second vote on a statement
replaces the first.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87.accounts.models import Role
from alliance87.accounts.selectors import users_with_role
from alliance87.network.models import IloRegion, OrganisationKind
from alliance87.notify import notify, recipient_language
from alliance87.pagecache import public_pages_changed
from alliance87.writes import require, save_validated

from . import rules_rounds  # noqa: F401 -- registers the rounds' rules before any page or service asks them
from .models import (
    LANGUAGE_CODES,
    Consultation,
    Participant,
    Priority,
    PriorityStatus,
    Round,
    RoundStatus,
    Statement,
    StatementStatus,
    Vote,
    VoteValue,
)
from .services import localised_lazy

KEY_BYTES = 24  # 192 bits in the cookie
KEY_COOKIE = "a87_round_key"  # one random key per browser; each round hashes it with its own id
RESERVED_SLUGS = {"manage"}  # the console's address, /rounds/manage/
STATEMENT_MAX_CHARS = Statement._meta.get_field("text").max_length  # 280, as a tweet-length statement
MODERATION = {StatementStatus.SHOWN, StatementStatus.HIDDEN}


class RoundClosed(ValidationError):
    """The round takes no votes or statements now (a draft, or closed)."""

    def __init__(self):
        super().__init__(_("This round is not open for votes."), code="closed")


def key_hash(round_: Round, key: str) -> str:
    return hashlib.sha256(f"{round_.pk}:{key}".encode()).hexdigest()


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "round"
    if base in RESERVED_SLUGS:
        base = f"{base}-round"
    slug, n = base, 2
    while Round.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_text(text, where: str) -> str:
    """A statement's text, stripped; refused (naming ``where``) when empty, too long or holding a NUL."""
    text = (text or "").strip() if isinstance(text, str) else ""
    if "\x00" in text:
        raise ValidationError({where: _("Text may not contain NUL characters.")})
    if not text:
        raise ValidationError({where: _("Write the statement.")})
    if len(text) > STATEMENT_MAX_CHARS:
        raise ValidationError(
            {where: _("A statement is at most %(count)d characters long: shorten it.") % {"count": STATEMENT_MAX_CHARS}}
        )
    return text


def _statement_translations(source: dict, field: str) -> dict:
    """A priority's ``field`` in each language, as a statement's ``text`` translations."""
    out = {}
    for language, fields in (source or {}).items():
        text = (fields or {}).get(field)
        if language in LANGUAGE_CODES and isinstance(text, str) and text.strip():
            out[language] = {"text": text.strip()[:STATEMENT_MAX_CHARS]}
    return out


def _next_position(round_: Round) -> int:
    last = round_.statements.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


# --- The secretariat ------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    by,
    title: str,
    consultation: Consultation | None = None,
    description: str = "",
    translations: dict | None = None,
    languages: list[str] | None = None,
    accepts_statements: bool = False,
    priorities=(),
    statements=(),
) -> Round:
    """A draft round. Its statements are the titles of ``priorities`` (draft or published, never withdrawn;
    their translations carried) and then ``statements`` (each a text, or a (text, translations) pair),
    in that order. Languages default to the consultation's. Nobody is told: it is a draft."""
    require(by, "engagement.manage_rounds")
    languages = list(languages or (consultation.languages if consultation else ["en"]))
    round_ = Round(
        title=(title or "").strip(),
        description=(description or "").strip(),
        translations=translations or {},
        consultation=consultation,
        languages=languages,
        accepts_statements=accepts_statements,
    )
    round_.slug = _unique_slug(round_.title)
    save_validated(round_, by)
    for priority in priorities:
        if priority.status == PriorityStatus.WITHDRAWN:
            raise ValidationError(
                {"priorities": _("“%(title)s” was withdrawn: it cannot become a statement.") % {"title": priority}}
            )
        statement_add(
            by=by,
            round_=round_,
            text=priority.title[:STATEMENT_MAX_CHARS],
            translations=_statement_translations(priority.translations, "title"),
            priority=priority,
        )
    for item in statements:
        text, item_translations = item if isinstance(item, tuple) else (item, {})
        statement_add(by=by, round_=round_, text=text, translations=item_translations)
    return round_


@transaction.atomic
def statement_add(
    *, by, round_: Round, text: str, translations: dict | None = None, priority: Priority | None = None
) -> Statement:
    """A statement the secretariat writes: shown at once, at the end of the round's list."""
    require(by, "engagement.manage_rounds", round_)
    if round_.status == RoundStatus.CLOSED:
        raise ValidationError(_("This round is closed: it takes no more statements."))
    statement = Statement(
        round=round_,
        text=_clean_text(text, "text"),
        translations=translations or {},
        priority=priority,
        position=_next_position(round_),
        status=StatementStatus.SHOWN,
    )
    save_validated(statement, by)
    return statement


@transaction.atomic
def statement_moderate(*, by, statement: Statement, status: str) -> Statement:
    """Show a statement (a participant's, after reading it) or hide one; a hidden statement takes no more
    votes, and its votes stay out of the results."""
    require(by, "engagement.manage_rounds", statement.round)
    if status not in MODERATION:
        raise ValidationError({"status": _("Show or hide the statement.")})
    statement.status = status
    save_validated(statement, by)
    return statement


@transaction.atomic
def round_open(*, by, round_: Round) -> Round:
    """Open it for votes. Refused, saying why, without a statement shown, or once closed."""
    require(by, "engagement.manage_rounds", round_)
    if round_.status == RoundStatus.CLOSED:
        raise ValidationError(_("This round is closed: it cannot open again."))
    if not round_.statements.filter(status=StatementStatus.SHOWN).exists():
        raise ValidationError(_("Add at least one statement before opening the round."))
    round_.status = RoundStatus.OPEN
    round_.opens_at = round_.opens_at or timezone.now()
    save_validated(round_, by)
    public_pages_changed()
    return round_


@transaction.atomic
def round_close(*, by, round_: Round) -> Round:
    """Close it now: no more votes or statements; the results become public."""
    require(by, "engagement.manage_rounds", round_)
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("Only an open round can be closed."))
    round_.status = RoundStatus.CLOSED
    round_.closes_at = timezone.now()
    save_validated(round_, by)
    public_pages_changed()
    return round_


# --- Participants ---------------------------------------------------------------------------------------


def stakeholder_groups_of(round_: Round) -> list[tuple[str, str]]:
    """The stakeholder groups a participant chooses from: the consultation's, or every group."""
    asked = round_.consultation.stakeholder_groups if round_.consultation else []
    return [(value, label) for value, label in OrganisationKind.choices if not asked or value in asked]


def regions_of(round_: Round) -> list[tuple[str, str]]:
    asked = round_.consultation.regions if round_.consultation else []
    return [(value, label) for value, label in IloRegion.choices if not asked or value in asked]


def participant_for_key(*, round_: Round, key: str) -> Participant | None:
    """The participant this browser's key makes in this round, if they joined."""
    if not key:
        return None
    return Participant.objects.filter(round=round_, key_hash=key_hash(round_, key)).first()


@transaction.atomic
def participant_join(
    *, round_: Round, key: str = "", stakeholder_group: str = "", region: str = "", language: str = "en"
) -> tuple[Participant, str]:
    """A participant in an open round, asked once for their stakeholder group and region (either may be
    left out), and the key for their cookie: ``key`` when the browser has one already (its other rounds),
    else a new one. Joining twice with the same key gives the same participant. Nothing about the device
    is kept."""
    if round_.status != RoundStatus.OPEN:
        raise RoundClosed
    errors = {}
    if stakeholder_group and stakeholder_group not in dict(stakeholder_groups_of(round_)):
        errors["stakeholder_group"] = _("Choose one of the stakeholder groups shown.")
    if region and region not in dict(regions_of(round_)):
        errors["region"] = _("Choose one of the regions shown.")
    if errors:
        raise ValidationError(errors)
    key = key or secrets.token_urlsafe(KEY_BYTES)
    existing = participant_for_key(round_=round_, key=key)
    if existing is not None:
        return existing, key
    participant = Participant.objects.create(
        round=round_,
        key_hash=key_hash(round_, key),
        stakeholder_group=stakeholder_group,
        region=region,
        language=language if language in LANGUAGE_CODES else "en",
    )
    return participant, key


@transaction.atomic
def vote(*, participant: Participant, statement: Statement, value: int) -> Vote:
    """Record ``value`` (1 agree, -1 disagree, 0 pass) on a shown statement of the participant's open
    round; a second vote replaces the first (one row per participant and statement). Refused: a closed
    or draft round, a hidden or waiting statement, another round's statement, any other value."""
    if statement.round_id != participant.round_id:
        raise PermissionDenied(_("This statement belongs to another round."))
    if participant.round.status != RoundStatus.OPEN:
        raise RoundClosed
    if statement.status != StatementStatus.SHOWN:
        raise ValidationError({"statement": _("This statement is not open for votes.")})
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in VoteValue.values:
        raise ValidationError({"value": _("Vote agree, disagree or pass.")})
    found, _created = Vote.objects.update_or_create(
        participant=participant, statement=statement, defaults={"value": value}
    )
    return found


MODERATION_SUBJECT = gettext_lazy("Statements wait for moderation in a second round")
MODERATION_BODY = gettext_lazy(
    "A participant of the second round “%(title)s” wrote a statement. It waits for you to read it and show "
    "or hide it before anyone votes on it; others may follow it. Your start page counts those waiting."
)


def tell_moderators(round_: Round) -> int:
    """E-mail the secretariat, each in their language, with the link to the round's moderation."""
    by_language: dict[str, list] = {}
    for user in users_with_role(Role.SECRETARIAT):
        by_language.setdefault(recipient_language(user), []).append(user)
    sent = 0
    for language, users in by_language.items():
        with translation.override(language):
            link = reverse("engagement:round_manage", args=[round_.slug]) + "#statements-title"
        sent += notify(
            users,
            subject=MODERATION_SUBJECT,
            body=MODERATION_BODY,
            context={"title": localised_lazy(round_, "title")},
            link=link,
        )
    return sent


@transaction.atomic
def statement_propose(*, participant: Participant, text: str) -> Statement:
    """A participant's own statement: it waits for the secretariat (``statement_moderate``) before anyone
    votes on it. Only in an open round that accepts statements; the text as any statement's.
    Side effect: when nothing else of the round was waiting, the secretariat is e-mailed the link to its
    moderation after the commit (once per batch, not once per statement: a busy round sends no flood)."""
    round_ = participant.round
    if round_.status != RoundStatus.OPEN:
        raise RoundClosed
    if not round_.accepts_statements:
        raise PermissionDenied(_("This round does not take participants’ statements."))
    statement = Statement(
        round=round_,
        text=_clean_text(text, "text"),
        position=_next_position(round_),
        status=StatementStatus.WAITING,
        author=participant,
    )
    first_waiting = not round_.statements.filter(status=StatementStatus.WAITING).exists()
    save_validated(statement, None)
    if first_waiting:
        transaction.on_commit(lambda: tell_moderators(round_))
    return statement
