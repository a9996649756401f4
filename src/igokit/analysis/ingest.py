"""Ingest files into the knowledge base: read, extract, store — resumable and idempotent.

Files stream through: each is hashed (SHA-256 of its bytes) and skipped if already stored, before
any extraction work; the rest go to the worker processes, at most ``2 * workers`` at a time. A
worker reads, extracts and prepares a document for storage (normalized keys, compressed
extraction: :func:`igokit.kb.documents.prepare_document`), so the main process only inserts.
Finished documents are committed in batches (at most ``batch_docs`` documents, ``batch_chars``
characters or ``batch_seconds`` seconds each), one transaction per batch: a crash or Ctrl-C loses
at most the open batch, and a rerun redoes it and skips the rest. Memory stays bounded by these
limits whatever the size of the corpus. A bad file is reported and skipped; it never stops the
run.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.analysis.extraction import linker_from_names
from igokit.engine.local import map_unordered
from igokit.errors import ReadError
from igokit.kb.documents import (
    PreparedDocument,
    has_document,
    prepare_document,
    prepare_storage,
    store_prepared,
)
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.text.linking import EntityLinker
from igokit.text.names import NameEntry
from igokit.text.pipeline import extract_text
from igokit.text.readers import SUPPORTED_SUFFIXES, read_document

_WORKER_LINKER: EntityLinker | None = None


@dataclass(slots=True)
class IngestReport:
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already ingested (same content)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    words: int = 0
    bytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "skipped": self.skipped,
                "failed": [{"path": p, "error": e} for p, e in self.failed],
                "words": self.words, "bytes": self.bytes}


def iter_files(paths: Iterable[str | Path], recursive: bool = False) -> Iterator[Path]:
    """The readable files under ``paths`` (folders one level deep, or all levels)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, recursive)
        else:
            yield path


