"""The commitments' consoles on ``/me/``: each part of the app lists its own (``consoles_making``: commitments
to write, confirm and review; ``consoles_progress``: reports due; ``consoles_stage``: events to follow up and the
pledges import), in that order."""

from . import consoles_making, consoles_progress, consoles_stage


def consoles_for(user) -> list:
    return [
        console for part in (consoles_making, consoles_progress, consoles_stage) for console in part.consoles_for(user)
    ]
