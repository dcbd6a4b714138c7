"""Every write to thematic priorities and to the conference outcomes they may rest on: the secretariat's
only (``engagement.manage_priorities``), checked here for pages and API alike.

A priority is a draft until published. Its evidence is a set of themes (only themes that stand, from a
synthesis whose review is finished) and of conference outcome areas. Publishing is refused, with every
reason named at once, when:

- it has no evidence (a priority traced to nothing is an opinion, not a finding);
- one of its themes no longer stands (merged or discarded in the review) or comes from a synthesis whose
  review is not finished (the review may still move its answers away);
- its title, or its summary when it has one, lacks a translation in a language one of its consultations was
  held in. Why: the people who answered in French read the priority drawn from their words in French; the
  English would otherwise stand in silently on their page, and a finding published in a language its
  contributors did not use is the inconsistency the platform refuses to guess past. Outcome areas add no
  language: a conference's outcome is not a consultation with its own languages.

A published priority stays consistent: an edit that would make one of these reasons true is refused while it
is published. Publishing tells the consultations' teams and the secretariat, each in their language, with
the public page's link. Withdrawing takes it off the list; its page stays, marked withdrawn, because links
to it have been shared (and commitments, issue 16, will point at it).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from alliance87.accounts.models import Role, User
from alliance87.accounts.selectors import users_with_role
from alliance87.notify import notify, recipient_language
from alliance87.pagecache import public_pages_changed
from alliance87.writes import require, save_validated

from .models import (
    Consultation,
    OutcomeArea,
    OutcomeDocument,
    Priority,
    PriorityStatus,
    Theme,
    ThemeStatus,
)
from .services import localised_lazy

PERM = "engagement.manage_priorities"
PRIORITY_FIELDS = {"title", "summary", "translations", "position"}
DOCUMENT_FIELDS = {"title", "description", "translations", "conference", "adopted_on", "url", "source"}
AREA_FIELDS = {"number", "title", "text", "translations"}
RESERVED_SLUGS = {"manage", "new", "outcomes"}  # the console's addresses under /priorities/

PUBLISHED_SUBJECT = gettext_lazy("Thematic priority published: %(title)s")
PUBLISHED_BODY = gettext_lazy(
    "The thematic priority “%(title)s” is published, with its evidence: %(evidence)s. "
    "Its public page traces it to the themes, their counts and the quotes of people who agreed to be quoted."
)


def _unique_slug(model, text: str, fallback: str) -> str:
    base = slugify(text)[:70] or fallback
    if base in RESERVED_SLUGS:
        base = f"{base}-{fallback}"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_fields(given: dict, allowed: set) -> None:
    unknown = set(given) - allowed
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")


def _create_titled(model, *, by, title: str, fields: dict, allowed: set, fallback: str):
    """A new ``model`` row (a priority or an outcome) with its title stripped, ``fields`` (only ``allowed``
    ones) and a slug made from the title, unique (``fallback`` when the title gives none); validated, saved."""
    _check_fields(fields, allowed)
    row = model(title=(title or "").strip(), **fields)
    row.slug = _unique_slug(model, row.title, fallback)
    save_validated(row, by)
    return row


def _apply_changes(row, changes: dict) -> None:
    """Set ``changes`` on ``row``, text stripped; nothing is saved."""
    for name, value in changes.items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)


def _language_name(code: str) -> str:
    return get_language_info(code)["name_translated"]


# --- Why a priority may not be published ------------------------------------------------------------------


def theme_problems(themes: Iterable[Theme]) -> list[str]:
    """Each theme that may not be a priority's evidence, and why (``run__consultation`` is read)."""
    problems = []
    for theme in themes:
        consultation = theme.run.consultation
        if theme.status != ThemeStatus.ACTIVE:
            problems.append(
                _("The theme “%(theme)s” was merged or discarded in the review: attach the theme that stands instead.")
                % {"theme": theme.label}
            )
        elif theme.run.reviewed_at is None:
            problems.append(
                _("The theme “%(theme)s” comes from a synthesis of “%(consultation)s” whose review is not finished.")
                % {"theme": theme.label, "consultation": consultation.title}
            )
    return problems


