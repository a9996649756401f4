"""Benchmark: the knowledge base from 500 to 1 M statements — build cost and query latency.

    .venv/bin/python bench/kb_scale.py                     # 500, 10k, 100k, 1M statements
    .venv/bin/python bench/kb_scale.py --sizes 500,10000,100000
    .venv/bin/python bench/kb_scale.py --small             # 500 and 10k (CI, < 40 s)

For each size it writes a synthetic curated tree to ``bench/work/kb_scale/<size>/`` in the same
format as ``src/igokit/data/`` (sources/, entities/, events/, statements/, indicators/ — every
statement cites sources; dates, notes, qualifiers, locators as in the curated files) and builds it
through the normal path (``IGOKIT_FACTS=<tree> IGOKIT_DB=<file>``, ``store.connect``), in a
fresh subprocess so that its peak RSS is its own. The synthetic data grows by adding
organizations: each "block" is one organization with its bodies, places, people, documents,
initiatives, meetings (events/), memberships, chairs, posts, priorities and document steps
(~500 statements), so the answer to a query about one organization has the same size at every
scale — a query whose time grows with the knowledge base is a missing index or a scan.

Measured per size:

- build wall time and peak RSS of the building process, per statement (ms/statement,
  KB/statement; the marginal KB/statement is against the smallest size's build);
- p50/p99 of every query the API exposes over ``kb/queries.py`` and ``kb/timeline.py`` (members
  on a date, chair, summits, secretary-general, timeline, entity lookup by name, sources by id,
  bibtex, coverage, bodies, statements about an entity, name resolution), each called on an
  organization picked at random among all blocks.

The queries run on connections with the settings of a long-running reader, those of the web
app's workers (``igokit.kb.pragmas.tune_for_reads``: the whole file memory-mapped, 32 MB of page
cache); ``--plain`` measures a plain connection (2 MB page cache, no map), where a lookup at 1 M
statements reads its pages through ``pread`` and its p99 grows with the file.

Prints ``RATIO p99(largest)/p99(smallest)`` per query (target <= 2: flat), and the build's
ms/statement and KB/statement at the largest size against the targets; writes
``bench/results/kb_scale.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work" / "kb_scale"
#: Blocks (organizations) per YAML file: ~10,000 statements per statements file.
BLOCKS_PER_FILE = 20
#: Countries the synthetic organizations draw their members, chairs and hosts from.
COUNTRIES = ("AFG", "ARM", "AZE", "BGD", "BLR", "BRA", "CHN", "EGY", "GEO", "IND", "IDN", "IRN",
             "IRQ", "ISR", "JPN", "KAZ", "KGZ", "KOR", "KWT", "LAO", "MDA", "MMR", "MNG", "NPL",
             "OMN", "PAK", "PHL", "QAT", "RUS", "SAU", "SYR", "THA", "TJK", "TKM", "TUR", "UKR",
             "UZB", "VNM", "ZAF", "ARE")
SOURCE_KINDS = ("official", "academic", "news", "reference", "dataset")
AREAS = ("security", "economy", "connectivity", "energy", "digital", "ecology", "humanitarian",
         "institutions")
FIRST_YEAR = 1990
TERMS = 25  # chair terms and summits per organization


# ---------------------------------------------------------------------------------- generator


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def _refs(rng: random.Random, srcs: list[str]) -> str:
    picks = rng.sample(srcs, 2 if rng.random() < 0.4 else 1)
    if rng.random() < 0.2:
        return "[" + ", ".join(f"{{id: {p}, locator: \"p. {rng.randint(1, 300)}\"}}"
                               for p in picks) + "]"
    return "[" + ", ".join(picks) + "]"


_NOTES = (
    "Reported by the organization's secretariat; the exact day was checked against two "
    "independent sources.",
    "The official communiqué gives the date; news reports of the same week agree.",
    "Only the year is certain: the sources disagree on the month.",
    "Stated in the final declaration of the meeting, paragraph 12.",
)


class Block:
    """One synthetic organization: its records in the four curated folders."""

    def __init__(self, b: int) -> None:  # noqa: C901 (one organization, record by record)
        rng = random.Random(b)
        self.b = b
        self.org = f"SYN-{b:04d}"
        tag = f"syn-{b:04d}"
        self.sources: list[str] = []
        self.entities: list[str] = []
        self.events: list[str] = []
        self.statements: list[str] = []
        self.n_statements = 0
        self.indicators: list[str] = []
        srcs = [f"{tag}-s{i:02d}" for i in range(40)]
        for i, sid in enumerate(srcs):
            kind = SOURCE_KINDS[i % len(SOURCE_KINDS)]
            self.sources.append(
                f"- id: {sid}\n  kind: {kind}\n"
                f"  title: {_q(f'Synthetic source {i} on organization {b}')}\n"
                f"  publisher: Synthetic Press {i % 7}\n"
                f"  url: https://example.org/{tag}/{i}\n"
                f"  date: {FIRST_YEAR + i % 30}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
                + (f"  authors: [\"Author {i}, A.\", \"Writer {b}, B.\"]\n" if kind == "academic"
                   else ""))
        members = rng.sample(COUNTRIES, 30)
        founders, joiners, partners = members[:12], members[12:22], members[22:30]
        places = [f"place:{tag}-c{i}" for i in range(6)]
        place_country = {p: members[i] for i, p in enumerate(places)}
        persons = [f"person:{tag}-p{i:02d}" for i in range(12)]
        docs = [f"doc:{tag}-d{i:02d}" for i in range(30)]
        inits = [f"initiative:{tag}-i{i:02d}" for i in range(15)]
        bodies = [f"{self.org}-{x}" for x in ("CHS", "CHG", "CFM", "SEC")]

        def ent(eid: str, kind: str, en: str, ru: str, kk: str, extra: str = "") -> None:
            self.entities.append(
                f"- id: {eid}\n  kind: {kind}\n  name: {{en: {_q(en)}, ru: {_q(ru)}, "
                f"kk: {_q(kk)}}}\n{extra}  sources: [{rng.choice(srcs)}]\n")

        ent(self.org, "organization", f"Synthetic Organization {b}",
            f"Синтетическая организация {b}", f"Синтетикалық ұйым {b}",
            f"  aliases: {{en: [{_q(f'Synthetic Org {b}')}]}}\n  qid: Q{900000 + b}\n"
            f"  description: {_q(f'A generated organization number {b} for benchmarks.')}\n")
        for body in bodies:
            ent(body, "body", f"Council {body[-3:]} of Synthetic Organization {b}",
                f"Совет {body[-3:]} синтетической организации {b}",
                f"Синтетикалық ұйым {b} {body[-3:]} кеңесі", f"  parent: {self.org}\n")
        for i, p in enumerate(places):
            ent(p, "place", f"Syncity {b}-{i}", f"Синград {b}-{i}", f"Синқала {b}-{i}",
                f"  country: {place_country[p]}\n")
        for i, p in enumerate(persons):
            ent(p, "person", f"Person {i} of Synthetic {b}", f"Персона {i} синтетики {b}",
                f"Тұлға {i} синтетика {b}", f"  country: {rng.choice(members)}\n")
        for i, d in enumerate(docs):
            ent(d, "document", f"Synthetic Declaration {b}-{i}",
                f"Синтетическая декларация {b}-{i}", f"Синтетикалық декларация {b}-{i}",
                f"  parent: {self.org}\n")
        for i, ini in enumerate(inits):
            ent(ini, "initiative", f"Synthetic Initiative {b}-{i}",
                f"Синтетическая инициатива {b}-{i}", f"Синтетикалық бастама {b}-{i}",
                f"  parent: {self.org}\n  area: {AREAS[i % len(AREAS)]}\n"
                f"  country: {rng.choice(founders)}\n")

        def st(subject: str, predicate: str, obj: str | None = None, value: str | None = None,
               start: str | None = None, end: str | None = None, qual: str | None = None) -> None:
            lines = [f"- subject: {subject}", f"  predicate: {predicate}"]
            if obj:
                lines.append(f"  object: {obj}")
            if value:
                lines.append(f"  value: {_q(value) if ' ' in value else value}")
            if start:
                lines.append(f"  start: {start}")
            if end:
                lines.append(f"  end: {end}")
            if qual:
                lines.append(f"  qualifiers: {qual}")
            lines.append(f"  sources: {_refs(rng, srcs)}")
            if rng.random() < 0.3:
                lines.append(f"  note: {_q(rng.choice(_NOTES))}")
            self.statements.append("\n".join(lines) + "\n")
            self.n_statements += 1

        founded = f"{FIRST_YEAR}-06-15"
        st(self.org, "founded", places[0], start=founded)
        st(self.org, "seat", places[0], start=founded)
        st(bodies[3], "seat", places[1], start=f"{FIRST_YEAR + 2}-01")
        for c in founders:
            st(c, "membership", self.org, "member", founded, qual="{founding: true}")
        for k, c in enumerate(joiners):
            turn = f"{FIRST_YEAR + 5 + k}-07-0{1 + k % 9}"
            st(c, "membership", self.org, "observer", f"{FIRST_YEAR + 1 + k}", turn)
            st(c, "membership", self.org, "member", turn)
        for k, c in enumerate(partners):
            st(c, "membership", self.org, "dialogue_partner", f"{FIRST_YEAR + 3 + k}-03")
        years = [FIRST_YEAR + k for k in range(TERMS)]
        chairs = [(founders + joiners)[k % 22] for k in range(TERMS)]
        for k, y in enumerate(years):
            st(chairs[k], "chair", self.org, start=f"{y}-06-16", end=f"{y + 1}-06-16")
            for j in range(6):
                st(chairs[k], "priority", self.org, f"Priority {j} of the {y} chairmanship",
                   f"{y}-06-16", f"{y + 1}-06-16")
        for k in range(8):
            y = FIRST_YEAR + 3 * k
            st(persons[k], "office", self.org, "secretary-general", f"{y}-01-01",
               f"{y + 3}-01-01")
            st(persons[(k + 4) % 12], "office", bodies[3], "director", f"{y}-02", f"{y + 3}-02")
        for k, y in enumerate(years):  # the summits: events/ records
            city = places[k % 6]
            doc_list = f"[{docs[k]}]"
            self.events.append(
                f"- id: event:{tag}-hos-{y}\n  org: {self.org}\n  body: {bodies[0]}\n"
                f"  ordinal: {k + 1}\n  date: {y}-06-14\n  last_day: {y}-06-15\n"
                f"  city: {city}\n  country: {place_country[city]}\n"
                f"  format: {'video' if k % 9 == 8 else 'in_person'}\n  chair: {chairs[k]}\n"
                f"  documents: {doc_list}\n  sources: {_refs(rng, srcs)}\n"
                f"  note: {_q(f'Summit {k + 1} of organization {b}.')}\n")
            self.n_statements += 6
        # a hand-written step for a document adopted at a summit replaces the implied one
        st(docs[0], "status", f"event:{tag}-hos-{FIRST_YEAR}", "signed", f"{FIRST_YEAR}-06-15")
        self.n_statements -= 1
        for i, d in enumerate(docs):
            st(d, "status", self.org, "in_force", f"{FIRST_YEAR + i}-{1 + i % 12:02d}")
        for i, d in enumerate(docs[25:]):
            st(d, "covers", start=f"{FIRST_YEAR + i}", end=f"{FIRST_YEAR + i + 5}")
        for i, ini in enumerate(inits):
            y = years[i + 2]
            who = persons[i % 12] if i % 2 else founders[i % 12]
            st(ini, "proposed_by", who, start=f"{y}-06-14")
            st(ini, "status", f"event:{tag}-hos-{y}", "proposed", f"{y}-06-14")
            st(ini, "status", f"event:{tag}-hos-{y + 1}", "adopted", f"{y + 1}-06-14")
            st(ini, "status", self.org, "implemented", f"{y + 3}")
        for k in range(5):
            values = ", ".join(f"{c}: {10 + k}" for c in founders[:4])
            self.indicators.append(
                f"- indicator: syn_budget\n  period: {FIRST_YEAR + k}\n  unit: USD million\n"
                f"  source: {srcs[k]}\n  values: {{{values}}}\n")


def generate(size: int) -> tuple[Path, int]:
    """Write (once) the synthetic tree for about ``size`` statements; return it and its exact
    number of statements."""
    probe = Block(0)
    blocks = max(1, round(size / probe.n_statements))
    root = WORK / str(size)
    done = root / "DONE.json"
    if done.exists():
        info = json.loads(done.read_text())
        if info.get("blocks") == blocks:
            return root, int(info["statements"])
    total = 0
    for folder in ("sources", "entities", "events", "statements", "indicators"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for old in (root / folder).glob("*.yaml"):
            old.unlink()
    for first in range(0, blocks, BLOCKS_PER_FILE):
        part = [Block(b) for b in range(first, min(first + BLOCKS_PER_FILE, blocks))]
        total += sum(p.n_statements for p in part)
        name = f"syn_{first // BLOCKS_PER_FILE:04d}.yaml"
        header = f"# Synthetic organizations {first}..{first + len(part) - 1} (bench/kb_scale.py)\n"
        for folder, attr in (("sources", "sources"), ("entities", "entities"),
                             ("events", "events"), ("statements", "statements"),
                             ("indicators", "indicators")):
            with open(root / folder / name, "w", encoding="utf-8") as fh:
                fh.write(header)
                for p in part:
                    fh.writelines(getattr(p, attr))
    done.write_text(json.dumps({"blocks": blocks, "statements": total}))
    return root, total


# ------------------------------------------------------------------------------------- build

_BUILD = """
import json, resource, sys, time
t = time.perf_counter()
from igokit.kb.store import connect
conn = connect(sys.argv[1])
took = time.perf_counter() - t
n = conn.execute("SELECT count(*) FROM statements").fetchone()[0]
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": took, "statements": n, "peak_rss_kb": usage.ru_maxrss,  # KB
                  "cpu_seconds": usage.ru_utime + usage.ru_stime}))
