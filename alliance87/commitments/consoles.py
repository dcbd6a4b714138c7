"""The commitments' consoles on ``/me/``: each part of the app lists its own (``consoles_making``: commitments
to write, confirm and review; ``consoles_progress``: reports due; ``consoles_stage``: events to follow up;
``alliance87.exchange.consoles``: experiences), in that order."""

from importlib import import_module

PARTS = ("consoles_making", "consoles_progress", "consoles_stage")


def consoles_for(user) -> list:
    found = []
    for part in PARTS:
        try:
            module = import_module(f"alliance87.commitments.{part}")
        except ModuleNotFoundError:
            continue
        found.extend(module.consoles_for(user))
    return found
