#!/usr/bin/env python3
"""Throughput and latency of the web app (``igokit serve``) under concurrent clients.

    python bench/web.py [--docs 5000] [--clients 50] [--workers N] [--duration 6]
                        [--shared PATH] [--out bench/results/web.json] [--client auto|wrk|python]
                        [--only ROW ...] [--small]

1. Builds (once; cached in ``bench/work/web-kb-<docs>.sqlite``) a knowledge base with ``--docs``
   ingested documents, through the normal API (``igokit.api.ingest``). Each document is a
   recombination of real paragraphs (``shared/corpus``: 70+ published texts in en/ru/kk about
   the SCO, cut at blank lines), 4–12 paragraphs per document with a title line and a date in a
   sidecar, so the passages, languages and mentions are those of real text. Without
   ../shared (CI) a small built-in set of en/ru/kk sentences stands in.
2. Starts ``igokit serve --workers N`` in a subprocess on a free port of 127.0.0.1 and waits
   until it answers.
3. Drives it with ``wrk`` (HTTP/1.1 keep-alive, ``--clients`` connections, 2 threads; a Lua
   script cycles through each endpoint's URL list and reports p50/p99 with wrk's HDR
   histogram) when ``wrk`` is on the PATH (Debian: ``apt-get install wrk``). Otherwise a lean
   client written here: 2 processes, each an asyncio loop over raw keep-alive sockets (no HTTP
   library: it parses only the status line and Content-Length) — say so in the output, since
   a Python client eats a good part of a core itself. The CPU time the load generator used is
   measured (its rusage) and reported per row, as a share of the machine.
4. Per endpoint: requests/s, p50, p99, errors. The reference, measured in the same run and
   interleaved with the others (reference, subject, reference, ...), is ``/api/health``: the
   smallest answer through the whole stack (HTTP server, every middleware, routing) — the
   server's ceiling on this machine. Prints

       RATIO members req/s / 2000: ... (target >= 1) PASS|MISS
       RATIO search p99 / 100 ms: ... (target <= 1) PASS|MISS

   ``members`` is ``/api/members?org=SCO&on=D`` over 40 dates (answers cached after the first
   pass, as in real use). ``members cold`` and ``search`` ask a different URL every time (a new
   date; a new query of one or two frequent words of the corpus), so every request misses the
   cache; ``search 1 client`` is the same kind of query from a single client: the time of a
   search itself, without waiting behind the other 49 (with 50 clients a CPU-bound answer waits
   for about 50 x its CPU time / cores). ``search hot`` cycles through 20 queries (cached).
   ``/api/health`` is not cached, so a cached answer can be sent faster than it.

``--small`` (CI): 100 documents, 10 clients, 1 s per row, five rows (members, documents, both
search rows, check): it keeps the script working; its PASS/MISS mean nothing.

``--hostile`` (the load figures of docs/security.md; bounded: under 2 minutes once the
knowledge base is built) — on the loopback interface against ``igokit serve``, with one 5 MB
document added to the knowledge base:

a. the large document's page, cold, while one client asks ``/api/health`` in a loop: how long
   the page took and the slowest health answer meanwhile (does the page block the server?);
b. ``--requests`` (2,000) requests from ``--clients`` (200) concurrent keep-alive clients, mixed:
   members, entity, documents, search (new queries), pages of the large document: p50, p99,
   max and the error rate (non-2xx or no answer within 60 s);
c. ``--idle`` (1,500) TCP connections opened and left idle; then a normal request on a new
   connection (answered? how fast?), and how long the server holds the idle connections
   (watched up to 30 s).

    python bench/web.py --hostile [--docs 500] [--workers N]

Run the code of another tree (e.g. the code before a change) with PYTHONPATH=/that/src.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing as mp
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = HERE / "results" / "web.json"

FALLBACK_PARAGRAPHS = [
    "The Shanghai Cooperation Organisation held its summit in Astana on 4 July 2024; Kazakhstan "
    "handed the chairmanship to China. Leaders discussed security, trade and transport "
    "corridors across Central Asia.",
    "India and Pakistan became full members of the SCO in June 2017, eight states in all. Iran "
    "joined in 2023 and Belarus in 2024, while Mongolia remains an observer.",
    "Trade between Kazakhstan and China reached new records, and the energy cooperation of the "
    "member states covers oil, gas and electricity along the new railway corridor.",
    "Шанхайская организация сотрудничества провела саммит в Астане 4 июля 2024 года. "
    "Казахстан передал председательство Китаю; обсуждались безопасность и торговля.",
    "Терроризм, сепаратизм и экстремизм остаются главными угрозами для государств ШОС, "
    "поэтому региональная антитеррористическая структура в Ташкенте расширяет работу.",
    "Шанхай ынтымақтастық ұйымының саммиті 2024 жылы Астанада өтті. Қазақстан төрағалықты "
    "Қытайға тапсырды, ал көлік дәліздері мен сауда талқыланды.",
    "Қазақстан мен Өзбекстан энергетика және су ресурстары бойынша ынтымақтастықты "
    "кеңейтуге келісті; бұл аймақтың тұрақтылығы үшін маңызды.",
    "The secretary-general of the SCO met the foreign ministers in Beijing to prepare the "
    "council of heads of state, and observers from Afghanistan and Mongolia attended.",
]


# ---------------------------------------------------------------------------------------------
# 1. The knowledge base


def paragraph_pool(shared: Path) -> tuple[list[str], str]:
    files = sorted((shared / "corpus" / "real").glob("*.txt")) + sorted(
        (shared / "corpus").glob("*.txt"))
    pool: list[str] = []
    for f in files:
        for part in re.split(r"\n\s*\n", f.read_text(encoding="utf-8", errors="replace")):
            part = " ".join(part.split())
            if 80 <= len(part) <= 3000:
                pool.append(part)
    if len(pool) >= 50:
        return pool, f"{len(pool)} paragraphs of {len(files)} texts in {shared / 'corpus'}"
    return FALLBACK_PARAGRAPHS, "built-in sentences (no ../shared/corpus)"


def write_documents(folder: Path, n: int, pool: list[str], seed: int = 13) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        k = rng.randint(4, 12)
        paras = rng.sample(pool, min(k, len(pool)))
        day = dt.date(2002, 1, 1) + dt.timedelta(days=rng.randrange(0, 8700))
        title = f"Bench document {i:05d}: {paras[0][:60]}"
        (folder / f"doc{i:05d}.txt").write_text(title + "\n\n" + "\n\n".join(paras) + "\n",
                                               encoding="utf-8")
        (folder / f"doc{i:05d}.txt.meta.yaml").write_text(
            f"title: \"Bench document {i:05d}\"\ndate: {day.isoformat()}\n", encoding="utf-8")


def build_kb(n_docs: int, shared: Path) -> tuple[Path, str]:
    """The cached knowledge base with ``n_docs`` ingested documents (built once)."""
    WORK.mkdir(parents=True, exist_ok=True)
    pool, what = paragraph_pool(shared)
    name = f"web-kb-{n_docs}" + ("-builtin" if pool is FALLBACK_PARAGRAPHS else "")
    db, done = WORK / f"{name}.sqlite", WORK / f"{name}.done"
    if db.exists() and done.exists():
        return db, done.read_text(encoding="utf-8")
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    docs = WORK / f"{name}-docs"
    shutil.rmtree(docs, ignore_errors=True)
    write_documents(docs, n_docs, pool)
    from igokit.api import KnowledgeBase, ingest

    t0 = time.perf_counter()
    kb = KnowledgeBase(db)
    report = ingest(kb, [docs], workers=min(2, os.cpu_count() or 1))
    n = len(report.added) if hasattr(report, "added") else n_docs
    kb.close()
    note = (f"{n} documents ingested in {time.perf_counter() - t0:.0f} s from {what}")
    print(note, file=sys.stderr)
    done.write_text(note, encoding="utf-8")
    shutil.rmtree(docs, ignore_errors=True)
    return db, note


def search_words(pool: list[str], n: int, seed: int = 7) -> list[str]:
    """Queries that find something: one or two of the frequent words (5+ letters) of the
    paragraphs the documents were made of, all different."""
    rng = random.Random(seed)
    words: dict[str, int] = {}
    for para in pool:
        for w in re.findall(r"[^\W\d_]{5,}", para.lower()):
            words[w] = words.get(w, 0) + 1
    common = [w for w, _ in sorted(words.items(), key=lambda kv: -kv[1])[:600]]
    out: set[str] = set()
    limit = min(n, len(common) * (len(common) - 1) // 2 + len(common))
    while len(out) < limit:
        out.add(" ".join(rng.sample(common, rng.choice((1, 2, 2)))))
    return sorted(out)


# ---------------------------------------------------------------------------------------------
# 2. The server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "IGOKIT_DB": str(db)}
    env.pop("IGOKIT_TOKEN", None)
    cmd = [sys.executable, "-m", "igokit", "--db", str(db), "serve", "--port", str(port),
           "--workers", str(workers), "--log-level", "warning"]
    WORK.mkdir(parents=True, exist_ok=True)
    log = (WORK / "web-server.log").open("wb")  # a file: a full pipe would stall the server
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server exited: " + server_log()[-2000:])
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                pass
            # every worker up: several quick requests (workers accept in turn)
            for _ in range(4 * workers):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5).read()
            return proc, port
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise SystemExit("server did not answer within 120 s")


def server_log() -> str:
    path = WORK / "web-server.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) of the server process and its workers so far."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                todo += [int(k) for k in kids]
        except OSError:
            continue
    return total


# ---------------------------------------------------------------------------------------------
# 3. Load generators

WRK_LUA = r"""
local paths = {}
local n = 0
local i = 0
local body = nil
local threads = 0
setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end
init = function(args)
  for line in io.lines(args[1]) do n = n + 1; paths[n] = line end
  if args[2] ~= nil and args[2] ~= "" then
    local f = io.open(args[2], "rb"); body = f:read("*a"); f:close()
  end
  -- the threads start half the list apart: a URL is not asked twice until the list wraps
  i = math.floor(id * n / 2)