"""


def build(root: Path, db: Path) -> dict[str, float]:
    """Build ``root`` into a fresh ``db`` through the normal path in a child process: its wall
    time (imports included) and peak RSS."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, IGOKIT_FACTS=str(root), IGOKIT_DB=str(db))
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _BUILD, str(db)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    wall = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"build of {root} failed:\n{err}")
    info = json.loads(out.strip().splitlines()[-1])
    return {"wall_s": wall, "build_s": info["seconds"], "cpu_s": info["cpu_seconds"],
            "statements": info["statements"], "peak_rss_kb": float(info["peak_rss_kb"])}


def reference_parse(root: Path) -> float:
    """CPU seconds to parse every file of ``root`` with the pure-Python line-keeping loader
    that the build used before (the reference of the build's ratio; parsing only, nothing
    written, nothing checked)."""
    from igokit.kb import yamlfile

    t = time.process_time()
    for path in sorted(root.glob("*/*.yaml")):
        loader = yamlfile._LineLoader(path.read_text(encoding="utf-8"))
        try:
            loader.get_single_data()
        finally:
            loader.dispose()
    return time.process_time() - t


# ----------------------------------------------------------------------------------- queries

Query = Callable[[Any, int], object]


def queries() -> dict[str, Query]:
    """Every query the API exposes over kb/queries.py, kb/timeline.py and kb/entity.py, asked
    about organization ``b`` (or its people, sources ...)."""

    def org(b: int) -> str:
        return f"SYN-{b:04d}"

    return {
        "members on a date": lambda kb, b: kb.members(org(b), on="2000-01-01"),
        "members, all statuses, a year": lambda kb, b: kb.members(org(b), on="2000",
                                                                  status="all"),
        "chair on a date": lambda kb, b: kb.chair(org(b), on="2000-07-01"),
        "chair history": lambda kb, b: kb.chair(org(b), history=True),
        "summits": lambda kb, b: kb.summits(org(b)),
        "secretary-general on a date": lambda kb, b: kb.officials(org(b), on="2001-06-01"),
        "officials history": lambda kb, b: kb.officials(org(b), role="all", history=True),
        "timeline": lambda kb, b: kb.timeline(org(b)),
        "timeline seen from a country": lambda kb, b: kb.timeline(org(b), "KAZ"),
        "entity by English name": lambda kb, b: kb.entity(f"Synthetic Organization {b}"),
        "entity by Russian name": lambda kb, b: kb.entity(f"Персона 3 синтетики {b}"),
        "entity by id (a document)": lambda kb, b: kb.entity(f"doc:syn-{b:04d}-d07"),
        "sources by id": lambda kb, b: kb.sources([f"syn-{b:04d}-s01", f"syn-{b:04d}-s17"]),
        "bibtex by id": lambda kb, b: kb.bibtex([f"syn-{b:04d}-s03"]),
        "bodies of an organization": lambda kb, b: kb.bodies_of(org(b)),
        "coverage of an organization": lambda kb, b: kb.coverage(org(b)),
    }


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_queries(kbs: dict[int, Any], blocks: dict[int, int], rounds: int, seed: int = 7
                 ) -> dict[str, dict[int, list[float]]]:
    """Milliseconds of every query at every size, interleaved: each round asks each query once
    of each size (about a random organization of that size), so the machine's slow moments hit
    every size alike."""
    rng = random.Random(seed)
    times: dict[str, dict[int, list[float]]] = {q: {n: [] for n in kbs} for q in queries()}
    for fn in queries().values():  # once untimed: first-use costs (caches, page-in)
        for kb in kbs.values():
            fn(kb, 0)
    for _ in range(rounds):
        for name, fn in queries().items():
            for n, kb in kbs.items():
                b = rng.randrange(blocks[n])
                t = time.perf_counter()
                fn(kb, b)
                times[name][n].append((time.perf_counter() - t) * 1000)
    return times


