"""Run a function over many items here: in this process, or in a pool of worker processes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
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
    with ProcessPoolExecutor(max_workers=workers, initializer=initializer,
                             initargs=initargs) as pool:
        pending: dict[Future[R], T] = {}
        source = iter(items)
        for item in source:
            pending[pool.submit(func, item)] = item
            if len(pending) >= 2 * workers:
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                item = pending.pop(fut)
                error = fut.exception()
                yield item, (error if error is not None else fut.result())
                nxt = next(source, None)
                if nxt is not None:
                    pending[pool.submit(func, nxt)] = nxt
