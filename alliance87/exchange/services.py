"""Every write to the exchange of experiences, for pages and the API alike: rights checked here
(``exchange/rules.py``), every field validated, one transaction each.

The life of an experience: draft → submitted → published, or sent back (``changes_requested``, with the
reviewer's comment) and submitted again; withdrawn at any time. Each step tells the next person, with a link
to where the work waits: a submission tells the secretariat, a decision tells the sharers.

Survivor-informed practice, for a story of a person with lived experience:

- anonymous by default: the teller is named only when their consent is recorded, with who recorded it (the
  person signed in), when it was given and how (``teller_consent``); without it the name is never stored as
  shown (``Experience.public_teller`` is empty);
- withdrawable at any time by the person who shared it or the secretariat (on the teller's request): a
  withdrawn story leaves the public pages, the search (its index entry goes with the save), the API and the
  cached pages at once (``public_pages_changed``), and its page answers 410 Gone.

A picture or document (``ExperienceMedia``) is checked as report evidence is (``validate_upload``); a picture
needs its description for people who cannot see it; one that shows people is shown publicly only once the
consent of the people shown is recorded (``may_be_shown``).
"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextField
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87.accounts.models import Role, User
from alliance87.accounts.selectors import users_with_role
from alliance87.commitments.rules import ROLE_FOR
from alliance87.notify import notify
from alliance87.pagecache import public_pages_changed
from alliance87.pathfinders.services.uploads import validate_upload
from alliance87.writes import require, save_validated

from .models import Experience, ExperienceKind, ExperienceMedia, ExperienceStatus

TEXT_FIELDS = ("title", "summary", "context", "what_was_done", "with_whom", "results", "lessons")
FIELDS = {*TEXT_FIELDS, "kind", "language", "organisation", "action_group", "lived_experience", "is_example"}
RELATED = {"countries", "priorities", "commitments"}
RESERVED_SLUGS = {"new", "mine", "review", "from-update"}  # the addresses under /experiences/
PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}

SUBMITTED_SUBJECT = gettext_lazy("Experience to review: %(title)s")
SUBMITTED_BODY = gettext_lazy(
    "“%(title)s” was shared by %(by)s and waits for your review: publish it, or send it back with a comment."
)
PUBLISHED_SUBJECT = gettext_lazy("Your experience is published: %(title)s")
PUBLISHED_BODY = gettext_lazy("The secretariat published “%(title)s”. Anyone can now read it and learn from it.")
RETURNED_SUBJECT = gettext_lazy("Changes asked for your experience: %(title)s")
RETURNED_BODY = gettext_lazy(
    "The secretariat asks for changes to “%(title)s” before publishing it:\n\n%(comment)s\n\n"
    "Change it and submit it again."
)
WITHDRAWN_SUBJECT = gettext_lazy("Experience withdrawn: %(title)s")
WITHDRAWN_BODY = gettext_lazy(
    "“%(title)s” was withdrawn by %(by)s and has left the public pages, the search and the API. Reason: %(reason)s"
)


# --- Helpers ---------------------------------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "experience"
    if base in RESERVED_SLUGS:
        base = f"{base}-experience"
    slug, n = base, 2
    while Experience.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_lengths(obj) -> None:
    """Text fields' limits, named (a model's TextField does not check its max_length itself)."""
    errors = {}
    for field in obj._meta.concrete_fields:
        if isinstance(field, TextField) and field.max_length:
            value = getattr(obj, field.attname) or ""
            if len(value) > field.max_length:
                errors[field.name] = _("At most %(limit)d characters; this has %(count)d.") % {
                    "limit": field.max_length,
                    "count": len(value),
                }
    if errors:
        raise ValidationError(errors)


def _save(obj, by) -> None:
    _check_lengths(obj)
    save_validated(obj, by)


def _fresh(experience: Experience) -> Experience:
    """The row as stored, locked until the transaction ends (the page's copy may predate a review)."""
    return Experience.objects.select_for_update().get(pk=experience.pk)


def _sharers(experience: Experience, but=None) -> list:
    """Who shared it: its author and the people who speak for its organisation or Action Group."""
    pks = set()
    if experience.created_by_id:
        pks.add(experience.created_by_id)
    for party, role in (
        (experience.organisation, ROLE_FOR["organisation"]),
        (experience.action_group, ROLE_FOR["action_group"]),
    ):
        if party is not None:
            pks.update(users_with_role(role, party).values_list("pk", flat=True))
    people = User.objects.filter(is_active=True, pk__in=pks)
    if but is not None:
        people = people.exclude(pk=but.pk)
    return list(people.order_by("pk"))


def _secretariat(but=None) -> list:
    people = users_with_role(Role.SECRETARIAT)
    if but is not None:
        people = people.exclude(pk=but.pk)
    return list(people.order_by("pk"))


def _apply(experience: Experience, fields: dict) -> None:
    unknown = set(fields) - FIELDS - RELATED
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        if name in FIELDS:
            setattr(experience, name, value.strip() if isinstance(value, str) else value)
    if experience.lived_experience:
        experience.kind = ExperienceKind.STORY  # a person's own story is a story, never a "practice"
    else:
        experience.teller_named = False  # a name is asked for a lived-experience story only


def _set_related(experience: Experience, fields: dict) -> None:
    for name in RELATED:
        if name in fields and fields[name] is not None:
            getattr(experience, name).set(list(fields[name]))


def _check_sharing_for(by, experience: Experience) -> None:
    """The organisation or Action Group it is shared by must be one the person speaks for (the secretariat
    may name any)."""
    from .rules import is_secretariat, speaks_for  # noqa: PLC0415 -- the predicates, not the perms

    if is_secretariat(by):
        return
    if experience.organisation_id and not speaks_for(by, experience.organisation):
        raise ValidationError({"organisation": _("You may share only for an organisation you speak for.")})
    if experience.action_group_id and not speaks_for(by, experience.action_group):
        raise ValidationError({"action_group": _("You may share only for an Action Group you lead.")})


# --- Sharing ---------------------------------------------------------------------------------------------


@transaction.atomic
def experience_create(*, by, title: str, summary: str, **fields) -> Experience:
    """A draft experience (``fields``: any of ``FIELDS`` and ``countries``, ``priorities``,
    ``commitments``). Nobody is told and nothing public changes."""
    require(by, "exchange.share_experience")
    experience = Experience(title=(title or "").strip(), summary=(summary or "").strip(), created_by=by)
    _apply(experience, fields)
    _check_sharing_for(by, experience)
    experience.slug = _unique_slug(experience.title)
    _save(experience, by)
    _set_related(experience, fields)
    return experience


@transaction.atomic
def experience_update(*, by, experience: Experience, **changes) -> Experience:
    """Change a draft or one sent back."""
    experience = _fresh(experience)
    require(by, "exchange.edit_experience", experience)
    _apply(experience, changes)
    _check_sharing_for(by, experience)
    _save(experience, by)
    _set_related(experience, changes)
    return experience


@transaction.atomic
def teller_consent(
    *, by, experience: Experience, named: bool, name: str = "", given_on=None, how: str = ""
) -> Experience:
    """Name the teller of a lived-experience story with their recorded consent, or keep (make) it anonymous.

    Named: the name, the day the consent was given (not in the future; today when not given) and how it was
    given are required; the person recording it is kept (``consent_recorded_by``). Anonymous: the name and
    the consent are cleared, so nothing of the teller remains to be shown by mistake.
    """
    experience = _fresh(experience)
    require(by, "exchange.edit_experience", experience)
    if not named:
        experience.teller_named = False
        experience.teller_name = ""
        experience.consent_recorded_at = None
        experience.consent_recorded_by = None
        experience.consent_note = ""
        _save(experience, by)
        return experience
    errors = {}
    if not experience.lived_experience:
        errors["teller_named"] = _("Only a story told by a person with lived experience names its teller.")
    if not (name or "").strip():
        errors["teller_name"] = _("Give the teller’s name, or leave the story anonymous.")
    if not (how or "").strip():
        errors["consent_note"] = _(
            "Say how the teller gave their consent to be named (in writing, recorded orally, …): a teller is "
            "named only once their consent is recorded."
        )
    today = timezone.localdate()
    if given_on is not None and given_on > today:
        errors["consent_given_on"] = _("The consent cannot have been given in the future.")
    if errors:
        raise ValidationError(errors)
    when = timezone.make_aware(datetime.datetime.combine(given_on, datetime.time(12))) if given_on else None
    experience.teller_named = True
    experience.teller_name = name.strip()
    experience.consent_note = how.strip()
    experience.consent_recorded_at = when or timezone.now()
    experience.consent_recorded_by = by
    _save(experience, by)
    return experience


@transaction.atomic
def media_add(
    *,
    by,
    experience: Experience,
    file,
    alt_text: str = "",
    caption: str = "",
    shows_people: bool = False,
    people_consent: str = "",
) -> ExperienceMedia:
    """Attach a picture or a document (checked as report evidence is). A picture needs its description for
    people who cannot see it. One that shows people is shown publicly only once their consent is recorded:
    ``people_consent`` says how it was given, and records it now, by ``by``."""
    experience = _fresh(experience)
    require(by, "exchange.edit_experience", experience)
    validate_upload(file, field="file")
    is_picture = Path(file.name).suffix.lower() in PICTURES
    alt_text, caption, people_consent = (
        (alt_text or "").strip(),
        (caption or "").strip(),
        (people_consent or "").strip(),
    )
    if is_picture and not alt_text:
        raise ValidationError({"alt_text": _("Describe the picture for people who cannot see it.")})
    media = ExperienceMedia(
        experience=experience,
        original_name=Path(file.name).name[:255],
        size=file.size,
        alt_text=alt_text if is_picture else "",
        caption=caption,
        shows_people=bool(shows_people),
        uploaded_by=by,
    )
    if shows_people and people_consent:
        media.people_consent_note = people_consent
        media.people_consent_recorded_at = timezone.now()
        media.people_consent_recorded_by = by
    media.file.save(Path(file.name).name, file, save=False)
    media.full_clean(exclude=["file"])
    media._history_user = by
    media.save()
    if experience.status == ExperienceStatus.PUBLISHED:
        public_pages_changed()
    return media


@transaction.atomic
def media_record_consent(*, by, media: ExperienceMedia, how: str) -> ExperienceMedia:
    """Record the consent of the people a picture shows (how it was given), so it may be shown."""
    require(by, "exchange.edit_experience", _fresh(media.experience))
    how = (how or "").strip()
    if not how:
        raise ValidationError({"people_consent": _("Say how the people shown gave their consent.")})
    media.people_consent_note = how
    media.people_consent_recorded_at = timezone.now()
    media.people_consent_recorded_by = by
    _save(media, by)
    return media


@transaction.atomic
def media_remove(*, by, media: ExperienceMedia) -> None:
    """Remove a picture or document (its file too). Asked of a published experience by its sharers or the
    secretariat (a person shown may ask for it at any time), so a published one may lose a picture."""
    experience = _fresh(media.experience)
    if experience.status == ExperienceStatus.PUBLISHED:
        require(by, "exchange.withdraw_experience", experience)
    else:
        require(by, "exchange.edit_experience", experience)
    media.file.delete(save=False)
    media.delete()
    if experience.status == ExperienceStatus.PUBLISHED:
        public_pages_changed()


def submit_problems(experience: Experience) -> dict[str, str]:
    """What must be right before it goes to review (empty: it may)."""
    problems = {}
    if not experience.what_was_done.strip():
        problems["what_was_done"] = _("Say what was done: it is what others can copy.")
    if experience.teller_named and not experience.consent_recorded_at:
        problems["teller_named"] = _("A teller is named only once their consent is recorded.")
    return problems


@transaction.atomic
def experience_submit(*, by, experience: Experience) -> Experience:
    """Send it to the secretariat's review; the secretariat is told, with the review page's link."""
    experience = _fresh(experience)
    require(by, "exchange.submit_experience", experience)
    problems = submit_problems(experience)
    if problems:
        raise ValidationError(problems)
    experience.status = ExperienceStatus.SUBMITTED
    experience.submitted_at = timezone.now()
    _save(experience, by)
    from django.urls import reverse  # noqa: PLC0415

    notify(
        _secretariat(but=by),
        subject=SUBMITTED_SUBJECT,
        body=SUBMITTED_BODY,
        context={"title": experience.title, "by": by.get_full_name()},
        link=reverse("exchange:review", args=[experience.slug]),
    )
    return experience


# --- Review ----------------------------------------------------------------------------------------------


@transaction.atomic
def experience_publish(*, by, experience: Experience) -> Experience:
    """Publish a submitted experience: it shows on the list, the pages it is about, the search and the API;
    its sharers are told, with its public page's link."""
    experience = _fresh(experience)
    require(by, "exchange.review_experience", experience)
    if experience.status != ExperienceStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted experience can be published."), code="not_submitted")
    problems = submit_problems(experience)
    if problems:
        raise ValidationError(problems)
    experience.status = ExperienceStatus.PUBLISHED
    experience.published_at = timezone.now()
    _save(experience, by)
    public_pages_changed()
    notify(
        _sharers(experience, but=by),
        subject=PUBLISHED_SUBJECT,
        body=PUBLISHED_BODY,
        context={"title": experience.title},
        link=experience.get_absolute_url(),
    )
    return experience


@transaction.atomic
def experience_request_changes(*, by, experience: Experience, comment: str) -> Experience:
    """Send a submitted experience back with a comment; its sharers are told, with the edit page's link."""
    experience = _fresh(experience)
    require(by, "exchange.review_experience", experience)
    if experience.status != ExperienceStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted experience can be sent back."), code="not_submitted")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what should change, so the person who shared it knows.")})
    experience.status = ExperienceStatus.CHANGES_REQUESTED
    experience.review_comment = comment
    _save(experience, by)
    from django.urls import reverse  # noqa: PLC0415

    notify(
        _sharers(experience, but=by),
        subject=RETURNED_SUBJECT,
        body=RETURNED_BODY,
        context={"title": experience.title, "comment": comment},
        link=reverse("exchange:edit", args=[experience.slug]),
    )
    return experience


