"""Python's garbage collector during a build: it waits while the guide loads, then leaves what loaded alone.

A build loads the whole guide at once (the content's models, the parsed YAML, the calculators, the planned
pages: a few hundred thousand objects) and keeps it to the end. The collector's passes over those objects free
nothing, yet each pass costs time in proportion to them: about 0.15 s of a first build of 50 entities, as much
as MkDocs' own collections over the whole build. So while `loading()` runs its block the collector waits, and
what the block made is then kept out of its passes (gc.freeze) until the next `loading()` (a rebuild of
`mkdocs serve`) hands the last build's objects back (gc.unfreeze), to be collected once they are dropped.

Objects the block drops are freed at once all the same (reference counting); only cycles among them wait.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    """Pause collection for the block; on success keep what it made out of later passes. The collector is
    switched back on after it unless it was off before."""
    was_on = gc.isenabled()
    gc.unfreeze()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if was_on:
            gc.enable()


def inherited() -> None:
    """In a forked child: what it inherits lives until it exits, so it is kept out of the child's passes
    (which would also copy every page of it they touch); what the child makes is collected as usual."""
    gc.freeze()
    gc.enable()
