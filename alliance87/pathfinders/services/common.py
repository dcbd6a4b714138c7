"""The steps every Pathfinder service shares: who may act, validated saves, public pages, e-mail."""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from alliance87.pagecache import public_pages_changed
from alliance87.writes import require, save_validated

logger = logging.getLogger(__name__)


def notify(users, subject: str, body: str) -> None:
    """E-mail once the transaction commits: a mail server that is down never undoes the user's work."""
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]

    def send() -> None:
        try:
            send_mass_mail(messages, fail_silently=False)
        except Exception:  # noqa: BLE001 -- logged; the write itself is saved
            logger.exception("Could not send the e-mail %r", subject)

    if messages:
        transaction.on_commit(send)


__all__ = ["notify", "require", "save_validated", "public_pages_changed"]
