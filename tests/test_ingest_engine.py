"""The local engine: results as they finish, bounded work in flight, a dead worker is survived."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool

from igokit.engine.local import map_unordered


def _square_or_die(x: int) -> int:
    if x == 3:
        os._exit(9)  # the worker dies (as under kill -9 or the out-of-memory killer)
    return x * x


def _square_or_raise(x: int) -> int:
    if x == 11:
        raise ValueError("eleven")
    return x * x


def test_an_error_is_its_items_and_the_pool_lives_on() -> None:
    results = dict(map_unordered(_square_or_raise, range(40), workers=2))
    assert sorted(results) == list(range(40))
    assert isinstance(results[11], ValueError)
    assert all(results[k] == k * k for k in range(40) if k != 11)


def test_a_dead_worker_fails_its_items_not_the_run() -> None:
    results = dict(map_unordered(_square_or_die, range(40), workers=2))
    assert sorted(results) == list(range(40))
    assert isinstance(results[3], BrokenProcessPool)
    died = {k for k, v in results.items() if isinstance(v, BrokenProcessPool)}
    # what was in flight until the pool saw the death fails too (which items that is depends on
    # timing); everything else runs in a new pool
    assert all(results[k] == k * k for k in range(40) if k not in died)
    assert len(died) < 20


def test_the_input_is_read_as_work_is_done() -> None:
    taken: list[int] = []

    def source() -> Iterator[int]:
        for i in range(100):
            taken.append(i)
            yield i

    stream = map_unordered(abs, source(), workers=2)
    next(stream)
    assert len(taken) <= 5  # 2 * workers in flight, plus the one that finished
    assert len(list(stream)) == 99