end
request = function()
  i = (i % n) + 1
  if body ~= nil then
    return wrk.format("POST", paths[i], {["Content-Type"] = "application/json"}, body)
  end
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p99_us\": %d, " ..
    "\"max_us\": %d, \"errors\": %d, \"non2xx\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def run_wrk(port: int, paths: list[str], clients: int, duration: float,
            body: bytes | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="igokit-wrk-") as tmp:
        lua, plist, bfile = Path(tmp) / "s.lua", Path(tmp) / "paths.txt", Path(tmp) / "body"
        lua.write_text(WRK_LUA)
        plist.write_text("\n".join(paths) + "\n")
        if body is not None:
            bfile.write_bytes(body)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(
            ["wrk", "-t", str(min(2, clients)), "-c", str(clients),
             "-d", f"{max(1, round(duration))}s", "--timeout", "10s", "-s", str(lua),
             f"http://127.0.0.1:{port}", "--", str(plist),
             str(bfile) if body is not None else ""],
            capture_output=True, text=True, check=True).stdout
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = re.search(r"WRKJSON (\{.*\})", out)
    if not found:
        raise RuntimeError(f"wrk printed no result: {out[-1000:]}")
    r = json.loads(found.group(1))
    secs = r["duration_us"] / 1e6
    return {"requests": r["requests"], "rps": r["requests"] / secs, "p50_ms": r["p50_us"] / 1e3,
            "p99_ms": r["p99_us"] / 1e3, "max_ms": r["max_us"] / 1e3,
            "errors": r["errors"] + r["non2xx"],
            "client_cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
            "wall_s": secs}