# -------------------------------------------------------------------------------------- main


def _label(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else (
        f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n))


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--sizes", default="500,10000,100000,1000000",
                    help="statements, comma-separated (default: 500,10000,100000,1000000)")
    ap.add_argument("--small", action="store_true", help="500 and 10k only (CI)")
    ap.add_argument("--rounds", type=int, default=200, help="calls of each query at each size")
    ap.add_argument("--keep", action="store_true",
                    help="reuse a knowledge base already built for a size (no build timing)")
    ap.add_argument("--plain", action="store_true",
                    help="query through a plain connection (SQLite's 2 MB page cache, no memory "
                         "map) instead of the long-running reader settings of the web app")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "kb_scale.json"))
    args = ap.parse_args()
    sizes = [500, 10_000] if args.small else sorted(int(x) for x in args.sizes.split(","))
    rounds = min(args.rounds, 60) if args.small else args.rounds

    builds: dict[int, dict[str, float]] = {}
    trees: dict[int, Path] = {}
    blocks: dict[int, int] = {}
    for n in sizes:
        t = time.perf_counter()
        root, count = generate(n)
        trees[n] = root
        blocks[n] = json.loads((root / "DONE.json").read_text())["blocks"]
        db = WORK / f"kb-{n}.sqlite"
        print(f"# {_label(n)}: {count} statements in {root} ({time.perf_counter() - t:.1f} s)",
              flush=True)
        if args.keep and db.exists():
            continue
        builds[n] = build(root, db)
        builds[n]["statements_in_tree"] = count
        b = builds[n]
        print(f"#   built in {b['build_s']:.1f} s, peak RSS {b['peak_rss_kb'] / 1024:.0f} MB",
              flush=True)

    reference: dict[str, float] = {}
    ref_size = 10_000 if 10_000 in builds else (min(builds) if builds else 0)
    if ref_size:
        ref_s = reference_parse(trees[ref_size])
        reference = {"size": ref_size, "pure_python_parse_cpu_s": ref_s,
                     "build_cpu_s": builds[ref_size]["cpu_s"]}

    from igokit.kb.knowledge_base import KnowledgeBase
    from igokit.kb.pragmas import tune_for_reads

    kbs: dict[int, Any] = {}
    for n in sizes:
        os.environ["IGOKIT_FACTS"] = str(trees[n])  # the tree it was built from: no rebuild
        kbs[n] = KnowledgeBase(WORK / f"kb-{n}.sqlite")
        kbs[n].conn  # noqa: B018 (open it now, with the matching tree)
        if not args.plain:  # the reader settings of the web app's workers
            tune_for_reads(kbs[n].conn)
    times = time_queries(kbs, blocks, rounds)

    small, large = sizes[0], sizes[-1]
    rows: list[dict[str, Any]] = []
    head = "".join(f"  {_label(n):>8} p50/p99" for n in sizes)
    width = max(len(q) for q in times)
    print(f"\n{'query (ms)':<{width}}{head}")
    for q, per in times.items():
        cells = "".join(f"  {_pct(per[n], 0.5):>7.2f}/{_pct(per[n], 0.99):<7.2f}" for n in sizes)
        print(f"{q:<{width}}{cells}")
        rows.append({"query": q, **{f"p50_{n}": round(_pct(per[n], 0.5), 3) for n in sizes},
                     **{f"p99_{n}": round(_pct(per[n], 0.99), 3) for n in sizes}})
    if builds:
        print(f"\n{'build':<7}{'statements':>11}{'wall s':>8}{'CPU s':>8}{'ms/stmt':>9}"
              f"{'CPU ms/stmt':>12}{'RSS MB':>8}{'KB/stmt':>9}")
        for n, b in builds.items():
            b["ms_per_statement"] = 1000 * b["build_s"] / b["statements"]
            b["cpu_ms_per_statement"] = 1000 * b["cpu_s"] / b["statements"]
            b["kb_per_statement"] = b["peak_rss_kb"] / b["statements"]
            print(f"{_label(n):<7}{int(b['statements']):>11}{b['build_s']:>8.1f}"
                  f"{b['cpu_s']:>8.1f}{b['ms_per_statement']:>9.3f}"
                  f"{b['cpu_ms_per_statement']:>12.3f}{b['peak_rss_kb'] / 1024:>8.0f}"
                  f"{b['kb_per_statement']:>9.2f}")
    print()
    if len(sizes) > 1:
        for r in rows:
            ratio = r[f"p99_{large}"] / max(r[f"p99_{small}"], 1e-6)
            r["ratio_p99"] = round(ratio, 2)
            r["ratio_p50"] = round(r[f"p50_{large}"] / max(r[f"p50_{small}"], 1e-6), 2)
            print(f"RATIO p99({_label(large)})/p99({_label(small)}) {r['query']}: {ratio:.2f} "
                  f"(target <= 2) {'PASS' if ratio <= 2 else 'MISS'}  [p50 ratio "
                  f"{r['ratio_p50']:.2f}]")
    built = sorted(builds)
    if built:
        top = builds[built[-1]]
        lab = _label(built[-1])
        cpu = top["cpu_ms_per_statement"]
        print(f"RATIO build CPU ms/statement at {lab}: {cpu:.3f} (target <= 0.2; "
              f"0.47 before, issue 13) {'PASS' if cpu <= 0.2 else 'MISS'}")
        kb = top["kb_per_statement"]
        print(f"RATIO build peak RSS KB/statement at {lab}: {kb:.2f} (target <= 1.5; 11.7 "
              f"before) {'PASS' if kb <= 1.5 else 'MISS'}")
    if len(built) > 1:
        lo, hi = builds[built[0]], builds[built[-1]]
        span = hi["statements"] - lo["statements"]
        growth = (hi["cpu_ms_per_statement"] / max(builds[built[-2]]["cpu_ms_per_statement"],
                                                    1e-9))
        print(f"(marginal per statement {_label(built[0])}..{_label(built[-1])}: "
              f"{1000 * (hi['cpu_s'] - lo['cpu_s']) / span:.3f} CPU ms, "
              f"{(hi['peak_rss_kb'] - lo['peak_rss_kb']) / span:.2f} KB)")
        print(f"RATIO build CPU ms/statement {_label(built[-1])}/{_label(built[-2])}: "
              f"{growth:.2f} (target <= 1.3: linear) {'PASS' if growth <= 1.3 else 'MISS'}")
    if reference:
        speed = reference["pure_python_parse_cpu_s"] / reference["build_cpu_s"]
        reference["ratio"] = speed
        lab = _label(int(reference["size"]))
        print(f"RATIO CPU: pure-Python YAML parse alone / whole build ({lab}): {speed:.1f} "
              f"(target >= 3) {'PASS' if speed >= 3 else 'MISS'}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"sizes": sizes, "rounds": rounds,
                               "connection": "plain" if args.plain else "tune_for_reads",
                               "queries": rows,
                               "builds": {str(n): b for n, b in builds.items()},
                               "reference": reference}, indent=1) + "\n")


if __name__ == "__main__":
    main()