def _translation_problems(priority: Priority, consultations: list[Consultation]) -> list[str]:
    problems = []
    fields = [("title", _("The title"))] + ([("summary", _("The summary"))] if priority.summary.strip() else [])
    for consultation in consultations:
        for code in consultation.languages:
            if code == "en":
                continue
            texts = (priority.translations or {}).get(code) or {}
            for field, name in fields:
                if not (texts.get(field) or "").strip():
                    problems.append(
                        _(
                            "%(field)s has no %(language)s translation, and “%(consultation)s” was held in "
                            "%(language)s: add it before publishing."
                        )
                        % {"field": name, "language": _language_name(code), "consultation": consultation.title}
                    )
    return list(dict.fromkeys(problems))


def publish_problems(priority: Priority) -> list[str]:
    """Every reason ``priority`` may not be published now (empty: it may)."""
    themes = list(priority.themes.select_related("run__consultation").order_by("run__consultation", "position"))
    has_areas = priority.outcome_areas.exists()
    if not themes and not has_areas:
        return [
            _("It has no evidence: attach at least one reviewed theme or conference outcome area before publishing.")
        ]
    consultations = list({t.run.consultation_id: t.run.consultation for t in themes}.values())
    return theme_problems(themes) + _translation_problems(priority, consultations)


def _still_publishable(priority: Priority) -> None:
    if priority.status == PriorityStatus.PUBLISHED:
        problems = publish_problems(priority)
        if problems:
            raise ValidationError(
                [_("It is published, so this change is refused:"), *problems], code="published_inconsistent"
            )


def _fresh(priority: Priority) -> Priority:
    """The row as stored, locked until the transaction ends: a write never saves a stale status back (the
    page's copy may predate a publish in another tab)."""
    return Priority.objects.select_for_update().get(pk=priority.pk)


# --- Priorities -------------------------------------------------------------------------------------------


@transaction.atomic
def priority_create(*, by, title: str, **fields) -> Priority:
    """A draft priority (``fields``: any of ``PRIORITY_FIELDS``). Nobody is told and nothing public changes."""
    require(by, PERM)
    return _create_titled(Priority, by=by, title=title, fields=fields, allowed=PRIORITY_FIELDS, fallback="priority")


@transaction.atomic
def priority_update(*, by, priority: Priority, **changes) -> Priority:
    """Change its title, summary, translations or position. A published one must stay publishable (its
    translations complete); its public page changes, so the public pages' cache is renewed."""
    require(by, PERM, priority)
    _check_fields(changes, PRIORITY_FIELDS)
    priority = _fresh(priority)
    _apply_changes(priority, changes)
    save_validated(priority, by)
    _still_publishable(priority)
    if priority.status != PriorityStatus.DRAFT:
        public_pages_changed()
    return priority


@transaction.atomic
def priority_set_evidence(
    *, by, priority: Priority, themes: Iterable[Theme], outcome_areas: Iterable[OutcomeArea]
) -> Priority:
    """Make ``themes`` and ``outcome_areas`` its evidence, replacing what it had. Refused, naming each, for a
    theme that does not stand or whose synthesis's review is not finished. A published priority keeps at
    least one piece of evidence. Renews the public pages' cache when it is not a draft."""
    require(by, PERM, priority)
    priority = _fresh(priority)
    themes = list(Theme.objects.filter(pk__in=[t.pk for t in themes]).select_related("run__consultation"))
    problems = theme_problems(themes)
    if problems:
        raise ValidationError({"themes": problems})
    priority.themes.set(themes)
    priority.outcome_areas.set(list(outcome_areas))
    _still_publishable(priority)
    if priority.status != PriorityStatus.DRAFT:
        public_pages_changed()
    return priority


def _recipients(priority: Priority, by) -> list:
    team = Consultation.team.through.objects.filter(consultation__theme_runs__themes__priorities=priority).values_list(
        "user_id", flat=True
    )
    secretariat = users_with_role(Role.SECRETARIAT).values_list("pk", flat=True)
    people = User.objects.filter(is_active=True, pk__in=[*team, *secretariat]).exclude(pk=by.pk)
    return list(people.order_by("pk"))


def _evidence_words(priority: Priority) -> str:
    """What the mail names as evidence, in the active language: the consultations and outcomes."""
    consultations = Consultation.objects.filter(theme_runs__themes__priorities=priority).distinct()
    documents = OutcomeDocument.objects.filter(areas__priorities=priority).distinct()
    names = [f"“{c.localised('title')}”" for c in consultations.order_by("pk")]
    names += [f"“{d.localised('title')}”" for d in documents.order_by("pk")]
    return ", ".join(names)


