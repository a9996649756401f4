"""Benchmark: building the report with many ingested documents.

    IGOKIT_DB=/tmp/bench-kb.sqlite .venv/bin/python bench/report.py [--docs 0,1000,5000] [--small]

The documents are real-derived: each is two or three whole texts of ../shared/corpus/real (and
the three ../shared/corpus files) joined in a seeded random order (about 900 words; the issue's
5,000-document corpus had 760), so claim density and languages are those of published
prose and no two documents are the same file. Four in five get the publication date of their
first text in a ``.meta.yaml`` sidecar; the rest are undated (the checker then reads a
dateline or today). Without ../shared (CI), the test fixtures are cycled the same way.

For each size N the documents are ingested once with the normal ingest API into
``bench/work/report-N.sqlite`` (kept between runs; ``--fresh`` rebuilds), then
``build_report`` writes the site into a temporary folder, timed (start-up — the knowledge base
connection and the linker — warmed by one untimed build of the empty report). Besides the wall
time it prints the CPU seconds of the build and of its checking processes (on a loaded machine
the wall time says little; ``--workers`` sets the processes). Prints the build
time per size, the size of ``index.html`` and of the largest figure, and the lines

    RATIO report(5000 docs)/30 s: ... (target < 1) PASS|MISS
    RATIO report(1000 docs)/report(0 docs): ...

and writes ``bench/results/report.json``. ``--small``: 0 and 60 documents (CI keeps the script
working; the targets are not judged at that size).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
WORK = ROOT / "bench" / "work"
FIXTURES = ROOT / "tests" / "fixtures" / "text"
TARGET_S = 30.0
TARGET_DOCS = 5000


def source_texts() -> list[tuple[str, str | None]]:
    """(text, publication date or None) of every source text, in a fixed order."""
    real = SHARED / "real"
    if real.is_dir():
        dates: dict[str, str] = {}
        index = real / "index.tsv"
        if index.is_file():
            with index.open(encoding="utf-8") as fh:
                dates = {r["file"]: r["date"] for r in csv.DictReader(fh, delimiter="\t")}
        files = sorted(real.glob("*.txt")) + sorted(SHARED.glob("*.txt"))
        return [(p.read_text(encoding="utf-8"), _clean_date(dates.get(p.name))) for p in files]
    # no ../shared (CI): the plain-text fixtures, undated
    files = sorted(p for p in FIXTURES.glob("*.txt"))
    return [(p.read_text(encoding="utf-8", errors="replace"), None) for p in files]


def _clean_date(value: str | None) -> str | None:
    """The date as the sidecar takes it (YYYY, YYYY-MM or YYYY-MM-DD), else None."""
    if not value:
        return None
    head = value.split("/")[0].strip()
    return head if len(head) in (4, 7, 10) and head[:4].isdigit() else None


def write_corpus(folder: Path, n: int, seed: int = 13) -> int:
    """``n`` unique documents (two or three source texts each) with sidecars; returns words."""
    texts = source_texts()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[tuple[int, ...]] = set()
    words = 0
    i = 0
    while i < n:
        k = 3 if rng.random() < 0.5 else 2
        combo = tuple(rng.sample(range(len(texts)), min(k, len(texts))))
        if combo in seen and len(texts) > 3:
            continue
        seen.add(combo)
        body = "\n\n".join(texts[j][0].strip() for j in combo)
        if len(texts) <= 3:  # the fixtures: too few to combine uniquely
            body += f"\n\n(copy {i})"
        path = folder / f"doc{i:06d}.txt"
        path.write_text(body + "\n", encoding="utf-8")
        date = texts[combo[0]][1]
        if date and rng.random() < 0.8:
            (folder / f"doc{i:06d}.txt.meta.yaml").write_text(f"date: '{date}'\n",
                                                              encoding="utf-8")
        words += len(body.split())
        i += 1
    return words


def bench_db(n: int, fresh: bool = False) -> tuple[Path, dict[str, Any]]:
    """A knowledge base with ``n`` ingested documents (built once, then reused)."""
    from igokit.analysis.ingest import ingest
    from igokit.api import KnowledgeBase

    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / f"report-{n}.sqlite"
    info_path = db.with_suffix(".json")
    if db.exists() and info_path.exists() and not fresh:
        return db, json.loads(info_path.read_text(encoding="utf-8"))
    for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        p.unlink(missing_ok=True)
    kb = KnowledgeBase(db)
    kb.conn  # noqa: B018 — build the curated facts before timing the ingest
    info: dict[str, Any] = {"docs": n, "words": 0, "ingest_s": 0.0}
    if n:
        with tempfile.TemporaryDirectory(dir=WORK) as tmp:
            info["words"] = write_corpus(Path(tmp), n)
            t = time.perf_counter()
            rep = ingest(kb, [tmp])
            info["ingest_s"] = round(time.perf_counter() - t, 2)
            if rep.failed:
                print(f"{len(rep.failed)} failed: {rep.failed[:3]}", file=sys.stderr)
    kb.close()
    info_path.write_text(json.dumps(info), encoding="utf-8")
    return db, info


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the checking workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def time_report(db: Path, workers: int | None = None) -> dict[str, Any]:
    from igokit.api import KnowledgeBase
    from igokit.report.build import build_report

    kb = KnowledgeBase(db)
    out = Path(tempfile.mkdtemp(dir=WORK, prefix="site-"))
    try:
        t = time.perf_counter()
        sections: dict[str, float] = {}
        last: dict[str, Any] = {"at": t, "name": ""}

        def progress(name: str, _i: int, _n: int) -> None:
            now = time.perf_counter()
            if last["name"]:
                sections[last["name"]] = round(now - last["at"], 2)
            last.update(at=now, name=name)

        cpu0 = _cpu()
        index = build_report(kb, "SCO", "KAZ", out, progress=progress, workers=workers)
        seconds = time.perf_counter() - t
        figures = [p.stat().st_size for p in (out / "figures").iterdir() if p.is_file()]
        return {"seconds": round(seconds, 2), "cpu_s": round(_cpu() - cpu0, 2),
                "html_bytes": index.stat().st_size,
                "largest_figure_bytes": max(figures, default=0), "sections": sections}
    finally:
        kb.close()
        shutil.rmtree(out, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", default="0,1000,5000", help="comma-separated corpus sizes")
    ap.add_argument("--small", action="store_true", help="0 and 60 documents (CI)")
    ap.add_argument("--fresh", action="store_true", help="re-ingest even if the DB exists")
    ap.add_argument("--workers", type=int, help="processes for the claim checks "
                    "(default: build_report's, the cores up to four)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "report.json")
    a = ap.parse_args()
    sizes = [0, 60] if a.small else [int(x) for x in a.docs.split(",")]
    if not (SHARED / "real").is_dir():
        print(f"note: {SHARED / 'real'} not found; using the test fixtures as documents",
              file=sys.stderr)
    dbs = {n: bench_db(n, a.fresh) for n in sizes}
    # start-up (imports, linker, matplotlib) outside the timings: one untimed empty build
    time_report(dbs[min(sizes)][0], a.workers)
    results: dict[int, dict[str, Any]] = {}
    print(f"{'docs':>6} {'words':>9} {'ingest s':>9} {'report s':>9} {'cpu s':>7} "
          f"{'index.html':>11} {'largest fig':>11}  slowest sections")
    for n in sizes:
        db, info = dbs[n]
        r = {**info, **time_report(db, a.workers)}
        results[n] = r
        slow = sorted(r["sections"].items(), key=lambda kv: -kv[1])[:3]
        print(f"{n:>6} {r['words']:>9,} {r['ingest_s']:>9.1f} {r['seconds']:>9.2f} "
              f"{r['cpu_s']:>7.1f} "
              f"{r['html_bytes'] / 1e6:>9.2f}MB {r['largest_figure_bytes'] / 1e6:>9.2f}MB  "
              + ", ".join(f"{k} {v:.1f}s" for k, v in slow))
    lines = []
    top = max(sizes)
    ratio = results[top]["seconds"] / TARGET_S
    judged = top >= TARGET_DOCS
    verdict = ("PASS" if ratio < 1 else "MISS") if judged else "(not judged at this size)"
    lines.append(f"RATIO report({top} docs)/30 s: {ratio:.2f} (target < 1) {verdict}")
    if 0 in results and len(results) > 1:
        mid = 1000 if 1000 in results else top
        growth = results[mid]["seconds"] / max(results[0]["seconds"], 1e-9)
        lines.append(f"RATIO report({mid} docs)/report(0 docs): {growth:.2f} (growth; no target)")
    for line in lines:
        print(line)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps({"sizes": {str(k): v for k, v in results.items()},
                                 "ratios": lines}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
