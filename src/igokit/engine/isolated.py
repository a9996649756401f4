"""Run one call in a child process under a time and memory budget.

:func:`run_isolated` is for work on untrusted input (reading an uploaded file) that could stall
or blow up in C code, where no Python-level check can interrupt it: the child is killed when the
time budget is spent, and its address space is capped (``RLIMIT_AS``) so that a bomb fails with
a ``MemoryError`` in the child instead of swapping the machine. The child is started by a fork
server (``forkserver`` context, ``spawn`` where there is none), never by a plain ``fork`` of the
caller, which may be a threaded server whose locks a forked child would inherit held.

:func:`watch_parent` makes a worker process die with its parent (used here and by the worker pool
of :mod:`igokit.engine.local`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from igokit.errors import BudgetExceededError, IGOkitError, ReadError, error_from_data

R = TypeVar("R")

#: How the budget can be raised, named in the error (the CLI's flag; the web app's setting).
RAISE_HINT = "raise the time budget with --timeout-per-file"


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def run_isolated(func: Callable[..., R], *args: Any, timeout: float, label: str,
                 max_memory: int | None = None) -> R:
    """``func(*args)`` in a child process; its result (which must pickle).

    - past ``timeout`` seconds the child is killed: :class:`BudgetExceededError` naming ``label``;
    - ``max_memory`` (bytes) caps the child's whole address space; running out there is a
      :class:`BudgetExceededError` too;
    - an :class:`IGOkitError` raised in the child is raised here as itself; any other exception
      is a :class:`ReadError` ("unexpected ..."), and so is a child that dies (the signal named).

    ``func`` and ``args`` must pickle (``func`` a module-level function).
    """
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_main, args=(sender, func, args, max_memory),  # type: ignore[attr-defined]
                        name=f"igokit-isolated {label}"[:60], daemon=True)
    child.start()
    sender.close()  # the child holds the only writer: its death closes the pipe
    try:
        deadline = time.monotonic() + timeout
        ready: list[Any] = []
        while not ready:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BudgetExceededError(label, f"took more than {timeout:g} s; stopped "
                                                 f"({RAISE_HINT})")
            ready = wait([receiver, child.sentinel], timeout=left)
        kind: str | None = None
        payload: Any = None
        try:
            if receiver.poll():
                kind, payload = receiver.recv()
        except (EOFError, OSError):
            kind = None
        if kind is None:  # died without a word: killed by a signal or exited
            child.join(5)
            raise ReadError(label, f"unexpected: the reading process {_death(child.exitcode)}")
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if kind == "ok":
        return payload  # type: ignore[no-any-return]
    if kind == "memory":
        raise BudgetExceededError(label, f"needed more than {max_memory or 0:,} bytes of "
                                         "memory; stopped")
    if kind == "igokit":
        raise error_from_data(payload)
    raise ReadError(label, f"unexpected {payload}")


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (out of memory?)" if name == "SIGKILL" else ""
        return f"was killed by {name}{hint}"
    return f"exited with code {exitcode}"


def _child_main(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...],
                max_memory: int | None) -> None:
    watch_parent()
    try:
        if max_memory:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
        message: tuple[str, Any] = ("ok", func(*args))
    except MemoryError:
        message = ("memory", None)
    except IGOkitError as exc:
        message = ("igokit", exc.to_data())
    except BaseException as exc:  # everything is reported to the parent
        message = ("error", f"{type(exc).__name__}: {exc}")
    try:
        conn.send(message)
    except MemoryError:
        conn.send(("memory", None))
    except Exception as exc:  # the result does not pickle
        conn.send(("error", f"result could not be sent back: {type(exc).__name__}: {exc}"))
    conn.close()


# -- A worker dies with its parent -----------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def watch_parent(parent: int | None = None, poll: float = 0.5) -> None:
    """Make this (child) process die when its parent does: the kernel's parent-death signal on
    Linux (``prctl(PR_SET_PDEATHSIG, SIGKILL)``), and everywhere a daemon thread that polls
    ``os.getppid()`` (which changes when the parent dies and the child is re-parented).
    ``parent``: the pid the parent had when it started this process, if known (a parent that
    died before this runs is then noticed at once)."""
    parent = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        # No library wraps this one prctl call (python-prctl needs a C build): ctypes does it.
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def _poll() -> None:
        while True:
            time.sleep(poll)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=_poll, name="igokit-parent-watch", daemon=True).start()
