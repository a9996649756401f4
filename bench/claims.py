"""Benchmark: checking a page of about 1,000 words, after start-up.

    IGOKIT_DB=/tmp/bench-kb.sqlite python bench/claims.py [--pages 200] [--words 1000]

Pages are built from the real texts of ../shared/corpus/real (whole texts, cycled in a fixed
order until a page holds ``--words`` words; then the next page starts where the last stopped),
so the claim density is that of published prose. Start-up (knowledge base, linker, language
models, rules) is done once before the clock starts: one warm-up check. Each page is checked
with ``check_text(kb, page, as_of=...)`` — extraction included — on one core.

Prints the median, p90 and max milliseconds per page, words/s, claims per page, and writes
``bench/results/claims.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"


def pages(words_per_page: int, n: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(REAL.glob("*.txt"))]
    out, current, count, i = [], [], 0, 0
    while len(out) < n:
        t = texts[i % len(texts)]
        i += 1
        current.append(t)
        count += len(t.split())
        if count >= words_per_page:
            out.append("\n\n".join(current))
            current, count = [], 0
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--words", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "claims.json")
    ap.add_argument("--small", action="store_true", help="10 pages (CI: keeps the script working)")
    a = ap.parse_args()
    if a.small:
        a.pages = 10
    if not REAL.exists():
        print(f"needs {REAL} (the shared real-text corpus)", file=sys.stderr)
        return 0 if a.small else 2  # a fresh clone has no ../shared: nothing to keep working
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from igokit.analysis.claims import check_text
    from igokit.api import KnowledgeBase

    kb = KnowledgeBase()
    docs = pages(a.words, a.pages)
    t0 = time.perf_counter()
    check_text(kb, docs[0], as_of="2024-07-04")  # start-up: kb, linker, lingua, rules
    startup = time.perf_counter() - t0
    times, claims, words = [], 0, 0
    for d in docs:
        t = time.perf_counter()
        report = check_text(kb, d, as_of="2024-07-04")
        times.append((time.perf_counter() - t) * 1000)
        claims += len(report.claims)
        words += len(d.split())
    times.sort()
    result = {
        "pages": len(docs),
        "mean_words_per_page": round(words / len(docs)),
        "startup_s": round(startup, 2),
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
        "max_ms": round(times[-1], 1),
        "words_per_s": round(words / (sum(times) / 1000)),
        "claims_per_page": round(claims / len(docs), 1),
    }
    print(json.dumps(result, indent=1))
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
