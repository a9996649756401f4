"""Run a function over many items here: in this process, or in a pool of worker processes.

The pool is small and written here rather than taken from :mod:`concurrent.futures` because it
must do what ``ProcessPoolExecutor`` cannot: stop one worker that is stuck on one item (a time
budget per item) without losing the others' work, and tell which item that was. Each worker has
its own pipe; items go out a few at a time and every result comes back on its own, so the parent
always knows which item a worker is on and since when. Workers die with their parent
(:func:`igokit.engine.isolated.watch_parent`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from igokit.engine.isolated import _death, watch_parent

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1))


def map_unordered(func: Callable[[T], R], items: Iterable[T], workers: int = 1,
                  initializer: Callable[..., Any] | None = None,
                  initargs: tuple[Any, ...] = (), *, timeout: float | None = None,
                  batch: int = 1, context: Any = None
                  ) -> Iterator[tuple[T, R | BaseException]]:
    """Yield ``(item, result or exception)`` as each finishes; never stops on one failure.

    With ``workers > 1`` or a ``timeout``, ``func`` runs in worker processes (``func`` and the
    items must pickle, unless the start method is ``fork``). Each worker holds at most
    ``2 * batch`` items (sent ``batch`` at a time), so a huge input is not read into memory at
    once. An item that runs longer than ``timeout`` seconds comes back as a ``TimeoutError``:
    its worker is killed and replaced, and the items queued behind it go to the others. A worker
    that dies (killed, out of memory) fails the item it was on (``BrokenProcessPool``), not the
    run. ``context``: a :mod:`multiprocessing` context (default: the platform's).
    """
    if workers <= 1 and not timeout:
        if initializer:
            initializer(*initargs)
        for item in items:
            try:
                yield item, func(item)
            except Exception as exc:  # reported to the caller, the batch goes on
                yield item, exc
        return
    pool = _Pool(func, max(1, workers), initializer, initargs, timeout or None, max(1, batch),
                 context or multiprocessing.get_context())
    try:
        yield from pool.run(iter(items))
    finally:
        pool.close()


class _Worker:
    """One worker process, its pipe, and the items it holds (in the order it does them)."""

    def __init__(self, ctx: Any, target: Callable[..., None], args: tuple[Any, ...]) -> None:
        self.conn, child_conn = ctx.Pipe()
        self.proc = ctx.Process(target=target, args=(child_conn, *args), daemon=True,
                                name="igokit-worker")
        self.proc.start()
        child_conn.close()
        self.held: deque[int] = deque()
        self.since = time.monotonic()  # when it started on its first held item

    def stop(self, kill: bool = False) -> None:
        if kill:
            with contextlib.suppress(Exception):
                self.proc.kill()
        else:
            with contextlib.suppress(Exception):
                self.conn.send(None)
        self.proc.join(0 if kill else 2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2)
        self.conn.close()


class _Pool:
    def __init__(self, func: Callable[[Any], Any], workers: int,
                 initializer: Callable[..., Any] | None, initargs: tuple[Any, ...],
                 timeout: float | None, batch: int, ctx: Any) -> None:
        self.args = (os.getpid(), func, initializer, initargs)
        self.size, self.timeout, self.batch, self.ctx = workers, timeout, batch, ctx
        self.workers: list[_Worker] = []
        self.items: dict[int, Any] = {}  # every item in flight, by number
        self.retry: deque[int] = deque()  # items to send again (their worker was stopped)
        self.count = 0

    def _spawn(self) -> _Worker:
        worker = _Worker(self.ctx, _worker_main, self.args)
        self.workers.append(worker)
        return worker

    def _fill(self, source: Iterator[Any]) -> bool:
        """Top up every worker; False once the source is spent and nothing waits to be sent."""
        more = True
        while len(self.workers) < self.size:
            self._spawn()
        for worker in self.workers:
            while len(worker.held) <= self.batch:
                jobs: list[tuple[int, Any]] = []
                while len(jobs) < self.batch and self.retry:
                    number = self.retry.popleft()
                    jobs.append((number, self.items[number]))
                while len(jobs) < self.batch and more:
                    try:
                        item = next(source)
                    except StopIteration:
                        more = False
                        break
                    self.count += 1
                    self.items[self.count] = item
                    jobs.append((self.count, item))
                if not jobs:
                    return more
                if not worker.held:
                    worker.since = time.monotonic()
                worker.held.extend(number for number, _ in jobs)
                try:
                    worker.conn.send(jobs)
                except OSError:  # it died: found by its sentinel below
                    break
        return more or bool(self.retry)

    def run(self, source: Iterator[Any]) -> Iterator[tuple[Any, Any]]:
        while True:
            self._fill(source)
            busy = [w for w in self.workers if w.held]
            if not busy:
                return
            wait_for = None
            if self.timeout:
                wait_for = max(0.0, min(w.since for w in busy) + self.timeout - time.monotonic())
            ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                             timeout=wait_for))
            for worker in busy:
                if worker.conn in ready or worker.proc.sentinel in ready:
                    yield from self._receive(worker)  # all it sent, up to its end if it died
                if worker.held and worker.proc.sentinel in ready:
                    yield from self._lost(worker, BrokenProcessPool(
                        f"a worker process died: it {_death(worker.proc.exitcode)}"))
                elif (worker.held and self.timeout
                      and time.monotonic() - worker.since >= self.timeout):
                    yield from self._lost(worker, TimeoutError(
                        f"took more than {self.timeout:g} s; stopped"))

    def _receive(self, worker: _Worker) -> Iterator[tuple[Any, Any]]:
        while worker.held and _has_data(worker):
            try:
                _, number, payload = worker.conn.recv()
            except (EOFError, OSError):
                return  # it died: its sentinel says so
            except Exception as exc:  # a result that does not unpickle here
                number = worker.held[0]
                payload = RuntimeError(f"a result could not be read: {exc}")
            if number in worker.held:
                worker.held.remove(number)
            worker.since = time.monotonic()
            yield self.items.pop(number), payload

    def _lost(self, worker: _Worker, error: BaseException) -> Iterator[tuple[Any, Any]]:
        """The worker died or overran on its first held item: that item fails, the rest of what
        it held is sent again, and a new worker takes its place."""
        worker.stop(kill=True)
        self.workers.remove(worker)
        first, *rest = worker.held
        self.retry.extend(rest)
        yield self.items.pop(first), error

    def close(self) -> None:
        for worker in self.workers:
            worker.stop(kill=bool(worker.held))
        self.workers.clear()


def _has_data(worker: _Worker) -> bool:
    try:
        return bool(worker.conn.poll())
    except (EOFError, OSError):
        return False


def _worker_main(conn: Connection, parent: int, func: Callable[[Any], Any],
                 initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]) -> None:
    watch_parent(parent)
    if initializer:
        initializer(*initargs)
    while True:
        try:
            jobs = conn.recv()
        except (EOFError, OSError):
            return
        if jobs is None:
            return
        for number, item in jobs:
            try:
                message: tuple[str, int, Any] = ("ok", number, func(item))
            except BaseException as exc:  # every error is the caller's to see
                message = ("err", number, _sendable(exc))
            try:
                conn.send(message)
            except Exception as exc:  # a result that does not pickle
                conn.send(("err", number, RuntimeError(
                    f"the result could not be sent back: {type(exc).__name__}: {exc}")))


def _sendable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling both ways, else a RuntimeError with its text."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
