"""Run every benchmark of bench/ at its ``--small`` size, so that the scripts keep working.

    python bench/smoke.py [--only NAME ...]

CI runs this (.ci/run). At these sizes the numbers mean nothing and PASS/MISS lines are ignored:
a script fails the run only by exiting with an error. Results go to a temporary folder, never
to bench/results/ (which holds the recorded full-size runs).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scripts() -> list[Path]:
    return sorted(p for p in HERE.glob("*.py") if p.name != Path(__file__).name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="*", help="script names without .py")
    args = ap.parse_args()
    failed = []
    with tempfile.TemporaryDirectory(prefix="igokit-bench-") as tmp:
        env = dict(os.environ)
        env.setdefault("IGOKIT_DB", str(Path(tmp) / "kb.sqlite"))
        for script in scripts():
            if args.only and script.stem not in args.only:
                continue
            t = time.perf_counter()
            out = Path(tmp) / f"{script.stem}.json"
            proc = subprocess.run([sys.executable, str(script), "--small", "--out", str(out)],
                                  env=env, capture_output=True, text=True)
            took = time.perf_counter() - t
            status = "ok" if proc.returncode == 0 else f"FAILED (exit {proc.returncode})"
            print(f"{script.name:<18} {took:6.1f} s  {status}", flush=True)
            if proc.returncode != 0:
                failed.append(script.name)
                print(proc.stdout[-2000:], proc.stderr[-4000:], sep="\n", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
