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
import stat
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


def iter_files(paths: Iterable[str | Path], recursive: bool = False,
               errors: list[tuple[str, str]] | None = None) -> Iterator[Path]:
    """The wanted files under ``paths`` (folders one level deep, or all levels). A folder that
    cannot be listed or searched is appended to ``errors`` as ``(shown path, message)``."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, recursive, errors)
        else:
            yield path


def _walk(folder: Path, recursive: bool, errors: list[tuple[str, str]] | None
          ) -> Iterator[Path]:
    """The wanted files under ``folder`` in the order of ``sorted(folder.rglob("*"))`` (path
    parts compared in turn), listed one folder at a time: a huge tree is never held at once."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        if entries:  # listed is not searched: a folder without the x bit lists but opens nothing
            os.stat(entries[0].path, follow_symlinks=False)
    except OSError as exc:
        if errors is not None:
            why = exc.strerror or str(exc)
            if _listable(folder):
                why = f"not searchable ({why})"
            errors.append((shown(folder), f"cannot open folder: {why}"))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = recursive and entry.is_dir(follow_symlinks=False)
            # a FIFO or a device with a document's name is yielded too: reading refuses it at
            # once ("not a regular file") and the summary names it, rather than skipping it
            is_file = not is_dir and _wanted(path) and not entry.is_dir()
        except OSError:  # vanished meanwhile, or a broken link: tried, and reported, as a file
            is_dir, is_file = False, _wanted(path)
        if is_file:
            yield path
        elif is_dir:
            yield from _walk(path, recursive, errors)


def _listable(folder: Path) -> bool:
    """Whether ``folder`` can be listed (so an error came from searching it)."""
    try:
        os.listdir(folder)
        return True
    except OSError:
        return False


