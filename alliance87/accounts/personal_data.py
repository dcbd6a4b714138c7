"""A person's own data: everything the platform holds about an account, to download, and the account's
deletion with its traces in the change history.

``accounts`` is the bottom of the apps' dependencies, so it names no other app here: the records that
point to a user are found from the models' own foreign keys at run time. A model another app adds later
is exported and cleared without a change here; a foreign key that PROTECTs the user would make deletion
fail, and a test says so (see ``account_delete``).
"""

import re
from datetime import date, datetime

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from .models import ApiToken, Role, RoleAssignment, User
from .rules import is_secretariat
from .services import role_revoke

# Stored in place of a deleted person's email address or name. Not translated: it is stored data, read
# by whoever opens the history later in whatever language.
DELETED = "[deleted account]"

# Exported on their own, with only what a person should see (a token's name and prefix, never its hash;
# an authenticator's type, never its secret).
_EXPORTED_APART = {"accounts.roleassignment", "accounts.apitoken", "mfa.authenticator", "account.emailaddress"}
_TEXT_FIELDS = (models.CharField, models.TextField)  # EmailField and SlugField are CharFields


def _user_links() -> list[tuple[type[models.Model], models.ForeignKey]]:
    """Every foreign key (or one-to-one) to the user, in every installed model, history included."""
    user_model = get_user_model()
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is user_model
    ]


def _when(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


# ---- Download ------------------------------------------------------------------------------------


def personal_data_export(*, user: User) -> dict:
    """Everything held about ``user``, as JSON-ready data: the account, its e-mail addresses, roles,
    API tokens (name, prefix, dates), two-factor authenticators (their type), every change the person
    made that the history keeps (which record, what kind of change, when), and every other record that
    points to the account (which record, through which field, its dates). Reads only.

    Other people's words in those records are left out: a moderator's decision on a contribution names
    the contribution, not what its sender wrote.
    """
    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- allauth's models need the apps loaded
    from allauth.mfa.models import Authenticator  # noqa: PLC0415

    roles = RoleAssignment.objects.filter(user=user).select_related("content_type").prefetch_related("scope")
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_active": user.is_active,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "roles": [
            {
                "role": r.role,
                "label": str(r.get_role_display()),
                "held_for": str(r.scope) if r.object_id else None,
                "granted_at": _when(r.granted_at),
            }
            for r in roles.order_by("role", "pk")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": _when(t.created_at),
                "last_used_at": _when(t.last_used_at),
                "revoked_at": _when(t.revoked_at),
            }
            for t in ApiToken.objects.filter(user=user).order_by("created_at")
        ],
        "two_factor_authenticators": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True).distinct()
        ),
        "changes_in_history": [],
        "linked_records": [],
    }
    for model, field in _user_links():
        label = model._meta.label_lower
        if label in _EXPORTED_APART:
            continue
        if issubclass(model, HistoricalChanges):
            if field.name != "history_user":
                continue  # a copy of a record's own field (submitted by…): the record itself is listed
            record = model.instance_type._meta
            for object_id, kind, at in (
                model.objects.filter(history_user=user)
                .order_by("history_date")
                .values_list(record.pk.attname, "history_type", "history_date")
            ):
                data["changes_in_history"].append(
                    {
                        "record": str(record.verbose_name),
                        "model": record.label_lower,
                        "id": object_id,
                        "change": {"+": "created", "~": "changed", "-": "deleted"}.get(kind, kind),
                        "at": _when(at),
                    }
                )
            continue
        dates = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.DateField)]
        for row in model.objects.filter(**{field.name: user}).order_by("pk").values("pk", *dates):
            data["linked_records"].append(
                {
                    "record": str(model._meta.verbose_name),
                    "model": label,
                    "field": str(field.verbose_name),
                    "id": row.pop("pk"),
                    **{name: _when(value) for name, value in row.items()},
                }
            )
    return data


# ---- Deletion ------------------------------------------------------------------------------------


def _other_secretariat_members(user: User):
    return (
        get_user_model()
        .objects.filter(Q(roles__role=Role.SECRETARIAT) | Q(is_superuser=True), is_active=True)
        .exclude(pk=user.pk)
        .distinct()
    )


def _replace(value, patterns: list[re.Pattern]):
    """``value`` with each pattern replaced by ``DELETED`` (strings, and the strings inside JSON)."""
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(DELETED, value)
        return value
    if isinstance(value, list):
        return [_replace(v, patterns) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, patterns) for k, v in value.items()}
    return value


