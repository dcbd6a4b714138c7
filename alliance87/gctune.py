"""The garbage collector, tuned for a server process (called by the ASGI and WSGI entry points).

Python's cycle collector runs a young-generation pass every 700 net allocations, and every 100 of
those a full pass over every object the process holds. A server holds many objects that live as long
as it does (modules, URL patterns, compiled templates, translations), and rendering a large page (the
300-item programme, its schedule files) allocates tens of thousands of short-lived ones, nearly none
of them in cycles. Measured in ``make bench`` (docs/benchmarks.md) the collector took 20-32 % of the
CPU of those pages with Python's defaults. So:

- ``gc.freeze()`` after start-up moves what start-up made out of the collector's sight: full passes
  no longer walk it;
- a young generation of 50,000 allocations rather than 700: a large page is collected a few times
  instead of hundreds, and what is garbage by then is still found (nothing is left uncollected, only
  collected later).
"""

import gc

THRESHOLDS = (50_000, 20, 100)


def tune() -> None:
    """Collect what start-up left, freeze the rest, then collect less often (see the module's docstring)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
