"""The consultations' consoles on ``/me/``: the secretariat's (and a team member's) list of
consultations with the count of those open, and the safeguarding focal point's flagged answers."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance87.consoles import Console

from . import round_selectors, selectors, themes
from .models import Consultation, ConsultationStatus


def consoles_for(user) -> list[Console]:
    found = []
    manages = user.has_perm("engagement.manage_consultations")
    on_a_team = manages or Consultation.objects.filter(team=user).exists()  # asked once: two consoles need it
    if on_a_team:
        consultations = Consultation.objects.all() if manages else Consultation.objects.filter(team=user)
        waiting = consultations.filter(status=ConsultationStatus.OPEN).count()
        found.append(
            Console(
                title=_("Consultations"),
                url=reverse("engagement:console"),
                waiting=waiting,
                waiting_label=ngettext(
                    "%(count)d consultation open for answers", "%(count)d consultations open for answers", waiting
                )
                % {"count": waiting},
                description=_("Surveys and consultations: questions in every language, invitations, answers."),
            )
        )
    if user.has_perm("engagement.manage_rounds"):
        waiting = round_selectors.waiting_statements().count()
        found.append(
            Console(
                title=_("Second rounds"),
                url=reverse("engagement:round_console"),
                waiting=waiting,
                waiting_label=ngettext(
                    "%(count)d statement waiting for moderation", "%(count)d statements waiting for moderation", waiting
                )
                % {"count": waiting},
                description=_("Draft priorities put to a vote: agree, disagree or pass; opinion groups and consensus."),
            )
        )
    if user.has_perm("engagement.manage_priorities"):
        from . import selectors_priorities  # noqa: PLC0415 -- read only for the secretariat's /me/

        drafts = selectors_priorities.drafts_waiting()
        found.append(
            Console(
                title=_("Thematic priorities"),
                url=reverse("engagement:priorities_console"),
                waiting=drafts,
                waiting_label=ngettext(
                    "%(count)d draft priority waiting to be published",
                    "%(count)d draft priorities waiting to be published",
                    drafts,
                )
                % {"count": drafts},
                description=_("Priorities drawn from reviewed themes and conference outcomes, with their evidence."),
            )
        )
    if on_a_team:
        found.extend(_themes_to_review(user, manages))
    if user.has_perm("engagement.safeguard"):
        waiting = selectors.flagged_answers().count()
        found.append(
            Console(
                title=_("Consultation answers for safeguarding"),
                url=reverse("engagement:safeguarding"),
                waiting=waiting,
                waiting_label=ngettext(
                    "%(count)d answer that may be a disclosure", "%(count)d answers that may be a disclosure", waiting
                )
                % {"count": waiting},
                description=_("Answers whose words may tell of harm: read them and follow the safeguarding procedure."),
                urgent=bool(waiting),
            )
        )
    return found


def _themes_to_review(user, manages: bool) -> list[Console]:
    """Runs whose themes wait for the team's review (the newest run of each consultation only)."""
    runs = themes.runs_to_review(None if manages else user)
    if not runs:
        return []
    only = runs[0] if len(runs) == 1 else None
    url = (
        reverse("engagement:theme_run", args=[only.consultation.slug, only.pk])
        if only
        else reverse("engagement:console")
    )
    return [
        Console(
            title=_("Themes to review"),
            url=url,
            waiting=len(runs),
            waiting_label=ngettext(
                "%(count)d consultation whose themes wait for review",
                "%(count)d consultations whose themes wait for review",
                len(runs),
            )
            % {"count": len(runs)},
            description=_("Themes the synthesis found in the answers: rename, merge, split, move answers, finish."),
        )
    ]