def _py_client(port: int, paths: list[str], conns: int, duration: float, body: bytes | None,
               seed: int, out: Any) -> None:
    """One process of the fallback client: ``conns`` keep-alive connections on one asyncio
    loop; raw HTTP/1.1 (status line and Content-Length only: the app always sends it)."""
    lat: list[float] = []
    errors = 0
    async def one(k: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        # connections start evenly apart in the list: no URL asked twice before it wraps
        i = (seed * conns + k) * len(paths) // (conns * 2)
        end = time.perf_counter() + duration
        while time.perf_counter() < end:
            i = (i + 1) % len(paths)
            if body is None:
                req = f"GET {paths[i]} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
            else:
                req = (f"POST {paths[i]} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       f"Content-Type: application/json"
                       f"\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
            t = time.perf_counter()
            writer.write(req)
            head = await reader.readuntil(b"\r\n\r\n")
            m = re.search(rb"(?i)content-length: *(\d+)", head)
            await reader.readexactly(int(m.group(1)) if m else 0)
            lat.append(time.perf_counter() - t)
            if not head.startswith(b"HTTP/1.1 2"):
                errors += 1
        writer.close()

    async def main() -> None:
        await asyncio.gather(*(one(k) for k in range(conns)))

    t0 = time.perf_counter()
    asyncio.run(main())
    out.put((lat, errors, time.perf_counter() - t0))


def run_python(port: int, paths: list[str], clients: int, duration: float,
               body: bytes | None = None) -> dict[str, Any]:
    procs = 2
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    ps = [ctx.Process(target=_py_client, args=(port, paths, clients // procs + (k < clients %
                                                                                procs),
                                               duration, body, k, q)) for k in range(procs)]
    for p in ps:
        p.start()
    results = [q.get() for _ in ps]
    for p in ps:
        p.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lat = sorted(x for r in results for x in r[0])
    wall = max(r[2] for r in results)
    return {"requests": len(lat), "rps": len(lat) / wall,
            "p50_ms": 1e3 * lat[len(lat) // 2] if lat else 0.0,
            "p99_ms": 1e3 * lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0.0,
            "max_ms": 1e3 * lat[-1] if lat else 0.0,
            "errors": sum(r[1] for r in results),
            "client_cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
            "wall_s": wall}


# ---------------------------------------------------------------------------------------------
# 4. The endpoints


SMALL_ROWS = ("members", "documents", "search", "search 1 client", "check")

Endpoint = tuple[list[str], bytes | None, int | None]  # URLs, POST body, clients (None: all)


def endpoints(pool: list[str], n_queries: int) -> dict[str, Endpoint]:
    rng = random.Random(3)
    dates = sorted({(dt.date(2001, 6, 15) + dt.timedelta(days=rng.randrange(0, 8700))).isoformat()
                    for _ in range(40)})
    cold_days = [(dt.date(1901, 1, 1) + dt.timedelta(days=k)).isoformat() for k in range(60000)]
    rng.shuffle(cold_days)
    queries = search_words(pool, n_queries)
    rng.shuffle(queries)
    entities = ["KAZ", "CHN", "RUS", "IND", "SCO", "UZB", "KGZ", "TJK", "PAK", "IRN"]
    check = json.dumps({"text": "Kazakhstan chaired the SCO in 2024. India joined the SCO in "
                                "2017. The SCO summit in Astana took place on 4 July 2024.",
                        "org": "SCO"}).encode()
    half = len(queries) // 2
    cold, alone = queries[:half], queries[half:]  # never the same query in two rows
    return {
        "health": (["/api/health"], None, None),
        "members": ([f"/api/members?org=SCO&on={d}" for d in dates], None, None),
        "members cold": ([f"/api/members?org=SCO&on={d}" for d in cold_days], None, None),
        "observers": ([f"/api/members?org=SCO&status=observer&on={d}" for d in dates], None,
                      None),
        "chair": ([f"/api/chair?org=SCO&on={d}" for d in dates], None, None),
        "summits": (["/api/summits?org=SCO"], None, None),
        "entity": ([f"/api/entity/{e}" for e in entities], None, None),
        "timeline": (["/api/timeline?org=SCO"], None, None),
        "sources": (["/api/sources"], None, None),
        "documents": (["/api/documents?limit=50", "/api/documents?limit=50&offset=50"], None,
                      None),
        "page org": (["/org/SCO"], None, None),
        "search": ([f"/api/search?q={quote(q)}" for q in cold], None, None),
        "search 1 client": ([f"/api/search?q={quote(q)}" for q in alone], None, 1),
        "search hot": ([f"/api/search?q={quote(q)}" for q in cold[:20]], None, None),
        "check": (["/api/check"], check, None),
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = (f"{'endpoint':<14} {'req/s':>8} {'x ceiling':>9} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'errors':>6} {'client CPU':>10} {'server CPU':>10}")
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r['endpoint']:<14} {r['rps']:>8.0f} {r['of_ceiling']:>9.2f} "
                     f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors']:>6} "
                     f"{r['client_cpu_share']:>9.0%} {r['server_cpu_share']:>9.0%}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# 5. Hostile load (--hostile)

BIG_CHARS = 5_000_000


def build_big_kb(n_docs: int, shared: Path) -> tuple[Path, int, str]:
    """The ``n_docs`` knowledge base plus one document of about 5 MB (built once): its path,
    the large document's id and a note."""
    db, note = build_kb(n_docs, shared)
    big_db, done = WORK / f"{db.stem}-big.sqlite", WORK / f"{db.stem}-big.done"
    if big_db.exists() and done.exists():
        doc_id, what = done.read_text(encoding="utf-8").split("\n", 1)
        return big_db, int(doc_id), what
    for p in (big_db, Path(f"{big_db}-wal"), Path(f"{big_db}-shm")):
        p.unlink(missing_ok=True)
    import sqlite3

    src, dst = sqlite3.connect(db), sqlite3.connect(big_db)
    src.backup(dst)
    src.close()
    dst.close()
    pool, _ = paragraph_pool(shared)
    rng = random.Random(5)
    folder = WORK / "web-big-doc"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    parts, size = ["A large document"], 0
    while size < BIG_CHARS:
        parts.append(rng.choice(pool))
        size += len(parts[-1]) + 2
    (folder / "large.txt").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    (folder / "large.txt.meta.yaml").write_text('title: "A large document"\ndate: 2024-07-05\n',
                                                encoding="utf-8")
    from igokit.api import KnowledgeBase, has_document, ingest, sha256_file

    kb = KnowledgeBase(big_db)
    ingest(kb, [folder], workers=1)
    doc_id = has_document(kb.conn, sha256_file(folder / "large.txt"))
    kb.close()
    shutil.rmtree(folder, ignore_errors=True)
    if doc_id is None:
        raise SystemExit("the large document was not stored")
    what = f"{note}; plus one document of {size / 1e6:.1f} M characters (id {doc_id})"
    done.write_text(f"{doc_id}\n{what}", encoding="utf-8")
    return big_db, int(doc_id), what


async def _get(port: int, path: str, timeout: float = 60.0,
               conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
               ) -> tuple[int, float]:
    """One GET (on ``conn`` if given, else a new connection): (status or 0, seconds)."""
    t = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            reader, writer = conn or await asyncio.open_connection("127.0.0.1", port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            m = re.search(rb"(?i)content-length: *(\d+)", head)
            await reader.readexactly(int(m.group(1)) if m else 0)
            if conn is None:
                writer.close()
            return int(head.split()[1]), time.perf_counter() - t
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
        return 0, time.perf_counter() - t


async def big_page_blocking(port: int, big_id: int) -> dict[str, Any]:
    """(a) The large document's page, cold, and /api/health asked in a loop meanwhile."""
    health: list[float] = []
    page: dict[str, Any] = {}

    async def one_page() -> None:
        status, secs = await _get(port, f"/documents/{big_id}?page=2", timeout=90)
        page.update(status=status, seconds=secs)

    task = asyncio.create_task(one_page())
    await asyncio.sleep(0.05)
    while not task.done():
        _status, secs = await _get(port, "/api/health", timeout=90)
        health.append(secs)
        await asyncio.sleep(0.02)
    await task
    return {"page_status": page["status"], "page_s": page["seconds"],
            "health_requests": len(health), "health_max_ms": 1e3 * max(health, default=0.0),
            "health_p50_ms": 1e3 * statistics.median(health) if health else 0.0}


def mixed_paths(pool: list[str], big_id: int, n: int) -> list[str]:
    rng = random.Random(11)
    queries = search_words(pool, n)
    entities = ["KAZ", "CHN", "RUS", "IND", "SCO", "UZB", "KGZ", "TJK", "PAK", "IRN"]
    out = []
    for i in range(n):
        kind = i % 10
        if kind < 3:
            day = dt.date(2001, 6, 15) + dt.timedelta(days=rng.randrange(0, 8700))
            out.append(f"/api/members?org=SCO&on={day.isoformat()}")
        elif kind < 5:
            out.append(f"/api/entity/{rng.choice(entities)}")
        elif kind == 5:
            out.append(f"/api/documents?limit=50&offset={rng.randrange(0, 400)}")
        elif kind < 8:
            out.append(f"/api/search?q={quote(queries[i % len(queries)])}")
        elif kind == 8:
            out.append(f"/documents/{big_id}?page={rng.randint(1, 50)}")
        else:
            out.append(f"/api/documents/{big_id}?page={rng.randint(1, 50)}")
    rng.shuffle(out)
    return out


async def mixed_load(port: int, paths: list[str], clients: int, cap_s: float = 75.0
                     ) -> dict[str, Any]:
    """(b) ``len(paths)`` requests from ``clients`` keep-alive clients, each taking the next
    path of the shared list; stops at ``cap_s`` (what is left counts as errors)."""
    todo = list(reversed(paths))
    lat: list[float] = []
    statuses: Counter[int] = Counter()
    by_kind: dict[str, list[float]] = {}
    end = time.perf_counter() + cap_s

    async def client() -> None:
        conn = None
        while todo and time.perf_counter() < end:
            path = todo.pop()
            if conn is None:
                try:
                    conn = await asyncio.open_connection("127.0.0.1", port)
                except OSError:
                    statuses[0] += 1
                    continue
            status, secs = await _get(port, path, timeout=max(1.0, end - time.perf_counter()),
                                      conn=conn)
            if status == 0:
                conn[1].close()
                conn = None
            statuses[status] += 1
            lat.append(secs)
            kind = re.sub(r"/(\d+|[A-Z]{3})$", "/{id}", path.split("?")[0])
            by_kind.setdefault(kind, []).append(secs)
        if conn is not None:
            conn[1].close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - t0
    lat.sort()
    answered = sum(statuses.values())
    errors = len(paths) - sum(n for s, n in statuses.items() if 200 <= s < 300)

    def pct(xs: list[float], q: float) -> float:
        xs = sorted(xs)
        return 1e3 * xs[min(len(xs) - 1, int(len(xs) * q))] if xs else float("nan")

    return {"requests": len(paths), "answered": answered, "clients": clients,
            "wall_s": wall, "p50_ms": pct(lat, 0.5), "p99_ms": pct(lat, 0.99),
            "max_ms": 1e3 * lat[-1] if lat else float("nan"),
            "errors": errors, "error_rate": errors / len(paths),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "by_endpoint": {k: {"n": len(v), "p50_ms": pct(v, 0.5), "p99_ms": pct(v, 0.99)}
                            for k, v in sorted(by_kind.items())}}


async def idle_connections(port: int, n: int, watch_s: float = 30.0) -> dict[str, Any]:
    """(c) ``n`` idle connections; a normal request meanwhile; how long they are held."""
    socks: list[socket.socket] = []
    failed = 0
    for _ in range(n):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        except OSError:
            failed += 1
            s.close()
            continue
        socks.append(s)
    await asyncio.sleep(0.5)  # (the server accepts them)
    t0 = time.perf_counter()
    status, secs = await _get(port, "/api/members?org=SCO&on=2020-01-01", timeout=30)
    open_socks = set(range(len(socks)))
    closed_at: list[float] = []
    while open_socks and time.perf_counter() - t0 < watch_s:
        for i in list(open_socks):
            try:
                data = socks[i].recv(1)
                if data == b"":
                    raise ConnectionResetError
            except BlockingIOError:
                continue
            except OSError:
                pass
            open_socks.discard(i)
            closed_at.append(time.perf_counter() - t0)
        await asyncio.sleep(0.25)
    for s in socks:
        s.close()
    return {"idle_connections": len(socks), "connect_failures": failed,
            "request_status": status, "request_ms": 1e3 * secs,
            "closed_by_server": len(closed_at), "still_open_after_s": watch_s
            if open_socks else None, "still_open": len(open_socks),
            "all_closed_after_s": max(closed_at) if closed_at and not open_socks else None}


def hostile(args: argparse.Namespace) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    db, big_id, note = build_big_kb(args.docs, args.shared)
    pool = paragraph_pool(args.shared)[0]
    workers = args.workers or (os.cpu_count() or 1)
    t_start = time.perf_counter()
    proc, port = start_server(db, workers)
    try:
        blocking = asyncio.run(big_page_blocking(port, big_id))
        print(f"  (a) large page {blocking['page_s']:.2f} s (status {blocking['page_status']}); "
              f"/api/health meanwhile: max {blocking['health_max_ms']:.0f} ms over "
              f"{blocking['health_requests']} requests", file=sys.stderr)
        load = asyncio.run(mixed_load(port, mixed_paths(pool, big_id, args.requests),
                                      args.clients))
        print(f"  (b) {load['requests']} requests, {args.clients} clients: p50 "
              f"{load['p50_ms']:.0f} ms, p99 {load['p99_ms']:.0f} ms, errors "
              f"{load['error_rate']:.1%} {load['statuses']}", file=sys.stderr)
        idle = asyncio.run(idle_connections(port, args.idle))
        print(f"  (c) {idle}", file=sys.stderr)
    finally:
        stop_server(proc)
    result = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "kb": note,
              "workers": workers, "cores": os.cpu_count(), "big_page": blocking,
              "mixed": load, "idle": idle, "wall_s": time.perf_counter() - t_start,
              "pythonpath": os.environ.get("PYTHONPATH")}
    print(json.dumps(result, indent=1))
    out = args.out if args.out != DEFAULT_OUT else HERE / "results" / "web-hostile.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--workers", type=int, default=0,
                    help="server worker processes (default: igokit serve's own default)")
    ap.add_argument("--duration", type=float, default=6.0, help="seconds per row")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    ap.add_argument("--only", nargs="*", default=None, metavar="ENDPOINT",
                    help="measure only these rows (e.g. members search)")
    ap.add_argument("--small", action="store_true", help="CI size (PASS/MISS mean nothing)")
    ap.add_argument("--hostile", action="store_true",
                    help="the hostile load test instead (see the module docstring)")
    ap.add_argument("--requests", type=int, default=2000, help="--hostile: requests")
    ap.add_argument("--idle", type=int, default=1500, help="--hostile: idle connections")
    args = ap.parse_args()
    if args.hostile:
        if "--docs" not in sys.argv:
            args.docs = 500
        if "--clients" not in sys.argv:
            args.clients = 200
        return hostile(args)
    if args.small:
        args.docs, args.clients, args.duration = 100, 10, 1.0
        args.only = args.only or list(SMALL_ROWS)
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    drive = run_wrk if use_wrk else run_python
    client = "wrk 2 threads" if use_wrk else "Python asyncio client, 2 processes (no wrk found)"
    cores = os.cpu_count() or 1

    db, note = build_kb(args.docs, args.shared)
    eps = endpoints(paragraph_pool(args.shared)[0], 20000 if not args.small else 500)
    if args.only:
        eps = {k: v for k, v in eps.items() if k in {"health", *args.only}}
    workers = args.workers or cores
    proc, port = start_server(db, workers)
    rows: list[dict[str, Any]] = []
    ceilings: list[float] = []
    try:
        for name, (paths, body, _) in eps.items():  # warm every worker: imports, hot rows
            if name in ("search", "search 1 client", "members cold"):
                paths = paths[-3:]  # (the end of the list: wrk starts at 0 and at the middle)
            for p in paths[:3] * (3 * workers):  # (new connections: any worker may take one)
                req = urllib.request.Request(f"http://127.0.0.1:{port}{p}", data=body,
                                             headers={"Content-Type": "application/json"})
                urllib.request.urlopen(req, timeout=60).read()
        for name, (paths, body, clients) in eps.items():
            if name == "health":
                continue
            ref = drive(port, eps["health"][0], args.clients, max(1.0, args.duration / 2))
            ceilings.append(ref["rps"])
            cpu0 = server_cpu(proc.pid)
            r = drive(port, paths, clients or args.clients, args.duration, body)
            srv = server_cpu(proc.pid) - cpu0
            r.update(endpoint=name, urls=len(paths), clients=clients or args.clients,
                     client_cpu_share=r["client_cpu_s"] / (r["wall_s"] * cores),
                     server_cpu_share=srv / (r["wall_s"] * cores), ceiling_rps=ref["rps"],
                     of_ceiling=r["rps"] / ref["rps"] if ref["rps"] else 0.0)
            rows.append(r)
            print(f"  {name}: {r['rps']:.0f} req/s, p99 {r['p99_ms']:.1f} ms "
                  f"(ceiling {ref['rps']:.0f} req/s)", file=sys.stderr)
    finally:
        stop_server(proc)
    ceiling = statistics.median(ceilings)
    rows.insert(0, {"endpoint": "health (ceiling)", "rps": ceiling, "of_ceiling": 1.0,
                    "p50_ms": float("nan"), "p99_ms": float("nan"), "errors": 0,
                    "client_cpu_share": float("nan"), "server_cpu_share": float("nan")})
    by = {r["endpoint"]: r for r in rows}
    print(f"\nIGOkit web app, {args.docs} documents ({note}); {workers} server workers, "
          f"{args.clients} clients, {args.duration:g} s per row; load: {client}; "
          f"{cores} cores ({platform.processor() or platform.machine()})\n")
    print(table(rows))
    if "members" not in by or "search" not in by:
        print(table(rows))
        return 0
    members_ratio = by["members"]["rps"] / 2000
    search_ratio = by["search"]["p99_ms"] / 100
    print(f"\nmembers at {by['members']['of_ceiling']:.2f} of the ceiling "
          f"({ceiling:.0f} req/s, /api/health, interleaved)")
    print(f"RATIO members req/s / 2000: {members_ratio:.2f} (target >= 1) "
          f"{'PASS' if members_ratio >= 1 else 'MISS'}")
    print(f"RATIO search p99 / 100 ms: {search_ratio:.2f} (target <= 1) "
          f"{'PASS' if search_ratio <= 1 else 'MISS'}")
    if "search 1 client" in by:
        print(f"(search alone, one client: p99 {by['search 1 client']['p99_ms']:.1f} ms — the "
              f"time of a search itself, without the queue of {args.clients} clients)")
    if any(r["errors"] for r in rows):
        errors = [ln for ln in server_log().splitlines() if "Error" in ln or " 5" in ln]
        print("errors: " + ("; ".join(errors[-5:]) or "socket errors (see wrk)"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "docs": args.docs,
        "kb": note, "workers": workers, "clients": args.clients, "duration_s": args.duration,
        "load_generator": client, "cores": cores, "small": args.small,
        "ceiling_rps": ceiling, "rows": rows,
        "ratios": {"members_rps_over_2000": members_ratio, "search_p99_over_100ms": search_ratio},
    }, indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
