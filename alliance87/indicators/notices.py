"""The notice-and-comment step and the end of a dataset's way: showing a country its figures before they are
published, its focal point's answer, publishing, withdrawing.

Each service checks its right (``rules.py``) with ``writes.require``, validates (errors name the field), runs in
one transaction, tells the next person (``notify``, in their language, with the link) and renews the cached
public pages when what the public sees changed. The way of a dataset:

    draft ──open_notice──▶ notice ──publish──▶ published
      │                      │                    │
      └──────────────────────┴──────withdraw──────┴──▶ withdrawn

- ``open_notice``: the secretariat shows the figures to chosen countries (by default those the dataset covers)
  until a closing date (by default in 14 days); each country's focal points are e-mailed the link; a country
  without a focal point is returned, so the page names it instead of skipping it in silence.
- ``answer``: a notified country's focal point comments (up to 4,000 characters, in a language they choose) or
  says "no comment", until the closing date; the secretariat is told. The comment is published beside the
  figures once the dataset is published (the series page reads the ``CountryNotice`` rows).
- ``publish``: refused while a notified country is still within its period without having answered (the
  message names them), and for a country's figures never shown to that country ("show it to Mexico
  first"): the notice step cannot be skipped. Global and regional figures (no country) publish directly.
- ``withdraw``: with a reason, from any state; a published dataset leaves the public pages.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87 import dates
from alliance87.accounts.models import Role
from alliance87.accounts.selectors import users_with_role
from alliance87.network.models import Country
from alliance87.notify import notify
from alliance87.pagecache import public_pages_changed
from alliance87.writes import refuse_nul, require

from . import rules as indicator_rules  # noqa: F401 -- registers the indicators' rules
from .models import CountryNotice, Dataset, DatasetStatus, NoticeStatus, Observation

NOTICE_DAYS = 14  # the comment period offered by default
COMMENT_MAX = 4000
REASON_MAX = 2000

NOTICE_SUBJECT = gettext_lazy("Figures for %(country)s to comment on before publication")
NOTICE_BODY = gettext_lazy(
    "The Alliance 8.7 secretariat will publish “%(title)s”, which holds figures for %(country)s. As the "
    "country's focal point you may read them first and comment, or say you have no comment, until "
    "%(closes)s. Your comment is published beside the figures."
)
ANSWERED_SUBJECT = gettext_lazy("%(country)s answered on “%(title)s”")
ANSWERED_BODY = gettext_lazy("The focal point of %(country)s answered the notice on “%(title)s”: %(answer)s")
PUBLISHED_SUBJECT = gettext_lazy("Published: “%(title)s”")
PUBLISHED_BODY = gettext_lazy(
    "The figures of “%(title)s” for %(country)s are now public. Any comment your country gave is shown beside them."
)
WITHDRAWN_SUBJECT = gettext_lazy("Withdrawn: “%(title)s”")
WITHDRAWN_BODY = gettext_lazy(
    "The secretariat withdrew “%(title)s”, which you were shown for comment; nothing more is needed from you. "
    "The reason: %(reason)s"
)


@dataclass
class NoticeOpened:
    """What ``open_notice`` did: the notices made, and the countries whose figures no one was told about."""

    notices: list[CountryNotice] = field(default_factory=list)
    without_focal_point: list[Country] = field(default_factory=list)


def default_closing_day(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(days=NOTICE_DAYS)


def closing_moment(day: datetime.date) -> datetime.datetime:
    """Comments close at the end of ``day`` (the platform's time zone): the day named is a whole day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def countries_covered(dataset: Dataset) -> list[Country]:
    """The countries whose figures the dataset holds: its own country and every country an observation is of
    (a file of several countries), in one query."""
    in_rows = Observation.objects.filter(dataset=dataset, country__isnull=False).values("country_id")
    found = Country.objects.filter(Q(pk=dataset.country_id) | Q(pk__in=in_rows))
    return sorted(found, key=lambda country: country.name)


def focal_points(country: Country):
    return users_with_role(Role.COUNTRY_FOCAL_POINT, country)


def _names(countries) -> str:
    return ", ".join(country.name for country in countries)


def _fresh(dataset: Dataset) -> Dataset:
    """The dataset as it is now, locked until the transaction ends (two clicks never act twice)."""
    return Dataset.objects.select_for_update(of=("self",)).select_related("country").get(pk=dataset.pk)


def _notice_url(notice: CountryNotice) -> str:
    return reverse("indicators:notice", args=[notice.pk])


def _dataset_url(dataset: Dataset) -> str:
    return reverse("indicators:dataset", args=[dataset.pk])


def _refuse_ended(dataset: Dataset) -> None:
    if dataset.status == DatasetStatus.PUBLISHED:
        raise ValidationError(_("These figures are published already."), code="published")
    if dataset.status == DatasetStatus.WITHDRAWN:
        raise ValidationError(_("These figures were withdrawn."), code="withdrawn")


@transaction.atomic
def open_notice(*, by, dataset: Dataset, countries, closes_on: datetime.date | None = None, now=None) -> NoticeOpened:
    """Show the figures to ``countries`` until the end of ``closes_on`` (default: in 14 days).

    Side effects: a ``CountryNotice`` per country; the dataset's status becomes "notice" and its
    ``notice_closes_at`` the latest closing; each country's focal points are e-mailed the notice's link.
    Refused: a published or withdrawn dataset, no country, a closing date not after today, a country shown
    these figures already."""
    require(by, "indicators.open_notice", dataset)
    dataset = _fresh(dataset)
    _refuse_ended(dataset)
    now = now or timezone.now()
    countries = sorted({country.pk: country for country in countries}.values(), key=lambda c: c.name)
    closes_on = closes_on or default_closing_day(timezone.localdate(now))
    errors = {}
    if not countries:
        errors["countries"] = _("Choose at least one country to show the figures to.")
    if closes_on <= timezone.localdate(now):
        errors["closes_on"] = _("Choose a closing date after today: the countries need time to read the figures.")
    already = CountryNotice.objects.filter(dataset=dataset, country__in=countries).select_related("country")
    if countries and already:
        errors["countries"] = _("Already shown these figures: %(countries)s.") % {
            "countries": _names(n.country for n in already)
        }
    if errors:
        raise ValidationError(errors)
    closes_at = closing_moment(closes_on)
    opened = NoticeOpened()
    for country in countries:
        notice = CountryNotice.objects.create(
            dataset=dataset, country=country, opened_at=now, closes_at=closes_at, opened_by=by
        )
        opened.notices.append(notice)
        told = notify(
            focal_points(country),
            subject=NOTICE_SUBJECT,
            body=NOTICE_BODY,
            context={"title": dataset.title, "country": country.name, "closes": dates.day_lazy(closes_at)},
            link=_notice_url(notice),
        )
        if not told:
            opened.without_focal_point.append(country)
    dataset.status = DatasetStatus.NOTICE
    dataset.notice_closes_at = max(filter(None, [dataset.notice_closes_at, closes_at]))
    dataset.save(update_fields=["status", "notice_closes_at"])
    return opened


def _waiting_notices(dataset: Dataset, now):
    """Notices still within their period with no answer: publishing waits for them."""
    return dataset.notices.filter(status=NoticeStatus.OPEN, closes_at__gt=now).select_related("country")


def publish_problems(dataset: Dataset, now=None) -> list[str]:
    """Why ``dataset`` may not be published now (empty: it may)."""
    now = now or timezone.now()
    if dataset.status == DatasetStatus.PUBLISHED:
        return [_("These figures are published already.")]
    if dataset.status == DatasetStatus.WITHDRAWN:
        return [_("These figures were withdrawn.")]
    problems = []
    notified = set(dataset.notices.values_list("country_id", flat=True))
    never_shown = [country for country in countries_covered(dataset) if country.pk not in notified]
    if never_shown:
        problems.append(
            _(
                "Show it to %(countries)s first: a country's figures are published only after its focal point "
                "could read them and comment."
            )
            % {"countries": _names(never_shown)}
        )
    waiting = list(_waiting_notices(dataset, now))
    if waiting:
        problems.append(
            _(
                "%(countries)s may still comment (until %(day)s) and have not answered: publish once they "
                "answer or their period ends."
            )
            % {"countries": _names(n.country for n in waiting), "day": dates.day(max(n.closes_at for n in waiting))}
        )
    return problems


@transaction.atomic
def publish(*, by, dataset: Dataset, now=None) -> Dataset:
    """Publish the figures: the public pages show them (their cache is renewed), with the countries' comments.

    Side effects: notices left unanswered after their period are marked closed without an answer; the
    notified countries' focal points are told, with the link to their notice."""
    require(by, "indicators.publish_dataset", dataset)
    dataset = _fresh(dataset)
    now = now or timezone.now()
    problems = publish_problems(dataset, now)
    if problems:
        raise ValidationError(problems, code="not_publishable")
    dataset.status = DatasetStatus.PUBLISHED
    dataset.published_at, dataset.published_by = now, by
    dataset.save(update_fields=["status", "published_at", "published_by"])
    dataset.notices.filter(status=NoticeStatus.OPEN).update(status=NoticeStatus.CLOSED)
    for notice in dataset.notices.select_related("country"):
        notify(
            focal_points(notice.country),
            subject=PUBLISHED_SUBJECT,
            body=PUBLISHED_BODY,
            context={"title": dataset.title, "country": notice.country.name},
            link=_notice_url(notice),
        )
    public_pages_changed()
    return dataset


@transaction.atomic
def withdraw(*, by, dataset: Dataset, reason: str, now=None) -> Dataset:
    """Withdraw the figures, saying why: they leave the public pages (a published dataset) or the countries'
    notices (their focal points are told nothing more is needed)."""
    require(by, "indicators.withdraw_dataset", dataset)
    dataset = _fresh(dataset)
    if dataset.status == DatasetStatus.WITHDRAWN:
        raise ValidationError(_("These figures were withdrawn already."), code="withdrawn")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the figures are withdrawn.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Write at most %(max)s characters (this has %(count)s).") % _lengths(REASON_MAX, reason)}
        )
    was = dataset.status
    dataset.status = DatasetStatus.WITHDRAWN
    dataset.withdrawn_at, dataset.withdrawn_by, dataset.withdrawal_reason = now or timezone.now(), by, reason
    refuse_nul(dataset)
    dataset.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    if was == DatasetStatus.NOTICE:
        for notice in dataset.notices.filter(status=NoticeStatus.OPEN).select_related("country"):
            notify(
                focal_points(notice.country),
                subject=WITHDRAWN_SUBJECT,
                body=WITHDRAWN_BODY,
                context={"title": dataset.title, "reason": reason},
                link=_notice_url(notice),
            )
        dataset.notices.filter(status=NoticeStatus.OPEN).update(status=NoticeStatus.CLOSED)
    if was == DatasetStatus.PUBLISHED:
        public_pages_changed()
    return dataset


