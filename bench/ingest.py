"""Benchmark: ingestion throughput at 1 and 2 workers, database size, peak memory (issue 13 item 3).

    IGOKIT_DB=/tmp/bench-kb.sqlite .venv/bin/python bench/ingest.py [--docs 600] [--repeats 3]

Measures, each ingest in a fresh child process on a copy of the same empty knowledge base:

- **throughput**: ``ingest(kb, [corpus], workers=N)`` (what ``igokit ingest --workers N`` runs),
  words per second of the ingest call. Not in it: Python start-up, opening the knowledge base and
  the fixed warm-up (building the entity linker, loading the language models: ~1.5 s of CPU,
  done once in the main process, which forked workers inherit; reported apart). Starting the
  workers is in it. 1 and 2 workers take turns, round after round, the order swapped every
  round, so the machine's busy moments hit both alike; the ratio is the median of the per-round
  ratios. Also printed: the ratio that 2 free cores would give, from the CPU times of the same
  runs (1 worker's CPU over max((main + workers) / 2, main) of the 2-worker run), which load
  from other processes does not distort;
- **database size**: the growth of the database file (WAL checkpointed) over the empty knowledge
  base, divided by the bytes of the input files (UTF-8 text);
- **memory**: peak RSS (``VmHWM``) of the main process and the largest worker (``RUSAGE_CHILDREN``)
  ingesting a corpus and one ``--rss-factor`` times larger, 2 workers.

The corpus: the texts of ``../shared/corpus`` (``--shared``) cycled as whole documents, each with
a first line naming it (so every file has its own SHA-256; the extraction keeps no cache across
documents). Without ../shared (only allowed with ``--small``) it is generated en/ru/kk text with
entity names, dates and numbers. Prints a table and ``RATIO`` lines; writes
``bench/results/ingest.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
TARGET_SPEEDUP = 1.7
TARGET_DB = 2.0
TARGET_RSS = 1.15

CHILD = r"""
import json, os, resource, sqlite3, sys, time
from pathlib import Path
from igokit.analysis import ingest as ingest_module
from igokit.analysis.ingest import ingest
from igokit.api import KnowledgeBase

db, corpus, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
kb = KnowledgeBase(db)
kb.conn  # open (already built) before timing
t = time.perf_counter()
ingest_module._init_worker(kb.name_entries())  # the fixed cost: linker, models (ingest does it
warm_up = time.perf_counter() - t              # once, in the main process, workers inherit it)
cpu = resource.getrusage(resource.RUSAGE_SELF)
t = time.perf_counter()
report = ingest(kb, [corpus], workers=workers)
seconds = time.perf_counter() - t
mine = resource.getrusage(resource.RUSAGE_SELF)
theirs = resource.getrusage(resource.RUSAGE_CHILDREN)
kb.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
kb.close()

def hwm_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

print(json.dumps({"seconds": seconds, "warm_up_s": warm_up, "words": report.words,
                  "added": len(report.added),
                  "failed": len(report.failed), "rss_main_kb": hwm_kb(),
                  "rss_worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "db_bytes": os.path.getsize(db),
                  "cpu_main": mine.ru_utime + mine.ru_stime - cpu.ru_utime - cpu.ru_stime,
                  "cpu_workers": theirs.ru_utime + theirs.ru_stime}))