def _scrub(queryset, patterns: list[re.Pattern], fields: list[models.Field]) -> int:
    """Replace the patterns in ``fields`` of every row of ``queryset``; returns how many rows changed."""
    changed = 0
    for row in queryset.only("pk", *[f.name for f in fields]).iterator():
        updates = {}
        for field in fields:
            old = getattr(row, field.attname)
            new = _replace(old, patterns)
            if new != old:
                updates[field.attname] = new
        if updates:
            queryset.model.objects.filter(pk=row.pk).update(**updates)
            changed += 1
    return changed


def _text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, _TEXT_FIELDS + (models.JSONField,)) and not f.choices and f.name != "history_type"
    ]


def _delete_sessions(user: User) -> int:
    """Sign the person out everywhere. Sessions in the database are found by their user; sessions kept
    elsewhere (cache, signed cookies) cannot be listed, and stop working anyway once the user is gone."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    from django.contrib.sessions.models import Session  # noqa: PLC0415 -- only with the database engine

    mine = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)


@transaction.atomic
def account_delete(*, user: User, by: User) -> None:
    """Delete ``user``'s account and clear their traces from the change history (the person, or the
    secretariat for them).

    Refused (ValidationError) for the last active member of the secretariat: nobody could grant roles
    or publish any more.

    Side effects, in one transaction:
    - history (django-simple-history): every row the person made keeps what changed and when, but not
      who (``history_user`` set to null); a history row's copy of a field that pointed to them
      (``submitted_by``, ``assessed_by``, ``proposed_by``…, kept without a database constraint) is set
      to null; their e-mail address, anywhere in a history row's text, and their name, in the rows they
      made, become "[deleted account]". The same for the admin's log entries about them.
    - roles are revoked through ``role_revoke`` (so their open sockets close), then API tokens,
      two-factor authenticators, e-mail addresses and database sessions are deleted.
    - the user is deleted, not deactivated: no model PROTECTs a user, so nothing keeps it. The records
      they made stay, with the link to them emptied (reports' "submitted by", evidence files' "uploaded
      by", assessments' "assessed by", judgements waiting for publication, artwork moderation steps,
      muted phones and blocked terms: SET_NULL, for the work belongs to the country, event or banner),
      and the admin site's own log of their actions goes with them (CASCADE: the history above keeps
      what was changed and when).
    """
    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- allauth's models need the apps loaded
    from allauth.mfa.models import Authenticator  # noqa: PLC0415

    if by is None or not (by.pk == user.pk or is_secretariat(by)):
        raise PermissionDenied(_("You may not do this."))
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    # The role itself, not ``is_secretariat``: that one also asks whether this session confirmed its code.
    if user.is_superuser or user.has_role(Role.SECRETARIAT):
        # Lock every secretariat member's row: two last members deleting at once cannot both pass.
        others = list(
            get_user_model()
            .objects.select_for_update()
            .filter(pk__in=_other_secretariat_members(user).values("pk"))  # FOR UPDATE refuses DISTINCT
        )
        if not others:
            raise ValidationError(
                _(
                    "You are the last member of the secretariat, so this account cannot be deleted: the "
                    "secretariat must grant its role to someone else first."
                )
            )

    email = re.compile(re.escape(user.email), re.IGNORECASE)
    authored = [email] + ([re.compile(rf"\b{re.escape(user.name.strip())}\b")] if user.name.strip() else [])
    for model, field in _user_links():
        if not issubclass(model, HistoricalChanges):
            continue
        texts = _text_fields(model)
        if field.name == "history_user" and texts:
            _scrub(model.objects.filter(history_user=user), authored, texts)
        model.objects.filter(**{field.attname: user.pk}).update(**{field.attname: None})
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges) and _text_fields(model):
            texts = _text_fields(model)
            mentions = Q()
            for f in texts:
                mentions |= Q(**{f"{f.name}__icontains": user.email})
            _scrub(model.objects.filter(mentions), [email], texts)
    # The admin's log names the objects it changed: this user, and their role assignments, by name.
    admin_log = apps.get_model("admin", "LogEntry")
    about_them = Q(object_repr__icontains=user.email) | Q(change_message__icontains=user.email)
    roles = list(RoleAssignment.objects.filter(user=user).values_list("pk", flat=True))
    for model, pks in ((User, [user.pk]), (RoleAssignment, roles)):
        about_them |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks])
    _scrub(
        admin_log.objects.filter(about_them),
        authored,
        [admin_log._meta.get_field("object_repr"), admin_log._meta.get_field("change_message")],
    )

    for role in sorted(set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))):
        role_revoke(user=user, role=role)
    ApiToken.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    _delete_sessions(user)
    user.delete()