def _lengths(limit: int, text: str) -> dict:
    from django.utils.formats import number_format  # noqa: PLC0415 -- only for this message

    return {"max": number_format(limit, force_grouping=True), "count": number_format(len(text), force_grouping=True)}


def answer_problems(notice: CountryNotice, now=None) -> list[str]:
    """Why ``notice`` can no longer be answered (empty: it can)."""
    now = now or timezone.now()
    if notice.dataset.status != DatasetStatus.NOTICE or notice.status == NoticeStatus.CLOSED:
        return [_("These figures are no longer open for comment.")]
    if notice.closes_at <= now:
        return [_("The comment period ended on %(day)s.") % {"day": dates.day(notice.closes_at)}]
    return []


@transaction.atomic
def answer(
    *, by, notice: CountryNotice, comment: str = "", language: str = "", no_comment: bool = False, now=None
) -> CountryNotice:
    """The focal point's answer: a comment (in ``language``) or "no comment"; it may be changed until the
    period ends. Side effect: the secretariat is e-mailed the answer with the link to the dataset."""
    require(by, "indicators.comment_on_notice", notice)
    now = now or timezone.now()
    notice = (
        CountryNotice.objects.select_for_update(of=("self",)).select_related("dataset", "country").get(pk=notice.pk)
    )
    problems = answer_problems(notice, now)
    if problems:
        raise ValidationError(problems, code="closed")
    comment = (comment or "").strip()
    errors = {}
    if no_comment and comment:
        errors["comment"] = _("Either write a comment or choose “No comment”, not both.")
    elif not no_comment and not comment:
        errors["comment"] = _("Write a comment, or choose “No comment”.")
    elif len(comment) > COMMENT_MAX:
        errors["comment"] = _("Write at most %(max)s characters (this has %(count)s).") % _lengths(COMMENT_MAX, comment)
    elif "\x00" in comment:
        errors["comment"] = _("Text may not contain NUL characters.")
    languages = {code for code, _name in settings.LANGUAGES}
    if comment and not errors and language not in languages:
        errors["comment_language"] = _("Choose the language the comment is written in.")
    if errors:
        raise ValidationError(errors)
    notice.status = NoticeStatus.ANSWERED
    notice.comment = comment
    notice.comment_language = language if comment else ""
    notice.no_comment = no_comment
    notice.commented_by, notice.commented_at = by, now
    notice.save()
    notify(
        users_with_role(Role.SECRETARIAT),
        subject=ANSWERED_SUBJECT,
        body=ANSWERED_BODY,
        context={
            "country": notice.country.name,
            "title": notice.dataset.title,
            "answer": comment if comment else gettext_lazy("no comment."),
        },
        link=_dataset_url(notice.dataset),
    )
    return notice


# Counts for the consoles on /me/ and the manage page.


def open_notices_by_country(country_ids, now=None) -> dict[int, int]:
    """{country id: notices waiting for its focal point's answer} for the countries given, in one query."""
    from django.db.models import Count  # noqa: PLC0415

    now = now or timezone.now()
    rows = (
        CountryNotice.objects.filter(country_id__in=country_ids)
        .values("country_id")
        .annotate(
            waiting=Count(
                "pk",
                filter=Q(status=NoticeStatus.OPEN, closes_at__gt=now, dataset__status=DatasetStatus.NOTICE),
            )
        )
    )
    return {row["country_id"]: row["waiting"] for row in rows}


def ready_to_publish_q(now=None) -> Q:
    """Datasets under notice whose every notice is answered or past its period: the secretariat's turn."""
    now = now or timezone.now()
    waiting = CountryNotice.objects.filter(dataset=OuterRef("pk"), status=NoticeStatus.OPEN, closes_at__gt=now)
    return Q(status=DatasetStatus.NOTICE) & ~Exists(waiting)
