"""Log the cyclic garbage collector's pauses of every Python process started with this folder
on ``PYTHONPATH`` (a measurement aid, not part of IGOkit):

    PYTHONPATH=bench/gclog python bench/web.py --only search
    PYTHONPATH=bench/gclog python bench/report.py --docs 5000

Each process appends to ``$GCLOG_DIR/gc-<pid>.txt`` (default ``/tmp/igokit-gclog``) a line per
collection of 10 ms or more (generation, milliseconds, objects collected) at once (server
workers are stopped, not exited), and at a normal exit a summary: its command, the total time
in the collector, collections per generation, the longest pause and the process's CPU time.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import time
from pathlib import Path

_DIR = Path(os.environ.get("GCLOG_DIR", "/tmp/igokit-gclog"))
_state = {"start": 0.0, "total": 0.0, "longest": 0.0}
_counts = [0, 0, 0]


def _log(line: str) -> None:
    _DIR.mkdir(parents=True, exist_ok=True)
    with (_DIR / f"gc-{os.getpid()}.txt").open("a", encoding="utf-8") as f:
        f.write(line + "\n")


def _on_gc(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _state["start"] = time.perf_counter()
        return
    took = time.perf_counter() - _state["start"]
    _state["total"] += took
    _state["longest"] = max(_state["longest"], took)
    _counts[info["generation"]] += 1
    if took >= 0.010:
        _log(f"pause gen{info['generation']} {took * 1000:.1f} ms collected {info['collected']}")


def _summary() -> None:
    _log(f"summary {' '.join(sys.argv)[:100]} | in gc {_state['total']:.2f} s, collections "
         f"per generation {_counts}, longest {_state['longest'] * 1000:.0f} ms, "
         f"cpu {time.process_time():.1f} s")


gc.callbacks.append(_on_gc)
atexit.register(_summary)
