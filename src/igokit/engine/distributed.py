"""Process a corpus too big for one machine on Dask: partitions of files in, Parquet tables out.

The client lists the input files, cuts them into partitions of ``partition_size`` files (in path
order) and submits one task per partition to a Dask cluster: a ``LocalCluster`` of worker
processes on this machine by default, or the scheduler at ``scheduler`` (``tcp://host:8786``) for a
real cluster. Each task (:func:`igokit.engine.partition_job.process_partition`) reads, extracts,
codes and checks its files and writes one Parquet file per table (:mod:`igokit.kb.parquet_schema`).

Idempotent and resumable: each partition's manifest records a fingerprint of its files (path,
size, modification time) and of the settings (pipeline, codebook, claim rules, knowledge-base
version); a partition whose manifest matches is skipped, so an interrupted job continues where it
stopped and a second run does nothing. At most a few tasks per worker are in flight, so millions
of files never sit in the scheduler at once. Dask rather than a hand-written scheduler: it brings
the cluster (remote workers, retries, a lost worker's tasks rerun elsewhere) for free.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.engine.partition_job import (
    FileStat,
    PartitionResult,
    PartitionSpec,
    process_partition,
    read_manifest,
)
from igokit.errors import InputError


@dataclass(slots=True)
class ProcessReport:
    """What a run did: partitions written or skipped, documents, failures, time."""

    out: str
    partitions: int = 0
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed_partitions: list[tuple[str, str]] = field(default_factory=list)  # (name, error)
    failed_files: list[tuple[str, str]] = field(default_factory=list)  # (path, error)
    documents: int = 0
    words: int = 0
    bytes: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    workers: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the workers' CPU time on the partitions written

    def to_dict(self) -> dict[str, Any]:
        return {"out": self.out, "partitions": self.partitions, "written": self.written,
                "skipped": self.skipped,
                "failed_partitions": [{"partition": p, "error": e}
                                      for p, e in self.failed_partitions],
                "failed_files": [{"path": p, "error": e} for p, e in self.failed_files],
                "documents": self.documents, "words": self.words, "bytes": self.bytes,
                "rows": self.rows, "workers": self.workers, "seconds": round(self.seconds, 3),
                "cpu_seconds": round(self.cpu_seconds, 3)}

    def _add(self, result: PartitionResult) -> None:
        (self.skipped if result.skipped else self.written).append(result.name)
        if result.skipped:
            return
        self.documents += result.documents
        self.words += result.words
        self.bytes += result.bytes
        self.cpu_seconds += result.cpu_seconds
        self.failed_files += result.failed
        for table, n in result.rows.items():
            self.rows[table] = self.rows.get(table, 0) + n


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: to the scheduler at ``scheduler``, else to a new LocalCluster
    of ``workers`` single-threaded worker processes (the work holds the GIL: processes, not
    threads, give the parallelism)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, timeout="30s") as client:
            yield client
        return
    n = workers or default_workers()
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def settings_fingerprint(kb_path: str, read_options: dict[str, Any], codes: bool,
                         claims: bool) -> dict[str, Any]:
    """Everything besides the files that decides a partition's contents."""
    from igokit.kb.parquet_schema import LAYOUT_VERSION
    from igokit.kb.read_only import connect_read_only
    from igokit.kb.store import built_stamp
    from igokit.text.pipeline import PIPELINE_VERSION

    conn = connect_read_only(kb_path)
    try:
        stamp = built_stamp(conn)
    finally:
        conn.close()
    out: dict[str, Any] = {"layout": LAYOUT_VERSION, "pipeline": PIPELINE_VERSION,
                           "kb": stamp, "read": read_options, "codes": None, "claims": None}
    if codes:
        from igokit.analysis.codebook import load_codebook

        out["codes"] = load_codebook().id
    if claims:
        from igokit.analysis.claims.lexicon import RULES_VERSION

        out["claims"] = RULES_VERSION
    return out


def plan_partitions(files: Iterable[str | Path], out: Path, kb_path: str, *,
                    partition_size: int, settings: dict[str, Any],
                    read_options: dict[str, Any], codes: bool, claims: bool
                    ) -> tuple[list[PartitionSpec], list[tuple[str, str]]]:
    """Cut the files (path order) into partitions; files that cannot be opened are returned
    as failures. Each spec carries the fingerprint of its files and the settings."""
    if partition_size < 1:
        raise InputError("--partition-size must be at least 1")
    stats: list[FileStat] = []
    failed: list[tuple[str, str]] = []
    for raw in sorted({str(Path(f).resolve()) for f in files}):
        try:
            st = os.stat(raw)
        except OSError as exc:
            failed.append((raw, f"cannot open: {exc.strerror or exc}"))
            continue
        stats.append((raw, st.st_size, st.st_mtime_ns))
    base = json.dumps(settings, sort_keys=True, default=str)
    specs = []
    for index, start in enumerate(range(0, len(stats), partition_size)):
        from igokit.kb.parquet_schema import partition_name

        chunk = stats[start:start + partition_size]
        digest = hashlib.sha256(base.encode())
        for path, size, mtime in chunk:
            digest.update(f"\0{path}\0{size}\0{mtime}".encode())
        specs.append(PartitionSpec(partition_name(index), chunk, str(out), kb_path,
                                   digest.hexdigest(), read_options, codes, claims))
    return specs, failed


