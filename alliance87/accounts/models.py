"""Users, their roles, and the API tokens they hold."""

import hashlib

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in, by email. What they may do comes from their role assignments."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The language the person last used the platform in: e-mails to them are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True, default="")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def role_assignments(self) -> list["RoleAssignment"]:
        """All of the user's roles, loaded once per request (the rules consult them often)."""
        if not hasattr(self, "_role_assignments"):
            self._role_assignments = list(self.roles.all()) if self.pk else []
        return self._role_assignments

    def has_role(self, role: str, scope: models.Model | None = None) -> bool:
        for assignment in self.role_assignments:
            if assignment.role != role:
                continue
            if scope is None:
                return True
            if assignment.object_id == scope.pk and assignment.content_type_id == (
                ContentType.objects.get_for_model(scope).pk
            ):
                return True
        return False

    def scopes_for(self, role: str, model: type[models.Model]) -> set[int]:
        """Primary keys of the objects of ``model`` the user holds ``role`` for."""
        content_type_id = ContentType.objects.get_for_model(model).pk
        return {a.object_id for a in self.role_assignments if a.role == role and a.content_type_id == content_type_id}


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    COUNTRY_FOCAL_POINT = "country_focal_point", _("Country focal point")
    MONITORING_REVIEWER = "monitoring_reviewer", _("Monitoring reviewer")
    PARTNER_EDITOR = "partner_editor", _("Partner editor")
    ACTION_GROUP_LEAD = "action_group_lead", _("Action Group lead")
    EVENT_ORGANISER = "event_organiser", _("Event organiser")
    MODERATOR = "moderator", _("Moderator")
    SAFEGUARDING_FOCAL_POINT = "safeguarding_focal_point", _("Safeguarding focal point")


# Which kind of object each scoped role is held for; the others are global.
ROLE_SCOPES = {
    Role.COUNTRY_FOCAL_POINT: "network.country",
    Role.PARTNER_EDITOR: "network.organisation",
    Role.ACTION_GROUP_LEAD: "network.actiongroup",
    Role.EVENT_ORGANISER: "events.event",
    Role.MODERATOR: "events.event",
}


class RoleAssignment(models.Model):
    """One role held by one user, for one object where the role is scoped (a country, an organisation…)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope = GenericForeignKey("content_type", "object_id")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "content_type", "object_id"], name="unique_role_per_scope"),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(object_id__isnull=True),
                name="unique_global_role",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "role"])]

    def __str__(self) -> str:
        label = self.get_role_display()
        return f"{self.user} — {label}" + (f" ({self.scope})" if self.object_id else "")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token for the write API. Only its hash is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