def _tell_published(priority: Priority, by) -> int:
    sent = 0
    by_language: dict[str, list] = {}
    for user in _recipients(priority, by):
        by_language.setdefault(recipient_language(user), []).append(user)
    for language, users in by_language.items():
        with translation.override(language):
            link = priority.get_absolute_url()
            evidence = _evidence_words(priority)
        sent += notify(
            users,
            subject=PUBLISHED_SUBJECT,
            body=PUBLISHED_BODY,
            context={"title": localised_lazy(priority, "title"), "evidence": evidence},
            link=link,
        )
    return sent


@transaction.atomic
def publish_priority(*, by, priority: Priority) -> Priority:
    """Publish it (a draft, or one withdrawn). Refused, naming every reason (``publish_problems``). Side
    effects: its public page and the list show it (the public pages' cache is renewed); the teams of its
    consultations and the secretariat are e-mailed, each in their language, with the page's link."""
    require(by, PERM, priority)
    priority = _fresh(priority)
    if priority.status == PriorityStatus.PUBLISHED:
        raise ValidationError(_("It is published already."), code="published")
    problems = publish_problems(priority)
    if problems:
        raise ValidationError(problems, code="not_publishable")
    priority.status = PriorityStatus.PUBLISHED
    priority.published_at = timezone.now()
    priority.published_by = by
    save_validated(priority, by)
    public_pages_changed()
    _tell_published(priority, by)
    return priority


@transaction.atomic
def withdraw_priority(*, by, priority: Priority) -> Priority:
    """Take a published priority off the list. Its page stays, marked withdrawn (links to it were shared).
    The public pages' cache is renewed; nobody is e-mailed."""
    require(by, PERM, priority)
    priority = _fresh(priority)
    if priority.status != PriorityStatus.PUBLISHED:
        raise ValidationError(_("Only a published priority can be withdrawn."), code="not_published")
    priority.status = PriorityStatus.WITHDRAWN
    save_validated(priority, by)
    public_pages_changed()
    return priority


# --- Conference outcomes ----------------------------------------------------------------------------------


@transaction.atomic
def outcome_document_create(*, by, title: str, **fields) -> OutcomeDocument:
    """A conference outcome (``fields``: any of ``DOCUMENT_FIELDS``), with no area yet."""
    require(by, PERM)
    return _create_titled(
        OutcomeDocument, by=by, title=title, fields=fields, allowed=DOCUMENT_FIELDS, fallback="outcome"
    )


@transaction.atomic
def outcome_document_update(*, by, document: OutcomeDocument, **changes) -> OutcomeDocument:
    """Change its details; the priorities' public pages show them, so the cache is renewed."""
    require(by, PERM, document)
    _check_fields(changes, DOCUMENT_FIELDS)
    _apply_changes(document, changes)
    save_validated(document, by)
    public_pages_changed()
    return document


def _area_number_taken(document: OutcomeDocument, number: int, exclude_pk=None) -> None:
    if document.areas.exclude(pk=exclude_pk).filter(number=number).exists():
        raise ValidationError(
            {"number": _("Area %(number)d exists already in this outcome: give another number.") % {"number": number}}
        )


@transaction.atomic
def outcome_area_add(*, by, document: OutcomeDocument, title: str, number: int | None = None, **fields) -> OutcomeArea:
    """An area at the end of the outcome (or at ``number``, which must be free)."""
    require(by, PERM, document)
    _check_fields(fields, AREA_FIELDS)
    if number is None:
        number = (document.areas.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    _area_number_taken(document, number)
    area = OutcomeArea(document=document, number=number, title=(title or "").strip(), **fields)
    save_validated(area, by)
    public_pages_changed()
    return area


@transaction.atomic
def outcome_area_update(*, by, area: OutcomeArea, **changes) -> OutcomeArea:
    """Change an area's number, title, text or translations; pages citing it change with it."""
    require(by, PERM, area)
    _check_fields(changes, AREA_FIELDS)
    if "number" in changes and changes["number"] is not None:
        _area_number_taken(area.document, changes["number"], exclude_pk=area.pk)
    for name, value in changes.items():
        if value is not None:
            setattr(area, name, value.strip() if isinstance(value, str) else value)
    save_validated(area, by)
    public_pages_changed()
    return area


@transaction.atomic
def outcome_area_delete(*, by, area: OutcomeArea) -> None:
    """Remove an area that no priority rests on (one that does would leave a published page without it)."""
    require(by, PERM, area)
    if area.priorities.exists():
        raise ValidationError(_("A priority rests on this area: take it out of that priority’s evidence first."))
    area.delete()
    public_pages_changed()