@transaction.atomic
def experience_withdraw(*, by, experience: Experience, reason: str = "") -> Experience:
    """Withdraw it, whatever its status: it leaves the public pages, the search, the API and the cached pages
    at once, and its page answers 410 Gone. The secretariat is told when a sharer withdraws, the sharers when
    the secretariat does (no link: there is nothing left to open)."""
    experience = _fresh(experience)
    require(by, "exchange.withdraw_experience", experience)
    was_public = experience.status == ExperienceStatus.PUBLISHED
    experience.status = ExperienceStatus.WITHDRAWN
    experience.withdrawn_at = timezone.now()
    experience.withdrawn_reason = (reason or "").strip()
    _save(experience, by)
    public_pages_changed()
    if was_public or experience.submitted_at:
        from .rules import is_secretariat  # noqa: PLC0415

        people = _sharers(experience, but=by) if is_secretariat(by) else _secretariat(but=by)
        notify(
            people,
            subject=WITHDRAWN_SUBJECT,
            body=WITHDRAWN_BODY,
            context={
                "title": experience.title,
                "by": by.get_full_name(),
                "reason": experience.withdrawn_reason or _("none given"),
            },
        )
    return experience


# --- Share your journey ------------------------------------------------------------------------------------


@transaction.atomic
def experience_from_update(*, by, update) -> Experience:
    """A draft story made in one step from a progress update offered as a story (``share_as_story``): its
    commitment's title, the update's text as what was done, the commitment's countries, priorities and lead,
    the commitment linked and the update recorded. Made once: asked again, the draft made before is returned.
    Only someone who may report on the commitment may do it."""
    commitment = update.commitment
    require(by, "exchange.share_journey", commitment)
    if not update.share_as_story:
        raise ValidationError(_("This update was not offered as a story."), code="not_offered")
    made = Experience.objects.filter(from_update=update).exclude(status=ExperienceStatus.WITHDRAWN).first()
    if made is not None:
        return made
    text = update.text.strip()
    summary = text if len(text) <= 1000 else text[:999].rsplit(" ", 1)[0] + "…"
    experience = Experience(
        title=commitment.title[:200],
        summary=summary,
        what_was_done=text,
        language=update.language,
        kind=ExperienceKind.STORY,
        organisation=commitment.lead_organisation,
        action_group=commitment.lead_action_group,
        from_update=update,
        created_by=by,
        is_example=commitment.is_example,
    )
    experience.slug = _unique_slug(experience.title)
    _save(experience, by)
    countries = list(commitment.countries.all())
    if commitment.lead_country_id and commitment.lead_country not in countries:
        countries.append(commitment.lead_country)
    experience.countries.set(countries)
    experience.priorities.set(list(commitment.priorities.all()))
    experience.commitments.set([commitment])
    return experience
