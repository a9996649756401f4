"""Run a function over many items here: in this process, or in a pool of worker processes."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1))


def map_unordered(func: Callable[[T], R], items: Iterable[T], workers: int = 1,
                  initializer: Callable[..., Any] | None = None,
                  initargs: tuple[Any, ...] = ()) -> Iterator[tuple[T, R | BaseException]]:
    """Yield ``(item, result or exception)`` as each finishes; never stops on one failure.

    At most ``2 * workers`` items are in flight, so a huge input is not read into memory at once.
    A worker that dies (killed, out of memory) fails the items in flight, not the run: the pool
    is started again for the rest.
    """
    if workers <= 1:
        if initializer:
            initializer(*initargs)
        for item in items:
            try:
                yield item, func(item)
            except Exception as exc:  # reported to the caller, the batch goes on
                yield item, exc
        return
    source: Iterator[T] = iter(items)
    while True:  # a new pool after a worker died (killed, out of memory): the run goes on
        unsent: list[T] = []
        broken = yield from _run_pool(func, source, unsent, workers, initializer, initargs)
        if not broken:
            return
        source = itertools.chain(unsent, source)


def _run_pool(func: Callable[[T], R], source: Iterator[T], unsent: list[T], workers: int,
              initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]
              ) -> Generator[tuple[T, R | BaseException], None, bool]:
    """Feed ``source`` through one pool; returns True if the pool broke. The items in flight
    then come back with the ``BrokenProcessPool`` error; an item the broken pool refused is
    put in ``unsent`` for the next pool."""
    with ProcessPoolExecutor(max_workers=workers, initializer=initializer,
                             initargs=initargs) as pool:
        pending: dict[Future[R], T] = {}

        def send(count: int) -> bool:
            for item in itertools.islice(source, count):
                try:
                    pending[pool.submit(func, item)] = item
                except BrokenProcessPool:
                    unsent.append(item)
                    return False
            return True

        broken = not send(2 * workers)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                item = pending.pop(fut)
                error = fut.exception()
                broken = broken or isinstance(error, BrokenProcessPool)
                yield item, (error if error is not None else fut.result())
            if broken:
                for item in pending.values():
                    yield item, BrokenProcessPool("a worker process died")
                return True
            broken = not send(len(done))
    return broken