"""

_WORDS = {
    "en": """the summit of the Shanghai Cooperation Organisation in Astana adopted a declaration
        on trade transport corridors energy security and regional cooperation with Kazakhstan
        China Russia and Uzbekistan ministers discussed investment of 12 billion dollars and
        growth of 4.5 percent in 2024""",
    "ru": """саммит Шанхайской организации сотрудничества в Астане принял декларацию о торговле
        транспортных коридорах энергетической безопасности и региональном сотрудничестве
        Казахстана Китая России министры обсудили инвестиции 12 миллиардов долларов и рост
        на 4,5 процента в 2024 году""",
    "kk": """Шанхай ынтымақтастық ұйымының Астанадағы саммиті сауда көлік дәліздері
        энергетикалық қауіпсіздік және аймақтық ынтымақтастық туралы декларация қабылдады
        Қазақстан Қытай Ресей министрлері 2024 жылы 12 миллиард доллар инвестицияны
        талқылады""",
}


def _generated(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(3, 12)):
        lang = rng.choice(list(_WORDS))
        sentences = []
        for _ in range(rng.randint(2, 6)):
            vocabulary = _WORDS[lang].split()
            words = [rng.choice(vocabulary) for _ in range(rng.randint(8, 20))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def make_corpus(n_docs: int, shared: Path | None, dest: Path) -> tuple[Path, int, int]:
    """``n_docs`` files in ``dest`` (reused when complete); returns (folder, files, bytes)."""
    folder = dest / f"{'shared' if shared else 'generated'}-{n_docs}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        rng = random.Random(13)
        texts = ([p.read_text(encoding="utf-8") for p in sorted(shared.glob("corpus/**/*.txt"))]
                 if shared else [])
        for i in range(n_docs):
            body = texts[i % len(texts)] if texts else _generated(rng)
            (folder / f"doc{i:06d}.txt").write_text(f"Document {i}.\n\n{body}", encoding="utf-8")
        (folder / ".complete").write_text("", encoding="utf-8")
    files = [p for p in folder.glob("*.txt")]
    return folder, len(files), sum(p.stat().st_size for p in files)


def empty_kb(dest: Path) -> Path:
    """An empty knowledge base (curated facts built, no document), made once per run."""
    path = dest / "empty-kb.sqlite"
    for p in dest.glob("empty-kb.sqlite*"):
        p.unlink()
    code = ("import sys; from igokit.api import KnowledgeBase; kb = KnowledgeBase(sys.argv[1]); "
            "kb.conn.execute('PRAGMA wal_checkpoint(TRUNCATE)'); kb.close()")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    return path


def run_ingest(empty: Path, corpus: Path, workers: int, scratch: Path) -> dict[str, Any]:
    db = scratch / f"run-{workers}.sqlite"
    for p in scratch.glob(db.name + "*"):
        p.unlink()
    shutil.copy(empty, db)
    out = subprocess.run([sys.executable, "-c", CHILD, str(db), str(corpus), str(workers)],
                         check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["workers"] = workers
    result["words_per_s"] = result["words"] / result["seconds"]
    return result


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents in the throughput corpus")
    ap.add_argument("--repeats", type=int, default=3, help="rounds of 1 and 2 workers")
    ap.add_argument("--rss-docs", type=int, default=500, help="the smaller memory corpus")
    ap.add_argument("--rss-factor", type=int, default=4, help="how much larger the other is")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--small", action="store_true", help="a quick run (CI): 40 documents")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "ingest.json"))
    args = ap.parse_args()
    if args.small:
        args.docs, args.repeats, args.rss_docs, args.rss_factor = 40, 1, 20, 3
    shared: Path | None = Path(args.shared)
    assert shared is not None
    if not (shared / "corpus").is_dir():
        if not args.small:
            sys.exit(f"{shared}/corpus not found: pass --shared PATH, or --small (generated text)")
        shared = None
    WORK.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    print(f"cores {os.cpu_count()}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"corpus from {'../shared/corpus' if shared else 'generated text'}", flush=True)
    with tempfile.TemporaryDirectory(dir=WORK) as tmp:
        scratch = Path(tmp)
        empty = empty_kb(scratch)
        empty_bytes = empty.stat().st_size
        corpus, n_files, n_bytes = make_corpus(args.docs, shared, WORK)
        runs: list[dict[str, Any]] = []
        ratios: list[float] = []
        bounds: list[float] = []
        for r in range(args.repeats):
            order = (1, 2) if r % 2 == 0 else (2, 1)
            pair = {w: run_ingest(empty, corpus, w, scratch) for w in order}
            runs.extend(pair[w] | {"round": r + 1} for w in order)
            ratios.append(pair[2]["words_per_s"] / pair[1]["words_per_s"])
            # what 2 free cores would give, from CPU times (not disturbed by other load): the
            # 2-worker run needs (main + workers) / 2 of wall time on 2 cores, and at least main;
            # with a per-file time budget even one worker reads in a child process, whose CPU
            # counts toward the 1-worker run's time
            one, two = pair[1], pair[2]
            bounds.append((one["cpu_main"] + one["cpu_workers"])
                          / max((two["cpu_main"] + two["cpu_workers"]) / 2, two["cpu_main"]))
            print(f"round {r + 1}: 1 worker {pair[1]['words_per_s']:,.0f} words/s, "
                  f"2 workers {pair[2]['words_per_s']:,.0f} words/s, "
                  f"ratio {ratios[-1]:.2f} (from CPU times, on 2 free cores: {bounds[-1]:.2f})",
                  flush=True)
        growth = statistics.median(x["db_bytes"] for x in runs) - empty_bytes
        db_ratio = growth / n_bytes
        rss = []
        for n in (args.rss_docs, args.rss_docs * args.rss_factor):
            folder, files, size = make_corpus(n, shared, WORK)
            res = run_ingest(empty, folder, 2, scratch) | {"files": files, "input_bytes": size}
            rss.append(res)
            print(f"memory, {files} documents: main {res['rss_main_kb'] / 1024:.0f} MB, "
                  f"largest worker {res['rss_worker_kb'] / 1024:.0f} MB", flush=True)

    def total(res: dict[str, Any]) -> int:
        return int(res["rss_main_kb"] + res["rss_worker_kb"])

    rss_ratio = total(rss[1]) / total(rss[0])
    speedup = statistics.median(ratios)
    print()
    print(f"{'round':>5} {'workers':>7} {'docs':>6} {'words':>9} {'seconds':>8} {'words/s':>9} "
          f"{'DB MB':>6} {'main MB':>7} {'worker MB':>9} {'main CPU s':>10} {'workers CPU s':>13}")
    for x in runs:
        print(f"{x['round']:>5} {x['workers']:>7} {x['added']:>6} {x['words']:>9,} "
              f"{x['seconds']:>8.2f} {x['words_per_s']:>9,.0f} "
              f"{(x['db_bytes'] - empty_bytes) / 1e6:>6.2f} {x['rss_main_kb'] / 1024:>7.0f} "
              f"{x['rss_worker_kb'] / 1024:>9.0f} {x['cpu_main']:>10.2f} {x['cpu_workers']:>13.2f}")
    print(f"input: {n_files} files, {n_bytes / 1e6:.2f} MB; database growth "
          f"{growth / 1e6:.2f} MB; warm-up (not timed) "
          f"{statistics.median(x['warm_up_s'] for x in runs):.2f} s")
    bound = statistics.median(bounds)
    print(f"2 workers/1 worker from CPU times (what 2 free cores would give): {bound:.2f}")
    print(f"RATIO 2 workers/1 worker: {speedup:.2f} (target >= {TARGET_SPEEDUP}) "
          f"{verdict(speedup >= TARGET_SPEEDUP)}")
    print(f"RATIO db/input: {db_ratio:.2f} (target <= {TARGET_DB}) "
          f"{verdict(db_ratio <= TARGET_DB)}")
    print(f"RATIO peak RSS large/small: {rss_ratio:.2f} (target <= {TARGET_RSS}) "
          f"{verdict(rss_ratio <= TARGET_RSS)}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({
        "cores": os.cpu_count(), "load_average": load, "small": args.small,
        "corpus": "shared" if shared else "generated", "input_files": n_files,
        "input_bytes": n_bytes, "empty_kb_bytes": empty_bytes, "runs": runs,
        "speedup_per_round": ratios, "speedup": speedup, "cpu_bound_per_round": bounds,
        "cpu_bound": bound, "db_growth_bytes": growth,
        "db_ratio": db_ratio, "rss": rss, "rss_ratio": rss_ratio,
    }, indent=1) + "\n")


if __name__ == "__main__":
    main()
