"""Keep Python's cyclic garbage collector off the objects a long job keeps.

A process that holds millions of long-lived objects (the linker, the word analysers, the
knowledge base's lookups, caches, the results of a batch) pays for each *full* collection of
the cyclic collector with a walk over all of them. Measured: a web worker under 50 clients
stopped 17-32 times in 12 s for 68-106 ms each (those pauses were the p99 of every endpoint),
and the report over 5,000 documents spent 4.3 s of its 19.6 s of CPU in the collector, with
pauses up to 288 ms (bench/README.md). The standard library's answer is ``gc.freeze()``:
frozen objects are not walked (reference counting still frees them). Here: freeze what is
alive, and after every later full collection freeze its survivors too (a batch's results and a
server's caches keep growing). Only garbage *cycles* among frozen objects would stay: every
``period_s`` seconds everything is thawed, and the next full collection walks and frees it
(one longer pause).

:func:`settle_heap` is for a process of its own (a server worker, a pool worker);
:func:`settled_heap` scopes the same to a block and restores the collector afterwards (a
library call in somebody else's process).
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Iterator

__all__ = ["FULL_WALK_S", "settle_heap", "settled_heap"]

#: Seconds between the collector's walks over the whole heap, frozen objects included.
FULL_WALK_S = 600.0


class _HeapSettler:
    """The ``gc.callbacks`` hook: after each full collection, freeze its survivors; once every
    ``period_s`` seconds, thaw everything instead (the next full collection walks it all)."""

    def __init__(self, period_s: float) -> None:
        self.period_s = period_s
        self.thawed_at = time.monotonic()

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase != "stop" or info["generation"] != 2:
            return
        now = time.monotonic()
        if now - self.thawed_at >= self.period_s:
            gc.unfreeze()
            self.thawed_at = now
        else:
            gc.freeze()


def _hook() -> _HeapSettler | None:
    return next((cb for cb in gc.callbacks if isinstance(cb, _HeapSettler)), None)


def settle_heap(period_s: float = FULL_WALK_S) -> None:
    """For the rest of this process: collect once, freeze what is alive, and freeze the
    survivors of every later full collection (see the module's docstring). Idempotent."""
    gc.collect()
    gc.freeze()
    if _hook() is None:
        gc.callbacks.append(_HeapSettler(period_s))


@contextlib.contextmanager
def settled_heap(period_s: float = FULL_WALK_S) -> Iterator[None]:
    """:func:`settle_heap` for the ``with`` block only: afterwards the hook is removed and the
    frozen objects are thawed, so the collector is as before (nothing happens when the heap is
    already settled, e.g. in a server worker)."""
    if _hook() is not None:
        yield
        return
    gc.freeze()  # no collection first: the caller's garbage is the caller's, thawed at the end
    hook = _HeapSettler(period_s)
    gc.callbacks.append(hook)
    try:
        yield
    finally:
        gc.callbacks.remove(hook)
        gc.unfreeze()
