"""Time and peak memory of reading each hostile file, one subprocess per file (not a test).

    python tests/hostile/measure.py [--limit-gb 6] [--timeout 120] [--bomb-mb 300] [CASE ...]

Each file is read by ``read_document`` in a child with ``RLIMIT_AS`` capped and a wall-clock
timeout, so a regression is reported instead of eating the machine. Prints one line per case:
outcome (error class or ``Document``), seconds, peak RSS in MB (``ru_maxrss`` of the child).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hostile.build import build_hostile_corpus

_CHILD = r"""
import json, resource, sys, time
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from igokit.text.readers import read_document
t = time.perf_counter()
try:
    doc = read_document(sys.argv[1])
    outcome = f"Document ({len(doc.text):,} chars)"
except BaseException as exc:
    outcome = f"{type(exc).__name__}: {str(exc)[-150:]}"
elapsed = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"outcome": outcome, "seconds": elapsed, "rss_mb": rss}))
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("cases", nargs="*")
    ap.add_argument("--limit-gb", type=float, default=6.0)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--bomb-mb", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_hostile_corpus(Path(tmp), bomb_mb=args.bomb_mb)
        names = args.cases or sorted(c for c in corpus if c not in {"fifo", "sidecar_is_fifo"})
        for case in names:
            path = corpus[case]
            size = path.stat().st_size if path.is_file() else 0
            start = time.perf_counter()
            try:
                proc = subprocess.run(
                    [sys.executable, "-c", _CHILD, str(path), str(int(args.limit_gb * 2**30))],
                    capture_output=True, text=True, timeout=args.timeout,
                )
                last = (proc.stdout.strip().splitlines() or ["{}"])[-1]
                res = json.loads(last) if last.startswith("{") else {}
                outcome = res.get("outcome") or f"child died rc={proc.returncode}"
                secs, rss = res.get("seconds", time.perf_counter() - start), res.get("rss_mb", 0)
            except subprocess.TimeoutExpired:
                outcome, secs, rss = f"TIMEOUT after {args.timeout:.0f} s", args.timeout, 0
            print(f"{case:28} {size:>11,} B {secs:8.2f} s {rss:8.0f} MB  {outcome[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