def _wanted(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.endswith(".meta.yaml"):
        return False
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def shown(path: str | Path) -> str:
    """``path`` as text that can be printed and stored: a name that is not valid UTF-8 (read
    with the file system's surrogate escapes) shows its odd bytes as ``\\xNN``."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")


def _safe(value: Any) -> Any:
    """``value`` (a document's fields) with every string made storable (:func:`shown`)."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, dict):
        return {_safe(k): _safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_safe(v) for v in value]
    return value


class NotRegularFileError(OSError):
    """A path that is a device, a FIFO, a socket or a folder: never read (it could block or
    never end)."""


def open_regular(path: str | Path) -> int:
    """A read-only descriptor on ``path`` if it is a regular file (checked on the open
    descriptor, so what is hashed and read is what was checked). Opened without blocking: a
    FIFO with no writer does not hang here."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                    else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                    else "a socket" if stat.S_ISSOCK(mode) else "special")
            raise NotRegularFileError(f"not a regular file ({kind}); not read")
        return fd
    except BaseException:
        os.close(fd)
        raise


def _hash_fd(fd: int) -> str:
    h = hashlib.sha256()
    with os.fdopen(fd, "rb", closefd=False) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_file(path: str | Path) -> str:
    """The SHA-256 of a regular file's bytes (``NotRegularFileError`` for anything else)."""
    fd = open_regular(path)
    try:
        return _hash_fd(fd)
    finally:
        os.close(fd)


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
    """Why a file could not be ingested, as the summary shows it (the path made printable)."""

    message: str


def _prepare_job(job: tuple[str, dict[str, Any]]) -> PreparedDocument | _Failed:
    path, options = job
    assert _WORKER_LINKER is not None
    try:
        doc = read_document(path, **options)
        extraction = extract_text(doc.text, _WORKER_LINKER, document=doc).to_dict()
        extraction["document"] = _safe(extraction["document"])  # a name that is not UTF-8
        return prepare_document(extraction)
    except Exception as exc:  # reported, the run goes on
        return _Failed(_message(exc))


def _message(exc: BaseException) -> str:
    if isinstance(exc, ReadError):
        return shown(exc.reason)
    if isinstance(exc, TimeoutError):
        return f"{exc} (raise the time budget with --timeout-per-file)"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot open: {exc.strerror}"
    return shown(f"{type(exc).__name__}: {exc}")


#: Files a worker is sent at a time (it holds at most twice as many).
_BATCH_FILES = 4

#: The time budget per file (seconds) when none is given.
DEFAULT_TIMEOUT = 120.0


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
           batch_chars: int = 16_000_000, batch_seconds: float = 1.0,
           timeout: float | None = DEFAULT_TIMEOUT) -> IngestReport:
    """Ingest every file under ``paths``; ``progress(path, outcome, size)`` after each one.

    ``outcome`` is ``added`` (once its batch is committed), ``skipped`` (the same content is
    stored already, by an earlier run, another process or earlier in this one) or ``failed``.
    Only regular files are read; a folder that cannot be listed or searched is a failure too.
    ``timeout``: seconds a file may take to read and extract (``None`` or 0: no limit); with
    one, files are read in a worker process that is stopped past it, even with ``workers=1``.
    Paths in the report are :func:`shown` (printable, storable) forms.
    """
    run = _Run(kb, workers, max_bytes, progress, (batch_docs, batch_chars, batch_seconds))
    prepare_storage(kb.conn)  # an older database is brought up to date first
    options: dict[str, Any] = {"max_bytes": max_bytes}
    if date:
        options["date"] = date
    names = kb.name_entries()
    pooled = workers > 1 or bool(timeout)
    if pooled and multiprocessing.get_start_method() == "fork":
        _init_worker(names)  # once, here: the forked workers inherit the loaded models
    jobs = ((path_str, options) for path_str in run.todo(paths, recursive))
    for (path_str, _), result in map_unordered(_prepare_job, jobs, workers,
                                               initializer=_init_worker, initargs=(names,),
                                               timeout=timeout or None, batch=_BATCH_FILES):
        run.take(path_str, result if isinstance(result, PreparedDocument | _Failed)
                 else _Failed(_message(result)))
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
        self.sizes: dict[str, int] = {}

    def note(self, path: str | Path, outcome: str, size: int) -> None:
        if self.progress:
            self.progress(Path(shown(path)), outcome, size)

    def fail(self, path: str | Path, message: str) -> None:
        self.report.failed.append((shown(path), message))
        self.note(path, "failed", self.sizes.pop(str(path), 0))

    def todo(self, paths: Iterable[str | Path], recursive: bool) -> Iterator[str]:
        """The files to extract; the others (stored already, not regular files, unreadable
        folders) are reported on the way."""
        folders: list[tuple[str, str]] = []
        for path in iter_files(paths, recursive, folders):
            for folder, message in folders:
                self.report.failed.append((folder, message))
                self.note(folder, "failed", 0)
            folders.clear()
            try:
                fd = open_regular(path)
                try:
                    size = os.fstat(fd).st_size
                    known = (size <= self.max_bytes
                             and has_document(self.conn, _hash_fd(fd)) is not None)
                finally:
                    os.close(fd)
            except OSError as exc:
                self.fail(path, str(exc) if isinstance(exc, NotRegularFileError)
                          else f"cannot open: {exc.strerror or exc}")
                continue
            if known:
                self.report.skipped.append(shown(path))
                self.note(path, "skipped", size)
                continue
            self.sizes[str(path)] = size
            yield str(path)
        for folder, message in folders:  # the last ones (no file after them)
            self.report.failed.append((folder, message))
            self.note(folder, "failed", 0)

    def take(self, path_str: str, result: PreparedDocument | _Failed) -> None:
        if isinstance(result, _Failed):
            self.fail(path_str, result.message)
            return
        self.batch.add(result, path_str, self.sizes.pop(path_str, 0))
        docs, chars, seconds = self.limits
        if (len(self.batch.docs) >= docs or self.batch.chars >= chars
                or time.monotonic() - self.batch.opened >= seconds):
            self.commit()

    def commit(self) -> None:
        """Store the open batch in one transaction, then report its files as the database
        took them: added, or found there already (the same content stored by another process
        meanwhile, or earlier in this batch) — checked inside the writing transaction."""
        done, self.batch = self.batch, _Batch()
        if not done.docs:
            return
        stored = store_prepared(self.conn, done.docs)
        for (path_str, size), doc, (_, added) in zip(done.files, done.docs, stored, strict=True):
            if added:
                self.report.added.append(shown(path_str))
                self.report.words += doc.n_words
                self.report.bytes += size
            else:
                self.report.skipped.append(shown(path_str))
            self.note(path_str, "added" if added else "skipped", size)


def default_workers() -> int:
    return min(4, os.cpu_count() or 1)