def finished_manifest(spec: PartitionSpec) -> dict[str, Any] | None:
    """The manifest of a partition already done: same fingerprint, every table file there (the
    manifest is written last, after the tables). None: the partition is to be (re)done."""
    from igokit.kb.parquet_schema import TABLES, table_file

    manifest = read_manifest(Path(spec.out), spec.name)
    if manifest is None or manifest.get("fingerprint") != spec.fingerprint:
        return None
    if not all(table_file(Path(spec.out), t, spec.name).is_file() for t in TABLES):
        return None
    return manifest


def _remove_stale(out: Path, keep: set[str]) -> list[str]:
    """Partitions of an earlier run beyond this run's plan (the corpus shrank): removed, so a
    reader of the folder sees this corpus only."""
    from igokit.kb.parquet_schema import MANIFESTS, TABLES, manifest_file, table_file

    stale = sorted(p.stem for p in (out / MANIFESTS).glob("part-*.json") if p.stem not in keep)
    for name in stale:
        for table in TABLES:
            table_file(out, table, name).unlink(missing_ok=True)
        manifest_file(out, name).unlink(missing_ok=True)
    return stale


def _write_dataset_file(out: Path, settings: dict[str, Any], partitions: int) -> None:
    from igokit.kb.parquet_schema import DATASET_FILE, LAYOUT_VERSION, TABLES

    data = {"layout": LAYOUT_VERSION, "tables": list(TABLES), "partitions": partitions,
            "settings": settings}
    tmp = out / f".{DATASET_FILE}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str),
                   encoding="utf-8")
    os.replace(tmp, out / DATASET_FILE)


def _build_knowledge_base(kb_file: str) -> None:
    """Build (or refresh) the knowledge base here, once, before the workers open it read-only."""
    import sqlite3

    from igokit.kb.store import connect

    try:
        connect(kb_file).close()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{kb_file} is not an IGOkit knowledge base: {exc}") from exc


def process_corpus(
    files: Iterable[str | Path], out: str | Path, *, kb_path: str | Path,
    scheduler: str | None = None, workers: int | None = None, partition_size: int = 500,
    date: str | None = None, max_bytes: int = 200_000_000, codes: bool = True,
    claims: bool = True, client: Any = None,
    progress: Callable[[PartitionResult, int], None] | None = None,
) -> ProcessReport:
    """Process ``files`` into Parquet partitions under ``out`` on a Dask cluster.

    ``kb_path``: a built knowledge base every worker can read (shared storage on a real
    cluster). ``client``: an existing ``distributed.Client`` (else one is made from
    ``scheduler``/``workers`` and closed at the end). ``progress(result, total)`` is called on
    the client after each partition (written or skipped).
    """
    started = time.perf_counter()
    out_dir = Path(out).expanduser().resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir} is a file; process writes a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    kb_file = str(Path(kb_path).expanduser().resolve())
    _build_knowledge_base(kb_file)
    read_options: dict[str, Any] = {"max_bytes": max_bytes}
    if date:
        read_options["date"] = date
    settings = settings_fingerprint(kb_file, read_options, codes, claims)
    specs, unreadable = plan_partitions(files, out_dir, kb_file, partition_size=partition_size,
                                        settings=settings, read_options=read_options,
                                        codes=codes, claims=claims)
    report = ProcessReport(str(out_dir), partitions=len(specs), failed_files=list(unreadable))
    _remove_stale(out_dir, {s.name for s in specs})
    _write_dataset_file(out_dir, settings, len(specs))
    todo = []
    for spec in specs:
        manifest = finished_manifest(spec)
        if manifest is not None:
            skipped = PartitionResult(spec.name, skipped=True)
            report._add(skipped)
            report.failed_files += [(f["path"], f["error"]) for f in manifest.get("failed", [])]
            if progress:
                progress(skipped, len(specs))
        else:
            todo.append(spec)
    if todo:
        if client is not None:
            _run(client, todo, report, len(specs), progress)
        else:
            with dask_client(scheduler, workers) as own:
                _run(own, todo, report, len(specs), progress)
    report.seconds = time.perf_counter() - started
    return report


def _run(client: Any, todo: list[PartitionSpec], report: ProcessReport, total: int,
         progress: Callable[[PartitionResult, int], None] | None) -> None:
    """Submit the partitions with a bounded number in flight; collect results as they end."""
    from distributed import as_completed

    report.workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
    window = 2 * report.workers + 2
    source = iter(todo)
    names: dict[str, str] = {}
    run_id = uuid.uuid4().hex[:12]

    def submit(spec: PartitionSpec) -> Any:
        # a key of its own per run: a result kept from another run is never taken for this one
        fut = client.submit(process_partition, spec, key=f"igokit-{spec.name}-{run_id}",
                            retries=1, pure=False)
        names[fut.key] = spec.name
        return fut

    first = [submit(s) for _, s in zip(range(window), source, strict=False)]
    pending = as_completed(first)
    for fut in pending:
        name = names.pop(fut.key)
        try:
            result: PartitionResult = fut.result()
        except Exception as exc:  # a whole task failed (twice): reported; the job goes on
            report.failed_partitions.append((name, f"{type(exc).__name__}: {exc}"))
            result = PartitionResult(name)
            if progress:
                progress(result, total)
        else:
            report._add(result)
            if progress:
                progress(result, total)
        fut.release()
        nxt = next(source, None)
        if nxt is not None:
            pending.add(submit(nxt))
