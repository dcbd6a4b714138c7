"""``alliance87 create-demo-users``: one sign-in per role, for a local demonstration only."""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from alliance87.accounts.models import ROLE_SCOPES, Role, User
from alliance87.accounts.services import role_grant, user_create

DEMO_PASSWORD = "alliance87-demo"
# A fixed, printed secret so the demo secretariat can add it to an authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPALLIANCEDEMOTWO7"

# role: (email, name, what the role is held for: (app label, model, lookup))
DEMO_USERS = {
    Role.SECRETARIAT: ("secretariat@demo.alliance87.test", "Demo Secretariat", None),
    Role.COUNTRY_FOCAL_POINT: (
        "focal.kenya@demo.alliance87.test",
        "Demo Focal Point (Kenya)",
        ("network", "country", {"code": "KE"}),
    ),
    Role.MONITORING_REVIEWER: ("reviewer@demo.alliance87.test", "Demo Monitoring Reviewer", None),
    Role.PARTNER_EDITOR: (
        "editor.freetheslaves@demo.alliance87.test",
        "Demo Partner Editor (Free the Slaves)",
        ("network", "organisation", {"slug": "free-the-slaves"}),
    ),
    Role.ACTION_GROUP_LEAD: (
        "lead.agriculture@demo.alliance87.test",
        "Demo Action Group Lead (Agriculture)",
        ("network", "actiongroup", {"slug": "agriculture"}),
    ),
    Role.EVENT_ORGANISER: ("organiser@demo.alliance87.test", "Demo Event Organiser", ("events", "event", {})),
    Role.MODERATOR: ("moderator@demo.alliance87.test", "Demo Moderator", ("events", "event", {})),
    Role.SAFEGUARDING_FOCAL_POINT: ("safeguarding@demo.alliance87.test", "Demo Safeguarding Focal Point", None),
}


class Command(BaseCommand):
    help = "Create one demo sign-in per role and print them. Only with DEMO=True; safe to run again."

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError("Demo sign-ins are only created in the local demo configuration (DEMO=True).")
        rows = self._create()
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
        for role, email, note in rows:
            self.stdout.write(f"  {Role(role).label:<26} {email}{note}")
        self.stdout.write(
            f"\nThe secretariat signs in with two-factor: add the secret {DEMO_TOTP_SECRET} to an authenticator"
            " app,\nor run `DEMO=1 .venv/bin/alliance87 demo-totp-code` for the current code.\n"
        )

    @transaction.atomic
    def _create(self):
        from allauth.account.models import EmailAddress  # noqa: PLC0415 -- only needed here
        from allauth.mfa.models import Authenticator  # noqa: PLC0415
        from allauth.mfa.totp.internal.auth import TOTP  # noqa: PLC0415

        rows = []
        for role, (email, name, scope_spec) in DEMO_USERS.items():
            user = User.objects.filter(email=email).first()
            if user is None:
                user = user_create(email=email, password=DEMO_PASSWORD, name=name, email_verified=True)
            else:  # made before sign-in needed a confirmed address: the demo's addresses are vouched for
                EmailAddress.objects.update_or_create(
                    user=user, email=user.email, defaults={"verified": True, "primary": True}
                )
            note = ""
            scope = None
            if scope_spec:
                app_label, model_name, lookup = scope_spec
                try:
                    model = apps.get_model(app_label, model_name)
                except LookupError:
                    model = None
                scope = model.objects.filter(**lookup).order_by("pk").first() if model else None
            if scope_spec and scope is None:
                note = "  (held per event: granted when an event is loaded)"
            else:
                role_grant(user=user, role=role, scope=scope)
                note = f"  ({scope})" if scope else ""
            if role == Role.SECRETARIAT and not Authenticator.objects.filter(user=user, type="totp").exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)
            rows.append((role, email, note))
        assert set(ROLE_SCOPES) <= set(DEMO_USERS)
        return rows
