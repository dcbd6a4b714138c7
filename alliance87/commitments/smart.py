"""The SMART checklist's automatic part: what can be read off a commitment before anyone reviews it.

After the UN Partnerships for SDGs platform, a commitment's deliverables are SMART: Specific, Measurable,
Achievable, Resource-based and Time-based. ``check(commitment)`` gives one ``LetterResult`` per letter, in
that order, each with the reasons it fails (empty when it passes):

- S: the title has at most 20 words, there is a description, it serves at least one thematic priority or
  conference outcome area;
- M: at least one deliverable has both an indicator and a numeric target, and every deliverable has both
  (those that lack them are named);
- A: a baseline is given wherever a target is (the distance to cover is known), and no deliverable falls due
  before the commitment starts;
- R: at least one resource (money, in kind or staff);
- T: a start and an end date, the end after the start, and every deliverable has a due date not after the end.

A commitment is submitted only when every letter passes (``services.submit``); the secretariat's review adds
its own verdict and note per letter (``Commitment.smart_review``) and publishing needs both.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import TITLE_MAX_WORDS, SmartLetter, word_count

LETTERS = ("S", "M", "A", "R", "T")

# What each letter asks, as the UN Partnerships for SDGs platform defines SMART commitments (shown to makers
# beside the checklist and to the secretariat on the review page).
MEANINGS = {
    "S": gettext_lazy(
        "Specific: it says exactly what will be done, by whom and for which thematic priority, in a short title "
        "and a description."
    ),
    "M": gettext_lazy(
        "Measurable: each deliverable has an indicator and a numeric target, so progress can be counted and reported."
    ),
    "A": gettext_lazy(
        "Achievable: the targets start from a known baseline and fall within the commitment’s period, so they "
        "can realistically be reached."
    ),
    "R": gettext_lazy("Resource-based: the money, in-kind support or staff that will carry it out are stated."),
    "T": gettext_lazy("Time-based: it has a start and an end date, and every deliverable a due date within them."),
}


@dataclass(frozen=True)
class LetterResult:
    letter: str
    ok: bool
    reasons: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(SmartLetter(self.letter).label)

    @property
    def meaning(self) -> str:
        return str(MEANINGS[self.letter])

    @property
    def heading(self) -> str:
        """ "M (Measurable)"."""
        return f"{self.letter} ({self.name})"

    def messages(self) -> list[str]:
        """ "M (Measurable): no deliverable has both an indicator and a target", one per reason."""
        return [
            _("%(letter)s (%(name)s): %(reason)s") % {"letter": self.letter, "name": self.name, "reason": r}
            for r in self.reasons
        ]


def _quoted(deliverable) -> str:
    return f"“{deliverable.title}”"


def check(commitment) -> list[LetterResult]:
    """The five letters' automatic results for ``commitment`` (saved; its deliverables, resources, priorities
    and outcome areas are read: from the prefetch cache when there is one)."""
    deliverables = list(commitment.deliverables.all())
    has_resource = any(True for _r in commitment.resources.all())
    has_focus = bool(list(commitment.priorities.all())) or bool(list(commitment.outcome_areas.all()))
    start, end = commitment.starts_on, commitment.ends_on

    specific = []
    words = word_count(commitment.title)
    if not commitment.title.strip():
        specific.append(_("the title is missing"))
    elif words > TITLE_MAX_WORDS:
        specific.append(
            _("the title has %(count)d words; at most %(limit)d") % {"count": words, "limit": TITLE_MAX_WORDS}
        )
    if not (commitment.description or "").strip():
        specific.append(_("the description is missing"))
    if not has_focus:
        specific.append(_("it serves no thematic priority or conference outcome area"))

    measurable = []
    if not any(d.is_measurable for d in deliverables):
        measurable.append(_("no deliverable has both an indicator and a target"))
    lacking_indicator = [_quoted(d) for d in deliverables if not d.indicator.strip()]
    lacking_target = [_quoted(d) for d in deliverables if d.target is None]
    if lacking_indicator:
        measurable.append(_("no indicator: %(deliverables)s") % {"deliverables": ", ".join(lacking_indicator)})
    if lacking_target:
        measurable.append(_("no numeric target: %(deliverables)s") % {"deliverables": ", ".join(lacking_target)})

    achievable = []
    no_baseline = [_quoted(d) for d in deliverables if d.target is not None and d.baseline is None]
    if no_baseline:
        achievable.append(_("a target without a baseline: %(deliverables)s") % {"deliverables": ", ".join(no_baseline)})
    if start:
        early = [_quoted(d) for d in deliverables if d.due_on and d.due_on < start]
        if early:
            achievable.append(
                _("due before the commitment starts (%(start)s): %(deliverables)s")
                % {"start": start.isoformat(), "deliverables": ", ".join(early)}
            )

    resourced = [] if has_resource else [_("no resource (money, in kind or staff) is given")]

    timed = []
    if not start:
        timed.append(_("the start date is missing"))
    if not end:
        timed.append(_("the end date is missing"))
    if start and end and end <= start:
        timed.append(
            _("the end (%(end)s) is not after the start (%(start)s)")
            % {"end": end.isoformat(), "start": start.isoformat()}
        )
    undated = [_quoted(d) for d in deliverables if not d.due_on]
    if undated:
        timed.append(_("no due date: %(deliverables)s") % {"deliverables": ", ".join(undated)})
    if end:
        late = [_quoted(d) for d in deliverables if d.due_on and d.due_on > end]
        if late:
            timed.append(
                _("due after the commitment ends (%(end)s): %(deliverables)s")
                % {"end": end.isoformat(), "deliverables": ", ".join(late)}
            )

    found = {"S": specific, "M": measurable, "A": achievable, "R": resourced, "T": timed}
    return [LetterResult(letter, not found[letter], found[letter]) for letter in LETTERS]


def failures(results: list[LetterResult]) -> list[str]:
    """Every failing letter's messages, in order ("M (Measurable): …")."""
    return [message for result in results for message in result.messages()]


def passes(commitment) -> bool:
    return all(result.ok for result in check(commitment))
