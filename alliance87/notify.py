"""E-mail that tells the next person what waits for them, in their language, with a link.

Every workflow step that hands work to someone calls :func:`notify`. The subject and body are
translatable format strings (mark them with ``gettext_lazy``); each recipient's copy is translated
and formatted in that person's language (``User.language``, the language they last used the
platform in), and the body ends with the absolute link to the page where the work waits. The mail
leaves once the transaction commits: a mail server that is down never undoes the user's work.
"""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import get_connection, send_mass_mail
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    """``path`` (as ``reverse`` gives it) as an address a mail client can open."""
    return path if path.startswith(("http://", "https://")) else settings.SITE_ROOT.rstrip("/") + path


def recipient_language(user) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = getattr(user, "language", "") or ""
    return language if language in codes else settings.LANGUAGE_CODE


def render(
    user,
    *,
    subject,
    body,
    context: Mapping[str, Any] | None = None,
    link: str | None = None,
    footer=None,
) -> tuple[str, str]:
    """The subject and body ``user`` reads: translated into their language, formatted, the link last.

    The footer says why the mail came: by default a role the person holds, with their account page;
    ``footer`` (a lazy format string, formatted with ``context``) replaces it for someone with no role or
    no account, such as a person invited by e-mail address to answer a consultation."""
    with translation.override(recipient_language(user)):
        values = {key: str(value) for key, value in (context or {}).items()}
        subject_text = " ".join(str(subject).split()) % values if values else " ".join(str(subject).split())
        body_text = str(body) % values if values else str(body)
        if link:
            body_text = f"{body_text}\n\n{translation.gettext('Open it here:')} {absolute(link)}"
        if footer is not None:
            footer_text = str(footer) % values if values else str(footer)
        else:
            footer_text = translation.gettext(
                "Alliance 8.7. You receive this because of a role you hold on the platform; "
                "your account page lists them: %(url)s"
            ) % {"url": absolute("/me/")}
        body_text += "\n\n-- \n" + footer_text
    return subject_text, body_text


def notify(
    users: Iterable,
    *,
    subject,
    body,
    context: Mapping[str, Any] | None = None,
    link: str | None = None,
    footer=None,
) -> int:
    """Queue one e-mail per user with an address; returns how many were queued. ``footer``: see
    :func:`render`."""
    messages = []
    for user in users:
        if not getattr(user, "email", ""):
            continue
        subject_text, body_text = render(user, subject=subject, body=body, context=context, link=link, footer=footer)
        messages.append((subject_text, body_text, settings.DEFAULT_FROM_EMAIL, [user.email]))

    def send() -> None:
        try:
            send_mass_mail(messages, fail_silently=False, connection=get_connection())
        except Exception:  # noqa: BLE001 -- logged; the write itself is saved
            logger.exception("Could not send %d e-mail(s): %r", len(messages), messages[0][0])

    if messages:
        transaction.on_commit(send)
    return len(messages)
