"""The consoles on each person's start page (``/me/``): what their roles let them look after, and
how much waits for them there.

Each app has a ``consoles`` module with ``consoles_for(user) -> list[Console]``; this module asks
them in a fixed order. A console is listed only when the person may open it, so a link on ``/me/``
never ends in "Not allowed". ``waiting`` is the count of what waits for this person (None when
nothing can wait there, such as a profile to keep up to date).
"""

from dataclasses import dataclass
from importlib import import_module

APPS = (
    "artwork",
    "events",
    "pathfinders",
    "engagement",
    "commitments",
    "exchange",
    "indicators",
    "stocktake",
    "network",
    "accounts",
)


@dataclass(frozen=True)
class Console:
    title: str  # translated: "Moderation: 10 Years of Alliance 8.7"
    url: str
    waiting: int | None = None  # how many items wait for this person
    waiting_label: str = ""  # translated, with the count: "3 contributions to moderate"
    description: str = ""  # translated: what one does there
    urgent: bool = False  # shown first and marked (a disclosure waiting for safeguarding)


def consoles_for(user) -> list[Console]:
    if not user.is_authenticated:
        return []
    found: list[Console] = []
    for app in APPS:
        try:
            module = import_module(f"alliance87.{app}.consoles")
        except ModuleNotFoundError:
            continue
        found.extend(module.consoles_for(user))
    # Urgent first, then what has work waiting; otherwise in the apps' order (the sort is stable).
    return sorted(found, key=lambda c: (not c.urgent, not c.waiting))