def _walk(folder: Path, recursive: bool) -> Iterator[Path]:
    """The wanted files under ``folder`` in the order of ``sorted(folder.rglob("*"))`` (path
    parts compared in turn), listed one folder at a time: a huge tree is never held at once."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    for p in entries:
        if p.is_file() and _wanted(p):
            yield p
        elif recursive and p.is_dir() and not p.is_symlink():
            yield from _walk(p, recursive)


def _wanted(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.endswith(".meta.yaml"):
        return False
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _init_worker(names: list[NameEntry]) -> None:
    if _WORKER_LINKER is None or names != _WORKER_LINKER_NAMES:
        _warm_up(names)


_WORKER_LINKER_NAMES: list[NameEntry] | None = None

#: A few words of each language: extracting them loads the language models, the morphology
#: dictionaries and the normalized-key rules.
_WARM_UP = "Казахстан и Китай подписали договор. Қазақстан мен Қытай. Kazakhstan and China, 2024."


def _warm_up(names: list[NameEntry]) -> None:
    """Build the linker and load every model once. Done in the main process before the worker
    pool starts, forked workers (Linux) inherit it all instead of each paying ~1.5 s of CPU."""
    global _WORKER_LINKER, _WORKER_LINKER_NAMES
    _WORKER_LINKER, _WORKER_LINKER_NAMES = linker_from_names(names), names
    extraction = extract_text(_WARM_UP, _WORKER_LINKER).to_dict()
    extraction["document"]["sha256"] = ""
    prepare_document(extraction)


@dataclass(slots=True)
class _Failed:
    """Why a file could not be ingested, as text: an exception does not always survive being
    sent back from a worker (``ReadError`` takes two arguments, pickle gives it one)."""

    message: str


def _prepare_job(job: tuple[str, dict[str, Any]]) -> PreparedDocument | _Failed:
    path, options = job
    assert _WORKER_LINKER is not None
    try:
        doc = read_document(path, **options)
        return prepare_document(extract_text(doc.text, _WORKER_LINKER, document=doc).to_dict())
    except Exception as exc:  # reported, the run goes on
        return _Failed(str(exc) if isinstance(exc, ReadError) else
                       f"{type(exc).__name__}: {exc}")


#: Files per task of a worker pool (and bytes, for large files).
_CHUNK_FILES = 8
_CHUNK_BYTES = 4_000_000


def _prepare_chunk(jobs: list[tuple[str, dict[str, Any]]]) -> list[PreparedDocument | _Failed]:
    return [_prepare_job(job) for job in jobs]


@dataclass(slots=True)
class _Batch:
    """Prepared documents waiting for their transaction."""

    docs: list[PreparedDocument] = field(default_factory=list)
    files: list[tuple[str, int]] = field(default_factory=list)  # (path, size) of each
    chars: int = 0
    opened: float = 0.0

    def add(self, doc: PreparedDocument, path: str, size: int) -> None:
        if not self.docs:
            self.opened = time.monotonic()
        self.docs.append(doc)
        self.files.append((path, size))
        self.chars += len(doc.text)


def ingest(kb: KnowledgeBase, paths: Iterable[str | Path], *, recursive: bool = False,
           workers: int = 1, date: str | None = None, max_bytes: int = 200_000_000,
           progress: Callable[[Path, str, int], None] | None = None, batch_docs: int = 256,
           batch_chars: int = 16_000_000, batch_seconds: float = 1.0) -> IngestReport:
    """Ingest every file under ``paths``; ``progress(path, outcome, size)`` after each one.

    ``outcome`` is ``added`` (once its batch is committed), ``skipped`` or ``failed``.
    """
    run = _Run(kb, workers, max_bytes, progress, (batch_docs, batch_chars, batch_seconds))
    prepare_storage(kb.conn)  # an older database is brought up to date first
    options: dict[str, Any] = {"max_bytes": max_bytes}
    if date:
        options["date"] = date
    names = kb.name_entries()
    if workers > 1 and multiprocessing.get_start_method() == "fork":
        _init_worker(names)  # once, here: the forked workers inherit the loaded models
    for chunk, results in map_unordered(_prepare_chunk, run.chunks(paths, recursive, options),
                                        workers, initializer=_init_worker, initargs=(names,)):
        if isinstance(results, BaseException):  # the worker died: every file of its task fails
            results = [_Failed(f"{type(results).__name__}: {results}")] * len(chunk)
        for (path_str, _), result in zip(chunk, results, strict=True):
            run.take(path_str, result)
    run.commit()
    return run.report


class _Run:
    """One ingest: the files to do, the open batch, the report."""

    def __init__(self, kb: KnowledgeBase, workers: int, max_bytes: int,
                 progress: Callable[[Path, str, int], None] | None,
                 limits: tuple[int, int, float]) -> None:
        self.conn = kb.conn
        self.workers, self.max_bytes, self.progress, self.limits = (workers, max_bytes,
                                                                    progress, limits)
        self.report = IngestReport()
        self.batch = _Batch()

    def note(self, path: Path, outcome: str, size: int) -> None:
        if self.progress:
            self.progress(path, outcome, size)

    def todo(self, paths: Iterable[str | Path], recursive: bool) -> Iterator[tuple[str, int]]:
        """The files to extract and their sizes; the others are reported on the way."""
        for path in iter_files(paths, recursive):
            try:
                size = path.stat().st_size
                known = (size <= self.max_bytes
                         and has_document(self.conn, sha256_file(path)) is not None)
            except OSError as exc:
                self.report.failed.append((str(path), f"cannot open: {exc.strerror or exc}"))
                self.note(path, "failed", 0)
                continue
            if known:
                self.report.skipped.append(str(path))
                self.note(path, "skipped", size)
                continue
            yield str(path), size

    def chunks(self, paths: Iterable[str | Path], recursive: bool, options: dict[str, Any]
               ) -> Iterator[list[tuple[str, dict[str, Any]]]]:
        """The files to extract, a few per task for a pool (each task costs the main process
        about a millisecond of queueing, as much as storing a document), one without."""
        chunk: list[tuple[str, dict[str, Any]]] = []
        size = 0
        for path_str, file_size in self.todo(paths, recursive):
            chunk.append((path_str, options))
            size += file_size
            if self.workers <= 1 or len(chunk) >= _CHUNK_FILES or size >= _CHUNK_BYTES:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk

    def take(self, path_str: str, result: PreparedDocument | _Failed) -> None:
        try:
            size = Path(path_str).stat().st_size
        except OSError:
            size = 0
        if isinstance(result, _Failed):
            self.report.failed.append((path_str, result.message))
            self.note(Path(path_str), "failed", size)
            return
        self.batch.add(result, path_str, size)
        docs, chars, seconds = self.limits
        if (len(self.batch.docs) >= docs or self.batch.chars >= chars
                or time.monotonic() - self.batch.opened >= seconds):
            self.commit()

    def commit(self) -> None:
        """Store the open batch in one transaction, then report its files."""
        done, self.batch = self.batch, _Batch()
        if not done.docs:
            return
        stored = store_prepared(self.conn, done.docs)
        for (path_str, size), doc, (_, added) in zip(done.files, done.docs, stored, strict=True):
            if added:
                self.report.added.append(path_str)
                self.report.words += doc.n_words
                self.report.bytes += size
            else:  # the same content twice in this run
                self.report.skipped.append(path_str)
            self.note(Path(path_str), "added" if added else "skipped", size)


def default_workers() -> int:
    return min(4, os.cpu_count() or 1)
